//! newsboat-style `urls` files: one feed URL a line, optional tags after it
//! (`https://example.org/rss "news" tech`), `#` comments. Lets people move
//! from newsboat in one step and lets benchmarks drive both readers alike.

use std::collections::HashSet;

use url::Url;

use super::settings::FeedSettings;

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{file}:{line}: {message}")]
pub struct UrlsError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Parse a urls file's text into feeds named after their URLs.
pub fn parse(text: &str, file: &str) -> Result<Vec<FeedSettings>, UrlsError> {
    let mut feeds = Vec::new();
    let mut names = HashSet::new();
    for (idx, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = split_words(line).into_iter();
        let Some(first) = words.next() else { continue };
        let url = Url::parse(&first).map_err(|e| UrlsError {
            file: file.to_string(),
            line: idx + 1,
            message: format!("\"{first}\" is not a URL ({e})"),
        })?;
        if !matches!(url.scheme(), "http" | "https" | "file") {
            return Err(UrlsError {
                file: file.to_string(),
                line: idx + 1,
                message: format!(
                    "\"{first}\": only http, https and file URLs are supported (newsboat's exec:/filter:/query: lines are not)"
                ),
            });
        }
        let tags = words
            .filter(|t| !t.starts_with('~') && !t.starts_with('!'))
            .collect();
        let mut name = name_for(&url);
        let base = name.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{base} ({n})");
            n += 1;
        }
        let mut feed = FeedSettings::new(name, url);
        feed.tags = tags;
        feeds.push(feed);
    }
    Ok(feeds)
}

/// A readable name: host plus path, without the scheme.
fn name_for(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    let path = url.path().trim_end_matches('/');
    format!("{host}{path}")
}

/// Split on whitespace, keeping "double quoted" words together.
fn split_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls_tags_and_comments() {
        let text = "# my feeds\nhttps://a.kz/rss \"Жаңалықтар\" kz\n\nhttp://b.ru/feed.xml\n";
        let feeds = parse(text, "urls").unwrap();
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].name, "a.kz/rss");
        assert_eq!(
            feeds[0].tags,
            vec!["Жаңалықтар".to_string(), "kz".to_string()]
        );
        assert_eq!(feeds[1].url.as_str(), "http://b.ru/feed.xml");
    }

    #[test]
    fn duplicate_names_get_a_suffix() {
        let feeds = parse("https://a.kz/rss\nhttp://a.kz/rss\n", "urls").unwrap();
        assert_eq!(feeds[1].name, "a.kz/rss (2)");
    }

    #[test]
    fn bad_line_names_file_and_line() {
        let err = parse("https://ok.kz/\nexec:~/bin/x\n", "my-urls").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.to_string().starts_with("my-urls:2:"), "{err}");
        assert!(err.message.contains("exec:"), "{err}");
    }
}

//! OPML 1.0/2.0 subscription lists: reading (for `keruen import`) and
//! writing (for `keruen export`). Folders (nested outlines) and the
//! `category` attribute map to tags and back: a feed is written inside the
//! folder of its first tag, with all its tags in `category`.

use std::collections::BTreeMap;

use quick_xml::XmlVersion;
use quick_xml::escape::{escape, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event};
use url::Url;

use crate::config::settings::FeedSettings;
use crate::domain::SourceKind;
use crate::sanitize;

/// A feed found in an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    /// title, else text, else the URL's host.
    pub title: String,
    pub url: String,
    /// Folder names from the outermost in, then the `category` entries.
    pub tags: Vec<String>,
}

/// What an OPML file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opml {
    pub title: Option<String>,
    pub feeds: Vec<OpmlFeed>,
    /// Outlines that were left out, and why ("Name: not an http(s) URL").
    pub skipped: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    #[error("not an OPML file: {0}")]
    Xml(String),
    #[error("not an OPML file: the root element is <{0}>, expected <opml>")]
    NotOpml(String),
}

/// Parse an OPML document.
pub fn parse(text: &str) -> Result<Opml, OpmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out = Opml::default();
    // One entry per open <outline>: the folder name it adds, if any.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut seen_root = false;
    // The head's title while it is read (text and entity references).
    let mut title: Option<String> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            OpmlError::Xml(format!(
                "{} at byte {}",
                sanitize::line_capped(&e.to_string(), 200),
                reader.error_position()
            ))
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if !seen_root => {
                let name = e.local_name().as_ref().to_string();
                if !name.eq_ignore_ascii_case("opml") {
                    return Err(OpmlError::NotOpml(sanitize::line_capped(&name, 40)));
                }
                seen_root = true;
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "outline" => {
                    let folder = outline(&e, &folders, &mut out);
                    folders.push(folder);
                }
                "title" if folders.is_empty() => title = Some(String::new()),
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "outline" => {
                outline(&e, &folders, &mut out);
            }
            Event::Text(t) if title.is_some() => {
                title
                    .get_or_insert_default()
                    .push_str(&t.xml_content(XmlVersion::Implicit1_0));
            }
            Event::GeneralRef(r) if title.is_some() => {
                let name = r.to_string();
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => resolve_predefined_entity(&name).map(str::to_string),
                };
                title
                    .get_or_insert_default()
                    .push_str(&c.unwrap_or_else(|| format!("&{name};")));
            }
            Event::End(e) => match e.local_name().as_ref() {
                "outline" => {
                    folders.pop();
                }
                "title" => {
                    let text = title.take().unwrap_or_default();
                    let text = sanitize::line_capped(&text, 300);
                    out.title = out.title.take().or(Some(text).filter(|t| !t.is_empty()));
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err(OpmlError::Xml("the document is empty".into()));
    }
    Ok(out)
}

/// Reads one outline: a feed is recorded; a folder's name is returned.
fn outline(e: &BytesStart<'_>, folders: &[Option<String>], out: &mut Opml) -> Option<String> {
    let mut attrs: BTreeMap<String, String> = BTreeMap::new();
    for a in e.attributes().flatten() {
        let key = a.key.local_name().as_ref().to_ascii_lowercase();
        if let Ok(v) = a.normalized_value(XmlVersion::Implicit1_0) {
            attrs.insert(key, v.into_owned());
        }
    }
    let label = ["title", "text"]
        .iter()
        .filter_map(|k| attrs.get(*k))
        .map(|t| sanitize::line_capped(t, sanitize::MAX_NAME))
        .find(|t| !t.is_empty());
    let Some(url) = attrs.get("xmlurl").map(|u| u.trim().to_string()) else {
        return label;
    };
    let parsed = Url::parse(&url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
    let Some(parsed) = parsed else {
        out.skipped.push(format!(
            "{}: {:?} is not an http(s) URL",
            label.as_deref().unwrap_or("(untitled)"),
            sanitize::line_capped(&url, 200)
        ));
        return None;
    };
    let mut tags: Vec<String> = folders.iter().flatten().cloned().collect();
    if let Some(categories) = attrs.get("category") {
        for segment in categories.split([',', '/']) {
            tags.push(sanitize::line_capped(segment, sanitize::MAX_NAME));
        }
    }
    let mut unique: Vec<String> = Vec::new();
    for t in tags {
        if !t.is_empty() && !unique.iter().any(|u| u.eq_ignore_ascii_case(&t)) {
            unique.push(t);
        }
    }
    out.feeds.push(OpmlFeed {
        title: label.unwrap_or_else(|| parsed.host_str().unwrap_or_default().to_string()),
        url: parsed.to_string(),
        tags: unique,
    });
    None
}

/// What `write` produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    /// Feeds other readers cannot use (exec:, json mappings, html selectors).
    pub skipped: Vec<String>,
}

/// OPML 2.0 for `feeds`. Only kind = "feed" sources are written: a mapping
/// or a command means nothing to another reader.
pub fn write(title: &str, feeds: &[FeedSettings]) -> Written {
    let mut skipped = Vec::new();
    // Folder (first tag) → feeds, in config order; untagged feeds first.
    let mut loose = Vec::new();
    let mut folders: Vec<(String, Vec<&FeedSettings>)> = Vec::new();
    for f in feeds {
        if f.kind != SourceKind::Feed {
            skipped.push(format!("{} (kind \"{}\")", f.name, f.kind.as_str()));
            continue;
        }
        match f.tags.first() {
            None => loose.push(f),
            Some(tag) => match folders.iter_mut().find(|(t, _)| t == tag) {
                Some((_, list)) => list.push(f),
                None => folders.push((tag.clone(), vec![f])),
            },
        }
    }
    let mut text =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    text.push_str(&format!(
        "  <head>\n    <title>{}</title>\n  </head>\n  <body>\n",
        xml_text(title)
    ));
    for f in loose {
        text.push_str(&feed_outline(f, "    "));
    }
    for (tag, list) in folders {
        let tag = xml_text(&tag);
        text.push_str(&format!("    <outline text=\"{tag}\" title=\"{tag}\">\n"));
        for f in list {
            text.push_str(&feed_outline(f, "      "));
        }
        text.push_str("    </outline>\n");
    }
    text.push_str("  </body>\n</opml>\n");
    Written { text, skipped }
}

/// Config text into OPML: controls and escape sequences dropped (they are
/// not allowed in XML 1.0, and the file is often printed to a terminal),
/// then XML-escaped.
fn xml_text(s: &str) -> String {
    escape(crate::sanitize::line(s).as_str()).into_owned()
}

fn feed_outline(f: &FeedSettings, indent: &str) -> String {
    let name = xml_text(&f.name);
    let url = xml_text(f.url.as_str());
    let category = if f.tags.is_empty() {
        String::new()
    } else {
        format!(" category=\"{}\"", xml_text(&f.tags.join(",")))
    };
    format!(
        "{indent}<outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{url}\"{category}/>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_categories_become_tags() {
        let doc = r#"<?xml version="1.0"?>
<opml version="1.0"><head><title>My &amp; feeds</title></head><body>
  <outline text="Қазақстан">
    <outline text="News">
      <outline type="rss" text="Inform" xmlUrl="https://www.inform.kz/rss" category="/kz/ru,politics"/>
    </outline>
    <outline type="rss" title="Tengri" text="t" xmlUrl="https://tengrinews.kz/rss/"></outline>
  </outline>
  <outline type="rss" xmlUrl="https://blog.example.org/atom.xml"/>
  <outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/>
</body></opml>"#;
        let o = parse(doc).unwrap();
        assert_eq!(o.title.as_deref(), Some("My & feeds"));
        assert_eq!(o.feeds.len(), 3);
        assert_eq!(o.feeds[0].title, "Inform");
        assert_eq!(
            o.feeds[0].tags,
            ["Қазақстан", "News", "kz", "ru", "politics"]
        );
        assert_eq!(o.feeds[1].title, "Tengri");
        assert_eq!(o.feeds[1].tags, ["Қазақстан"]);
        assert_eq!(o.feeds[2].title, "blog.example.org");
        assert!(o.feeds[2].tags.is_empty());
        assert_eq!(o.skipped.len(), 1);
        assert!(o.skipped[0].starts_with("Bad:"), "{:?}", o.skipped);
    }

    #[test]
    fn not_opml_is_an_error() {
        let e = parse("<rss version=\"2.0\"/>").unwrap_err();
        assert_eq!(
            e.to_string(),
            "not an OPML file: the root element is <rss>, expected <opml>"
        );
        assert!(parse("<opml><body><outline").is_err());
    }
}

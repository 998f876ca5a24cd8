//! Article → reader lines. Converting HTML to wrapped text is the most
//! expensive thing the UI does, so `update` does it once per article and
//! width and keeps the lines; `render` only slices them.

use crate::domain::Article;

use super::format::{full_date, signals_text, wrap};

/// What a reader line is, so the UI can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Meta,
    /// The article's own URL.
    Link,
    Body,
    /// "[1]: https://…" link footnotes after the body.
    Footnote,
    Blank,
}

/// Inline emphasis inside a body line, from the article's HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emphasis {
    Strong,
    Em,
    Code,
    Link,
}

/// A styled run within a line: `text[start..end]` (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub emphasis: Emphasis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderLine {
    pub kind: LineKind,
    /// The line's text, already stripped of control characters.
    pub text: String,
    /// Styled runs in `text`, in order and not overlapping.
    pub runs: Vec<Run>,
}

impl ReaderLine {
    fn new(kind: LineKind, text: impl Into<String>) -> ReaderLine {
        ReaderLine {
            kind,
            text: text.into(),
            runs: Vec::new(),
        }
    }
}

/// html2text refuses widths this small; narrower panes just cut lines.
const MIN_WRAP: usize = 16;

/// The full reader text of `article` wrapped to `width` columns: title,
/// meta line, URL, then the body (content, else the summary) with links
/// numbered as footnotes.
pub fn article_lines(article: &Article, width: usize) -> Vec<ReaderLine> {
    let width = width.max(MIN_WRAP);
    let s = &article.summary;
    let mut out: Vec<ReaderLine> = wrap(&clean(&s.title), width)
        .into_iter()
        .map(|l| ReaderLine::new(LineKind::Title, l))
        .collect();

    let mut meta = vec![clean(&s.feed_name)];
    meta.extend(s.author.as_deref().map(clean));
    meta.extend(s.category.as_deref().map(clean));
    meta.push(full_date(s.date()));
    let signals = signals_text(&s.signals);
    if !signals.is_empty() {
        meta.push(signals);
    }
    meta.retain(|m| !m.is_empty());
    out.extend(
        wrap(&meta.join(" · "), width)
            .into_iter()
            .map(|l| ReaderLine::new(LineKind::Meta, l)),
    );
    if let Some(link) = s.link.as_deref() {
        out.extend(
            wrap(&clean(link), width)
                .into_iter()
                .map(|l| ReaderLine::new(LineKind::Link, l)),
        );
    }
    out.push(ReaderLine::new(LineKind::Blank, ""));

    let body = article
        .content
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .or(article
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty()));
    match body {
        None => out.push(ReaderLine::new(
            LineKind::Body,
            "(no text in the feed; press o to open the page)",
        )),
        Some(html) => out.extend(body_lines(html, width)),
    }
    while out.last().is_some_and(|l| l.kind == LineKind::Blank) {
        out.pop();
    }
    out
}

fn body_lines(html: &str, width: usize) -> Vec<ReaderLine> {
    let html = crate::sanitize::text(&decode_control_refs(html));
    let rendered = html2text::config::rich()
        .link_footnotes(true)
        .lines_from_read(html.as_bytes(), width);
    let raw_lines: Vec<ReaderLine> = match rendered {
        Ok(lines) => lines.iter().map(styled_line).collect(),
        // html2text only fails on pathological input; show the text plainly.
        Err(_) => wrap(&clean(&html), width)
            .into_iter()
            .map(|l| ReaderLine::new(LineKind::Body, l))
            .collect(),
    };
    let mut lines: Vec<ReaderLine> = Vec::new();
    let mut in_footnotes = false;
    for mut line in raw_lines {
        let trimmed = line.text.trim_end().len();
        line.text.truncate(trimmed);
        line.runs.retain(|r| r.start < trimmed);
        for r in &mut line.runs {
            r.end = r.end.min(trimmed);
        }
        if is_footnote(&line.text) {
            in_footnotes = true;
        }
        line.kind = if line.text.is_empty() {
            LineKind::Blank
        } else if in_footnotes {
            line.runs.clear();
            LineKind::Footnote
        } else {
            LineKind::Body
        };
        // Collapse runs of blank lines: feeds are full of empty paragraphs.
        if line.kind == LineKind::Blank && lines.last().is_none_or(|l| l.kind == LineKind::Blank) {
            continue;
        }
        lines.push(line);
    }
    lines
}

/// One html2text line → text plus emphasis runs; every piece is cleaned.
fn styled_line(
    line: &html2text::render::TaggedLine<Vec<html2text::render::RichAnnotation>>,
) -> ReaderLine {
    use html2text::render::RichAnnotation as R;
    let mut out = ReaderLine::new(LineKind::Body, String::new());
    for piece in line.tagged_strings() {
        let text = clean(&piece.s);
        if text.is_empty() {
            continue;
        }
        // The innermost annotation that we style wins.
        let emphasis = piece.tag.iter().rev().find_map(|a| match a {
            R::Link(_) => Some(Emphasis::Link),
            R::Strong => Some(Emphasis::Strong),
            R::Emphasis => Some(Emphasis::Em),
            R::Code | R::Preformat(_) => Some(Emphasis::Code),
            _ => None,
        });
        let start = out.text.len();
        out.text.push_str(&text);
        if let Some(emphasis) = emphasis {
            match out.runs.last_mut() {
                Some(last) if last.end == start && last.emphasis == emphasis => {
                    last.end = out.text.len();
                }
                _ => out.runs.push(Run {
                    start,
                    end: out.text.len(),
                    emphasis,
                }),
            }
        }
    }
    out
}

/// Numeric character references that spell a forbidden character
/// (`&#27;`, `&#x7;`, `&#x202E;`) are decoded before the HTML is sanitised,
/// so the sanitiser sees the escape sequences they form and removes them
/// whole. Left to html2text, they would be decoded there, only the control
/// characters dropped, and an OSC payload shown as junk text. References
/// to 0x80–0x9F stay: HTML maps them to Windows-1252 printable characters.
fn decode_control_refs(html: &str) -> std::borrow::Cow<'_, str> {
    static REFS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let refs = REFS.get_or_init(|| {
        regex::Regex::new(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")
            .expect("a valid constant regex")
    });
    refs.replace_all(html, |caps: &regex::Captures<'_>| {
        let code = match (caps.get(1), caps.get(2)) {
            (Some(hex), _) => u32::from_str_radix(hex.as_str(), 16).ok(),
            (None, Some(dec)) => dec.as_str().parse().ok(),
            (None, None) => None,
        };
        match code.and_then(char::from_u32) {
            Some(c) if crate::sanitize::is_forbidden(c) && !('\u{80}'..='\u{9F}').contains(&c) => {
                c.to_string()
            }
            _ => caps[0].to_string(),
        }
    })
}

/// "[12]: …" as html2text writes link footnotes.
fn is_footnote(line: &str) -> bool {
    line.strip_prefix('[')
        .and_then(|r| r.split_once("]: "))
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Text from the store is sanitised, but html2text passes link URLs through
/// untouched (and entity-decoded text can hold anything), so strip every
/// control character and the bidi controls again before it reaches a cell.
/// Whole escape sequences go first: an entity-encoded `&#27;]0;…&#7;` in a
/// feed's HTML would otherwise leave its payload behind as visible junk.
pub fn clean(s: &str) -> String {
    crate::sanitize::text(s)
        .chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if c.is_control() => None,
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ArticleId, ArticleSummary, FeedId, Signals};
    use chrono::{TimeZone, Utc};

    fn article(content: &str) -> Article {
        Article {
            summary: ArticleSummary {
                id: ArticleId(1),
                feed_id: FeedId(1),
                feed_name: "Tengri".into(),
                title: "Қазақстанда жаңа мектептер ашылды".into(),
                link: Some("https://example.kz/a\u{1b}]52;c;evil\u{7}".into()),
                author: Some("Асель".into()),
                category: None,
                published: Some(Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap()),
                first_seen: Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap(),
                signals: Signals {
                    views: Some(12_345),
                    ..Signals::default()
                },
                read: false,
                starred: false,
            },
            key: "k".into(),
            updated: None,
            description: None,
            content: Some(content.into()),
        }
    }

    #[test]
    fn html_becomes_wrapped_lines_with_footnotes() {
        let a = article(
            "<p>Бүгін <a href=\"https://example.kz/x\u{1b}[31m\u{202e}\">жаңа</a> мектептер ашылды.</p>\
             <p>Second paragraph with enough words to need wrapping at thirty columns.</p>",
        );
        let lines = article_lines(&a, 30);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(lines[0].kind, LineKind::Title);
        assert!(
            texts.iter().any(|t| t.contains("12.3k views")),
            "{texts:#?}"
        );
        assert!(
            lines
                .iter()
                .all(|l| unicode_width::UnicodeWidthStr::width(l.text.as_str()) <= 30),
            "{texts:#?}"
        );
        let foot: Vec<_> = lines
            .iter()
            .filter(|l| l.kind == LineKind::Footnote)
            .collect();
        assert_eq!(foot.len(), 1, "{texts:#?}");
        let link_line = lines.iter().find(|l| l.text.contains("жаңа[1]")).unwrap();
        let run = link_line.runs[0];
        assert_eq!(run.emphasis, Emphasis::Link);
        assert_eq!(&link_line.text[run.start..run.end], "жаңа");
        assert!(
            foot[0].text.starts_with("[1]: https://example.kz/x"),
            "{:?}",
            foot[0].text
        );
        for l in &lines {
            assert!(
                !l.text.chars().any(|c| c.is_control() || c == '\u{202e}'),
                "{:?}",
                l.text
            );
        }
    }

    #[test]
    fn no_body_gives_a_hint_and_tiny_width_does_not_fail() {
        let mut a = article("");
        a.content = None;
        let lines = article_lines(&a, 1);
        assert!(lines.last().unwrap().text.contains("no text"));
    }

    #[test]
    fn entity_encoded_escapes_in_html_leave_no_payload() {
        let mut a = article("");
        a.content = Some(
            "<p>before &#27;]0;pwned&#7; after <a href=\"https://x.example/&#27;]52;c;aGFjaw==&#7;\">l</a></p>"
                .into(),
        );
        let text: String = article_lines(&a, 60)
            .iter()
            .map(|l| l.text.clone())
            .collect();
        assert!(text.contains("before") && text.contains("after"), "{text}");
        assert!(
            !text.contains("pwned") && !text.contains("aGFjaw"),
            "{text}"
        );
        assert!(!text.chars().any(char::is_control), "{text:?}");
    }
}

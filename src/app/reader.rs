//! Article → reader lines. Converting HTML to wrapped text is the most
//! expensive thing the reader does, so a runtime worker does it
//! (`Effect::RenderBody` → `body_lines`) once per article and width; `update`
//! keeps the lines and puts the cheap parts (title, meta, related stories)
//! around them; `render` only slices them.

use chrono::{DateTime, Utc};
use unicode_width::UnicodeWidthStr;

use crate::domain::{Article, ArticleSummary};
use crate::i18n::{FluentValue, Lang, ids};

use super::format::{full_date, relative_date, signals_text, wrap};

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
    /// The "Related stories" heading after the text.
    RelatedHeading,
    /// "Looking for related stories…" / "No related stories".
    RelatedStatus,
    /// The title of related story `i` (`ReaderState::related[i]`).
    Related(usize),
    /// Feed and date of related story `i`.
    RelatedMeta(usize),
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
    /// On footnote lines: where the URL starts in `text` and the full
    /// target (a URL wrapped over several lines links each piece to it).
    /// Only set for URLs safe to emit as an OSC 8 hyperlink.
    pub link: Option<LineLink>,
}

/// An article's body as converted by `body_lines` for one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedBody {
    pub width: u16,
    pub lines: Vec<ReaderLine>,
}

/// A hyperlink on a reader line: `text[start..]` links to `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineLink {
    pub start: usize,
    /// Printable ASCII only (see `osc8_target`).
    pub url: String,
}

impl ReaderLine {
    pub(crate) fn new(kind: LineKind, text: impl Into<String>) -> ReaderLine {
        ReaderLine {
            kind,
            text: text.into(),
            runs: Vec::new(),
            link: None,
        }
    }
}

/// html2text refuses widths this small; narrower panes just cut lines.
const MIN_WRAP: usize = 16;

/// The full reader text of `article` wrapped to `width` columns: title,
/// meta line, URL, then the body (content, else the summary) with links
/// numbered as footnotes. Converts the body here: for the CLI, which has no
/// UI thread to keep free (the reader asks a worker, see `Effect::RenderBody`).
pub fn article_lines(article: &Article, width: usize, words: &ReaderWords) -> Vec<ReaderLine> {
    let body = article_body(article).map(|html| body_lines(html, width));
    article_lines_with(article, body.as_deref(), width, words)
}

/// The HTML the reader shows for `article`: its content, else its summary;
/// `None` when it has neither (the reader then says to open the page).
pub fn article_body(article: &Article) -> Option<&str> {
    article
        .content
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .or(article
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty()))
}

/// As `article_lines`, with the body already converted (`body_lines`);
/// `None` while it is being converted: one line says so.
fn article_lines_with(
    article: &Article,
    body: Option<&[ReaderLine]>,
    width: usize,
    words: &ReaderWords,
) -> Vec<ReaderLine> {
    let width = width.max(MIN_WRAP);
    let s = &article.summary;
    let mut out: Vec<ReaderLine> = wrap(&clean(&s.title), width)
        .into_iter()
        .map(|l| ReaderLine::new(LineKind::Title, l))
        .collect();

    let mut meta = vec![clean(&s.feed_name)];
    meta.extend(s.author.as_deref().map(clean));
    meta.extend(s.category.as_deref().map(clean));
    meta.push(full_date(words.lang, s.date()));
    let signals = signals_text(words.lang, &s.signals);
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
    out.extend(media_lines(article, width, words));
    out.push(ReaderLine::new(LineKind::Blank, ""));

    match (article_body(article), body) {
        (None, _) => out.push(ReaderLine::new(
            LineKind::Body,
            words.lang.t(
                ids::NO_TEXT_IN_FEED,
                &[("key", FluentValue::from(words.open_key.clone()))],
            ),
        )),
        (Some(_), None) => out.push(ReaderLine::new(
            LineKind::Meta,
            words.lang.s(ids::PREPARING_TEXT),
        )),
        (Some(_), Some(lines)) => out.extend(lines.iter().cloned()),
    }
    while out.last().is_some_and(|l| l.kind == LineKind::Blank) {
        out.pop();
    }
    out
}

/// What the reader lists after an article's text: `items[..reports]` are
/// the other reports of its own story (the same event from other feeds),
/// the rest its related stories.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    pub items: &'a [ArticleSummary],
    pub reports: usize,
}

/// The article's lines followed by its "Related stories" section: what the
/// reader shows. `body` is the converted body (`None` while a worker
/// converts it); `related` is `None` while they are still being looked for.
/// `now` dates the related stories ("3h ago"), `words` names the keys that
/// pick and open them ("] [ pick · enter open").
pub fn reader_lines(
    article: &Article,
    body: Option<&[ReaderLine]>,
    related: Option<Listed<'_>>,
    width: usize,
    now: DateTime<Utc>,
    words: &ReaderWords,
) -> Vec<ReaderLine> {
    let mut lines = article_lines_with(article, body, width, words);
    lines.extend(related_lines(related, width, now, words));
    lines
}

/// "Related stories" as on a news site's "similar news" list: per story a
/// numbered title, then "feed · date". While they are being looked for
/// (`None`), and when nothing is similar enough (empty), the section says
/// which of the two it is: an empty list alone cannot tell them apart.
/// Before it, when other feeds carry the article's own story, a section
/// of those reports in the same form (picked and opened like the others).
pub fn related_lines(
    listed: Option<Listed<'_>>,
    width: usize,
    now: DateTime<Utc>,
    words: &ReaderWords,
) -> Vec<ReaderLine> {
    let width = width.max(MIN_WRAP);
    let reports = listed.map_or(0, |l| l.reports.min(l.items.len()));
    let mut out = Vec::new();
    if let Some(listed) = listed.filter(|_| reports > 0) {
        out.push(ReaderLine::new(LineKind::Blank, ""));
        out.push(ReaderLine::new(
            LineKind::RelatedHeading,
            heading(words.lang.s(ids::SAME_STORY), words, width),
        ));
        out.extend(listed_items(&listed.items[..reports], 0, width, now, words));
    }
    let related = listed.map(|l| &l.items[reports..]);
    out.extend(similar_lines(related, reports, width, now, words));
    out
}

/// The "Related stories" section; its entries are `first..` of the list.
fn similar_lines(
    related: Option<&[ArticleSummary]>,
    first: usize,
    width: usize,
    now: DateTime<Utc>,
    words: &ReaderWords,
) -> Vec<ReaderLine> {
    let status = match related {
        None => Some(ids::RELATED_LOADING),
        Some([]) => Some(ids::NO_RELATED),
        Some(_) => None,
    };
    if let Some(id) = status {
        let mut out = vec![
            ReaderLine::new(LineKind::Blank, ""),
            ReaderLine::new(LineKind::RelatedHeading, words.lang.s(ids::SIMILAR_NEWS)),
        ];
        for part in wrap(&words.lang.s(id), width) {
            out.push(ReaderLine::new(LineKind::RelatedStatus, part));
        }
        return out;
    }
    let related = related.unwrap_or_default();
    let title = words.lang.s(ids::SIMILAR_NEWS);
    // The keys are named on the first heading of the list only.
    let title = if first == 0 {
        heading(title, words, width)
    } else {
        title
    };
    let mut out = vec![
        ReaderLine::new(LineKind::Blank, ""),
        ReaderLine::new(LineKind::RelatedHeading, title),
    ];
    out.extend(listed_items(related, first, width, now, words));
    out
}

/// A heading with the keys that pick and open the list's entries named
/// right there, where the user needs them, when they fit.
fn heading(title: String, words: &ReaderWords, width: usize) -> String {
    let keys = &words.related_keys;
    let with_keys = format!("{title}  ( {} )", clean(keys));
    if !keys.is_empty() && with_keys.width() <= width {
        with_keys
    } else {
        title
    }
}

/// Numbered entries (title, then "feed · date"), list positions `first..`.
fn listed_items(
    items: &[ArticleSummary],
    first: usize,
    width: usize,
    now: DateTime<Utc>,
    words: &ReaderWords,
) -> Vec<ReaderLine> {
    let mut out = Vec::new();
    // Numbers line up: " 1. " … "10. ", and wrapped title lines indent.
    let num_w = items.len().to_string().len();
    let indent = " ".repeat(num_w + 2);
    for (k, a) in items.iter().enumerate() {
        let i = first + k;
        let title_w = width.saturating_sub(indent.len()).max(1);
        for (n, part) in wrap(&clean(&a.title), title_w).into_iter().enumerate() {
            let text = if n == 0 {
                format!("{:>num_w$}. {part}", k + 1)
            } else {
                format!("{indent}{part}")
            };
            out.push(ReaderLine::new(LineKind::Related(i), text));
        }
        let mut meta = vec![clean(&a.feed_name), ago(words.lang, a.date(), now)];
        meta.retain(|m| !m.is_empty());
        for part in wrap(&meta.join(" · "), title_w) {
            out.push(ReaderLine::new(
                LineKind::RelatedMeta(i),
                format!("{indent}{part}"),
            ));
        }
    }
    out
}

/// "3h ago" / "3 сағат бұрын" for recent dates, the date itself for older ones.
fn ago(lang: Lang, date: DateTime<Utc>, now: DateTime<Utc>) -> String {
    crate::i18n::time::ago_long(lang, date, now).unwrap_or_else(|| relative_date(lang, date, now))
}

/// The words the reader's text needs: its language and the keys it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderWords {
    pub lang: Lang,
    /// "] [ pick · enter open" after the related stories' heading.
    pub related_keys: String,
    /// The key that opens the page, for an article without text.
    pub open_key: String,
    /// The keys that download and play an enclosure, for the media list.
    pub download_key: String,
    pub play_key: String,
}

impl Default for ReaderWords {
    fn default() -> Self {
        ReaderWords {
            lang: Lang::En,
            related_keys: String::new(),
            open_key: "o".to_string(),
            download_key: "d".to_string(),
            play_key: "p".to_string(),
        }
    }
}

/// An article's HTML body as reader lines wrapped to `width` columns:
/// only body text (nesting bounded, see `html_text`), emphasis kept, links
/// numbered as footnotes. The costly step of opening an article (a big
/// document takes a good part of a second), so the runtime runs it on a
/// worker (`Effect::RenderBody`); pure, so `update`'s tests run it too.
pub fn body_lines(html: &str, width: usize) -> Vec<ReaderLine> {
    let width = width.max(MIN_WRAP);
    let html = crate::sanitize::text(&decode_control_refs(html));
    // Only body text, with nesting bounded (see `html_text`).
    let rendered = crate::html_text::rich_lines(&html, width);
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
    link_footnotes(&mut lines);
    lines
}

/// Give each footnote line its target: "[1]: " starts one, and lines after
/// it that don't start another continue its URL (html2text wraps long ones).
fn link_footnotes(lines: &mut [ReaderLine]) {
    let mut i = 0;
    while i < lines.len() {
        let Some(start) =
            footnote_url_start(&lines[i].text).filter(|_| lines[i].kind == LineKind::Footnote)
        else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < lines.len()
            && lines[end].kind == LineKind::Footnote
            && footnote_url_start(&lines[end].text).is_none()
        {
            end += 1;
        }
        let mut url = lines[i].text[start..].to_string();
        for l in &lines[i + 1..end] {
            url.push_str(l.text.trim());
        }
        if let Some(url) = osc8_target(&url) {
            for (k, l) in lines[i..end].iter_mut().enumerate() {
                let start = if k == 0 { start } else { 0 };
                l.link = Some(LineLink {
                    start,
                    url: url.clone(),
                });
            }
        }
        i = end;
    }
}

/// Byte offset of the URL in "[12]: https://…".
fn footnote_url_start(line: &str) -> Option<usize> {
    if !is_footnote(line) {
        return None;
    }
    line.find("]: ").map(|p| p + 3)
}

/// The URL as it may go into an OSC 8 sequence, or `None` when it should
/// not be linked: only web and mail links (no `file:` or custom schemes a
/// click would hand to some program), at most 2000 bytes (terminals cut
/// longer ones), every byte printable ASCII — anything else is
/// percent-encoded, so no byte can end the escape sequence early.
pub fn osc8_target(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = ["http://", "https://", "ftp://", "mailto:"];
    if !allowed.iter().any(|s| lower.starts_with(s)) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for b in url.trim().bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    (out.len() <= 2000).then_some(out)
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

/// The reader's media list, between the article's link and its text: a
/// heading naming the keys, then per enclosure its numbered line and URL.
fn media_lines(article: &Article, width: usize, words: &ReaderWords) -> Vec<ReaderLine> {
    if article.enclosures.is_empty() {
        return Vec::new();
    }
    let lang = words.lang;
    let heading = lang.t(
        ids::READER_MEDIA,
        &[
            ("download", FluentValue::from(words.download_key.clone())),
            ("play", FluentValue::from(words.play_key.clone())),
        ],
    );
    // No blank line before: the header (title, meta, link, media) ends at
    // the first blank line, which `show` relies on.
    let mut out: Vec<ReaderLine> = Vec::new();
    out.extend(
        wrap(&heading, width)
            .into_iter()
            .map(|l| ReaderLine::new(LineKind::Meta, l)),
    );
    for (i, e) in article.enclosures.iter().enumerate() {
        let line = crate::media::words::enclosure_line(lang, i + 1, e);
        out.extend(
            wrap(&line, width)
                .into_iter()
                .map(|l| ReaderLine::new(LineKind::Meta, l)),
        );
        out.extend(
            wrap(&format!("    {}", e.url), width)
                .into_iter()
                .map(|l| ReaderLine::new(LineKind::Link, l)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 20,000-level list (a hostile document) lays out whole: nesting
    /// is capped in one linear pass (`html_text`), so the work is bounded
    /// by the text's length, not its depth. Its time is a benchmark's
    /// figure, not a test's (`cargo bench --bench bounds`).
    #[test]
    fn a_20k_level_nested_list_lays_out_every_item_within_the_indent_cap() {
        let levels = 20_000;
        let mut html = String::new();
        for i in 0..levels {
            html.push_str(&format!("<ul><li>item {i}"));
        }
        for _ in 0..levels {
            html.push_str("</li></ul>");
        }
        let lines = body_lines(&html, 100);
        let items = lines.iter().filter(|l| l.text.contains("item ")).count();
        assert_eq!(items, levels);
        assert!(lines.iter().any(|l| l.text.contains("item 19999")));
        // Indentation stops at the cap: the deepest item starts within a
        // bounded margin, far left of where 20,000 levels would put it.
        let deepest = lines.iter().find(|l| l.text.contains("item 19999"));
        let margin = deepest.map_or(usize::MAX, |l| l.text.find("item").unwrap_or(usize::MAX));
        assert!(
            margin <= 4 * crate::html_text::MAX_INDENT,
            "margin {margin}"
        );
    }
    use crate::domain::{ArticleId, ArticleSummary, FeedId, Signals};
    use chrono::{TimeZone, Utc};

    fn article(content: &str) -> Article {
        Article {
            summary: ArticleSummary {
                title_derived: false,
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
                media: None,
            },
            key: "k".into(),
            updated: None,
            description: None,
            content: Some(content.into()),
            enclosures: Vec::new(),
        }
    }

    #[test]
    fn html_becomes_wrapped_lines_with_footnotes() {
        let a = article(
            "<p>Бүгін <a href=\"https://example.kz/x\u{1b}[31m\u{202e}\">жаңа</a> мектептер ашылды.</p>\
             <p>Second paragraph with enough words to need wrapping at thirty columns.</p>",
        );
        let lines = article_lines(&a, 30, &ReaderWords::default());
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
    fn footnotes_carry_safe_link_targets_only() {
        let long = format!("https://example.kz/{}", "жол/".repeat(20));
        let a = article(&format!(
            "<p><a href=\"https://example.kz/x\">a</a> <a href=\"{long}\">b</a> \
             <a href=\"file:///etc/passwd\">c</a> <a href=\"javascript:alert(1)\">d</a></p>"
        ));
        let lines = article_lines(&a, 30, &ReaderWords::default());
        let links: Vec<&LineLink> = lines.iter().filter_map(|l| l.link.as_ref()).collect();
        assert_eq!(links[0].url, "https://example.kz/x");
        let first = lines.iter().find(|l| l.text.starts_with("[1]: ")).unwrap();
        assert_eq!(
            &first.text[first.link.as_ref().unwrap().start..],
            "https://example.kz/x"
        );
        // The long one wraps; every piece links to the whole, encoded URL.
        let long_lines: Vec<_> = lines
            .iter()
            .filter(|l| l.link.as_ref().is_some_and(|k| k.url.contains("%D0%B6")))
            .collect();
        assert!(long_lines.len() > 1, "{lines:#?}");
        assert!(
            long_lines[0]
                .link
                .as_ref()
                .unwrap()
                .url
                .starts_with("https://example.kz/%D0%B6")
        );
        assert!(
            links
                .iter()
                .all(|l| l.url.bytes().all(|b| b.is_ascii_graphic()))
        );
        // file: and javascript: footnotes are shown but not linked.
        let c = lines
            .iter()
            .find(|l| l.text.contains("file:///etc/passwd"))
            .unwrap();
        assert!(c.link.is_none());
        assert!(
            lines
                .iter()
                .filter(|l| l.text.contains("javascript:"))
                .all(|l| l.link.is_none())
        );
        assert_eq!(
            osc8_target("https://a.kz/\u{1b}x y"),
            Some("https://a.kz/%1Bx%20y".into())
        );
    }

    #[test]
    fn no_body_gives_a_hint_and_tiny_width_does_not_fail() {
        let mut a = article("");
        a.content = None;
        let lines = article_lines(&a, 1, &ReaderWords::default());
        assert!(lines.last().unwrap().text.contains("no text"));
    }

    #[test]
    fn entity_encoded_escapes_in_html_leave_no_payload() {
        let mut a = article("");
        a.content = Some(
            "<p>before &#27;]0;pwned&#7; after <a href=\"https://x.example/&#27;]52;c;aGFjaw==&#7;\">l</a></p>"
                .into(),
        );
        let text: String = article_lines(&a, 60, &ReaderWords::default())
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

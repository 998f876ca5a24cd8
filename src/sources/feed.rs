//! RSS 0.9x/1.0/2.0, Atom and JSON Feed through feed-rs, with stable ids,
//! extra namespaces and sanitising.
//!
//! Pipeline: bytes → [`encoding::decode`] (charset) → feed-rs → on failure
//! the [`lenient`] repairs → mapping to `NewArticle` (every text through
//! `crate::sanitize`) → signals from feed-rs's media:community plus the
//! [`extras`] pass for what feed-rs ignores.

use std::collections::HashMap;

use feed_rs::model::Feed;
use url::Url;

use super::feed_model::{RawEntry, RawFeed, RawLink, RawPerson, RawText};
use super::{ParseError, encoding, extras, feed_fast, lenient};
use crate::domain::{NewArticle, ParsedFeed, Signals};
use crate::sanitize;

/// Parse a feed document. `content_type` is the HTTP Content-Type (for its
/// charset); `base` is the feed URL, the base URI for relative links.
/// At most `max_items` items are kept.
pub fn parse(
    bytes: &[u8],
    content_type: Option<&str>,
    base: &Url,
    max_items: usize,
) -> Result<ParsedFeed, ParseError> {
    let decoded = encoding::decode(bytes, content_type);
    let mut parsed = parse_decoded(&decoded.text, base, max_items)?;
    // A document cut short: its last item is the one that was cut (its
    // link, date or text may end mid-way), and it goes; the store keeps
    // the rest from inventing articles (see `ParsedFeed::damaged`).
    if lenient::is_truncated(&decoded.text) {
        parsed.damaged = true;
        parsed.items.pop();
    }
    super::titles::fill_missing(&mut parsed);
    Ok(parsed)
}

fn parse_decoded(text: &str, base: &Url, max_items: usize) -> Result<ParsedFeed, ParseError> {
    // A known defect (no RSS version, Atom 0.3, CDF…) is repaired before
    // feed-rs sees the document: feed-rs would reject it or drop items.
    if let Some(fixed) = lenient::repair(text)
        && let Ok(feed) = parse_text(&fixed, base)
    {
        return Ok(map_feed(feed.into(), &fixed, None, base, max_items));
    }
    // The common case in one pass; feed-rs reads whatever it steps aside from.
    if let Some((feed, scanned)) = feed_fast::parse(text, base) {
        return Ok(map_feed(feed, text, Some(scanned), base, max_items));
    }
    let first_error = match parse_text(text, base) {
        Ok(feed) => return Ok(map_feed(feed.into(), text, None, base, max_items)),
        Err(e) => e,
    };
    // A page or an XML document that is no feed at all gets a clear error
    // rather than a repair attempt.
    if let Some(err) = lenient::not_a_feed(text, base) {
        return Err(err);
    }
    for repaired in lenient::repairs(text) {
        if let Ok(feed) = parse_text(&repaired, base) {
            return Ok(map_feed(feed.into(), &repaired, None, base, max_items));
        }
    }
    Err(ParseError::Malformed(sanitize::line_capped(
        &format!("could not read the feed: {first_error}"),
        sanitize::MAX_ERROR,
    )))
}

/// feed-rs with our id generator: it returns "" so that an entry's id is
/// non-empty only when the document really carried one (feed-rs would
/// otherwise invent a random UUID on each parse).
pub(super) fn parse_text(text: &str, base: &Url) -> Result<Feed, feed_rs::parser::ParseFeedError> {
    feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .id_generator(|_links, _title, _uri| String::new())
        // feed-rs's own reading, but hour 24 is the next day, not this one.
        .timestamp_parser(super::dates::parse)
        .sanitize_content(false)
        .build()
        .parse(text.as_bytes())
}

/// `scanned`: the extras when the reader already collected them in its own
/// pass (`feed_fast`); otherwise the extras pass runs here if needed.
pub(super) fn map_feed(
    feed: RawFeed,
    text: &str,
    scanned: Option<extras::Extras>,
    base: &Url,
    max_items: usize,
) -> ParsedFeed {
    // The second pass costs a full XML read: run it only when there may be
    // signals to find or the reader left a field empty that it could fill.
    // (The same test whether or not it already ran, so both readers agree.)
    let incomplete = feed.title.is_none()
        || feed.entries.iter().take(max_items).any(|e| {
            e.title.is_none()
                || e.links.is_empty()
                || (e.published.is_none() && e.updated.is_none())
        });
    let extras =
        if incomplete || extras::may_have_signals(text) || extras::may_have_enclosures(text) {
            scanned.unwrap_or_else(|| extras::scan(text))
        } else {
            extras::Extras::default()
        };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let items = feed
        .entries
        .into_iter()
        .take(max_items)
        .enumerate()
        .map(|(index, entry)| {
            let extra = extras.item(index, &entry.id);
            let more = extra.map(|e| e.signals).unwrap_or_default();
            let signals = entry.media_signals.merged_with(more);
            let mut article = map_entry(entry, base, extra);
            article.signals = signals;
            // Two items with the same key would overwrite each other in the
            // store; number the later ones (deterministic for the same bytes).
            let n = seen.entry(article.key.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                article.key = format!("{}#{}", article.key, n);
            }
            article
        })
        .collect();
    ParsedFeed {
        title: feed
            .title
            .as_ref()
            .map(|t| title_text(t, sanitize::MAX_TITLE))
            .filter(|t| !t.is_empty())
            .or_else(|| {
                extras
                    .feed_title
                    .as_deref()
                    .map(|t| sanitize::line_capped(t, sanitize::MAX_TITLE))
            })
            .filter(|t| !t.is_empty()),
        site_link: best_link(&feed.links, base),
        items,
        damaged: false,
    }
}

fn map_entry(entry: RawEntry, base: &Url, extra: Option<&extras::ItemExtras>) -> NewArticle {
    // Fallbacks for what the reader does not map: media:title, dc:title.
    let title = entry
        .title
        .as_ref()
        .or(entry.media_title.as_ref())
        .map(|t| title_text(t, sanitize::MAX_TITLE))
        .filter(|t| !t.is_empty())
        .or_else(|| {
            extra
                .and_then(|e| e.title.as_deref())
                .map(|t| sanitize::line_capped(t, sanitize::MAX_TITLE))
        })
        .unwrap_or_default();
    let link = best_link(&entry.links, base)
        .or_else(|| {
            extra
                .and_then(|e| e.link.as_deref())
                .and_then(|l| sanitize::url_in(Some(base), l))
        })
        .or_else(|| {
            extra
                .and_then(|e| e.permalink.as_deref())
                .and_then(|g| permalink_url(g, base))
        });
    let published = entry
        .published
        .or(entry.updated)
        .or_else(|| extra.and_then(|e| e.date));
    let summary = entry
        .summary
        .map(|t| sanitize::text_capped_owned(t, sanitize::MAX_SUMMARY))
        .filter(|s| !s.trim().is_empty());
    let content = entry
        .content
        .map(|b| sanitize::text_capped_owned(b, sanitize::MAX_CONTENT))
        .filter(|s| !s.trim().is_empty());
    let key = super::keys::article_key(
        Some(&sanitize::line(&entry.id)),
        link.as_deref(),
        base,
        &title,
        published,
        summary.as_deref(),
    );
    NewArticle {
        title_derived: false,
        key,
        title,
        link,
        author: author(&entry.authors),
        category: entry
            .categories
            .iter()
            .map(|c| {
                sanitize::line_capped(c.label.as_deref().unwrap_or(&c.term), sanitize::MAX_NAME)
            })
            .find(|c| !c.is_empty()),
        published,
        updated: entry.updated,
        summary,
        content,
        signals: Signals::default(),
        enclosures: extra
            .map(|e| super::enclosures::finish(&e.enclosures, e.episode_duration.as_deref(), base))
            .unwrap_or_default(),
    }
}

/// A title as one plain line: HTML titles (Atom type="html"/"xhtml") are
/// rendered to text so markup does not show as tags.
fn title_text(t: &RawText, max: usize) -> String {
    if t.html && (t.content.contains('<') || t.content.contains('&')) {
        // A wide width so a long title is not wrapped; `line` folds it anyway.
        // Bound the renderer's work: a title's markup beyond this is junk.
        let mut cut = t.content.len().min(max.saturating_mul(16));
        while !t.content.is_char_boundary(cut) {
            cut -= 1;
        }
        let plain = crate::html_text::plain_text(&t.content[..cut], 10_000)
            .unwrap_or_else(|_| t.content.clone());
        // Markup that renders to nothing (e.g. "&lt;!DOCTYPE") is shown raw.
        let plain = sanitize::line_capped(&plain, max);
        if plain.is_empty() {
            sanitize::line_capped(&t.content, max)
        } else {
            plain
        }
    } else {
        sanitize::line_capped(&t.content, max)
    }
}

/// A permalink guid as a link, resolved like one against the feed URL (the
/// one after redirects). A relative guid counts only when it has the shape
/// of a path or query ("/a/1", "news/1.html", "?p=12"): a bare token such as
/// "12345" is an opaque id written without `isPermaLink="false"`, and
/// resolving it would invent a page. Non-http(s) schemes (tag:, urn:) go.
fn permalink_url(guid: &str, base: &Url) -> Option<String> {
    let guid = guid.trim();
    let absolute = Url::parse(guid).is_ok();
    if !(absolute || guid.contains('/') || guid.starts_with('?')) {
        return None;
    }
    sanitize::url_in(Some(base), guid)
}

/// The alternate HTML link if there is one, else the first usable link;
/// resolved against `base`, http(s) only.
fn best_link(links: &[RawLink], base: &Url) -> Option<String> {
    // Only the article itself: rel absent or "alternate". Comments, license,
    // related and via links point elsewhere.
    let is_alternate = |l: &&RawLink| {
        !l.comments
            && l.rel
                .as_deref()
                .is_none_or(|r| r.trim().is_empty() || r.eq_ignore_ascii_case("alternate"))
    };
    let is_html = |l: &&RawLink| l.media_type.as_deref().is_none_or(|m| m.contains("html"));
    links
        .iter()
        .filter(is_alternate)
        .filter(is_html)
        .chain(links.iter().filter(is_alternate))
        .find_map(|l| sanitize::url_in(Some(base), &l.href))
}

fn author(authors: &[RawPerson]) -> Option<String> {
    let names: Vec<String> = authors
        .iter()
        .filter_map(|p| {
            let name = sanitize::line(p.name.as_deref().unwrap_or_default());
            let name = if name.is_empty() {
                sanitize::line(p.email.as_deref().unwrap_or_default())
            } else {
                name
            };
            (!name.is_empty()).then_some(name)
        })
        .collect();
    (!names.is_empty()).then(|| sanitize::cap(names.join(", "), sanitize::MAX_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://news.example/feed.xml").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn keys_are_stable_without_guids() {
        let doc = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>No id, no link</title><pubDate>Mon, 03 Apr 2023 01:02:03 GMT</pubDate></item>
            <item><title>Link only</title><link>/a/1</link></item>
            <item><description>bare</description></item>
            <item><description>bare</description></item>
            <item><guid>g-1</guid><title>guid</title></item>
        </channel></rss>"#;
        let a = parse(doc, None, &base(), 100).unwrap();
        let b = parse(doc, None, &base(), 100).unwrap();
        assert_eq!(a, b);
        let keys: Vec<&str> = a.items.iter().map(|i| i.key.as_str()).collect();
        assert!(keys[0].starts_with("sha256:"));
        assert_eq!(keys[1], "https://news.example/a/1");
        assert_eq!(keys[3], format!("{}#2", keys[2]));
        assert_eq!(keys[4], "g-1");
    }

    #[test]
    fn fields_are_mapped_and_sanitised() {
        let doc = "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>\
            <title>Feed\u{1B}]0;x\u{07}</title><link>https://news.example/</link>\
            <item><title>Hello \u{1B}[31mred\u{1B}[0m\n world\u{202E}</title>\
            <link>https://news.example/a</link><dc:creator>Ә. Author</dc:creator>\
            <category>Алматы</category><description>&lt;p&gt;body\u{07}&lt;/p&gt;</description>\
            </item></channel></rss>";
        let f = parse(doc.as_bytes(), None, &base(), 10).unwrap();
        assert_eq!(f.title.as_deref(), Some("Feed"));
        assert_eq!(f.site_link.as_deref(), Some("https://news.example/"));
        let a = &f.items[0];
        assert_eq!(a.title, "Hello red world");
        assert_eq!(a.author.as_deref(), Some("Ә. Author"));
        assert_eq!(a.category.as_deref(), Some("Алматы"));
        assert_eq!(a.summary.as_deref(), Some("<p>body</p>"));
        assert_eq!(a.key, "https://news.example/a");
    }

    #[test]
    fn max_items_is_applied() {
        let items: String = (0..20)
            .map(|i| format!("<item><guid>{i}</guid></item>"))
            .collect();
        let doc = format!("<rss version=\"2.0\"><channel>{items}</channel></rss>");
        assert_eq!(
            parse(doc.as_bytes(), None, &base(), 5).unwrap().items.len(),
            5
        );
    }

    #[test]
    fn cyrillic_legacy_encodings_read_correctly() {
        let src = "<?xml version=\"1.0\" encoding=\"ENC\"?><rss version=\"2.0\"><channel>\
            <title>Новости</title><item><title>Президент России</title></item></channel></rss>";
        for enc in [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R] {
            let doc = src.replace("ENC", enc.name());
            let (bytes, _, unmappable) = enc.encode(&doc);
            assert!(!unmappable);
            let f = parse(&bytes, None, &base(), 10).unwrap();
            assert_eq!(f.title.as_deref(), Some("Новости"), "{}", enc.name());
            assert_eq!(f.items[0].title, "Президент России");
            // The HTTP charset wins over a wrong declaration.
            let lying = src.replace("ENC", "utf-8");
            let (bytes, _, _) = enc.encode(&lying);
            let ct = format!("application/rss+xml; charset={}", enc.name());
            let f = parse(&bytes, Some(&ct), &base(), 10).unwrap();
            assert_eq!(f.items[0].title, "Президент России");
        }
    }

    #[test]
    fn html_title_is_rendered_to_text() {
        let doc = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
            <entry><id>1</id><title type="html">&lt;b&gt;Bold&lt;/b&gt; news</title></entry></feed>"#;
        let f = parse(doc, None, &base(), 10).unwrap();
        assert_eq!(f.items[0].title, "Bold news");
    }

    /// Fuzzer find: a second XML declaration naming another encoding, after
    /// quick-xml's sniffing prefix was read, made feed-rs switch decoders
    /// and quick-xml panic ("set_encoding() called after prefix buffer was
    /// drained"). The first byte of the fuzz input picks the Content-Type.
    #[test]
    fn late_xml_declaration_does_not_panic() {
        let doc = format!(
            "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
             <title>T</title>{}<entry><title>Ä</title></entry>\
             <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\
             <entry><title>Ә</title><id>e2</id></entry></feed>",
            " ".repeat(9000)
        );
        let parsed = parse(doc.as_bytes(), None, &base(), 100);
        // feed-rs may reject the stray declaration or skip it; either way
        // the UTF-8 text must not be re-decoded as Latin-1.
        if let Ok(p) = parsed {
            for item in &p.items {
                assert!(!item.title.contains('Ã'), "{:?}", item.title);
            }
        }

        let input = include_bytes!("../../tests/fixtures/fuzz/parse_feed_late_xml_decl.bin");
        let _ = parse(
            &input[1..],
            Some("application/rss+xml; charset=utf-8"),
            &base(),
            500,
        );
    }
}

//! Repairs for documents feed-rs rejects or misreads, mirroring what other
//! readers accept: `<rss>` without (or with an odd) version, RSS without a
//! `<channel>` or inside a namespace, RSS 0.90, RSS 1.0 items without a
//! `<link>`, Atom 0.3, non-standard Atom text-construct types, Microsoft CDF,
//! junk before the document, and truncated documents. Also the clear "not a
//! feed" errors for HTML pages and other XML.
//!
//! Repairs are textual and only fire on a detected defect, so a well-formed
//! feed is never rewritten.

use std::borrow::Cow;
use std::sync::OnceLock;

use quick_xml::Reader;
use quick_xml::events::Event;
use regex::Regex;
use url::Url;

use super::ParseError;

const RSS090_NS: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS10_NS: &str = "http://purl.org/rss/1.0/";
const ATOM03_NS: &str = "http://purl.org/atom/ns#";
const ATOM10_NS: &str = "http://www.w3.org/2005/Atom";

/// The first element of an XML document.
struct Root {
    /// Qualified name as written (`rss`, `r:rss`, `rdf:RDF`…).
    qname: String,
    /// Byte range of the start tag in the text.
    start: usize,
    end: usize,
    empty: bool,
    attrs: Vec<(String, String)>,
}

impl Root {
    fn local(&self) -> &str {
        self.qname.rsplit(':').next().unwrap_or(&self.qname)
    }
    fn prefix(&self) -> Option<&str> {
        self.qname.split_once(':').map(|(p, _)| p)
    }
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn root(text: &str) -> Option<Root> {
    let mut reader = Reader::from_str(text);
    loop {
        let before = usize::try_from(reader.buffer_position()).ok()?;
        let event = reader.read_event().ok()?;
        let after = usize::try_from(reader.buffer_position()).ok()?;
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::Eof => return None,
            _ => continue,
        };
        let attrs = e
            .attributes()
            .flatten()
            .map(|a| (a.key.0.to_owned(), a.value.into_owned()))
            .collect();
        // Text before the tag is its own event, so `before` is at '<'.
        let start = text
            .get(before..after)?
            .find('<')
            .map_or(before, |i| before + i);
        return Some(Root {
            qname: e.name().0.to_owned(),
            start,
            end: after,
            empty,
            attrs,
        });
    }
}

/// A clear error for a document that is no feed at all: an HTML page, XML
/// with another root, or nothing.
/// `base` resolves the feed link an HTML page advertises, for the hint.
pub fn not_a_feed(text: &str, base: &Url) -> Option<ParseError> {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if trimmed.is_empty() {
        return Some(ParseError::NotAFeed(
            "not a feed: the document is empty".into(),
        ));
    }
    if trimmed.starts_with('{') {
        return json_not_a_feed(trimmed);
    }
    let head: String = trimmed
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.contains("<!doctype html") || head.starts_with("<html") {
        return Some(html_page(trimmed, base));
    }
    let Some(root) = root(trimmed) else {
        return Some(ParseError::NotAFeed(
            "not a feed: the document has no elements".into(),
        ));
    };
    match root.local() {
        "rss" | "RDF" | "feed" | "entry" | "channel" | "CHANNEL" => None,
        l if l.eq_ignore_ascii_case("html") => Some(html_page(trimmed, base)),
        other => Some(ParseError::NotAFeed(format!(
            "not a feed: root element <{}>",
            crate::sanitize::line_capped(other, 64)
        ))),
    }
}

/// "got an HTML page", with the feed the page links to when it has one
/// (`<link rel="alternate" type="application/rss+xml" href=…>`).
fn html_page(html: &str, base: &Url) -> ParseError {
    match discover_feed(html, base) {
        Some(url) => ParseError::NotAFeed(format!(
            "not a feed: got an HTML page — did you mean {url} ?"
        )),
        None => ParseError::NotAFeed("not a feed: got an HTML page".into()),
    }
}

fn discover_feed(html: &str, base: &Url) -> Option<String> {
    static LINK: OnceLock<Regex> = OnceLock::new();
    static ATTR: OnceLock<Regex> = OnceLock::new();
    let link = re(&LINK, r"(?i)<link\b[^>]*>");
    let attr = re(
        &ATTR,
        r#"(?i)\b(rel|type|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#,
    );
    // Only the head matters, and a page can be large.
    let mut cut = html.len().min(256 * 1024);
    while !html.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &html[..cut];
    link.find_iter(head).find_map(|m| {
        let (mut rel, mut kind, mut href) = (String::new(), String::new(), None);
        for c in attr.captures_iter(m.as_str()) {
            let value = c
                .get(2)
                .or(c.get(3))
                .or(c.get(4))
                .map_or("", |v| v.as_str());
            match c[1].to_ascii_lowercase().as_str() {
                "rel" => rel = value.to_ascii_lowercase(),
                "type" => kind = value.to_ascii_lowercase(),
                _ => href = Some(value.to_owned()),
            }
        }
        let is_feed = ["rss+xml", "atom+xml", "feed+json", "rdf+xml"]
            .iter()
            .any(|t| kind.contains(t));
        (rel.split_whitespace().any(|r| r == "alternate") && is_feed)
            .then_some(href)
            .flatten()
            .and_then(|h| crate::sanitize::url_in(Some(base), &h))
    })
}

/// The repaired document for a detected defect, or `None` when nothing
/// known is wrong.
pub fn repair(text: &str) -> Option<String> {
    let doc = strip_leading_junk(text);
    if doc.starts_with('{') {
        return None;
    }
    let stripped = doc.len() != text.len();
    let Some(r) = root(doc) else {
        return stripped.then(|| doc.to_owned());
    };
    let fixed = match r.local() {
        "rss" => repair_rss(doc, &r),
        "RDF" => repair_rdf(doc),
        "feed" | "entry" => repair_atom(doc, &r),
        "CHANNEL" | "channel" if r.prefix().is_none() => cdf_to_rss(doc),
        _ => None,
    };
    fixed.or_else(|| stripped.then(|| doc.to_owned()))
}

fn json_not_a_feed(text: &str) -> Option<ParseError> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let obj = value.as_object()?;
    (!obj.contains_key("items") && !obj.contains_key("version")).then(|| {
        ParseError::NotAFeed("not a feed: JSON without JSON Feed \"version\" or \"items\"".into())
    })
}

/// Character references feed-rs rejects (`&#X41;`) and HTML entities XML
/// does not define (`&nbsp;`), as numeric references.
fn fix_entities(text: &str) -> Option<String> {
    static ENTITY: OnceLock<Regex> = OnceLock::new();
    let entity = re(&ENTITY, r"&(#X[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]{1,7});");
    let mut changed = false;
    let out = entity.replace_all(text, |c: &regex::Captures<'_>| {
        let name = &c[1];
        if let Some(hex) = name.strip_prefix("#X") {
            changed = true;
            return format!("&#x{hex};");
        }
        match html_entity(name) {
            Some(cp) => {
                changed = true;
                format!("&#{cp};")
            }
            None => c[0].to_owned(),
        }
    });
    changed.then(|| out.into_owned())
}

/// The HTML entities seen in real feeds (XML's five are left alone).
fn html_entity(name: &str) -> Option<u32> {
    Some(match name {
        "nbsp" => 160,
        "iexcl" => 161,
        "cent" => 162,
        "pound" => 163,
        "yen" => 165,
        "sect" => 167,
        "uml" => 168,
        "copy" => 169,
        "laquo" => 171,
        "reg" => 174,
        "deg" => 176,
        "plusmn" => 177,
        "acute" => 180,
        "micro" => 181,
        "para" => 182,
        "middot" => 183,
        "raquo" => 187,
        "iquest" => 191,
        "times" => 215,
        "divide" => 247,
        "eacute" => 233,
        "egrave" => 232,
        "aacute" => 225,
        "agrave" => 224,
        "ouml" => 246,
        "uuml" => 252,
        "auml" => 228,
        "szlig" => 223,
        "ndash" => 8211,
        "mdash" => 8212,
        "lsquo" => 8216,
        "rsquo" => 8217,
        "sbquo" => 8218,
        "ldquo" => 8220,
        "rdquo" => 8221,
        "bdquo" => 8222,
        "bull" => 8226,
        "hellip" => 8230,
        "prime" => 8242,
        "euro" => 8364,
        "trade" => 8482,
        "larr" => 8592,
        "rarr" => 8594,
        _ => return None,
    })
}

/// Candidates to try, in order, after feed-rs rejected `text`.
pub fn repairs(text: &str) -> Vec<String> {
    if text.trim_start().starts_with('{') {
        return super::json_feed::normalise(text.trim_start())
            .into_iter()
            .collect();
    }
    let mut out = Vec::new();
    let base = repair(text).unwrap_or_else(|| text.to_owned());
    if base != text {
        out.push(base.clone());
    }
    let base = match fix_entities(&base) {
        Some(fixed) => {
            out.push(fixed.clone());
            fixed
        }
        None => base,
    };
    if let Some(closed) = close_truncated(&base) {
        out.push(repair(&closed).unwrap_or(closed));
    }
    out
}

/// Drops anything before the first '<' (or '{'), such as a newline before
/// `<?xml` or a stray byte; feed-rs and XML require the declaration first.
fn strip_leading_junk(text: &str) -> &str {
    match text.find(['<', '{']) {
        Some(i) => &text[i..],
        None => text,
    }
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("static regex: {e}")))
}

fn repair_rss(doc: &str, r: &Root) -> Option<String> {
    let version_ok = matches!(r.attr("version"), Some("2.0" | "0.91" | "0.92"));
    let prefix = r.prefix().map(str::to_owned);
    let default_ns = r.attr("xmlns").filter(|ns| !ns.is_empty());
    let has_channel = doc.contains("<channel")
        || prefix
            .as_ref()
            .is_some_and(|p| doc.contains(&format!("<{p}:channel")));
    if version_ok && prefix.is_none() && default_ns.is_none() && has_channel {
        return None;
    }
    let mut out = doc.to_owned();
    // RSS placed in a namespace: take the elements out of it.
    if let Some(p) = &prefix {
        out = out
            .replace(&format!("<{p}:"), "<")
            .replace(&format!("</{p}:"), "</");
    }
    let root = root(&out)?;
    let mut tag = String::from("<rss version=\"2.0\"");
    for (k, v) in &root.attrs {
        let is_own_ns = k == "xmlns" || prefix.as_ref().is_some_and(|p| *k == format!("xmlns:{p}"));
        if k == "version" || is_own_ns {
            continue;
        }
        tag.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
    }
    tag.push('>');
    let rest = out.get(root.end..)?;
    let body = if root.empty {
        ""
    } else {
        rest.rsplit_once("</rss>").map_or(rest, |(b, _)| b)
    };
    let body = if has_channel {
        body.to_owned()
    } else {
        format!("<channel>{body}</channel>")
    };
    Some(format!("{}{tag}{body}</rss>", out.get(..root.start)?))
}

fn escape_attr(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

fn repair_rdf(doc: &str) -> Option<String> {
    static ITEM: OnceLock<Regex> = OnceLock::new();
    let mut out = doc.to_owned();
    let mut changed = false;
    if out.contains(RSS090_NS) {
        out = out.replace(RSS090_NS, RSS10_NS);
        changed = true;
    }
    // RSS 1.0 items must have <link>; feed-rs drops those without. Use the
    // item's rdf:about, which is its URI by definition, else a placeholder
    // that the link sanitiser later discards (it is not http).
    let item = re(&ITEM, r#"(?s)<item\b([^>]*)>(.*?)</item>"#);
    let about = |attrs: &str| {
        static ABOUT: OnceLock<Regex> = OnceLock::new();
        re(&ABOUT, r#"\babout\s*=\s*["']([^"']*)["']"#)
            .captures(attrs)
            .and_then(|c| c.get(1))
            .map_or("about:invalid".to_owned(), |m| m.as_str().to_owned())
    };
    let mut fixed = String::with_capacity(out.len());
    let mut last = 0;
    for c in item.captures_iter(&out) {
        let (Some(all), Some(attrs), Some(body)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        if body.as_str().contains("<link") {
            continue;
        }
        fixed.push_str(&out[last..body.start()]);
        fixed.push_str(&format!(
            "<link>{}</link>",
            escape_attr(&about(attrs.as_str()))
        ));
        fixed.push_str(&out[body.start()..all.end()]);
        last = all.end();
        changed = true;
    }
    fixed.push_str(&out[last..]);
    changed.then_some(fixed)
}

fn repair_atom(doc: &str, r: &Root) -> Option<String> {
    static TEXT_TYPE: OnceLock<Regex> = OnceLock::new();
    static ATOM03_NAMES: OnceLock<Regex> = OnceLock::new();
    // Borrowed until a repair applies: most Atom feeds need none.
    let mut out = Cow::Borrowed(doc);
    let is_03 = r.attr("version") == Some("0.3") || r.attrs.iter().any(|(_, v)| v == ATOM03_NS);
    if is_03 {
        let renamed = doc.replace(ATOM03_NS, ATOM10_NS);
        // Atom 0.3 names for what Atom 1.0 calls published/updated/…
        let names = re(
            &ATOM03_NAMES,
            r"<(/?)(issued|modified|tagline|copyright|info)\b",
        );
        let renamed = names
            .replace_all(&renamed, |c: &regex::Captures<'_>| {
                let new = match &c[2] {
                    "issued" => "published",
                    "modified" => "updated",
                    "tagline" => "subtitle",
                    "copyright" => "rights",
                    _ => "atom03-info",
                };
                format!("<{}{new}", &c[1])
            })
            .into_owned();
        // Escaped and base64 bodies in their Atom 1.0 form.
        let renamed = super::atom03::decode_modes(&renamed).unwrap_or(renamed);
        out = Cow::Owned(renamed);
    }
    // Text constructs may only be text/html/xhtml; feed-rs rejects others.
    let types = re(
        &TEXT_TYPE,
        r#"<(title|subtitle|summary|rights)\b([^>]*?)\btype\s*=\s*["']([^"']*)["']"#,
    );
    let standard = |t: &str| matches!(t, "text" | "html" | "xhtml");
    // Every Atom document is checked, most have nothing to fix: find the
    // matches only (the regex's DFA) and read the value between the
    // match's last two quotes (it holds none), where asking for the
    // groups ran the slower capturing engine on each (~1% of a first
    // refresh's CPU).
    if types
        .find_iter(&out)
        .any(|m| last_quoted(m.as_str()).is_some_and(|t| !standard(t)))
    {
        let fixed = types.replace_all(&out, |c: &regex::Captures<'_>| {
            let t = c[3].to_ascii_lowercase();
            let new = match t.as_str() {
                x if standard(x) => t.clone(),
                x if x.contains("xhtml") => "xhtml".into(),
                x if x.contains("html") => "html".into(),
                _ => "text".into(),
            };
            format!("<{}{}type=\"{new}\"", &c[1], &c[2])
        });
        out = Cow::Owned(fixed.into_owned());
    }
    match out {
        Cow::Borrowed(_) => None,
        Cow::Owned(s) => Some(s),
    }
}

/// The text between the last two quotes of `s`, which ends with a quote.
fn last_quoted(s: &str) -> Option<&str> {
    let inner = s.get(..s.len().checked_sub(1)?)?;
    inner.rfind(['"', '\'']).map(|q| &inner[q + 1..])
}

/// Microsoft CDF (`<CHANNEL HREF=…><ITEM HREF=…><TITLE>…<ABSTRACT>…`) as RSS 2.0.
fn cdf_to_rss(doc: &str) -> Option<String> {
    let mut reader = Reader::from_str(doc);
    let mut out = String::from("<rss version=\"2.0\">");
    let mut stack: Vec<String> = Vec::new();
    loop {
        match reader.read_event().ok()? {
            ev @ (Event::Start(_) | Event::Empty(_)) => {
                let (Event::Start(e) | Event::Empty(e)) = &ev else {
                    continue;
                };
                let name = e.name().0.to_ascii_uppercase();
                let href = attr_ci(e, "HREF");
                let lastmod = attr_ci(e, "LASTMOD");
                let tag = match name.as_str() {
                    "CHANNEL" => "channel",
                    "ITEM" => "item",
                    "TITLE" => "title",
                    "ABSTRACT" => "description",
                    _ => "cdf-other",
                };
                out.push_str(&format!("<{tag}>"));
                if let Some(h) = href.filter(|_| matches!(tag, "channel" | "item")) {
                    out.push_str(&format!("<link>{}</link>", escape_attr(&h)));
                }
                if let Some(m) = lastmod.filter(|_| matches!(tag, "channel" | "item")) {
                    out.push_str(&format!("<dcterms:modified xmlns:dcterms=\"http://purl.org/dc/terms/\">{}</dcterms:modified>", escape_attr(&m)));
                }
                if matches!(ev, Event::Empty(_)) {
                    out.push_str(&format!("</{tag}>"));
                } else {
                    stack.push(tag.to_owned());
                }
            }
            Event::End(_) => {
                let tag = stack.pop()?;
                out.push_str(&format!("</{tag}>"));
            }
            Event::Text(t) => out.push_str(&escape_attr(&t.into_inner())),
            Event::CData(t) => out.push_str(&escape_attr(&t.into_inner())),
            Event::GeneralRef(r) => out.push_str(&format!("&{};", r.into_inner())),
            Event::Eof => break,
            _ => {}
        }
    }
    out.push_str("</rss>");
    Some(out)
}

fn attr_ci(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.0.eq_ignore_ascii_case(name))
        .map(|a| a.value.into_owned())
}

/// For a document cut short or broken part-way: keeps everything up to the
/// last well-formed point and closes the elements still open there.
/// Whether an XML document was cut short: it ends inside an element (or
/// inside a tag) rather than after its root's end tag. A JSON document cut
/// short does not parse at all, so it is never read as a feed. Cheap for a
/// whole document: only one that does not end with its root's end tag is
/// read through.
pub fn is_truncated(text: &str) -> bool {
    let doc = strip_leading_junk(text);
    if doc.starts_with('{') {
        return false;
    }
    let Some(r) = root(doc) else {
        return false;
    };
    if r.empty || doc.trim_end().ends_with(&format!("</{}>", r.qname)) {
        return false;
    }
    let mut reader = Reader::from_str(doc);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) => return depth > 0,
            Ok(_) => {}
            // An error with no tag left after it: the input ended inside
            // one. An error earlier on is a defect, not a cut.
            Err(_) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(0);
                return doc.get(at..).is_none_or(|rest| !rest.contains('>'));
            }
        }
    }
}

pub fn close_truncated(text: &str) -> Option<String> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<String> = Vec::new();
    let mut good_end = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => stack.push(e.name().0.to_owned()),
            Ok(Event::End(_)) => {
                stack.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => break,
        }
        good_end = usize::try_from(reader.buffer_position()).ok()?;
    }
    if stack.is_empty() {
        return None;
    }
    let mut out = text.get(..good_end)?.to_owned();
    for name in stack.iter().rev() {
        out.push_str(&format!("</{name}>"));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://site.example/news/").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn truncation_is_told_from_other_defects() {
        let whole = "<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss>";
        assert!(!is_truncated(whole));
        assert!(!is_truncated(&format!("\n{whole}\n")));
        for cut in [20, 40, 50, whole.len() - 3] {
            assert!(is_truncated(&whole[..cut]), "{}", &whole[..cut]);
        }
        // Not well-formed in the middle, complete at the end: no cut.
        assert!(!is_truncated(
            "<rss><channel><item>&nbsp;</item></channel></rss>"
        ));
        assert!(!is_truncated(
            "<rss><channel><item><b></item></channel></rss>"
        ));
        assert!(!is_truncated("{\"items\": ["));
    }

    #[test]
    fn html_page_suggests_its_feed() {
        let page = r#"<!doctype html><html><head>
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
            </head><body></body></html>"#;
        let Some(ParseError::NotAFeed(msg)) = not_a_feed(page, &base()) else {
            panic!("expected NotAFeed");
        };
        assert_eq!(
            msg,
            "not a feed: got an HTML page — did you mean https://site.example/rss.xml ?"
        );
    }

    #[test]
    fn html_and_foreign_xml_are_named() {
        let e = not_a_feed("<!DOCTYPE html><html><body>hi</body></html>", &base());
        assert_eq!(
            e,
            Some(ParseError::NotAFeed("not a feed: got an HTML page".into()))
        );
        let e = not_a_feed("<?xml version=\"1.0\"?><catalog><book/></catalog>", &base());
        assert_eq!(
            e,
            Some(ParseError::NotAFeed(
                "not a feed: root element <catalog>".into()
            ))
        );
        assert!(not_a_feed("<rss version=\"2.0\"><channel/></rss>", &base()).is_none());
        assert!(not_a_feed("  ", &base()).is_some());
    }

    #[test]
    fn rss_without_version_or_channel_is_fixed() {
        let fixed = repair("\n<rss><item><title>a</title></item></rss>").unwrap_or_default();
        assert_eq!(
            fixed,
            "<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss>"
        );
        assert!(repair("<rss version=\"2.0\"><channel></channel></rss>").is_none());
    }

    #[test]
    fn namespaced_rss_is_unwrapped() {
        let doc = r#"<r:rss version="2.0" xmlns:r="http://backend.userland.com/rss2"><r:channel><r:item><r:title>x</r:title></r:item></r:channel></r:rss>"#;
        let fixed = repair(doc).unwrap_or_default();
        assert_eq!(
            fixed,
            "<rss version=\"2.0\"><channel><item><title>x</title></item></channel></rss>"
        );
    }

    #[test]
    fn atom_types_and_atom03_are_fixed() {
        let doc = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title type="application/octet-stream">x</title></feed>"#;
        assert!(
            repair(doc)
                .unwrap_or_default()
                .contains(r#"<title type="text">"#)
        );
        // Found after standard ones, single-quoted; standard ones alone
        // need no repair.
        let doc = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">a</title><entry><summary lang="kk" type='text/plain'>x</summary></entry></feed>"#;
        let fixed = repair(doc).unwrap_or_default();
        assert!(
            fixed.contains(r#"<summary lang="kk" type="text">"#),
            "{fixed}"
        );
        let doc = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">a</title><rights type='xhtml'>r</rights></feed>"#;
        assert_eq!(repair(doc), None);
        assert_eq!(last_quoted(r#"<title type="html""#), Some("html"));
        assert_eq!(last_quoted("type=''"), Some(""));
        assert_eq!(last_quoted("'"), None);
        assert_eq!(last_quoted(""), None);
        let doc = r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><issued>2004</issued></entry></feed>"#;
        let fixed = repair(doc).unwrap_or_default();
        assert!(fixed.contains(ATOM10_NS) && fixed.contains("<published>2004</published>"));
    }

    #[test]
    fn entities_and_json_are_repaired() {
        let fixed = fix_entities("<t>a&nbsp;b&#X41;&amp;&bogus;</t>").unwrap_or_default();
        assert_eq!(fixed, "<t>a&#160;b&#x41;&amp;&bogus;</t>");
        let json = repairs(r#"{"items":[{"id":42}]}"#);
        assert_eq!(json.len(), 1);
        assert!(json[0].contains(r#""id":"42""#) && json[0].contains("version/1.1"));
        assert!(matches!(
            not_a_feed(r#"{"data":[1]}"#, &base()),
            Some(ParseError::NotAFeed(_))
        ));
    }

    #[test]
    fn truncated_document_is_closed() {
        let cut = "<rss version=\"2.0\"><channel><item><title>a</title></item><item><title>b";
        let closed = close_truncated(cut).unwrap_or_default();
        assert!(
            closed.ends_with("</title></item></channel></rss>"),
            "{closed}"
        );
    }
}

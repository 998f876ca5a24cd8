//! A one-pass reader for the common case: RSS 2.0 and Atom 1.0 documents
//! made of the elements news sites use. It reads what feed-rs would read,
//! into the same [`RawFeed`], while the extras scanner rides the same walk:
//! one XML read where there were two, and no element tree in between.
//!
//! Anything outside its subset (other formats, `xml:base`, XHTML text,
//! `media:content`, iTunes/podcast elements, a date only a lenient parser
//! reads, an author with an e-mail address, a declared encoding other than
//! UTF-8…) makes it step aside, and feed-rs reads the document: slower there,
//! never different. `tests/feed_fast.rs` holds it to that over every
//! fixture of the conformance corpus.

use chrono::{DateTime, Utc};
use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use url::Url;

use super::extras::{Extras, XmlScanner, bound};
use super::feed_model::{RawCategory, RawEntry, RawFeed, RawLink, RawPerson, RawText};

/// The document is outside this reader's subset: feed-rs reads it.
#[derive(Debug)]
struct Aside;

type Read<T> = Result<T, Aside>;

/// The namespaces feed-rs tells apart; every other one is `Unknown`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ns {
    Rss,
    Atom,
    Content,
    Dc,
    Media,
    Itunes,
    Podcast,
    Wfw,
    Unknown,
}

fn ns_of(uri: &str) -> Ns {
    match uri {
        "http://purl.org/rss/1.0/" => Ns::Rss,
        "http://www.w3.org/2005/Atom" => Ns::Atom,
        "http://purl.org/rss/1.0/modules/content/" => Ns::Content,
        "http://purl.org/dc/elements/1.1/" => Ns::Dc,
        "http://search.yahoo.com/mrss/" => Ns::Media,
        "http://www.itunes.com/dtds/podcast-1.0.dtd" => Ns::Itunes,
        "https://podcastindex.org/namespace/1.0" => Ns::Podcast,
        "http://wellformedweb.org/CommentAPI/" => Ns::Wfw,
        _ => Ns::Unknown,
    }
}

/// Read `text` (UTF-8, after `encoding::decode`) if it is in the subset.
pub(super) fn parse(text: &str, base: &Url) -> Option<(RawFeed, Extras)> {
    if text.contains("xml:base") {
        return None;
    }
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if !start.starts_with('<') {
        return None;
    }
    let mut reader = Reader {
        text,
        xml: NsReader::from_str(text),
        scanner: XmlScanner::default(),
        base,
        default_ns: Ns::Rss,
    };
    let feed = reader.document().ok()?;
    // What follows the feed is not read by feed-rs, but the extras pass
    // reads to the end of the document.
    while let Ok((ns, event)) = reader.xml.read_resolved_event() {
        if matches!(event, Event::Eof) {
            break;
        }
        reader.scanner.event(bound(&ns), &event);
    }
    Some((feed, reader.scanner.finish()))
}

/// An element start: its namespace (the document's default when unbound),
/// local name, the event, and whether it was written empty (`<x/>`).
struct Element<'t> {
    ns: Ns,
    local: Local,
    start: BytesStart<'t>,
    empty: bool,
}

/// An element's local name, kept inline: every name this reader matches is
/// short, and a heap string per element of the document is a cost of its
/// own. A longer name reads as "" and matches nothing, which is what it
/// would have matched.
struct Local {
    len: usize,
    bytes: [u8; 16],
}

impl Local {
    fn new(name: &str) -> Local {
        let mut bytes = [0u8; 16];
        match bytes.get_mut(..name.len()) {
            Some(slot) => {
                slot.copy_from_slice(name.as_bytes());
                Local {
                    len: name.len(),
                    bytes,
                }
            }
            None => Local { len: 0, bytes },
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

enum Step<'t> {
    Open(Element<'t>),
    Close,
    Other,
}

struct Reader<'t, 'b> {
    /// The whole document; `xml` reads the rest of it.
    text: &'t str,
    xml: NsReader<&'t [u8]>,
    scanner: XmlScanner,
    base: &'b Url,
    /// What unbound elements mean: RSS in `<rss>`, Atom in `<feed>`.
    default_ns: Ns,
}

impl<'t> Reader<'t, '_> {
    /// The next event and the namespace of its element, shown to the
    /// extras scanner on the way.
    fn next(&mut self) -> Read<(Option<Ns>, Event<'t>)> {
        let (ns, event) = self.xml.read_resolved_event().map_err(|_| Aside)?;
        self.scanner.event(bound(&ns), &event);
        let ns = bound(&ns).map(ns_of);
        if let Event::Start(e) | Event::Empty(e) = &event {
            // Elements whose handling in feed-rs this reader does not repeat
            // (media objects, podcast data).
            let media_object =
                matches!(e.local_name().as_ref(), "content" | "title" | "description");
            if matches!(ns, Some(Ns::Itunes | Ns::Podcast))
                || (ns == Some(Ns::Media) && media_object)
            {
                return Err(Aside);
            }
        }
        Ok((ns, event))
    }

    /// The next child element of the open element, or its end.
    fn step(&mut self) -> Read<Step<'t>> {
        let (ns, event) = self.next()?;
        let (start, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => return Ok(Step::Close),
            Event::Eof => return Err(Aside),
            _ => return Ok(Step::Other),
        };
        Ok(Step::Open(Element {
            ns: ns.unwrap_or(self.default_ns),
            local: Local::new(start.local_name().as_ref()),
            start,
            empty,
        }))
    }

    /// The next child element of the open element; `None` at its end.
    fn child(&mut self) -> Read<Option<Element<'t>>> {
        loop {
            match self.step()? {
                Step::Open(el) => return Ok(Some(el)),
                Step::Close => return Ok(None),
                Step::Other => {}
            }
        }
    }

    /// Skip the rest of an element just opened.
    fn skip(&mut self, el: &Element<'_>) -> Read<()> {
        if el.empty {
            return Ok(());
        }
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()?.1 {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(Aside),
                _ => {}
            }
        }
        Ok(())
    }

    /// The text of an element just opened, as feed-rs gathers it: text,
    /// CDATA and references up to its end, `None` when there was none. An
    /// element inside it is outside the subset.
    fn text(&mut self, el: &Element<'_>) -> Read<Option<String>> {
        if el.empty {
            return Ok(None);
        }
        let mut out: Option<String> = None;
        loop {
            match self.next()?.1 {
                Event::Text(t) if !t.is_empty() => out.get_or_insert_default().push_str(&t),
                Event::CData(t) if !t.is_empty() => out.get_or_insert_default().push_str(&t),
                Event::GeneralRef(r) => {
                    let buf = out.get_or_insert_default();
                    match r.resolve_char_ref().map_err(|_| Aside)? {
                        Some(ch) => buf.push(ch),
                        None => {
                            let name: &str = &r;
                            match quick_xml::escape::resolve_predefined_entity(name) {
                                Some(s) => buf.push_str(s),
                                // Unknown entities stay as written.
                                None => {
                                    buf.push('&');
                                    buf.push_str(name);
                                    buf.push(';');
                                }
                            }
                        }
                    }
                }
                Event::End(_) => return Ok(out),
                Event::Start(_) | Event::Empty(_) | Event::Eof => return Err(Aside),
                _ => {}
            }
        }
    }

    /// [`Self::text`] for the long texts (titles, descriptions, contents):
    /// escaped HTML is an XML event per `&lt;`, so when the content is plain
    /// text, references and CDATA up to the element's end tag, it is found
    /// and gathered here in one pass, and the reader is moved on to the end
    /// tag, which it then reads (and checks) as usual. Positions quick-xml
    /// reports are off after that; nothing here uses them. Any other markup
    /// inside goes event by event.
    fn long_text(&mut self, el: &Element<'_>) -> Read<Option<String>> {
        if el.empty {
            return Ok(None);
        }
        let rest: &'t [u8] = self.xml.get_ref();
        let Some(content) = self
            .text
            .get(self.text.len() - rest.len()..)
            .and_then(content_before_end_tag)
        else {
            return self.text(el);
        };
        let gathered = gather(content)?;
        *self.xml.get_mut() = &rest[content.len()..];
        match self.next()?.1 {
            Event::End(_) => Ok(gathered),
            _ => Err(Aside),
        }
    }

    fn document(&mut self) -> Read<RawFeed> {
        loop {
            let (ns, event) = self.next()?;
            match event {
                Event::Decl(d) => {
                    // feed-rs would decode the (already UTF-8) text again in
                    // the declared encoding.
                    if let Some(enc) = d.encoding() {
                        let enc = enc.map_err(|_| Aside)?;
                        let enc: &str = enc.as_ref();
                        if !enc.trim().eq_ignore_ascii_case("utf-8") {
                            return Err(Aside);
                        }
                    }
                }
                Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Text(t)
                    if t.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
                        .is_empty() => {}
                Event::Start(root) => {
                    let name = root.name();
                    let name: &str = name.as_ref();
                    return match name {
                        "rss"
                            if ns.is_none()
                                && matches!(
                                    attr(&root, "version").as_deref(),
                                    Some("2.0" | "")
                                ) =>
                        {
                            self.default_ns = Ns::Rss;
                            self.rss()
                        }
                        "feed" if matches!(ns, None | Some(Ns::Atom)) => {
                            self.default_ns = Ns::Atom;
                            self.atom()
                        }
                        _ => Err(Aside),
                    };
                }
                _ => return Err(Aside),
            }
        }
    }

    // ---- RSS 2.0 ----

    fn rss(&mut self) -> Read<RawFeed> {
        // feed-rs reads the first `channel` child (any namespace) only.
        loop {
            match self.step()? {
                Step::Open(el) if el.local.as_str() == "channel" && !el.empty => {
                    return self.channel();
                }
                Step::Open(el) => self.skip(&el)?,
                Step::Close => return Err(Aside),
                Step::Other => {}
            }
        }
    }

    fn channel(&mut self) -> Read<RawFeed> {
        let mut feed = RawFeed::default();
        while let Some(el) = self.child()? {
            match (el.ns, el.local.as_str()) {
                (Ns::Rss, "title") => feed.title = self.long_text(&el)?.map(plain),
                (Ns::Rss, "link") => {
                    if let Some(href) = self.text(&el)? {
                        feed.links.push(self.link(&href, false));
                    }
                }
                (Ns::Atom, "link") => {
                    if let Some(link) = self.atom_link(&el.start) {
                        feed.links.push(link);
                    }
                    self.skip(&el)?;
                }
                (Ns::Rss, "item") => feed.entries.push(self.item(&el)?),
                _ => self.skip(&el)?,
            }
        }
        Ok(feed)
    }

    fn item(&mut self, item: &Element<'_>) -> Read<RawEntry> {
        let mut entry = RawEntry::default();
        // (link, is an RSS <comments> link) until the comments are cleaned.
        let mut links: Vec<(RawLink, bool)> = Vec::new();
        if !item.empty {
            while let Some(el) = self.child()? {
                match (el.ns, el.local.as_str()) {
                    (Ns::Rss, "title") => entry.title = self.long_text(&el)?.map(plain),
                    (Ns::Rss, "link") => {
                        if let Some(href) = self.text(&el)? {
                            links.push((self.link(&href, false), false));
                        }
                    }
                    (Ns::Rss, "description") => {
                        entry.summary = self.long_text(&el)?.map(|s| s.trim().to_string());
                    }
                    (Ns::Rss, "author") | (Ns::Dc, "creator") => {
                        if let Some(name) = self.text(&el)? {
                            entry.authors.push(person(&name)?);
                        }
                    }
                    (Ns::Rss, "category") => {
                        if let Some(term) = self.text(&el)? {
                            entry.categories.push(RawCategory {
                                term: term.trim().to_string(),
                                label: None,
                            });
                        }
                    }
                    (Ns::Rss, "guid") => {
                        if let Some(id) = self.text(&el)? {
                            entry.id = id.trim().to_string();
                        }
                    }
                    (Ns::Rss, "pubDate") | (Ns::Dc, "date") => {
                        entry.published = self.text(&el)?.map(|t| date(&t)).transpose()?;
                    }
                    (Ns::Rss, "updated") | (Ns::Atom, "updated") => {
                        entry.updated = self.text(&el)?.map(|t| date(&t)).transpose()?;
                    }
                    (Ns::Content, "encoded") => {
                        entry.content = self.long_text(&el)?.filter(|s| !s.is_empty());
                    }
                    (Ns::Wfw, "commentRss" | "commentRSS") => {
                        if let Some(href) = self.text(&el)? {
                            links.push((self.link(&href, true), false));
                        }
                    }
                    (Ns::Rss, "comments") => {
                        if let Some(href) = self.text(&el)? {
                            links.push((self.link(&href, true), true));
                        }
                    }
                    _ => self.skip(&el)?,
                }
            }
        }
        if entry.updated.is_none() {
            entry.updated = entry.published;
        }
        // A comments link to the article itself is dropped (as feed-rs does).
        let targets: std::collections::HashSet<String> = links
            .iter()
            .filter(|(_, rss_comments)| !rss_comments)
            .map(|(l, _)| l.href.clone())
            .collect();
        entry.links = links
            .into_iter()
            .filter(|(l, rss_comments)| !rss_comments || !targets.contains(&l.href))
            .map(|(l, _)| l)
            .collect();
        Ok(entry)
    }

    // ---- Atom 1.0 ----

    fn atom(&mut self) -> Read<RawFeed> {
        let mut feed = RawFeed::default();
        while let Some(el) = self.child()? {
            match (el.ns, el.local.as_str()) {
                (Ns::Atom, "title") => feed.title = Some(self.atom_text(&el)?),
                (Ns::Atom, "link") => {
                    if let Some(link) = self.atom_link(&el.start) {
                        feed.links.push(link);
                    }
                    self.skip(&el)?;
                }
                (Ns::Atom, "entry") => feed.entries.push(self.entry(&el)?),
                (Ns::Atom, "rights" | "subtitle") => self.skip_text_construct(&el)?,
                _ => self.skip(&el)?,
            }
        }
        Ok(feed)
    }

    fn entry(&mut self, entry_el: &Element<'_>) -> Read<RawEntry> {
        let mut entry = RawEntry::default();
        if entry_el.empty {
            return Ok(entry);
        }
        while let Some(el) = self.child()? {
            match (el.ns, el.local.as_str()) {
                (Ns::Atom, "id") => {
                    if let Some(id) = self.text(&el)? {
                        entry.id = id;
                    }
                }
                (Ns::Atom, "title") => entry.title = Some(self.atom_text(&el)?),
                (Ns::Atom, "updated") => {
                    if let Some(t) = self.text(&el)? {
                        entry.updated = Some(date(&t)?);
                    }
                }
                (Ns::Atom, "published" | "pubDate") => {
                    if let Some(t) = self.text(&el)? {
                        entry.published = Some(date(&t)?);
                    }
                }
                (Ns::Atom, "author") => {
                    if let Some(p) = self.atom_person(&el)? {
                        entry.authors.push(p);
                    }
                }
                (Ns::Atom, "content") => entry.content = self.atom_content(&el)?,
                (Ns::Atom, "link") => {
                    if let Some(link) = self.atom_link(&el.start) {
                        entry.links.push(link);
                    }
                    self.skip(&el)?;
                }
                (Ns::Atom, "summary") => entry.summary = Some(self.atom_text(&el)?.content),
                (Ns::Atom, "category") => {
                    if let Some(term) = attr(&el.start, "term") {
                        entry.categories.push(RawCategory {
                            term: term.trim().to_string(),
                            label: attr(&el.start, "label"),
                        });
                    }
                    self.skip(&el)?;
                }
                (Ns::Atom, "rights") => self.skip_text_construct(&el)?,
                (Ns::Wfw, "commentRss" | "commentRSS") => {
                    if let Some(href) = self.text(&el)? {
                        entry.links.push(self.link(&href, true));
                    }
                }
                _ => self.skip(&el)?,
            }
        }
        Ok(entry)
    }

    /// Skip an Atom text construct we do not keep; feed-rs still fails the
    /// whole document on a type it does not know.
    fn skip_text_construct(&mut self, el: &Element<'_>) -> Read<()> {
        if !matches!(
            attr(&el.start, "type").as_deref(),
            None | Some("text" | "html" | "text/html" | "xhtml")
        ) {
            return Err(Aside);
        }
        self.skip(el)
    }

    /// An Atom text construct: plain text or escaped HTML (XHTML and
    /// other types are outside the subset). An empty one is "".
    fn atom_text(&mut self, el: &Element<'_>) -> Read<RawText> {
        let html = match attr(&el.start, "type").as_deref() {
            None | Some("text") => false,
            Some("html" | "text/html") => true,
            _ => return Err(Aside),
        };
        Ok(RawText {
            content: self.long_text(el)?.unwrap_or_default().trim().to_string(),
            html,
        })
    }

    fn atom_content(&mut self, el: &Element<'_>) -> Read<Option<String>> {
        if attr(&el.start, "src").is_some() {
            return Err(Aside);
        }
        Ok(Some(self.atom_text(el)?.content))
    }

    fn atom_person(&mut self, el: &Element<'_>) -> Read<Option<RawPerson>> {
        let mut name = None;
        let mut email = None;
        if !el.empty {
            while let Some(child) = self.child()? {
                // feed-rs matches the local name in any namespace here.
                match child.local.as_str() {
                    "name" => {
                        if let Some(n) = self.text(&child)? {
                            name = Some(n);
                        }
                    }
                    "email" => email = self.text(&child)?,
                    _ => self.skip(&child)?,
                }
            }
        }
        Ok((name.is_some() || email.is_some()).then_some(RawPerson { name, email }))
    }

    fn atom_link(&self, start: &BytesStart<'_>) -> Option<RawLink> {
        let href = attr(start, "href")?;
        let mut link = self.link(&href, false);
        for a in start.attributes().filter_map(Result::ok) {
            match a.key.as_ref() {
                "rel" => link.rel = Some(unescaped(&a.value)),
                "type" => link.media_type = Some(unescaped(&a.value)),
                _ => {}
            }
        }
        link.rel.get_or_insert_with(|| "alternate".to_string());
        Some(link)
    }

    /// A link as feed-rs keeps it: resolved against the feed URL when
    /// relative, as written when it cannot be read, trimmed.
    fn link(&self, href: &str, comments: bool) -> RawLink {
        let resolved = match Url::parse(href) {
            Ok(url) => Some(url),
            Err(url::ParseError::RelativeUrlWithoutBase) => self.base.join(href).ok(),
            Err(_) => None,
        };
        let href = match resolved {
            Some(url) => url.to_string(),
            None => href.to_string(),
        };
        RawLink {
            href: href.trim().to_string(),
            rel: None,
            media_type: None,
            comments,
        }
    }
}

/// The content up to the first end tag, if it holds nothing but text,
/// references and CDATA sections.
fn content_before_end_tag(s: &str) -> Option<&str> {
    let mut from = 0;
    loop {
        let at = from + s.get(from..)?.find('<')?;
        let tail = &s[at..];
        if tail.starts_with("</") {
            return Some(&s[..at]);
        }
        let cdata = tail.strip_prefix("<![CDATA[")?;
        from = at + "<![CDATA[".len() + cdata.find("]]>")? + "]]>".len();
    }
}

/// What feed-rs gathers from an element's raw content: text, references
/// resolved (unknown entities kept as written) and CDATA, `None` when there
/// is none of them. Markup other than CDATA would end feed-rs's text early,
/// and a reference without its `;` fails the document: both step aside.
fn gather(raw: &str) -> Read<Option<String>> {
    let mut out: Option<String> = None;
    let mut rest = raw;
    while !rest.is_empty() {
        let Some(at) = rest.find(['&', '<']) else {
            out.get_or_insert_default().push_str(rest);
            break;
        };
        if at > 0 {
            out.get_or_insert_default().push_str(&rest[..at]);
        }
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").ok_or(Aside)?;
            if end > 0 {
                out.get_or_insert_default().push_str(&after[..end]);
            }
            rest = &after[end + 3..];
        } else if rest.starts_with('<') {
            return Err(Aside);
        } else {
            // A reference, as quick-xml reads one: up to the first `;`
            // unless `&` or `<` comes before it.
            let end = rest[1..].find([';', '&', '<']).ok_or(Aside)? + 1;
            if rest.as_bytes()[end] != b';' {
                return Err(Aside);
            }
            let name = &rest[1..end];
            let buf = out.get_or_insert_default();
            match BytesRef::new(name).resolve_char_ref().map_err(|_| Aside)? {
                Some(ch) => buf.push(ch),
                None => match quick_xml::escape::resolve_predefined_entity(name) {
                    Some(s) => buf.push_str(s),
                    None => {
                        buf.push('&');
                        buf.push_str(name);
                        buf.push(';');
                    }
                },
            }
            rest = &rest[end + 1..];
        }
    }
    Ok(out)
}

/// The first attribute called `name`, unescaped (as written if it cannot be).
fn attr(start: &BytesStart<'_>, name: &str) -> Option<String> {
    start
        .attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.as_ref() == name)
        .map(|a| unescaped(&a.value))
}

fn unescaped(value: &str) -> String {
    quick_xml::escape::unescape(value)
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| value.to_string())
}

fn plain(text: String) -> RawText {
    RawText {
        content: text.trim().to_string(),
        html: false,
    }
}

/// An RSS author or dc:creator. feed-rs splits "mail@host (Name)" with a
/// pattern of its own; such values are left to it.
fn person(raw: &str) -> Read<RawPerson> {
    if raw.contains('@') {
        return Err(Aside);
    }
    Ok(RawPerson {
        name: Some(raw.trim().to_string()),
        email: None,
    })
}

/// A date in strict RFC 3339 or RFC 2822, which feed-rs's lenient parser
/// reads the same way; anything needing its repairs is left to it.
fn date(text: &str) -> Read<DateTime<Utc>> {
    let t = text.trim();
    DateTime::parse_from_rfc3339(t)
        .or_else(|_| DateTime::parse_from_rfc2822(t))
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| Aside)
}

#[cfg(test)]
mod tests;

//! A one-pass reader for the common case: RSS 2.0 and Atom 1.0 documents
//! made of the elements news sites use. It reads what feed-rs would read,
//! into the same [`RawFeed`], while the extras scanner rides the same walk:
//! one XML read where there were two, and no element tree in between.
//!
//! Anything outside its subset (other formats, `xml:base`, XHTML text,
//! `media:content`, iTunes/podcast elements, a date only a lenient parser
//! reads, an author with an e-mail address, a declared encoding other than
//! UTF-8…) makes it step aside, and feed-rs reads the document: slower there,
//! never different. `feed_fast/tests.rs` holds it to that over every
//! fixture of the conformance corpus.
//!
//! Here: the walk (events, children, skipping, text) and the document
//! root; `rss` and `atom` read the two formats, `values` makes the values
//! (gathered text, attributes, dates, people) the way feed-rs makes them.

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use url::Url;

use super::extras::{Extras, XmlScanner, bound};
use super::feed_model::{RawFeed, RawLink};
use values::{attr, content_before_end_tag, gather, push_reference};

mod atom;
mod rss;
#[cfg(test)]
mod tests;
mod values;

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
                Event::GeneralRef(r) => push_reference(out.get_or_insert_default(), &r)?,
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

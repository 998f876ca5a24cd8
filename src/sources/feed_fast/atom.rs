//! Atom 1.0: the feed and its entries, as feed-rs reads them.

use quick_xml::events::BytesStart;

use super::values::{attr, date, unescaped};
use super::{Aside, Element, Ns, Read, Reader};
use crate::sources::feed_model::{RawCategory, RawEntry, RawFeed, RawLink, RawPerson, RawText};

impl Reader<'_, '_> {
    pub(super) fn atom(&mut self) -> Read<RawFeed> {
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

    pub(super) fn atom_link(&self, start: &BytesStart<'_>) -> Option<RawLink> {
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
}

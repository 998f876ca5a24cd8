//! RSS 2.0: the first `channel` and its items, as feed-rs reads them.

use super::values::{date, person, plain};
use super::{Aside, Element, Ns, Read, Reader, Step};
use crate::sources::feed_model::{RawCategory, RawEntry, RawFeed, RawLink};

impl Reader<'_, '_> {
    pub(super) fn rss(&mut self) -> Read<RawFeed> {
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
}

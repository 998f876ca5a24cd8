//! What keruen keeps of a parsed RSS or Atom document, as both readers
//! produce it: feed-rs (every format and its quirks) and [`super::feed_fast`]
//! (one pass over plain RSS 2.0 and Atom 1.0). `feed::map_feed` turns either
//! into a `ParsedFeed`, so the two readers can only differ in what they read,
//! never in how it is mapped.

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, Link, Text};

use crate::domain::Signals;

/// A title or summary as written, trimmed, and whether it is HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct RawText {
    pub content: String,
    pub html: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawLink {
    /// Resolved against the feed URL when relative (as feed-rs does).
    pub href: String,
    pub rel: Option<String>,
    pub media_type: Option<String>,
    /// A comments page or feed rather than the article itself.
    pub comments: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawPerson {
    pub name: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawCategory {
    pub term: String,
    pub label: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEntry {
    /// The guid / id as the reader gives it; empty when the item has none.
    pub id: String,
    pub title: Option<RawText>,
    /// The first Media RSS title, a fallback for a missing title.
    pub media_title: Option<RawText>,
    pub links: Vec<RawLink>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub summary: Option<String>,
    pub content: Option<String>,
    pub authors: Vec<RawPerson>,
    pub categories: Vec<RawCategory>,
    /// Views and rating from Media RSS community elements.
    pub media_signals: Signals,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawFeed {
    pub title: Option<RawText>,
    pub links: Vec<RawLink>,
    pub entries: Vec<RawEntry>,
}

impl From<Text> for RawText {
    fn from(t: Text) -> RawText {
        RawText {
            html: t.content_type.to_string().contains("html"),
            content: t.content,
        }
    }
}

impl From<Link> for RawLink {
    fn from(l: Link) -> RawLink {
        RawLink {
            comments: l.target.is_some(),
            href: l.href,
            rel: l.rel,
            media_type: l.media_type,
        }
    }
}

impl From<Feed> for RawFeed {
    /// Moves the strings out of feed-rs's model: nothing is copied.
    fn from(feed: Feed) -> RawFeed {
        RawFeed {
            title: feed.title.map(RawText::from),
            links: feed.links.into_iter().map(RawLink::from).collect(),
            entries: feed.entries.into_iter().map(RawEntry::from).collect(),
        }
    }
}

impl From<Entry> for RawEntry {
    fn from(entry: Entry) -> RawEntry {
        let mut media_signals = Signals::default();
        // Views and rating from media:community (inside and outside media:group).
        for community in entry.media.iter().filter_map(|m| m.community.as_ref()) {
            media_signals.views = media_signals.views.or(community.stats_views);
            media_signals.rating = media_signals
                .rating
                .or(community.stars_avg.filter(|r| r.is_finite()));
        }
        let media_title = entry
            .media
            .into_iter()
            .find_map(|m| m.title)
            .map(RawText::from);
        RawEntry {
            id: entry.id,
            title: entry.title.map(RawText::from),
            media_title,
            links: entry.links.into_iter().map(RawLink::from).collect(),
            published: entry.published,
            updated: entry.updated,
            summary: entry.summary.map(|t| t.content),
            content: entry.content.and_then(|c| c.body),
            authors: entry
                .authors
                .into_iter()
                .map(|p| RawPerson {
                    name: p.name,
                    email: p.email,
                })
                .collect(),
            categories: entry
                .categories
                .into_iter()
                .map(|c| RawCategory {
                    term: c.term,
                    label: c.label,
                })
                .collect(),
            media_signals,
        }
    }
}

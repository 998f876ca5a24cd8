//! The data model shared by every layer: feeds, articles, signals and the
//! outcome of one feed's refresh. No I/O here, and no types from feed-rs,
//! reqwest, rusqlite or ratatui, so that every module can depend on it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Row id of a feed in the cache. Assigned by the store; stable for a feed URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FeedId(pub i64);

/// Row id of an article in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ArticleId(pub i64);

/// How a source is read. Only `Feed` (RSS/Atom/JSON Feed over HTTP or from a
/// file) is required by the foundation; the others arrive with the sources issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    #[default]
    Feed,
    Json,
    Html,
    Exec,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Feed => "feed",
            SourceKind::Json => "json",
            SourceKind::Html => "html",
            SourceKind::Exec => "exec",
        }
    }
}

/// Popularity signals a source reports for an article. Each is optional;
/// a refresh replaces a value when the source reports a new one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Signals {
    pub views: Option<u64>,
    pub comments: Option<u64>,
    /// Points / score (Hacker News, Reddit, Lobsters…).
    pub score: Option<i64>,
    /// Average rating, e.g. media:starRating average (0..=5 typically).
    pub rating: Option<f64>,
}

impl Signals {
    pub fn is_empty(&self) -> bool {
        self.views.is_none()
            && self.comments.is_none()
            && self.score.is_none()
            && self.rating.is_none()
    }

    /// Values from `newer` win where present; missing ones keep the old value.
    pub fn merged_with(self, newer: Signals) -> Signals {
        Signals {
            views: newer.views.or(self.views),
            comments: newer.comments.or(self.comments),
            score: newer.score.or(self.score),
            rating: newer.rating.or(self.rating),
        }
    }
}

/// One article as a source parsed it, already sanitised, before it is stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewArticle {
    /// Stable identity within its feed: guid, else canonical link, else a hash
    /// of feed + title + date. Never random.
    pub key: String,
    pub title: String,
    /// The item had no title: `title` was made from its text or link (see
    /// `sources::titles`), and the UI may show it dimmed.
    #[serde(default)]
    pub title_derived: bool,
    pub link: Option<String>,
    pub author: Option<String>,
    /// Region, section or category, as the source names it.
    pub category: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    /// Short text or HTML summary (sanitised of control characters; may hold markup).
    pub summary: Option<String>,
    /// Full body (sanitised of control characters; may hold HTML markup).
    pub content: Option<String>,
    pub signals: Signals,
}

/// A parsed feed document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub site_link: Option<String>,
    pub items: Vec<NewArticle>,
    /// The document was cut short (a truncated body read as far as it
    /// went). Its items may update stored ones, but an item whose key was
    /// derived (hashed from title/date, no id or link) is not stored as
    /// new: it may be a cut copy of a known one.
    #[serde(default)]
    pub damaged: bool,
}

/// A feed as the cache knows it, with counts for the feed list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedSummary {
    pub id: FeedId,
    pub name: String,
    pub url: String,
    pub tags: Vec<String>,
    /// Title the feed document gives itself, if any.
    pub title: Option<String>,
    pub total: u64,
    pub unread: u64,
    pub last_error: Option<String>,
    pub last_success: Option<DateTime<Utc>>,
}

/// An article as shown in lists: everything but the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub feed_id: FeedId,
    pub feed_name: String,
    pub title: String,
    /// The title was made from the text or link of an item without one.
    #[serde(default)]
    pub title_derived: bool,
    pub link: Option<String>,
    pub author: Option<String>,
    pub category: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub first_seen: DateTime<Utc>,
    pub signals: Signals,
    pub read: bool,
    pub starred: bool,
}

impl ArticleSummary {
    /// The date to show and sort by: published, else when we first saw it.
    pub fn date(&self) -> DateTime<Utc> {
        self.published.unwrap_or(self.first_seen)
    }
}

/// A whole article, for the reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub summary: ArticleSummary,
    pub key: String,
    pub updated: Option<DateTime<Utc>>,
    pub description: Option<String>,
    pub content: Option<String>,
}

/// Why a feed failed to refresh, in a form the UI and CLI can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// DNS, connect or TLS failure.
    Connect,
    Timeout,
    /// The server answered with a non-success status.
    Http,
    /// The body exceeded the configured cap (after decompression).
    TooLarge,
    /// Too many redirects, or a redirect to a scheme other than http/https.
    Redirect,
    /// The body is not a feed we can read.
    Parse,
    /// The local cache could not be written.
    Store,
    /// Anything else (a source command failed, a file could not be read…).
    Other,
}

impl FailureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Connect => "connect",
            FailureKind::Timeout => "timeout",
            FailureKind::Http => "http",
            FailureKind::TooLarge => "too_large",
            FailureKind::Redirect => "redirect",
            FailureKind::Parse => "parse",
            FailureKind::Store => "store",
            FailureKind::Other => "other",
        }
    }
}

/// What one feed's refresh came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FeedOutcome {
    NotModified,
    Fetched { new: u64, updated: u64 },
    Failed { kind: FailureKind, message: String },
}

/// Cache validators kept per feed and sent back as If-None-Match / If-Modified-Since.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub article: ArticleSummary,
    /// A short excerpt of the best-matching column; each matched word is
    /// wrapped in `search_query::MATCH_START` … `MATCH_END` (U+0001 … U+0002), which the
    /// stored text never contains (control characters are removed on
    /// ingest), so a caller can style the matches unambiguously.
    pub snippet: String,
    /// bm25 as SQLite computes it: smaller (more negative) is a better
    /// match; hits come sorted by it. 0 for filter-only queries.
    pub rank: f64,
}

/// The views of a story at one time (its first report's samples).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ViewsPoint {
    pub at: DateTime<Utc>,
    pub views: u64,
}

/// One line of the Top stories view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopEntry {
    /// The story's first report (what Enter opens).
    pub article: ArticleSummary,
    /// Every article of the story (marking the story read marks them all).
    pub members: Vec<ArticleId>,
    /// Names of the feeds that carry the story, first report first.
    pub sources: Vec<String>,
    pub score: f64,
    /// Why it is here, e.g. "12.3k views · 4 sources · 3h ago".
    pub why: String,
    /// Views gained per hour over `VELOCITY_WINDOW`, summed over members.
    pub views_per_hour: Option<f64>,
    /// The first report's views over time, oldest first (for a sparkline).
    pub views_history: Vec<ViewsPoint>,
}

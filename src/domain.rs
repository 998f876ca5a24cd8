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

/// Why a top story ranks where it does, as data: the figures its "why"
/// line shows. Each interface words it in the reader's language
/// (`i18n::why`); `--json` keeps it as raw numbers and an ISO 8601 time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StoryWhy {
    /// Views and comments summed over the story's members, the highest
    /// points and rating among them.
    #[serde(flatten)]
    pub signals: Signals,
    /// Views gained per hour recently, summed over the members.
    pub views_per_hour: Option<f64>,
    /// Distinct feeds carrying the story.
    pub sources: usize,
    /// When the story was first reported (its age is shown relative to now).
    pub first_seen: DateTime<Utc>,
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
    /// Media attached to the item (podcast audio, video, photos), in
    /// document order, URLs absolute and http(s) only.
    #[serde(default)]
    pub enclosures: Vec<Enclosure>,
}

/// What an enclosure holds, from its MIME type, its Media RSS `medium`, or
/// its element (a `media:thumbnail` is an image).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Audio,
    Video,
    Image,
    #[default]
    Other,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Audio => "audio",
            MediaKind::Video => "video",
            MediaKind::Image => "image",
            MediaKind::Other => "other",
        }
    }

    /// The stored form back; anything unknown is `Other`.
    pub fn parse(s: &str) -> MediaKind {
        match s {
            "audio" => MediaKind::Audio,
            "video" => MediaKind::Video,
            "image" => MediaKind::Image,
            _ => MediaKind::Other,
        }
    }
}

/// A file attached to an article: RSS `<enclosure>`, Media RSS
/// `media:content` / `media:thumbnail`, Atom `link rel="enclosure"`, JSON
/// Feed `attachments`. Every field is sanitised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enclosure {
    /// Absolute http(s) URL.
    pub url: String,
    /// `type/subtype`, lower case, as declared.
    pub mime_type: Option<String>,
    /// Declared size in bytes (0 and unreadable values are none).
    pub length: Option<u64>,
    /// Declared play time in seconds.
    pub duration_secs: Option<u64>,
    pub kind: MediaKind,
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
    /// What the article's first enclosure to download or play holds
    /// (audio, video…); `None` when it has none (images alone are not
    /// counted: a photo is no episode).
    #[serde(default)]
    pub media: Option<MediaKind>,
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
    /// The article's enclosures, in document order.
    #[serde(default)]
    pub enclosures: Vec<Enclosure>,
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

/// Progress of one refresh, in the order things happen: what `refresh`
/// sends, the CLI prints and the TUI's `update` takes in (`Msg::Refresh`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum RefreshEvent {
    /// Another keruen process is refreshing the same cache; this one waits
    /// for it (one refresh per cache at a time, across processes).
    Waiting {
        message: String,
    },
    Started {
        total: usize,
    },
    FeedDone {
        feed: FeedId,
        name: String,
        outcome: FeedOutcome,
    },
    Finished(RefreshSummary),
}

/// Totals of one refresh.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RefreshSummary {
    pub total: usize,
    pub fetched: usize,
    pub not_modified: usize,
    pub failed: usize,
    /// Feeds left alone because they were not due (see `schedule`).
    #[serde(default)]
    pub not_due: usize,
    pub new_articles: u64,
    pub updated_articles: u64,
    pub removed_by_retention: u64,
    #[serde(serialize_with = "ser_secs")]
    pub elapsed: std::time::Duration,
}

fn ser_secs<S: serde::Serializer>(d: &std::time::Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl RefreshSummary {
    /// True when there was something to refresh and every feed failed.
    pub fn all_failed(&self) -> bool {
        self.total > 0 && self.failed == self.total
    }
}

/// Row id of a download in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DownloadId(pub i64);

/// Where a download stands. `Downloading` is only ever seen while a worker
/// holds it: a start finds such rows left by a crash and queues them again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DownloadState {
    Queued,
    Downloading,
    Paused,
    Done,
    Failed,
}

impl DownloadState {
    pub fn as_str(self) -> &'static str {
        match self {
            DownloadState::Queued => "queued",
            DownloadState::Downloading => "downloading",
            DownloadState::Paused => "paused",
            DownloadState::Done => "done",
            DownloadState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DownloadState> {
        Some(match s {
            "queued" => DownloadState::Queued,
            "downloading" => DownloadState::Downloading,
            "paused" => DownloadState::Paused,
            "done" => DownloadState::Done,
            "failed" => DownloadState::Failed,
            _ => return None,
        })
    }
}

/// One enclosure in the download queue, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    pub id: DownloadId,
    /// The article it came from (gone when retention removed the article).
    pub article: Option<ArticleId>,
    pub url: String,
    /// The article's title, for the file name and the downloads view.
    pub title: String,
    pub mime_type: Option<String>,
    /// The file it is written to (its `.part` while incomplete); chosen
    /// when the download first starts.
    pub path: Option<String>,
    /// Bytes received so far.
    pub received: u64,
    /// The whole size, when the server or the feed said.
    pub total: Option<u64>,
    pub state: DownloadState,
    /// Why it failed (sanitised).
    pub error: Option<String>,
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
    /// Why it is here: the figures of "12.3k views · 4 sources · 3h ago",
    /// worded in the reader's language by `i18n::why::line`.
    pub why: StoryWhy,
    /// Views gained per hour over `VELOCITY_WINDOW`, summed over members.
    pub views_per_hour: Option<f64>,
    /// The first report's views over time, oldest first (for a sparkline).
    pub views_history: Vec<ViewsPoint>,
}

//! Everything that can happen to the app (`Msg`) and everything the app asks
//! the runtime to do (`Effect`). `update` turns one into the other.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyEvent, MouseEvent};

use super::reader::ReaderLine;
use crate::config::FeedSettings;
use crate::domain::{
    Article, ArticleId, ArticleSummary, Download, DownloadId, FeedId, FeedSummary, RefreshEvent,
    SearchHit, TopEntry,
};
use crate::media::image::{ImageFailure, Picture};

/// An event for `update`. Terminal input, timer ticks, store results and
/// refresh progress all arrive as one of these.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// The terminal's new size in cells (columns, rows). Send one at start.
    Resize(u16, u16),
    /// A timer tick carrying the wall clock, read by the runtime (update
    /// never reads the clock). Drives relative dates, notice expiry and
    /// batched list reloads during a refresh. Every ~250 ms–1 s is plenty.
    Tick(DateTime<Utc>),
    /// The auto-refresh interval (`fetch.refresh_interval`) passed; `update`
    /// decides whether to refresh (not while one runs, not with no feeds).
    AutoRefreshDue,
    /// Answer to `Effect::LoadFeeds`.
    FeedsLoaded(Vec<FeedSummary>),
    /// Answer to `Effect::LoadArticles`; `feed` echoes the request so a late
    /// answer for a feed no longer selected is ignored.
    ArticlesLoaded {
        feed: Option<FeedId>,
        articles: Vec<ArticleSummary>,
    },
    /// Answer to `Effect::LoadArticle` (boxed: an article is large and
    /// most messages are small).
    ArticleLoaded(Box<Article>),
    /// Answer to `Effect::RenderBody`: the article's body as reader lines
    /// wrapped to `width`. `article` and `width` echo the request, so an
    /// answer for an article no longer open, or for a width the reader no
    /// longer has, is ignored.
    BodyRendered {
        article: ArticleId,
        width: u16,
        lines: Vec<ReaderLine>,
    },
    /// Answer to `Effect::LoadTop`: the best stories, best first. `tag`
    /// echoes the request so an answer for a tag no longer chosen is ignored.
    TopLoaded {
        tag: Option<String>,
        entries: Vec<TopEntry>,
    },
    /// Answer to `Effect::LoadRelated`; `article` echoes the request so an
    /// answer for an article no longer open is ignored.
    RelatedLoaded {
        article: ArticleId,
        /// The other reports of the article's own story (the same event
        /// from other feeds), which `related` leaves out as duplicates.
        reports: Vec<ArticleSummary>,
        related: Vec<ArticleSummary>,
    },
    /// Answer to `Effect::Search`: the hits, best first. `query` echoes
    /// the request so an answer for a query no longer current is ignored.
    /// `unindexed`: articles not yet in the search index when it ran (the
    /// background indexer's queue), which the hits cannot include.
    SearchResults {
        query: String,
        hits: Vec<SearchHit>,
        unindexed: usize,
    },
    /// Answer to `Effect::IndexPending`: how many articles still wait to be
    /// indexed for search, or why the step failed.
    Indexed(Result<usize, String>),
    /// Answer to `Effect::LinkPending`: how many articles still wait for
    /// their story links, or why the step failed.
    Linked(Result<usize, String>),
    /// Answer to `Effect::PackTexts`: whether old texts are still left to
    /// pack into blocks, or why the step failed.
    Packed(Result<bool, String>),
    /// `Effect::Search` could not run: the query does not parse (the
    /// message says what to fix) or the store failed.
    SearchError {
        query: String,
        message: String,
    },
    /// A background refresh's progress, as the refresh sends it: its feed
    /// results carry the feed's id, so the feed list is not searched by name.
    Refresh(RefreshEvent),
    /// A store call failed; shown in the status bar.
    StoreError(String),
    /// `Effect::CopyToClipboard` was done (the URL copied).
    Copied(String),
    /// `Effect::OpenUrl` was done (the URL opened).
    Opened(String),
    /// Any other line for the status bar (e.g. "no browser over SSH: URL copied").
    Notice(String),
    /// Failure of an effect other than a store call (browser would not start…).
    Error(String),
    /// Answer to `Effect::AddFeed` / `Effect::ImportOpml`: these feeds were
    /// written to the config (the runtime has taken them into its
    /// settings); `message` says so.
    FeedsAdded {
        feeds: Vec<FeedSettings>,
        message: String,
    },
    /// `Effect::AddFeed` / `Effect::ImportOpml` failed; the message says why.
    AddFailed(String),
    /// Answer to `Effect::SetRead` / `Effect::MarkFeedsRead`: the articles
    /// whose read state the store really changed, with their feeds, so
    /// every view and every unread count follows exactly.
    /// `undoable`: a mark-read that `undo` can take back.
    ReadChanged {
        changes: Vec<(ArticleId, FeedId)>,
        read: bool,
        undoable: bool,
    },
    /// `Effect::OpenUrl` could not open the URL: `reason` says why; the
    /// runtime copied it (OSC 52) if it could. Shown whole in a popup.
    NotOpened {
        url: String,
        reason: String,
    },
    /// Answer to `Effect::LoadDownloads`: the download queue.
    Downloads(Vec<Download>),
    /// A download was queued, moved on, paused, finished or failed;
    /// `speed` is its rate in bytes per second while it runs.
    DownloadUpdate {
        download: Download,
        speed: u64,
    },
    /// Answer to `Effect::LoadImage`; `article` and `url` echo the request
    /// so an answer for a picture no longer asked for is dropped.
    ImageLoaded {
        article: ArticleId,
        url: String,
        result: Result<Picture, ImageFailure>,
    },
}

/// Work for the runtime. `update` never does I/O itself; it returns these,
/// and the runtime answers with `Msg`s (store reads off the UI thread).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// `Store::feeds()` → `Msg::FeedsLoaded`.
    LoadFeeds,
    /// `Store::articles(&ArticleQuery{feed, unread_only, ..})` →
    /// `Msg::ArticlesLoaded{feed, ..}`. `feed: None` = all feeds.
    LoadArticles {
        feed: Option<FeedId>,
        unread_only: bool,
    },
    /// `Store::article(id)` → `Msg::ArticleLoaded`.
    LoadArticle(ArticleId),
    /// `reader::body_lines(&html, width)` on a worker (HTML to text takes
    /// a good part of a second on a big document) →
    /// `Msg::BodyRendered{article, width, ..}`. The reader shows a
    /// "preparing" line meanwhile.
    RenderBody {
        article: ArticleId,
        width: u16,
        html: String,
    },
    /// `stories::top(store, settings, now, 7 days, tag, 100)` →
    /// `Msg::TopLoaded`.
    LoadTop { tag: Option<String> },
    /// `RelatedStories::related(store, id, settings.rank.related_count)` →
    /// `Msg::RelatedLoaded`. The runtime keeps the index between calls and
    /// rebuilds it when it does not know `id`.
    LoadRelated(ArticleId),
    /// `SearchQuery::parse` then `Store::search_catching_up` (at most
    /// `SEARCH_LIMIT` hits; indexing at most `SEARCH_CATCH_UP` queued
    /// articles first, the indexer does the rest) → `Msg::SearchResults` or
    /// `Msg::SearchError`.
    Search(String),
    /// `Store::index_some(INDEX_STEP)` on the store worker → `Msg::Indexed`.
    /// One step at a time: `update` asks for the next one when the answer
    /// says more wait, so other store effects wait one step at most, and
    /// quitting waits for one step only.
    IndexPending,
    /// One step of the story linker on the ranking worker
    /// (`Store::link_some`, one batch) → `Msg::Linked`; one at a time, as
    /// `IndexPending`.
    LinkPending,
    /// One step of packing old texts into blocks on the ranking worker
    /// (`Store::pack_texts` for `store::PACK_STEP`) → `Msg::Packed`; one
    /// at a time, none while a refresh writes.
    PackTexts,
    /// The cache changed (a refresh finished): drop the related-stories
    /// index so the next `LoadRelated` rebuilds it.
    InvalidateRelated,
    /// `Store::set_read` → `Msg::ReadChanged{undoable: false}`. The rows
    /// are already updated optimistically; counts follow the answer.
    SetRead { ids: Vec<ArticleId>, read: bool },
    /// `Store::set_starred`. The state is already updated optimistically.
    SetStarred { id: ArticleId, starred: bool },
    /// `Store::mark_feeds_read` → `Msg::ReadChanged{undoable: true}`. The
    /// rows are already updated optimistically; counts follow the answer.
    MarkFeedsRead(Vec<FeedId>),
    /// Find the feed for a site or feed URL (`discover`), append it to the
    /// config as `keruen add` does → `Msg::FeedsAdded` (or `Msg::Notice`
    /// when it is there already) or `Msg::AddFailed`.
    AddFeed(String),
    /// Read an OPML file and append its new feeds as `keruen import` does
    /// → `Msg::FeedsAdded`, `Msg::Notice` or `Msg::AddFailed`.
    ImportOpml(String),
    /// Start a background refresh of these feeds by name (`None` = all),
    /// relaying progress as `Msg::Refresh`. Never sent while one runs.
    /// `due_only`: the reader's own refresh (start-up, periodic) fetches
    /// only the feeds due by their schedule; one the user asks for, all.
    StartRefresh {
        feeds: Option<Vec<String>>,
        due_only: bool,
    },
    /// Open with `opener::plan` (`ui.browser`, `$BROWSER`, the desktop's
    /// opener) → `Msg::Opened`; when nothing can open it, copy it and
    /// answer `Msg::NotOpened`.
    OpenUrl(String),
    /// Copy with OSC 52, then send `Msg::Copied`.
    CopyToClipboard(String),
    /// `media::image::ImageLoader::load(url, cols, rows)` (disk cache or
    /// fetch, decode and encode off the UI thread) → `Msg::ImageLoaded`.
    /// Only ever sent on the user's request or with `ui.images = "always"`.
    LoadImage {
        article: ArticleId,
        url: String,
        cols: u16,
        rows: u16,
    },
    /// Restore the terminal and exit.
    Quit,
    /// Queue enclosure `index` of `article` in the media queue →
    /// `Msg::DownloadUpdate` and a notice (or `Msg::Error`).
    QueueDownload { article: ArticleId, index: usize },
    /// Run the `player` on enclosure `index` of `article`: its downloaded
    /// file when there is one, else its URL → `Msg::Notice` / `Msg::Error`.
    Play { article: ArticleId, index: usize },
    /// Run the `player` on a download (its file when done, else its URL).
    PlayDownload(DownloadId),
    /// The queue from the store → `Msg::Downloads`.
    LoadDownloads,
    /// Pause a running or queued download, resume a paused or failed one
    /// → `Msg::DownloadUpdate`.
    PauseDownload(DownloadId),
}

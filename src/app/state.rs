//! The whole UI state. `update` mutates it; `ui::render` only reads it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::SearchHit;
use crate::domain::TopEntry;
use crate::domain::{
    Article, ArticleId, ArticleSummary, Download, DownloadId, FeedId, FeedSummary,
};
use crate::i18n::{FluentValue, Lang, ids};
use crate::media::image::{ImageFailure, ImageRef, Picture};
use crate::text_fold::fold;

use super::dialog::{Popup, Prompt};
use super::keymap::Keymap;
pub use super::layout::Pane;
use super::layout::{self, Layout};
pub use super::list::ListView;
use super::list::{ListNav, ListPane, Row, RowKey};
use super::msg::Effect;
use super::reader::{Listed, ReaderLine, RenderedBody};

/// A row of the feed list: the "All articles" entry, or a feed by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedRow {
    All,
    Feed(usize),
}

impl Row for FeedRow {
    fn item(self) -> Option<usize> {
        match self {
            FeedRow::All => None,
            FeedRow::Feed(i) => Some(i),
        }
    }
}

/// The feed list: its rows are the "All articles" entry (when no filter
/// is typed) and the feeds the filter lets through.
pub type FeedsState = ListPane<FeedSummary, FeedRow>;

/// The article list; `loaded` is false until the first `ArticlesLoaded`
/// for `feed` arrives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticlesState {
    pub list: ListPane<ArticleSummary>,
    /// Which feed `items` belong to (`None` = all feeds).
    pub feed: Option<FeedId>,
}

/// The open article: its lines are built in `update` (see `reader`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReaderState {
    pub id: ArticleId,
    /// `None` while loading.
    pub article: Option<Article>,
    pub lines: Vec<ReaderLine>,
    /// The width `lines` were wrapped to.
    pub wrap_width: u16,
    /// The body converted by a worker (`Msg::BodyRendered`); after a
    /// resize, until the new width's answer comes, the old width's.
    pub body: Option<RenderedBody>,
    /// The width a conversion was asked for and not answered yet.
    pub body_asked: Option<u16>,
    /// First line shown.
    pub scroll: usize,
    /// Where Esc / q goes back to: the article list or Top stories.
    pub return_to: Pane,
    /// Listed after the text (`Msg::RelatedLoaded`): first the other
    /// reports of this article's own story, then the stories similar to
    /// it. One list, so picking (`]` / `[`) and opening walk both.
    pub related: Vec<ArticleSummary>,
    /// How many of `related`'s first entries are reports of the own story.
    pub reports: usize,
    /// False until `Msg::RelatedLoaded` for this article: an empty `related`
    /// then means "still looking", not "nothing related".
    pub related_loaded: bool,
    /// The related story picked with `]` / `[` (Enter opens it).
    pub related_selected: Option<usize>,
    /// The article's pictures and the one shown above the text.
    pub images: ReaderImages,
}

impl ReaderState {
    /// What is listed after the text once it is known, `None` while
    /// still looking.
    pub fn related_view(&self) -> Option<Listed<'_>> {
        self.related_loaded.then_some(Listed {
            items: &self.related,
            reports: self.reports,
        })
    }
}

/// The background linker's state (`links`: story links computed in steps).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkSteps {
    /// An `Effect::LinkPending` is out; one step runs at a time.
    pub running: bool,
    /// Articles waiting for their links, as last counted.
    pub waiting: usize,
}

/// The background packer's state (`pack`: old texts into blocks, in steps).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PackSteps {
    /// An `Effect::PackTexts` is out; one step runs at a time.
    pub running: bool,
}

/// The Top stories view. Its entries stay after the view is closed, so
/// reopening it shows the last list at once while a fresh one loads
/// (`loaded` is false until the first `TopLoaded` since it was opened).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopState {
    pub list: ListPane<TopEntry>,
    /// Only stories from feeds with this tag (`None` = all feeds).
    pub tag: Option<String>,
    /// Where Esc / q goes back to.
    pub return_to: Option<Pane>,
}

/// The global search view: the prompt being typed and the last results.
/// Like `TopState`, it keeps its results after the view is closed, so
/// reopening it shows them (and the query, ready to edit).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchState {
    /// The query text in the prompt.
    pub query: String,
    /// The prompt has the keyboard (typing edits `query`).
    pub editing: bool,
    /// The query sent to the store and not answered yet: only its answer
    /// is taken, so a slow answer to an older query is dropped.
    pub pending: Option<String>,
    /// The query the hits answer (`None` before the first answer).
    pub shown: Option<String>,
    /// The hits, best first (no filter: every hit is a row).
    pub list: ListPane<SearchHit>,
    /// Why the last query did not run (a parse error), for the status bar.
    pub error: Option<String>,
    /// Where Esc / q goes back to.
    pub return_to: Option<Pane>,
    /// Articles not yet in the search index, as last counted (the
    /// background indexer's queue: a refresh's new articles, a rebuilt
    /// index).
    pub unindexed: usize,
    /// An `Effect::IndexPending` is out; one step runs at a time.
    pub indexing: bool,
    /// The shown hits were searched while `unindexed` articles could not
    /// be found; they are searched again once the indexer is done.
    pub partial: bool,
}

/// Each view's state reads as its list (`state.top.rows`), plus its own
/// fields: what a `ListPane` does, every view does alike.
macro_rules! list_view_state {
    ($view:ty, $item:ty) => {
        impl std::ops::Deref for $view {
            type Target = ListPane<$item>;
            fn deref(&self) -> &ListPane<$item> {
                &self.list
            }
        }
        impl std::ops::DerefMut for $view {
            fn deref_mut(&mut self) -> &mut ListPane<$item> {
                &mut self.list
            }
        }
    };
}
list_view_state!(ArticlesState, ArticleSummary);
list_view_state!(TopState, TopEntry);
list_view_state!(SearchState, SearchHit);

/// Background refresh progress for the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefreshState {
    pub running: bool,
    pub total: usize,
    pub done: usize,
    pub new: u64,
    pub failed: usize,
    /// A feed brought changes since the last list reload; the next `Tick`
    /// reloads (so 500 feeds finishing don't cause 500 reloads).
    pub pending_reload: bool,
}

/// Where the config is, for the welcome screen (the runtime fills it in).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setup {
    /// The config file's full path, as the user should look for it.
    pub config_path: String,
    /// The file exists (else the built-in defaults are in use).
    pub config_exists: bool,
    /// Feeds the config lists.
    pub configured_feeds: usize,
}

/// The articles the last mark-read (`A`) changed, for `undo`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UndoMarkRead {
    pub ids: Vec<ArticleId>,
}

/// A transient status line and when it was set (it expires on `Tick`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// Wall clock as of the last `Tick` (for relative dates).
    pub now: DateTime<Utc>,
    pub width: u16,
    pub height: u16,
    pub keymap: Keymap,
    pub focus: Pane,
    pub feeds: FeedsState,
    pub articles: ArticlesState,
    pub reader: Option<ReaderState>,
    pub top: TopState,
    pub search: SearchState,
    /// The list whose filter is being typed, if any.
    pub filter_input: Option<Pane>,
    pub show_help: bool,
    /// First help line shown (the overlay scrolls when it does not fit).
    pub help_scroll: usize,
    /// List only unread articles (from `ui.show_read = false`).
    pub unread_only: bool,
    pub refresh: RefreshState,
    /// The background linker of story links (`links`).
    pub links: LinkSteps,
    /// The background packer of old texts (`pack`).
    pub pack: PackSteps,
    /// The last error (store, refresh or effect), until the next refresh.
    pub last_error: Option<String>,
    pub notice: Option<Notice>,
    pub quitting: bool,
    /// Emit footnote URLs as OSC 8 hyperlinks (`ui.osc8_links`; the
    /// runtime sets it, tests leave it off so snapshots stay plain text).
    pub osc8_links: bool,
    /// The interface language (`ui.language` or the locale; the runtime
    /// sets it, tests pick one).
    pub lang: Lang,
    /// When pictures are fetched (`ui.images`; the runtime sets it).
    pub images: crate::config::settings::ImageMode,
    /// The one-line prompt being answered (add feed, import, confirm).
    pub prompt: Option<Prompt>,
    /// A text shown over the screen until a key dismisses it.
    pub popup: Option<Popup>,
    /// The config's place and size, for the welcome screen.
    pub setup: Setup,
    /// Work in the background the status bar names ("looking for a feed
    /// at …") until its answer comes.
    pub task: Option<String>,
    /// Feeds to refresh once the running refresh finishes (added meanwhile).
    pub queued_refresh: Option<Vec<String>>,
    /// What `undo` restores.
    pub undo: Option<UndoMarkRead>,
    /// When to refresh without being asked (the runtime sets it from the
    /// config; off by default).
    pub auto_refresh: AutoRefresh,
    /// The downloads view and the reader's pick of an enclosure.
    pub downloads: DownloadsView,
}

/// What the auto refresh needs from the config (the runtime fills it in;
/// the default, `every: None`, never refreshes by itself).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AutoRefresh {
    /// `fetch.refresh_interval`; `None` = off.
    pub every: Option<chrono::Duration>,
    /// The configured feeds' URLs: one the cache does not know yet has
    /// never been fetched.
    pub configured_urls: Vec<String>,
    /// The start-up check ran (on the first feed list from the cache).
    pub startup_checked: bool,
}

impl AutoRefresh {
    /// `every` from the config's `std` duration (a huge one never fires).
    pub fn new(every: Option<std::time::Duration>, configured_urls: Vec<String>) -> AutoRefresh {
        AutoRefresh {
            every: every.map(|d| chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)),
            configured_urls,
            startup_checked: false,
        }
    }
}

/// How long a notice stays in the status bar.
pub const NOTICE_SECS: i64 = 5;

impl AppState {
    /// A fresh state: empty lists, "All articles" selected, feeds focused.
    /// Send `initial_effects()` to the runtime, then a `Msg::Resize`.
    pub fn new(keymap: Keymap, now: DateTime<Utc>, unread_only: bool) -> AppState {
        AppState {
            now,
            width: 0,
            height: 0,
            keymap,
            focus: Pane::Feeds,
            feeds: FeedsState {
                rows: vec![FeedRow::All],
                ..FeedsState::default()
            },
            articles: ArticlesState::default(),
            reader: None,
            top: TopState::default(),
            search: SearchState::default(),
            filter_input: None,
            show_help: false,
            help_scroll: 0,
            unread_only,
            refresh: RefreshState::default(),
            links: Default::default(),
            pack: Default::default(),
            last_error: None,
            notice: None,
            quitting: false,
            osc8_links: false,
            lang: Lang::En,
            images: Default::default(),
            prompt: None,
            popup: None,
            setup: Setup::default(),
            task: None,
            queued_refresh: None,
            undo: None,
            auto_refresh: AutoRefresh::default(),
            downloads: Default::default(),
        }
    }

    /// No feed in the config or the cache: the screen welcomes a new user
    /// (where the config is, how to add a feed) instead of empty lists.
    pub fn welcome(&self) -> bool {
        self.feeds.items.is_empty() && self.setup.configured_feeds == 0
    }

    /// The first screen comes from the cache: feeds and all articles.
    pub fn initial_effects(&self) -> Vec<Effect> {
        vec![Effect::LoadFeeds, self.load_articles()]
    }

    pub fn load_articles(&self) -> Effect {
        Effect::LoadArticles {
            feed: self.selected_feed_id(),
            unread_only: self.unread_only,
        }
    }

    pub fn layout(&self) -> Layout {
        Layout::compute(self.width, self.height, self.focus)
    }

    /// The feed under the cursor (`None` on the "All articles" row).
    pub fn selected_feed(&self) -> Option<&FeedSummary> {
        self.feeds.selected_item()
    }

    /// The feed whose articles are listed: `None` = all feeds.
    pub fn selected_feed_id(&self) -> Option<FeedId> {
        self.selected_feed().map(|f| f.id)
    }

    pub fn selected_article(&self) -> Option<&ArticleSummary> {
        self.articles.selected_item()
    }

    /// The article commands act on: the open one in the reader, else the
    /// selected one in the list.
    pub fn target_article(&self) -> Option<&ArticleSummary> {
        match (&self.focus, &self.reader) {
            (Pane::Reader, Some(r)) => self
                .articles
                .items
                .iter()
                .find(|a| a.id == r.id)
                .or(r.article.as_ref().map(|a| &a.summary)),
            (Pane::Articles, _) => self.selected_article(),
            (Pane::Top, _) => self.selected_top().map(|e| &e.article),
            (Pane::Search, _) => self.selected_hit().map(|h| &h.article),
            _ => None,
        }
    }

    /// The Top stories entry under the cursor.
    pub fn selected_top(&self) -> Option<&TopEntry> {
        self.top.selected_item()
    }

    /// The search hit under the cursor.
    pub fn selected_hit(&self) -> Option<&SearchHit> {
        self.search.selected_item()
    }

    /// The list `pane` shows (`None` for the reader).
    pub fn list(&self, pane: Pane) -> Option<&dyn ListNav> {
        match pane {
            Pane::Feeds => Some(&self.feeds),
            Pane::Articles => Some(&self.articles.list),
            Pane::Top => Some(&self.top.list),
            Pane::Search => Some(&self.search.list),
            Pane::Reader => None,
        }
    }

    pub fn list_mut(&mut self, pane: Pane) -> Option<&mut dyn ListNav> {
        match pane {
            Pane::Feeds => Some(&mut self.feeds),
            Pane::Articles => Some(&mut self.articles.list),
            Pane::Top => Some(&mut self.top.list),
            Pane::Search => Some(&mut self.search.list),
            Pane::Reader => None,
        }
    }

    /// Items of `pane` that fit at once (lines, for the reader), at the
    /// size the pane has when it is focused.
    pub fn page(&self, pane: Pane) -> usize {
        if pane == Pane::Reader {
            return self.reader_page();
        }
        let l = Layout::compute(self.width, self.height, pane);
        l.rect(pane)
            .map(|r| {
                let inner = layout::inner(r);
                usize::from(inner.height / layout::item_height(pane, inner))
            })
            .unwrap_or(1)
            .max(1)
    }

    /// The search prompt has the keyboard (typing edits the query).
    pub fn search_editing(&self) -> bool {
        self.focus == Pane::Search && self.search.editing
    }

    /// True while `pane`'s view is on screen or under the reader (Top
    /// stories and search answer a finished refresh only then).
    pub fn view_open(&self, pane: Pane) -> bool {
        self.focus == pane
            || (self.focus == Pane::Reader
                && self.reader.as_ref().is_some_and(|r| r.return_to == pane))
    }

    /// The language and keys the reader's text names.
    pub fn reader_words(&self) -> super::reader::ReaderWords {
        super::reader::ReaderWords {
            lang: self.lang,
            related_keys: self.related_keys_hint(),
            open_key: self.key_hint(super::command::Command::OpenInBrowser),
            download_key: self.key_hint(super::command::Command::Download),
            play_key: self.key_hint(super::command::Command::Play),
        }
    }

    /// The keys that pick and open related stories, for the reader's
    /// "Related stories" heading: "] [ pick · enter open" with the defaults.
    pub fn related_keys_hint(&self) -> String {
        use super::command::Command;
        let first = |c: Command| self.keymap.keys_for(c).first().map(|k| k.to_string());
        let pick: Vec<String> = [Command::NextRelated, Command::PrevRelated]
            .into_iter()
            .filter_map(first)
            .collect();
        let open = self
            .keymap
            .keys_for(Command::Open)
            .into_iter()
            .find(|k| k.code == crossterm::event::KeyCode::Enter)
            .or_else(|| self.keymap.keys_for(Command::Open).first().copied());
        let mut parts = Vec::new();
        if !pick.is_empty() {
            let keys = FluentValue::from(pick.join(" "));
            parts.push(self.lang.t(ids::HINT_PICK, &[("keys", keys)]));
        }
        if let Some(k) = open {
            let key = FluentValue::from(k.to_string());
            parts.push(self.lang.t(ids::HINT_OPEN_KEY, &[("key", key)]));
        }
        parts.join(" · ")
    }

    /// The key to press for `c`, as the help names it ("R", "enter"); the
    /// command's name when no key is bound to it.
    pub fn key_hint(&self, c: super::command::Command) -> String {
        let keys = self.keymap.keys_for(c);
        keys.iter()
            .find(|k| {
                c == super::command::Command::Open && k.code == crossterm::event::KeyCode::Enter
            })
            .or(keys.first())
            .map_or_else(|| c.name().to_string(), ToString::to_string)
    }

    /// Rebuild the Top rows from its filter (title, sources, the sources'
    /// tags), keeping the selected story selected when it still shows.
    pub fn refilter_top(&mut self) {
        let keep = self.top.selected_key();
        let page = self.page(Pane::Top);
        let q = fold(&self.top.filter);
        let feeds = &self.feeds.items;
        let hit = |e: &TopEntry| {
            q.is_empty()
                || article_matches(&e.article, &q)
                || e.sources.iter().any(|s| {
                    fold(s).contains(&q)
                        || feeds
                            .iter()
                            .find(|f| &f.name == s)
                            .is_some_and(|f| feed_matches(f, &q))
                })
        };
        let rows = self.top.rows_where(false, hit);
        self.top.set_rows(rows, keep, page);
    }

    /// Articles that fit in the list at once.
    pub fn articles_page(&self) -> usize {
        self.page(Pane::Articles)
    }

    /// Lines of article text visible at once.
    pub fn reader_page(&self) -> usize {
        self.reader_area_height().max(1)
    }

    fn reader_area_height(&self) -> usize {
        let l = Layout::compute(self.width, self.height, Pane::Reader);
        // A picture shown above the text takes its rows.
        let picture = self.reader.as_ref().map_or(0, |r| r.images.block_height());
        l.reader
            .map(|r| usize::from(layout::reader_text_area(r).height.saturating_sub(picture)))
            .unwrap_or(0)
    }

    /// The width article text is wrapped to at the current size.
    pub fn reader_wrap_width(&self) -> u16 {
        let l = Layout::compute(self.width, self.height, Pane::Reader);
        l.reader
            .map(|r| layout::reader_text_area(r).width)
            .unwrap_or(0)
    }

    /// Largest useful reader scroll: the last line at the bottom.
    pub fn reader_max_scroll(&self) -> usize {
        self.reader
            .as_ref()
            .map(|r| r.lines.len().saturating_sub(self.reader_page()))
            .unwrap_or(0)
    }

    pub fn set_notice(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            at: self.now,
        });
    }

    /// Rebuild the feed rows from the filter (case-insensitive, any script).
    pub fn refilter_feeds(&mut self) {
        let keep = self.feeds.selected_key();
        self.refilter_feeds_keeping(keep);
    }

    /// Rebuild the feed rows and put the cursor on `keep` (a feed id, or
    /// `Some(None)` for the All row) when it is still listed. Used after
    /// the feed list itself was replaced, when row indices changed meaning.
    pub fn refilter_feeds_keeping(&mut self, keep: RowKey<FeedId>) {
        let q = fold(&self.feeds.filter);
        let mut rows = Vec::with_capacity(self.feeds.items.len() + 1);
        if q.is_empty() {
            rows.push(FeedRow::All);
        }
        for (i, f) in self.feeds.items.iter().enumerate() {
            if q.is_empty() || feed_matches(f, &q) {
                rows.push(FeedRow::Feed(i));
            }
        }
        let page = self.page(Pane::Feeds);
        self.feeds.set_rows(rows, keep, page);
    }

    /// Rebuild the article rows from the filter, keeping the selected
    /// article selected when it still shows.
    pub fn refilter_articles(&mut self) {
        self.refilter_articles_within(false);
    }

    /// As `refilter_articles`; with `narrow`, only the rows shown now are
    /// searched. Valid when the query only grew (typing another letter), and
    /// it keeps typing fast on a 100k-article list.
    pub fn refilter_articles_within(&mut self, narrow: bool) {
        let keep = self.articles.selected_key();
        let page = self.page(Pane::Articles);
        let q = fold(&self.articles.filter);
        let rows = self
            .articles
            .rows_where(narrow, |a| q.is_empty() || article_matches(a, &q));
        self.articles.set_rows(rows, keep, page);
    }

    /// Rebuild `pane`'s rows from its filter (`narrow`: see
    /// `refilter_articles_within`). Search has no filter.
    pub fn refilter(&mut self, pane: Pane, narrow: bool) {
        match pane {
            Pane::Feeds => self.refilter_feeds(),
            Pane::Articles => self.refilter_articles_within(narrow),
            Pane::Top => self.refilter_top(),
            Pane::Search | Pane::Reader => {}
        }
    }

    /// Adjust a feed's unread count after a local read-state change.
    pub fn bump_unread(&mut self, feed: FeedId, delta: i64) {
        if let Some(f) = self.feeds.items.iter_mut().find(|f| f.id == feed) {
            f.unread = f.unread.saturating_add_signed(delta);
        }
    }

    /// Why the feed under the cursor failed, while the feed list has the
    /// focus: "name: error" (the `!` in the list says that it failed).
    pub fn selected_feed_error(&self) -> Option<String> {
        if self.focus != Pane::Feeds {
            return None;
        }
        let f = self.selected_feed()?;
        let e = f.last_error.as_deref()?;
        Some(crate::sanitize::line(&format!("{}: {e}", f.name)))
    }

    /// The error the status bar shows: a search that did not parse (in the
    /// search view), else the last error, else the selected feed's.
    pub fn status_error(&self) -> Option<String> {
        let search = self
            .search
            .error
            .clone()
            .filter(|_| self.focus == Pane::Search);
        search
            .or_else(|| self.last_error.clone())
            .or_else(|| self.selected_feed_error())
    }

    /// Everything the status bar says, whole (it may cut it; `!` shows
    /// this in a popup).
    pub fn status_message(&self) -> Option<String> {
        let parts: Vec<String> = self
            .status_error()
            .into_iter()
            .chain(self.notice.as_ref().map(|n| n.text.clone()))
            .collect();
        (!parts.is_empty()).then(|| parts.join("\n\n"))
    }

    pub fn total_unread(&self) -> u64 {
        self.feeds.items.iter().map(|f| f.unread).sum()
    }
}

/// `q` is folded (`text_fold::fold`); each field is folded alike.
fn feed_matches(f: &FeedSummary, q: &str) -> bool {
    fold(&f.name).contains(q)
        || f.title.as_deref().is_some_and(|t| fold(t).contains(q))
        || f.tags.iter().any(|t| fold(t).contains(q))
}

fn article_matches(a: &ArticleSummary, q: &str) -> bool {
    fold(&a.title).contains(q)
        || fold(&a.feed_name).contains(q)
        || a.author.as_deref().is_some_and(|s| fold(s).contains(q))
        || a.category.as_deref().is_some_and(|s| fold(s).contains(q))
}

/// The reader's pictures and the one being shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReaderImages {
    /// The article's pictures, lead image first (filled when it loads).
    pub list: Vec<ImageRef>,
    /// The index in `list` asked for or shown.
    pub current: Option<usize>,
    pub status: ImageStatus,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum ImageStatus {
    /// Nothing asked for (or hidden again).
    #[default]
    Hidden,
    Loading,
    Shown(Picture),
    Failed(ImageFailure),
}

impl ReaderImages {
    /// Rows the picture block takes above the reader text: a caption line,
    /// plus the picture when it is shown.
    pub fn block_height(&self) -> u16 {
        match &self.status {
            ImageStatus::Hidden => 0,
            ImageStatus::Loading | ImageStatus::Failed(_) => 1,
            ImageStatus::Shown(p) => p.rows.saturating_add(1),
        }
    }
}

/// The downloads view and the reader's pick of an enclosure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DownloadsView {
    pub open: bool,
    /// The queue as the store has it, oldest first.
    pub items: Vec<Download>,
    pub selected: usize,
    /// Bytes per second of each running download, as last reported.
    pub speed: BTreeMap<DownloadId, u64>,
    /// The enclosure picked with a digit in the reader (0-based), for
    /// that article.
    pub picked: Option<(ArticleId, usize)>,
}

impl DownloadsView {
    pub fn selected_item(&self) -> Option<&Download> {
        self.items.get(self.selected)
    }
}

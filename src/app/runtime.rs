//! The runtime: the only place with `select!`, channels and spawning.
//!
//! It owns the terminal, feeds every input into `update`, executes the
//! `Effect`s that come out and redraws. Store calls run on a dedicated worker
//! thread (SQLite is synchronous), refreshes run as tokio tasks; both answer
//! with `Msg`s over one channel, so the UI thread never waits on I/O.

use std::path::PathBuf;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use chrono::Utc;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use tokio::sync::mpsc;

use super::{AppState, Command, Effect, Keymap, Msg, RefreshProgress};
use crate::config::Settings;
use crate::fetch::Fetcher;
use crate::refresh::{self, RefreshEvent, RefreshPlan};
use crate::store::{ArticleQuery, Store};
use crate::stories::{self, RelatedStories};
use crate::ui::{self, Theme};
use crate::{app, tui};

/// How often the clock ticks into `update` (relative dates, notices,
/// batched list reloads during a refresh).
const TICK: Duration = Duration::from_millis(250);

/// What the interactive reader needs to start.
pub struct RuntimeConfig {
    pub settings: Settings,
    pub db_path: PathBuf,
}

/// Run the interactive reader until the user quits.
pub fn run(config: RuntimeConfig) -> anyhow::Result<()> {
    let keymap = Keymap::with_overrides(&config.settings.keys)?;
    let fetcher = Fetcher::new(&config.settings.fetch)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    tui::install_panic_hook();
    let mut terminal = tui::enter(config.settings.ui.mouse)?;
    let result = runtime.block_on(event_loop(&mut terminal, config, keymap, fetcher));
    tui::restore();
    result
}

async fn event_loop(
    terminal: &mut tui::Tui,
    config: RuntimeConfig,
    keymap: Keymap,
    fetcher: Fetcher,
) -> anyhow::Result<()> {
    let settings = config.settings;
    let theme = Theme::resolve(
        settings.ui.theme,
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    );
    let (msg_tx, mut msg_rx) = mpsc::unbounded_channel::<Msg>();
    let store = StoreWorker::start(
        "keruen-store",
        config.db_path.clone(),
        settings.clone(),
        msg_tx.clone(),
    )?;
    // Ranking (Top stories, related stories) takes a moment on a big
    // cache: it gets its own thread and connection so that list and
    // article reads never queue behind it.
    let ranker = StoreWorker::start(
        "keruen-rank",
        config.db_path.clone(),
        settings.clone(),
        msg_tx.clone(),
    )?;
    let ctx = Ctx {
        settings: &settings,
        db_path: config.db_path,
        fetcher,
        store,
        ranker,
        msgs: msg_tx,
    };

    let (mut state, effects) = app::init(keymap, Utc::now(), !settings.ui.show_read);
    state.osc8_links = settings.ui.osc8_links;
    let size = terminal.size()?;
    let mut pending: Vec<Effect> = effects;
    pending.extend(app::update(
        &mut state,
        Msg::Resize(size.width, size.height),
    ));
    if execute_all(&ctx, &mut state, pending) {
        return Ok(());
    }
    terminal.draw(|f| ui::render(&state, &theme, f))?;

    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let auto_every = settings.fetch.refresh_interval;
    let mut auto = tokio::time::interval(auto_every.unwrap_or(Duration::from_secs(3600)));
    auto.tick().await; // the first tick fires at once; start-up refresh is decided below
    let mut startup_refresh_checked = false;

    loop {
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Msg::Key(k),
                Some(Ok(Event::Mouse(m))) => Msg::Mouse(m),
                Some(Ok(Event::Resize(_, _))) => {
                    // Repaint everything: a terminal shrunk and grown back
                    // between two frames has lost what was drawn, yet ends
                    // at the size of the last frame, so ratatui's diff
                    // would redraw nothing. `resize` clears and resets the
                    // diff without `clear`'s cursor-position query. The
                    // size is read now: resize events may be stale.
                    let size = terminal.size()?;
                    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
                    Msg::Resize(size.width, size.height)
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            Some(msg) = msg_rx.recv() => msg,
            _ = tick.tick() => Msg::Tick(Utc::now()),
            _ = auto.tick(), if auto_every.is_some() => {
                if state.refresh.running { continue; }
                let effects = app::update::run(&mut state, Command::RefreshAll);
                if execute_all(&ctx, &mut state, effects) { return Ok(()); }
                terminal.draw(|f| ui::render(&state, &theme, f))?;
                continue;
            }
        };
        // The feed list may come in any of the folded messages.
        let mut feeds_loaded = matches!(msg, Msg::FeedsLoaded(_));
        let mut effects = app::update(&mut state, msg);
        // Take whatever else is already waiting before drawing once.
        while let Ok(more) = msg_rx.try_recv() {
            feeds_loaded |= matches!(more, Msg::FeedsLoaded(_));
            effects.extend(app::update(&mut state, more));
        }
        if feeds_loaded && !startup_refresh_checked {
            startup_refresh_checked = true;
            if needs_startup_refresh(&state, &settings, Utc::now()) && !state.refresh.running {
                effects.extend(app::update::run(&mut state, Command::RefreshAll));
            }
        }
        if execute_all(&ctx, &mut state, effects) {
            return Ok(());
        }
        terminal.draw(|f| ui::render(&state, &theme, f))?;
    }
}

/// Refresh at start when some feed has never been fetched (a configured
/// feed the cache does not know yet counts: on a first start the cache has
/// none), or its last success is older than the refresh interval.
fn needs_startup_refresh(
    state: &AppState,
    settings: &Settings,
    now: chrono::DateTime<Utc>,
) -> bool {
    let Some(every) = settings.fetch.refresh_interval else {
        return false;
    };
    let every = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX);
    let known: std::collections::HashSet<&str> =
        state.feeds.items.iter().map(|f| f.url.as_str()).collect();
    settings
        .feeds
        .iter()
        .any(|f| !known.contains(f.url.as_str()))
        || state
            .feeds
            .items
            .iter()
            .any(|f| f.last_success.is_none_or(|t| now - t > every))
}

struct Ctx<'a> {
    settings: &'a Settings,
    db_path: PathBuf,
    fetcher: Fetcher,
    store: StoreWorker,
    ranker: StoreWorker,
    msgs: mpsc::UnboundedSender<Msg>,
}

/// Execute effects; returns true when the app should quit.
fn execute_all(ctx: &Ctx<'_>, state: &mut AppState, effects: Vec<Effect>) -> bool {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Quit => return true,
            Effect::StartRefresh { feeds } => start_refresh(ctx, feeds),
            Effect::OpenUrl(url) => {
                let msg = open_url(ctx.settings, &url);
                queue.extend(app::update(state, msg));
            }
            Effect::CopyToClipboard(url) => {
                let msg = match tui::copy_osc52(&url) {
                    Ok(()) => Msg::Copied(url),
                    Err(e) => Msg::Error(format!("could not copy: {e}")),
                };
                queue.extend(app::update(state, msg));
            }
            e @ (Effect::LoadTop { .. } | Effect::LoadRelated(_) | Effect::InvalidateRelated) => {
                ctx.ranker.send(e)
            }
            other => ctx.store.send(other),
        }
    }
    false
}

fn open_url(settings: &Settings, url: &str) -> Msg {
    let browser_env = std::env::var("BROWSER").ok();
    let over_ssh = std::env::var_os("SSH_CONNECTION").is_some();
    match app::open::plan_open(
        url,
        settings.ui.browser.as_deref(),
        browser_env.as_deref(),
        over_ssh,
    ) {
        app::open::OpenPlan::Run { program, args } => {
            match std::process::Command::new(&program)
                .args(&args)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
            {
                Ok(_) => Msg::Opened(url.to_string()),
                Err(e) => Msg::Error(format!("could not start browser `{program}`: {e}")),
            }
        }
        app::open::OpenPlan::Copy { reason } => {
            if settings.ui.osc52_copy {
                let _ = tui::copy_osc52(url);
            }
            Msg::Notice(format!("{reason}: {url}"))
        }
    }
}

/// Spawn a background refresh that relays its events as `Msg::Refresh`.
fn start_refresh(ctx: &Ctx<'_>, feeds: Option<Vec<String>>) {
    let s = ctx.settings;
    let plan = RefreshPlan {
        db_path: ctx.db_path.clone(),
        all_feeds: s.feeds.clone(),
        only: feeds,
        concurrency: s.fetch.concurrency.get(),
        max_items_per_feed: s.fetch.max_items_per_feed,
        retention: s.cache.clone(),
    };
    let fetcher = ctx.fetcher.clone();
    let msgs = ctx.msgs.clone();
    tokio::spawn(async move {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let job = tokio::spawn(refresh::run(plan, fetcher, tx));
        while let Some(ev) = rx.recv().await {
            let progress = match ev {
                RefreshEvent::Waiting { message } => {
                    let _ = msgs.send(Msg::Notice(message));
                    continue;
                }
                RefreshEvent::Started { total } => RefreshProgress::Started { total },
                RefreshEvent::FeedDone { name, outcome, .. } => RefreshProgress::FeedDone {
                    feed_name: name,
                    outcome,
                },
                RefreshEvent::Finished(_) => RefreshProgress::Finished,
            };
            let _ = msgs.send(Msg::Refresh(progress));
        }
        match job.await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                let _ = msgs.send(Msg::Error(format!("refresh failed: {e}")));
                let _ = msgs.send(Msg::Refresh(RefreshProgress::Finished));
            }
            Err(_) => {
                let _ = msgs.send(Msg::Error("refresh stopped unexpectedly".into()));
                let _ = msgs.send(Msg::Refresh(RefreshProgress::Finished));
            }
        }
    });
}

/// A thread that owns a store connection and answers effects with
/// messages, in order. SQLite calls block, so they never run on the UI task.
/// The runtime runs two: one for reads and writes, one for ranking.
/// Dropping it waits for the queued jobs: a read or star toggled just
/// before quitting is written, not lost with the process.
struct StoreWorker {
    jobs: Option<std_mpsc::Sender<Effect>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StoreWorker {
    fn start(
        name: &str,
        db_path: PathBuf,
        settings: Settings,
        msgs: mpsc::UnboundedSender<Msg>,
    ) -> anyhow::Result<StoreWorker> {
        let (jobs, rx) = std_mpsc::channel::<Effect>();
        // Open here so a broken cache is reported before the UI starts.
        let store = Store::open(&db_path)?;
        let thread = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let mut worker = Worker {
                    store,
                    settings,
                    related: None,
                };
                for effect in rx {
                    // Once the UI is gone nobody reads the answers, but the
                    // queued writes must still land: keep going until the
                    // queue is closed and empty.
                    if let Some(msg) = worker.answer(effect) {
                        let _ = msgs.send(msg);
                    }
                }
            })?;
        Ok(StoreWorker {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    fn send(&self, effect: Effect) {
        // The worker only stops when the UI is gone; nothing to report then.
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(effect);
        }
    }
}

impl Drop for StoreWorker {
    fn drop(&mut self) {
        // Closing the queue ends the worker's loop after the last job.
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The newest this many articles fill the all-feeds list; a single feed's
/// list is already bounded by retention. Keeps start-up on a big cache fast.
const ALL_FEEDS_LIMIT: usize = 5_000;

/// How far back the Top stories view looks.
const TOP_WINDOW: Duration = Duration::from_secs(7 * 24 * 3600);
/// Stories the Top view lists.
const TOP_LIMIT: usize = 100;

/// An index younger than this is not rebuilt for an article it does not
/// know (refreshes invalidate it explicitly).
const REBUILD_MIN_AGE: chrono::Duration = chrono::Duration::seconds(30);

/// The store worker's state: the connection, and the related-stories index
/// (expensive to build, so kept until a refresh changes the cache or an
/// article it does not know is opened).
struct Worker {
    store: Store,
    settings: Settings,
    related: Option<RelatedStories>,
}

impl Worker {
    fn answer(&mut self, effect: Effect) -> Option<Msg> {
        let result = match effect {
            Effect::LoadTop { tag } => stories::top(
                &self.store,
                &self.settings,
                Utc::now(),
                TOP_WINDOW,
                tag.as_deref(),
                TOP_LIMIT,
            )
            .map(|entries| Some(Msg::TopLoaded { tag, entries })),
            Effect::LoadRelated(id) => self.related(id).map(|related| {
                Some(Msg::RelatedLoaded {
                    article: id,
                    related,
                })
            }),
            Effect::InvalidateRelated => {
                self.related = None;
                Ok(None)
            }
            other => return answer(&mut self.store, other),
        };
        result.unwrap_or_else(|e| Some(Msg::StoreError(e.to_string())))
    }

    fn related(
        &mut self,
        id: crate::domain::ArticleId,
    ) -> Result<Vec<crate::domain::ArticleSummary>, crate::store::StoreError> {
        let now = Utc::now();
        let index = match self.related.take() {
            Some(index) if index.knows(id) => index,
            // An article outside the index's window is unknown to any
            // rebuild: don't rebuild for it on every open.
            Some(index) if now - index.built_at < REBUILD_MIN_AGE => index,
            // Not built yet, or the article arrived after the build.
            _ => RelatedStories::build(&self.store, &self.settings, now)?,
        };
        let out = index.related(&self.store, id, self.settings.rank.related_count);
        self.related = Some(index);
        out
    }
}

fn answer(store: &mut Store, effect: Effect) -> Option<Msg> {
    let result = match effect {
        Effect::LoadFeeds => store.feeds().map(|f| Some(Msg::FeedsLoaded(f))),
        Effect::LoadArticles { feed, unread_only } => store
            .articles(&ArticleQuery {
                feed,
                unread_only,
                limit: feed.is_none().then_some(ALL_FEEDS_LIMIT),
                ..ArticleQuery::default()
            })
            .map(|articles| Some(Msg::ArticlesLoaded { feed, articles })),
        Effect::LoadArticle(id) => store
            .article(id)
            .map(|a| Some(Msg::ArticleLoaded(Box::new(a)))),
        Effect::SetRead { ids, read } => store.set_read(&ids, read).map(|()| None),
        Effect::SetStarred { id, starred } => store.set_starred(id, starred).map(|()| None),
        Effect::MarkFeedRead(feed) => store.mark_feed_read(feed).map(|_| None),
        Effect::Search(query) => Ok(Some(search(store, query))),
        // Handled by the runtime itself, or by `Worker`.
        Effect::LoadTop { .. } | Effect::LoadRelated(_) | Effect::InvalidateRelated => Ok(None),
        Effect::StartRefresh { .. }
        | Effect::OpenUrl(_)
        | Effect::CopyToClipboard(_)
        | Effect::Quit => Ok(None),
    };
    result.unwrap_or_else(|e| Some(Msg::StoreError(e.to_string())))
}

/// Parse and run a search; a query that does not parse is the user's to
/// fix, so its message goes back as it is (it says what to type instead).
fn search(store: &Store, query: String) -> Msg {
    let parsed = match crate::search_query::SearchQuery::parse(&query) {
        Ok(q) => q,
        Err(e) => {
            return Msg::SearchError {
                query,
                message: e.to_string(),
            };
        }
    };
    let q = crate::search_query::SearchQuery {
        limit: app::SEARCH_LIMIT,
        ..parsed
    };
    match store.search(&q) {
        Ok(hits) => Msg::SearchResults { query, hits },
        Err(e) => Msg::SearchError {
            query,
            message: format!("search failed: {e}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_start_refreshes_feeds_the_cache_does_not_know_yet() {
        let now = Utc::now();
        let settings = crate::config::parse(
            "[[feeds]]\nname = \"a\"\nurl = \"https://a.example/rss\"\n",
            None,
        )
        .unwrap();
        let mut state = AppState::new(Keymap::default(), now, false);
        // An empty cache: nothing listed yet, but a feed is configured.
        assert!(needs_startup_refresh(&state, &settings, now));
        let summary = |last_success| crate::domain::FeedSummary {
            id: crate::domain::FeedId(1),
            name: "a".into(),
            url: "https://a.example/rss".into(),
            tags: Vec::new(),
            title: None,
            total: 0,
            unread: 0,
            last_error: None,
            last_success,
        };
        state.feeds.items = vec![summary(Some(now - chrono::Duration::minutes(5)))];
        assert!(
            !needs_startup_refresh(&state, &settings, now),
            "fresh enough"
        );
        state.feeds.items = vec![summary(Some(now - chrono::Duration::hours(2)))];
        assert!(
            needs_startup_refresh(&state, &settings, now),
            "older than 30 min"
        );
        state.feeds.items = vec![summary(None)];
        assert!(
            needs_startup_refresh(&state, &settings, now),
            "never fetched"
        );
        let off = crate::config::parse(
            "[fetch]\nrefresh_interval = \"off\"\n[[feeds]]\nname = \"a\"\nurl = \"https://a.example/rss\"\n",
            None,
        )
        .unwrap();
        assert!(!needs_startup_refresh(
            &AppState::new(Keymap::default(), now, false),
            &off,
            now
        ));
    }

    #[test]
    fn worker_search_answers_hits_or_the_parse_error() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cache.db")).unwrap();
        match search(&store, "since:abc".into()) {
            Msg::SearchError { query, message } => {
                assert_eq!(query, "since:abc");
                assert!(message.contains("since:abc is not a duration"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            search(&store, "мектеп unread".into()),
            Msg::SearchResults {
                query: "мектеп unread".into(),
                hits: Vec::new()
            }
        );
    }

    #[test]
    fn worker_search_lists_at_most_the_limit_with_marked_snippets() {
        use crate::config::settings::FeedSettings;
        use crate::domain::{NewArticle, ParsedFeed};
        use crate::search_query::{MATCH_END, MATCH_START};

        let mut store = Store::open_in_memory().unwrap();
        let url = url::Url::parse("https://tengrinews.example/rss").unwrap();
        let ids = store
            .sync_feeds(&[FeedSettings::new("tengrinews", url)])
            .unwrap();
        let now = Utc::now();
        let items: Vec<NewArticle> = (0..app::SEARCH_LIMIT as i64 + 5)
            .map(|i| NewArticle {
                title_derived: false,
                key: format!("a{i}"),
                title: format!("Жаңа мектептер ашылды №{i}"),
                published: Some(now - chrono::Duration::minutes(i)),
                content: Some("<p>Бүгін елімізде жаңа мектептер ашылды.</p>".into()),
                ..NewArticle::default()
            })
            .collect();
        let parsed = ParsedFeed {
            items,
            damaged: false,
            ..ParsedFeed::default()
        };
        store
            .apply_update(ids[0], &parsed, &Default::default(), now)
            .unwrap();
        let Msg::SearchResults { query, hits } = search(&store, "МЕКТЕП".into()) else {
            panic!("search failed");
        };
        assert_eq!(query, "МЕКТЕП");
        assert_eq!(hits.len(), app::SEARCH_LIMIT);
        assert!(
            hits[0]
                .snippet
                .contains(&format!("{MATCH_START}мектептер{MATCH_END}")),
            "{:?}",
            hits[0].snippet
        );
    }
}

//! The runtime: the only place with `select!`, channels and spawning.
//!
//! It owns the terminal, feeds every input into `update`, executes the
//! `Effect`s that come out and redraws. Store calls run on a dedicated worker
//! thread (SQLite is synchronous), refreshes run as tokio tasks; both answer
//! with `Msg`s over one channel, so the UI thread never waits on I/O.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use chrono::Utc;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use tokio::sync::mpsc;

use crate::app::auto_refresh::AutoRefresh;
use crate::app::{AppState, Effect, Keymap, Msg};
use crate::config::Settings;
use crate::fetch::Fetcher;
use crate::i18n::{FluentValue, Lang, ids};
use crate::media::queue as media;
use crate::opener::OpenPlan;
use crate::store::Store;
use crate::ui::{self, Theme};
use crate::{app, opener, subscribe, tui};

mod rank_worker;
mod refresh_relay;
mod store_worker;

use rank_worker::Ranker;
use refresh_relay::start_refresh;
use store_worker::StoreWorker;

/// How often the clock ticks into `update` (relative dates, notices,
/// batched list reloads during a refresh).
const TICK: Duration = Duration::from_millis(250);

/// What the interactive reader needs to start.
pub struct RuntimeConfig {
    pub settings: Settings,
    pub db_path: PathBuf,
    /// The config file feeds are added to (`a`, `I`); it may not exist yet.
    pub config_path: PathBuf,
}

/// Run the interactive reader until the user quits.
pub fn run(config: RuntimeConfig) -> anyhow::Result<()> {
    let keymap = Keymap::with_overrides(&config.settings.keys)?;
    let fetcher = Fetcher::new(&config.settings.fetch)?;
    // Schema steps run when the store opens, and one may take seconds on a
    // big cache: say so and take them before the screen is the reader's.
    if let Some((from, to)) = Store::pending_migration(&config.db_path)? {
        let lang = Lang::from_env(config.settings.ui.language);
        let args = [
            (
                "path",
                FluentValue::from(config.db_path.display().to_string()),
            ),
            ("from", FluentValue::from(from)),
            ("to", FluentValue::from(to)),
        ];
        // A closed stderr is no reason not to start.
        let _ = writeln!(std::io::stderr(), "{}", lang.t(ids::UPGRADING_CACHE, &args));
        drop(Store::open(&config.db_path)?);
    }
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
        store_worker::answer,
        msg_tx.clone(),
    )?;
    // Ranking (Top stories, related stories, the story linker's steps)
    // takes a moment on a big cache: it gets its own thread and connection
    // so that list and article reads never queue behind it.
    let mut ranking = Ranker::new(settings.clone());
    let ranker = StoreWorker::start(
        "keruen-rank",
        config.db_path.clone(),
        move |store: &mut Store, effect| ranking.answer(store, effect),
        msg_tx.clone(),
    )?;
    let lang = Lang::from_env(settings.ui.language);
    let media = {
        let msgs = msg_tx.clone();
        media::MediaQueue::start(
            settings.media.clone(),
            config.db_path.clone(),
            fetcher.clone(),
            lang,
            move |event| {
                let _ = msgs.send(match event {
                    media::Event::List(list) => Msg::Downloads(list),
                    media::Event::Update { download, speed } => {
                        Msg::DownloadUpdate { download, speed }
                    }
                    media::Event::Notice(text) => Msg::Notice(text),
                    media::Event::Error(text) => Msg::Error(text),
                });
            },
        )?
    };
    // Pictures are cached beside the store, in the data dir.
    let images = crate::media::image::ImageLoader::new(
        &settings.fetch,
        settings.ui.image_protocol,
        config.db_path.parent().unwrap_or(std::path::Path::new(".")),
    )?;
    let mut ctx = Ctx {
        media,
        lang,
        settings: settings.clone(),
        open_env: opener::process_env(),
        config_path: config.config_path,
        db_path: config.db_path,
        fetcher,
        store,
        ranker,
        images,
        msgs: msg_tx,
    };

    let (mut state, effects) = app::init(keymap, Utc::now(), !settings.ui.show_read);
    state.osc8_links = settings.ui.osc8_links;
    state.images = settings.ui.images;
    state.lang = ctx.lang;
    state.setup = app::state::Setup {
        config_path: ctx.config_path.display().to_string(),
        config_exists: ctx.config_path.exists(),
        configured_feeds: settings.feeds.len(),
    };
    let urls = settings.feeds.iter().map(|f| f.url.to_string()).collect();
    state.auto_refresh = AutoRefresh::new(auto_interval(&settings), urls);
    let size = terminal.size()?;
    let mut pending: Vec<Effect> = effects;
    pending.extend(app::update(
        &mut state,
        Msg::Resize(size.width, size.height),
    ));
    let mut events = EventStream::new();
    if run_effects(&mut ctx, &mut state, terminal, &mut events, pending)? {
        return Ok(());
    }
    terminal.draw(|f| ui::render(&state, &theme, f))?;

    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // The interval only says that time passed: whether to refresh (and
    // whether at start) is `update`'s to decide.
    let auto_every = auto_interval(&settings);
    let mut auto = tokio::time::interval(auto_every.unwrap_or(Duration::from_secs(3600)));
    auto.tick().await; // the first tick fires at once

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
            _ = auto.tick(), if auto_every.is_some() => Msg::AutoRefreshDue,
        };
        ctx.absorb(&msg);
        let mut effects = app::update(&mut state, msg);
        // Take whatever else is already waiting before drawing once.
        while let Ok(more) = msg_rx.try_recv() {
            ctx.absorb(&more);
            effects.extend(app::update(&mut state, more));
        }
        if run_effects(&mut ctx, &mut state, terminal, &mut events, effects)? {
            return Ok(());
        }
        terminal.draw(|f| ui::render(&state, &theme, f))?;
    }
}

/// Execute effects, handing the terminal to the browsers that need it and
/// feeding their answers back; returns true when the app should quit.
fn run_effects(
    ctx: &mut Ctx,
    state: &mut AppState,
    terminal: &mut tui::Tui,
    events: &mut EventStream,
    mut effects: Vec<Effect>,
) -> anyhow::Result<bool> {
    let mut handover = Vec::new();
    loop {
        if execute_all(ctx, state, effects, &mut handover) {
            return Ok(true);
        }
        if handover.is_empty() {
            return Ok(false);
        }
        // Stop reading keys (the browser reads them now), leave raw mode
        // and the alternate screen, run it, and come back.
        drop(std::mem::replace(events, EventStream::new()));
        tui::restore();
        let answers: Vec<Msg> = std::mem::take(&mut handover)
            .into_iter()
            .map(|(plan, url)| launched(ctx.lang, opener::launch(&plan, &url), url))
            .collect();
        *terminal = tui::enter(ctx.settings.ui.mouse)?;
        // Repaint all: the browser drew over the screen.
        let size = terminal.size()?;
        terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        effects = Vec::new();
        for msg in answers {
            ctx.absorb(&msg);
            effects.extend(app::update(state, msg));
        }
    }
}

/// How often the reader looks for feeds to refresh by itself: the global
/// `fetch.refresh_interval`, or a feed's own shorter `refresh`. Each look
/// fetches only the feeds `schedule` finds due, so looking often is cheap.
fn auto_interval(settings: &Settings) -> Option<Duration> {
    let every = settings.fetch.refresh_interval?;
    Some(
        settings
            .feeds
            .iter()
            .filter_map(|f| f.refresh_interval)
            .fold(every, Duration::min),
    )
}

struct Ctx {
    /// The settings, with the feeds added since start (`a`, `I`).
    settings: Settings,
    /// `$BROWSER`, SSH, a desktop: read once at start.
    open_env: opener::OpenEnv,
    config_path: PathBuf,
    /// The interface language, for the messages the runtime words itself.
    lang: Lang,
    db_path: PathBuf,
    fetcher: Fetcher,
    store: StoreWorker,
    ranker: StoreWorker,
    media: media::MediaQueue,
    /// Pictures for the reader: fetched only when `update` asks.
    images: crate::media::image::ImageLoader,
    msgs: mpsc::UnboundedSender<Msg>,
}

impl Ctx {
    /// What the runtime does with a message before `update` sees it: feeds
    /// written to the config join the settings (before `update` asks to
    /// refresh them); a URL nothing could open is copied (on this thread,
    /// which owns the terminal's output).
    fn before_update(&self, msg: &Msg) {
        if let Msg::NotOpened { url, .. } = msg
            && self.settings.ui.osc52_copy
        {
            let _ = tui::copy_osc52(url);
        }
    }

    fn absorb(&mut self, msg: &Msg) {
        self.before_update(msg);
        if let Msg::FeedsAdded { feeds, .. } = msg {
            for f in feeds {
                if !self.settings.feeds.iter().any(|g| g.name == f.name) {
                    self.settings.feeds.push(f.clone());
                }
            }
        }
    }
}

/// Execute effects; returns true when the app should quit. Browsers that
/// need the terminal are left in `handover` for the event loop.
fn execute_all(
    ctx: &Ctx,
    state: &mut AppState,
    effects: Vec<Effect>,
    handover: &mut Vec<(OpenPlan, String)>,
) -> bool {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Quit => return true,
            Effect::StartRefresh { feeds, due_only } => start_refresh(ctx, feeds, due_only),
            Effect::AddFeed(text) => {
                let (fetcher, feeds) = (ctx.fetcher.clone(), ctx.settings.feeds.clone());
                let (config, msgs) = (ctx.config_path.clone(), ctx.msgs.clone());
                tokio::spawn(async move {
                    let out = subscribe::add_feed(&fetcher, &feeds, &config, &text).await;
                    let _ = msgs.send(subscribed(out));
                });
            }
            Effect::RenderBody {
                article,
                width,
                html,
            } => {
                // HTML to text is CPU work that can take a good part of a
                // second: the blocking pool, never the UI task.
                let msgs = ctx.msgs.clone();
                tokio::task::spawn_blocking(move || {
                    let lines = app::reader::body_lines(&html, usize::from(width));
                    let _ = msgs.send(Msg::BodyRendered {
                        article,
                        width,
                        lines,
                    });
                });
            }
            Effect::ImportOpml(path) => {
                let feeds = ctx.settings.feeds.clone();
                let (config, msgs) = (ctx.config_path.clone(), ctx.msgs.clone());
                tokio::task::spawn_blocking(move || {
                    let out = subscribe::import_opml(&feeds, &config, &path);
                    let _ = msgs.send(subscribed(out));
                });
            }
            Effect::OpenUrl(url) => {
                let plan =
                    opener::plan_open(&url, ctx.settings.ui.browser.as_deref(), &ctx.open_env);
                match plan {
                    // It needs the terminal: the event loop hands it over.
                    OpenPlan::Run { terminal: true, .. } => handover.push((plan, url)),
                    OpenPlan::Copy { reason } => {
                        let reason = reason.text(ctx.lang);
                        let msg = Msg::NotOpened { url, reason };
                        ctx.before_update(&msg);
                        queue.extend(app::update(state, msg));
                    }
                    // The desktop opener may take a moment to report.
                    _ => {
                        let (msgs, lang) = (ctx.msgs.clone(), ctx.lang);
                        tokio::task::spawn_blocking(move || {
                            let _ = msgs.send(launched(lang, opener::launch(&plan, &url), url));
                        });
                    }
                }
            }
            Effect::CopyToClipboard(url) => {
                let msg = match tui::copy_osc52(&url) {
                    Ok(()) => Msg::Copied(url),
                    Err(e) => Msg::Error(ctx.lang.t(
                        ids::COPY_FAILED,
                        &[("error", FluentValue::from(e.to_string()))],
                    )),
                };
                queue.extend(app::update(state, msg));
            }
            Effect::LoadImage {
                article,
                url,
                cols,
                rows,
            } => {
                let (loader, msgs) = (ctx.images.clone(), ctx.msgs.clone());
                tokio::spawn(async move {
                    let result = loader.load(&url, cols, rows).await;
                    let _ = msgs.send(Msg::ImageLoaded {
                        article,
                        url,
                        result,
                    });
                });
            }
            e @ (Effect::LoadTop { .. }
            | Effect::LoadRelated(_)
            | Effect::InvalidateRelated
            | Effect::LinkPending
            | Effect::PackTexts) => ctx.ranker.send(e),
            Effect::QueueDownload { article, index } => {
                ctx.media.send(media::Request::Queue { article, index })
            }
            Effect::Play { article, index } => {
                ctx.media.send(media::Request::Play { article, index })
            }
            Effect::PlayDownload(id) => ctx.media.send(media::Request::PlayDownload(id)),
            Effect::LoadDownloads => ctx.media.send(media::Request::List),
            Effect::PauseDownload(id) => ctx.media.send(media::Request::Pause(id)),
            other => ctx.store.send(other),
        }
    }
    false
}

/// The answer to `Effect::OpenUrl`.
fn launched(lang: Lang, result: Result<(), opener::LaunchError>, url: String) -> Msg {
    match result {
        Ok(()) => Msg::Opened(url),
        Err(e) => Msg::NotOpened {
            url,
            reason: crate::sanitize::line(&e.text(lang)),
        },
    }
}

/// The answer to `Effect::AddFeed` / `Effect::ImportOpml`.
fn subscribed(out: anyhow::Result<subscribe::Outcome>) -> Msg {
    match out {
        Ok(subscribe::Outcome::Added { feeds, message }) => Msg::FeedsAdded { feeds, message },
        Ok(subscribe::Outcome::Unchanged(message)) => Msg::FeedsAdded {
            feeds: Vec::new(),
            message,
        },
        Err(e) => Msg::AddFailed(subscribe::describe(&e)),
    }
}

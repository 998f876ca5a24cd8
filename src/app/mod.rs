//! The TUI's pure core, in the Elm style: `Msg` in, `AppState` changed,
//! `Effect`s out. Nothing here does I/O, awaits, or reads the clock, so all
//! of it is tested by feeding messages (see tests/core/update.rs).
//!
//! # Driving it (what the runtime does)
//!
//! ```no_run
//! use keruen::app::{self, Effect, Keymap, Msg};
//! # fn settings_keys() -> std::collections::BTreeMap<String, String> { Default::default() }
//! let keymap = Keymap::with_overrides(&settings_keys()).expect("config error");
//! let (mut state, effects) = app::init(keymap, chrono::Utc::now(), false);
//! let mut queue: std::collections::VecDeque<Effect> = effects.into();
//! // 1. run `queue` (LoadFeeds, LoadArticles) off the UI thread; each answer
//! //    comes back as a Msg (FeedsLoaded, ArticlesLoaded{..}, StoreError);
//! // 2. send Msg::Resize(w, h) once at start, then every terminal event as
//! //    Msg::Key / Msg::Mouse / Msg::Resize, a Msg::Tick(Utc::now()) every
//! //    ~250 ms, refresh progress as Msg::Refresh(RefreshEvent::..), and
//! //    Msg::AutoRefreshDue every `fetch.refresh_interval` (update decides);
//! // 3. after each message: `queue.extend(app::update(&mut state, msg))`,
//! //    execute the effects, and redraw with
//! //    `terminal.draw(|f| keruen::ui::render(&state, &theme, f))`;
//! // 4. stop when an Effect::Quit comes out (state.quitting is then true).
//! # let _ = app::update(&mut state, Msg::Resize(80, 24));
//! ```
//!
//! Effects and the messages that answer them are documented on `Effect`.
//! Store reads may answer out of order: stale `ArticlesLoaded` /
//! `ArticleLoaded` answers are ignored by `update`.

mod actions;
pub mod auto_refresh;
pub mod command;
mod common;
pub mod dialog;
pub mod downloads;
pub mod format;
pub mod help;
pub mod images;
mod incoming;
pub mod keymap;
pub mod layout;
pub mod links;
pub mod list;
pub mod msg;
pub mod pack;
pub mod prompt;
pub mod reader;
pub mod search;
pub mod state;
pub mod top;
pub mod update;

pub use crate::domain::RefreshEvent;
pub use command::{Command, UnknownCommand};
pub use keymap::{KeySpec, Keymap, KeymapError};
pub use msg::{Effect, Msg};
pub use search::{INDEX_STEP, SEARCH_CATCH_UP, SEARCH_LIMIT};
pub use state::{AppState, Pane};
pub use update::update;

use chrono::{DateTime, Utc};

/// A fresh state and the effects that fill the first screen from the cache.
/// `unread_only` is `!settings.ui.show_read`.
pub fn init(keymap: Keymap, now: DateTime<Utc>, unread_only: bool) -> (AppState, Vec<Effect>) {
    let mut state = AppState::new(keymap, now, unread_only);
    let mut effects = state.initial_effects();
    // Whatever a refresh or a rebuilt index left unindexed is indexed in
    // the background from the start (`search::on_indexed`).
    effects.extend(search::start_indexing(&mut state));
    // Likewise the story links (`links`).
    effects.extend(links::start_linking(&mut state));
    // And old texts packed into blocks (`pack`).
    effects.extend(pack::start_packing(&mut state));
    (state, effects)
}

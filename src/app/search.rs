//! The global search view (`S`): a prompt in the status bar, then the
//! store's full-text hits across every feed, best first. Enter on a hit
//! reads it (through the same path as the lists); Esc goes back.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::SearchHit;
use crate::i18n::{FluentValue, ids};

use super::common::{leave_view, quit, refit, set_read_many, show_article};
use super::msg::Effect;
use super::state::{AppState, Pane};

/// Most hits one search lists: more is a query to narrow, not to scroll.
pub const SEARCH_LIMIT: usize = 200;

/// Queued articles a search indexes itself before it runs (the newest
/// first, so what a refresh just brought is found): a fraction of a second.
/// The background indexer does the rest, so a search never waits for a
/// whole first refresh or a rebuilt index.
pub const SEARCH_CATCH_UP: usize = 1_000;

/// Articles the background indexer indexes per step: about 50 ms of one
/// core for news-sized texts, the most a read or a mark queued behind a
/// step waits.
pub const INDEX_STEP: usize = 100;

/// `S`: open the view with the prompt (the last query, ready to edit).
/// From the reader the article is closed first, so Esc never cycles
/// between the reader and the view; from Top stories the view goes back
/// where Top stories would have.
pub(super) fn open_search(state: &mut AppState) -> Vec<Effect> {
    match state.focus {
        Pane::Search => {}
        Pane::Reader => {
            let to = state.reader.take().map(|r| r.return_to);
            if to != Some(Pane::Search) {
                state.search.return_to = to.filter(|p| *p != Pane::Reader);
            }
        }
        Pane::Feeds | Pane::Articles | Pane::Top => state.search.return_to = Some(state.focus),
    }
    state.focus = Pane::Search;
    state.search.editing = true;
    refit(state);
    Vec::new()
}

/// A key while the prompt is open: text edits the query, Enter runs it.
pub(super) fn prompt_key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let q = &mut state.search.query;
    match key.code {
        KeyCode::Char('c') if ctrl => return quit(state),
        KeyCode::Char('u') if ctrl => q.clear(),
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => q.push(c),
        KeyCode::Backspace => {
            q.pop();
        }
        KeyCode::Enter => return run_search(state),
        KeyCode::Esc => {
            state.search.editing = false;
            // Nothing to look at yet: Esc cancels the whole view.
            if state.search.shown.is_none() && state.search.pending.is_none() {
                close_search(state);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Enter in the prompt: ask the store; the old hits stay until the answer.
fn run_search(state: &mut AppState) -> Vec<Effect> {
    let query = state.search.query.trim().to_string();
    state.search.editing = false;
    state.search.error = None;
    state.search.pending = Some(query.clone());
    vec![Effect::Search(query)]
}

pub(super) fn on_results(
    state: &mut AppState,
    query: String,
    hits: Vec<SearchHit>,
    unindexed: usize,
) {
    if state.search.pending.as_deref() != Some(query.as_str()) {
        return; // answers a query since replaced
    }
    state.search.unindexed = unindexed;
    state.search.partial = unindexed > 0;
    // The same query again (a refresh re-ran it): keep the cursor on the
    // same article; a new query starts at the best hit.
    let keep = state
        .search
        .selected_key()
        .filter(|_| state.search.shown.as_deref() == Some(query.as_str()));
    let page = state.page(Pane::Search);
    let s = &mut state.search;
    s.pending = None;
    s.shown = Some(query);
    s.replace_items(hits);
    s.view = Default::default();
    let rows = s.all_rows();
    s.set_rows(rows, keep, page);
}

/// A refresh finished: run the shown query again if the view is on screen
/// (or under the reader), so new articles appear in it.
pub(super) fn rerun_search(state: &mut AppState) -> Option<Effect> {
    if !state.view_open(Pane::Search) || state.search.pending.is_some() {
        return None;
    }
    let query = state.search.shown.clone()?;
    state.search.pending = Some(query.clone());
    Some(Effect::Search(query))
}

/// Start the background indexer unless it runs already.
pub(super) fn start_indexing(state: &mut AppState) -> Option<Effect> {
    if state.search.indexing {
        return None;
    }
    state.search.indexing = true;
    Some(Effect::IndexPending)
}

/// A step of the background indexer answered: ask for the next while more
/// wait, except during a refresh (its writer needs the lock, and it adds
/// more: its end starts the indexer again). Once all are indexed, hits
/// shown while some were not are searched again.
pub(super) fn on_indexed(state: &mut AppState, left: Result<usize, String>) -> Vec<Effect> {
    state.search.indexing = false;
    let left = match left {
        Ok(left) => left,
        Err(e) => {
            // Not retried until the next refresh ends: a broken index would
            // otherwise fail in a loop. Said as any failed store call is.
            let error = FluentValue::from(e);
            state.last_error = Some(state.lang.t(ids::CACHE_ERROR, &[("error", error)]));
            return Vec::new();
        }
    };
    state.search.unindexed = left;
    if left > 0 {
        if state.refresh.running {
            return Vec::new();
        }
        return start_indexing(state).into_iter().collect();
    }
    if state.search.partial {
        return rerun_search(state).into_iter().collect();
    }
    Vec::new()
}

pub(super) fn on_error(state: &mut AppState, query: String, message: String) {
    if state.search.pending.as_deref() != Some(query.as_str()) {
        return;
    }
    state.search.pending = None;
    state.search.error = Some(message);
}

/// Esc / q in the view: back to where it was opened from.
pub(super) fn close_search(state: &mut AppState) {
    state.search.editing = false;
    let to = state.search.return_to.take();
    leave_view(state, to);
}

/// Enter on a hit: read it and mark it read; Esc in the reader comes back.
pub(super) fn open_hit(state: &mut AppState) -> Vec<Effect> {
    let Some((id, read)) = state.selected_hit().map(|h| (h.article.id, h.article.read)) else {
        return Vec::new();
    };
    let mut effects = show_article(state, id);
    if !read {
        effects.extend(set_read_many(state, &[id], true));
    }
    effects
}

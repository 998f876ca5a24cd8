//! What every view does alike, below the views themselves: open an
//! article in the reader, mark read (everywhere it shows), ask for a
//! refresh, refit after a layout change, quit. `actions`, `incoming`,
//! `search`, `top`, `prompt` and `auto_refresh` build on these; this file
//! imports none of them.

use std::collections::HashSet;

use crate::domain::{ArticleId, FeedId};
use crate::i18n::ids;

use super::layout::Pane;
use super::msg::Effect;
use super::reader::reader_lines;
use super::state::{AppState, ReaderState};

/// Show `id` in the reader and load it with its related stories; Esc
/// returns to where the reader was opened from (the list or Top stories).
pub(super) fn show_article(state: &mut AppState, id: ArticleId) -> Vec<Effect> {
    let return_to = match (state.focus, &state.reader) {
        (Pane::Reader, Some(r)) => r.return_to,
        (Pane::Top, _) => Pane::Top,
        (Pane::Search, _) => Pane::Search,
        _ => Pane::Articles,
    };
    state.focus = Pane::Reader;
    state.reader = Some(ReaderState {
        id,
        article: None,
        lines: Vec::new(),
        wrap_width: 0,
        body: None,
        body_asked: None,
        scroll: 0,
        return_to,
        related: Vec::new(),
        reports: 0,
        related_loaded: false,
        related_selected: None,
        images: Default::default(),
    });
    refit(state);
    vec![Effect::LoadArticle(id), Effect::LoadRelated(id)]
}

/// Refit after any layout change (a resize, a focus change, a view opened
/// or closed): rewrap the reader if its width changed and keep every
/// selection on screen.
pub(super) fn refit(state: &mut AppState) {
    let width = state.reader_wrap_width();
    let now = state.now;
    let words = state.reader_words();
    if let Some(r) = state.reader.as_mut()
        && r.wrap_width != width
        && let Some(a) = r.article.as_ref()
    {
        // Keep roughly the same place in the text across a rewrap.
        let fraction = if r.lines.is_empty() {
            0.0
        } else {
            r.scroll as f64 / r.lines.len() as f64
        };
        // The body keeps its old wrapping until the worker's answer for
        // this width (`on_body`): better than a blank for a moment.
        let body = r.body.as_ref().map(|b| b.lines.as_slice());
        r.lines = reader_lines(a, body, r.related_view(), usize::from(width), now, &words);
        r.wrap_width = width;
        r.scroll = (fraction * r.lines.len() as f64) as usize;
    }
    let max = state.reader_max_scroll();
    if let Some(r) = state.reader.as_mut() {
        r.scroll = r.scroll.min(max);
    }
    for pane in LIST_PANES {
        let page = state.page(pane);
        if let Some(list) = state.list_mut(pane) {
            list.fit(page);
        }
    }
}

/// The panes that show a list (every one but the reader).
pub(super) const LIST_PANES: [Pane; 4] = [Pane::Feeds, Pane::Articles, Pane::Top, Pane::Search];

/// Leave a view of its own (Top stories, search) for where it was opened
/// from; the reader only if it is still open.
pub(super) fn leave_view(state: &mut AppState, to: Option<Pane>) {
    state.focus = match to {
        Some(Pane::Reader) if state.reader.is_none() => Pane::Articles,
        Some(pane) => pane,
        None => Pane::Articles,
    };
    refit(state);
}

pub(super) fn start_refresh(state: &mut AppState, feeds: Option<Vec<String>>) -> Vec<Effect> {
    if state.refresh.running {
        state.set_notice(state.lang.s(ids::REFRESH_RUNNING));
        return Vec::new();
    }
    vec![Effect::StartRefresh {
        feeds,
        due_only: false,
    }]
}

pub(super) fn set_read(state: &mut AppState, id: ArticleId, read: bool) -> Vec<Effect> {
    set_read_many(state, &[id], read)
}

/// Mark `ids` read (unread) everywhere they show, optimistically, and ask
/// the store to do the same; the unread counts follow its answer
/// (`on_read_changed`), which knows the articles no view lists.
pub(super) fn set_read_many(state: &mut AppState, ids: &[ArticleId], read: bool) -> Vec<Effect> {
    apply_read(state, ids, read);
    vec![Effect::SetRead {
        ids: ids.to_vec(),
        read,
    }]
}

/// The one place a read change reaches the rows of every view: the article
/// list, the open article and its related stories, Top stories, search
/// hits. Idempotent, so the optimistic change and the store's answer can
/// both go through it.
pub(super) fn apply_read(state: &mut AppState, ids: &[ArticleId], read: bool) {
    let ids: HashSet<ArticleId> = ids.iter().copied().collect();
    apply_read_where(state, read, |id, _| ids.contains(&id));
}

pub(super) fn apply_read_where(
    state: &mut AppState,
    read: bool,
    hit: impl Fn(ArticleId, FeedId) -> bool,
) {
    for a in state.articles.items.iter_mut() {
        if hit(a.id, a.feed_id) {
            a.read = read;
        }
    }
    if let Some(r) = state.reader.as_mut() {
        if let Some(a) = r.article.as_mut()
            && hit(a.summary.id, a.summary.feed_id)
        {
            a.summary.read = read;
        }
        for a in r.related.iter_mut().filter(|a| hit(a.id, a.feed_id)) {
            a.read = read;
        }
    }
    for e in state.top.items.iter_mut() {
        if hit(e.article.id, e.article.feed_id) {
            e.article.read = read;
        }
    }
    for h in state.search.items.iter_mut() {
        if hit(h.article.id, h.article.feed_id) {
            h.article.read = read;
        }
    }
}

/// Mark every article of `feeds` read: the rows at once, the counts when
/// the store answers with what it changed (kept for `undo`).
pub(super) fn submit_mark_read(state: &mut AppState, feeds: Vec<FeedId>) -> Vec<Effect> {
    if feeds.is_empty() {
        return Vec::new();
    }
    let set: HashSet<FeedId> = feeds.iter().copied().collect();
    apply_read_where(state, true, |_, f| set.contains(&f));
    vec![Effect::MarkFeedsRead(feeds)]
}

pub(super) fn quit(state: &mut AppState) -> Vec<Effect> {
    state.quitting = true;
    vec![Effect::Quit]
}

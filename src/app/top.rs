//! The Top stories view and the related stories under the open article:
//! opening and closing the view, taking in their answers, opening a story
//! (which marks every member of its cluster read), picking related stories.

use crate::domain::TopEntry;
use crate::domain::{ArticleId, ArticleSummary};
use crate::i18n::ids;

use super::common::{leave_view, refit, set_read_many, show_article};
use super::msg::Effect;
use super::reader::{LineKind, reader_lines};
use super::state::{AppState, Pane};

/// How far back the Top view looks, in days.
pub const TOP_WINDOW_DAYS: u64 = 7;

/// `t`: open Top stories (from the reader it closes the article first);
/// pressed in the view, it goes back.
pub(super) fn toggle_top(state: &mut AppState) -> Vec<Effect> {
    match state.focus {
        Pane::Top => {
            close_top(state);
            return Vec::new();
        }
        Pane::Reader => {
            let to = state.reader.as_ref().map(|r| r.return_to);
            state.reader = None;
            state.focus = Pane::Articles;
            if to == Some(Pane::Top) {
                // Back to the list the article was opened from.
                state.focus = Pane::Top;
                refit(state);
                return vec![load_top(state)];
            }
        }
        // Top stories replaces the search view (so Esc never cycles
        // between the two): it goes back where search would have.
        Pane::Search => {
            let to = state.search.return_to.take();
            state.search.editing = false;
            state.focus = to.unwrap_or(Pane::Articles);
            if to == Some(Pane::Top) {
                refit(state);
                return vec![load_top(state)];
            }
        }
        Pane::Feeds | Pane::Articles => {}
    }
    state.top.return_to = Some(state.focus);
    state.top.loaded = false;
    state.focus = Pane::Top;
    refit(state);
    vec![load_top(state)]
}

pub(super) fn load_top(state: &AppState) -> Effect {
    Effect::LoadTop {
        tag: state.top.tag.clone(),
    }
}

/// Esc / q in the view: clear the filter first, then go back.
pub(super) fn close_top(state: &mut AppState) {
    if !state.top.filter.is_empty() {
        state.top.filter.clear();
        state.refilter_top();
        return;
    }
    let to = state.top.return_to.take();
    leave_view(state, to);
}

pub(super) fn on_top(state: &mut AppState, tag: Option<String>, entries: Vec<TopEntry>) {
    if tag != state.top.tag {
        return; // ranked for a tag no longer chosen
    }
    let first = !state.top.loaded;
    let keep = state.top.selected_key();
    state.top.replace_items(entries);
    if first {
        state.top.view = Default::default();
    }
    state.refilter_top();
    // A reload keeps the selected story selected (by its first report).
    if let Some(key) = keep.filter(|_| !first) {
        let page = state.page(Pane::Top);
        state.top.select_key(key, page);
    }
}

/// `#` in the view: rank only stories from feeds with the next tag of the
/// feed list (all feeds after the last tag).
pub(super) fn cycle_tag(state: &mut AppState) -> Vec<Effect> {
    if state.focus != Pane::Top {
        return Vec::new();
    }
    let mut tags: Vec<&str> = state
        .feeds
        .items
        .iter()
        .flat_map(|f| f.tags.iter().map(String::as_str))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    if tags.is_empty() {
        state.set_notice(state.lang.s(ids::NO_TAGS));
        return Vec::new();
    }
    let next = match state.top.tag.as_deref() {
        None => tags.first(),
        Some(t) => tags.iter().find(|x| **x > t),
    };
    state.top.tag = next.map(|t| t.to_string());
    // A new ranking: "Ranking…" until it arrives, then the cursor at the top.
    state.top.clear();
    vec![load_top(state)]
}

/// Enter on a story: read its first report, mark the whole story read.
pub(super) fn open_top_entry(state: &mut AppState) -> Vec<Effect> {
    let Some((id, members)) = state
        .selected_top()
        .map(|e| (e.article.id, e.members.clone()))
    else {
        return Vec::new();
    };
    let mut effects = show_article(state, id);
    effects.extend(set_read_many(state, &members, true));
    effects
}

/// `m` on a story: toggle read for all its members.
pub(super) fn toggle_top_read(state: &mut AppState) -> Vec<Effect> {
    let Some((read, members)) = state
        .selected_top()
        .map(|e| (!e.article.read, e.members.clone()))
    else {
        return Vec::new();
    };
    set_read_many(state, &members, read)
}

/// Related stories arrived: keep them if the article is still open and
/// append their section to the reader text.
pub(super) fn on_related(
    state: &mut AppState,
    article: ArticleId,
    reports: Vec<ArticleSummary>,
    related: Vec<ArticleSummary>,
) {
    let now = state.now;
    let words = state.reader_words();
    let Some(r) = state.reader.as_mut() else {
        return;
    };
    if r.id != article {
        return; // the user moved on
    }
    r.reports = reports.len();
    r.related = reports;
    r.related.extend(related);
    r.related_loaded = true;
    r.related_selected = None;
    if let Some(a) = r.article.as_ref() {
        let body = r.body.as_ref().map(|b| b.lines.as_slice());
        r.lines = reader_lines(
            a,
            body,
            r.related_view(),
            usize::from(r.wrap_width),
            now,
            &words,
        );
    }
}

/// `]` / `[`: pick the next (previous) related story and scroll it into view.
pub(super) fn select_related(state: &mut AppState, forward: bool) -> Vec<Effect> {
    let page = state.reader_page();
    if state.focus != Pane::Reader {
        return Vec::new();
    }
    let Some(r) = state.reader.as_mut() else {
        return Vec::new();
    };
    let n = r.related.len();
    if n == 0 {
        let id = if r.related_loaded {
            ids::NO_RELATED
        } else {
            ids::RELATED_LOADING
        };
        state.set_notice(state.lang.s(id));
        return Vec::new();
    }
    let sel = match (r.related_selected, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    r.related_selected = Some(sel);
    let mine =
        |k: LineKind| matches!(k, LineKind::Related(i) | LineKind::RelatedMeta(i) if i == sel);
    let first = r.lines.iter().position(|l| mine(l.kind));
    let last = r.lines.iter().rposition(|l| mine(l.kind));
    if let (Some(first), Some(last)) = (first, last) {
        // The heading too, when the first story is picked.
        let first = if sel == 0 {
            first.saturating_sub(1)
        } else {
            first
        };
        if last >= r.scroll + page {
            r.scroll = last + 1 - page;
        }
        if first < r.scroll {
            r.scroll = first;
        }
    }
    Vec::new()
}

/// Enter in the reader: open the picked related story (marks it read).
pub(super) fn open_related(state: &mut AppState) -> Vec<Effect> {
    let Some(a) = state
        .reader
        .as_ref()
        .and_then(|r| r.related_selected.and_then(|i| r.related.get(i)))
        .cloned()
    else {
        return Vec::new();
    };
    let mut effects = show_article(state, a.id);
    if !a.read {
        effects.extend(set_read_many(state, &[a.id], true));
    }
    effects
}

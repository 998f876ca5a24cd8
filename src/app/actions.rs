//! What commands do to the state: moving, opening, read/star state,
//! refresh requests. Called from `update::run` and `incoming`; what the
//! views share (open in the reader, mark read, refit, quit) is in `common`.

use crate::domain::{ArticleId, ArticleSummary, FeedId};
use crate::i18n::{FluentValue, ids};

use super::command::Command;
use super::common::{apply_read, refit, set_read, set_read_many, show_article, submit_mark_read};
use super::dialog::{Prompt, PromptKind};
use super::list::Move;
use super::msg::Effect;
use super::search::{close_search, open_hit};
use super::state::{AppState, Pane, UndoMarkRead};
use super::top::{close_top, open_related, open_top_entry};

/// Move in `pane` (the focused one, or the one under the mouse): its
/// list's cursor, or the reader's text.
pub(super) fn move_selection(state: &mut AppState, pane: Pane, m: Move) -> Vec<Effect> {
    let page = state.page(pane);
    let before = state.selected_feed_id();
    let Some(list) = state.list_mut(pane) else {
        let max = state.reader_max_scroll();
        if let Some(r) = state.reader.as_mut() {
            r.scroll = r.scroll.saturating_add_signed(m.delta(page)).min(max);
        }
        return Vec::new();
    };
    let was = list.view().selected;
    list.go(m, page);
    if list.view().selected == was {
        return Vec::new();
    }
    selection_moved(state, pane, before)
}

/// Put `pane`'s cursor on row `pos`, with what follows a move.
pub(super) fn select_row(state: &mut AppState, pane: Pane, pos: usize) -> Vec<Effect> {
    let page = state.page(pane);
    let before = state.selected_feed_id();
    if let Some(list) = state.list_mut(pane) {
        list.select(pos, page);
    }
    selection_moved(state, pane, before)
}

/// The cursor of `pane` moved: the article list follows the feed list's
/// cursor (`before` is the feed selected until then).
fn selection_moved(state: &mut AppState, pane: Pane, before: Option<FeedId>) -> Vec<Effect> {
    if pane == Pane::Feeds {
        feed_changed(state, before)
    } else {
        Vec::new()
    }
}

/// The selected feed moved: show its articles (the list follows the cursor).
pub(super) fn feed_changed(state: &mut AppState, before: Option<FeedId>) -> Vec<Effect> {
    let now = state.selected_feed_id();
    if now == before && state.feeds.rows.get(state.feeds.view.selected).is_some() {
        return Vec::new();
    }
    // The old list stays on screen until the new one arrives (no blank
    // flash); `loaded = false` makes the arrival reset the cursor.
    state.articles.feed = now;
    state.articles.loaded = false;
    state.articles.filter.clear();
    vec![state.load_articles()]
}

pub(super) fn open(state: &mut AppState) -> Vec<Effect> {
    match state.focus {
        Pane::Feeds => {
            state.focus = Pane::Articles;
            refit(state);
            if state.articles.feed != state.selected_feed_id() || !state.articles.loaded {
                state.articles.feed = state.selected_feed_id();
                return vec![state.load_articles()];
            }
            Vec::new()
        }
        Pane::Articles => match state.selected_article().map(|a| a.id) {
            Some(id) => open_article(state, id),
            None => Vec::new(),
        },
        Pane::Reader => open_related(state),
        Pane::Top => open_top_entry(state),
        Pane::Search => open_hit(state),
    }
}

/// Show `id` in the reader: load it, and mark it read.
pub(super) fn open_article(state: &mut AppState, id: ArticleId) -> Vec<Effect> {
    let mut effects = show_article(state, id);
    let unread = state.articles.items.iter().any(|a| a.id == id && !a.read);
    if unread {
        effects.extend(set_read(state, id, true));
    }
    effects
}

/// Esc: a list's filter goes first, then the view itself.
pub(super) fn back(state: &mut AppState) {
    let pane = state.focus;
    if state.list_mut(pane).is_some_and(|l| l.clear_filter()) {
        state.refilter(pane, false);
        return;
    }
    match pane {
        Pane::Top => return close_top(state),
        Pane::Search => return close_search(state),
        Pane::Reader => {
            let to = state.reader.take().map(|r| r.return_to);
            state.focus = to.unwrap_or(Pane::Articles);
        }
        Pane::Articles => state.focus = Pane::Feeds,
        Pane::Feeds => {}
    }
    refit(state);
}

pub(super) fn feed_name_of(state: &AppState, a: &ArticleSummary) -> String {
    state
        .feeds
        .items
        .iter()
        .find(|f| f.id == a.feed_id)
        .map(|f| f.name.clone())
        .unwrap_or_else(|| a.feed_name.clone())
}

/// `Msg::ReadChanged`: the store changed exactly these articles. Views
/// follow, and each feed's unread count moves by its articles that really
/// changed — wherever the change came from (list, reader, related story,
/// Top, search, mark-all-read, undo).
pub(super) fn on_read_changed(
    state: &mut AppState,
    changes: Vec<(ArticleId, FeedId)>,
    read: bool,
    undoable: bool,
) {
    let ids: Vec<ArticleId> = changes.iter().map(|(id, _)| *id).collect();
    apply_read(state, &ids, read);
    for (_, feed) in &changes {
        state.bump_unread(*feed, if read { -1 } else { 1 });
    }
    if undoable {
        let n = ids.len();
        if n > 0 {
            let key = FluentValue::from(state.key_hint(Command::Undo));
            let text = state.lang.t(
                ids::MARKED_READ,
                &[("n", FluentValue::from(n)), ("key", key)],
            );
            state.set_notice(text);
        }
        state.undo = Some(UndoMarkRead { ids });
    }
}

/// `u`: mark unread again exactly the articles the last mark-read changed.
pub(super) fn undo(state: &mut AppState) -> Vec<Effect> {
    match state.undo.take() {
        Some(u) if !u.ids.is_empty() => {
            let n = u.ids.len();
            let text = state
                .lang
                .t(ids::MARKED_UNREAD_AGAIN, &[("n", FluentValue::from(n))]);
            state.set_notice(text);
            set_read_many(state, &u.ids, false)
        }
        _ => {
            state.set_notice(state.lang.s(ids::NOTHING_TO_UNDO));
            Vec::new()
        }
    }
}

pub(super) fn toggle_star(state: &mut AppState) -> Vec<Effect> {
    let Some((id, starred)) = state.target_article().map(|a| (a.id, !a.starred)) else {
        return Vec::new();
    };
    if let Some(a) = state.articles.items.iter_mut().find(|a| a.id == id) {
        a.starred = starred;
    }
    for e in state.top.items.iter_mut().filter(|e| e.article.id == id) {
        e.article.starred = starred;
    }
    for h in state.search.items.iter_mut().filter(|h| h.article.id == id) {
        h.article.starred = starred;
    }
    if let Some(r) = state.reader.as_mut().and_then(|r| r.article.as_mut())
        && r.summary.id == id
    {
        r.summary.starred = starred;
    }
    vec![Effect::SetStarred { id, starred }]
}

/// More unread articles than this are marked read only after a `y`.
pub const CONFIRM_MARK_READ_ABOVE: u64 = 20;

/// `A`: mark the feed read (under the cursor in the feed list, else the
/// listed one; "All articles" means every feed). Many articles, or every
/// feed, ask first.
pub(super) fn mark_feed_read(state: &mut AppState) -> Vec<Effect> {
    let feed = match state.focus {
        Pane::Feeds => state.selected_feed_id(),
        _ => state.articles.feed,
    };
    let targets: Vec<FeedId> = match feed {
        Some(f) => vec![f],
        None => state
            .feeds
            .items
            .iter()
            .filter(|f| f.unread > 0)
            .map(|f| f.id)
            .collect(),
    };
    let unread: u64 = state
        .feeds
        .items
        .iter()
        .filter(|f| targets.contains(&f.id))
        .map(|f| f.unread)
        .sum();
    if unread == 0 && feed.is_none() {
        state.set_notice("No unread articles");
        return Vec::new();
    }
    if unread > CONFIRM_MARK_READ_ABOVE || feed.is_none() {
        state.prompt = Some(Prompt {
            kind: PromptKind::ConfirmMarkRead {
                feeds: targets,
                unread,
                all_feeds: feed.is_none(),
            },
            text: String::new(),
        });
        return Vec::new();
    }
    submit_mark_read(state, targets)
}

pub(super) fn target_link(state: &AppState) -> Option<String> {
    match state.focus {
        Pane::Feeds => state.selected_feed().map(|f| f.url.clone()),
        _ => state.target_article().and_then(|a| a.link.clone()),
    }
}

/// n / N: the next (previous) unread row, wrapping around the list. In the
/// reader the article is opened; in the feed list it moves between feeds
/// that have unread articles.
pub(super) fn next_unread(state: &mut AppState, forward: bool) -> Vec<Effect> {
    // The reader steps through the article list, from the open article.
    let (pane, from) = match &state.reader {
        Some(r) if state.focus == Pane::Reader => (
            Pane::Articles,
            state
                .articles
                .position_of(Some(r.id))
                .unwrap_or(state.articles.view.selected),
        ),
        _ => (
            state.focus,
            state.list(state.focus).map_or(0, |l| l.view().selected),
        ),
    };
    let Some(pos) = state.list(pane).and_then(|l| l.next_unread(from, forward)) else {
        let none = match pane {
            Pane::Top => ids::NO_UNREAD_STORIES,
            Pane::Search => ids::NO_UNREAD_RESULTS,
            _ => ids::NO_UNREAD_ARTICLES,
        };
        state.set_notice(state.lang.s(none));
        return Vec::new();
    };
    let effects = select_row(state, pane, pos);
    match state.selected_article().map(|a| a.id) {
        Some(id) if state.focus == Pane::Reader => open_article(state, id),
        _ => effects,
    }
}

//! What commands do to the state: moving, opening, read/star state,
//! refresh requests. Called from `update::run` and `incoming`.

use std::collections::HashSet;

use crate::domain::{ArticleId, ArticleSummary, FeedId};
use crate::i18n::{FluentValue, ids};

use super::command::Command;
use super::incoming::after_resize;
use super::msg::Effect;
use super::prompt::{Prompt, PromptKind};
use super::search::{close_search, next_unread_hit, open_hit};
use super::state::{AppState, FeedRow, Pane, ReaderState, UndoMarkRead};
use super::top::{close_top, next_unread_top, open_related, open_top_entry};

pub(super) fn move_selection(state: &mut AppState, delta: isize) -> Vec<Effect> {
    match state.focus {
        Pane::Feeds => {
            let before = state.selected_feed_id();
            let before_row = state.feeds.view.selected;
            let page = state.feeds_page();
            let len = state.feeds.rows.len();
            state.feeds.view.move_by(delta, len, page);
            if state.feeds.view.selected == before_row {
                return Vec::new();
            }
            feed_changed(state, before)
        }
        Pane::Articles => {
            let page = state.articles_page();
            let len = state.articles.rows.len();
            state.articles.view.move_by(delta, len, page);
            Vec::new()
        }
        Pane::Reader => {
            let max = state.reader_max_scroll();
            if let Some(r) = state.reader.as_mut() {
                r.scroll = r.scroll.saturating_add_signed(delta).min(max);
            }
            Vec::new()
        }
        Pane::Top => {
            let page = state.top_page();
            let len = state.top.rows.len();
            state.top.view.move_by(delta, len, page);
            Vec::new()
        }
        Pane::Search => {
            let page = state.search_page();
            let len = state.search.hits.len();
            state.search.view.move_by(delta, len, page);
            Vec::new()
        }
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
            after_resize(state);
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
        scroll: 0,
        return_to,
        related: Vec::new(),
        related_loaded: false,
        related_selected: None,
    });
    after_resize(state);
    vec![Effect::LoadArticle(id), Effect::LoadRelated(id)]
}

pub(super) fn back(state: &mut AppState) {
    if state.focus == Pane::Top {
        close_top(state);
        return;
    }
    if state.focus == Pane::Search {
        close_search(state);
        return;
    }
    let filter = match state.focus {
        Pane::Feeds => &mut state.feeds.filter,
        _ => &mut state.articles.filter,
    };
    if state.focus != Pane::Reader && !filter.is_empty() {
        filter.clear();
        match state.focus {
            Pane::Feeds => state.refilter_feeds(),
            _ => state.refilter_articles(),
        }
        return;
    }
    match state.focus {
        Pane::Reader => {
            let to = state.reader.take().map(|r| r.return_to);
            state.focus = to.unwrap_or(Pane::Articles);
        }
        Pane::Articles => state.focus = Pane::Feeds,
        Pane::Feeds | Pane::Top | Pane::Search => {}
    }
    after_resize(state);
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

pub(super) fn start_refresh(state: &mut AppState, feeds: Option<Vec<String>>) -> Vec<Effect> {
    if state.refresh.running {
        state.set_notice(state.lang.s(ids::REFRESH_RUNNING));
        return Vec::new();
    }
    vec![Effect::StartRefresh { feeds }]
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
fn apply_read(state: &mut AppState, ids: &[ArticleId], read: bool) {
    let ids: HashSet<ArticleId> = ids.iter().copied().collect();
    apply_read_where(state, read, |id, _| ids.contains(&id));
}

fn apply_read_where(state: &mut AppState, read: bool, hit: impl Fn(ArticleId, FeedId) -> bool) {
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
    for e in state.top.entries.iter_mut() {
        if hit(e.article.id, e.article.feed_id) {
            e.article.read = read;
        }
    }
    for h in state.search.hits.iter_mut() {
        if hit(h.article.id, h.article.feed_id) {
            h.article.read = read;
        }
    }
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
    for e in state.top.entries.iter_mut().filter(|e| e.article.id == id) {
        e.article.starred = starred;
    }
    for h in state.search.hits.iter_mut().filter(|h| h.article.id == id) {
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
    if state.focus == Pane::Top {
        return next_unread_top(state, forward);
    }
    if state.focus == Pane::Search {
        return next_unread_hit(state, forward);
    }
    if state.focus == Pane::Feeds {
        let rows = &state.feeds.rows;
        let items = &state.feeds.items;
        let has_unread = |r: &FeedRow| match r {
            FeedRow::Feed(i) => items.get(*i).is_some_and(|f| f.unread > 0),
            FeedRow::All => false,
        };
        let Some(pos) = find_wrapping(rows.len(), state.feeds.view.selected, forward, |i| {
            has_unread(&rows[i])
        }) else {
            state.set_notice(state.lang.s(ids::NO_UNREAD_ARTICLES));
            return Vec::new();
        };
        let before = state.selected_feed_id();
        state.feeds.view.selected = pos;
        let page = state.feeds_page();
        state.feeds.view.fit(state.feeds.rows.len(), page);
        return feed_changed(state, before);
    }
    let current = match (&state.focus, &state.reader) {
        (Pane::Reader, Some(r)) => state
            .articles
            .rows
            .iter()
            .position(|&i| state.articles.items[i].id == r.id)
            .unwrap_or(state.articles.view.selected),
        _ => state.articles.view.selected,
    };
    let rows = &state.articles.rows;
    let items = &state.articles.items;
    let Some(pos) = find_wrapping(rows.len(), current, forward, |i| !items[rows[i]].read) else {
        state.set_notice(state.lang.s(ids::NO_UNREAD_ARTICLES));
        return Vec::new();
    };
    state.articles.view.selected = pos;
    let page = state.articles_page();
    state.articles.view.fit(state.articles.rows.len(), page);
    if state.focus == Pane::Reader {
        let id = state.articles.items[state.articles.rows[pos]].id;
        return open_article(state, id);
    }
    Vec::new()
}

/// The first index after (before) `from` for which `hit` holds, wrapping.
pub(super) fn find_wrapping(
    len: usize,
    from: usize,
    forward: bool,
    hit: impl Fn(usize) -> bool,
) -> Option<usize> {
    (1..=len)
        .map(|step| {
            if forward {
                (from + step) % len
            } else {
                (from + len * 2 - step) % len
            }
        })
        .find(|&i| hit(i))
}

//! Messages from outside the keyboard: mouse, ticks, store answers,
//! refresh progress, resizes.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::domain::{
    Article, ArticleId, ArticleSummary, FeedId, FeedOutcome, FeedSummary, RefreshEvent,
};
use crate::i18n::{FluentValue, ids};

use super::actions::{feed_changed, move_selection, open, select_row};
use super::layout;
use super::list::{ListNav, Move};
use super::msg::Effect;
use super::reader::{ReaderLine, RenderedBody, article_body, reader_lines};
use super::search::{rerun_search, start_indexing};
use super::state::{AppState, NOTICE_SECS, Pane};
use super::top::load_top;

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: isize = 3;

pub(super) fn on_mouse(state: &mut AppState, ev: MouseEvent) -> Vec<Effect> {
    if state.show_help
        || state.popup.is_some()
        || state.prompt.is_some()
        || state.filter_input.is_some()
        || state.search_editing()
    {
        return Vec::new();
    }
    let Some((pane, rect)) = state.layout().pane_at(ev.column, ev.row) else {
        return Vec::new();
    };
    match ev.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let delta = if ev.kind == MouseEventKind::ScrollDown {
                WHEEL_LINES
            } else {
                -WHEEL_LINES
            };
            move_selection(state, pane, Move::By(delta))
        }
        MouseEventKind::Down(MouseButton::Left) => {
            let inner = layout::inner(rect);
            if ev.row < inner.y || ev.row >= inner.y + inner.height {
                return Vec::new();
            }
            let line = usize::from(ev.row - inner.y);
            let Some(view) = state.list(pane).map(|l| (l.view(), l.len())) else {
                return Vec::new();
            };
            let (view, len) = view;
            let target = view.offset + line / usize::from(layout::item_height(pane, inner));
            // A click on the selected item opens it (in the focused pane;
            // a feed only moves the cursor).
            let open_it = state.focus == pane && target == view.selected && pane != Pane::Feeds;
            state.focus = pane;
            if target >= len {
                return Vec::new();
            }
            let effects = select_row(state, pane, target);
            if open_it { open(state) } else { effects }
        }
        _ => Vec::new(),
    }
}

pub(super) fn on_tick(state: &mut AppState, now: chrono::DateTime<chrono::Utc>) -> Vec<Effect> {
    state.now = now;
    if state
        .notice
        .as_ref()
        .is_some_and(|n| (now - n.at).num_seconds() >= NOTICE_SECS)
    {
        state.notice = None;
    }
    if state.refresh.pending_reload {
        state.refresh.pending_reload = false;
        return vec![Effect::LoadFeeds, state.load_articles()];
    }
    Vec::new()
}

pub(super) fn on_feeds(state: &mut AppState, feeds: Vec<FeedSummary>) -> Vec<Effect> {
    let before = state.selected_feed_id();
    let keep = state.feeds.selected_key();
    state.feeds.items = feeds;
    // Keep the selected feed by id; if it is gone the cursor stays at the
    // same row and the article list follows it.
    state.refilter_feeds_keeping(keep);
    if state.selected_feed_id() != before {
        return feed_changed(state, before);
    }
    Vec::new()
}

pub(super) fn on_articles(
    state: &mut AppState,
    feed: Option<FeedId>,
    articles: Vec<ArticleSummary>,
) {
    if feed != state.selected_feed_id() {
        return; // a late answer for a feed no longer selected
    }
    let same_list = state.articles.loaded && state.articles.feed == feed;
    let old_key = state.articles.selected_key();
    let old = state.articles.view;
    state.articles.feed = feed;
    state.articles.replace_items(articles);
    if !same_list {
        state.articles.view = Default::default();
        state.refilter_articles();
        return;
    }
    // Keep the selected article on the same screen row: new articles
    // arriving above it push the offset, not the cursor.
    let keep_row = old.selected.saturating_sub(old.offset);
    state.refilter_articles();
    let list = &mut state.articles.list;
    let new_pos = old_key.and_then(|k| list.position_of(k));
    list.view.selected = new_pos.unwrap_or(old.selected);
    list.view.offset = list.view.selected.saturating_sub(keep_row);
    let page = state.page(Pane::Articles);
    state.articles.fit(page);
}

pub(super) fn on_article(state: &mut AppState, article: Article) {
    let width = state.reader_wrap_width();
    let words = state.reader_words();
    let Some(r) = state.reader.as_mut() else {
        return;
    };
    if r.id != article.summary.id {
        return; // the user moved on
    }
    // A new copy of the article (a reload) may carry another text: the
    // body is converted again (`wanted_body` asks for it).
    r.body = None;
    r.body_asked = None;
    r.lines = reader_lines(
        &article,
        None,
        r.related_view(),
        usize::from(width),
        state.now,
        &words,
    );
    r.wrap_width = width;
    r.article = Some(article);
    let max = state.reader_max_scroll();
    if let Some(r) = state.reader.as_mut() {
        r.scroll = r.scroll.min(max);
    }
}

/// `Msg::BodyRendered`: take the converted body if it is for the open
/// article at the width the reader has now; drop it otherwise (the user
/// moved on, or resized again: that width's answer is coming).
pub(super) fn on_body(
    state: &mut AppState,
    article: ArticleId,
    width: u16,
    lines: Vec<ReaderLine>,
) {
    let now = state.now;
    let words = state.reader_words();
    let current = state.reader_wrap_width();
    let Some(r) = state.reader.as_mut() else {
        return;
    };
    if r.id != article || width != current {
        return;
    }
    if r.body_asked == Some(width) {
        r.body_asked = None;
    }
    let Some(a) = r.article.as_ref() else {
        return;
    };
    // Keep roughly the same place in the text (it was wrapped otherwise).
    let fraction = if r.lines.is_empty() {
        0.0
    } else {
        r.scroll as f64 / r.lines.len() as f64
    };
    r.lines = reader_lines(
        a,
        Some(&lines),
        r.related_view(),
        usize::from(width),
        now,
        &words,
    );
    r.wrap_width = width;
    r.scroll = (fraction * r.lines.len() as f64) as usize;
    r.body = Some(RenderedBody { width, lines });
    let max = state.reader_max_scroll();
    if let Some(r) = state.reader.as_mut() {
        r.scroll = r.scroll.min(max);
    }
}

/// After any message: the open article's body, if the reader has none for
/// its width and has not asked yet, is asked of a worker.
pub(super) fn wanted_body(state: &mut AppState) -> Option<Effect> {
    let width = state.reader_wrap_width();
    let r = state.reader.as_mut()?;
    let html = article_body(r.article.as_ref()?)?;
    if r.body.as_ref().is_some_and(|b| b.width == width) || r.body_asked == Some(width) {
        return None;
    }
    r.body_asked = Some(width);
    Some(Effect::RenderBody {
        article: r.id,
        width,
        html: html.to_string(),
    })
}

pub(super) fn on_refresh(state: &mut AppState, event: RefreshEvent) -> Vec<Effect> {
    match event {
        // Another process holds the cache: say so while this one waits.
        RefreshEvent::Waiting { .. } => {
            state.set_notice(state.lang.s(ids::REFRESH_WAITING));
            Vec::new()
        }
        RefreshEvent::Started { total } => {
            state.refresh = super::state::RefreshState {
                running: true,
                total,
                ..Default::default()
            };
            state.last_error = None;
            Vec::new()
        }
        RefreshEvent::FeedDone {
            feed,
            name: feed_name,
            outcome,
        } => {
            state.refresh.done += 1;
            let feed = state.feeds.items.iter_mut().find(|f| f.id == feed);
            match outcome {
                FeedOutcome::NotModified => {
                    if let Some(f) = feed {
                        f.last_error = None;
                    }
                }
                FeedOutcome::Fetched { new, updated } => {
                    state.refresh.new += new;
                    if new > 0 || updated > 0 {
                        state.refresh.pending_reload = true;
                    }
                    if let Some(f) = feed {
                        f.last_error = None;
                    }
                }
                FeedOutcome::Failed { message, .. } => {
                    state.refresh.failed += 1;
                    if let Some(f) = feed {
                        f.last_error = Some(message.clone());
                    }
                    state.last_error = Some(format!("{feed_name}: {message}"));
                }
            }
            Vec::new()
        }
        // The totals are counted here as the feeds finish (the summary's
        // are the same, or unknown when the refresh stopped early).
        RefreshEvent::Finished(_) => {
            let r = &state.refresh;
            let count = ("count", FluentValue::from(r.done));
            let new = ("new", FluentValue::from(r.new));
            let text = if r.failed > 0 {
                let failed = ("failed", FluentValue::from(r.failed));
                state.lang.t(ids::REFRESHED_FAILED, &[count, new, failed])
            } else {
                state.lang.t(ids::REFRESHED, &[count, new])
            };
            state.refresh.running = false;
            state.refresh.pending_reload = false;
            state.set_notice(text);
            let mut effects = vec![
                Effect::LoadFeeds,
                state.load_articles(),
                Effect::InvalidateRelated,
            ];
            if state.view_open(Pane::Top) {
                effects.push(load_top(state));
            }
            effects.extend(rerun_search(state));
            // Its new articles wait to be indexed for search.
            effects.extend(start_indexing(state));
            // And for their story links.
            effects.extend(super::links::start_linking(state));
            // And its old texts for their blocks.
            effects.extend(super::pack::start_packing(state));
            // Feeds added while it ran are fetched now.
            if let Some(names) = state.queued_refresh.take() {
                effects.push(Effect::StartRefresh {
                    feeds: Some(names),
                    due_only: false,
                });
            }
            effects
        }
    }
}

//! `update`: the one place the state changes. No I/O and no clock: the
//! runtime feeds `Msg`s in and carries the returned `Effect`s out. This file
//! dispatches; `actions` does what commands mean, `incoming` takes in the
//! world's answers.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;

use super::actions::{
    back, feed_changed, feed_name_of, mark_feed_read, move_selection, next_unread, on_read_changed,
    open, target_link, toggle_star, undo,
};
use super::auto_refresh;
use super::command::Command;
use super::common::{quit, refit, set_read, start_refresh};
use super::downloads;
use super::help::HelpLayout;
use super::images;
use super::incoming::{
    on_article, on_articles, on_body, on_feeds, on_mouse, on_refresh, on_tick, wanted_body,
};
use super::list::Move;
use super::msg::{Effect, Msg};
use super::prompt::{self, Popup, PromptKind, on_add_failed, on_feeds_added, open_prompt};
use super::search::{on_error, on_indexed, on_results, open_search, prompt_key};
use super::state::{AppState, Pane};
use super::top::{cycle_tag, on_related, on_top, select_related, toggle_top, toggle_top_read};
use crate::i18n::{FluentValue, ids};

/// Apply one message; return what the runtime must do next.
pub fn update(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    let mut effects = dispatch(state, msg);
    // Whatever opened, reloaded or resized the reader: its body is
    // converted off the UI thread, once per article and width.
    effects.extend(wanted_body(state));
    effects
}

fn dispatch(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(state, key),
        Msg::Mouse(ev) => on_mouse(state, ev),
        Msg::Resize(w, h) => {
            state.width = w;
            state.height = h;
            refit(state);
            images::after_resize(state)
        }
        Msg::Tick(now) => on_tick(state, now),
        Msg::AutoRefreshDue => auto_refresh::on_due(state),
        Msg::FeedsLoaded(feeds) => {
            let mut effects = on_feeds(state, feeds);
            effects.extend(auto_refresh::after_feeds_loaded(state));
            effects
        }
        Msg::ArticlesLoaded { feed, articles } => {
            on_articles(state, feed, articles);
            Vec::new()
        }
        Msg::ArticleLoaded(article) => {
            on_article(state, *article);
            images::on_article_loaded(state)
        }
        Msg::ImageLoaded {
            article,
            url,
            result,
        } => {
            images::on_image_loaded(state, article, &url, result);
            Vec::new()
        }
        Msg::BodyRendered {
            article,
            width,
            lines,
        } => {
            on_body(state, article, width, lines);
            Vec::new()
        }
        Msg::TopLoaded { tag, entries } => {
            on_top(state, tag, entries);
            Vec::new()
        }
        Msg::RelatedLoaded {
            article,
            reports,
            related,
        } => {
            on_related(state, article, reports, related);
            Vec::new()
        }
        Msg::SearchResults {
            query,
            hits,
            unindexed,
        } => {
            on_results(state, query, hits, unindexed);
            Vec::new()
        }
        Msg::Indexed(left) => on_indexed(state, left),
        Msg::Linked(left) => super::links::on_linked(state, left),
        Msg::Packed(more) => super::pack::on_packed(state, more),
        Msg::SearchError { query, message } => {
            on_error(state, query, message);
            Vec::new()
        }
        Msg::Refresh(p) => on_refresh(state, p),
        Msg::StoreError(e) => {
            let error = FluentValue::from(e.to_string());
            state.last_error = Some(state.lang.t(ids::CACHE_ERROR, &[("error", error)]));
            Vec::new()
        }
        Msg::Error(e) => {
            state.last_error = Some(e);
            Vec::new()
        }
        Msg::Copied(url) => {
            let text = state
                .lang
                .t(ids::COPIED, &[("url", FluentValue::from(url))]);
            state.set_notice(text);
            Vec::new()
        }
        Msg::Opened(url) => {
            let text = state
                .lang
                .t(ids::OPENED, &[("url", FluentValue::from(url))]);
            state.set_notice(text);
            Vec::new()
        }
        Msg::Notice(text) => {
            state.set_notice(text);
            Vec::new()
        }
        Msg::FeedsAdded { feeds, message } => on_feeds_added(state, feeds, message),
        Msg::AddFailed(message) => {
            on_add_failed(state, message);
            Vec::new()
        }
        Msg::ReadChanged {
            changes,
            read,
            undoable,
        } => {
            on_read_changed(state, changes, read, undoable);
            Vec::new()
        }
        Msg::NotOpened { url, reason } => {
            // The whole URL, to select or type: the status bar would cut it.
            state.popup = Some(Popup {
                title: state.lang.s(ids::COULD_NOT_OPEN),
                text: format!("{reason}\n\n{url}"),
            });
            Vec::new()
        }
        Msg::Downloads(items) => {
            downloads::on_list(state, items);
            Vec::new()
        }
        Msg::DownloadUpdate { download, speed } => {
            downloads::on_update(state, download, speed);
            Vec::new()
        }
    }
}

fn on_key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let command = state.keymap.lookup(&key);
    if state.popup.is_some() {
        // Modal: any key closes it (and does nothing else).
        if command == Some(Command::ForceQuit) {
            return quit(state);
        }
        state.popup = None;
        return Vec::new();
    }
    if state.prompt.is_some() {
        return prompt::prompt_key(state, key);
    }
    if state.show_help {
        // The overlay is modal: it scrolls, and any other key closes it.
        let h = HelpLayout::compute(
            &state.keymap,
            state.lang,
            Rect::new(0, 0, state.width, state.height),
        );
        let (page, max) = (h.page(), h.max_scroll());
        let at = state.help_scroll.min(max);
        state.help_scroll = match command {
            Some(Command::ForceQuit) => return quit(state),
            Some(Command::Down) => (at + 1).min(max),
            Some(Command::Up) => at.saturating_sub(1),
            Some(Command::PageDown) => (at + page).min(max),
            Some(Command::PageUp) => at.saturating_sub(page),
            Some(Command::Top) => 0,
            Some(Command::Bottom) => max,
            _ => {
                state.show_help = false;
                0
            }
        };
        return Vec::new();
    }
    if state.downloads.open {
        return downloads::on_key(state, command);
    }
    if state.search_editing() {
        return prompt_key(state, key);
    }
    if let Some(target) = state.filter_input {
        return filter_key(state, target, key);
    }
    match command {
        Some(c) => run(state, c),
        None => {
            downloads::pick_key(state, &key);
            Vec::new()
        }
    }
}

/// Typing a filter: text goes to the query, the list follows live.
fn filter_key(state: &mut AppState, target: Pane, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Search has no filter of its own: `/` typed over it (from an article
    // opened there) filters the article list, as it always did.
    let target = match target {
        Pane::Feeds | Pane::Top => target,
        _ => Pane::Articles,
    };
    let Some(list) = state.list_mut(target) else {
        return Vec::new();
    };
    let query = list.filter_mut();
    // A longer query can only match fewer rows: search just those.
    let mut narrow = false;
    match key.code {
        KeyCode::Char('c') if ctrl => return quit(state),
        KeyCode::Char('u') if ctrl => query.clear(),
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            query.push(c);
            narrow = true;
        }
        KeyCode::Backspace => {
            query.pop();
        }
        KeyCode::Enter => {
            state.filter_input = None;
            return Vec::new();
        }
        KeyCode::Esc => {
            query.clear();
            state.filter_input = None;
        }
        KeyCode::Up => return move_selection(state, state.focus, Move::Up),
        KeyCode::Down => return move_selection(state, state.focus, Move::Down),
        _ => return Vec::new(),
    }
    let before = state.selected_feed_id();
    state.refilter(target, narrow);
    if target == Pane::Feeds {
        return feed_changed(state, before);
    }
    Vec::new()
}

/// Run one command in the current context.
pub fn run(state: &mut AppState, command: Command) -> Vec<Effect> {
    match command {
        Command::Up => move_selection(state, state.focus, Move::Up),
        Command::Down => move_selection(state, state.focus, Move::Down),
        Command::PageUp => move_selection(state, state.focus, Move::PageUp),
        Command::PageDown => move_selection(state, state.focus, Move::PageDown),
        Command::Top => move_selection(state, state.focus, Move::Home),
        Command::Bottom => move_selection(state, state.focus, Move::End),
        Command::NextPane => {
            state.focus = match state.focus {
                Pane::Feeds => Pane::Articles,
                Pane::Articles if state.reader.is_some() => Pane::Reader,
                Pane::Articles | Pane::Reader => Pane::Feeds,
                // Top stories and search are views of their own: Esc leaves.
                Pane::Top => Pane::Top,
                Pane::Search => Pane::Search,
            };
            refit(state);
            Vec::new()
        }
        Command::PrevPane => {
            state.focus = match state.focus {
                Pane::Feeds if state.reader.is_some() => Pane::Reader,
                Pane::Feeds | Pane::Reader => Pane::Articles,
                Pane::Articles => Pane::Feeds,
                Pane::Top => Pane::Top,
                Pane::Search => Pane::Search,
            };
            refit(state);
            Vec::new()
        }
        Command::Open => open(state),
        Command::Back => {
            back(state);
            Vec::new()
        }
        Command::Quit => {
            if matches!(state.focus, Pane::Reader | Pane::Top | Pane::Search) {
                back(state);
                Vec::new()
            } else {
                quit(state)
            }
        }
        Command::ForceQuit => quit(state),
        Command::Refresh => {
            let feeds = match state.focus {
                Pane::Feeds => state.selected_feed().map(|f| vec![f.name.clone()]),
                _ => match state.target_article() {
                    Some(a) => Some(vec![feed_name_of(state, a)]),
                    None => state.selected_feed().map(|f| vec![f.name.clone()]),
                },
            };
            start_refresh(state, feeds)
        }
        Command::RefreshAll if state.welcome() => {
            let key = FluentValue::from(state.key_hint(Command::AddFeed));
            let text = state.lang.t(ids::NO_FEEDS_TO_REFRESH, &[("key", key)]);
            state.set_notice(text);
            Vec::new()
        }
        Command::RefreshAll => start_refresh(state, None),
        Command::ToggleRead if state.focus == Pane::Top => toggle_top_read(state),
        Command::ToggleRead => match state.target_article().map(|a| (a.id, a.read)) {
            Some((id, read)) => set_read(state, id, !read),
            None => Vec::new(),
        },
        Command::MarkFeedRead if matches!(state.focus, Pane::Top | Pane::Search) => {
            state.set_notice(state.lang.s(ids::MARK_FEED_FROM_LIST));
            Vec::new()
        }
        Command::MarkFeedRead => mark_feed_read(state),
        Command::ToggleStar => toggle_star(state),
        Command::OpenInBrowser => match target_link(state) {
            Some(url) => vec![Effect::OpenUrl(url)],
            None => {
                state.set_notice(state.lang.s(ids::NO_LINK_TO_OPEN));
                Vec::new()
            }
        },
        Command::CopyUrl => match target_link(state) {
            Some(url) => vec![Effect::CopyToClipboard(url)],
            None => {
                state.set_notice(state.lang.s(ids::NO_LINK_TO_COPY));
                Vec::new()
            }
        },
        Command::NextUnread => next_unread(state, true),
        Command::PrevUnread => next_unread(state, false),
        // In the search view `/` edits the query: its list is the query's.
        Command::Filter if state.focus == Pane::Search => open_search(state),
        Command::Filter => {
            if let Some(r) = state
                .reader
                .as_ref()
                .filter(|_| state.focus == Pane::Reader)
            {
                // Filter the list the article was opened from.
                state.focus = r.return_to;
                refit(state);
            }
            state.filter_input = Some(state.focus);
            Vec::new()
        }
        Command::Help => {
            state.show_help = !state.show_help;
            state.help_scroll = 0;
            Vec::new()
        }
        Command::TopStories => toggle_top(state),
        Command::NextRelated => select_related(state, true),
        Command::PrevRelated => select_related(state, false),
        Command::CycleTag => cycle_tag(state),
        Command::Search => open_search(state),
        Command::AddFeed => open_prompt(state, PromptKind::AddFeed),
        Command::ImportOpml => open_prompt(state, PromptKind::ImportOpml),
        Command::Undo => undo(state),
        Command::ShowImage => images::show_next(state),
        Command::ShowMessage => {
            match state.status_message() {
                Some(text) => {
                    state.popup = Some(Popup {
                        title: state.lang.s(ids::STATUS_TITLE),
                        text,
                    })
                }
                None => state.set_notice(state.lang.s(ids::NO_MESSAGE)),
            }
            Vec::new()
        }
        Command::Download => downloads::download(state),
        Command::Play => downloads::play(state),
        Command::Downloads => downloads::toggle(state),
        Command::PauseDownload => downloads::pause(state),
    }
}

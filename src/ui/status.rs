//! The status bar: filter input, refresh progress ("Refreshing 12/40"),
//! the last error, notices, and key hints from the active key map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crossterm::event::KeyCode;

use crate::app::{AppState, Command, KeySpec, Pane};
use crate::i18n::{FluentValue, Id, ids};

use super::{Theme, put, row};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width == 0 {
        return;
    }
    let lang = state.lang;
    let mut left: Vec<Span> = Vec::new();
    let mut right: Vec<Span> = Vec::new();
    if state.focus == Pane::Search && state.search.editing {
        left.push(Span::styled(
            format!(" {}: {}▏", lang.s(ids::SEARCH), state.search.query),
            theme.filter,
        ));
        right.push(Span::styled(
            format!("{} ", lang.s(ids::HINT_SEARCH_PROMPT)),
            theme.status,
        ));
        put(row(left, right, area.width, theme.filter), area, 0, buf);
        return;
    }
    if let Some(target) = state.filter_input {
        let query = match target {
            Pane::Feeds => &state.feeds.filter,
            Pane::Top => &state.top.filter,
            _ => &state.articles.filter,
        };
        left.push(Span::styled(format!(" /{query}▏"), theme.filter));
        right.push(Span::styled(
            format!("{} ", lang.s(ids::HINT_FILTER_PROMPT)),
            theme.status,
        ));
        put(row(left, right, area.width, theme.filter), area, 0, buf);
        return;
    }
    let r = &state.refresh;
    if r.running {
        left.push(Span::styled(
            format!(
                " {}",
                lang.t(
                    ids::REFRESH_PROGRESS,
                    &[
                        ("done", FluentValue::from(r.done)),
                        ("total", FluentValue::from(r.total)),
                    ],
                )
            ),
            theme.status_busy,
        ));
    }
    // A query that did not parse says why, until the next search; the
    // message says how to fix it, so it gets the room of the key hints.
    let search_error = state
        .search
        .error
        .as_ref()
        .filter(|_| state.focus == Pane::Search);
    if let Some(e) = search_error {
        left.push(Span::styled(
            format!(" ! {e}"),
            theme.error.patch(bg_only(theme)),
        ));
    } else if let Some(e) = &state.last_error {
        left.push(Span::styled(
            format!(" ! {e}"),
            theme.error.patch(bg_only(theme)),
        ));
    }
    if let Some(n) = &state.notice {
        left.push(Span::styled(format!(" {}", n.text), theme.notice));
    }
    if left.is_empty() {
        left.push(Span::styled(
            format!(
                " {}",
                lang.t(
                    ids::UNREAD_COUNT,
                    &[("count", FluentValue::from(state.total_unread()))],
                )
            ),
            theme.status,
        ));
    }
    let has_related = state.reader.as_ref().is_some_and(|r| !r.related.is_empty());
    let hints: Vec<String> = hint_commands(state.focus, has_related)
        .iter()
        .filter_map(|&(c, label)| hint_key(state, c).map(|k| format!("{k} {}", lang.s(label))))
        .collect();
    if !hints.is_empty() && search_error.is_none() {
        right.push(Span::styled(
            format!("{} ", hints.join(" · ")),
            theme.status,
        ));
    }
    put(row(left, right, area.width, theme.status), area, 0, buf);
}

/// The few commands worth a hint in each pane, with a short label.
fn hint_commands(focus: Pane, has_related: bool) -> &'static [(Command, Id)] {
    match focus {
        Pane::Feeds => &[
            (Command::Open, ids::HINT_OPEN),
            (Command::RefreshAll, ids::HINT_REFRESH),
            (Command::Help, ids::HINT_HELP),
            (Command::Quit, ids::HINT_QUIT),
        ],
        Pane::Articles => &[
            (Command::Open, ids::HINT_READ),
            (Command::ToggleStar, ids::HINT_STAR),
            (Command::Help, ids::HINT_HELP),
            (Command::Quit, ids::HINT_QUIT),
        ],
        Pane::Reader if has_related => &[
            (Command::OpenInBrowser, ids::HINT_BROWSER),
            (Command::NextUnread, ids::HINT_NEXT),
            (Command::NextRelated, ids::HINT_RELATED),
            (Command::Quit, ids::HINT_BACK),
        ],
        Pane::Top => &[
            (Command::Open, ids::HINT_READ),
            (Command::ToggleRead, ids::HINT_TOGGLE_READ),
            (Command::CycleTag, ids::HINT_TAG),
            (Command::Filter, ids::HINT_FILTER),
            (Command::Quit, ids::HINT_BACK),
        ],
        Pane::Search => &[
            (Command::Open, ids::HINT_READ),
            (Command::Filter, ids::HINT_EDIT_QUERY),
            (Command::NextUnread, ids::HINT_NEXT_UNREAD),
            (Command::Quit, ids::HINT_BACK),
        ],
        Pane::Reader => &[
            (Command::OpenInBrowser, ids::HINT_BROWSER),
            (Command::CopyUrl, ids::HINT_COPY),
            (Command::NextUnread, ids::HINT_NEXT),
            (Command::Quit, ids::HINT_BACK),
        ],
    }
}

/// The key to show for a command: Enter for opening when it is bound (more
/// familiar than `l`), else the first key.
fn hint_key(state: &AppState, c: Command) -> Option<KeySpec> {
    let keys = state.keymap.keys_for(c);
    keys.iter()
        .find(|k| c == Command::Open && k.code == KeyCode::Enter)
        .or(keys.first())
        .copied()
}

/// The status bar's background, so an error keeps the bar's look.
fn bg_only(theme: &Theme) -> ratatui::style::Style {
    match theme.status.bg {
        Some(bg) => ratatui::style::Style::new().bg(bg),
        None => ratatui::style::Style::new(),
    }
}

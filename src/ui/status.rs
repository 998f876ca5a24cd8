//! The status bar: filter input, refresh progress ("Refreshing 12/40"),
//! the last error, notices, and key hints from the active key map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crossterm::event::KeyCode;
use unicode_width::UnicodeWidthStr;

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
    if let Some(p) = &state.prompt {
        let width = usize::from(area.width);
        let cursor = if p.takes_text() { "▏" } else { "" };
        let text = format!(" {} {}{cursor}", p.label(lang), p.text);
        // What is typed stays in sight: the hint goes first, then the
        // start of the line (the end, with the cursor, is kept).
        if text.width() + p.hint(lang).width() < width {
            right.push(Span::styled(p.hint(lang), theme.status));
        }
        left.push(Span::styled(tail(&text, width), theme.filter));
        put(row(left, right, area.width, theme.filter), area, 0, buf);
        return;
    }
    if state.search_editing() {
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
    if let Some(task) = &state.task {
        left.push(Span::styled(format!(" {task}"), theme.status_busy));
    }
    // An error (a query that did not parse, a failed refresh, the failing
    // feed under the cursor) says why; a notice follows.
    if let Some(e) = state.status_error() {
        left.push(Span::styled(
            format!(" ! {e}"),
            theme.error.patch(bg_only(theme)),
        ));
    }
    if let Some(n) = &state.notice {
        left.push(Span::styled(format!(" {}", n.text), theme.notice));
    }
    let message = !left.is_empty();
    if left.is_empty() && !state.welcome() {
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
    let commands = if state.welcome() {
        WELCOME_HINTS
    } else {
        hint_commands(state.focus, has_related)
    };
    let mut hints: Vec<String> = commands
        .iter()
        .filter_map(|&(c, label)| hint_key(state, c).map(|k| format!("{k} {}", lang.s(label))))
        .collect();
    // A message comes before the hints; one too long for the bar is cut
    // and the bar says which key shows it whole.
    let left_w: usize = left.iter().map(|s| s.content.width()).sum();
    let width = usize::from(area.width);
    // Hints are in order of use: on a narrow bar (or in a wordier
    // language) the last ones give way, not all of them.
    let joined = |h: &[String]| format!("{} ", h.join(" · "));
    while hints.len() > 1 && left_w + 1 + joined(&hints).width() > width {
        hints.pop();
    }
    let hints = joined(&hints);
    if message && left_w + 1 > width {
        if let Some(k) = hint_key(state, Command::ShowMessage) {
            let more = lang.s(ids::HINT_MORE);
            right.push(Span::styled(format!("{k} {more} "), theme.status));
        }
    } else if left_w + 1 + hints.width() <= width || !message {
        right.push(Span::styled(hints, theme.status));
    }
    put(row(left, right, area.width, theme.status), area, 0, buf);
}

/// With no feed yet, the keys that get one.
const WELCOME_HINTS: &[(Command, Id)] = &[
    (Command::AddFeed, ids::HINT_ADD),
    (Command::ImportOpml, ids::HINT_IMPORT),
    (Command::Help, ids::HINT_HELP),
    (Command::Quit, ids::HINT_QUIT),
];

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

/// The last `width` columns of `s`, starting with "…" when cut.
fn tail(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1; // the "…"
    for c in s.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    std::iter::once('…').chain(out.into_iter().rev()).collect()
}

//! The status bar: filter input, refresh progress ("Refreshing 12/40"),
//! the last error, notices, and key hints from the active key map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crossterm::event::KeyCode;
use unicode_width::UnicodeWidthStr;

use crate::app::{AppState, Command, KeySpec, Pane};

use super::{Theme, put, row};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width == 0 {
        return;
    }
    let mut left: Vec<Span> = Vec::new();
    let mut right: Vec<Span> = Vec::new();
    if let Some(p) = &state.prompt {
        let width = usize::from(area.width);
        let cursor = if p.takes_text() { "▏" } else { "" };
        let text = format!(" {} {}{cursor}", p.label(), p.text);
        // What is typed stays in sight: the hint goes first, then the
        // start of the line (the end, with the cursor, is kept).
        if text.width() + p.hint().width() < width {
            right.push(Span::styled(p.hint(), theme.status));
        }
        left.push(Span::styled(tail(&text, width), theme.filter));
        put(row(left, right, area.width, theme.filter), area, 0, buf);
        return;
    }
    if state.focus == Pane::Search && state.search.editing {
        left.push(Span::styled(
            format!(" Search: {}▏", state.search.query),
            theme.filter,
        ));
        right.push(Span::styled("Enter search · Esc cancel ", theme.status));
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
        right.push(Span::styled("Enter keep · Esc clear ", theme.status));
        put(row(left, right, area.width, theme.filter), area, 0, buf);
        return;
    }
    let r = &state.refresh;
    if r.running {
        left.push(Span::styled(
            format!(" Refreshing {}/{}", r.done, r.total),
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
            format!(" {} unread", state.total_unread()),
            theme.status,
        ));
    }
    let has_related = state.reader.as_ref().is_some_and(|r| !r.related.is_empty());
    let commands = if state.welcome() {
        WELCOME_HINTS
    } else {
        hint_commands(state.focus, has_related)
    };
    let hints: Vec<String> = commands
        .iter()
        .filter_map(|&(c, label)| hint_key(state, c).map(|k| format!("{k} {label}")))
        .collect();
    let hints = format!("{} ", hints.join(" · "));
    // A message comes before the hints; one too long for the bar is cut
    // and the bar says which key shows it whole.
    let left_w: usize = left.iter().map(|s| s.content.width()).sum();
    let width = usize::from(area.width);
    if message && left_w + 1 > width {
        if let Some(k) = hint_key(state, Command::ShowMessage) {
            right.push(Span::styled(format!("{k} more "), theme.status));
        }
    } else if left_w + 1 + hints.width() <= width || !message {
        right.push(Span::styled(hints, theme.status));
    }
    put(row(left, right, area.width, theme.status), area, 0, buf);
}

/// With no feed yet, the keys that get one.
const WELCOME_HINTS: &[(Command, &str)] = &[
    (Command::AddFeed, "add"),
    (Command::ImportOpml, "import"),
    (Command::Help, "help"),
    (Command::Quit, "quit"),
];

/// The few commands worth a hint in each pane, with a short label.
fn hint_commands(focus: Pane, has_related: bool) -> &'static [(Command, &'static str)] {
    match focus {
        Pane::Feeds => &[
            (Command::Open, "open"),
            (Command::RefreshAll, "refresh"),
            (Command::Help, "help"),
            (Command::Quit, "quit"),
        ],
        Pane::Articles => &[
            (Command::Open, "read"),
            (Command::ToggleStar, "star"),
            (Command::Help, "help"),
            (Command::Quit, "quit"),
        ],
        Pane::Reader if has_related => &[
            (Command::OpenInBrowser, "browser"),
            (Command::NextUnread, "next"),
            (Command::NextRelated, "related"),
            (Command::Quit, "back"),
        ],
        Pane::Top => &[
            (Command::Open, "read"),
            (Command::ToggleRead, "read/unread"),
            (Command::CycleTag, "tag"),
            (Command::Filter, "filter"),
            (Command::Quit, "back"),
        ],
        Pane::Search => &[
            (Command::Open, "read"),
            (Command::Filter, "edit query"),
            (Command::NextUnread, "next unread"),
            (Command::Quit, "back"),
        ],
        Pane::Reader => &[
            (Command::OpenInBrowser, "browser"),
            (Command::CopyUrl, "copy"),
            (Command::NextUnread, "next"),
            (Command::Quit, "back"),
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

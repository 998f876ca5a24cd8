//! The status bar: filter input, refresh progress ("Refreshing 12/40"),
//! the last error, notices, and key hints from the active key map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::app::{AppState, Command};

use super::{Theme, put, row};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width == 0 {
        return;
    }
    let mut left: Vec<Span> = Vec::new();
    let mut right: Vec<Span> = Vec::new();
    if let Some(_target) = state.filter_input {
        let query = match _target {
            crate::app::Pane::Feeds => &state.feeds.filter,
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
    if let Some(e) = &state.last_error {
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
            format!(" {} unread", state.total_unread()),
            theme.status,
        ));
    }
    let hint = |c: Command| {
        state
            .keymap
            .keys_for(c)
            .first()
            .map(|k| format!("{k} {}", short(c)))
    };
    let hints: Vec<String> = [Command::Help, Command::RefreshAll, Command::Quit]
        .into_iter()
        .filter_map(hint)
        .collect();
    if !hints.is_empty() {
        right.push(Span::styled(
            format!("{} ", hints.join(" · ")),
            theme.status,
        ));
    }
    put(row(left, right, area.width, theme.status), area, 0, buf);
}

fn short(c: Command) -> &'static str {
    match c {
        Command::Help => "help",
        Command::RefreshAll => "refresh",
        Command::Quit => "quit",
        other => other.name(),
    }
}

/// The status bar's background, so an error keeps the bar's look.
fn bg_only(theme: &Theme) -> ratatui::style::Style {
    match theme.status.bg {
        Some(bg) => ratatui::style::Style::new().bg(bg),
        None => ratatui::style::Style::new(),
    }
}

//! The `?` overlay: every command with the keys the active key map binds
//! to it, so user overrides show up here automatically.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::format::truncate;
use crate::app::{AppState, Command};
use crate::i18n::ids;

use super::{Theme, pane_block, put, row};

/// Longer key lists are cut with "…" (only if a user binds many keys).
const MAX_KEY_COL: usize = 19;

pub(super) fn render(state: &AppState, theme: &Theme, screen: Rect, buf: &mut Buffer) {
    let entries: Vec<(String, String)> = Command::ALL
        .iter()
        .map(|&c| {
            let keys = state.keymap.keys_text(c);
            let keys = if keys.is_empty() {
                "-".to_string()
            } else {
                keys
            };
            (truncate(&keys, MAX_KEY_COL), state.lang.s(c.description()))
        })
        .collect();
    let key_w = entries.iter().map(|(k, _)| k.width()).max().unwrap_or(1);
    let desc_w = entries.iter().map(|(_, d)| d.width()).max().unwrap_or(1);
    let entry_w = key_w + 1 + desc_w;
    // Two columns when the screen is wide enough (it is at 80 columns).
    let cols = if 2 * entry_w + 2 + 4 <= usize::from(screen.width) {
        2
    } else {
        1
    };
    let rows_needed = entries.len().div_ceil(cols);
    let width = (cols * entry_w + 2 * (cols - 1) + 4).min(usize::from(screen.width)) as u16;
    let max_h = usize::from(screen.height.saturating_sub(1)).max(1);
    let height = (rows_needed + 2).min(max_h) as u16;
    if width == 0 || height == 0 {
        return;
    }
    let area = Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + (screen.height.saturating_sub(1).saturating_sub(height)) / 2,
        width,
        height,
    );
    Clear.render(area, buf);
    let inner = pane_block(area, &state.lang.s(ids::HELP_TITLE), true, theme, buf);
    let margin = u16::from(inner.width > 2);
    let inner = Rect::new(
        inner.x + margin,
        inner.y,
        inner.width.saturating_sub(2 * margin),
        inner.height,
    );
    let page = usize::from(inner.height);
    let scroll = state.help_scroll.min(rows_needed.saturating_sub(page));
    let col_w = if cols == 2 {
        inner.width.saturating_sub(2) / 2
    } else {
        inner.width
    };
    for r in 0..page.min(rows_needed.saturating_sub(scroll)) {
        for c in 0..cols {
            // Column-major, so related commands stay together.
            let Some((keys, desc)) = entries.get(c * rows_needed + scroll + r) else {
                continue;
            };
            let cell = Rect::new(
                inner.x + c as u16 * (col_w + 2),
                inner.y,
                col_w,
                inner.height,
            );
            let pad = " ".repeat(key_w + 1 - keys.width().min(key_w));
            put(
                row(
                    vec![
                        Span::styled(format!("{keys}{pad}"), theme.help_key),
                        Span::raw(desc.as_str()),
                    ],
                    vec![],
                    col_w,
                    Style::new(),
                ),
                cell,
                r as u16,
                buf,
            );
        }
    }
}

//! A small box over the screen with a text the status bar cannot hold (a
//! whole URL that could not be opened, an error with its causes), wrapped
//! to the box; any key closes it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Widget};

use crate::app::AppState;
use crate::app::format::wrap;

use super::{Theme, pane_block, put, row};

/// The widest a popup grows on a large screen (text stays readable).
const MAX_WIDTH: u16 = 72;

pub(super) fn render(state: &AppState, theme: &Theme, screen: Rect, buf: &mut Buffer) {
    let Some(p) = &state.popup else {
        return;
    };
    let width = screen.width.min(MAX_WIDTH);
    if width < 6 || screen.height < 4 {
        return;
    }
    let text_w = usize::from(width - 4);
    let mut lines: Vec<String> = p
        .text
        .lines()
        .flat_map(|l| {
            if l.trim().is_empty() {
                vec![String::new()]
            } else {
                wrap(l, text_w)
            }
        })
        .collect();
    let footer = "any key closes";
    // Room for the border, a blank line and the footer; what does not fit
    // is cut with "…" on the last line shown.
    let max_text = usize::from(screen.height.saturating_sub(1))
        .saturating_sub(4)
        .max(1);
    if lines.len() > max_text {
        lines.truncate(max_text);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    let height = (lines.len() + 4) as u16;
    let area = Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + screen.height.saturating_sub(1).saturating_sub(height) / 2,
        width,
        height.min(screen.height),
    );
    Clear.render(area, buf);
    let inner = pane_block(area, &p.title, true, theme, buf);
    for (i, line) in lines.into_iter().enumerate() {
        put(
            row(
                vec![Span::raw(" "), Span::raw(line)],
                vec![],
                inner.width,
                Style::new(),
            ),
            inner,
            i as u16,
            buf,
        );
    }
    put(
        row(
            vec![Span::styled(format!(" {footer}"), theme.meta)],
            vec![],
            inner.width,
            Style::new(),
        ),
        inner,
        inner.height.saturating_sub(1),
        buf,
    );
}

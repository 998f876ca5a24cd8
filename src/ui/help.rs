//! The `?` overlay: every command with the keys the active key map binds
//! to it, so user overrides show up here automatically. When it does not
//! fit it scrolls (j/k, PgDn/PgUp, g/G) and its border says where you are.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::AppState;
use crate::app::help::HelpLayout;
use crate::i18n::{FluentValue, ids};

use super::{Theme, pane_block, put, row};

pub(super) fn render(state: &AppState, theme: &Theme, screen: Rect, buf: &mut Buffer) {
    let h = HelpLayout::compute(&state.keymap, state.lang, screen);
    let area = h.area;
    if area.width == 0 || area.height == 0 {
        return;
    }
    Clear.render(area, buf);
    let page = h.page();
    let scroll = state.help_scroll.min(h.max_scroll());
    let scrolls = h.rows > page;
    let title = if scrolls {
        state.lang.s(ids::HELP_TITLE_SCROLLS)
    } else {
        state.lang.s(ids::HELP_TITLE)
    };
    pane_block(area, &title, true, theme, buf);
    if scrolls && area.height >= 3 {
        // Where you are, on the bottom border: "10–18 of 31 ↓".
        let last = (scroll + page).min(h.rows);
        let more = match (scroll > 0, last < h.rows) {
            (true, true) => " ↑↓",
            (false, true) => " ↓",
            (true, false) => " ↑",
            (false, false) => "",
        };
        let place = state.lang.t(
            ids::HELP_PLACE,
            &[
                ("first", FluentValue::from(scroll + 1)),
                ("last", FluentValue::from(last)),
                ("total", FluentValue::from(h.rows)),
            ],
        );
        let text = format!(" {place}{more} ");
        let w = text.width() as u16;
        if w + 2 <= area.width {
            put(
                ratatui::text::Line::from(Span::styled(text, theme.pane_title)),
                Rect::new(area.right() - w - 1, area.bottom() - 1, w, 1),
                0,
                buf,
            );
        }
    }
    let inner = h.text;
    let col_w = if h.cols == 2 {
        inner.width.saturating_sub(2) / 2
    } else {
        inner.width
    };
    for r in 0..page.min(h.rows.saturating_sub(scroll)) {
        for c in 0..h.cols {
            // Column-major, so related commands stay together.
            let Some((keys, desc)) = h.entries.get(c * h.rows + scroll + r) else {
                continue;
            };
            let cell = Rect::new(
                inner.x + c as u16 * (col_w + 2),
                inner.y,
                col_w,
                inner.height,
            );
            let pad = " ".repeat(h.key_w + 1 - keys.width().min(h.key_w));
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

//! One drawer for every list pane (feeds, articles, Top stories, search
//! hits): the bordered block with its title, a note when there are no
//! rows, the rows that fit from the scroll offset, and the selected row's
//! highlight (dimmed when the pane has no focus). Each view only says
//! what its title is and what one item's lines are.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use crate::app::format::wrap;
use crate::app::layout::item_height;
use crate::app::state::ListView;
use crate::app::{AppState, Pane};

use super::{Theme, pane_block, put, put_note, visible_offset};

/// A list pane about to be drawn.
pub(super) struct ListBlock<'s, R> {
    pub pane: Pane,
    pub title: String,
    /// The rows shown, and the cursor over them.
    pub rows: &'s [R],
    pub view: ListView,
}

/// One item's place: its width, the rows it may fill, and the style of
/// its background (the highlight, if selected).
pub(super) struct Item {
    pub width: u16,
    pub height: u16,
    pub fill: Style,
}

impl<R: Copy> ListBlock<'_, R> {
    /// Draw the pane into `area`. `empty` gives the note's lines when there
    /// are no rows (wrapped here to the pane); `item` gives a row's lines
    /// (only the first `Item::height` are drawn).
    pub(super) fn draw<'a>(
        self,
        state: &AppState,
        theme: &Theme,
        area: Rect,
        buf: &mut Buffer,
        empty: impl FnOnce() -> Vec<String>,
        mut item: impl FnMut(R, &Item) -> Vec<Line<'a>>,
    ) {
        let focused = state.focus == self.pane;
        let inner = pane_block(area, &self.title, focused, theme, buf);
        if inner.width == 0 || inner.height == 0 {
            return;
        }
        if self.rows.is_empty() {
            // A note wraps rather than losing its end (the key to press) in
            // a narrow pane.
            let width = usize::from(inner.width);
            let lines = empty()
                .iter()
                .flat_map(|t| wrap(t, width))
                .collect::<Vec<_>>();
            for (y, text) in lines
                .into_iter()
                .take(usize::from(inner.height))
                .enumerate()
            {
                put_note(text, inner, y as u16, theme, buf);
            }
            return;
        }
        let item_h = item_height(self.pane, inner);
        let page = usize::from(inner.height / item_h).max(1);
        let offset = visible_offset(self.view.offset, self.view.selected, page);
        for (slot, (pos, &row)) in self
            .rows
            .iter()
            .enumerate()
            .skip(offset)
            .take(page)
            .enumerate()
        {
            let fill = match (pos == self.view.selected, focused) {
                (true, true) => theme.selected,
                (true, false) => theme.selected_dim,
                _ => Style::new(),
            };
            let place = Item {
                width: inner.width,
                height: item_h,
                fill,
            };
            let y = slot as u16 * item_h;
            for (k, line) in item(row, &place)
                .into_iter()
                .enumerate()
                .take(usize::from(item_h))
            {
                put(line, inner, y + k as u16, buf);
            }
        }
    }
}

//! Where the `?` overlay goes and what it lists, shared by `update` (how
//! far it scrolls, a page) and `ui` (drawing), so keys and screen agree.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::command::Command;
use super::format::truncate;
use super::keymap::Keymap;
use super::layout::{has_border, inner};
use crate::i18n::Lang;

/// Longer key lists are cut with "…" (only if a user binds many keys).
const MAX_KEY_COL: usize = 19;
/// The key column is never cut narrower than this.
const MIN_KEY_COL: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLayout {
    /// (keys, what the command does), in `Command::ALL` order.
    pub entries: Vec<(String, String)>,
    pub key_w: usize,
    /// 1 or 2 columns (two when the screen is wide enough).
    pub cols: usize,
    /// Rows of entries in one column.
    pub rows: usize,
    /// The overlay's box.
    pub area: Rect,
    /// Where the entries go inside it.
    pub text: Rect,
}

impl HelpLayout {
    /// The layout for `keymap` on `screen`, described in `lang` (the
    /// words' widths decide the columns).
    pub fn compute(keymap: &Keymap, lang: Lang, screen: Rect) -> HelpLayout {
        let entries: Vec<(String, String)> = Command::ALL
            .iter()
            .map(|&c| {
                let keys = keymap.keys_text(c);
                let keys = if keys.is_empty() { "-".into() } else { keys };
                (truncate(&keys, MAX_KEY_COL), lang.s(c.description()))
            })
            .collect();
        let key_w = entries.iter().map(|(k, _)| k.width()).max().unwrap_or(1);
        let desc_w = entries.iter().map(|(_, d)| d.width()).max().unwrap_or(1);
        let entry_w = key_w + 1 + desc_w;
        let cols = if 2 * entry_w + 2 + 4 <= usize::from(screen.width) {
            2
        } else {
            1
        };
        let rows = entries.len().div_ceil(cols);
        let width = (cols * entry_w + 2 * (cols - 1) + 4).min(usize::from(screen.width)) as u16;
        let max_h = usize::from(screen.height.saturating_sub(1)).max(1);
        let height = (rows + 2).min(max_h) as u16;
        let area = Rect::new(
            screen.x + (screen.width - width) / 2,
            screen.y + (screen.height.saturating_sub(1).saturating_sub(height)) / 2,
            width,
            height,
        );
        let i = if has_border(area) { inner(area) } else { area };
        let margin = u16::from(i.width > 2);
        let text = Rect::new(
            i.x + margin,
            i.y,
            i.width.saturating_sub(2 * margin),
            i.height,
        );
        // One narrow column: the keys give up room before the words do
        // ("h, esc, left, back…" is a long key list; "close reader/quit" is
        // what the key does).
        let mut key_w = key_w;
        let mut entries = entries;
        let room = usize::from(text.width);
        if cols == 1 && key_w + 1 + desc_w > room && room >= desc_w + 1 + MIN_KEY_COL {
            key_w = room - desc_w - 1;
            for (k, _) in entries.iter_mut() {
                *k = truncate(k, key_w);
            }
        }
        HelpLayout {
            entries,
            key_w,
            cols,
            rows,
            area,
            text,
        }
    }

    /// Entry rows visible at once.
    pub fn page(&self) -> usize {
        usize::from(self.text.height).max(1)
    }

    /// The largest useful scroll: the last row at the bottom.
    pub fn max_scroll(&self) -> usize {
        self.rows.saturating_sub(self.page())
    }
}

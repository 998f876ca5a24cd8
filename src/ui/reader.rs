//! The reader: the article's pre-wrapped lines (built in `update`), sliced
//! at the scroll position, with a position indicator in the border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::layout::{has_border, reader_text_area};
use crate::app::reader::LineKind;
use crate::app::{AppState, Pane};

use super::{Theme, pane_block, put, row};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(reader) = state.reader.as_ref() else {
        return;
    };
    let feed = reader
        .article
        .as_ref()
        .map(|a| a.summary.feed_name.as_str())
        .unwrap_or("Article");
    pane_block(area, feed, state.focus == Pane::Reader, theme, buf);
    let text = reader_text_area(area);
    if text.width == 0 || text.height == 0 {
        return;
    }
    if reader.article.is_none() {
        put(
            row(
                vec![Span::styled("Loading…", theme.meta)],
                vec![],
                text.width,
                Style::new(),
            ),
            text,
            0,
            buf,
        );
        return;
    }
    let page = usize::from(text.height);
    let max_scroll = reader.lines.len().saturating_sub(page);
    let scroll = reader.scroll.min(max_scroll);
    for (y, line) in reader.lines.iter().skip(scroll).take(page).enumerate() {
        let style = match line.kind {
            LineKind::Title => theme.title,
            LineKind::Meta => theme.meta,
            LineKind::Link => theme.link,
            LineKind::Footnote => theme.footnote,
            LineKind::Body | LineKind::Blank => Style::new(),
        };
        put(
            row(
                vec![Span::styled(line.text.as_str(), style)],
                vec![],
                text.width,
                Style::new(),
            ),
            text,
            y as u16,
            buf,
        );
    }
    // "42%" in the bottom border shows where we are in a long article.
    if has_border(area) && reader.lines.len() > page {
        let pct = (scroll * 100).checked_div(max_scroll).unwrap_or(100);
        let label = format!(" {pct}% ");
        let w = label.len() as u16;
        if area.width > w + 2 {
            let r = Rect::new(area.x + area.width - w - 2, area.y + area.height - 1, w, 1);
            Line::from(Span::styled(label, theme.meta)).render(r, buf);
        }
    }
}

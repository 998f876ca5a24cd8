//! The reader: the article's pre-wrapped lines (built in `update`), sliced
//! at the scroll position, with a position indicator in the border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::layout::{has_border, reader_text_area};
use crate::i18n::ids;
use std::num::NonZeroU16;

use ratatui::buffer::CellDiffOption;
use unicode_width::UnicodeWidthStr;

use crate::app::reader::{Emphasis, LineKind, LineLink, ReaderLine};
use crate::app::{AppState, Pane};

use super::{Theme, pane_block, put, row};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(reader) = state.reader.as_ref() else {
        return;
    };
    let feed = reader.article.as_ref().map_or_else(
        || state.lang.s(ids::ARTICLE),
        |a| a.summary.feed_name.clone(),
    );
    pane_block(area, &feed, state.focus == Pane::Reader, theme, buf);
    let text = reader_text_area(area);
    if text.width == 0 || text.height == 0 {
        return;
    }
    if reader.article.is_none() {
        put(
            row(
                vec![Span::styled(state.lang.s(ids::LOADING), theme.meta)],
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
    // A picture asked for takes the top of the text area.
    let text = super::image::render(reader, state.lang, theme, text, buf);
    let page = usize::from(text.height);
    let max_scroll = reader.lines.len().saturating_sub(page);
    let scroll = reader.scroll.min(max_scroll);
    for (y, line) in reader.lines.iter().skip(scroll).take(page).enumerate() {
        let picked = |i: usize| reader.related_selected == Some(i) && state.focus == Pane::Reader;
        let base = match line.kind {
            LineKind::Title | LineKind::RelatedHeading => theme.title,
            LineKind::Meta | LineKind::RelatedMeta(_) | LineKind::RelatedStatus => theme.meta,
            LineKind::Link => theme.link,
            LineKind::Footnote => theme.footnote,
            LineKind::Body | LineKind::Blank | LineKind::Related(_) => Style::new(),
        };
        // The picked related story is highlighted across the text width.
        let fill = match line.kind {
            LineKind::Related(i) | LineKind::RelatedMeta(i) if picked(i) => theme.selected,
            _ => Style::new(),
        };
        put(
            row(spans(line, base, theme), vec![], text.width, fill),
            text,
            y as u16,
            buf,
        );
        if state.osc8_links
            && let Some(link) = &line.link
        {
            hyperlink(line, link, text, y as u16, buf);
        }
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

/// Make the URL on a drawn footnote line a clickable OSC 8 hyperlink.
/// Ratatui cells hold text, so the whole visible URL goes into its first
/// cell wrapped in the escape sequence, with a forced width so the diff
/// skips the cells the URL covers (they still hold the plain text, which
/// is what tests and width arithmetic see). `link.url` is printable ASCII
/// (see `reader::osc8_target`): it cannot end the sequence early.
fn hyperlink(line: &ReaderLine, link: &LineLink, area: Rect, y: u16, buf: &mut Buffer) {
    let Some(before) = line.text.get(..link.start) else {
        return;
    };
    let x0 = area.x.saturating_add(before.width() as u16);
    let x1 = area.x.saturating_add(area.width);
    let row_y = area.y + y;
    if x0 >= x1 {
        return;
    }
    // The drawn URL, read back from the cells: up to the last non-blank
    // one, stepping over the hidden cells after a wide character.
    let mut visible = String::new();
    let mut width = 0u16;
    let mut x = x0;
    while x < x1 {
        let s = buf[(x, row_y)].symbol();
        let w = (s.width() as u16).max(1);
        visible.push_str(s);
        if s.trim() != "" {
            width = x + w - x0;
        }
        x = x.saturating_add(w);
    }
    let cut = visible.trim_end().len();
    visible.truncate(cut);
    let Some(forced) = NonZeroU16::new(width.min(x1 - x0)) else {
        return;
    };
    let symbol = format!("\x1b]8;;{}\x1b\\{visible}\x1b]8;;\x1b\\", link.url);
    buf[(x0, row_y)]
        .set_symbol(&symbol)
        .set_diff_option(CellDiffOption::ForcedWidth(forced));
}

/// The line cut into spans at its emphasis runs (offsets come from
/// `update`; a bad one, which cannot happen, would just drop the styling).
fn spans<'a>(line: &'a ReaderLine, base: Style, theme: &Theme) -> Vec<Span<'a>> {
    let text = line.text.as_str();
    if line.runs.is_empty() {
        return vec![Span::styled(text, base)];
    }
    let mut out = Vec::with_capacity(line.runs.len() * 2 + 1);
    let mut at = 0;
    for run in &line.runs {
        let (Some(before), Some(inside)) = (text.get(at..run.start), text.get(run.start..run.end))
        else {
            return vec![Span::styled(text, base)];
        };
        if !before.is_empty() {
            out.push(Span::styled(before, base));
        }
        let style = match run.emphasis {
            Emphasis::Strong => theme.strong,
            Emphasis::Em => theme.emphasis,
            Emphasis::Code => theme.code,
            Emphasis::Link => theme.link,
        };
        out.push(Span::styled(inside, base.patch(style)));
        at = run.end;
    }
    if let Some(rest) = text.get(at..).filter(|r| !r.is_empty()) {
        out.push(Span::styled(rest, base));
    }
    out
}

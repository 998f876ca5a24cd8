//! Drawing. `render` reads `AppState` and draws a frame: no mutation, no
//! I/O, no clock (relative dates use `state.now`). Everything expensive
//! (HTML → text, filtering) was done in `update`; here we only slice.

mod articles;
mod downloads;
mod feeds;
mod help;
mod image;
mod list;
mod popup;
mod reader;
mod search;
mod status;
pub mod theme;
mod top;
mod welcome;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::AppState;
use crate::app::format::truncate;
use crate::app::layout::{self, Layout};

pub use theme::Theme;

/// Draw the whole screen for `state`.
pub fn render(state: &AppState, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    // The frame's own size wins over `state.width/height`, so a missed
    // Resize can never make us draw outside the buffer.
    let l = Layout::compute(area.width, area.height, state.focus);
    let buf = frame.buffer_mut();
    let lists = match (l.feeds, l.articles) {
        (Some(a), Some(b)) => Some(a.union(b)),
        (a, b) => a.or(b),
    };
    match lists {
        // A new user sees how to begin, not two empty lists.
        Some(r) if state.welcome() => welcome::render(state, theme, r, buf),
        _ => {
            if let Some(r) = l.feeds {
                feeds::render(state, theme, r, buf);
            }
            if let Some(r) = l.articles {
                articles::render(state, theme, r, buf);
            }
        }
    }
    if let Some(r) = l.reader {
        reader::render(state, theme, r, buf);
    }
    if let Some(r) = l.top {
        top::render(state, theme, r, buf);
    }
    if let Some(r) = l.search {
        search::render(state, theme, r, buf);
    }
    if let Some(r) = l.status {
        status::render(state, theme, r, buf);
    }
    downloads::render(state, theme, area, buf);
    if state.show_help {
        help::render(state, theme, area, buf);
    }
    if state.popup.is_some() {
        popup::render(state, theme, area, buf);
    }
}

/// Draw a pane's border with its title and return the content area.
fn pane_block(area: Rect, title: &str, focused: bool, theme: &Theme, buf: &mut Buffer) -> Rect {
    if !layout::has_border(area) {
        return area;
    }
    let border = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    let title = truncate(title, usize::from(area.width.saturating_sub(4)));
    Block::new()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(format!(" {title} "), theme.pane_title))
        .render(area, buf);
    layout::inner(area)
}

/// One row: `left` spans cut to fit, `right` spans flush right (dropped
/// when there is no room), the whole row filled with `fill`.
fn row<'a>(left: Vec<Span<'a>>, right: Vec<Span<'a>>, width: u16, fill: Style) -> Line<'a> {
    let width = usize::from(width);
    let right_w: usize = right.iter().map(|s| s.content.width()).sum();
    let (right, right_w) = if right_w + 1 < width {
        (right, right_w)
    } else {
        (Vec::new(), 0)
    };
    let room = width - right_w - usize::from(right_w > 0);
    let mut spans = Vec::with_capacity(left.len() + right.len() + 1);
    let mut used = 0;
    for s in left {
        if used >= room {
            break;
        }
        let text = truncate(&s.content, room - used);
        used += text.width();
        spans.push(Span::styled(text, s.style));
    }
    if width > used + right_w {
        spans.push(Span::raw(" ".repeat(width - used - right_w)));
    }
    spans.extend(right);
    Line::from(spans).style(fill)
}

/// Draw `line` on row `y` of `area` (nothing if it is outside).
fn put(line: Line<'_>, area: Rect, y: u16, buf: &mut Buffer) {
    if y < area.height {
        line.render(Rect::new(area.x, area.y + y, area.width, 1), buf);
    }
}

/// The unread dot, the star (or `no_star` when unstarred) and the title's
/// style of an article row: every article list draws them alike.
fn article_marks(
    a: &crate::domain::ArticleSummary,
    theme: &Theme,
    no_star: &'static str,
) -> (Span<'static>, Span<'static>, Style) {
    let dot = if a.read {
        Span::raw("  ")
    } else {
        Span::styled("● ", theme.unread)
    };
    let star = if a.starred {
        Span::styled("★ ", theme.star)
    } else {
        Span::raw(no_star)
    };
    let title_style = if a.read { theme.read } else { theme.unread };
    (dot, star, title_style)
}

/// A dimmed message on row `y` of a list pane ("Loading…", "No articles yet…").
fn put_note<'a>(
    text: impl Into<std::borrow::Cow<'a, str>>,
    area: Rect,
    y: u16,
    theme: &Theme,
    buf: &mut Buffer,
) {
    put(
        row(
            vec![Span::styled(text, theme.meta)],
            vec![],
            area.width,
            Style::new(),
        ),
        area,
        y,
        buf,
    );
}

/// The first row to draw so that `selected` is visible with `page` rows:
/// the state's offset, corrected if the frame is smaller than expected.
fn visible_offset(offset: usize, selected: usize, page: usize) -> usize {
    let page = page.max(1);
    if selected < offset {
        selected
    } else if selected >= offset + page {
        selected + 1 - page
    } else {
        offset
    }
}

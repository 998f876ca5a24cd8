//! The feed list: "All articles", then each feed with its unread count,
//! tags, and a '!' when its last refresh failed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use crate::app::state::FeedRow;
use crate::app::{AppState, Pane};

use crate::i18n::ids;

use super::{Theme, pane_block, put, row, visible_offset};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = state.focus == Pane::Feeds;
    let title = if state.feeds.filter.is_empty() {
        state.lang.s(ids::FEEDS)
    } else {
        format!("{} /{}", state.lang.s(ids::FEEDS), state.feeds.filter)
    };
    let inner = pane_block(area, &title, focused, theme, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let page = usize::from(inner.height);
    let view = state.feeds.view;
    let offset = visible_offset(view.offset, view.selected, page);
    if state.feeds.rows.is_empty() {
        put(
            row(
                vec![Span::styled(state.lang.s(ids::NO_MATCH), theme.meta)],
                vec![],
                inner.width,
                theme.meta,
            ),
            inner,
            0,
            buf,
        );
        return;
    }
    for (y, (i, feed_row)) in state
        .feeds
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(page)
        .enumerate()
    {
        let selected = i == view.selected;
        let (left, unread) = match feed_row {
            FeedRow::All => (
                vec![Span::styled(
                    format!("  {}", state.lang.s(ids::ALL_ARTICLES_ROW)),
                    theme.unread,
                )],
                state.total_unread(),
            ),
            FeedRow::Feed(fi) => {
                let Some(f) = state.feeds.items.get(*fi) else {
                    continue;
                };
                let marker = if f.last_error.is_some() {
                    Span::styled("! ", theme.error)
                } else {
                    Span::raw("  ")
                };
                let name_style = if f.unread > 0 {
                    theme.unread
                } else {
                    theme.read
                };
                let mut left = vec![marker, Span::styled(f.name.clone(), name_style)];
                // Tags only when they fit whole: a cut "#k…" says nothing.
                if !f.tags.is_empty() {
                    let tags: Vec<String> = f.tags.iter().map(|t| format!("#{t}")).collect();
                    let tags = format!(" {}", tags.join(" "));
                    let count_w = if f.unread > 0 {
                        f.unread.to_string().len() + 1
                    } else {
                        0
                    };
                    if 2 + f.name.width() + tags.width() + count_w <= usize::from(inner.width) {
                        left.push(Span::styled(tags, theme.tag));
                    }
                }
                (left, f.unread)
            }
        };
        let right = if unread > 0 {
            vec![Span::styled(unread.to_string(), theme.count)]
        } else {
            Vec::new()
        };
        let fill = match (selected, focused) {
            (true, true) => theme.selected,
            (true, false) => theme.selected_dim,
            _ => ratatui::style::Style::new(),
        };
        put(row(left, right, inner.width, fill), inner, y as u16, buf);
    }
}

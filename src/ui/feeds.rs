//! The feed list: "All articles", then each feed with its unread count,
//! tags, and a '!' when its last refresh failed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::app::state::FeedRow;
use crate::app::{AppState, Pane};
use crate::i18n::ids;

use super::list::{Item, ListBlock};
use super::{Theme, row};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let feeds = &state.feeds;
    let title = if feeds.filter.is_empty() {
        state.lang.s(ids::FEEDS)
    } else {
        format!("{} /{}", state.lang.s(ids::FEEDS), feeds.filter)
    };
    let list = ListBlock {
        pane: Pane::Feeds,
        title,
        rows: &feeds.rows,
        view: feeds.view,
    };
    let empty = || vec![state.lang.s(ids::NO_MATCH)];
    list.draw(state, theme, area, buf, empty, |r, item| {
        feed_line(state, theme, r, item).into_iter().collect()
    });
}

fn feed_line(state: &AppState, theme: &Theme, r: FeedRow, item: &Item) -> Option<Line<'static>> {
    let (left, unread) = match r {
        FeedRow::All => (
            vec![Span::styled(
                format!("  {}", state.lang.s(ids::ALL_ARTICLES_ROW)),
                theme.unread,
            )],
            state.total_unread(),
        ),
        FeedRow::Feed(fi) => {
            let f = state.feeds.items.get(fi)?;
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
                if 2 + f.name.width() + tags.width() + count_w <= usize::from(item.width) {
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
    Some(row(left, right, item.width, item.fill))
}

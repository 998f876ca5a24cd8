//! The Top stories view: per story a title row (rank, unread dot, star,
//! title, date) and a row saying why it is there and where it ran
//! ("12.3k views · 4 sources · 3h ago · inform.kz, tengrinews.kz").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use crate::app::command::Command;
use crate::app::layout::article_item_height;
use crate::app::reader::clean;
use crate::app::top::TOP_WINDOW_DAYS;
use crate::app::{AppState, Pane};
use crate::i18n::{FluentValue, ids, why};

use super::{Theme, article_marks, pane_block, put, put_note, row, visible_offset};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let top = &state.top;
    let lang = state.lang;
    let mut title = lang.t(
        ids::TOP_TITLE,
        &[
            ("days", FluentValue::from(TOP_WINDOW_DAYS)),
            ("count", FluentValue::from(top.rows.len())),
        ],
    );
    if let Some(tag) = &top.tag {
        title.push_str(&format!(" #{tag}"));
    }
    if !top.filter.is_empty() {
        title.push_str(&format!(" /{}", top.filter));
    }
    let inner = pane_block(area, &title, state.focus == Pane::Top, theme, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if top.rows.is_empty() {
        let text = if !top.loaded {
            lang.s(ids::RANKING)
        } else if !top.filter.is_empty() {
            lang.s(ids::NO_STORY_MATCHES)
        } else {
            lang.t(
                ids::NO_STORIES,
                &[
                    ("days", FluentValue::from(TOP_WINDOW_DAYS)),
                    (
                        "key",
                        FluentValue::from(state.key_hint(Command::RefreshAll)),
                    ),
                ],
            )
        };
        put_note(text, inner, 0, theme, buf);
        return;
    }
    let item_h = article_item_height(inner);
    let page = usize::from(inner.height / item_h).max(1);
    let offset = visible_offset(top.view.offset, top.view.selected, page);
    // Rank numbers line up: " 9." and "10." take the same room.
    let num_w = top.entries.len().to_string().len();
    for (slot, (pos, &idx)) in top
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(page)
        .enumerate()
    {
        let Some(e) = top.entries.get(idx) else {
            continue;
        };
        let a = &e.article;
        let fill = if pos == top.view.selected {
            theme.selected
        } else {
            Style::new()
        };
        let rank = Span::styled(format!("{:>num_w$}. ", idx + 1), theme.count);
        let (dot, star, title_style) = article_marks(a, theme, "");
        let y = slot as u16 * item_h;
        put(
            row(
                vec![rank, dot, star, Span::styled(clean(&a.title), title_style)],
                // The age is in the "why" line below: the title gets the room.
                vec![],
                inner.width,
                fill,
            ),
            inner,
            y,
            buf,
        );
        if item_h > 1 {
            let mut why = clean(&why::line(lang, &e.why, state.now));
            if !e.sources.is_empty() {
                let sources: Vec<String> = e.sources.iter().map(|s| clean(s)).collect();
                why.push_str(" · ");
                why.push_str(&sources.join(", "));
            }
            put(
                row(
                    vec![
                        Span::raw(" ".repeat(num_w + 4)),
                        Span::styled(why, theme.meta),
                    ],
                    vec![],
                    inner.width,
                    fill,
                ),
                inner,
                y + 1,
                buf,
            );
        }
    }
}

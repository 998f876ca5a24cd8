//! The Top stories view: per story a title row (rank, unread dot, star,
//! title, date) and a row saying why it is there and where it ran
//! ("12.3k views · 4 sources · 3h ago · inform.kz, tengrinews.kz").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::command::Command;
use crate::app::reader::clean;
use crate::app::top::TOP_WINDOW_DAYS;
use crate::app::{AppState, Pane};
use crate::domain::TopEntry;
use crate::i18n::{FluentValue, ids, why};

use super::list::{Item, ListBlock};
use super::{Theme, article_marks, row};

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
    let block = ListBlock {
        pane: Pane::Top,
        title,
        rows: &top.rows,
        view: top.view,
    };
    let empty = || {
        vec![if !top.loaded {
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
        }]
    };
    // Rank numbers line up: " 9." and "10." take the same room.
    let num_w = top.items.len().to_string().len();
    block.draw(state, theme, area, buf, empty, |idx, item| {
        top.items
            .get(idx)
            .map_or_else(Vec::new, |e| story_lines(state, theme, idx, num_w, e, item))
    });
}

/// The title row and the "why" row of the story ranked `idx + 1`.
fn story_lines(
    state: &AppState,
    theme: &Theme,
    idx: usize,
    num_w: usize,
    e: &TopEntry,
    item: &Item,
) -> Vec<Line<'static>> {
    let a = &e.article;
    let rank = Span::styled(format!("{:>num_w$}. ", idx + 1), theme.count);
    let (dot, star, title_style) = article_marks(a, theme, "");
    let mut lines = vec![row(
        vec![rank, dot, star, Span::styled(clean(&a.title), title_style)],
        // The age is in the "why" line below: the title gets the room.
        vec![],
        item.width,
        item.fill,
    )];
    if item.height > 1 {
        let mut why = clean(&why::line(state.lang, &e.why, state.now));
        if !e.sources.is_empty() {
            let sources: Vec<String> = e.sources.iter().map(|s| clean(s)).collect();
            why.push_str(" · ");
            why.push_str(&sources.join(", "));
        }
        lines.push(row(
            vec![
                Span::raw(" ".repeat(num_w + 4)),
                Span::styled(why, theme.meta),
            ],
            vec![],
            item.width,
            item.fill,
        ));
    }
    lines
}

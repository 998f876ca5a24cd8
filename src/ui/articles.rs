//! The article list: per article a title row (unread dot, star, title,
//! date) and, when there is room, a meta row (feed, author, category,
//! signals such as "12.3k views · 45 comments").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::command::Command;
use crate::app::format::{relative_date, signals_text};
use crate::app::{AppState, Pane};
use crate::domain::ArticleSummary;
use crate::i18n::{FluentValue, ids};

use super::list::{Item, ListBlock};
use super::{Theme, article_marks, row};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let list = &state.articles;
    let lang = state.lang;
    let name = state
        .selected_feed()
        .map_or_else(|| lang.s(ids::ALL_ARTICLES), |f| f.name.clone());
    let mut title = format!("{name} ({})", list.rows.len());
    if !list.filter.is_empty() {
        title.push_str(&format!(" /{}", list.filter));
    }
    let block = ListBlock {
        pane: Pane::Articles,
        title,
        rows: &list.rows,
        view: list.view,
    };
    let empty = || {
        vec![if !list.loaded {
            lang.s(ids::LOADING)
        } else if !list.filter.is_empty() {
            lang.s(ids::NO_ARTICLE_MATCHES)
        } else {
            let key = FluentValue::from(state.key_hint(Command::RefreshAll));
            lang.t(ids::NO_ARTICLES_YET, &[("key", key)])
        }]
    };
    block.draw(state, theme, area, buf, empty, |i, item| {
        list.items
            .get(i)
            .map_or_else(Vec::new, |a| article_lines(state, theme, a, item))
    });
}

fn article_lines(
    state: &AppState,
    theme: &Theme,
    a: &ArticleSummary,
    item: &Item,
) -> Vec<Line<'static>> {
    let (dot, star, title_style) = article_marks(a, theme, "  ");
    let date = relative_date(state.lang, a.date(), state.now);
    // A podcast episode or a video: marked before the title.
    let media = a.media.map_or(Span::raw(""), |k| {
        Span::styled(format!("{} ", crate::media::words::marker(k)), theme.meta)
    });
    let mut lines = vec![row(
        vec![dot, star, media, Span::styled(a.title.clone(), title_style)],
        vec![Span::styled(date, theme.meta)],
        item.width,
        item.fill,
    )];
    if item.height > 1 {
        let mut meta = vec![a.feed_name.clone()];
        meta.extend(a.author.clone());
        meta.extend(a.category.clone());
        let signals = signals_text(state.lang, &a.signals);
        if !signals.is_empty() {
            meta.push(signals);
        }
        meta.retain(|m| !m.is_empty());
        lines.push(row(
            vec![
                Span::raw("    "),
                Span::styled(meta.join(" · "), theme.meta),
            ],
            vec![],
            item.width,
            item.fill,
        ));
    }
    lines
}

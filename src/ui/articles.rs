//! The article list: per article a title row (unread dot, star, title,
//! date) and, when there is room, a meta row (feed, author, category,
//! signals such as "12.3k views · 45 comments").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use crate::app::format::{relative_date, signals_text};
use crate::app::layout::article_item_height;
use crate::app::{AppState, Pane};

use crate::app::command::Command;
use crate::i18n::{FluentValue, ids};

use super::{Theme, article_marks, pane_block, put, put_note, row, visible_offset};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = state.focus == Pane::Articles;
    let list = &state.articles;
    let lang = state.lang;
    let name = state
        .selected_feed()
        .map_or_else(|| lang.s(ids::ALL_ARTICLES), |f| f.name.clone());
    let mut title = format!("{name} ({})", list.rows.len());
    if !list.filter.is_empty() {
        title.push_str(&format!(" /{}", list.filter));
    }
    let inner = pane_block(area, &title, focused, theme, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if list.rows.is_empty() {
        let text = if !list.loaded {
            lang.s(ids::LOADING)
        } else if !list.filter.is_empty() {
            lang.s(ids::NO_ARTICLE_MATCHES)
        } else {
            let key = FluentValue::from(state.key_hint(Command::RefreshAll));
            lang.t(ids::NO_ARTICLES_YET, &[("key", key)])
        };
        put_note(text, inner, 0, theme, buf);
        return;
    }
    let item_h = article_item_height(inner);
    let page = usize::from(inner.height / item_h).max(1);
    let offset = visible_offset(list.view.offset, list.view.selected, page);
    for (slot, (pos, &idx)) in list
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(page)
        .enumerate()
    {
        let Some(a) = list.items.get(idx) else {
            continue;
        };
        let selected = pos == list.view.selected;
        let fill = match (selected, focused) {
            (true, true) => theme.selected,
            (true, false) => theme.selected_dim,
            _ => Style::new(),
        };
        let (dot, star, title_style) = article_marks(a, theme, "  ");
        let date = relative_date(state.lang, a.date(), state.now);
        let y = slot as u16 * item_h;
        // A podcast episode or a video: marked before the title.
        let media = a.media.map_or(Span::raw(""), |k| {
            Span::styled(format!("{} ", crate::media::words::marker(k)), theme.meta)
        });
        put(
            row(
                vec![dot, star, media, Span::styled(a.title.clone(), title_style)],
                vec![Span::styled(date, theme.meta)],
                inner.width,
                fill,
            ),
            inner,
            y,
            buf,
        );
        if item_h > 1 {
            let mut meta = vec![a.feed_name.clone()];
            meta.extend(a.author.clone());
            meta.extend(a.category.clone());
            let signals = signals_text(state.lang, &a.signals);
            if !signals.is_empty() {
                meta.push(signals);
            }
            meta.retain(|m| !m.is_empty());
            put(
                row(
                    vec![
                        Span::raw("    "),
                        Span::styled(meta.join(" · "), theme.meta),
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

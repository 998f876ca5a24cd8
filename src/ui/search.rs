//! The global search view: per hit a title row (unread dot, star, title),
//! a "feed · date" row and the matching snippet with the matched words
//! highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::command::Command;
use crate::app::format::relative_date;
use crate::app::reader::clean;
use crate::app::{AppState, Pane};
use crate::domain::SearchHit;
use crate::i18n::{FluentValue, ids};
use crate::search_query::{MATCH_END, MATCH_START};

use super::list::{Item, ListBlock};
use super::{Theme, article_marks, row};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let search = &state.search;
    let lang = state.lang;
    let mut title = match &search.shown {
        Some(q) => lang.t(
            ids::SEARCH_TITLE,
            &[
                ("query", FluentValue::from(clean(q))),
                ("count", FluentValue::from(search.items.len())),
            ],
        ),
        None => lang.s(ids::SEARCH),
    };
    if search.pending.is_some() {
        title.push_str(" · ");
        title.push_str(&lang.s(ids::SEARCHING));
    }
    // Said while it is true: the hits may miss articles still queued.
    let unindexed = (search.partial && search.unindexed > 0).then(|| {
        lang.t(
            ids::SEARCH_UNINDEXED,
            &[("count", FluentValue::from(search.unindexed))],
        )
    });
    if let Some(u) = &unindexed {
        title.push_str(" · ");
        title.push_str(u);
    }
    let block = ListBlock {
        pane: Pane::Search,
        title,
        rows: &search.rows,
        view: search.view,
    };
    let empty = || {
        if search.pending.is_some() {
            vec![lang.s(ids::SEARCHING)]
        } else if let Some(e) = &search.error {
            let key = FluentValue::from(state.key_hint(Command::Filter));
            vec![clean(e), lang.t(ids::SEARCH_FIX_QUERY, &[("key", key)])]
        } else if search.shown.is_some() {
            vec![lang.s(ids::SEARCH_NOTHING)]
                .into_iter()
                .chain(unindexed.clone())
                .collect()
        } else {
            vec![
                lang.s(ids::SEARCH_HELP_WORDS),
                lang.s(ids::SEARCH_HELP_FILTERS),
                lang.s(ids::SEARCH_HELP_PHRASES),
            ]
        }
    };
    block.draw(state, theme, area, buf, empty, |i, item| {
        search
            .items
            .get(i)
            .map_or_else(Vec::new, |hit| hit_lines(state, theme, hit, item))
    });
}

/// A hit's title row and, when there is room, "feed · date" and the snippet.
fn hit_lines(state: &AppState, theme: &Theme, hit: &SearchHit, item: &Item) -> Vec<Line<'static>> {
    let a = &hit.article;
    let (dot, star, title_style) = article_marks(a, theme, "  ");
    let title = row(
        vec![dot, star, Span::styled(clean(&a.title), title_style)],
        vec![],
        item.width,
        item.fill,
    );
    if item.height < 3 {
        return vec![title];
    }
    let meta = format!(
        "{} · {}",
        clean(&a.feed_name),
        relative_date(state.lang, a.date(), state.now)
    );
    let meta = row(
        vec![Span::raw("    "), Span::styled(meta, theme.meta)],
        vec![],
        item.width,
        item.fill,
    );
    let mut spans = vec![Span::raw("    ")];
    spans.extend(snippet_spans(&hit.snippet, theme.meta, theme.highlight));
    vec![title, meta, row(spans, vec![], item.width, item.fill)]
}

/// The snippet as spans: text between `MATCH_START` and `MATCH_END` in
/// `highlight`, the rest in `base`. The markers themselves, and any other
/// control character, are never drawn; line breaks become spaces.
pub(crate) fn snippet_spans(snippet: &str, base: Style, highlight: Style) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut text = String::new();
    let mut matched = false;
    let mut flush = |text: &mut String, matched: bool| {
        let piece = clean(&text.replace(['\n', '\r'], " "));
        if !piece.is_empty() {
            spans.push(Span::styled(piece, if matched { highlight } else { base }));
        }
        text.clear();
    };
    for ch in snippet.chars() {
        match ch {
            MATCH_START => {
                flush(&mut text, matched);
                matched = true;
            }
            MATCH_END => {
                flush(&mut text, matched);
                matched = false;
            }
            c => text.push(c),
        }
    }
    flush(&mut text, matched);
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn snippet_marks_become_styles_and_are_never_drawn() {
        let base = Style::new().fg(Color::Gray);
        let hl = Style::new().add_modifier(Modifier::BOLD);
        let spans = snippet_spans(
            "…жаңа \u{1}мектептер\u{2} ашылды.\nБүгін \u{1}мектеп\u{2}",
            base,
            hl,
        );
        let texts: Vec<(&str, bool)> = spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == hl))
            .collect();
        assert_eq!(
            texts,
            [
                ("…жаңа ", false),
                ("мектептер", true),
                (" ашылды. Бүгін ", false),
                ("мектеп", true),
            ]
        );
        // A stray end marker or escape is dropped, not drawn.
        let spans = snippet_spans("a\u{2}b\u{1b}[31m", base, hl);
        let all: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(all.chars().all(|c| !c.is_control()), "{all:?}");
    }
}

//! The first screen of a new user (no feed in the config or the cache):
//! where the config file is, and how to get a first feed in, with the
//! keys of the active key map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use crate::app::format::wrap;
use crate::app::{AppState, Command};
use crate::i18n::ids;

use super::{Theme, pane_block, put, row};

/// One screen line, and whether it may go when the screen is too small
/// (the keys and the config's place stay; notes and the example go).
struct Line {
    spans: Vec<Span<'static>>,
    optional: bool,
}

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let lang = state.lang;
    let inner = pane_block(area, &lang.s(ids::WELCOME_TITLE), true, theme, buf);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width) - 2;
    let key = |c: Command| {
        state
            .keymap
            .keys_for(c)
            .first()
            .map(|k| k.to_string())
            .unwrap_or_else(|| format!("({})", c.name()))
    };
    let mut out: Vec<Line> = Vec::new();
    let text = |out: &mut Vec<Line>, s: &str, style: Style, indent: usize, optional: bool| {
        let lines = if s.is_empty() {
            vec![String::new()]
        } else {
            wrap(s, width.saturating_sub(indent).max(1))
        };
        for l in lines {
            out.push(Line {
                spans: vec![Span::raw(" ".repeat(1 + indent)), Span::styled(l, style)],
                optional,
            });
        }
    };
    let setup = &state.setup;
    text(
        &mut out,
        &lang.s(ids::WELCOME_NO_FEEDS),
        Style::new(),
        0,
        false,
    );
    text(&mut out, &setup.config_path, theme.title, 2, false);
    if !setup.config_exists {
        let note = lang.s(ids::WELCOME_NOT_CREATED);
        text(&mut out, &note, theme.meta, 2, true);
    }
    text(&mut out, "", Style::new(), 0, true);
    let keys = [
        (Command::AddFeed, lang.s(ids::WELCOME_ADD)),
        (Command::ImportOpml, lang.s(ids::WELCOME_IMPORT)),
        (Command::Help, lang.s(ids::WELCOME_HELP)),
        (Command::Quit, lang.s(ids::HINT_QUIT)),
    ];
    let key_w = keys
        .iter()
        .map(|(c, _)| key(*c).chars().count())
        .max()
        .unwrap_or(1);
    for (c, what) in keys {
        let k = key(c);
        let pad = " ".repeat(key_w + 2 - k.chars().count());
        for (i, l) in wrap(&what, width.saturating_sub(key_w + 2).max(1))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 {
                Span::styled(format!(" {k}{pad}"), theme.help_key)
            } else {
                Span::raw(" ".repeat(key_w + 3))
            };
            out.push(Line {
                spans: vec![lead, Span::raw(l)],
                optional: false,
            });
        }
    }
    text(&mut out, "", Style::new(), 0, true);
    text(
        &mut out,
        &lang.s(ids::WELCOME_BY_HAND),
        Style::new(),
        0,
        true,
    );
    for l in [
        "[[feeds]]",
        "name = \"example\"",
        "url = \"https://example.kz/rss\"",
    ] {
        text(&mut out, l, theme.meta, 2, true);
    }
    if out.len() > usize::from(inner.height) {
        out.retain(|l| !l.optional);
    }
    for (y, l) in out.into_iter().enumerate() {
        let Ok(y) = u16::try_from(y) else { break };
        put(
            row(l.spans, vec![], inner.width, Style::new()),
            inner,
            y,
            buf,
        );
    }
}

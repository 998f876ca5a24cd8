//! The first screen of a new user (no feed in the config or the cache):
//! where the config file is, and how to get a first feed in, with the
//! keys of the active key map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use crate::app::format::wrap;
use crate::app::{AppState, Command};

use super::{Theme, pane_block, put, row};

pub(super) fn render(state: &AppState, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let inner = pane_block(area, "Welcome to keruen", true, theme, buf);
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
    let setup = &state.setup;
    // (text, style, indent) per paragraph; each is wrapped to the width.
    let mut paras: Vec<(String, Style, usize)> = vec![
        (
            "No feeds yet. keruen reads them from its config file:".into(),
            Style::new(),
            0,
        ),
        (setup.config_path.clone(), theme.title, 2),
    ];
    if !setup.config_exists {
        paras.push((
            "(not created yet: adding a feed creates it)".into(),
            theme.meta,
            2,
        ));
    }
    paras.push((String::new(), Style::new(), 0));
    let keys = [
        (
            Command::AddFeed,
            "add a feed: type a site or feed address, keruen finds the feed",
        ),
        (
            Command::ImportOpml,
            "import the feeds of another reader (an OPML file)",
        ),
        (Command::Help, "every key"),
        (Command::Quit, "quit"),
    ];
    let key_w = keys
        .iter()
        .map(|(c, _)| key(*c).chars().count())
        .max()
        .unwrap_or(1);
    let mut out: Vec<Vec<Span>> = Vec::new();
    let emit = |text: &str, style: Style, indent: usize, out: &mut Vec<Vec<Span>>| {
        let lines = if text.is_empty() {
            vec![String::new()]
        } else {
            wrap(text, width.saturating_sub(indent).max(1))
        };
        for line in lines {
            out.push(vec![
                Span::raw(" ".repeat(1 + indent)),
                Span::styled(line, style),
            ]);
        }
    };
    for (text, style, indent) in &paras {
        emit(text, *style, *indent, &mut out);
    }
    for (c, what) in keys {
        let k = key(c);
        let pad = " ".repeat(key_w + 2 - k.chars().count());
        let lines = wrap(what, width.saturating_sub(key_w + 2).max(1));
        for (i, line) in lines.into_iter().enumerate() {
            let lead = if i == 0 {
                Span::styled(format!(" {k}{pad}"), theme.help_key)
            } else {
                Span::raw(" ".repeat(key_w + 3))
            };
            out.push(vec![lead, Span::raw(line)]);
        }
    }
    emit("", Style::new(), 0, &mut out);
    emit("Or add one to the file by hand:", Style::new(), 0, &mut out);
    for line in [
        "[[feeds]]",
        "name = \"example\"",
        "url = \"https://example.kz/rss\"",
    ] {
        emit(line, theme.meta, 2, &mut out);
    }
    for (y, spans) in out.into_iter().enumerate() {
        let Ok(y) = u16::try_from(y) else { break };
        put(row(spans, vec![], inner.width, Style::new()), inner, y, buf);
    }
}

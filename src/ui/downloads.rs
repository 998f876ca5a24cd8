//! The downloads view (`D`): over the whole screen but the status bar,
//! each download as a title row (state, and size and speed when it runs)
//! and a progress bar row.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Widget};

use crate::app::AppState;
use crate::app::command::Command;
use crate::domain::{Download, DownloadState};
use crate::i18n::{FluentValue, Lang, ids};
use crate::media::words;

use super::{Theme, pane_block, put, put_note, row, visible_offset};

pub(super) fn render(state: &AppState, theme: &Theme, screen: Rect, buf: &mut Buffer) {
    let v = &state.downloads;
    if !v.open || screen.width < 4 || screen.height < 3 {
        return;
    }
    // The status bar stays visible under the view.
    let area = Rect::new(screen.x, screen.y, screen.width, screen.height - 1);
    Clear.render(area, buf);
    let lang = state.lang;
    let title = format!("{} ({})", lang.s(ids::DOWNLOADS_TITLE), v.items.len());
    let inner = pane_block(area, &title, true, theme, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if v.items.is_empty() {
        let key = FluentValue::from(state.key_hint(Command::Download));
        put_note(
            lang.t(ids::NO_DOWNLOADS, &[("key", key)]),
            inner,
            0,
            theme,
            buf,
        );
        return;
    }
    let item_h: u16 = if inner.height >= 4 { 2 } else { 1 };
    let page = usize::from(inner.height / item_h).max(1);
    let offset = visible_offset(0, v.selected, page);
    for (slot, (i, d)) in v
        .items
        .iter()
        .enumerate()
        .skip(offset)
        .take(page)
        .enumerate()
    {
        let fill = if i == v.selected {
            theme.selected
        } else {
            Style::new()
        };
        let speed = v.speed.get(&d.id).copied().unwrap_or(0);
        let y = slot as u16 * item_h;
        let (state_text, state_style) = state_words(lang, d, theme);
        put(
            row(
                vec![Span::raw(d.title.clone())],
                vec![Span::styled(state_text, state_style)],
                inner.width,
                fill,
            ),
            inner,
            y,
            buf,
        );
        if item_h > 1 {
            put(
                row(
                    bar(lang, d, speed, inner.width, theme),
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

fn state_words(lang: Lang, d: &Download, theme: &Theme) -> (String, Style) {
    match d.state {
        DownloadState::Queued => (lang.s(ids::DOWNLOAD_QUEUED), theme.meta),
        DownloadState::Downloading => (lang.s(ids::DOWNLOAD_DOWNLOADING), theme.unread),
        DownloadState::Paused => (lang.s(ids::DOWNLOAD_PAUSED), theme.meta),
        DownloadState::Done => (lang.s(ids::DOWNLOAD_DONE), theme.read),
        DownloadState::Failed => {
            let error = d.error.clone().unwrap_or_default();
            (
                lang.t(ids::DOWNLOAD_FAILED, &[("error", FluentValue::from(error))]),
                theme.footnote,
            )
        }
    }
}

/// "  [#######.....]  42%  10.5 MB / 25.0 MB  1.2 MB/s": the bar takes
/// what the figures leave.
fn bar(lang: Lang, d: &Download, speed: u64, width: u16, theme: &Theme) -> Vec<Span<'static>> {
    let mut figures = match d.total {
        Some(total) if total > 0 => format!(
            "{:>3}%  {} / {}",
            (d.received.min(total) * 100 / total),
            words::size(lang, d.received),
            words::size(lang, total)
        ),
        _ => words::size(lang, d.received),
    };
    if d.state == DownloadState::Downloading && speed > 0 {
        figures.push_str("  ");
        figures.push_str(&words::speed(lang, speed));
    }
    let figures_w = unicode_width::UnicodeWidthStr::width(figures.as_str());
    let room = usize::from(width).saturating_sub(figures_w + 6);
    let mut out = vec![Span::raw("  ")];
    if room >= 4 {
        let filled = match d.total {
            Some(total) if total > 0 => {
                (d.received.min(total) as u128 * room as u128 / total as u128) as usize
            }
            _ if d.state == DownloadState::Done => room,
            _ => 0,
        };
        out.push(Span::styled("█".repeat(filled), theme.unread));
        out.push(Span::styled("░".repeat(room - filled), theme.meta));
        out.push(Span::raw("  "));
    }
    out.push(Span::styled(figures, theme.meta));
    out
}

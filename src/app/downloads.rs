//! Enclosures in the interactive reader: `d` queues one for download, `p`
//! plays one, `D` opens the downloads view (each download with its
//! progress, speed and state), where `P` pauses or resumes the one under
//! the cursor. Pure, like all of `update`: the runtime's media queue does
//! the work and answers with `Msg::Downloads` / `Msg::DownloadUpdate`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::command::Command;
use super::msg::Effect;
use super::state::{AppState, Pane};
use crate::domain::{ArticleId, Download, DownloadState};
use crate::i18n::ids;

// Its state lives in `state` (it holds it); named here too.
pub use super::state::DownloadsView;

/// `d` / `p` outside the downloads view: the article under the cursor (or
/// open in the reader) and the enclosure picked for it (the first unless a
/// digit picked another). `None`, with a notice, when it has no media.
fn target(state: &mut AppState) -> Option<(ArticleId, usize)> {
    let article = state.target_article().map(|a| (a.id, a.media.is_some()));
    // What the reader knows of the open article's enclosures.
    let open = state
        .reader
        .as_ref()
        .filter(|_| state.focus == Pane::Reader)
        .and_then(|r| r.article.as_ref().map(|a| (r.id, a.enclosures.len())));
    let found = match (article, open) {
        (Some((id, _)), Some((open_id, n))) if id == open_id => (n > 0).then(|| {
            let index = match state.downloads.picked {
                Some((picked, i)) if picked == id && i < n => i,
                _ => 0,
            };
            (id, index)
        }),
        (Some((id, true)), _) => Some((id, 0)),
        _ => None,
    };
    if found.is_none() {
        state.set_notice(state.lang.s(ids::NO_MEDIA));
    }
    found
}

pub fn download(state: &mut AppState) -> Vec<Effect> {
    match target(state) {
        Some((article, index)) => vec![Effect::QueueDownload { article, index }],
        None => Vec::new(),
    }
}

pub fn play(state: &mut AppState) -> Vec<Effect> {
    if state.downloads.open {
        return match state.downloads.selected_item() {
            Some(d) => vec![Effect::PlayDownload(d.id)],
            None => Vec::new(),
        };
    }
    match target(state) {
        Some((article, index)) => vec![Effect::Play { article, index }],
        None => Vec::new(),
    }
}

/// Open or close the downloads view; opening asks for the queue.
pub fn toggle(state: &mut AppState) -> Vec<Effect> {
    state.downloads.open = !state.downloads.open;
    if state.downloads.open {
        vec![Effect::LoadDownloads]
    } else {
        Vec::new()
    }
}

pub fn pause(state: &mut AppState) -> Vec<Effect> {
    match state.downloads.selected_item() {
        Some(d) if state.downloads.open => vec![Effect::PauseDownload(d.id)],
        _ => Vec::new(),
    }
}

/// Keys while the view is open: it is modal, like help.
pub fn on_key(state: &mut AppState, command: Option<Command>) -> Vec<Effect> {
    let v = &mut state.downloads;
    let last = v.items.len().saturating_sub(1);
    match command {
        Some(Command::ForceQuit) => return super::common::quit(state),
        Some(Command::Down) => v.selected = (v.selected + 1).min(last),
        Some(Command::Up) => v.selected = v.selected.saturating_sub(1),
        Some(Command::Top) => v.selected = 0,
        Some(Command::Bottom) => v.selected = last,
        Some(Command::PauseDownload) => return pause(state),
        Some(Command::Play) => return play(state),
        Some(Command::Back | Command::Quit | Command::Downloads) => v.open = false,
        _ => {}
    }
    Vec::new()
}

/// A digit in the reader picks that enclosure for `d` and `p`. True when
/// the key was taken.
pub fn pick_key(state: &mut AppState, key: &KeyEvent) -> bool {
    let KeyCode::Char(c @ '1'..='9') = key.code else {
        return false;
    };
    if !key.modifiers.difference(KeyModifiers::SHIFT).is_empty() || state.focus != Pane::Reader {
        return false;
    }
    let Some((id, n)) = state
        .reader
        .as_ref()
        .and_then(|r| r.article.as_ref().map(|a| (r.id, a.enclosures.len())))
    else {
        return false;
    };
    let index = usize::from(c as u8 - b'1');
    if index >= n {
        return false;
    }
    state.downloads.picked = Some((id, index));
    let line = state
        .reader
        .as_ref()
        .and_then(|r| r.article.as_ref())
        .and_then(|a| a.enclosures.get(index))
        .map(|e| crate::media::words::enclosure_line(state.lang, index + 1, e));
    if let Some(line) = line {
        state.set_notice(line);
    }
    true
}

/// `Msg::Downloads`: the whole queue.
pub fn on_list(state: &mut AppState, items: Vec<Download>) {
    let v = &mut state.downloads;
    let keep = v.selected_item().map(|d| d.id);
    v.items = items;
    v.selected = keep
        .and_then(|id| v.items.iter().position(|d| d.id == id))
        .unwrap_or(v.selected)
        .min(v.items.len().saturating_sub(1));
    v.speed.retain(|id, _| {
        v.items
            .iter()
            .any(|d| d.id == *id && d.state == DownloadState::Downloading)
    });
}

/// `Msg::DownloadUpdate`: one download moved on (or was queued).
pub fn on_update(state: &mut AppState, download: Download, speed: u64) {
    let v = &mut state.downloads;
    if download.state == DownloadState::Downloading {
        v.speed.insert(download.id, speed);
    } else {
        v.speed.remove(&download.id);
    }
    match v.items.iter_mut().find(|d| d.id == download.id) {
        Some(known) => *known = download,
        None => v.items.push(download),
    }
}

//! One-line prompts in the status bar (add a feed by URL, import an OPML
//! file, confirm a large mark-read) and the small popup that shows a text
//! too long for the status bar (an error, a URL that could not be opened).
//! The work itself (discovery, writing the config) is the runtime's: the
//! prompt only turns what was typed into an `Effect`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::FeedSettings;
use crate::i18n::{FluentValue, ids};

use super::common::{quit, start_refresh, submit_mark_read};
use super::msg::Effect;
use super::state::AppState;

pub use super::dialog::{Popup, Prompt, PromptKind};

/// `a` / `I`: open the prompt (one add or import at a time).
pub(super) fn open_prompt(state: &mut AppState, kind: PromptKind) -> Vec<Effect> {
    if let Some(task) = &state.task {
        let text = state.lang.t(
            ids::WAIT_TASK,
            &[("task", FluentValue::from(task.as_str()))],
        );
        state.set_notice(text);
        return Vec::new();
    }
    state.filter_input = None;
    state.prompt = Some(Prompt {
        kind,
        text: String::new(),
    });
    Vec::new()
}

/// A key while a prompt is open.
pub(super) fn prompt_key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let Some(prompt) = state.prompt.as_mut() else {
        return Vec::new();
    };
    if ctrl && key.code == KeyCode::Char('c') {
        return quit(state);
    }
    if let PromptKind::ConfirmMarkRead { feeds, .. } = &prompt.kind {
        let feeds = feeds.clone();
        state.prompt = None;
        if matches!(key.code, KeyCode::Char('y' | 'Y')) {
            return submit_mark_read(state, feeds);
        }
        state.set_notice(state.lang.s(ids::NOTHING_MARKED));
        return Vec::new();
    }
    match key.code {
        KeyCode::Char('u') if ctrl => prompt.text.clear(),
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            prompt.text.push(c)
        }
        KeyCode::Backspace => {
            prompt.text.pop();
        }
        KeyCode::Esc => state.prompt = None,
        KeyCode::Enter => {
            let text = prompt.text.trim().to_string();
            let kind = prompt.kind.clone();
            state.prompt = None;
            if text.is_empty() {
                return Vec::new();
            }
            return match kind {
                PromptKind::AddFeed => {
                    state.task = Some(format!("looking for a feed at {text}…"));
                    vec![Effect::AddFeed(text)]
                }
                PromptKind::ImportOpml => {
                    state.task = Some(format!("importing {text}…"));
                    vec![Effect::ImportOpml(text)]
                }
                PromptKind::ConfirmMarkRead { .. } => Vec::new(),
            };
        }
        _ => {}
    }
    Vec::new()
}

/// `Msg::FeedsAdded`: the config has new feeds; list them and fetch them
/// now (after the running refresh, if one runs).
pub(super) fn on_feeds_added(
    state: &mut AppState,
    feeds: Vec<FeedSettings>,
    message: String,
) -> Vec<Effect> {
    state.task = None;
    state.setup.configured_feeds += feeds.len();
    state.setup.config_exists = true;
    let urls = feeds.iter().map(|f| f.url.to_string());
    state.auto_refresh.configured_urls.extend(urls);
    state.set_notice(message);
    let names: Vec<String> = feeds.into_iter().map(|f| f.name).collect();
    if names.is_empty() {
        return Vec::new();
    }
    if state.refresh.running {
        state
            .queued_refresh
            .get_or_insert_with(Vec::new)
            .extend(names);
        return vec![Effect::LoadFeeds];
    }
    let mut effects = vec![Effect::LoadFeeds];
    effects.extend(start_refresh(state, Some(names)));
    effects
}

/// `Msg::AddFailed`: say why in a popup (the message names the URL and
/// what was tried, too long for the status bar).
pub(super) fn on_add_failed(state: &mut AppState, message: String) {
    state.task = None;
    state.popup = Some(Popup {
        title: state.lang.s(ids::COULD_NOT_ADD),
        text: message,
    });
}

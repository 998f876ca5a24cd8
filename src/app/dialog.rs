//! What the status-bar prompt and the popup hold: the state they add to
//! `AppState` (see `prompt` for the keys that drive them).

use crate::domain::FeedId;
use crate::i18n::{FluentValue, Lang, ids};

/// What the prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// A site or feed URL for `Effect::AddFeed`.
    AddFeed,
    /// A file path for `Effect::ImportOpml`.
    ImportOpml,
    /// "Mark N articles read?": `y` goes on, anything else cancels.
    ConfirmMarkRead {
        feeds: Vec<FeedId>,
        unread: u64,
        /// Asked from "All articles": every feed.
        all_feeds: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    /// What was typed so far (empty for a confirmation).
    pub text: String,
}

impl Prompt {
    /// The words before the typed text.
    pub fn label(&self, lang: Lang) -> String {
        match &self.kind {
            PromptKind::AddFeed => lang.s(ids::PROMPT_ADD_FEED),
            PromptKind::ImportOpml => lang.s(ids::PROMPT_IMPORT),
            PromptKind::ConfirmMarkRead {
                feeds,
                unread,
                all_feeds,
            } => {
                let unread = ("unread", FluentValue::from(*unread));
                if *all_feeds {
                    lang.t(ids::PROMPT_MARK_ALL, &[unread])
                } else if feeds.len() == 1 {
                    lang.t(ids::PROMPT_MARK_ONE, &[unread])
                } else {
                    let n = ("feeds", FluentValue::from(feeds.len()));
                    lang.t(ids::PROMPT_MARK_FEEDS, &[unread, n])
                }
            }
        }
    }

    /// Whether it takes typed text (else one key answers it).
    pub fn takes_text(&self) -> bool {
        !matches!(self.kind, PromptKind::ConfirmMarkRead { .. })
    }

    /// The keys it takes, for the right of the status bar.
    pub fn hint(&self, lang: Lang) -> String {
        let id = match self.kind {
            PromptKind::ConfirmMarkRead { .. } => ids::HINT_CONFIRM,
            _ => ids::HINT_PROMPT,
        };
        format!("{} ", lang.s(id))
    }
}

/// A dismissable box over the screen with a text that did not fit the
/// status bar, wrapped to the box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Popup {
    pub title: String,
    pub text: String,
}

//! User-bindable commands: what a key press means. Separate from `Msg`
//! (everything that happens) so that the key map, the help overlay and the
//! config's `[keys]` table all speak one small vocabulary.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::i18n::{Id, ids};

/// One action a key can be bound to. The serde / config name is the
/// snake_case form (`page_down`, `mark_feed_read`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    Open,
    Back,
    Quit,
    ForceQuit,
    Refresh,
    RefreshAll,
    ToggleRead,
    MarkFeedRead,
    ToggleStar,
    OpenInBrowser,
    CopyUrl,
    NextUnread,
    PrevUnread,
    Filter,
    Help,
    TopStories,
    NextRelated,
    PrevRelated,
    CycleTag,
    Search,
    AddFeed,
    ImportOpml,
    Undo,
    ShowMessage,
    Download,
    Play,
    Downloads,
    PauseDownload,
    ShowImage,
}

impl Command {
    /// Every command, in the order the help overlay lists them.
    pub const ALL: [Command; 37] = [
        Command::Up,
        Command::Down,
        Command::PageUp,
        Command::PageDown,
        Command::Top,
        Command::Bottom,
        Command::NextPane,
        Command::PrevPane,
        Command::Open,
        Command::Back,
        Command::Quit,
        Command::ForceQuit,
        Command::Refresh,
        Command::RefreshAll,
        Command::ToggleRead,
        Command::MarkFeedRead,
        Command::ToggleStar,
        Command::OpenInBrowser,
        Command::CopyUrl,
        Command::NextUnread,
        Command::PrevUnread,
        Command::Filter,
        Command::Search,
        Command::TopStories,
        Command::CycleTag,
        Command::NextRelated,
        Command::PrevRelated,
        Command::AddFeed,
        Command::ImportOpml,
        Command::Undo,
        Command::ShowMessage,
        Command::Download,
        Command::Play,
        Command::Downloads,
        Command::PauseDownload,
        Command::ShowImage,
        Command::Help,
    ];

    /// The name used in `[keys]` and by serde.
    pub fn name(self) -> &'static str {
        match self {
            Command::Up => "up",
            Command::Down => "down",
            Command::PageUp => "page_up",
            Command::PageDown => "page_down",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::NextPane => "next_pane",
            Command::PrevPane => "prev_pane",
            Command::Open => "open",
            Command::Back => "back",
            Command::Quit => "quit",
            Command::ForceQuit => "force_quit",
            Command::Refresh => "refresh",
            Command::RefreshAll => "refresh_all",
            Command::ToggleRead => "toggle_read",
            Command::MarkFeedRead => "mark_feed_read",
            Command::ToggleStar => "toggle_star",
            Command::OpenInBrowser => "open_in_browser",
            Command::CopyUrl => "copy_url",
            Command::NextUnread => "next_unread",
            Command::PrevUnread => "prev_unread",
            Command::Filter => "filter",
            Command::Help => "help",
            Command::TopStories => "top_stories",
            Command::NextRelated => "next_related",
            Command::PrevRelated => "prev_related",
            Command::CycleTag => "cycle_tag",
            Command::Search => "search",
            Command::AddFeed => "add_feed",
            Command::ImportOpml => "import_opml",
            Command::Undo => "undo",
            Command::ShowMessage => "show_message",
            Command::Download => "download",
            Command::Play => "play",
            Command::Downloads => "downloads",
            Command::PauseDownload => "pause_download",
            Command::ShowImage => "show_image",
        }
    }

    /// One short line for the help overlay (a message of the catalogues).
    pub fn description(self) -> Id {
        match self {
            Command::Up => ids::CMD_UP,
            Command::Down => ids::CMD_DOWN,
            Command::PageUp => ids::CMD_PAGE_UP,
            Command::PageDown => ids::CMD_PAGE_DOWN,
            Command::Top => ids::CMD_TOP,
            Command::Bottom => ids::CMD_BOTTOM,
            Command::NextPane => ids::CMD_NEXT_PANE,
            Command::PrevPane => ids::CMD_PREV_PANE,
            Command::Open => ids::CMD_OPEN,
            Command::Back => ids::CMD_BACK,
            Command::Quit => ids::CMD_QUIT,
            Command::ForceQuit => ids::CMD_FORCE_QUIT,
            Command::Refresh => ids::CMD_REFRESH,
            Command::RefreshAll => ids::CMD_REFRESH_ALL,
            Command::ToggleRead => ids::CMD_TOGGLE_READ,
            Command::MarkFeedRead => ids::CMD_MARK_FEED_READ,
            Command::ToggleStar => ids::CMD_TOGGLE_STAR,
            Command::OpenInBrowser => ids::CMD_OPEN_IN_BROWSER,
            Command::CopyUrl => ids::CMD_COPY_URL,
            Command::NextUnread => ids::CMD_NEXT_UNREAD,
            Command::PrevUnread => ids::CMD_PREV_UNREAD,
            Command::Filter => ids::CMD_FILTER,
            Command::Help => ids::CMD_HELP,
            Command::TopStories => ids::CMD_TOP_STORIES,
            Command::NextRelated => ids::CMD_NEXT_RELATED,
            Command::PrevRelated => ids::CMD_PREV_RELATED,
            Command::CycleTag => ids::CMD_CYCLE_TAG,
            Command::Search => ids::CMD_SEARCH,
            Command::AddFeed => ids::CMD_ADD_FEED,
            Command::ImportOpml => ids::CMD_IMPORT_OPML,
            Command::Undo => ids::CMD_UNDO,
            Command::ShowMessage => ids::CMD_SHOW_MESSAGE,
            Command::Download => ids::CMD_DOWNLOAD,
            Command::Play => ids::CMD_PLAY,
            Command::Downloads => ids::CMD_DOWNLOADS,
            Command::PauseDownload => ids::CMD_PAUSE_DOWNLOAD,
            Command::ShowImage => ids::CMD_SHOW_IMAGE,
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown command {name:?}{}; valid commands: {}", suggestion_text(.suggestion), valid_list())]
pub struct UnknownCommand {
    pub name: String,
    pub suggestion: Option<&'static str>,
}

fn suggestion_text(s: &Option<&'static str>) -> String {
    match s {
        Some(s) => format!(" (did you mean {s:?}?)"),
        None => String::new(),
    }
}

fn valid_list() -> String {
    Command::ALL
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Command {
    type Err = UnknownCommand;

    /// Accepts the snake_case name; `-` is taken as `_` and case is ignored,
    /// since users write `page-down` or `PageDown` as often as `page_down`.
    fn from_str(s: &str) -> Result<Command, UnknownCommand> {
        let norm = normalise(s);
        if let Some(c) = Command::ALL.iter().find(|c| c.name() == norm) {
            return Ok(*c);
        }
        let suggestion = Command::ALL
            .iter()
            .map(|c| (strsim::osa_distance(&norm, c.name()), c.name()))
            .filter(|(d, name)| *d <= 2.max(name.len() / 3))
            .min_by_key(|(d, _)| *d)
            .map(|(_, name)| name);
        Err(UnknownCommand {
            name: s.to_string(),
            suggestion,
        })
    }
}

/// `PageDown` / `page-down` / `page_down` → `page_down`.
fn normalise(s: &str) -> String {
    let s = s.trim();
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev_lower = false;
    for ch in s.chars() {
        if ch == '-' || ch == ' ' {
            out.push('_');
            prev_lower = false;
        } else if ch.is_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.extend(ch.to_lowercase());
            prev_lower = false;
        } else {
            out.push(ch);
            prev_lower = ch.is_lowercase();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_from_str() {
        for c in Command::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.name()));
            assert_eq!(c.name().parse::<Command>().unwrap(), c);
        }
    }

    #[test]
    fn all_lists_every_command_once() {
        let mut names: Vec<_> = Command::ALL.iter().map(|c| c.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Command::ALL.len());
    }

    #[test]
    fn accepts_kebab_and_camel_case() {
        assert_eq!("page-down".parse::<Command>().unwrap(), Command::PageDown);
        assert_eq!("PageDown".parse::<Command>().unwrap(), Command::PageDown);
        assert_eq!(
            "MARK_FEED_READ".parse::<Command>().unwrap(),
            Command::MarkFeedRead
        );
    }

    #[test]
    fn unknown_command_suggests_and_lists() {
        let err = "refersh".parse::<Command>().unwrap_err();
        assert_eq!(err.suggestion, Some("refresh"));
        let text = err.to_string();
        assert!(text.contains("unknown command \"refersh\""), "{text}");
        assert!(text.contains("did you mean \"refresh\""), "{text}");
        assert!(text.contains("toggle_star"), "{text}");

        let err = "xyzzy_plugh".parse::<Command>().unwrap_err();
        assert_eq!(err.suggestion, None);
    }
}

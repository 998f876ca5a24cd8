//! Key specs ("j", "G", "ctrl-r", "pgdn") and the key map: the embedded
//! defaults from `config/keys.toml` merged with the user's `[keys]` table.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::command::{Command, UnknownCommand};

/// The default key map, embedded so that a run without config has keys.
pub const DEFAULT_KEYS: &str = include_str!("../../config/keys.toml");

/// One key with its modifiers, normalised so that a spec and a terminal
/// event compare equal: for characters the case carries Shift ("G", not
/// "shift-g"), and Shift+Tab is `BackTab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeySpec {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> KeySpec {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = code;
        match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                if c.is_lowercase() {
                    code = KeyCode::Char(c.to_uppercase().next().unwrap_or(c));
                }
            }
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                code = KeyCode::BackTab;
            }
            KeyCode::BackTab => modifiers.remove(KeyModifiers::SHIFT),
            _ => {}
        }
        KeySpec { code, modifiers }
    }

    pub fn from_event(ev: &KeyEvent) -> KeySpec {
        KeySpec::new(ev.code, ev.modifiers)
    }

    /// A key event for this spec (for tests and synthetic input).
    pub fn to_event(self) -> KeyEvent {
        KeyEvent::new(self.code, self.modifiers)
    }
}

/// A key spec that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad key spec {spec:?}: {reason}")]
pub struct BadKeySpec {
    pub spec: String,
    pub reason: String,
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("page_up", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("page_down", KeyCode::PageDown),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
];

impl FromStr for KeySpec {
    type Err = BadKeySpec;

    fn from_str(spec: &str) -> Result<KeySpec, BadKeySpec> {
        let bad = |reason: &str| BadKeySpec {
            spec: spec.to_string(),
            reason: reason.to_string(),
        };
        let mut rest = spec;
        let mut mods = KeyModifiers::NONE;
        // Peel modifiers while something longer than one character remains,
        // so "ctrl--" is Ctrl plus '-'.
        loop {
            if rest.chars().count() <= 1 {
                break;
            }
            let Some((head, tail)) = rest.split_once('-') else {
                break;
            };
            if tail.is_empty() {
                return Err(bad("nothing after the modifier"));
            }
            match head.to_ascii_lowercase().as_str() {
                "ctrl" | "control" | "c" => mods |= KeyModifiers::CONTROL,
                "alt" | "meta" | "m" | "a" => mods |= KeyModifiers::ALT,
                "shift" | "s" => mods |= KeyModifiers::SHIFT,
                _ => break,
            }
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(bad("empty key")),
            (Some(c), None) if c.is_control() => return Err(bad("control character")),
            (Some(c), None) => KeyCode::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
                    *code
                } else if let Some(n) = lower
                    .strip_prefix('f')
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=12).contains(n))
                {
                    KeyCode::F(n)
                } else {
                    return Err(bad(
                        "expected one character or a key name (enter, esc, tab, backtab, space, \
                         backspace, up, down, left, right, home, end, pgup, pgdn, delete, insert, \
                         f1..f12), optionally after ctrl-, alt- or shift-",
                    ));
                }
            }
        };
        Ok(KeySpec::new(code, mods))
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            other => {
                let name = NAMED
                    .iter()
                    .find(|(_, c)| *c == other)
                    .map(|(n, _)| *n)
                    .unwrap_or("?");
                f.write_str(name)
            }
        }
    }
}

/// A `[keys]` entry that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error("[keys] {key:?} = {value:?}: {source}")]
    UnknownCommand {
        key: String,
        value: String,
        #[source]
        source: UnknownCommand,
    },
    #[error("[keys] {key:?}: {source}")]
    BadKey {
        key: String,
        #[source]
        source: BadKeySpec,
    },
    #[error(
        "[keys] {first:?} and {second:?} are the same key ({spec}); bind it once, \
         to one command"
    )]
    SameKey {
        first: String,
        second: String,
        spec: String,
    },
    #[error("embedded default key map is invalid: {0}")]
    Defaults(String),
}

/// The value that removes a default binding: `x = "none"`.
pub const UNBIND: &str = "none";

/// Key → command. Each key is bound at most once.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<(KeySpec, Command)>,
}

impl Keymap {
    /// The embedded defaults. Built from a file compiled into the binary and
    /// checked by a unit test, so this cannot fail at run time; if it did,
    /// an empty map would still let the UI start (Ctrl-C is handled too).
    pub fn defaults() -> Keymap {
        Keymap::try_defaults().unwrap_or(Keymap {
            bindings: Vec::new(),
        })
    }

    fn try_defaults() -> Result<Keymap, KeymapError> {
        #[derive(serde::Deserialize)]
        struct File {
            keys: BTreeMap<String, String>,
        }
        let file: File =
            toml::from_str(DEFAULT_KEYS).map_err(|e| KeymapError::Defaults(e.to_string()))?;
        let mut map = Keymap {
            bindings: Vec::new(),
        };
        map.apply(&file.keys)?;
        Ok(map)
    }

    /// The defaults with the user's `[keys]` table applied on top: a user
    /// binding replaces whatever the key did before; `"none"` unbinds it.
    pub fn with_overrides(user: &BTreeMap<String, String>) -> Result<Keymap, KeymapError> {
        let mut map = Keymap::defaults();
        map.apply(user)?;
        Ok(map)
    }

    fn apply(&mut self, table: &BTreeMap<String, String>) -> Result<(), KeymapError> {
        // Parse everything first so one bad entry leaves the map untouched,
        // and so two spellings of one key ("pgdn", "pagedown") are caught.
        let mut parsed: Vec<(&String, KeySpec, Option<Command>)> = Vec::new();
        for (key, value) in table {
            let spec: KeySpec = key.parse().map_err(|source| KeymapError::BadKey {
                key: key.clone(),
                source,
            })?;
            let command =
                if value.trim().eq_ignore_ascii_case(UNBIND) {
                    None
                } else {
                    Some(value.parse::<Command>().map_err(|source| {
                        KeymapError::UnknownCommand {
                            key: key.clone(),
                            value: value.clone(),
                            source,
                        }
                    })?)
                };
            if let Some((first, _, _)) = parsed.iter().find(|(_, s, _)| *s == spec) {
                return Err(KeymapError::SameKey {
                    first: (*first).clone(),
                    second: key.clone(),
                    spec: spec.to_string(),
                });
            }
            parsed.push((key, spec, command));
        }
        for (_, spec, command) in parsed {
            self.bindings.retain(|(s, _)| *s != spec);
            if let Some(c) = command {
                self.bindings.push((spec, c));
            }
        }
        Ok(())
    }

    /// The command bound to this key press, if any.
    pub fn lookup(&self, ev: &KeyEvent) -> Option<Command> {
        let spec = KeySpec::from_event(ev);
        self.bindings
            .iter()
            .find(|(s, _)| *s == spec)
            .map(|(_, c)| *c)
    }

    /// The keys bound to `command`, plain keys first, for the help overlay
    /// and the status bar hints.
    pub fn keys_for(&self, command: Command) -> Vec<KeySpec> {
        let mut keys: Vec<KeySpec> = self
            .bindings
            .iter()
            .filter(|(_, c)| *c == command)
            .map(|(s, _)| *s)
            .collect();
        keys.sort_by_key(|k| {
            // Letters first, then the keys people reach for (enter, esc,
            // arrows), then the rest: the help column shows the first few.
            let rank = match (k.modifiers.is_empty(), k.code) {
                (true, KeyCode::Char(' ')) => 4,
                (true, KeyCode::Char(c)) if c.is_lowercase() => 0,
                (true, KeyCode::Char(_)) => 1,
                (true, KeyCode::Enter | KeyCode::Esc | KeyCode::Tab | KeyCode::BackTab) => 2,
                (true, KeyCode::Up | KeyCode::Down | KeyCode::Left | KeyCode::Right) => 3,
                (true, _) => 4,
                (false, _) => 5,
            };
            (rank, k.to_string())
        });
        keys
    }

    /// `"j, down"`: the keys for a command joined for display.
    pub fn keys_text(&self, command: Command) -> String {
        self.keys_for(command)
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn bindings(&self) -> &[(KeySpec, Command)] {
        &self.bindings
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::defaults()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> KeySpec {
        s.parse().unwrap()
    }

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn embedded_defaults_parse() {
        let map = Keymap::try_defaults().unwrap();
        // Every command the issue lists has a default key.
        for c in Command::ALL {
            assert!(!map.keys_for(c).is_empty(), "{c} has no default key");
        }
    }

    #[test]
    fn parses_specs() {
        assert_eq!(
            spec("j"),
            KeySpec::new(KeyCode::Char('j'), KeyModifiers::NONE)
        );
        assert_eq!(
            spec("G"),
            KeySpec::new(KeyCode::Char('G'), KeyModifiers::NONE)
        );
        assert_eq!(spec("shift-g"), spec("G"));
        assert_eq!(
            spec("ctrl-r"),
            KeySpec::new(KeyCode::Char('r'), KeyModifiers::CONTROL)
        );
        assert_eq!(spec("Ctrl-R").modifiers, KeyModifiers::CONTROL);
        assert_eq!(spec("enter").code, KeyCode::Enter);
        assert_eq!(spec("pgdn").code, KeyCode::PageDown);
        assert_eq!(spec("PageDown").code, KeyCode::PageDown);
        assert_eq!(spec("tab").code, KeyCode::Tab);
        assert_eq!(spec("shift-tab").code, KeyCode::BackTab);
        assert_eq!(spec("esc").code, KeyCode::Esc);
        assert_eq!(spec("up").code, KeyCode::Up);
        assert_eq!(spec("f5").code, KeyCode::F(5));
        assert_eq!(spec("-").code, KeyCode::Char('-'));
        assert_eq!(
            spec("ctrl--"),
            KeySpec::new(KeyCode::Char('-'), KeyModifiers::CONTROL)
        );
        assert_eq!(spec("ж").code, KeyCode::Char('ж'));
    }

    #[test]
    fn rejects_bad_specs() {
        for bad in ["", "ctrl-", "enterr", "f13", "hyper-x", "\u{1b}"] {
            assert!(bad.parse::<KeySpec>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "j", "G", "ctrl-r", "enter", "pgdn", "pgup", "tab", "backtab", "space", "f1", "?",
        ] {
            assert_eq!(spec(s).to_string(), s);
            assert_eq!(spec(&spec(s).to_string()), spec(s));
        }
    }

    #[test]
    fn events_match_specs() {
        let map = Keymap::defaults();
        assert_eq!(
            map.lookup(&key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Command::Down)
        );
        // Terminals report Shift with upper-case letters.
        assert_eq!(
            map.lookup(&key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(
            map.lookup(&key(KeyCode::Tab, KeyModifiers::SHIFT)),
            Some(Command::PrevPane)
        );
        assert_eq!(
            map.lookup(&key(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Command::PrevPane)
        );
        assert_eq!(
            map.lookup(&key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::ForceQuit)
        );
        assert_eq!(
            map.lookup(&key(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Command::Help)
        );
        assert_eq!(
            map.lookup(&key(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn overrides_replace_and_unbind() {
        let user = BTreeMap::from([
            ("ctrl-r".to_string(), "refresh_all".to_string()),
            // `j` now moves up: the user's intent wins over the default.
            ("j".to_string(), "up".to_string()),
            ("t".to_string(), "none".to_string()),
        ]);
        let map = Keymap::with_overrides(&user).unwrap();
        assert_eq!(
            map.lookup(&key(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Command::RefreshAll)
        );
        assert_eq!(
            map.lookup(&key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Command::Up)
        );
        assert_eq!(
            map.lookup(&key(KeyCode::Char('t'), KeyModifiers::NONE)),
            None
        );
        // The other default keys stay.
        assert_eq!(
            map.lookup(&key(KeyCode::Char('R'), KeyModifiers::SHIFT)),
            Some(Command::RefreshAll)
        );
        assert_eq!(map.keys_text(Command::Down), "down");
    }

    #[test]
    fn unknown_command_names_the_key() {
        let user = BTreeMap::from([("x".to_string(), "toggle_stra".to_string())]);
        let err = Keymap::with_overrides(&user).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("[keys] \"x\" = \"toggle_stra\""), "{text}");
        assert!(text.contains("did you mean \"toggle_star\""), "{text}");
        assert!(text.contains("valid commands: up, down"), "{text}");
    }

    #[test]
    fn bad_key_is_an_error() {
        let user = BTreeMap::from([("ctrl-enterr".to_string(), "quit".to_string())]);
        let err = Keymap::with_overrides(&user).unwrap_err();
        assert!(matches!(err, KeymapError::BadKey { .. }));
        assert!(err.to_string().contains("\"ctrl-enterr\""), "{err}");
    }

    #[test]
    fn same_key_spelled_twice_is_an_error() {
        let user = BTreeMap::from([
            ("pgdn".to_string(), "down".to_string()),
            ("pagedown".to_string(), "bottom".to_string()),
        ]);
        let err = Keymap::with_overrides(&user).unwrap_err();
        assert!(matches!(err, KeymapError::SameKey { .. }), "{err}");
        assert!(err.to_string().contains("same key (pgdn)"), "{err}");
    }

    #[test]
    fn keys_for_lists_plain_keys_first() {
        let map = Keymap::defaults();
        assert_eq!(map.keys_text(Command::Down), "j, down");
        assert_eq!(map.keys_text(Command::Bottom), "G, end");
        assert_eq!(map.keys_text(Command::ForceQuit), "Q, ctrl-c");
    }
}

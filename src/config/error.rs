//! Config errors. Each one displays as a single message that names the file,
//! the line and column, the key, what was wrong (quoting the value) and how to
//! fix it — a user should never need to read the code to act on it.

use std::fmt;
use std::path::PathBuf;

/// Where in which file: `path:line:column`. Boxed inside `ConfigError` to
/// keep the error small (it travels in every `Result` of this module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The config file, or `None` for text given without a path.
    pub file: Option<PathBuf>,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(p) => write!(f, "{}:{}:{}", p.display(), self.line, self.column),
            None => write!(f, "<config>:{}:{}", self.line, self.column),
        }
    }
}

/// Formats `; did you mean X?` when there is a suggestion.
struct DidYouMean<'a>(&'a Option<String>, &'static str);

impl fmt::Display for DidYouMean<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, "did you mean {q}{s}{q}? ", q = self.1),
            None => Ok(()),
        }
    }
}

/// The fix for an unknown key: the likely intended key, else the list.
struct KeyHelp<'a>(&'a Option<String>, &'static [&'static str]);

impl fmt::Display for KeyHelp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1.is_empty()) {
            (Some(s), _) => write!(
                f,
                "did you mean `{s}`? (valid keys here: {})",
                self.1.join(", ")
            ),
            (None, false) => write!(
                f,
                "remove it or use one of the valid keys here: {}",
                self.1.join(", ")
            ),
            (None, true) => f.write_str("remove it (this table takes no keys of its own)"),
        }
    }
}

const DURATION_HELP: &str = "expected a duration like \"30s\", \"10m\", \"2h\" \
     (a whole number and a unit: ms, s, m, h, d, w; parts combine as \"1h30m\")";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "config file {} does not exist; create it (docs/configuration.md has an example, and \
         `keruen check-config` shows the defaults) or point --config / KERUEN_CONFIG at an existing file",
        path.display()
    )]
    NotFound { path: PathBuf },

    #[error("cannot read config file {}: {source}; check that it is a readable UTF-8 text file", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{at}: the config file is not UTF-8 text (byte 0x{byte:02X} here); save it as UTF-8")]
    NotUtf8 { at: Box<Location>, byte: u8 },

    #[error(
        "{at}: TOML syntax error{}: {message}; {fix}",
        key.as_ref().map(|k| format!(" in `{k}`")).unwrap_or_default()
    )]
    Syntax {
        at: Box<Location>,
        /// The key on the broken line, when toml could recover it.
        key: Option<String>,
        message: String,
        fix: String,
    },

    #[error("{at}: unknown key `{key}` in {table}; {}", KeyHelp(suggestion, valid))]
    UnknownKey {
        at: Box<Location>,
        key: String,
        /// Human name of the table: `[fetch]`, `[[feeds]] entry feeds[2]`, `the top level`.
        table: String,
        suggestion: Option<String>,
        valid: &'static [&'static str],
    },

    #[error(
        "{at}: `{key}` has the wrong type: found {found}, expected {expected}; write it like {example}"
    )]
    WrongType {
        at: Box<Location>,
        key: String,
        /// The value as written, with its type: `string "8"`.
        found: String,
        expected: String,
        example: String,
    },

    #[error("{at}: `{key}` is missing; every [[feeds]] entry needs it: add a line like {example}")]
    MissingKey {
        at: Box<Location>,
        key: String,
        example: String,
    },

    #[error(
        "{at}: `{key}` = {value:?} is not a duration; {DURATION_HELP}{}",
        if *allow_off { ", or \"off\"" } else { "" }
    )]
    BadDuration {
        at: Box<Location>,
        key: String,
        value: String,
        /// Whether "off" is accepted here.
        allow_off: bool,
    },

    #[error(
        "{at}: `{key}` = {value} is not a size; expected a size like \"16 MiB\", \"512 kB\" or a whole number of bytes (units: B, kB, KiB, MB, MiB, GB, GiB)"
    )]
    BadSize {
        at: Box<Location>,
        key: String,
        /// As written (quoted if it was a string).
        value: String,
    },

    #[error("{at}: `{key}` = {value} is out of range: it must be {expected}; {fix}")]
    OutOfRange {
        at: Box<Location>,
        key: String,
        /// As written (quoted if it was a string).
        value: String,
        expected: String,
        fix: String,
    },

    #[error("{at}: `{key}` = {value:?} is not a usable feed URL: {reason}; {fix}")]
    BadUrl {
        at: Box<Location>,
        key: String,
        value: String,
        reason: String,
        fix: String,
    },

    #[error(
        "{at}: `{key}` is empty (\"\"); every feed needs a name: write a short unique one, e.g. name = \"inform\""
    )]
    EmptyFeedName { at: Box<Location>, key: String },

    #[error(
        "{at}: `{key}` = {name:?} is already the name of the feed at line {first_line}; feed names must be unique: rename one of them"
    )]
    DuplicateFeed {
        at: Box<Location>,
        key: String,
        name: String,
        first_line: usize,
    },

    #[error(
        "{at}: `{key}` = {value:?} is not a time zone; {}use an IANA name such as \"Asia/Almaty\" or \"Europe/Moscow\" (the zone of the dates the source writes without one)",
        DidYouMean(suggestion, "\"")
    )]
    BadTimeZone {
        at: Box<Location>,
        key: String,
        value: String,
        suggestion: Option<String>,
    },

    #[error(
        "{at}: `{key}` = \"{url}\" is already the URL of feed \"{first_name}\" at line {first_line}; a feed is listed once: remove one of them (give the one you keep all the tags)"
    )]
    DuplicateUrl {
        at: Box<Location>,
        key: String,
        url: String,
        first_name: String,
        first_line: usize,
    },

    #[error(
        "{at}: `{key}` = {value:?} is not a known {what}; {}use one of: {}",
        DidYouMean(suggestion, "\""),
        valid.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")
    )]
    UnknownName {
        at: Box<Location>,
        key: String,
        value: String,
        /// "theme", "feed kind".
        what: &'static str,
        suggestion: Option<String>,
        valid: &'static [&'static str],
    },

    #[error(
        "{at}: `{key}` = {value:?} is not a valid regular expression: {reason}; fix the pattern, or put a \\\\ before characters meant literally (e.g. \"\\\\(ad\\\\)\")"
    )]
    BadRegex {
        at: Box<Location>,
        key: String,
        value: String,
        reason: String,
    },

    /// A table that does not fit the feed (a `[feeds.select]` on a JSON
    /// feed, an html feed without one…): said as what is missing or extra.
    #[error("{at}: `{key}`: {problem}; {fix}")]
    Mismatch {
        at: Box<Location>,
        key: String,
        problem: String,
        fix: String,
    },

    #[error("{at}: `{key}`: {problem}; {fix}")]
    BadIgnoreRule {
        at: Box<Location>,
        key: String,
        problem: String,
        fix: String,
    },

    /// More than one error, in the order of the file; at most
    /// [`MAX_REPORTED`] are kept, `more` counts the rest.
    #[error("{}{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"), More(*more))]
    Several {
        errors: Vec<ConfigError>,
        more: usize,
    },

    /// A deserialisation error we could not attribute to a key (a fallback;
    /// the variants above cover every case we know of).
    #[error("{at}: {message}; see docs/configuration.md for the accepted keys and values")]
    Other { at: Box<Location>, message: String },
}

/// The most errors one report lists: past that, fixing the first ones
/// usually fixes or changes the rest.
pub const MAX_REPORTED: usize = 20;

/// "\n(and 3 more errors)" after a capped list.
struct More(usize);

impl fmt::Display for More {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => Ok(()),
            1 => f.write_str("\n(and 1 more error)"),
            n => write!(f, "\n(and {n} more errors)"),
        }
    }
}

impl ConfigError {
    /// One error as itself, several as `Several` sorted by line and capped
    /// at [`MAX_REPORTED`].
    pub fn several(mut errors: Vec<ConfigError>) -> ConfigError {
        errors.sort_by_key(|e| e.location().map(|l| (l.line, l.column)));
        if errors.len() == 1
            && let Some(e) = errors.pop()
        {
            return e;
        }
        let more = errors.len().saturating_sub(MAX_REPORTED);
        errors.truncate(MAX_REPORTED);
        ConfigError::Several { errors, more }
    }

    /// Each error on its own (a `Several` opened up).
    pub fn each(&self) -> Vec<&ConfigError> {
        match self {
            ConfigError::Several { errors, .. } => errors.iter().collect(),
            e => vec![e],
        }
    }

    /// Where the error is, when it is inside the file (the first one's,
    /// for `Several`).
    pub fn location(&self) -> Option<&Location> {
        match self {
            ConfigError::Several { errors, .. } => errors.first().and_then(ConfigError::location),
            ConfigError::NotFound { .. } | ConfigError::Read { .. } => None,
            ConfigError::NotUtf8 { at, .. }
            | ConfigError::Syntax { at, .. }
            | ConfigError::UnknownKey { at, .. }
            | ConfigError::WrongType { at, .. }
            | ConfigError::MissingKey { at, .. }
            | ConfigError::BadDuration { at, .. }
            | ConfigError::BadSize { at, .. }
            | ConfigError::OutOfRange { at, .. }
            | ConfigError::BadUrl { at, .. }
            | ConfigError::EmptyFeedName { at, .. }
            | ConfigError::DuplicateFeed { at, .. }
            | ConfigError::DuplicateUrl { at, .. }
            | ConfigError::BadTimeZone { at, .. }
            | ConfigError::Mismatch { at, .. }
            | ConfigError::UnknownName { at, .. }
            | ConfigError::BadRegex { at, .. }
            | ConfigError::BadIgnoreRule { at, .. }
            | ConfigError::Other { at, .. } => Some(&**at),
        }
    }

    /// The key path the error is about (`feeds[2].url`), when there is one.
    pub fn key(&self) -> Option<&str> {
        match self {
            ConfigError::Several { errors, .. } => errors.first().and_then(ConfigError::key),
            ConfigError::NotFound { .. }
            | ConfigError::Read { .. }
            | ConfigError::NotUtf8 { .. }
            | ConfigError::Other { .. } => None,
            ConfigError::Syntax { key, .. } => key.as_deref(),
            ConfigError::UnknownKey { key, .. }
            | ConfigError::WrongType { key, .. }
            | ConfigError::MissingKey { key, .. }
            | ConfigError::BadDuration { key, .. }
            | ConfigError::BadSize { key, .. }
            | ConfigError::OutOfRange { key, .. }
            | ConfigError::BadUrl { key, .. }
            | ConfigError::EmptyFeedName { key, .. }
            | ConfigError::DuplicateFeed { key, .. }
            | ConfigError::DuplicateUrl { key, .. }
            | ConfigError::BadTimeZone { key, .. }
            | ConfigError::Mismatch { key, .. }
            | ConfigError::UnknownName { key, .. }
            | ConfigError::BadRegex { key, .. }
            | ConfigError::BadIgnoreRule { key, .. } => Some(key),
        }
    }
}

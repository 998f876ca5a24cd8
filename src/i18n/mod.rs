//! The interface language: which one is active, and every string a person
//! reads, with its plurals, numbers and dates.
//!
//! - `mod.rs` (this file): [`Lang`], how it is chosen (config > `LC_ALL` >
//!   `LC_MESSAGES` > `LANG` > English), and [`Lang::t`], the one way to get
//!   a message.
//! - `ids.rs`: every message id with the arguments it takes. Code names an
//!   id by its constant, never by a string, so a test can hold the three
//!   catalogues and the code to each other.
//! - `catalog.rs`: the Fluent catalogues of `locales/{en,kk,ru}/`, embedded in
//!   the binary and parsed once per language.
//! - `numbers.rs` / `time.rs`: numbers and dates as each language writes them
//!   ("1 234", "12,3 мың", "2 сағат бұрын").
//! - `why.rs`: a top story's "why" line and an article's signals, worded
//!   from the figures ranking hands over.
//!
//! Pure: the language is a value passed to whoever draws or prints, never a
//! global, so a Kazakh and a Russian screen can be drawn side by side in
//! tests. Reading the environment happens once, in [`Lang::detect`].

mod catalog;
pub mod ids;
pub mod numbers;
pub mod time;
pub mod why;

pub use fluent_bundle::FluentValue;
pub use ids::Id;

/// An interface language keruen has a catalogue for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Kk,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Kk, Lang::Ru];

    /// The BCP 47 tag of the catalogue ("en", "kk", "ru").
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Kk => "kk",
            Lang::Ru => "ru",
        }
    }

    /// A language from a config value or a POSIX locale name: "kk",
    /// "kk_KZ.UTF-8", "ru-KZ", "ru_RU@euro", "en_GB". Only the language part
    /// decides (a Russian speaker in Kazakhstan, `ru_KZ`, reads Russian).
    /// `None` for a language with no catalogue, and for "C"/"POSIX", which
    /// say nothing about the reader's language.
    pub fn from_locale(name: &str) -> Option<Lang> {
        let language = name
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match language.as_str() {
            "en" => Some(Lang::En),
            "kk" | "kaz" => Some(Lang::Kk),
            "ru" | "rus" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// The language to speak: `configured` (`ui.language`, validated with
    /// the config) wins; then the
    /// first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty
    /// decides, as POSIX orders them; otherwise English. A set variable
    /// naming a language without a catalogue (`de_DE`) means English, not the
    /// next variable: the user chose that locale for messages.
    pub fn detect(configured: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = configured {
            return lang;
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| env(var).filter(|v| !v.trim().is_empty()))
            .map(|v| Lang::from_locale(&v).unwrap_or(Lang::En))
            .next()
            .unwrap_or(Lang::En)
    }

    /// [`Lang::detect`] over the process environment.
    pub fn from_env(configured: Option<Lang>) -> Lang {
        Lang::detect(configured, |var| std::env::var(var).ok())
    }

    /// The message `id` in this language, its arguments filled in.
    ///
    /// A message missing from this language's catalogue falls back to
    /// English (a test keeps the catalogues complete; this is the safety
    /// net for a partial translation). Arguments are given as
    /// `&[("count", 3.into())]`; Fluent's bidi isolation marks are off, since
    /// a terminal would show them.
    pub fn t(self, id: Id, args: &[(&str, FluentValue<'_>)]) -> String {
        debug_assert!(
            id.args.len() == args.len() && args.iter().all(|(name, _)| id.args.contains(name)),
            "message {} takes {:?}, given {:?}",
            id.name,
            id.args,
            args.iter().map(|(n, _)| *n).collect::<Vec<_>>()
        );
        catalog::format(self, id.name, args)
            .or_else(|| catalog::format(Lang::En, id.name, args))
            .unwrap_or_else(|| id.name.to_string())
    }

    /// A message without arguments.
    pub fn s(self, id: Id) -> String {
        self.t(id, &[])
    }
}

#[cfg(test)]
mod tests;

//! Every message id and the arguments it takes.
//!
//! Code names a message by the constant, so a misspelt id does not compile,
//! and `i18n::tests` holds this list, the three catalogues and the code to
//! each other: each id is in every catalogue, a catalogue uses no argument
//! the id does not declare, no catalogue has an id missing here, and every
//! constant is used somewhere in `src/`.

/// A message of the catalogues and the names of its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id {
    pub name: &'static str,
    pub args: &'static [&'static str],
}

macro_rules! ids {
    ($($(#[$doc:meta])* $konst:ident = $name:literal $([$($arg:literal),*])?;)*) => {
        $($(#[$doc])* pub const $konst: Id = Id { name: $name, args: &[$($($arg),*)?] };)*
        /// Every id, for the catalogue tests.
        pub const ALL: &[(&str, Id)] = &[$((stringify!($konst), $konst)),*];
    };
}

ids! {
    // Glossary words (locales/GLOSSARY.md).
    FEEDS = "feeds";
    ARTICLES = "articles";
    UNREAD = "unread";
    STARRED = "starred";
    TOP_STORIES = "top-stories";
    SIMILAR_NEWS = "similar-news";

    // Relative times: short for lists, long for the reader.
    TIME_NOW = "time-now";
    TIME_MINUTES_SHORT = "time-minutes-short" ["n"];
    TIME_HOURS_SHORT = "time-hours-short" ["n"];
    TIME_DAYS_SHORT = "time-days-short" ["n"];
    TIME_MINUTES_AGO = "time-minutes-ago" ["n"];
    TIME_HOURS_AGO = "time-hours-ago" ["n"];
    TIME_DAYS_AGO = "time-days-ago" ["n"];
    /// A day of a month, e.g. "4 желтоқсан" / "4 декабря" / "Dec 04".
    /// `day2` and `month2` are the day and the month number with two digits.
    DATE_DAY_MONTH = "date-day-month" ["day", "day2", "month"];
    /// With the year, e.g. "2026 жылғы 4 желтоқсан" / "4 декабря 2026".
    DATE_DAY_MONTH_YEAR = "date-day-month-year" ["day", "day2", "month", "month2", "year"];
    MONTH_1 = "month-1";
    MONTH_2 = "month-2";
    MONTH_3 = "month-3";
    MONTH_4 = "month-4";
    MONTH_5 = "month-5";
    MONTH_6 = "month-6";
    MONTH_7 = "month-7";
    MONTH_8 = "month-8";
    MONTH_9 = "month-9";
    MONTH_10 = "month-10";
    MONTH_11 = "month-11";
    MONTH_12 = "month-12";

    // Signals: `count` picks the plural, `shown` is the number as written,
    // `compact` is "yes" when `shown` is abbreviated ("12,3 тыс.").
    SIGNAL_VIEWS = "signal-views" ["count", "shown", "compact"];
    SIGNAL_COMMENTS = "signal-comments" ["count", "shown", "compact"];
    SIGNAL_POINTS = "signal-points" ["count", "shown", "compact"];
    /// Abbreviations of thousands, millions, billions after a number.
    NUMBER_THOUSANDS = "number-thousands" ["n"];
    NUMBER_MILLIONS = "number-millions" ["n"];
    NUMBER_BILLIONS = "number-billions" ["n"];

    // `keruen refresh`.
    CLI_REFRESH_PROGRESS = "cli-refresh-progress" ["done", "total"];
    CLI_REFRESH_NOT_MODIFIED = "cli-refresh-not-modified" ["name"];
    CLI_REFRESH_FETCHED = "cli-refresh-fetched" ["name", "new", "updated"];
    CLI_REFRESH_FAILED = "cli-refresh-failed" ["name", "kind", "message"];
    CLI_REFRESH_SUMMARY = "cli-refresh-summary"
        ["total", "secs", "fetched", "new", "updated", "not_modified", "failed"];
    CLI_REFRESH_FAILURES = "cli-refresh-failures" ["count"];
    CLI_NO_FEEDS = "cli-no-feeds" ["path"];
}

/// The month names, January first.
pub const MONTHS: [Id; 12] = [
    MONTH_1, MONTH_2, MONTH_3, MONTH_4, MONTH_5, MONTH_6, MONTH_7, MONTH_8, MONTH_9, MONTH_10,
    MONTH_11, MONTH_12,
];

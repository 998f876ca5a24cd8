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
    UNREAD = "unread";
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
    REFRESH_PROGRESS = "refresh-progress" ["done", "total"];
    CLI_REFRESH_NOT_MODIFIED = "cli-refresh-not-modified" ["name"];
    CLI_REFRESH_FETCHED = "cli-refresh-fetched" ["name", "new", "updated"];
    CLI_REFRESH_FAILED = "cli-refresh-failed" ["name", "kind", "message"];
    CLI_REFRESH_SUMMARY = "cli-refresh-summary"
        ["total", "secs", "fetched", "new", "updated", "not_modified", "failed"];
    CLI_REFRESH_FAILURES = "cli-refresh-failures" ["count"];
    CLI_NO_FEEDS = "cli-no-feeds" ["path"];

    // Lists and panes
    ALL_ARTICLES = "all-articles";
    /// The same, as the first row of the narrow feed list.
    ALL_ARTICLES_ROW = "all-articles-row";
    ARTICLE = "article";
    LOADING = "loading";
    NO_MATCH = "no-match";
    NO_ARTICLE_MATCHES = "no-article-matches";
    NO_ARTICLES_YET = "no-articles-yet" ["key"];
    UNREAD_COUNT = "unread-count" ["count"];

    // Top stories
    TOP_TITLE = "top-title" ["days", "count"];
    RANKING = "ranking";
    NO_STORY_MATCHES = "no-story-matches";
    NO_STORIES = "no-stories" ["days", "key"];
    NO_TAGS = "no-tags";
    NO_UNREAD_STORIES = "no-unread-stories";
    NO_RELATED = "no-related";
    /// Under "Related stories" while they are still being looked for.
    RELATED_LOADING = "related-loading";

    // Search
    SEARCH = "search";
    SEARCH_TITLE = "search-title" ["query", "count"];
    SEARCHING = "searching";
    SEARCH_FIX_QUERY = "search-fix-query" ["key"];
    SEARCH_NOTHING = "search-nothing";
    SEARCH_HELP_WORDS = "search-help-words";
    SEARCH_HELP_FILTERS = "search-help-filters";
    SEARCH_HELP_PHRASES = "search-help-phrases";
    NO_UNREAD_RESULTS = "no-unread-results";

    // Status bar
    HINT_SEARCH_PROMPT = "hint-search-prompt";
    HINT_FILTER_PROMPT = "hint-filter-prompt";
    HINT_OPEN = "hint-open";
    HINT_REFRESH = "hint-refresh";
    HINT_HELP = "hint-help";
    HINT_QUIT = "hint-quit";
    HINT_READ = "hint-read";
    HINT_STAR = "hint-star";
    HINT_BROWSER = "hint-browser";
    HINT_NEXT = "hint-next";
    HINT_RELATED = "hint-related";
    HINT_BACK = "hint-back";
    HINT_TOGGLE_READ = "hint-toggle-read";
    HINT_TAG = "hint-tag";
    HINT_FILTER = "hint-filter";
    HINT_EDIT_QUERY = "hint-edit-query";
    HINT_NEXT_UNREAD = "hint-next-unread";
    HINT_COPY = "hint-copy";
    /// After a cut status message: the key that shows it whole.
    HINT_MORE = "hint-more";
    HINT_PICK = "hint-pick" ["keys"];
    HINT_OPEN_KEY = "hint-open-key" ["key"];

    // First start, prompts and popups
    WELCOME_TITLE = "welcome-title";
    WELCOME_NO_FEEDS = "welcome-no-feeds";
    WELCOME_NOT_CREATED = "welcome-not-created";
    WELCOME_ADD = "welcome-add";
    WELCOME_IMPORT = "welcome-import";
    WELCOME_HELP = "welcome-help";
    WELCOME_BY_HAND = "welcome-by-hand";
    HINT_ADD = "hint-add";
    HINT_IMPORT = "hint-import";
    PROMPT_ADD_FEED = "prompt-add-feed";
    PROMPT_IMPORT = "prompt-import";
    PROMPT_MARK_ALL = "prompt-mark-all" ["unread"];
    PROMPT_MARK_ONE = "prompt-mark-one" ["unread"];
    PROMPT_MARK_FEEDS = "prompt-mark-feeds" ["unread", "feeds"];
    HINT_CONFIRM = "hint-confirm";
    HINT_PROMPT = "hint-prompt";
    WAIT_TASK = "wait-task" ["task"];
    NOTHING_MARKED = "nothing-marked";
    COULD_NOT_ADD = "could-not-add";
    COULD_NOT_OPEN = "could-not-open";
    STATUS_TITLE = "status-title";
    NO_MESSAGE = "no-message";
    NO_FEEDS_TO_REFRESH = "no-feeds-to-refresh" ["key"];
    MARKED_READ = "marked-read" ["n", "key"];
    MARKED_UNREAD_AGAIN = "marked-unread-again" ["n"];
    NOTHING_TO_UNDO = "nothing-to-undo";

    // Notices and errors
    REFRESH_RUNNING = "refresh-running";
    NO_UNREAD_ARTICLES = "no-unread-articles";
    REFRESHED = "refreshed" ["count", "new"];
    REFRESHED_FAILED = "refreshed-failed" ["count", "new", "failed"];
    CACHE_ERROR = "cache-error" ["error"];
    COPIED = "copied" ["url"];
    OPENED = "opened" ["url"];
    MARK_FEED_FROM_LIST = "mark-feed-from-list";
    NO_LINK_TO_OPEN = "no-link-to-open";
    NO_LINK_TO_COPY = "no-link-to-copy";
    COPY_FAILED = "copy-failed" ["error"];
    REFRESH_FAILED = "refresh-failed" ["error"];
    REFRESH_STOPPED = "refresh-stopped";

    // The reader
    NO_TEXT_IN_FEED = "no-text-in-feed" ["key"];

    // Help: one line per command
    HELP_TITLE = "help-title";
    HELP_TITLE_SCROLLS = "help-title-scrolls";
    /// Where the scrolled help is: "10–18 of 31".
    HELP_PLACE = "help-place" ["first", "last", "total"];
    CMD_ADD_FEED = "cmd-add-feed";
    CMD_IMPORT_OPML = "cmd-import-opml";
    CMD_UNDO = "cmd-undo";
    CMD_SHOW_MESSAGE = "cmd-show-message";
    CMD_UP = "cmd-up";
    CMD_DOWN = "cmd-down";
    CMD_PAGE_UP = "cmd-page-up";
    CMD_PAGE_DOWN = "cmd-page-down";
    CMD_TOP = "cmd-top";
    CMD_BOTTOM = "cmd-bottom";
    CMD_NEXT_PANE = "cmd-next-pane";
    CMD_PREV_PANE = "cmd-prev-pane";
    CMD_OPEN = "cmd-open";
    CMD_BACK = "cmd-back";
    CMD_QUIT = "cmd-quit";
    CMD_FORCE_QUIT = "cmd-force-quit";
    CMD_REFRESH = "cmd-refresh";
    CMD_REFRESH_ALL = "cmd-refresh-all";
    CMD_TOGGLE_READ = "cmd-toggle-read";
    CMD_MARK_FEED_READ = "cmd-mark-feed-read";
    CMD_TOGGLE_STAR = "cmd-toggle-star";
    CMD_OPEN_IN_BROWSER = "cmd-open-in-browser";
    CMD_COPY_URL = "cmd-copy-url";
    CMD_NEXT_UNREAD = "cmd-next-unread";
    CMD_PREV_UNREAD = "cmd-prev-unread";
    CMD_FILTER = "cmd-filter";
    CMD_HELP = "cmd-help";
    CMD_TOP_STORIES = "cmd-top-stories";
    CMD_NEXT_RELATED = "cmd-next-related";
    CMD_PREV_RELATED = "cmd-prev-related";
    CMD_CYCLE_TAG = "cmd-cycle-tag";
    CMD_SEARCH = "cmd-search";
}

/// The month names, January first.
pub const MONTHS: [Id; 12] = [
    MONTH_1, MONTH_2, MONTH_3, MONTH_4, MONTH_5, MONTH_6, MONTH_7, MONTH_8, MONTH_9, MONTH_10,
    MONTH_11, MONTH_12,
];

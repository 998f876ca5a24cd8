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
    CLI_REFRESH_NOT_DUE = "cli-refresh-not-due" ["count"];
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
    SAME_STORY = "same-story";
    /// Under "Related stories" while they are still being looked for.
    RELATED_LOADING = "related-loading";

    // Search
    SEARCH = "search";
    SEARCH_TITLE = "search-title" ["query", "count"];
    SEARCHING = "searching";
    /// After the search title while the background indexer has a queue:
    /// the hits cannot include these yet.
    SEARCH_UNINDEXED = "search-unindexed" ["count"];
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
    /// Printed before the reader starts when the cache needs schema steps.
    UPGRADING_CACHE = "upgrading-cache" ["path", "from", "to"];
    COPIED = "copied" ["url"];
    OPENED = "opened" ["url"];
    MARK_FEED_FROM_LIST = "mark-feed-from-list";
    NO_LINK_TO_OPEN = "no-link-to-open";
    NO_LINK_TO_COPY = "no-link-to-copy";
    // Pictures in the reader.
    IMAGES_OFF = "images-off";
    NO_IMAGES = "no-images";
    IMAGE_LOADING = "image-loading" ["n", "total"];
    IMAGE_CAPTION = "image-caption" ["n", "total"];
    IMAGE_FAILED = "image-failed" ["n", "total", "error"];
    IMAGE_FETCH_FAILED = "image-fetch-failed" ["error"];
    IMAGE_TOO_LARGE = "image-too-large" ["width", "height"];
    IMAGE_UNSUPPORTED = "image-unsupported";
    IMAGE_TINY = "image-tiny";
    IMAGE_DAMAGED = "image-damaged" ["error"];
    COPY_FAILED = "copy-failed" ["error"];
    REFRESH_FAILED = "refresh-failed" ["error"];
    REFRESH_STOPPED = "refresh-stopped";

    // The reader
    NO_TEXT_IN_FEED = "no-text-in-feed" ["key"];
    /// In place of the article's text while a worker converts it.
    PREPARING_TEXT = "preparing-text";

    // Help: one line per command
    HELP_TITLE = "help-title";
    HELP_TITLE_SCROLLS = "help-title-scrolls";
    /// Where the scrolled help is: "10–18 of 31".
    HELP_PLACE = "help-place" ["first", "last", "total"];
    CMD_ADD_FEED = "cmd-add-feed";
    CMD_IMPORT_OPML = "cmd-import-opml";
    CMD_UNDO = "cmd-undo";
    CMD_SHOW_MESSAGE = "cmd-show-message";
    CMD_SHOW_IMAGE = "cmd-show-image";
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

    // The command line (cli): everything the headless commands print.
    /// The frame of an error `main` prints (the anyhow chain inside).
    CLI_ERROR = "cli-error" ["error"];
    CLI_NOTE = "cli-note" ["note"];
    CLI_NONE = "cli-none";
    CLI_CACHE_EMPTY = "cli-cache-empty" ["path"];
    CLI_NO_FEED_IN_CACHE = "cli-no-feed-in-cache" ["name"];
    CLI_NO_FEED_IN_CONFIG = "cli-no-feed-in-config" ["name", "known"];
    CLI_URLS_UNREADABLE = "cli-urls-unreadable" ["path"];
    CLI_URLS_NAME_TAKEN = "cli-urls-name-taken" ["path", "name"];
    CLI_READ_FAILED = "cli-read-failed" ["path"];
    CLI_TUI_NO_CONFIG = "cli-tui-no-config" ["path"];
    CLI_CONFIG_OK = "cli-config-ok" ["path"];
    CLI_CONFIG_DEFAULTS = "cli-config-defaults" ["path"];
    CLI_CONFIG_FEEDS = "cli-config-feeds" ["count"];
    CLI_CONFIG_CACHE = "cli-config-cache" ["path"];
    CLI_CONFIG_NEXT_DUE = "cli-config-next-due" ["when", "reason"];
    CLI_CONFIG_DUE_NOW = "cli-config-due-now" ["reason"];
    CLI_SEARCH_NO_MATCHES = "cli-search-no-matches";
    CLI_SEARCH_NO_FEED = "cli-search-no-feed" ["name", "feeds"];
    CLI_SEARCH_NO_TAG = "cli-search-no-tag" ["tag", "tags"];
    CLI_SEARCH_EMPTY = "cli-search-empty";
    CLI_SEARCH_NEEDS_NUMBER = "cli-search-needs-number" ["flag"];
    CLI_SEARCH_NOT_A_NUMBER = "cli-search-not-a-number" ["flag", "value"];
    CLI_TOP_NONE = "cli-top-none";
    CLI_RELATED_TO = "cli-related-to" ["title"];
    CLI_RELATED_NONE = "cli-related-none" ["days"];
    CLI_RELATED_TOO_OLD = "cli-related-too-old" ["id", "days"];
    /// The labels of `keruen show` ("Feed:", "Author:"…), padded by the code.
    CLI_SHOW_FEED = "cli-show-feed";
    CLI_SHOW_AUTHOR = "cli-show-author";
    CLI_SHOW_DATE = "cli-show-date";
    CLI_SHOW_LINK = "cli-show-link";
    CLI_SHOW_ID = "cli-show-id";
    CLI_MARKED_READ = "cli-marked-read" ["count"];
    CLI_MARKED_UNREAD = "cli-marked-unread" ["count"];
    CLI_MARKED_STARRED = "cli-marked-starred" ["count"];
    CLI_MARKED_UNSTARRED = "cli-marked-unstarred" ["count"];
    CLI_NOT_OPENED = "cli-not-opened" ["reason"];
    CLI_NO_LINK = "cli-no-link" ["id"];
    CLI_OPEN_FAILED = "cli-open-failed" ["error", "url"];
    CLI_ADD_DIRECT = "cli-add-direct";
    CLI_ADD_LINK_TAG = "cli-add-link-tag" ["page"];
    CLI_ADD_COMMON_PATH = "cli-add-common-path" ["page"];
    CLI_ADD_FOUND = "cli-add-found" ["title", "items", "url"];
    CLI_ADD_UNTITLED = "cli-add-untitled";
    CLI_ADD_ALSO = "cli-add-also" ["url"];
    CLI_ADD_PRESENT = "cli-add-present" ["name"];
    CLI_WOULD_ADD = "cli-would-add" ["path"];
    CLI_ADDED = "cli-added" ["name", "path"];
    CLI_IMPORT_SKIPPED = "cli-import-skipped" ["what"];
    CLI_IMPORT_NOTHING = "cli-import-nothing" ["present"];
    CLI_IMPORTED = "cli-imported" ["count", "path", "present", "skipped"];
    CLI_NOT_EXPORTED = "cli-not-exported" ["what"];
    CLI_SYNC_NO_TABLE = "cli-sync-no-table" ["path"];
    CLI_SYNC_REPORT = "cli-sync-report"
        ["server", "feeds", "new", "pushed", "read", "starred", "local", "queued"];
    CLI_SYNC_FAILED = "cli-sync-failed" ["error", "queued"];
    /// Another process holds the cache's refresh lock (CLI and status bar).
    REFRESH_WAITING = "refresh-waiting";

    // The Top "why" line (the signals are SIGNAL_*, the age TIME_*_AGO).
    WHY_SOURCES = "why-sources" ["count"];
    WHY_VIEWS_PER_HOUR = "why-views-per-hour" ["count", "shown", "compact"];

    // Why a link could not be opened (opener).
    OPEN_OVER_SSH = "open-over-ssh";
    OPEN_NO_DESKTOP = "open-no-desktop";
    OPEN_EMPTY_COMMAND = "open-empty-command";
    OPEN_START_FAILED = "open-start-failed" ["program", "error"];
    OPEN_PROGRAM_FAILED = "open-program-failed" ["program", "status"];
    OPEN_DESKTOP_FAILED = "open-desktop-failed" ["error"];

    // `--help`: what each command and global flag is for, and clap's
    // headings (without their colon: clap adds it).
    ABOUT_KERUEN = "about-keruen";
    ABOUT_REFRESH = "about-refresh";
    ABOUT_LIST = "about-list";
    ABOUT_CHECK_CONFIG = "about-check-config";
    ABOUT_TOP = "about-top";
    ABOUT_RELATED = "about-related";
    ABOUT_ADD = "about-add";
    ABOUT_IMPORT = "about-import";
    ABOUT_EXPORT = "about-export";
    ABOUT_SEARCH = "about-search";
    ABOUT_SHOW = "about-show";
    ABOUT_MARK = "about-mark";
    ABOUT_OPEN = "about-open";
    ABOUT_DOWNLOAD = "about-download";
    ABOUT_SYNC = "about-sync";
    ABOUT_COMPLETIONS = "about-completions";
    ABOUT_MAN = "about-man";
    ARG_CONFIG = "arg-config";
    ARG_DATA_DIR = "arg-data-dir";
    ARG_URLS = "arg-urls";
    ARG_HELP = "arg-help";
    ARG_VERSION = "arg-version";
    // Each command's own options and arguments.
    ARG_REFRESH_FEED = "arg-refresh-feed";
    ARG_REFRESH_NAMES = "arg-refresh-names";
    ARG_REFRESH_ALL = "arg-refresh-all";
    ARG_REFRESH_JSON = "arg-refresh-json";
    ARG_LIST_UNREAD = "arg-list-unread";
    ARG_LIST_STARRED = "arg-list-starred";
    ARG_LIST_FEED = "arg-list-feed";
    ARG_LIST_LIMIT = "arg-list-limit";
    ARG_LIST_JSON = "arg-list-json";
    ARG_LIST_COUNT = "arg-list-count";
    ARG_TOP_SINCE = "arg-top-since";
    ARG_TOP_TAG = "arg-top-tag";
    ARG_STORIES_LIMIT = "arg-stories-limit";
    ARG_JSON = "arg-json";
    ARG_ARTICLE = "arg-article";
    ARG_ADD_URL = "arg-add-url";
    ARG_ADD_NAME = "arg-add-name";
    ARG_ADD_TAG = "arg-add-tag";
    ARG_DRY_RUN = "arg-dry-run";
    ARG_IMPORT_FILE = "arg-import-file";
    ARG_SEARCH_QUERY = "arg-search-query";
    ARG_SEARCH_LIMIT = "arg-search-limit";
    ARG_SEARCH_JSON = "arg-search-json";
    ARG_SHOW_JSON = "arg-show-json";
    ARG_SHOW_WIDTH = "arg-show-width";
    ARG_MARK_ARTICLES = "arg-mark-articles";
    ARG_MARK_READ = "arg-mark-read";
    ARG_MARK_UNREAD = "arg-mark-unread";
    ARG_MARK_STAR = "arg-mark-star";
    ARG_MARK_UNSTAR = "arg-mark-unstar";
    ARG_SYNC_JSON = "arg-sync-json";
    ARG_SYNC_READ = "arg-sync-read";
    ARG_SYNC_UNREAD = "arg-sync-unread";
    ARG_SYNC_STAR = "arg-sync-star";
    ARG_SYNC_UNSTAR = "arg-sync-unstar";
    ARG_SHELL = "arg-shell";
    ARG_DOWNLOAD_INDEX = "arg-download-index";
    HEADING_USAGE = "heading-usage";
    HEADING_COMMANDS = "heading-commands";
    HEADING_ARGUMENTS = "heading-arguments";
    HEADING_OPTIONS = "heading-options";
    // Media: enclosures, downloads, the player.
    MEDIA_AUDIO = "media-audio";
    MEDIA_VIDEO = "media-video";
    MEDIA_IMAGE = "media-image";
    MEDIA_FILE = "media-file";
    SIZE_BYTES = "size-bytes" ["n"];
    SIZE_KB = "size-kb" ["n"];
    SIZE_MB = "size-mb" ["n"];
    SIZE_GB = "size-gb" ["n"];
    SPEED_PER_SECOND = "speed-per-second" ["size"];
    /// The reader's heading over an article's enclosures, with the keys.
    READER_MEDIA = "reader-media" ["download", "play"];
    DOWNLOADS_TITLE = "downloads-title";
    NO_DOWNLOADS = "no-downloads" ["key"];
    DOWNLOAD_QUEUED = "download-queued";
    DOWNLOAD_DOWNLOADING = "download-downloading";
    DOWNLOAD_PAUSED = "download-paused";
    DOWNLOAD_DONE = "download-done";
    DOWNLOAD_FAILED = "download-failed" ["error"];
    QUEUED_FOR_DOWNLOAD = "queued-for-download" ["title"];
    NO_MEDIA = "no-media";
    NO_PLAYER = "no-player";
    PLAYING = "playing" ["title"];
    COULD_NOT_PLAY = "could-not-play" ["error"];
    CMD_DOWNLOAD = "cmd-download";
    DOWNLOAD_SAVED = "download-saved" ["path"];
    CMD_PLAY = "cmd-play";
    CMD_DOWNLOADS = "cmd-downloads";
    CMD_PAUSE_DOWNLOAD = "cmd-pause-download";
}

/// The month names, January first.
pub const MONTHS: [Id; 12] = [
    MONTH_1, MONTH_2, MONTH_3, MONTH_4, MONTH_5, MONTH_6, MONTH_7, MONTH_8, MONTH_9, MONTH_10,
    MONTH_11, MONTH_12,
];

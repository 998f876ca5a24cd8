//! Validated, typed settings. Everything downstream of `config` reads these;
//! nothing downstream ever sees raw TOML values.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use url::Url;

// The readers own their mappings; the settings only carry them.
pub use crate::sources::html::HtmlSelectors;
pub use crate::sources::json::JsonMapping;

use crate::domain::{NewArticle, SourceKind};

/// The whole validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Where the settings came from (`None` = the embedded default).
    pub source: Option<PathBuf>,
    pub fetch: FetchSettings,
    pub cache: CacheSettings,
    pub ui: UiSettings,
    pub rank: RankSettings,
    /// Key bindings from `[keys]`: key spec (e.g. "ctrl-r", "j") → command name.
    /// Validated into `app::Command`s by the app layer's keymap.
    pub keys: BTreeMap<String, String>,
    /// Where each `[keys]` entry's value is in the file, so the app
    /// layer's verdict on it can point there (line and column).
    pub keys_at: BTreeMap<String, super::error::Location>,
    pub feeds: Vec<FeedSettings>,
    /// Kill-file rules from `[[ignore]]`, as written (each feed also holds
    /// the ones that apply to it, in `FeedSettings::ignore`).
    pub ignore: Vec<IgnoreRule>,
    /// `[sync]`: the account on a sync server, if any.
    pub sync: Option<SyncSettings>,
    /// `[media]`: downloads and the player.
    pub media: super::media::MediaSettings,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchSettings {
    /// How many feeds are fetched at once.
    pub concurrency: NonZeroUsize,
    /// How many requests may go to one host at once.
    pub per_host: NonZeroUsize,
    /// The least time between two request starts on one host (zero = none).
    pub per_host_gap: Duration,
    pub connect_timeout: Duration,
    /// Longest wait for the next bytes of a response.
    pub read_timeout: Duration,
    /// Longest time for one feed, from request to the last byte.
    pub total_timeout: Duration,
    pub user_agent: String,
    /// Body cap in bytes, applied after decompression.
    pub max_body_bytes: u64,
    pub max_redirects: usize,
    /// Most items kept from one feed document.
    pub max_items_per_feed: usize,
    /// Default refresh interval for feeds that set none (used by the TUI's
    /// periodic refresh); `None` = no automatic refresh.
    pub refresh_interval: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CacheSettings {
    /// Articles older than this are removed (starred ones are kept). `None` = keep.
    pub max_age: Option<Duration>,
    /// At most this many articles per feed (newest kept; starred always kept). `None` = no cap.
    pub max_per_feed: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Default,
    /// Only the 16 ANSI colours.
    Ansi16,
    /// No colour at all (also chosen when NO_COLOR is set).
    Mono,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UiSettings {
    /// Command to open a URL; `%u` is replaced by the URL. `None` = `$BROWSER`.
    pub browser: Option<String>,
    pub theme: ThemeName,
    pub mouse: bool,
    /// Emit links as OSC 8 hyperlinks.
    pub osc8_links: bool,
    /// Copy URLs with OSC 52 (works over SSH).
    pub osc52_copy: bool,
    /// Show articles already read in the lists (false hides them).
    pub show_read: bool,
    /// The interface language; `None` follows the locale (LC_ALL,
    /// LC_MESSAGES, LANG).
    pub language: Option<crate::i18n::Lang>,
    /// When the reader fetches an article's pictures.
    pub images: ImageMode,
    /// How pictures are drawn.
    pub image_protocol: ImageProtocol,
}

/// `ui.images`: pictures are private by default (a fetch tells the
/// server you read the article), so they load only on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImageMode {
    /// Only when the user presses the image key in the reader.
    #[default]
    OnRequest,
    /// The first picture as soon as an article opens.
    Always,
    /// Never.
    Off,
}

/// `ui.image_protocol`: `Auto` uses a graphics protocol only when the
/// terminal announces one (see `media::image::detect`), else half blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImageProtocol {
    #[default]
    Auto,
    Kitty,
    Sixel,
    Iterm2,
    Halfblocks,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RankSettings {
    /// Recency half-life for the popularity score.
    pub half_life: Duration,
    /// Window within which near-identical titles are the same story.
    pub cluster_window: Duration,
    /// Title similarity (0..1) above which two titles are the same story.
    pub title_similarity: f64,
    /// Weight of engagement (signals percentile) in the score.
    pub engagement_weight: f64,
    /// Weight of coverage (independent sources) in the score.
    pub coverage_weight: f64,
    /// How many related stories to show.
    pub related_count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedSettings {
    /// Unique name, used on the command line (`--feed NAME`) and in the UI.
    pub name: String,
    /// http(s) or file URL (a plain path in the TOML becomes a file URL).
    pub url: Url,
    pub kind: SourceKind,
    pub tags: Vec<String>,
    /// Multiplies the popularity score; 1.0 by default.
    pub weight: f64,
    /// Overrides `fetch.refresh_interval` for this feed.
    pub refresh_interval: Option<Duration>,
    /// `[feeds.map]`: how a JSON document becomes articles (kind "json", or
    /// an exec/file source whose output is JSON).
    pub map: Option<JsonMapping>,
    /// `[feeds.select]`: CSS selectors that read articles from an HTML page.
    pub select: Option<HtmlSelectors>,
    /// A shell command the fetched bytes are piped through before parsing.
    pub filter: Option<String>,
    /// Fetch each new item's page and keep its main text as the content
    /// (`full_text = true`), for feeds that only carry a teaser.
    pub full_text: bool,
    /// The zone of dates the source writes without one (`timezone =
    /// "Asia/Almaty"`); `None` reads them as UTC.
    pub timezone: Option<chrono_tz::Tz>,
    /// The `[[ignore]]` rules that apply to this feed (those naming it and
    /// those naming no feed): its items matching one are never stored.
    /// Kept here so the refresh, which is handed the feeds, applies them.
    pub ignore: Vec<IgnoreRule>,
}

/// Which server API `[sync]` speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKind {
    /// Tiny Tiny RSS's own JSON API.
    Ttrss,
    /// The Fever API (FreshRSS, Miniflux, coldsweat, tt-rss's plugin).
    Fever,
    /// The Google Reader API (FreshRSS, Miniflux, Inoreader, The Old Reader).
    Greader,
}

impl SyncKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncKind::Ttrss => "ttrss",
            SyncKind::Fever => "fever",
            SyncKind::Greader => "greader",
        }
    }
}

/// Where the sync password comes from. The password itself is never part
/// of the settings: it is read when a sync starts (see `sync::secret`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// A command line run under `sh -c`; its first output line is the password.
    Command(String),
    /// The name of an environment variable holding the password.
    Env(String),
}

/// Which subscriptions sync brings into the feed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionSource {
    /// Every subscription of the server account becomes a feed.
    Server,
    /// Only the server's subscriptions whose URL is a configured feed.
    Config,
    /// Every server subscription, and configured feeds the server lacks
    /// are subscribed on the server (where its API can).
    Both,
}

/// A validated `[sync]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncSettings {
    pub kind: SyncKind,
    /// The API endpoint (https, or http on a loopback address, unless
    /// `allow_insecure`).
    pub url: Url,
    pub user: String,
    pub password: PasswordSource,
    pub subscriptions: SubscriptionSource,
    pub allow_insecure: bool,
}

/// A kill-file rule: an article matches when every condition given does
/// (a rule has at least one).
#[derive(Debug, Clone, PartialEq)]
pub struct IgnoreRule {
    /// Searched in the title (anywhere; anchor with ^ $).
    pub title: Option<Pattern>,
    /// Searched in the author; an article without an author never matches.
    pub author: Option<Pattern>,
    /// Only this feed (name, case-insensitive).
    pub feed: Option<String>,
}

impl IgnoreRule {
    /// Whether the rule applies to the feed named `name`.
    pub fn covers_feed(&self, name: &str) -> bool {
        self.feed
            .as_ref()
            .is_none_or(|f| f.to_lowercase() == name.to_lowercase())
    }

    /// Whether an item of a feed this rule covers is to be dropped.
    pub fn matches(&self, item: &NewArticle) -> bool {
        self.title
            .as_ref()
            .is_none_or(|p| p.0.is_match(&item.title))
            && self
                .author
                .as_ref()
                .is_none_or(|p| item.author.as_deref().is_some_and(|a| p.0.is_match(a)))
    }
}

/// A compiled regular expression that compares by its source text, so
/// settings stay comparable.
#[derive(Debug, Clone)]
pub struct Pattern(pub regex::Regex);

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            concurrency: NonZeroUsize::new(16).unwrap_or(NonZeroUsize::MIN),
            per_host: NonZeroUsize::new(4).unwrap_or(NonZeroUsize::MIN),
            per_host_gap: Duration::ZERO,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            total_timeout: Duration::from_secs(60),
            user_agent: concat!("keruen/", env!("CARGO_PKG_VERSION")).to_string(),
            max_body_bytes: 16 * 1024 * 1024,
            max_redirects: 10,
            max_items_per_feed: 2000,
            refresh_interval: Some(Duration::from_secs(30 * 60)),
        }
    }
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            max_age: Some(Duration::from_secs(90 * 24 * 3600)),
            max_per_feed: Some(1000),
        }
    }
}

impl Default for UiSettings {
    fn default() -> Self {
        UiSettings {
            browser: None,
            theme: ThemeName::Default,
            mouse: true,
            osc8_links: true,
            osc52_copy: true,
            show_read: true,
            language: None,
            images: ImageMode::OnRequest,
            image_protocol: ImageProtocol::Auto,
        }
    }
}

impl Default for RankSettings {
    fn default() -> Self {
        RankSettings {
            half_life: Duration::from_secs(12 * 3600),
            cluster_window: Duration::from_secs(48 * 3600),
            title_similarity: 0.6,
            engagement_weight: 1.0,
            coverage_weight: 1.0,
            related_count: 8,
        }
    }
}

impl Settings {
    /// Settings with every default and no feeds (for tests and benches).
    pub fn with_feeds(feeds: Vec<FeedSettings>) -> Settings {
        Settings {
            source: None,
            fetch: FetchSettings::default(),
            cache: CacheSettings::default(),
            ui: UiSettings::default(),
            rank: RankSettings::default(),
            keys: BTreeMap::new(),
            keys_at: BTreeMap::new(),
            feeds,
            ignore: Vec::new(),
            sync: None,
            media: Default::default(),
        }
    }

    /// The feed named `name`, ignoring case (names are unique ignoring
    /// case, so `--feed clustera` finds "ClusterA").
    pub fn feed(&self, name: &str) -> Option<&FeedSettings> {
        let name = name.trim();
        self.feeds
            .iter()
            .find(|f| f.name == name || f.name.to_lowercase() == name.to_lowercase())
    }

    /// The `[[ignore]]` rules that apply to the feed named `name` (for
    /// feeds added after validation, e.g. from a urls file).
    pub fn ignore_rules_for(&self, name: &str) -> Vec<IgnoreRule> {
        self.ignore
            .iter()
            .filter(|r| r.covers_feed(name))
            .cloned()
            .collect()
    }
}

impl FeedSettings {
    /// A plain feed with default weight, for tests and benches.
    pub fn new(name: impl Into<String>, url: Url) -> FeedSettings {
        FeedSettings {
            name: name.into(),
            url,
            kind: SourceKind::Feed,
            tags: Vec::new(),
            weight: 1.0,
            refresh_interval: None,
            map: None,
            select: None,
            filter: None,
            full_text: false,
            timezone: None,
            ignore: Vec::new(),
        }
    }
}

impl<'a> From<&'a FeedSettings> for crate::sources::ReadAs<'a> {
    fn from(feed: &'a FeedSettings) -> Self {
        crate::sources::ReadAs {
            kind: feed.kind,
            map: feed.map.as_ref(),
            select: feed.select.as_ref(),
            timezone: feed.timezone,
        }
    }
}

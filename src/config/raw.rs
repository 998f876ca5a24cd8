//! The raw serde mirror of the TOML file. Field names are the TOML keys.
//!
//! Every struct denies unknown fields so a typo is an error instead of a
//! silently ignored setting. Every leaf is `Spanned` so validation can point
//! at the exact line and column of a bad value. Nothing here is validated:
//! durations, sizes, URLs, themes and kinds are kept as the user wrote them
//! and checked in `validate.rs`, where the error can quote the value.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Visitor};
use toml::Spanned;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub fetch: RawFetch,
    #[serde(default)]
    pub cache: RawCache,
    #[serde(default)]
    pub ui: RawUi,
    #[serde(default)]
    pub rank: RawRank,
    #[serde(default)]
    pub keys: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub feeds: Vec<Spanned<RawFeed>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<RawIgnore>>,
    /// `[sync]`: one account on a sync server (validated in `sync.rs`).
    pub sync: Option<Spanned<RawSync>>,
    #[serde(default)]
    pub media: RawMedia,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFetch {
    pub concurrency: Option<Spanned<i64>>,
    pub per_host: Option<Spanned<i64>>,
    /// A duration or "off".
    pub per_host_gap: Option<Spanned<String>>,
    pub connect_timeout: Option<Spanned<String>>,
    pub read_timeout: Option<Spanned<String>>,
    pub total_timeout: Option<Spanned<String>>,
    pub user_agent: Option<Spanned<String>>,
    /// "16 MiB" or an integer number of bytes.
    pub max_body: Option<Spanned<IntOrText>>,
    pub max_redirects: Option<Spanned<i64>>,
    pub max_items_per_feed: Option<Spanned<i64>>,
    /// A duration or "off".
    pub refresh_interval: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCache {
    /// A duration or "off".
    pub max_age: Option<Spanned<String>>,
    /// An integer or "off".
    pub max_per_feed: Option<Spanned<IntOrText>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUi {
    pub browser: Option<Spanned<String>>,
    pub theme: Option<Spanned<String>>,
    pub mouse: Option<Spanned<bool>>,
    pub osc8_links: Option<Spanned<bool>>,
    pub osc52_copy: Option<Spanned<bool>>,
    pub show_read: Option<Spanned<bool>>,
    pub language: Option<Spanned<String>>,
    pub images: Option<Spanned<String>>,
    pub image_protocol: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRank {
    pub half_life: Option<Spanned<String>>,
    pub cluster_window: Option<Spanned<String>>,
    pub title_similarity: Option<Spanned<f64>>,
    pub engagement_weight: Option<Spanned<f64>>,
    pub coverage_weight: Option<Spanned<f64>>,
    pub related_count: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFeed {
    pub name: Spanned<String>,
    pub url: Spanned<String>,
    pub kind: Option<Spanned<String>>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    pub weight: Option<Spanned<f64>>,
    pub refresh_interval: Option<Spanned<String>>,
    pub filter: Option<Spanned<String>>,
    pub full_text: Option<Spanned<bool>>,
    pub timezone: Option<Spanned<String>>,
    pub map: Option<Spanned<RawJsonMap>>,
    pub select: Option<Spanned<RawSelect>>,
}

/// `[feeds.map]`: JSON paths (see `settings::JsonMapping`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJsonMap {
    pub items: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub author: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub date_format: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub content: Option<Spanned<String>>,
    pub category: Option<Spanned<String>>,
    pub views: Option<Spanned<String>>,
    pub comments: Option<Spanned<String>>,
    pub score: Option<Spanned<String>>,
    pub id: Option<Spanned<String>>,
}

/// `[feeds.select]`: CSS selectors (see `settings::HtmlSelectors`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSelect {
    pub item: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub link: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub date_format: Option<Spanned<String>>,
    pub author: Option<Spanned<String>>,
    pub category: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub views: Option<Spanned<String>>,
    pub comments: Option<Spanned<String>>,
    pub score: Option<Spanned<String>>,
}

/// A kill-file rule: articles matching every key given are never stored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIgnore {
    /// A regular expression searched in the title.
    pub title: Option<Spanned<String>>,
    /// A regular expression searched in the author.
    pub author: Option<Spanned<String>>,
    /// A feed name (the rule applies to that feed only).
    pub feed: Option<Spanned<String>>,
}

/// `[sync]`: the sync server account (see `config::sync`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSync {
    pub kind: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub user: Option<Spanned<String>>,
    pub password_command: Option<Spanned<String>>,
    pub password_env: Option<Spanned<String>>,
    pub subscriptions: Option<Spanned<String>>,
    pub allow_insecure: Option<Spanned<bool>>,
}

/// The keys each table accepts, for "did you mean" suggestions and for the
/// type hints in error messages. A unit test checks these lists against the
/// structs above, so they cannot drift apart.
pub const TOP_KEYS: &[&str] = &[
    "fetch", "cache", "ui", "rank", "keys", "feeds", "ignore", "sync", "media",
];
pub const MEDIA_KEYS: &[&str] = &["download_dir", "player", "max_download", "concurrency"];
pub const FETCH_KEYS: &[&str] = &[
    "concurrency",
    "per_host",
    "per_host_gap",
    "connect_timeout",
    "read_timeout",
    "total_timeout",
    "user_agent",
    "max_body",
    "max_redirects",
    "max_items_per_feed",
    "refresh_interval",
];
pub const CACHE_KEYS: &[&str] = &["max_age", "max_per_feed"];
pub const UI_KEYS: &[&str] = &[
    "browser",
    "theme",
    "mouse",
    "osc8_links",
    "osc52_copy",
    "show_read",
    "language",
    "images",
    "image_protocol",
];
pub const RANK_KEYS: &[&str] = &[
    "half_life",
    "cluster_window",
    "title_similarity",
    "engagement_weight",
    "coverage_weight",
    "related_count",
];
pub const FEED_KEYS: &[&str] = &[
    "name",
    "url",
    "kind",
    "tags",
    "weight",
    "refresh_interval",
    "filter",
    "full_text",
    "timezone",
    "map",
    "select",
];
pub const MAP_KEYS: &[&str] = &[
    "items",
    "title",
    "url",
    "author",
    "date",
    "date_format",
    "summary",
    "content",
    "category",
    "views",
    "comments",
    "score",
    "id",
];
pub const SELECT_KEYS: &[&str] = &[
    "item",
    "title",
    "link",
    "date",
    "date_format",
    "author",
    "category",
    "summary",
    "views",
    "comments",
    "score",
];
pub const IGNORE_KEYS: &[&str] = &["title", "author", "feed"];
pub const SYNC_KEYS: &[&str] = &[
    "kind",
    "url",
    "user",
    "password_command",
    "password_env",
    "subscriptions",
    "allow_insecure",
];

/// The valid keys of the table a (normalised) key path belongs to, where
/// the path is the table's path: "" for the top level, "fetch", "feeds[]".
pub fn keys_of_table(table: &str) -> Option<&'static [&'static str]> {
    match table {
        "" => Some(TOP_KEYS),
        "fetch" => Some(FETCH_KEYS),
        "cache" => Some(CACHE_KEYS),
        "ui" => Some(UI_KEYS),
        "rank" => Some(RANK_KEYS),
        "feeds[]" => Some(FEED_KEYS),
        "feeds[].map" => Some(MAP_KEYS),
        "feeds[].select" => Some(SELECT_KEYS),
        "ignore[]" => Some(IGNORE_KEYS),
        "sync" => Some(SYNC_KEYS),
        "media" => Some(MEDIA_KEYS),
        _ => None,
    }
}

/// What a key expects, in words, plus an example line: used when a value
/// has the wrong type. `key` is normalised (array indices as `[]`).
pub fn expected_of(key: &str) -> Option<(&'static str, &'static str)> {
    const DURATION: &str = "a duration string like \"30s\", \"10m\", \"2h\"";
    Some(match key {
        "fetch" | "cache" | "ui" | "rank" => ("a table", "[fetch]"),
        "sync" => ("a table", "[sync]"),
        "media" => ("a table", "[media]"),
        "media.download_dir" => ("a directory path", "download_dir = \"~/Podcasts\""),
        "media.player" => ("a command string", "player = \"mpv %u\""),
        "media.max_download" => (
            "a size like \"20 GiB\" or a number of bytes",
            "max_download = \"20 GiB\"",
        ),
        "media.concurrency" => ("a positive integer", "concurrency = 2"),
        "sync.kind" => (
            "one of \"ttrss\", \"fever\", \"greader\"",
            "kind = \"fever\"",
        ),
        "sync.url" => (
            "a URL string",
            "url = \"https://rss.example.org/api/fever.php\"",
        ),
        "sync.user" => ("a string", "user = \"me\""),
        "sync.password_command" => ("a command string", "password_command = \"pass show rss\""),
        "sync.password_env" => (
            "an environment variable name",
            "password_env = \"KERUEN_SYNC_PASSWORD\"",
        ),
        "sync.subscriptions" => (
            "one of \"server\", \"config\", \"both\"",
            "subscriptions = \"server\"",
        ),
        "sync.allow_insecure" => ("true or false", "allow_insecure = false"),
        "keys" => ("a table of key = \"command\"", "[keys]\nj = \"down\""),
        "keys.*" => ("a command name string", "\"ctrl-r\" = \"refresh-all\""),
        "feeds" => ("an array of [[feeds]] tables", "[[feeds]]"),
        "feeds[]" => ("a [[feeds]] table", "[[feeds]]"),
        "fetch.concurrency" => ("a positive integer", "concurrency = 16"),
        "fetch.per_host" => ("a positive integer", "per_host = 4"),
        "fetch.per_host_gap" => (
            "a duration string like \"1s\", or \"off\"",
            "per_host_gap = \"1s\"",
        ),
        "fetch.connect_timeout" => (DURATION, "connect_timeout = \"10s\""),
        "fetch.read_timeout" => (DURATION, "read_timeout = \"20s\""),
        "fetch.total_timeout" => (DURATION, "total_timeout = \"60s\""),
        "fetch.user_agent" => ("a string", "user_agent = \"keruen\""),
        "fetch.max_body" => (
            "a size like \"16 MiB\" or a number of bytes",
            "max_body = \"16 MiB\"",
        ),
        "fetch.max_redirects" => ("an integer", "max_redirects = 10"),
        "fetch.max_items_per_feed" => ("a positive integer", "max_items_per_feed = 2000"),
        "fetch.refresh_interval" => (
            "a duration string like \"30m\", or \"off\"",
            "refresh_interval = \"30m\"",
        ),
        "cache.max_age" => (
            "a duration string like \"90d\", or \"off\"",
            "max_age = \"90d\"",
        ),
        "cache.max_per_feed" => ("a positive integer or \"off\"", "max_per_feed = 1000"),
        "ui.browser" => ("a command string", "browser = \"firefox %u\""),
        "ui.theme" => (
            "one of \"default\", \"ansi16\", \"mono\"",
            "theme = \"default\"",
        ),
        "ui.mouse" => ("true or false", "mouse = true"),
        "ui.osc8_links" => ("true or false", "osc8_links = true"),
        "ui.osc52_copy" => ("true or false", "osc52_copy = true"),
        "ui.show_read" => ("true or false", "show_read = true"),
        "ui.language" => ("one of \"kk\", \"ru\", \"en\"", "language = \"kk\""),
        "ui.images" => (
            "one of \"on-request\", \"always\", \"off\"",
            "images = \"on-request\"",
        ),
        "ui.image_protocol" => (
            "one of \"auto\", \"kitty\", \"sixel\", \"iterm2\", \"halfblocks\"",
            "image_protocol = \"auto\"",
        ),
        "rank.half_life" => (DURATION, "half_life = \"12h\""),
        "rank.cluster_window" => (DURATION, "cluster_window = \"48h\""),
        "rank.title_similarity" => ("a number from 0.0 to 1.0", "title_similarity = 0.6"),
        "rank.engagement_weight" => ("a number", "engagement_weight = 1.0"),
        "rank.coverage_weight" => ("a number", "coverage_weight = 1.0"),
        "rank.related_count" => ("a non-negative integer", "related_count = 8"),
        "feeds[].name" => ("a string", "name = \"inform\""),
        "feeds[].url" => ("a URL string", "url = \"https://example.com/rss\""),
        "feeds[].kind" => (
            "one of \"feed\", \"json\", \"html\", \"exec\"",
            "kind = \"feed\"",
        ),
        "feeds[].tags" => ("an array of strings", "tags = [\"kz\", \"news\"]"),
        "feeds[].tags[]" => ("a string", "tags = [\"kz\", \"news\"]"),
        "feeds[].weight" => ("a positive number", "weight = 1.0"),
        "feeds[].refresh_interval" => (DURATION, "refresh_interval = \"1h\""),
        "feeds[].filter" => ("a shell command string", "filter = \"iconv -f cp1251\""),
        "feeds[].full_text" => ("true or false", "full_text = true"),
        "feeds[].timezone" => (
            "an IANA time zone name (a string)",
            "timezone = \"Asia/Almaty\"",
        ),
        "feeds[].map" => (
            "a table of JSON paths ([feeds.map])",
            "map = { items = \"hits\", title = \"title\" }",
        ),
        "feeds[].select" => (
            "a table of CSS selectors ([feeds.select])",
            "select = { item = \".news-item\", title = \"a\" }",
        ),
        "feeds[].map.date_format" | "feeds[].select.date_format" => (
            "a date format string like \"%d.%m.%Y %H:%M\", or \"unix\"",
            "date_format = \"%d.%m.%Y\"",
        ),
        k if k.starts_with("feeds[].map.") => (
            "a JSON path string like \"data.title\"",
            "title = \"title\"",
        ),
        k if k.starts_with("feeds[].select.") => (
            "a CSS selector string, optionally with @attribute",
            "link = \"a.title@href\"",
        ),
        "ignore" => ("an array of [[ignore]] tables", "[[ignore]]"),
        "ignore[]" => ("an [[ignore]] table", "[[ignore]]"),
        "ignore[].title" => (
            "a regular expression string",
            "title = \"(?i)horoscope|гороскоп\"",
        ),
        "ignore[].author" => ("a regular expression string", "author = \"^Sponsored$\""),
        "ignore[].feed" => ("a feed name string", "feed = \"inform\""),
        _ => return None,
    })
}

/// `[media]`: downloads and the player (checked in `media`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMedia {
    pub download_dir: Option<Spanned<String>>,
    pub player: Option<Spanned<String>>,
    /// "20 GiB" or a number of bytes.
    pub max_download: Option<Spanned<IntOrText>>,
    pub concurrency: Option<Spanned<i64>>,
}

/// An integer or a string, for keys that take either (`max_body = 1048576`
/// or `"1 MiB"`; `max_per_feed = 1000` or `"off"`). Written by hand rather
/// than `#[serde(untagged)]` because untagged enums buffer their input and
/// lose toml's span information.
#[derive(Debug, Clone, PartialEq)]
pub enum IntOrText {
    Int(i64),
    Text(String),
}

impl<'de> Deserialize<'de> for IntOrText {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IntOrText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IntOrText, E> {
                Ok(IntOrText::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IntOrText, E> {
                i64::try_from(v)
                    .map(IntOrText::Int)
                    .map_err(|_| E::custom("integer too large"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IntOrText, E> {
                Ok(IntOrText::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key lists are exactly the struct fields: serde's unknown-field
    /// message lists the fields a struct expects, in declaration order.
    #[test]
    fn key_lists_are_the_struct_fields() {
        for (prefix, keys) in [
            ("", TOP_KEYS),
            ("[fetch]\n", FETCH_KEYS),
            ("[cache]\n", CACHE_KEYS),
            ("[ui]\n", UI_KEYS),
            ("[rank]\n", RANK_KEYS),
            ("[[feeds]]\n", FEED_KEYS),
            (
                "[[feeds]]\nname = \"a\"\nurl = \"b\"\n[feeds.map]\n",
                MAP_KEYS,
            ),
            (
                "[[feeds]]\nname = \"a\"\nurl = \"b\"\n[feeds.select]\n",
                SELECT_KEYS,
            ),
            ("[[ignore]]\n", IGNORE_KEYS),
            ("[sync]\n", SYNC_KEYS),
            ("[media]\n", MEDIA_KEYS),
        ] {
            let e = toml::from_str::<RawConfig>(&format!("{prefix}zzz = 1\n")).unwrap_err();
            let msg = e.message();
            // "expected one of `a`, `b`, `c`" or "expected `a` or `b`"
            let (_, expected) = msg
                .split_once("expected ")
                .unwrap_or_else(|| panic!("{msg}"));
            let fields: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            assert_eq!(fields, keys, "{prefix}");
        }
    }

    /// Every key has a type hint, and the hint's example line is accepted.
    #[test]
    fn key_lists_match_structs() {
        let mut doc = String::new();
        for (table, keys, value) in [
            ("fetch", FETCH_KEYS, None),
            ("cache", CACHE_KEYS, None),
            ("ui", UI_KEYS, None),
            ("rank", RANK_KEYS, None),
            ("feeds", FEED_KEYS, Some(())),
            ("ignore", IGNORE_KEYS, Some(())),
            ("sync", SYNC_KEYS, None),
            ("media", MEDIA_KEYS, None),
        ] {
            if value.is_some() {
                doc.push_str(&format!("[[{table}]]\n"));
            } else {
                doc.push_str(&format!("[{table}]\n"));
            }
            for k in keys {
                let v = match expected_of(&format!(
                    "{}.{k}",
                    match table {
                        "feeds" | "ignore" => format!("{table}[]"),
                        _ => table.to_string(),
                    }
                )) {
                    Some((_, example)) => example.split_once(" = ").map(|(_, v)| v).unwrap(),
                    None => panic!("no hint for {table}.{k}"),
                };
                doc.push_str(&format!("{k} = {v}\n"));
            }
        }
        let raw: RawConfig = toml::from_str(&doc).unwrap();
        assert_eq!(raw.feeds.len(), 1);
        assert!(raw.fetch.max_body.is_some());
        assert!(raw.rank.related_count.is_some());
        for table in TOP_KEYS {
            assert!(expected_of(table).is_some(), "{table}");
        }
    }

    #[test]
    fn int_or_text_keeps_both() {
        #[derive(Deserialize)]
        struct T {
            a: Spanned<IntOrText>,
            b: Spanned<IntOrText>,
        }
        let t: T = toml::from_str("a = 5\nb = \"x\"").unwrap();
        assert_eq!(*t.a.get_ref(), IntOrText::Int(5));
        assert_eq!(*t.b.get_ref(), IntOrText::Text("x".into()));
        assert_eq!(t.b.span(), 10..13);
    }
}

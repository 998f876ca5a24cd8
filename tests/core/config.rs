//! Config loading over the fixture files in tests/fixtures/config/: valid
//! files give the expected settings; each invalid file gives one message
//! naming the file, line:column, key, the bad value and the fix.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Duration;

use keruen::config::settings::ThemeName;
use keruen::config::{self, ConfigError, Settings};
use keruen::domain::SourceKind;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

fn load_ok(name: &str) -> Settings {
    let path = fixture(name);
    match config::load(&path) {
        Ok(s) => {
            assert_eq!(s.source.as_deref(), Some(path.as_path()));
            s
        }
        Err(e) => panic!("{name} should load: {e}"),
    }
}

/// Load an invalid fixture; check the message is one line that starts with
/// `path:line:column:` and contains every expected part.
fn load_err(name: &str, line: usize, column: usize, parts: &[&str]) -> ConfigError {
    let path = fixture(name);
    let e = match config::load(&path) {
        Ok(_) => panic!("{name} should not load"),
        Err(e) => e,
    };
    let msg = e.to_string();
    assert!(!msg.contains('\n'), "{name}: not one line: {msg}");
    let prefix = format!("{}:{line}:{column}: ", path.display());
    assert!(
        msg.starts_with(&prefix),
        "{name}: expected prefix {prefix:?} in {msg}"
    );
    for part in parts {
        assert!(msg.contains(part), "{name}: expected {part:?} in {msg}");
    }
    let at = e
        .location()
        .unwrap_or_else(|| panic!("{name}: no location"));
    assert_eq!((at.line, at.column), (line, column), "{name}");
    e
}

#[test]
fn full_config_sets_every_key() {
    let s = load_ok("valid_full.toml");
    assert_eq!(s.fetch.concurrency, NonZeroUsize::new(8).unwrap());
    assert_eq!(s.fetch.per_host, NonZeroUsize::new(2).unwrap());
    assert_eq!(s.fetch.connect_timeout, Duration::from_secs(5));
    assert_eq!(s.fetch.read_timeout, Duration::from_secs(15));
    assert_eq!(s.fetch.total_timeout, Duration::from_secs(90));
    assert_eq!(s.fetch.user_agent, "keruen-test/1.0");
    assert_eq!(s.fetch.max_body_bytes, 8 * 1024 * 1024);
    assert_eq!(s.fetch.max_redirects, 5);
    assert_eq!(s.fetch.max_items_per_feed, 500);
    assert_eq!(s.fetch.refresh_interval, Some(Duration::from_secs(20 * 60)));
    assert_eq!(s.cache.max_age, Some(Duration::from_secs(30 * 86_400)));
    assert_eq!(s.cache.max_per_feed, Some(300));
    assert_eq!(s.ui.browser.as_deref(), Some("firefox %u"));
    assert_eq!(s.ui.theme, ThemeName::Ansi16);
    assert!(!s.ui.mouse && !s.ui.osc8_links && s.ui.osc52_copy && !s.ui.show_read);
    assert_eq!(s.rank.half_life, Duration::from_secs(6 * 3600));
    assert_eq!(s.rank.cluster_window, Duration::from_secs(2 * 86_400));
    assert_eq!(s.rank.title_similarity, 0.75);
    assert_eq!(s.rank.engagement_weight, 1.5);
    assert_eq!(s.rank.coverage_weight, 0.5);
    assert_eq!(s.rank.related_count, 5);
    assert_eq!(s.keys.len(), 2);
    assert_eq!(s.keys["ctrl-r"], "refresh-all");
    assert_eq!(s.keys["j"], "down");

    let names: Vec<&str> = s.feeds.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["inform", "tass", "Hacker News"]);
    let inform = s.feed("inform").unwrap();
    assert_eq!(inform.url.as_str(), "https://www.inform.kz/rss");
    assert_eq!(inform.tags, ["kz", "news"]);
    assert_eq!(inform.weight, 1.5);
    assert_eq!(inform.refresh_interval, None);
    let tass = s.feed("tass").unwrap();
    assert_eq!(tass.kind, SourceKind::Feed);
    assert_eq!(tass.weight, 1.0);
    assert_eq!(tass.refresh_interval, Some(Duration::from_secs(3600)));
    let hn = s.feed("Hacker News").unwrap();
    assert_eq!(hn.kind, SourceKind::Json);
    assert_eq!(hn.url.query(), Some("tags=front_page"));
}

#[test]
fn minimal_config_keeps_defaults_and_unicode_names() {
    let s = load_ok("valid_minimal.toml");
    assert_eq!(s.feeds.len(), 1);
    assert_eq!(s.feeds[0].name, "Қазақстан жаңалықтары");
    assert_eq!(s.feeds[0].url.as_str(), "http://127.0.0.1:8080/kz.xml");
    let mut expected = Settings::with_feeds(s.feeds.clone());
    expected.source = s.source.clone();
    assert_eq!(s, expected);
}

#[test]
fn local_files_exec_and_off_values() {
    let s = load_ok("valid_local.toml");
    assert_eq!(s.feeds[0].url.as_str(), "file:///var/lib/keruen/saved.xml");
    assert_eq!(s.feeds[1].url.as_str(), "file:///tmp/feed.atom");
    assert_eq!(s.feeds[2].kind, SourceKind::Exec);
    assert_eq!(s.feeds[2].url.scheme(), "exec");
    assert_eq!(s.cache.max_age, None);
    assert_eq!(s.cache.max_per_feed, None);
    assert_eq!(s.fetch.refresh_interval, None);
    assert_eq!(s.fetch.max_body_bytes, 1_048_576);
}

#[test]
fn comments_only_is_all_defaults() {
    let s = load_ok("valid_comments_only.toml");
    let mut expected = Settings::with_feeds(Vec::new());
    expected.source = s.source.clone();
    assert_eq!(s, expected);
}

#[test]
fn syntax_error() {
    let e = load_err(
        "err_syntax.toml",
        3,
        9,
        &[
            "TOML syntax error in `ui.theme`",
            "must be quoted",
            "theme = \"mono\"",
        ],
    );
    assert!(matches!(e, ConfigError::Syntax { .. }));
    assert_eq!(e.key(), Some("ui.theme"));
}

#[test]
fn unknown_key_suggests_the_closest() {
    let e = load_err(
        "err_unknown_key.toml",
        3,
        1,
        &[
            "unknown key `fetch.per_hots`",
            "in [fetch]",
            "did you mean `per_host`?",
        ],
    );
    assert_eq!(e.key(), Some("fetch.per_hots"));
}

#[test]
fn unknown_key_in_third_feed() {
    let e = load_err(
        "err_unknown_feed_key.toml",
        11,
        1,
        &[
            "unknown key `feeds[2].urll`",
            "[[feeds]] entry feeds[2]",
            "did you mean `url`?",
        ],
    );
    assert_eq!(e.key(), Some("feeds[2].urll"));
}

#[test]
fn unknown_table_suggests_a_table() {
    load_err(
        "err_unknown_table.toml",
        4,
        2,
        &[
            "unknown key `rnak`",
            "the top level",
            "did you mean `rank`?",
        ],
    );
}

#[test]
fn wrong_type_quotes_the_value() {
    let e = load_err(
        "err_wrong_type.toml",
        2,
        15,
        &[
            "`fetch.concurrency` has the wrong type",
            "found string \"8\"",
            "expected a positive integer",
            "concurrency = 16",
        ],
    );
    assert!(matches!(e, ConfigError::WrongType { .. }));
}

#[test]
fn wrong_type_in_a_feed() {
    load_err(
        "err_wrong_type_feed.toml",
        4,
        10,
        &["`feeds[0].weight`", "found string \"high\"", "weight = 1.0"],
    );
}

#[test]
fn bad_duration() {
    let e = load_err(
        "err_bad_duration.toml",
        3,
        16,
        &[
            "`fetch.read_timeout` = \"20 sec\" is not a duration",
            "expected a duration like \"30s\", \"10m\", \"2h\"",
        ],
    );
    assert!(matches!(e, ConfigError::BadDuration { .. }));
}

#[test]
fn bad_duration_in_a_feed() {
    load_err(
        "err_bad_duration_feed.toml",
        4,
        20,
        &[
            "`feeds[0].refresh_interval` = \"1.5h\"",
            "expected a duration like",
        ],
    );
}

#[test]
fn duplicate_feed_points_at_the_second_and_names_the_first() {
    let e = load_err(
        "err_duplicate_feed.toml",
        10,
        8,
        &["`feeds[2].name` = \"tass\"", "feed at line 2", "unique"],
    );
    assert!(matches!(
        e,
        ConfigError::DuplicateFeed { first_line: 2, .. }
    ));
}

#[test]
fn unsupported_url_scheme() {
    load_err(
        "err_url_scheme.toml",
        7,
        7,
        &[
            "`feeds[1].url` = \"ftp://example.com/feed.xml\"",
            "the scheme `ftp:` is not supported",
            "use an http:// or https:// URL",
        ],
    );
}

#[test]
fn relative_path_is_not_a_url() {
    load_err(
        "err_url_relative.toml",
        3,
        7,
        &[
            "`feeds[0].url` = \"feeds/local.xml\"",
            "relative",
            "absolute or ~/ path",
        ],
    );
}

#[test]
fn empty_feed_name() {
    load_err(
        "err_empty_name.toml",
        6,
        8,
        &["`feeds[1].name` is empty", "every feed needs a name"],
    );
}

#[test]
fn missing_url() {
    load_err(
        "err_missing_url.toml",
        5,
        1,
        &["`feeds[1].url` is missing", "url = \"https://"],
    );
}

#[test]
fn weight_must_be_positive() {
    load_err(
        "err_weight_zero.toml",
        4,
        10,
        &[
            "`feeds[0].weight` = 0 is out of range",
            "greater than 0",
            "weight = 1.0",
        ],
    );
}

#[test]
fn weight_must_be_finite() {
    load_err(
        "err_weight_nan.toml",
        4,
        10,
        &["`feeds[0].weight` = nan is out of range", "greater than 0"],
    );
}

#[test]
fn concurrency_zero() {
    load_err(
        "err_concurrency_zero.toml",
        3,
        15,
        &["`fetch.concurrency` = 0", "at least 1", "concurrency = 16"],
    );
}

#[test]
fn title_similarity_outside_unit_range() {
    load_err(
        "err_title_similarity.toml",
        3,
        20,
        &["`rank.title_similarity` = 1.5", "from 0.0 to 1.0"],
    );
}

#[test]
fn unknown_theme_lists_the_themes() {
    load_err(
        "err_unknown_theme.toml",
        2,
        9,
        &[
            "`ui.theme` = \"solarized\" is not a known theme",
            "\"default\", \"ansi16\", \"mono\"",
        ],
    );
}

#[test]
fn bad_size() {
    load_err(
        "err_bad_size.toml",
        2,
        12,
        &[
            "`fetch.max_body` = \"16 megabytes\" is not a size",
            "\"16 MiB\"",
        ],
    );
}

/// Every err_ fixture has a test above (so none silently stops being
/// checked), and every valid_ fixture loads.
#[test]
fn every_fixture_is_covered() {
    let source = include_str!("config.rs");
    let dir = fixture("");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with("err_") {
            assert!(
                source.contains(&format!("\"{name}\"")),
                "{name} has no test"
            );
            assert!(config::load(&dir.join(&name)).is_err(), "{name}");
        } else if name.starts_with("valid_") {
            load_ok(&name);
        } else {
            panic!("fixture {name} should start with err_ or valid_");
        }
        seen += 1;
    }
    assert!(seen >= 20, "{seen}");
}

#[test]
fn parse_without_origin_says_config() {
    let e = config::parse("[fetch]\nconcurrency = 0\n", None).unwrap_err();
    assert!(e.to_string().starts_with("<config>:2:15: "), "{e}");
}

/// docs/configuration.md documents every key, and its example parses.
#[test]
fn docs_cover_every_key_and_the_example_parses() {
    use keruen::config::raw;
    let doc = include_str!("../../docs/configuration.md");
    for (table, keys) in [
        ("[fetch]", raw::FETCH_KEYS),
        ("[cache]", raw::CACHE_KEYS),
        ("[ui]", raw::UI_KEYS),
        ("[rank]", raw::RANK_KEYS),
        ("[[feeds]]", raw::FEED_KEYS),
        ("[[ignore]]", raw::IGNORE_KEYS),
    ] {
        let section = doc
            .split("\n## `")
            .find(|s| s.starts_with(&format!("{table}`")))
            .unwrap_or_else(|| panic!("no section for {table}"));
        for key in keys {
            assert!(
                section.contains(&format!("| `{key}` |")),
                "{table} {key} undocumented"
            );
        }
    }
    let example = doc
        .split("## Example\n\n```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("example block");
    let s = config::parse(example, None).unwrap_or_else(|e| panic!("docs example: {e}"));
    let names: Vec<&str> = s.feeds.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["inform", "tass", "saved"]);
    assert_eq!(s.feeds[0].url.as_str(), "https://www.inform.kz/rss");
    assert_eq!(s.feeds[1].url.as_str(), "https://tass.ru/rss/v2.xml");
    assert_eq!(s.feeds[2].url.scheme(), "file");
}

//! Configuration: a raw serde mirror of the TOML (`deny_unknown_fields`) is
//! validated into typed `Settings`. Errors name file, line, column, key and fix.
//!
//! Entry points: [`load`] (a file that must exist), [`load_or_default`] (the
//! CLI's: falls back to the embedded default when the user has no config)
//! and [`parse`] (text, for tests and `check-config`).

mod diagnose;
pub mod error;
mod fields;
mod locate;
mod mapping;
pub mod media;
pub mod raw;
pub mod settings;
mod sync;
pub mod units;
pub mod urls;
mod validate;

use std::path::{Path, PathBuf};

pub use error::{ConfigError, Location};
pub use settings::{FeedSettings, Settings};

/// The embedded default configuration (used when the user has none).
pub const DEFAULT_CONFIG: &str = include_str!("../../config/default.toml");

/// Where the settings in use came from, so the CLI can tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// Read from this file.
    File(PathBuf),
    /// No config file existed at `would_be`; the built-in defaults are in use.
    EmbeddedDefault { would_be: PathBuf },
}

impl ConfigSource {
    /// A one-line note for the CLI and the status bar.
    pub fn describe(&self) -> String {
        match self {
            ConfigSource::File(p) => format!("config: {}", p.display()),
            ConfigSource::EmbeddedDefault { would_be } => format!(
                "no config at {}, using built-in defaults; put one there to add feeds",
                would_be.display()
            ),
        }
    }
}

/// Parse and validate config text. `origin` names the file in error
/// messages and becomes `Settings::source`.
pub fn parse(text: &str, origin: Option<&Path>) -> Result<Settings, ConfigError> {
    validate::parse_settings(text, origin)
}

/// Read and validate the config file at `path`. A missing file is an error
/// (`ConfigError::NotFound`).
pub fn load(path: &Path) -> Result<Settings, ConfigError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ConfigError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ConfigError::Read {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(path, e))?;
    parse(&text, Some(path))
}

/// Where the first byte that is not UTF-8 is: its line, and its column
/// counted in the characters before it on that line.
fn not_utf8(path: &Path, e: std::string::FromUtf8Error) -> ConfigError {
    let bytes = e.as_bytes();
    let valid = e.utf8_error().valid_up_to();
    let before = String::from_utf8_lossy(&bytes[..valid]);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    ConfigError::NotUtf8 {
        at: Box::new(error::Location {
            file: Some(path.to_path_buf()),
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }),
        byte: bytes.get(valid).copied().unwrap_or(0),
    }
}

/// Load `path`; when it does not exist and was not given explicitly (by flag
/// or environment), use the embedded `DEFAULT_CONFIG` instead. An explicit
/// path that does not exist is an error: the user asked for that file.
pub fn load_or_default(
    path: &Path,
    explicit: bool,
) -> Result<(Settings, ConfigSource), ConfigError> {
    match load(path) {
        Ok(settings) => Ok((settings, ConfigSource::File(path.to_path_buf()))),
        Err(ConfigError::NotFound { .. }) if !explicit => {
            let settings = parse(DEFAULT_CONFIG, None)?;
            Ok((
                settings,
                ConfigSource::EmbeddedDefault {
                    would_be: path.to_path_buf(),
                },
            ))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn default_config_equals_built_in_defaults() {
        let parsed = parse(DEFAULT_CONFIG, None).unwrap();
        assert_eq!(parsed, Settings::with_feeds(Vec::new()));
    }

    #[test]
    fn default_config_mentions_every_key() {
        use raw::*;
        for (table, keys) in [
            ("fetch", FETCH_KEYS),
            ("cache", CACHE_KEYS),
            ("ui", UI_KEYS),
            ("rank", RANK_KEYS),
        ] {
            assert!(DEFAULT_CONFIG.contains(&format!("[{table}]")), "{table}");
            for k in keys {
                assert!(
                    DEFAULT_CONFIG.contains(&format!("\n{k} = "))
                        || DEFAULT_CONFIG.contains(&format!("# {k} = ")),
                    "{table}.{k}"
                );
            }
        }
        for k in FEED_KEYS {
            assert!(DEFAULT_CONFIG.contains(&format!("# {k} = ")), "feeds.{k}");
        }
        for k in IGNORE_KEYS {
            assert!(DEFAULT_CONFIG.contains(&format!("# {k} = ")), "ignore.{k}");
        }
    }

    #[test]
    fn empty_text_is_all_defaults() {
        let s = parse("", Some(Path::new("/tmp/c.toml"))).unwrap();
        assert_eq!(s.source.as_deref(), Some(Path::new("/tmp/c.toml")));
        assert_eq!(s.fetch, settings::FetchSettings::default());
        assert!(s.feeds.is_empty());
    }

    #[test]
    fn off_values_become_none() {
        let s = parse(
            "[fetch]\nrefresh_interval = \"off\"\n[cache]\nmax_age = \"off\"\nmax_per_feed = \"off\"\n",
            None,
        )
        .unwrap();
        assert_eq!(s.fetch.refresh_interval, None);
        assert_eq!(s.cache.max_age, None);
        assert_eq!(s.cache.max_per_feed, None);
    }

    #[test]
    fn values_are_converted() {
        let s = parse(
            "[fetch]\nmax_body = 1048576\ntotal_timeout = \"1m30s\"\n[ui]\ntheme = \"ansi16\"\n\
             [keys]\n\"ctrl-r\" = \"refresh-all\"\n\
             [[feeds]]\nname = \" Tengri \"\nurl = \"/srv/feeds/t.xml\"\nweight = 2\ntags = [\" kz \"]\n\
             refresh_interval = \"2h\"\n",
            None,
        )
        .unwrap();
        assert_eq!(s.fetch.max_body_bytes, 1 << 20);
        assert_eq!(s.fetch.total_timeout, Duration::from_secs(90));
        assert_eq!(s.ui.theme, settings::ThemeName::Ansi16);
        assert_eq!(
            s.keys.get("ctrl-r").map(String::as_str),
            Some("refresh-all")
        );
        let f = &s.feeds[0];
        assert_eq!(f.name, "Tengri");
        assert_eq!(f.url.as_str(), "file:///srv/feeds/t.xml");
        assert_eq!(f.weight, 2.0);
        assert_eq!(f.tags, vec!["kz".to_string()]);
        assert_eq!(f.refresh_interval, Some(Duration::from_secs(7200)));
    }

    #[test]
    fn tilde_path_becomes_file_url_in_home() {
        let s = parse("[[feeds]]\nname = \"x\"\nurl = \"~/feeds/x.xml\"\n", None).unwrap();
        let url = &s.feeds[0].url;
        assert_eq!(url.scheme(), "file");
        assert!(url.path().ends_with("/feeds/x.xml"), "{url}");
        assert!(!url.path().contains('~'), "{url}");
    }

    #[test]
    fn exec_kind_takes_exec_url() {
        let s = parse(
            "[[feeds]]\nname = \"x\"\nkind = \"exec\"\nurl = \"exec:~/bin/news.sh --kz\"\n",
            None,
        )
        .unwrap();
        assert_eq!(s.feeds[0].kind, crate::domain::SourceKind::Exec);
        assert_eq!(s.feeds[0].url.scheme(), "exec");
        let e = parse("[[feeds]]\nname = \"x\"\nurl = \"exec:ls\"\n", None).unwrap_err();
        assert!(e.to_string().contains("add kind = \"exec\""), "{e}");
    }

    #[test]
    fn missing_explicit_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.toml");
        let e = load_or_default(&path, true).unwrap_err();
        assert!(matches!(e, ConfigError::NotFound { .. }));
        assert!(e.to_string().contains("none.toml"), "{e}");
        assert!(e.to_string().contains("does not exist"), "{e}");
        assert!(matches!(load(&path), Err(ConfigError::NotFound { .. })));
    }

    #[test]
    fn missing_default_file_uses_embedded_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let (s, source) = load_or_default(&path, false).unwrap();
        assert_eq!(s.source, None);
        assert_eq!(s, Settings::with_feeds(Vec::new()));
        assert_eq!(
            source,
            ConfigSource::EmbeddedDefault {
                would_be: path.clone()
            }
        );
        assert!(source.describe().contains(&path.display().to_string()));
        assert!(source.describe().contains("built-in defaults"));
    }

    #[test]
    fn a_file_that_is_not_utf8_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        // windows-1251 "Новости" on line 3, after two UTF-8 lines.
        let mut bytes = "# Қазақ\n[[feeds]]\nname = \"".as_bytes().to_vec();
        bytes.extend([0xCD, 0xEE, 0xE2, 0xEE, 0xF1, 0xF2, 0xE8]);
        bytes.extend(b"\"\nurl = \"https://a.kz/rss\"\n");
        std::fs::write(&path, &bytes).unwrap();
        let err = load(&path).unwrap_err();
        let loc = err.location().cloned().unwrap();
        assert_eq!((loc.line, loc.column), (3, 9));
        let msg = err.to_string();
        assert!(
            msg.starts_with(&format!("{}:3:9:", path.display())),
            "{msg}"
        );
        assert!(msg.contains("not UTF-8") && msg.contains("0xCD"), "{msg}");
    }

    #[test]
    fn many_feeds_load_in_linear_time() {
        // The duplicate check found the line of every feed's name by
        // scanning the text: 10,000 feeds took seconds. Behaviour, not
        // timing: a duplicate far down still names both lines.
        let mut text = String::new();
        for i in 0..3_000 {
            text.push_str(&format!(
                "[[feeds]]\nname = \"f{i}\"\nurl = \"https://s{i}.kz/\"\n"
            ));
        }
        assert_eq!(parse(&text, None).unwrap().feeds.len(), 3_000);
        text.push_str("[[feeds]]\nname = \"F1500\"\nurl = \"https://x.kz/\"\n");
        let msg = parse(&text, None).unwrap_err().to_string();
        assert!(msg.starts_with("<config>:9002:"), "{msg}");
        assert!(msg.contains("line 4502"), "{msg}");
    }

    #[test]
    fn existing_file_is_loaded_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "[[feeds]]\nname = \"a\"\nurl = \"https://a.kz/rss\"\n",
        )
        .unwrap();
        let (s, source) = load_or_default(&path, false).unwrap();
        assert_eq!(source, ConfigSource::File(path.clone()));
        assert_eq!(s.source.as_deref(), Some(path.as_path()));
        assert_eq!(s.feeds.len(), 1);
        // A bad file is an error even when not explicit: never silently ignored.
        std::fs::write(&path, "[fetch]\nconcurrency = 0\n").unwrap();
        let e = load_or_default(&path, false).unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&format!("{}:2:15:", path.display())),
            "{e}"
        );
    }

    #[test]
    fn directory_is_a_read_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(matches!(e, ConfigError::Read { .. }), "{e:?}");
    }

    fn err(text: &str) -> String {
        match parse(text, Some(Path::new("/c.toml"))) {
            Ok(_) => panic!("should fail: {text}"),
            Err(e) => e.to_string(),
        }
    }

    fn assert_all(msg: &str, parts: &[&str]) {
        for p in parts {
            assert!(msg.contains(p), "expected {p:?} in {msg}");
        }
    }

    #[test]
    fn syntax_errors_name_the_key_and_the_fix() {
        let m = err("[ui]\nmouse = true\ntheme = mono # dark\n");
        assert_all(&m, &["/c.toml:3:9:", "in `ui.theme`", "theme = \"mono\""]);
        let m = err("[[feeds]]\nname = \"a\"\nname = \"b\"\n");
        assert_all(&m, &["/c.toml:3:1:", "duplicate key `name`", "remove one"]);
        let m = err("[fetch\n");
        assert_all(&m, &["/c.toml:1:7:", "unclosed table"]);
    }

    #[test]
    fn structural_type_errors() {
        let m = err("[feeds]\nname = \"a\"\n");
        assert_all(
            &m,
            &["`feeds` has the wrong type", "found a table", "[[feeds]]"],
        );
        let m = err("fetch = 3\n");
        assert_all(&m, &["/c.toml:1:9:", "`fetch`", "integer 3", "a table"]);
        let m = err("[keys]\nj = 1\n");
        assert_all(&m, &["`keys.j`", "integer 1", "a command name string"]);
        let m = err("[[feeds]]\nname = \"a\"\nurl = \"http://a\"\ntags = \"kz\"\n");
        assert_all(
            &m,
            &["`feeds[0].tags`", "string \"kz\"", "an array of strings"],
        );
        let m = err("[fetch]\nmax_redirects = 1.5\n");
        assert_all(&m, &["`fetch.max_redirects`", "number 1.5", "an integer"]);
    }

    #[test]
    fn range_and_value_errors() {
        let m = err("[cache]\nmax_per_feed = 0\n");
        assert_all(&m, &["`cache.max_per_feed` = 0", "\"off\""]);
        let m = err("[cache]\nmax_per_feed = \"none\"\n");
        assert_all(&m, &["`cache.max_per_feed` = \"none\"", "\"off\""]);
        let m = err("[cache]\nmax_age = \"forever\"\n");
        assert_all(&m, &["`cache.max_age` = \"forever\"", "or \"off\""]);
        let m = err("[fetch]\nread_timeout = \"0s\"\n");
        assert_all(&m, &["`fetch.read_timeout` = \"0s\"", "longer than zero"]);
        let m = err("[fetch]\nuser_agent = \"a\\r\\nX-Evil: 1\"\n");
        assert_all(&m, &["`fetch.user_agent`", "without line breaks"]);
        let m = err("[fetch]\nmax_redirects = 50\n");
        assert_all(&m, &["`fetch.max_redirects` = 50", "from 0 to 10"]);
        let m = err("[fetch]\nper_host = -2\n");
        assert_all(&m, &["`fetch.per_host` = -2", "at least 1"]);
        let m = err("[fetch]\nmax_body = 0\n");
        assert_all(&m, &["`fetch.max_body` = 0", "more than 0 bytes"]);
        let m = err("[rank]\ncoverage_weight = -1.0\n");
        assert_all(&m, &["`rank.coverage_weight` = -1.0", "at least 0"]);
        let m = err("[rank]\ntitle_similarity = inf\n");
        assert_all(&m, &["`rank.title_similarity` = inf", "from 0.0 to 1.0"]);
        let m = err("[ui]\nbrowser = \" \"\n");
        assert_all(&m, &["`ui.browser`", "$BROWSER"]);
        let m = err("[ui]\ntheme = \"ansi-16\"\n");
        assert_all(
            &m,
            &["`ui.theme` = \"ansi-16\"", "did you mean \"ansi16\"?"],
        );
        let m = err("[[feeds]]\nname = \"a\"\nurl = \"http://a\"\nkind = \"jsno\"\n");
        assert_all(
            &m,
            &[
                "`feeds[0].kind` = \"jsno\"",
                "feed kind",
                "did you mean \"json\"?",
            ],
        );
        let m = err("[[feeds]]\nname = \"a\"\nurl = \"http://a\"\ntags = [\"kz\", \"\"]\n");
        assert_all(
            &m,
            &[
                "/c.toml:4:15:",
                "`feeds[0].tags[1]` = \"\"",
                "non-empty tag",
            ],
        );
        let m = err("[[feeds]]\nname = \"a\"\nurl = \"javascript:alert(1)\"\n");
        assert_all(&m, &["`feeds[0].url`", "`javascript:` is not supported"]);
        let m = err("[[feeds]]\nname = \"a\"\nurl = \"https://\"\n");
        assert_all(&m, &["`feeds[0].url` = \"https://\""]);
        let m = err("[[feeds]]\nname = \"a\"\nkind = \"exec\"\nurl = \"https://a.kz\"\n");
        assert_all(&m, &["`feeds[0].url`", "exec:COMMAND"]);
    }

    #[test]
    fn duplicate_names_ignore_case() {
        let m = err(
            "[[feeds]]\nname = \"TASS\"\nurl = \"https://tass.ru/rss/v2.xml\"\n\
             [[feeds]]\nname = \"tass\"\nurl = \"https://tass.com/rss/v2.xml\"\n",
        );
        assert_all(
            &m,
            &["/c.toml:5:8:", "`feeds[1].name` = \"tass\"", "at line 2"],
        );
    }

    #[test]
    fn one_url_twice_is_refused_naming_both_lines() {
        // Same URL once the host's case is folded: one feed in the cache.
        let m = err("[[feeds]]\nname = \"A\"\nurl = \"https://tass.ru/rss\"\n\
             [[feeds]]\nname = \"B\"\nurl = \"https://TASS.ru/rss\"\n");
        assert_all(
            &m,
            &[
                "/c.toml:6:7:",
                "`feeds[1].url`",
                "feed \"A\" at line 3",
                "remove one",
            ],
        );
    }

    #[test]
    fn a_feed_time_zone_is_an_iana_name() {
        let feed = |tz: &str| {
            format!("[[feeds]]\nname = \"a\"\nurl = \"https://a.kz/rss\"\ntimezone = \"{tz}\"\n")
        };
        let s = parse(&feed("Asia/Almaty"), None).unwrap();
        assert_eq!(s.feeds[0].timezone, Some(chrono_tz::Asia::Almaty));
        assert_eq!(
            parse(&feed("asia/almaty"), None).unwrap().feeds[0].timezone,
            Some(chrono_tz::Asia::Almaty)
        );
        let m = err(&feed("Asia/Almati"));
        assert_all(
            &m,
            &[
                "/c.toml:4:12:",
                "`feeds[0].timezone` = \"Asia/Almati\" is not a time zone",
                "did you mean \"Asia/Almaty\"?",
            ],
        );
        // The zone reaches the readers of zone-less dates.
        let s = parse(
            &format!(
                "{}kind = \"html\"\n[feeds.select]\nitem = \"li\"\n",
                feed("Asia/Almaty")
            ),
            None,
        )
        .unwrap();
        assert_eq!(
            s.feeds[0].select.as_ref().unwrap().timezone,
            Some(chrono_tz::Asia::Almaty)
        );
    }

    /// Damaged configs never panic, and every error in the text points
    /// inside it. Truncating and deleting characters of the default config
    /// hits most syntax and type errors the parser can produce.
    #[test]
    fn damaged_configs_never_panic() {
        let base = format!(
            "{DEFAULT_CONFIG}\n[[feeds]]\nname = \"Қазақ\"\nurl = \"https://www.inform.kz/rss\"\ntags = [\"kz\"]\nweight = 1.5\n"
        );
        let lines = base.lines().count() + 1;
        let check = |text: &str| {
            if let Err(e) = parse(text, None) {
                // Each error is one line, pointing inside the text.
                for e in e.each() {
                    let msg = e.to_string();
                    assert!(!msg.contains('\n'), "{msg}");
                    if let Some(at) = e.location() {
                        assert!(at.line >= 1 && at.line <= lines, "{msg}");
                        assert!(at.column >= 1, "{msg}");
                    }
                }
            }
        };
        let bounds: Vec<usize> = base.char_indices().map(|(i, _)| i).collect();
        for &i in bounds.iter().step_by(2) {
            check(&base[..i]);
        }
        for w in bounds.windows(2).step_by(2) {
            check(&format!("{}{}", &base[..w[0]], &base[w[1]..]));
        }
    }

    #[test]
    fn every_error_is_reported_in_file_order() {
        let text = "[[feeds]]\nname = \"a\"\nurl = \"ftp://a.kz/rss\"\n\
                    [[feeds]]\nname = \"b\"\nurl = \"https://b.kz/rss\"\nweight = -1\n\
                    [[ignore]]\nfeed = \"nope\"\n\
                    [fetch]\nconcurrency = 0\n";
        let e = parse(text, Some(Path::new("/c.toml"))).unwrap_err();
        let lines: Vec<String> = e.each().iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 4, "{e}");
        for (line, want) in lines.iter().zip([
            "/c.toml:3:7: `feeds[0].url`",
            "/c.toml:7:10: `feeds[1].weight`",
            "/c.toml:9:8: `ignore[0].feed`",
            "/c.toml:11:15: `fetch.concurrency`",
        ]) {
            assert!(line.starts_with(want), "{line} (wanted {want})");
        }
        assert_eq!(e.to_string(), lines.join("\n"));
        // A config with one error gives that error itself.
        assert!(matches!(
            parse("[fetch]\nconcurrency = 0\n", None),
            Err(ConfigError::OutOfRange { .. })
        ));
    }

    #[test]
    fn the_report_is_capped() {
        let text: String = (0..25)
            .map(|i| format!("[[feeds]]\nname = \"f{i}\"\nurl = \"ftp://{i}.kz/\"\n"))
            .collect();
        let e = parse(&text, None).unwrap_err();
        assert_eq!(e.each().len(), error::MAX_REPORTED);
        assert!(e.to_string().ends_with("\n(and 5 more errors)"), "{e}");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = "\u{feff}[fetch]\r\nconcurrency = 2\r\n[[feeds]]\r\nname = \"a\"\r\nurl = \"https://a.kz/rss\"\r\n";
        let s = parse(text, None).unwrap();
        assert_eq!(s.fetch.concurrency.get(), 2);
        let e = parse("\u{feff}[fetch]\r\nconcurrency = 0\r\n", None).unwrap_err();
        assert!(e.to_string().starts_with("<config>:2:15: "), "{e}");
    }
}

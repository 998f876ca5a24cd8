//! TOML text → raw mirror → validated `Settings`, with every failure turned
//! into a `ConfigError` that points at the line, column and key.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, Deserializer};
use url::Url;

use super::error::{ConfigError, Location};
use super::locate::{self, KeyPath};
use super::raw::{self, IntOrText, RawCache, RawConfig, RawFeed, RawFetch, RawRank, RawUi};
use super::settings::{
    CacheSettings, FeedSettings, FetchSettings, RankSettings, Settings, ThemeName, UiSettings,
};
use crate::domain::SourceKind;

/// The text being validated and where it came from, to build locations.
struct Ctx<'a> {
    text: &'a str,
    origin: Option<&'a Path>,
}

impl Ctx<'_> {
    fn at(&self, offset: usize) -> Box<Location> {
        let (line, column) = locate::line_col(self.text, offset);
        Box::new(Location {
            file: self.origin.map(Path::to_path_buf),
            line,
            column,
        })
    }

    /// The value as the user wrote it (`nan`, `1.5`, `"x"`), for quoting.
    fn written<T: ToString>(&self, v: &Spanned<T>) -> String {
        self.text
            .get(v.span())
            .map_or_else(|| v.get_ref().to_string(), str::to_string)
    }

    fn line(&self, offset: usize) -> usize {
        locate::line_col(self.text, offset).0
    }
}

type Result<T> = std::result::Result<T, ConfigError>;

/// Parse and validate config text. `origin` is used in messages and stored
/// in `Settings::source`.
pub fn parse_settings(text: &str, origin: Option<&Path>) -> Result<Settings> {
    let ctx = Ctx { text, origin };
    let doc = DeTable::parse(text).map_err(|e| syntax_error(&ctx, &e))?;
    // Deserialise from a copy so the spanned document stays available to
    // work out which key an error is about.
    let raw = RawConfig::deserialize(Deserializer::from(doc.clone()))
        .map_err(|e| from_de_error(&ctx, doc.get_ref(), &e))?;
    validate(&ctx, raw)
}

fn syntax_error(ctx: &Ctx<'_>, e: &toml::de::Error) -> ConfigError {
    let span = e.span().unwrap_or(0..0);
    let mut message = e.message().trim().to_string();
    // toml says only "duplicate key"; name it, since the same key may
    // appear in many tables.
    if message == "duplicate key"
        && let Some(k) = ctx.text.get(span.clone()).filter(|k| !k.is_empty())
    {
        message = format!("duplicate key `{k}` (a key may appear only once in a table)");
    }
    // Name the key whose line is broken, from what toml could recover.
    let (partial, _) = DeTable::parse_recoverable(ctx.text);
    let key = locate::key_on_line(partial.get_ref(), ctx.text, span.start);
    let fix = if message.starts_with("duplicate key") {
        "remove one of the two lines, or rename one".to_string()
    } else if message.starts_with("string values must be quoted") {
        // Quote the bare word the user wrote, up to a comment or line end.
        let rest = ctx.text.get(span.start..).unwrap_or_default();
        let word = rest.lines().next().unwrap_or_default();
        let word = word.split('#').next().unwrap_or_default().trim();
        match key.as_ref().and_then(KeyPath::last_key) {
            Some(leaf) => format!("put the value in double quotes: {leaf} = \"{word}\""),
            None => format!("put the value in double quotes: \"{word}\""),
        }
    } else {
        "fix the TOML at that spot (strings need double quotes, tables are written [fetch], feeds [[feeds]])"
            .to_string()
    };
    ConfigError::Syntax {
        at: ctx.at(span.start),
        key: key.map(|k| k.to_string()),
        message,
        fix,
    }
}

/// Classify a serde error (unknown field, missing field, wrong type) using
/// the spanned document to find the key and the value the user wrote.
fn from_de_error(ctx: &Ctx<'_>, doc: &DeTable<'_>, e: &toml::de::Error) -> ConfigError {
    let offset = e.span().map_or(0, |s| s.start);
    let at = ctx.at(offset);
    let message = e.message().trim().to_string();
    let Some(hit) = locate::find(doc, offset) else {
        return ConfigError::Other { at, message };
    };
    if message.starts_with("unknown field") {
        let table_path = hit.path.parent();
        let valid = raw::keys_of_table(&table_path.normalised()).unwrap_or(&[]);
        return ConfigError::UnknownKey {
            at,
            key: hit.path.to_string(),
            table: describe_table(&table_path),
            suggestion: hit.path.last_key().and_then(|k| locate::suggest(k, valid)),
            valid,
        };
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        let path = hit.path.key(field);
        let example = raw::expected_of(&path.normalised())
            .map_or_else(|| format!("{field} = ..."), |(_, ex)| ex.to_string());
        return ConfigError::MissingKey {
            at,
            key: path.to_string(),
            example,
        };
    }
    match (raw::expected_of(&hit.path.normalised()), hit.value) {
        (Some((expected, example)), Some(value)) => ConfigError::WrongType {
            at,
            key: hit.path.to_string(),
            found: locate::describe(value),
            expected: expected.to_string(),
            example: example.to_string(),
        },
        _ => ConfigError::Other {
            at,
            message: format!("`{}`: {message}", hit.path),
        },
    }
}

fn describe_table(path: &KeyPath) -> String {
    match path.normalised().as_str() {
        "" => "the top level".to_string(),
        "feeds[]" => format!("the [[feeds]] entry {path}"),
        _ => format!("[{path}]"),
    }
}

fn validate(ctx: &Ctx<'_>, raw: RawConfig) -> Result<Settings> {
    Ok(Settings {
        source: ctx.origin.map(Path::to_path_buf),
        fetch: fetch(ctx, &raw.fetch)?,
        cache: cache(ctx, &raw.cache)?,
        ui: ui(ctx, &raw.ui)?,
        rank: rank(ctx, &raw.rank)?,
        keys: raw
            .keys
            .into_iter()
            .map(|(k, v)| (k, v.into_inner()))
            .collect(),
        feeds: feeds(ctx, &raw.feeds)?,
    })
}

fn fetch(ctx: &Ctx<'_>, r: &RawFetch) -> Result<FetchSettings> {
    let d = FetchSettings::default();
    Ok(FetchSettings {
        concurrency: positive(ctx, "fetch.concurrency", &r.concurrency, d.concurrency)?,
        per_host: positive(ctx, "fetch.per_host", &r.per_host, d.per_host)?,
        connect_timeout: duration(
            ctx,
            "fetch.connect_timeout",
            &r.connect_timeout,
            d.connect_timeout,
        )?,
        read_timeout: duration(ctx, "fetch.read_timeout", &r.read_timeout, d.read_timeout)?,
        total_timeout: duration(
            ctx,
            "fetch.total_timeout",
            &r.total_timeout,
            d.total_timeout,
        )?,
        user_agent: match &r.user_agent {
            None => d.user_agent,
            Some(v) => header_text(ctx, "fetch.user_agent", v)?,
        },
        max_body_bytes: match &r.max_body {
            None => d.max_body_bytes,
            Some(v) => size(ctx, "fetch.max_body", v)?,
        },
        max_redirects: count_in(
            ctx,
            "fetch.max_redirects",
            &r.max_redirects,
            d.max_redirects,
            0,
            10,
        )?,
        max_items_per_feed: positive(ctx, "fetch.max_items_per_feed", &r.max_items_per_feed, {
            NonZeroUsize::new(d.max_items_per_feed).unwrap_or(NonZeroUsize::MIN)
        })?
        .get(),
        refresh_interval: optional_duration(
            ctx,
            "fetch.refresh_interval",
            &r.refresh_interval,
            d.refresh_interval,
        )?,
    })
}

fn cache(ctx: &Ctx<'_>, r: &RawCache) -> Result<CacheSettings> {
    let d = CacheSettings::default();
    let max_per_feed = match &r.max_per_feed {
        None => d.max_per_feed,
        Some(v) => match v.get_ref() {
            IntOrText::Text(t) if t == "off" => None,
            IntOrText::Int(n) if *n > 0 => Some(usize::try_from(*n).unwrap_or(usize::MAX)),
            _ => {
                return Err(ConfigError::OutOfRange {
                    at: ctx.at(v.span().start),
                    key: "cache.max_per_feed".into(),
                    value: ctx.text.get(v.span()).unwrap_or_default().to_string(),
                    expected: "a whole number of at least 1, or \"off\"".into(),
                    fix: "write e.g. max_per_feed = 1000, or max_per_feed = \"off\" to keep all"
                        .into(),
                });
            }
        },
    };
    Ok(CacheSettings {
        max_age: optional_duration(ctx, "cache.max_age", &r.max_age, d.max_age)?,
        max_per_feed,
    })
}

fn ui(ctx: &Ctx<'_>, r: &RawUi) -> Result<UiSettings> {
    let d = UiSettings::default();
    let theme = match &r.theme {
        None => d.theme,
        Some(v) => match v.get_ref().as_str() {
            "default" => ThemeName::Default,
            "ansi16" => ThemeName::Ansi16,
            "mono" => ThemeName::Mono,
            other => return Err(unknown_name(ctx, "ui.theme", v, other, "theme", THEMES)),
        },
    };
    let browser = match &r.browser {
        None => d.browser,
        Some(v) if v.get_ref().trim().is_empty() => {
            return Err(ConfigError::OutOfRange {
                at: ctx.at(v.span().start),
                key: "ui.browser".into(),
                value: format!("{:?}", v.get_ref()),
                expected: "a command, e.g. \"firefox %u\"".into(),
                fix: "remove the line to use $BROWSER".into(),
            });
        }
        Some(v) => Some(v.get_ref().clone()),
    };
    let flag =
        |v: &Option<Spanned<bool>>, default: bool| v.as_ref().map_or(default, |b| *b.get_ref());
    Ok(UiSettings {
        browser,
        theme,
        mouse: flag(&r.mouse, d.mouse),
        osc8_links: flag(&r.osc8_links, d.osc8_links),
        osc52_copy: flag(&r.osc52_copy, d.osc52_copy),
        show_read: flag(&r.show_read, d.show_read),
    })
}

const THEMES: &[&str] = &["default", "ansi16", "mono"];
const KINDS: &[&str] = &["feed", "json", "html", "exec"];

fn rank(ctx: &Ctx<'_>, r: &RawRank) -> Result<RankSettings> {
    let d = RankSettings::default();
    Ok(RankSettings {
        half_life: duration(ctx, "rank.half_life", &r.half_life, d.half_life)?,
        cluster_window: duration(
            ctx,
            "rank.cluster_window",
            &r.cluster_window,
            d.cluster_window,
        )?,
        title_similarity: number(
            ctx,
            "rank.title_similarity",
            &r.title_similarity,
            d.title_similarity,
            |x| (0.0..=1.0).contains(&x),
            "a number from 0.0 to 1.0 (1.0 = identical titles only)",
            "write e.g. title_similarity = 0.6",
        )?,
        engagement_weight: number(
            ctx,
            "rank.engagement_weight",
            &r.engagement_weight,
            d.engagement_weight,
            |x| x >= 0.0,
            "a number of at least 0 (0 = ignore views and comments)",
            "write e.g. engagement_weight = 1.0",
        )?,
        coverage_weight: number(
            ctx,
            "rank.coverage_weight",
            &r.coverage_weight,
            d.coverage_weight,
            |x| x >= 0.0,
            "a number of at least 0 (0 = ignore how many sources carry a story)",
            "write e.g. coverage_weight = 1.0",
        )?,
        related_count: count_in(
            ctx,
            "rank.related_count",
            &r.related_count,
            d.related_count,
            0,
            1000,
        )?,
    })
}

fn feeds(ctx: &Ctx<'_>, raw: &[Spanned<RawFeed>]) -> Result<Vec<FeedSettings>> {
    // Lower-cased name → line of its first use, so a duplicate can say
    // where the first one is. Case-insensitive because `--feed NAME` and
    // the UI should never have to tell "TASS" from "tass".
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, f) in raw.iter().enumerate() {
        let f = f.get_ref();
        let key = |leaf: &str| format!("feeds[{i}].{leaf}");
        let name = f.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(ConfigError::EmptyFeedName {
                at: ctx.at(f.name.span().start),
                key: key("name"),
            });
        }
        let line = ctx.line(f.name.span().start);
        if let Some(first_line) = seen.insert(name.to_lowercase(), line) {
            return Err(ConfigError::DuplicateFeed {
                at: ctx.at(f.name.span().start),
                key: key("name"),
                name,
                first_line,
            });
        }
        let kind = match &f.kind {
            None => SourceKind::Feed,
            Some(v) => match v.get_ref().as_str() {
                "feed" => SourceKind::Feed,
                "json" => SourceKind::Json,
                "html" => SourceKind::Html,
                "exec" => SourceKind::Exec,
                other => {
                    return Err(unknown_name(
                        ctx,
                        &key("kind"),
                        v,
                        other,
                        "feed kind",
                        KINDS,
                    ));
                }
            },
        };
        let url = feed_url(ctx, &key("url"), &f.url, kind)?;
        let mut tags = Vec::with_capacity(f.tags.len());
        for (j, t) in f.tags.iter().enumerate() {
            let tag = t.get_ref().trim();
            if tag.is_empty() {
                return Err(ConfigError::OutOfRange {
                    at: ctx.at(t.span().start),
                    key: format!("feeds[{i}].tags[{j}]"),
                    value: format!("{:?}", t.get_ref()),
                    expected: "a non-empty tag".into(),
                    fix: "remove the empty string from the list".into(),
                });
            }
            tags.push(tag.to_string());
        }
        let weight = number(
            ctx,
            &key("weight"),
            &f.weight,
            1.0,
            |w| w > 0.0,
            "a number greater than 0 (1.0 = normal, 2.0 = twice as important)",
            "write e.g. weight = 1.0",
        )?;
        let refresh_interval = match &f.refresh_interval {
            None => None,
            Some(_) => Some(duration(
                ctx,
                &key("refresh_interval"),
                &f.refresh_interval,
                Duration::ZERO,
            )?),
        };
        out.push(FeedSettings {
            name,
            url,
            kind,
            tags,
            weight,
            refresh_interval,
        });
    }
    Ok(out)
}

fn unknown_name(
    ctx: &Ctx<'_>,
    key: &str,
    v: &Spanned<String>,
    value: &str,
    what: &'static str,
    valid: &'static [&'static str],
) -> ConfigError {
    ConfigError::UnknownName {
        at: ctx.at(v.span().start),
        key: key.to_string(),
        value: value.to_string(),
        what,
        suggestion: locate::suggest(value, valid),
        valid,
    }
}

/// A feed URL: http(s) with a host, file, or (for `kind = "exec"`) exec:.
/// An absolute path or `~/path` becomes a file:// URL.
fn feed_url(ctx: &Ctx<'_>, key: &str, v: &Spanned<String>, kind: SourceKind) -> Result<Url> {
    const FIX: &str =
        "use an http:// or https:// URL, a file:// URL, or an absolute or ~/ path to a local file";
    let text = v.get_ref().trim();
    let bad = |reason: String, fix: &str| ConfigError::BadUrl {
        at: ctx.at(v.span().start),
        key: key.to_string(),
        value: v.get_ref().clone(),
        reason,
        fix: fix.to_string(),
    };
    if kind == SourceKind::Exec {
        // The exec source (a later issue) runs the command after "exec:".
        return match Url::parse(text) {
            Ok(u) if u.scheme() == "exec" && !u.path().trim().is_empty() => Ok(u),
            _ => Err(bad(
                "a kind = \"exec\" feed takes a command".into(),
                "write url = \"exec:COMMAND ARGS\", e.g. url = \"exec:~/bin/news.sh\"",
            )),
        };
    }
    if text.is_empty() {
        return Err(bad("it is empty".into(), FIX));
    }
    let path = if let Some(rest) = text.strip_prefix("~/") {
        let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
        match home {
            Some(h) => Some(h.join(rest)),
            None => {
                return Err(bad(
                    "no home directory is known to expand ~".into(),
                    "write the absolute path",
                ));
            }
        }
    } else if text.starts_with('/') {
        Some(PathBuf::from(text))
    } else {
        None
    };
    if let Some(p) = path {
        return Url::from_file_path(&p)
            .map_err(|()| bad("it is not an absolute file path".into(), FIX));
    }
    let url = Url::parse(text).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => bad(
            "it has no scheme, and relative paths are not accepted".into(),
            FIX,
        ),
        other => bad(format!("it is not a valid URL ({other})"), FIX),
    })?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(url),
        "http" | "https" => Err(bad("it has no host name".into(), FIX)),
        "file" => Ok(url),
        "exec" => Err(bad(
            "exec: URLs need kind = \"exec\"".into(),
            "add kind = \"exec\" to this feed",
        )),
        other => Err(bad(format!("the scheme `{other}:` is not supported"), FIX)),
    }
}

fn duration(
    ctx: &Ctx<'_>,
    key: &str,
    v: &Option<Spanned<String>>,
    default: Duration,
) -> Result<Duration> {
    let Some(v) = v else { return Ok(default) };
    let at = || ctx.at(v.span().start);
    let d = super::units::parse_duration(v.get_ref()).ok_or_else(|| ConfigError::BadDuration {
        at: at(),
        key: key.to_string(),
        value: v.get_ref().clone(),
        allow_off: false,
    })?;
    if d.is_zero() {
        return Err(ConfigError::OutOfRange {
            at: at(),
            key: key.to_string(),
            value: format!("{:?}", v.get_ref()),
            expected: "longer than zero".into(),
            fix: "write e.g. \"30s\"".into(),
        });
    }
    Ok(d)
}

/// A duration that may also be "off" (→ `None`).
fn optional_duration(
    ctx: &Ctx<'_>,
    key: &str,
    v: &Option<Spanned<String>>,
    default: Option<Duration>,
) -> Result<Option<Duration>> {
    match v {
        None => Ok(default),
        Some(s) if s.get_ref().trim() == "off" => Ok(None),
        Some(_) => duration(ctx, key, v, Duration::ZERO)
            .map(Some)
            .map_err(|e| match e {
                ConfigError::BadDuration { at, key, value, .. } => ConfigError::BadDuration {
                    at,
                    key,
                    value,
                    allow_off: true,
                },
                ConfigError::OutOfRange {
                    at,
                    key,
                    value,
                    expected,
                    ..
                } => ConfigError::OutOfRange {
                    at,
                    key,
                    value,
                    expected,
                    fix: "write e.g. \"30m\", or \"off\" to turn it off".into(),
                },
                other => other,
            }),
    }
}

fn size(ctx: &Ctx<'_>, key: &str, v: &Spanned<IntOrText>) -> Result<u64> {
    let (parsed, shown) = match v.get_ref() {
        IntOrText::Int(n) => (u64::try_from(*n).ok(), n.to_string()),
        IntOrText::Text(t) => (super::units::parse_size(t), format!("{t:?}")),
    };
    match parsed {
        Some(n) if n > 0 => Ok(n),
        Some(_) => Err(ConfigError::OutOfRange {
            at: ctx.at(v.span().start),
            key: key.to_string(),
            value: shown,
            expected: "more than 0 bytes".into(),
            fix: "write e.g. max_body = \"16 MiB\"".into(),
        }),
        None => Err(ConfigError::BadSize {
            at: ctx.at(v.span().start),
            key: key.to_string(),
            value: shown,
        }),
    }
}

fn positive(
    ctx: &Ctx<'_>,
    key: &str,
    v: &Option<Spanned<i64>>,
    default: NonZeroUsize,
) -> Result<NonZeroUsize> {
    let Some(v) = v else { return Ok(default) };
    usize::try_from(*v.get_ref())
        .ok()
        .and_then(NonZeroUsize::new)
        .ok_or_else(|| ConfigError::OutOfRange {
            at: ctx.at(v.span().start),
            key: key.to_string(),
            value: ctx.written(v),
            expected: "a whole number of at least 1".into(),
            fix: format!("write e.g. {} = {default}", leaf(key)),
        })
}

fn count_in(
    ctx: &Ctx<'_>,
    key: &str,
    v: &Option<Spanned<i64>>,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize> {
    let Some(v) = v else { return Ok(default) };
    usize::try_from(*v.get_ref())
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| ConfigError::OutOfRange {
            at: ctx.at(v.span().start),
            key: key.to_string(),
            value: ctx.written(v),
            expected: format!("a whole number from {min} to {max}"),
            fix: format!("write e.g. {} = {default}", leaf(key)),
        })
}

/// A float that must be finite and pass `ok`.
fn number(
    ctx: &Ctx<'_>,
    key: &str,
    v: &Option<Spanned<f64>>,
    default: f64,
    ok: impl Fn(f64) -> bool,
    expected: &str,
    fix: &str,
) -> Result<f64> {
    let Some(v) = v else { return Ok(default) };
    let x = *v.get_ref();
    if x.is_finite() && ok(x) {
        Ok(x)
    } else {
        Err(ConfigError::OutOfRange {
            at: ctx.at(v.span().start),
            key: key.to_string(),
            value: ctx.written(v),
            expected: expected.to_string(),
            fix: fix.to_string(),
        })
    }
}

/// Text sent in an HTTP header: non-empty, no control characters (a line
/// break would let the config inject headers).
fn header_text(ctx: &Ctx<'_>, key: &str, v: &Spanned<String>) -> Result<String> {
    let s = v.get_ref();
    if s.trim().is_empty() || s.chars().any(char::is_control) {
        return Err(ConfigError::OutOfRange {
            at: ctx.at(v.span().start),
            key: key.to_string(),
            value: format!("{s:?}"),
            expected: "non-empty text without line breaks or control characters".into(),
            fix: format!(
                "write e.g. {} = \"keruen\", or remove the line for the default",
                leaf(key)
            ),
        });
    }
    Ok(s.clone())
}

fn leaf(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

//! Checks of single values: durations, sizes, counts, numbers, header
//! text, names from a fixed set and feed URLs. Each returns the typed value
//! or a `ConfigError` quoting what the user wrote.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Duration;

use toml::Spanned;
use url::Url;

use super::error::{ConfigError, Location};
use super::locate;
use super::raw::IntOrText;
use crate::domain::SourceKind;

pub(super) type Result<T> = std::result::Result<T, ConfigError>;

/// The text being validated and where it came from, to build locations.
pub(super) struct Ctx<'a> {
    pub(super) text: &'a str,
    pub(super) origin: Option<&'a Path>,
}

impl Ctx<'_> {
    pub(super) fn at(&self, offset: usize) -> Box<Location> {
        let (line, column) = locate::line_col(self.text, offset);
        Box::new(Location {
            file: self.origin.map(Path::to_path_buf),
            line,
            column,
        })
    }

    /// The value as the user wrote it (`nan`, `1.5`, `"x"`), for quoting.
    pub(super) fn written<T: ToString>(&self, v: &Spanned<T>) -> String {
        self.text
            .get(v.span())
            .map_or_else(|| v.get_ref().to_string(), str::to_string)
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        locate::line_col(self.text, offset).0
    }
}

pub(super) fn unknown_name(
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
pub(super) fn feed_url(
    ctx: &Ctx<'_>,
    key: &str,
    v: &Spanned<String>,
    kind: SourceKind,
) -> Result<Url> {
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
    } else if text.starts_with('/') || Path::new(text).is_absolute() {
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

pub(super) fn duration(
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
pub(super) fn optional_duration(
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

pub(super) fn size(ctx: &Ctx<'_>, key: &str, v: &Spanned<IntOrText>) -> Result<u64> {
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

pub(super) fn positive(
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

pub(super) fn count_in(
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
pub(super) fn number(
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
pub(super) fn header_text(ctx: &Ctx<'_>, key: &str, v: &Spanned<String>) -> Result<String> {
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

pub(super) fn leaf(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

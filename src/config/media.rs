//! `[media]`: where downloads go, how big one may be, how many run at once,
//! and the player `p` runs.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use super::error::ConfigError;
use super::fields::{Ctx, Result, positive, size};
use super::raw::RawMedia;
use toml::Spanned;

#[derive(Debug, Clone, PartialEq)]
pub struct MediaSettings {
    /// `None`: a `keruen` folder in the user's download directory (see
    /// `paths::download_dir`). A leading `~/` is the home directory.
    pub download_dir: Option<PathBuf>,
    /// Command for `p`; `%u` is the URL or file (one argument), else it is
    /// appended. `None`: `p` says how to set one.
    pub player: Option<String>,
    /// Most bytes one download may have (a film is big: 20 GiB by default).
    pub max_download_bytes: u64,
    /// Downloads running at once.
    pub concurrency: NonZeroUsize,
}

impl Default for MediaSettings {
    fn default() -> Self {
        MediaSettings {
            download_dir: None,
            player: None,
            max_download_bytes: 20 * 1024 * 1024 * 1024,
            concurrency: NonZeroUsize::new(2).unwrap_or(NonZeroUsize::MIN),
        }
    }
}

pub(super) fn media(ctx: &Ctx<'_>, r: &RawMedia) -> Result<MediaSettings> {
    let d = MediaSettings::default();
    let text = |key: &str, v: &Spanned<String>, example: &str| {
        let s = v.get_ref().trim();
        if s.is_empty() || s.chars().any(char::is_control) {
            return Err(ConfigError::OutOfRange {
                at: ctx.at(v.span().start),
                key: format!("media.{key}"),
                value: format!("{:?}", v.get_ref()),
                expected: format!("a non-empty value without control characters, e.g. {example}"),
                fix: "remove the line to use the default".into(),
            });
        }
        Ok(s.to_string())
    };
    Ok(MediaSettings {
        download_dir: match &r.download_dir {
            None => d.download_dir,
            Some(v) => Some(expand_home(&text("download_dir", v, "\"~/Podcasts\"")?)),
        },
        player: match &r.player {
            None => d.player,
            Some(v) => Some(text("player", v, "\"mpv %u\"")?),
        },
        max_download_bytes: match &r.max_download {
            None => d.max_download_bytes,
            Some(v) => size(ctx, "media.max_download", v)?,
        },
        concurrency: positive(ctx, "media.concurrency", &r.concurrency, d.concurrency)?,
    })
}

/// `~/x` → the home directory's `x`; anything else as written.
fn expand_home(s: &str) -> PathBuf {
    match (s.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(base)) => base.home_dir().join(rest),
        _ => PathBuf::from(s),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::validate::parse_settings;

    #[test]
    fn media_keys_are_read_and_checked() {
        let s = parse_settings(
            "[media]\nplayer = \"mpv --no-video %u\"\nmax_download = \"1 KiB\"\nconcurrency = 3\ndownload_dir = \"/srv/pod\"\n",
            None,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.media.player.as_deref(), Some("mpv --no-video %u"));
        assert_eq!(s.media.max_download_bytes, 1024);
        assert_eq!(s.media.concurrency.get(), 3);
        assert_eq!(
            s.media.download_dir.as_deref(),
            Some(std::path::Path::new("/srv/pod"))
        );
        let defaults = parse_settings("", None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(defaults.media, super::MediaSettings::default());
        for bad in [
            "player = \"  \"",
            "concurrency = 0",
            "max_download = \"lots\"",
            "speed = 1",
        ] {
            let err = parse_settings(&format!("[media]\n{bad}\n"), None)
                .err()
                .unwrap_or_else(|| panic!("{bad} was accepted"));
            assert!(
                err.to_string().contains("media") || err.to_string().contains("speed"),
                "{bad}: {err}"
            );
        }
    }
}

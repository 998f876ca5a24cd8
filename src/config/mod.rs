//! Configuration: a raw serde mirror of the TOML (`deny_unknown_fields`) is
//! validated into typed `Settings`. Errors name file, line, column, key and fix.

pub mod settings;

pub use settings::{FeedSettings, Settings};

/// The embedded default configuration (used when the user has none).
pub const DEFAULT_CONFIG: &str = include_str!("../../config/default.toml");
pub mod urls;

// TEMP shim until the config branch merges.
#[derive(Debug, Clone)]
pub enum ConfigSource {
    File(std::path::PathBuf),
    EmbeddedDefault { would_be: std::path::PathBuf },
}
pub fn load_or_default(
    path: &std::path::Path,
    _explicit: bool,
) -> anyhow::Result<(Settings, ConfigSource)> {
    Ok((
        Settings::with_feeds(vec![]),
        ConfigSource::EmbeddedDefault {
            would_be: path.to_path_buf(),
        },
    ))
}

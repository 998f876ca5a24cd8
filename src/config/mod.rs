//! Configuration: a raw serde mirror of the TOML (`deny_unknown_fields`) is
//! validated into typed `Settings`. Errors name file, line, column, key and fix.

pub mod settings;

pub use settings::{FeedSettings, Settings};

/// The embedded default configuration (used when the user has none).
pub const DEFAULT_CONFIG: &str = include_str!("../../config/default.toml");

//! Where keruen keeps its files: the config file, the cache database and the
//! log. Flags win over environment variables, which win over the platform's
//! directories (`directories`).

use std::path::{Path, PathBuf};

/// Environment variable that overrides the config file path.
pub const CONFIG_ENV: &str = "KERUEN_CONFIG";
/// Environment variable that overrides the data (cache) directory.
pub const DATA_DIR_ENV: &str = "KERUEN_DATA_DIR";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The config file (may not exist: then the embedded default is used).
    pub config_file: PathBuf,
    /// True when the config path was given explicitly (flag or env): a
    /// missing file is then an error rather than "use the default".
    pub config_explicit: bool,
    pub data_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    #[error(
        "cannot find a home directory to keep the config and cache in; set {CONFIG_ENV} and {DATA_DIR_ENV}, or pass --config and --data-dir"
    )]
    NoHome,
}

impl Paths {
    /// Resolve paths from explicit flags (already merged with env by clap or
    /// the caller) and the platform defaults.
    pub fn resolve(
        config: Option<PathBuf>,
        data_dir: Option<PathBuf>,
    ) -> Result<Paths, PathsError> {
        let dirs = directories::ProjectDirs::from("", "", "keruen");
        let config_explicit = config.is_some();
        let config_file = match config {
            Some(p) => p,
            None => dirs
                .as_ref()
                .map(|d| d.config_dir().join("config.toml"))
                .ok_or(PathsError::NoHome)?,
        };
        let data_dir = match data_dir {
            Some(p) => p,
            None => dirs
                .as_ref()
                .map(|d| d.data_dir().to_path_buf())
                .ok_or(PathsError::NoHome)?,
        };
        Ok(Paths {
            config_file,
            config_explicit,
            data_dir,
        })
    }

    /// The cache database.
    pub fn cache_db(&self) -> PathBuf {
        self.data_dir.join("cache.db")
    }

    /// The log file (never the screen while the TUI runs).
    pub fn log_file(&self) -> PathBuf {
        self.data_dir.join("keruen.log")
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_paths_win() {
        let p = Paths::resolve(Some("/x/c.toml".into()), Some("/y".into())).unwrap();
        assert_eq!(p.config_file, PathBuf::from("/x/c.toml"));
        assert!(p.config_explicit);
        assert_eq!(p.cache_db(), PathBuf::from("/y/cache.db"));
    }

    #[test]
    fn default_config_is_not_explicit() {
        if let Ok(p) = Paths::resolve(None, Some("/y".into())) {
            assert!(!p.config_explicit);
            assert!(p.config_file.ends_with("config.toml"));
        }
    }
}

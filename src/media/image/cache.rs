//! Fetched pictures kept in the data dir (`images/`), one file per URL
//! named by its SHA-256, under a size cap: after each write the oldest
//! files (by modification time, refreshed on each read) go until the
//! directory fits. A damaged or missing cache only costs a new fetch.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// Default cap on the directory: 64 MiB.
pub const DEFAULT_CAP: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct DiskCache {
    dir: PathBuf,
    cap: u64,
}

impl DiskCache {
    /// A cache in `dir` (created on the first write) holding at most
    /// `cap` bytes.
    pub fn new(dir: impl Into<PathBuf>, cap: u64) -> DiskCache {
        DiskCache {
            dir: dir.into(),
            cap,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, url: &str) -> PathBuf {
        self.dir.join(hex::encode(Sha256::digest(url.as_bytes())))
    }

    /// The bytes stored for `url`, if any; a hit counts as a use, so the
    /// pictures read most recently are evicted last.
    pub fn get(&self, url: &str) -> Option<Vec<u8>> {
        let path = self.path(url);
        let bytes = fs::read(&path).ok()?;
        if let Ok(f) = fs::File::options().append(true).open(&path) {
            let _ = f.set_modified(SystemTime::now());
        }
        Some(bytes)
    }

    /// Store `bytes` for `url` (written whole, then renamed into place, so
    /// a reader never sees half a file), then evict down to the cap.
    pub fn put(&self, url: &str, bytes: &[u8]) -> io::Result<()> {
        if bytes.len() as u64 > self.cap {
            return Ok(()); // would evict everything and still not fit
        }
        fs::create_dir_all(&self.dir)?;
        let path = self.path(url);
        let tmp = path.with_extension("part");
        fs::write(&tmp, bytes)?;
        fs::rename(&tmp, &path)?;
        self.evict(&path)
    }

    /// Remove the oldest files until the directory is within the cap;
    /// `keep` (the file just written) goes last.
    fn evict(&self, keep: &Path) -> io::Result<()> {
        let mut files: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        let mut total = 0u64;
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            if !meta.is_file() {
                continue;
            }
            total += meta.len();
            let when = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            files.push((when, meta.len(), entry.path()));
        }
        files.sort_by_key(|f| (f.2 == keep, f.0));
        for (_, len, path) in files {
            if total <= self.cap {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
        Ok(())
    }
}

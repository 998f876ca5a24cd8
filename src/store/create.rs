//! A new cache is built under a temporary name beside its own and linked
//! into place when complete.
//!
//! Why: created in place, a cache's first moments are two rollback-journal
//! transactions (setting `auto_vacuum` writes the first page, switching to
//! WAL writes it again), each synced four times, then every schema step:
//! ~25 ms of a first refresh's start during which nothing else can run
//! (docs/performance.md, "First refresh: the serial start and end"). Built
//! aside, nothing needs a journal or a sync until the end: no reader can
//! see the file, and a file that is not finished is thrown away, not
//! repaired. One sync of the finished file, then a hard link gives it its
//! name, so a crash at any point leaves no cache or a complete one, never
//! a half-made file under the cache's name.
//!
//! Two instances creating the same cache at once each build their own
//! file; the first link wins, and the other (its link finding the name
//! taken) opens the winner's. A file system without hard links falls
//! back to creating in place, as before. A temporary file a crash left
//! behind is removed by the next creation once it is a minute old (a
//! creation takes milliseconds).

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use rusqlite::Connection;

use super::{At, StoreError, schema};

/// Create the cache at `path`, fully migrated, unless something is there.
pub(super) fn create_if_missing(path: &Path) -> Result<(), StoreError> {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(());
    };
    if path.symlink_metadata().is_ok() {
        return Ok(());
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    let prefix = format!("{name}.new-");
    sweep_stale(dir, &prefix);
    // Unique to this creation: the reader and a refresh of one process
    // may create the same cache at once too.
    static CREATIONS: AtomicU64 = AtomicU64::new(0);
    let n = CREATIONS.fetch_add(1, Ordering::Relaxed);
    let building = dir.join(format!("{prefix}{}-{n}", std::process::id()));
    // Errors name the cache, the file the reader knows of.
    let shown = path.display().to_string();
    let io = |source| StoreError::Io {
        path: shown.clone(),
        source,
    };
    remove_quietly(&building);
    let result = build(&building, &shown)
        .and_then(|()| {
            std::fs::OpenOptions::new()
                .write(true)
                .open(&building)
                .and_then(|f| f.sync_all())
                .map_err(io)
        })
        .map(|()| std::fs::hard_link(&building, path));
    remove_quietly(&building);
    match result? {
        Ok(()) => Ok(()),
        // Another instance was first: its cache is as good as ours.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        // No hard links here: the caller creates the cache in place.
        Err(e) => {
            tracing::debug!("could not link a new cache into place ({e}); creating it in place");
            Ok(())
        }
    }
}

/// The whole schema in a new file: no journal and no syncs (module
/// header), then WAL, which is written into the file's header.
fn build(file: &Path, shown: &str) -> Result<(), StoreError> {
    let mut conn = Connection::open(file).at(shown)?;
    conn.execute_batch(
        "PRAGMA journal_mode = OFF;
         PRAGMA synchronous = OFF;
         PRAGMA auto_vacuum = INCREMENTAL;",
    )
    .at(shown)?;
    schema::migrate(&mut conn, shown)?;
    let _mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .at(shown)?;
    conn.close().map_err(|(_, e)| e).at(shown)
}

/// Temporary files of creations that did not finish (`prefix` + a pid
/// and a count) older than a minute.
fn sweep_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return;
    };
    let old = |p: &PathBuf| {
        p.metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE)
    };
    for entry in entries.flatten() {
        let p = entry.path();
        let ours = p
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|rest| rest.split_once('-'))
            .is_some_and(|(pid, n)| digits(pid) && digits(n));
        if ours && old(&p) {
            remove_quietly(&p);
        }
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A creation takes milliseconds; a temporary file this old is a crash's.
const STALE: Duration = Duration::from_secs(60);

/// Remove `file` and the journals SQLite may have left beside it.
fn remove_quietly(file: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_new_cache_is_whole_under_its_name_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        create_if_missing(&path).unwrap();
        assert_eq!(names(dir.path()), ["cache.db"]);
        let c = Connection::open(&path).unwrap();
        let version: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, super::super::SCHEMA_VERSION);
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let vacuum: i64 = c.query_row("PRAGMA auto_vacuum", [], |r| r.get(0)).unwrap();
        assert_eq!(vacuum, 2, "incremental");
        drop(c);
        // Something already there is left alone, whatever it is.
        std::fs::write(&path, b"not a database").unwrap();
        create_if_missing(&path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"not a database");
    }

    #[test]
    fn a_crashed_creation_is_swept_once_stale_and_a_running_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join("cache.db.new-4242-0");
        let running = dir.path().join("cache.db.new-4343-1");
        let other = dir.path().join("cache.db.new-notapid");
        for f in [&stale, &running, &other] {
            std::fs::write(f, b"half").unwrap();
        }
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        for f in [&stale, &other] {
            std::fs::File::options()
                .write(true)
                .open(f)
                .unwrap()
                .set_modified(hour_ago)
                .unwrap();
        }
        create_if_missing(&dir.path().join("cache.db")).unwrap();
        assert_eq!(
            names(dir.path()),
            ["cache.db", "cache.db.new-4343-1", "cache.db.new-notapid"]
        );
    }

    #[test]
    fn instances_creating_one_cache_at_once_all_open_the_same_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        let stores: Vec<Store> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4).map(|_| s.spawn(|| Store::open(&path))).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap().unwrap())
                .collect()
        });
        let feed = crate::config::settings::FeedSettings::new(
            "kz",
            url::Url::parse("https://example.kz/feed").unwrap(),
        );
        let mut first = stores.into_iter();
        let mut a = first.next().unwrap();
        a.sync_feeds(&[feed]).unwrap();
        for b in first {
            assert_eq!(b.feeds().unwrap().len(), 1, "one cache for all");
        }
        assert_eq!(
            names(dir.path()),
            ["cache.db", "cache.db-shm", "cache.db-wal"],
            "no file of the losing creations left"
        );
    }
}

//! The write-ahead log's checkpoints, for a writer that leaves them to a
//! connection of their own (`refresh::checkpoints`).
//!
//! SQLite checkpoints inside the commit that pushes the log past
//! `wal_autocheckpoint` pages: the writer copies ~4 MB of pages into the
//! database and syncs it while the refresh's parsers wait for it. A
//! PASSIVE checkpoint from another connection takes no write lock, so it
//! runs beside the writer's next transactions; the writer keeps a high
//! automatic threshold as a backstop, should the other fall behind.

use std::path::Path;

use rusqlite::Connection;

use super::{At, BUSY_TIMEOUT, Store, StoreError};

/// The writer's automatic checkpoint while another connection does them:
/// only if the log reaches 4× SQLite's default (16 MB of 4 KB pages).
pub const BACKSTOP_PAGES: u32 = 4000;
/// SQLite's default threshold, for when the writer is on its own again.
const DEFAULT_PAGES: u32 = 1000;

impl Store {
    /// Leave checkpoints to another connection ([`Checkpoints`]), keeping
    /// a backstop; `false` gives them back to this one.
    pub fn checkpoints_elsewhere(&self, on: bool) -> Result<(), StoreError> {
        let pages = if on { BACKSTOP_PAGES } else { DEFAULT_PAGES };
        self.conn
            .pragma_update(None, "wal_autocheckpoint", pages)
            .at(&self.path)
    }
}

/// A connection that only checkpoints the cache at `path`.
pub struct Checkpoints {
    conn: Connection,
    path: String,
}

impl Checkpoints {
    /// Open the cache's file for checkpoints; it must exist (the writer
    /// opened it first).
    pub fn open(path: &Path) -> Result<Checkpoints, StoreError> {
        let shown = path.display().to_string();
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .at(&shown)?;
        conn.busy_timeout(BUSY_TIMEOUT).at(&shown)?;
        Ok(Checkpoints { conn, path: shown })
    }

    /// Copy what the log holds into the database, beside any writer.
    /// Returns the log's frames and how many of them are now copied.
    pub fn passive(&self) -> Result<(i64, i64), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(1)?, r.get(2)?))
            })
            .at(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passive_checkpoint_copies_the_log_beside_an_open_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        let mut s = Store::open(&path).unwrap();
        s.checkpoints_elsewhere(true).unwrap();
        let feeds: Vec<_> = (0..40)
            .map(|i| {
                crate::config::settings::FeedSettings::new(
                    format!("f{i}"),
                    url::Url::parse(&format!("https://f{i}.example/rss")).unwrap(),
                )
            })
            .collect();
        s.sync_feeds(&feeds).unwrap();
        let c = Checkpoints::open(&path).unwrap();
        let (frames, copied) = c.passive().unwrap();
        assert!(frames > 0, "the writer's commits are in the log");
        assert_eq!(copied, frames, "all of them copied");
        // More commits, then beside a writer holding its write lock: no
        // wait, no error, and every committed frame copied.
        s.sync_feeds(&feeds[..20]).unwrap();
        let batch = s.batch().unwrap();
        // (The log restarted from its beginning after the full copy.)
        let (more, copied) = c.passive().unwrap();
        assert!(more > 0);
        assert_eq!(copied, more);
        drop(batch);
    }
}

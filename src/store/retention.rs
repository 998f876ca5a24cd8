//! Retention (removing old articles) and maintenance.
//!
//! Rules:
//! - starred articles are always kept;
//! - unread articles are removed like read ones once past the policy (an
//!   unread backlog older than `max_age` is not news any more);
//! - an article still present in its feed's latest document is kept even
//!   past the policy: removing it would make the next refresh insert it
//!   again as a new, unread article. (For feeds no longer configured there
//!   is no next refresh, so this protection does not apply.) "Present" is
//!   known to within `LAST_SEEN_STEP`, so an article that left the feed is
//!   removed at most that much later than it could have been.
//!
//! Removed articles leave the search index through a trigger (see
//! `schema`), so nothing here has to know about it.

use chrono::{DateTime, Utc};

use super::convert::{count, to_ts};
use super::{At, LAST_SEEN_STEP, Store, StoreError, write_tx};
use crate::config::settings::CacheSettings;

impl Store {
    /// Remove old articles per the policy; starred ones are always kept.
    /// Returns how many were removed.
    pub fn apply_retention(
        &mut self,
        policy: &CacheSettings,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        // A max_age too large for chrono means "keep everything".
        let cutoff: Option<i64> = policy
            .max_age
            .and_then(|age| chrono::Duration::from_std(age).ok())
            .and_then(|age| now.checked_sub_signed(age))
            .map(to_ts);
        let cap: Option<i64> = policy
            .max_per_feed
            .map(|c| i64::try_from(c).unwrap_or(i64::MAX));
        // Fingerprints past their horizon go whatever the policy (even one
        // keeping every article): the cache stays bounded by them too.
        let dropped = self.drop_old_fingerprints(now)?;
        if cutoff.is_none() && cap.is_none() {
            if dropped > 0 {
                incremental_vacuum(&self.conn).at(&self.path)?;
            }
            return Ok(0);
        }
        // NULL parameters make their branch false, so one statement covers
        // every combination of the two limits.
        let sql = "
            DELETE FROM articles WHERE id IN (
                SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id
                JOIN article_flags g ON g.article_id = a.id
                WHERE g.starred = 0
                  AND (f.active = 0
                       OR a.sort_date + a.first_seen_delay + a.seen_for
                          < coalesce(f.last_update, 0) - ?3)
                  AND (a.sort_date < ?1
                       OR (?2 IS NOT NULL AND a.id IN (
                            SELECT id FROM (
                                SELECT id, row_number() OVER (
                                    PARTITION BY feed_id ORDER BY sort_date DESC, id DESC) AS rn
                                FROM articles
                                -- Only feeds over the cap (their exact
                                -- totals, `counts`): the window sorted every
                                -- article of the cache on every refresh.
                                WHERE feed_id IN
                                    (SELECT feed_id FROM feed_counts WHERE total > ?2))
                            WHERE rn > ?2))))";
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        let n = tx
            .prepare_cached(sql)
            .at(path)?
            .execute(rusqlite::params![cutoff, cap, LAST_SEEN_STEP])
            .at(path)?;
        // Names only the removed articles used go too (`names`), when
        // there are many.
        if n > 0
            && let Some(left) = super::names::sweep(&tx, self.names_floor).at(path)?
        {
            self.names_floor = super::names::SWEEP_FLOOR.max(2 * left);
        }
        tx.commit().at(path)?;
        if n > 0 || dropped > 0 {
            // Hand the freed pages back to the file system, so a cache
            // kept by retention stays bounded on disk too (the file is in
            // auto_vacuum = INCREMENTAL mode, see `schema::configure`).
            incremental_vacuum(&self.conn).at(path)?;
        }
        Ok(count(i64::try_from(n).unwrap_or(i64::MAX)))
    }

    /// Remove the stored fingerprints of articles dated past
    /// `FINGERPRINT_HORIZON` at `now` (they are computed from the texts
    /// when read); returns how many. Part of `apply_retention`.
    pub fn drop_old_fingerprints(&mut self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        let n = super::fingerprints::drop_beyond_horizon(&tx, to_ts(now)).at(path)?;
        tx.commit().at(path)?;
        Ok(n)
    }

    /// Give freed pages back to the file system and refresh the query
    /// planner's statistics. Cheap when there is little to do; meant for
    /// after retention or at exit.
    pub fn optimize(&self) -> Result<(), StoreError> {
        incremental_vacuum(&self.conn).at(&self.path)?;
        self.conn.execute_batch("PRAGMA optimize;").at(&self.path)
    }

    /// Fold the write-ahead log back into the database file and truncate it
    /// (e.g. at exit, so the cache directory holds one compact file).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .at(&self.path)
    }
}

/// Free every page on the free list. The pragma frees one page per step of
/// its statement, so it must be stepped to the end: run through
/// `execute_batch` it freed a single page.
pub(super) fn incremental_vacuum(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare("PRAGMA incremental_vacuum")?;
    let mut rows = stmt.query([])?;
    while rows.next()?.is_some() {}
    Ok(())
}

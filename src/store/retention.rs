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
//!
//! # Feeds with nothing to remove (schema v28)
//!
//! Each update writes how many of the feed's stored articles its document
//! named (`feeds.sighted`: the items inserted, changed or found unchanged;
//! not those a damaged document could not add). An article named by its
//! feed's latest document is protected by the rule above, so a feed whose
//! total (`feed_counts`, exact) is not above `sighted` has every article
//! protected, and retention does not read its articles at all. That is
//! exact, not a guess: a feed's articles only grow by an update (which
//! sets `sighted` again) or by a move from another feed (which raises the
//! total above it); deletes leave only articles that were named. The
//! feeds of a first refresh, and feeds whose stored articles are all still
//! published (an archive, a podcast's back catalogue), cost nothing on
//! every refresh: before v28 retention read every article past the age
//! limit, and a first refresh of 25,000 articles dated last year spent
//! ~20 ms alone at its end on it (docs/performance.md). `sighted` is NULL
//! until a feed's first update under v28, which reads its articles as
//! before.

use chrono::{DateTime, Utc};

use super::convert::{count, to_ts};
use super::{At, LAST_SEEN_STEP, Store, StoreError, write_tx};
use crate::config::settings::CacheSettings;

/// The v28 step: how many stored articles each feed's latest document
/// named (module header). Safe to run again, as every step that adds a
/// column (`table_info`).
pub(super) fn v28(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    if !super::table_info::has_column(conn, "feeds", "sighted")? {
        conn.execute_batch("ALTER TABLE feeds ADD COLUMN sighted INTEGER;")?;
    }
    Ok(())
}

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
        // every combination of the two limits. `open` leaves out the feeds
        // whose every stored article was in their latest document (module
        // header, "Feeds with nothing to remove"); `candidates` are the
        // articles past either limit, by index; the outer filter keeps the
        // starred and those still in their feed.
        let sql = "
            WITH open (id, active, seen_by, total) AS (
                SELECT f.id, f.active, coalesce(f.last_update, 0) - ?3, c.total
                FROM feeds f JOIN feed_counts c ON c.feed_id = f.id
                WHERE f.active = 0 OR f.sighted IS NULL OR c.total > f.sighted),
            candidates (id) AS (
                SELECT a.id FROM open o JOIN articles a
                    ON a.feed_id = o.id AND a.sort_date < ?1
                UNION
                SELECT id FROM (
                    SELECT id, row_number() OVER (
                        PARTITION BY feed_id ORDER BY sort_date DESC, id DESC) AS rn
                    FROM articles
                    -- Only feeds over the cap (their exact totals,
                    -- `counts`): the window sorted every article of the
                    -- cache on every refresh.
                    WHERE ?2 IS NOT NULL
                      AND feed_id IN (SELECT id FROM open WHERE total > ?2))
                WHERE rn > ?2)
            DELETE FROM articles WHERE id IN (
                SELECT a.id FROM candidates k
                JOIN articles a ON a.id = k.id
                JOIN open o ON o.id = a.feed_id
                JOIN article_flags g ON g.article_id = a.id
                WHERE g.starred = 0
                  AND (o.active = 0
                       OR a.sort_date + a.first_seen_delay + a.seen_for < o.seen_by))";
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

//! Marking many articles read or unread in one statement, with the feed
//! counts moved once per feed instead of once per article.
//!
//! Why: on the flags table (v13) a mark of 100,000 articles is cheap
//! enough that the per-row count trigger (`counts::triggers_on`,
//! `feed_counts_read`) is a sixth of it: SQLite runs a trigger as a
//! sub-program per row, and measured on a year of news (`mark_cost DB
//! flags flags_no_trigger flags_paused`, docs/performance.md) the trigger's
//! cost is that call, not its one-row update: a trigger whose `WHEN` tests
//! a one-row "paused" table per row costs nearly as much as the update it
//! skips. So this path runs its `UPDATE` with triggers switched off on its
//! own connection (`SQLITE_DBCONFIG_ENABLE_TRIGGER`, which no other
//! connection sees) and moves `feed_counts` by the grouped delta of the
//! rows that `UPDATE … RETURNING` reports as changed, in the same
//! transaction.
//!
//! Why the counts stay exact: the statement changes exactly the rows whose
//! unread state flips (`(read = 0) = ?2`, the trigger's own test), and it
//! returns exactly those rows with their feeds; the delta is their count
//! per feed. The unread counts per span of dates (v18, `unread_spans`)
//! move the same way: the statement returns each changed row's date too,
//! and each span moves by its changed rows' count. Every other writer of
//! the flags (a feed marked read, sync, starring, deletes, a feed's
//! removal) still counts by trigger, but for new articles (`new_rows`).
//! Triggers are switched back on before anything else runs, also when the
//! statement fails (`TriggersOff` restores on drop), and only the one
//! statement runs while they are off (a `DELETE` there would skip the
//! search index's and the flags' own triggers). Tests: `tests/io/mark.rs`
//! compares the counts with a recount after every way of marking.

use std::collections::HashMap;

use super::unread_spans::SPAN_SHIFT;
use crate::domain::{ArticleId, FeedId};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, params};

/// Triggers off on one connection until dropped. Toggling the setting
/// expires the connection's prepared statements, so each is prepared
/// again, with or without its trigger programs, the next time it runs.
struct TriggersOff<'c> {
    conn: &'c Connection,
    on_again: bool,
}

impl<'c> TriggersOff<'c> {
    fn new(conn: &'c Connection) -> rusqlite::Result<Self> {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        Ok(TriggersOff {
            conn,
            on_again: false,
        })
    }

    /// Triggers on again, with the error if SQLite refuses (it cannot for
    /// a valid option; the caller's transaction then rolls back).
    fn restore(mut self) -> rusqlite::Result<()> {
        self.on_again = true;
        let on = self
            .conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)?;
        if on {
            Ok(())
        } else {
            Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
                Some("triggers could not be switched on again".into()),
            ))
        }
    }
}

/// The fallback when the statement failed or panicked before `restore`.
impl Drop for TriggersOff<'_> {
    fn drop(&mut self) {
        if !self.on_again {
            let _ = self
                .conn
                .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true);
        }
    }
}

/// SQLite's default page cache (2 MB) for the length of one mark of many,
/// then back to what it was.
///
/// Why: the update dirties a flags page per ~30 ids spread over the table
/// (3,200 for the newest 100,000 unread of a year), and before v18 the
/// unread-by-date index's pages, which it visited in id order. A cache
/// smaller than that set spills dirty pages to the WAL mid-statement and
/// reads index pages back to change them again: 100,000 marked with a
/// cache that holds them took ~12% less CPU (docs/performance.md). The
/// cache grows only as pages are used, ~160 bytes an id at most, capped:
/// 16 MB for 100,000, and it is handed back when the size is restored
/// (the dirty pages go at the commit).
struct PageCacheFor<'c> {
    conn: &'c Connection,
    before: Option<i64>,
}

/// The largest cache a mark takes, in KiB (a negative `cache_size`).
const MARK_CACHE_MAX_KIB: i64 = 32 * 1024;

impl<'c> PageCacheFor<'c> {
    fn new(conn: &'c Connection, ids: usize) -> rusqlite::Result<Self> {
        let before: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        let want = i64::try_from(ids / 6)
            .unwrap_or(MARK_CACHE_MAX_KIB)
            .min(MARK_CACHE_MAX_KIB);
        // In KiB when negative, in pages when positive (4 KiB here).
        let now_kib = if before < 0 { -before } else { before * 4 };
        if want <= now_kib {
            return Ok(PageCacheFor { conn, before: None });
        }
        conn.pragma_update(None, "cache_size", -want)?;
        Ok(PageCacheFor {
            conn,
            before: Some(before),
        })
    }
}

impl Drop for PageCacheFor<'_> {
    fn drop(&mut self) {
        if let Some(before) = self.before {
            // Only a size: it cannot fail on a valid connection, and a
            // larger cache left behind would cost memory, not state.
            let _ = self.conn.pragma_update(None, "cache_size", before);
        }
    }
}

/// Set `read` on the articles `ids` names, inside the caller's
/// transaction; returns the articles whose unread state flipped, with
/// their feeds, in no particular order. Ids of articles that no longer
/// exist are skipped, a repeated id counts once.
///
/// The ids go to SQLite sorted and without repeats, joined by `UPDATE …
/// FROM json_each`: the flags rows are then visited in key order, and
/// SQLite builds no temporary index of the list as it does for `IN
/// (SELECT …)` (225 → 182 ms CPU for 100,000 on the 1M cache).
pub(super) fn set_read(
    conn: &Connection,
    ids: &[ArticleId],
    read: bool,
) -> rusqlite::Result<Vec<(i64, i64)>> {
    let mut unique: Vec<i64> = ids.iter().map(|id| id.0).collect();
    unique.sort_unstable();
    unique.dedup();
    let list = super::sync_queue::json_ids(&unique);
    let _cache = PageCacheFor::new(conn, unique.len())?;
    let off = TriggersOff::new(conn)?;
    let mut per_span: HashMap<i64, i64> = HashMap::new();
    let changed: rusqlite::Result<Vec<(i64, i64)>> = (|| {
        // Not cached: prepared while triggers are off, it would be
        // expired anyway by switching them on again.
        let mut stmt = conn.prepare(
            "UPDATE article_flags SET read = ?2 FROM json_each(?1) j
             WHERE article_flags.article_id = j.value AND (read = 0) = ?2
             RETURNING article_id, feed_id, sort_date",
        )?;
        let mut rows = stmt.query(params![list, read])?;
        let mut changed = Vec::with_capacity(unique.len());
        while let Some(r) = rows.next()? {
            let date: i64 = r.get(2)?;
            *per_span.entry(date >> SPAN_SHIFT).or_default() += 1;
            changed.push((r.get(0)?, r.get(1)?));
        }
        Ok(changed)
    })();
    off.restore()?;
    let changed = changed?;
    let mut per_feed: HashMap<i64, i64> = HashMap::new();
    for (_, feed) in &changed {
        *per_feed.entry(*feed).or_default() += 1;
    }
    let sign = if read { -1 } else { 1 };
    let mut moved =
        conn.prepare_cached("UPDATE feed_counts SET unread = unread + ?2 WHERE feed_id = ?1")?;
    for (feed, n) in per_feed {
        moved.execute(params![feed, sign * n])?;
    }
    // The unread counts per span of dates (`unread_spans`, v18), which
    // the trigger `unread_spans_change` would have moved row by row. An
    // upsert: a span whose articles all came in read has no row yet.
    let mut spans = conn.prepare_cached(
        "INSERT INTO unread_spans (span, unread) VALUES (?1, ?2)
         ON CONFLICT (span) DO UPDATE SET unread = unread + excluded.unread",
    )?;
    for (span, n) in per_span {
        spans.execute(params![span, sign * n])?;
    }
    Ok(changed)
}

/// `changed` (from [`set_read`], in no order) in the order of `ids`, each
/// article once. A binary search per asked id: a sort by a hash map's
/// position of each id cost 73 ms CPU for 100,000 (`mark_cost DB
/// store_split`), more than the count trigger this module saves.
pub(super) fn in_asked_order(
    ids: &[ArticleId],
    mut changed: Vec<(i64, i64)>,
) -> Vec<(ArticleId, FeedId)> {
    changed.sort_unstable_by_key(|c| c.0);
    let mut taken = vec![false; changed.len()];
    let mut out = Vec::with_capacity(changed.len());
    for id in ids {
        if let Ok(i) = changed.binary_search_by_key(&id.0, |c| c.0)
            && !std::mem::replace(&mut taken[i], true)
        {
            out.push((*id, FeedId(changed[i].1)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{MARK_CACHE_MAX_KIB, PageCacheFor, in_asked_order};
    use crate::domain::{ArticleId, FeedId};
    use rusqlite::Connection;

    fn cache_size(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "cache_size", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_big_mark_grows_the_page_cache_for_its_length_only_and_within_the_cap() {
        let conn = Connection::open_in_memory().unwrap();
        let before = cache_size(&conn);
        {
            // Few ids: the default cache is big enough, nothing changes.
            let _small = PageCacheFor::new(&conn, 1_000).unwrap();
            assert_eq!(cache_size(&conn), before);
        }
        {
            let _big = PageCacheFor::new(&conn, 100_000).unwrap();
            assert_eq!(cache_size(&conn), -16_666);
        }
        assert_eq!(cache_size(&conn), before, "not restored");
        {
            let _huge = PageCacheFor::new(&conn, 10_000_000).unwrap();
            assert_eq!(cache_size(&conn), -MARK_CACHE_MAX_KIB);
        }
        assert_eq!(cache_size(&conn), before, "not restored");
        // A cache set larger by the user (in pages) is left alone.
        conn.pragma_update(None, "cache_size", 100_000).unwrap();
        {
            let _big = PageCacheFor::new(&conn, 100_000).unwrap();
            assert_eq!(cache_size(&conn), 100_000);
        }
        assert_eq!(cache_size(&conn), 100_000);
    }

    #[test]
    fn changed_rows_come_back_in_the_asked_order_each_once() {
        let asked: Vec<ArticleId> = [7, 3, 9, 3, 5, 7, 11].map(ArticleId).to_vec();
        // 11 was asked but did not change; 5 changed in feed 2.
        let changed = vec![(9, 1), (3, 1), (5, 2), (7, 1)];
        assert_eq!(
            in_asked_order(&asked, changed),
            [(7, 1), (3, 1), (9, 1), (5, 2)]
                .map(|(a, f)| (ArticleId(a), FeedId(f)))
                .to_vec()
        );
        assert!(in_asked_order(&[], vec![]).is_empty());
    }
}

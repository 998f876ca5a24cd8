//! Schema v27: the rows a new article brings besides its own — its flags,
//! its places in the story linker's and the search index's queues, its
//! feed's and its span's unread counts — written by the update that
//! inserts it (`update::ItemWriter::insert`) instead of by triggers.
//!
//! Why: a statement that fires triggers and may abort part way (a foreign
//! key, an upsert's `NOT NULL`) runs inside a statement journal: SQLite
//! copies every page the statement touches into memory first, so that it
//! can undo the statement alone. The article's insert touched ~10 pages
//! (the row, its indexes, the flags row and its index, the two counts, the
//! queue) and copied each of them for every article: 7.5% of a first
//! refresh's CPU (`perf record` of 25,000 articles; docs/performance.md,
//! "First refresh: statement journals, …"). A single-row insert into a
//! table without insert triggers needs no journal (its constraints are
//! all checked before it writes). The rows written here go in once per
//! feed's update, one statement per table for all of its new articles
//! (their ids bound as one `rarray`): the flags insert journals only the
//! few pages those rows fill, and the counts move by what was inserted.
//!
//! The journal bought nothing here: the writer's transaction stands or
//! falls as one (`batch`: any error rolls the whole group back), so a
//! statement undone alone was never needed.
//!
//! Why the rows and counts stay exact: every article is inserted by
//! `ItemWriter::insert`, which calls [`NewRows::article`] for it in the
//! same transaction, and [`NewRows::finish`] runs before that transaction
//! can commit (an error before it dooms the transaction); nothing in an
//! update reads a new article's flags or queue rows before then. A new
//! article is unread (`read` is not written on insert), so it adds one to
//! its feed's total and unread and one to its span's unread, as the
//! dropped triggers did. Deletes, read flips and moves still count by
//! trigger. The tests compare the rows and counts with a recount after
//! fetches, marks and retention (`tests/io/new_rows.rs`, `mark_layout.rs`,
//! `tests/e2e/store_counts.rs`).

use std::collections::HashMap;
use std::rc::Rc;

use rusqlite::types::Value;
use rusqlite::vtab::array::Array;
use rusqlite::{Connection, params};

use super::unread_spans::SPAN_SHIFT;

/// The v27 step: the triggers whose work `NewRows` does. Their deletes',
/// updates' and moves' triggers stay.
pub(super) const V27: &str = "
DROP TRIGGER IF EXISTS article_flags_insert;
DROP TRIGGER IF EXISTS story_links_insert;
DROP TRIGGER IF EXISTS feed_counts_insert;
DROP TRIGGER IF EXISTS unread_spans_insert;
";

/// One feed's new articles' other rows, within the update's transaction.
pub(super) struct NewRows<'t> {
    conn: &'t Connection,
    feed: i64,
    /// The ids of the articles inserted so far (all unread).
    ids: Vec<Value>,
    /// Unread added per span of dates.
    spans: HashMap<i64, i64>,
}

impl<'t> NewRows<'t> {
    pub(super) fn new(conn: &'t Connection, feed: i64) -> Self {
        NewRows {
            conn,
            feed,
            ids: Vec::new(),
            spans: HashMap::new(),
        }
    }

    /// The article `id` of this feed, dated `sort_date`, was just inserted.
    pub(super) fn article(&mut self, id: i64, sort_date: i64) {
        self.ids.push(Value::Integer(id));
        *self.spans.entry(sort_date >> SPAN_SHIFT).or_default() += 1;
    }

    /// The new articles' flags rows and queue places, and the feed's and
    /// the spans' counts moved by what was inserted. One statement per
    /// table for all of the feed's new articles (`rarray`), not one per
    /// article: the per-statement work (bind, step, reset) of three rows
    /// per article was ~4% of a first refresh's CPU (docs/performance.md,
    /// "First refresh: the serial start and end").
    pub(super) fn finish(self) -> rusqlite::Result<()> {
        let count = self.ids.len() as i64;
        if count == 0 {
            return Ok(());
        }
        let ids: Array = Rc::new(self.ids);
        self.conn
            .prepare_cached(
                "INSERT INTO article_flags (article_id, feed_id, sort_date)
                 SELECT a.id, a.feed_id, a.sort_date FROM rarray(?1) n
                 JOIN articles a ON a.id = n.value",
            )?
            .execute([&ids])?;
        // OR IGNORE as the triggers had it: an id queued and never
        // cleared (none should be) must not fail the update.
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO story_links_pending (article_id)
                 SELECT value FROM rarray(?1)",
            )?
            .execute([&ids])?;
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO fts_pending (article_id) SELECT value FROM rarray(?1)",
            )?
            .execute([&ids])?;
        self.conn
            .prepare_cached(
                "INSERT INTO feed_counts (feed_id, total, unread) VALUES (?1, ?2, ?2)
                 ON CONFLICT (feed_id) DO UPDATE SET
                     total = total + excluded.total, unread = unread + excluded.unread",
            )?
            .execute(params![self.feed, count])?;
        let mut spans = self.conn.prepare_cached(
            "INSERT INTO unread_spans (span, unread) VALUES (?1, ?2)
             ON CONFLICT (span) DO UPDATE SET unread = unread + excluded.unread",
        )?;
        for (span, n) in &self.spans {
            spans.execute(params![span, n])?;
        }
        Ok(())
    }
}

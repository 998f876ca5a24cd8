//! Schema v18: the unread list of all feeds finds its rows through
//! per-span unread counts instead of a partial index on `read`, and the
//! flags table is rewritten in id order.
//!
//! Why: marking the 100,000 newest unread read spent ~48 ms of its ~190
//! ms CPU deleting their entries from `article_flags_unread_by_date`
//! (v13's partial index `(sort_date) WHERE read = 0`): every marked row
//! leaves it. Its only reader was the unread list of all feeds, which
//! walked it in date order. Without it that list walks the articles' date
//! index and looks each flags row up by its key, which on a cache read up
//! to its last weeks means a year of read rows before the first unread
//! one. So `unread_spans(span, unread)` counts the unread articles of each
//! span of 2^12 s (~68 minutes) of `sort_date`, and the list walks only
//! the spans that have any, newest first, each through the date index
//! (`query::list_sql`). A mark changes one small row per span it touches
//! (a few hundred for 100,000 articles), never an index.
//!
//! Exact by construction, like `feed_counts`: triggers on `article_flags`
//! (a row deleted, its `read` flipped or its date moved) keep the counts,
//! so every writer of articles or flags — a refresh, sync, retention, a
//! feed's removal, a feed marked read — keeps them. Two exceptions move
//! the counts themselves in the same transaction: `mark_many`, which runs
//! its single `UPDATE` with triggers off and moves these counts, like the
//! feed counts, by the changed rows' count per span; and the insert of new
//! articles, which adds them per span once per feed's update (`new_rows`,
//! v27). A count is only ever a bound
//! the list uses to skip spans: the list still tests `read = 0` per row,
//! so a span counted too high costs a walk, never a wrong row; one
//! counted too low would hide rows, which the tests guard against
//! (`tests/io/mark_layout.rs` compares the counts with a recount).
//!
//! The span is `sort_date >> 12` (arithmetic shift: floor for dates
//! before 1970 too). At a million articles a year a span holds ~120
//! articles, so a span with a single unread costs the list ~120 key
//! lookups, and the table has ~7,700 rows a year. Spans whose count drops
//! to zero stay (a row of a few bytes each); the list skips them.
//!
//! The rewrite: `article_flags` is copied aside, dropped, the file's free
//! pages handed back (incremental vacuum, inside the step's transaction),
//! and the table written again in id order, so its pages follow each other
//! at the end of the file. A cache migrated through v13 had the table
//! spread over free pages between other tables' (a mark of 100,000 cost
//! ~30% more CPU there than on a packed copy; docs/performance.md,
//! "Marking 100,000 read on any layout"). Its rows, flags and counts are
//! unchanged; only where they lie.

use rusqlite::Connection;

/// `sort_date >> SPAN_SHIFT` is an article's span.
pub(super) const SPAN_SHIFT: u32 = 12;

/// v18. Safe to run again over any later state (tests set the version
/// back): the table is rebuilt the same way, the counts recounted.
pub(super) fn v18(conn: &Connection) -> rusqlite::Result<()> {
    rewrite_flags(conn)?;
    conn.execute_batch(&format!(
        "DROP INDEX IF EXISTS article_flags_unread_by_date;
         DROP TRIGGER IF EXISTS unread_spans_insert;
         DROP TRIGGER IF EXISTS unread_spans_delete;
         DROP TRIGGER IF EXISTS unread_spans_change;
         CREATE TABLE IF NOT EXISTS unread_spans (
             span   INTEGER PRIMARY KEY,
             unread INTEGER NOT NULL
         ) STRICT;
         {triggers}
         DELETE FROM unread_spans;
         INSERT INTO unread_spans (span, unread)
             SELECT sort_date >> {SPAN_SHIFT}, count(*) FROM article_flags
             WHERE read = 0 GROUP BY 1;",
        triggers = triggers(),
    ))
}

/// The triggers that keep `unread_spans` equal to a count of the flags
/// rows with `read = 0` per span. The insert trigger is dropped by v27
/// (the insert of articles moves the counts itself, `new_rows`).
fn triggers() -> String {
    let s = SPAN_SHIFT;
    format!(
        "CREATE TRIGGER unread_spans_insert AFTER INSERT ON article_flags
         WHEN new.read = 0 BEGIN
             INSERT INTO unread_spans (span, unread) VALUES (new.sort_date >> {s}, 1)
             ON CONFLICT (span) DO UPDATE SET unread = unread + 1;
         END;
         CREATE TRIGGER unread_spans_delete AFTER DELETE ON article_flags
         WHEN old.read = 0 BEGIN
             UPDATE unread_spans SET unread = unread - 1 WHERE span = old.sort_date >> {s};
         END;
         -- Read flipped, or an unread row's date moved to another span.
         CREATE TRIGGER unread_spans_change AFTER UPDATE OF read, sort_date ON article_flags
         WHEN (old.read = 0) != (new.read = 0)
           OR (old.read = 0 AND (old.sort_date >> {s}) != (new.sort_date >> {s})) BEGIN
             UPDATE unread_spans SET unread = unread - 1
             WHERE old.read = 0 AND span = old.sort_date >> {s};
             INSERT INTO unread_spans (span, unread)
             SELECT new.sort_date >> {s}, 1 WHERE new.read = 0
             ON CONFLICT (span) DO UPDATE SET unread = unread + 1;
         END;"
    )
}

/// `article_flags` written again in id order at the end of the file (see
/// the module's doc), with its index and the triggers that refer to it.
fn rewrite_flags(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.flags_v18;
         CREATE TEMP TABLE flags_v18 AS
             SELECT article_id, feed_id, sort_date, read, starred FROM main.article_flags;
         DROP TRIGGER IF EXISTS article_flags_insert;
         DROP TRIGGER IF EXISTS article_flags_move;
         DROP TRIGGER IF EXISTS article_flags_delete;
         DROP TABLE main.article_flags;",
    )?;
    // The dropped table's pages (and any others free) leave the file now,
    // so the new table's pages are taken from its end, in order, and not
    // from free pages scattered between other tables'.
    super::retention::incremental_vacuum(conn)?;
    conn.execute_batch(&format!(
        "CREATE TABLE main.article_flags (
             article_id INTEGER PRIMARY KEY,
             feed_id    INTEGER NOT NULL,
             sort_date  INTEGER NOT NULL,
             read       INTEGER NOT NULL DEFAULT 0,
             starred    INTEGER NOT NULL DEFAULT 0
         ) STRICT;
         INSERT INTO main.article_flags (article_id, feed_id, sort_date, read, starred)
             SELECT article_id, feed_id, sort_date, read, starred FROM temp.flags_v18
             ORDER BY article_id;
         DROP TABLE temp.flags_v18;
         CREATE INDEX article_flags_starred_by_date
             ON article_flags (sort_date) WHERE starred = 1;
         {article_triggers}
         {counts}",
        article_triggers = super::flags::ARTICLE_TRIGGERS,
        counts = super::counts::triggers_on("article_flags"),
    ))
}

//! Schema v13: each article's read/starred state in a narrow table of its
//! own, `article_flags`, instead of in the article row.
//!
//! Why: SQLite writes whole pages. An article row is ~680 bytes (the
//! fingerprint alone ~350), six to a 4 KB page, so marking the 100,000
//! newest unread of a year of news read dirtied ~69,000 pages, each
//! written to the WAL and again by the checkpoint: ~2.5 s of CPU, 71% of it
//! in the kernel moving pages (docs/performance.md, "Marking 100,000 read").
//! A flags row is ~20 bytes, ~200 to a page: the same mark writes a few
//! thousand.
//!
//! Layout: `article_flags(article_id PRIMARY KEY, feed_id, sort_date, read,
//! starred)`. `feed_id` and `sort_date` are copies of the article's, so the
//! starred list walks the flags' partial index in date order, the unread
//! counts (per feed, per span of dates) are kept from this table alone,
//! and a mark never touches `articles`. They are kept
//! in step by triggers on `articles` (insert, a change of feed or date,
//! delete), so every writer of articles — a refresh, sync, retention, a
//! feed's removal through its cascade — keeps them exact by construction.
//! No foreign key: a raw connection without `foreign_keys` (tests, old
//! tools) would skip a cascade, while the delete trigger always fires.
//!
//! Indexes: starred by date (the starred list, search's starred filter).
//! v13 also had a partial unread-by-date index, which v18 dropped: every
//! row a mark changed left it (~48 ms of marking 100,000 read on a year
//! of news). The unread list of all feeds now walks per-span unread
//! counts kept by triggers and the articles' date index (see
//! `unread_spans`, which also rewrites this table in id order).
//! No unread-by-feed index: the lookups of one feed (marking a feed read, its sync queue, a feed's unread list) start
//! from the article's `(feed_id, sort_date)` index and look each flags row
//! up by its key, which a feed's few hundred articles make cheap, while the
//! index would cost every mark ~40% more (measured on the scratch table).
//!
//! The feed counts (`counts`, v11) move here: their triggers fire on the
//! flags table (a flags row inserted, `read` changed, a row deleted, the
//! feed changed), and a mark of 100,000 no longer touches `articles`.
//!
//! The old `articles.read` / `articles.starred` columns stay, unused
//! (always their default for new articles): dropping a column rewrites the
//! whole table, ~16 s on the 1M cache (docs/performance.md), for
//! no gain in reading or marking. Their indexes go.

use rusqlite::Connection;

/// v13: the table, its indexes and triggers, the flags copied from the
/// articles, the counts recomputed from it. Safe to run again over any
/// later state (tests set the version back): an existing flags table is
/// the state and is kept; it is only brought in step with the articles
/// (rows added for articles without one, rows of gone articles removed,
/// feed and date copied again).
pub(super) fn add_flags_table(conn: &Connection) -> rusqlite::Result<()> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article_flags')",
        [],
        |r| r.get(0),
    )?;
    let has_old_columns = super::table_info::has_column(conn, "articles", "read")?
        && super::table_info::has_column(conn, "articles", "starred")?;
    let (read, starred) = if has_old_columns {
        ("read", "starred")
    } else {
        ("0", "0")
    };
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS article_flags_insert;
         DROP TRIGGER IF EXISTS article_flags_move;
         DROP TRIGGER IF EXISTS article_flags_delete;
         DROP TRIGGER IF EXISTS feed_counts_insert;
         DROP TRIGGER IF EXISTS feed_counts_delete;
         DROP TRIGGER IF EXISTS feed_counts_read;
         DROP TRIGGER IF EXISTS feed_counts_move;
         DROP INDEX IF EXISTS articles_unread_by_date;
         DROP INDEX IF EXISTS articles_unread_by_feed;
         DROP INDEX IF EXISTS articles_starred_by_date;
         CREATE TABLE IF NOT EXISTS article_flags (
             article_id INTEGER PRIMARY KEY,
             feed_id    INTEGER NOT NULL,
             sort_date  INTEGER NOT NULL,
             read       INTEGER NOT NULL DEFAULT 0,
             starred    INTEGER NOT NULL DEFAULT 0
         ) STRICT;",
    )?;
    if exists {
        conn.execute_batch(
            "DELETE FROM article_flags
                 WHERE article_id NOT IN (SELECT id FROM articles);
             UPDATE article_flags SET feed_id = a.feed_id, sort_date = a.sort_date
                 FROM articles a
                 WHERE a.id = article_flags.article_id
                   AND (a.feed_id != article_flags.feed_id
                        OR a.sort_date != article_flags.sort_date);",
        )?;
    }
    // Articles without a flags row: all of them the first time (in id
    // order, so the table is written sequentially), none on a rerun
    // unless something wrote articles without the triggers.
    conn.execute_batch(&format!(
        "INSERT OR IGNORE INTO article_flags (article_id, feed_id, sort_date, read, starred)
             SELECT id, feed_id, sort_date, {read}, {starred} FROM articles ORDER BY id;"
    ))?;
    conn.execute_batch(&format!(
        "CREATE INDEX IF NOT EXISTS article_flags_unread_by_date
             ON article_flags (sort_date) WHERE read = 0;
         CREATE INDEX IF NOT EXISTS article_flags_starred_by_date
             ON article_flags (sort_date) WHERE starred = 1;
         {article_triggers}
         -- The feed counts (v11), now from the flags rows.
         {triggers}
         -- Recounted from the flags, whatever the counts were.
         DELETE FROM feed_counts;
         INSERT INTO feed_counts (feed_id, total, unread)
             SELECT feed_id, count(*), sum(read = 0) FROM article_flags
             WHERE feed_id IN (SELECT id FROM feeds)
             GROUP BY feed_id;",
        article_triggers = ARTICLE_TRIGGERS,
        triggers = super::counts::triggers_on("article_flags"),
    ))
}

/// The triggers on `articles` that keep each article's flags row (v13;
/// made again by v18, which rebuilds the table).
pub(super) const ARTICLE_TRIGGERS: &str = "
         -- An article's flags row follows the article. A new article
         -- takes the old columns' values (their defaults, unread and not
         -- starred, unless a writer set them). A plain INSERT: a stale row
         -- of the same id would be an error, not silently kept.
         -- Dropped by v27: the insert writes the flags row (`new_rows`).
         CREATE TRIGGER article_flags_insert AFTER INSERT ON articles BEGIN
             INSERT INTO article_flags (article_id, feed_id, sort_date, read, starred)
             VALUES (new.id, new.feed_id, new.sort_date, new.read, new.starred);
         END;
         CREATE TRIGGER article_flags_move AFTER UPDATE OF feed_id, sort_date ON articles
         WHEN old.feed_id != new.feed_id OR old.sort_date != new.sort_date BEGIN
             UPDATE article_flags SET feed_id = new.feed_id, sort_date = new.sort_date
             WHERE article_id = new.id;
         END;
         CREATE TRIGGER article_flags_delete AFTER DELETE ON articles BEGIN
             DELETE FROM article_flags WHERE article_id = old.id;
         END;
";

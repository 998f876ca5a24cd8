//! Each feed's article and unread counts, kept in `feed_counts` (schema
//! v11) so the feed list reads 2,000 small rows instead of counting a
//! year of articles on every start.
//!
//! Triggers on `articles` keep the table exact in the transaction of every
//! change, whichever code path makes it: a read or unread mark, a sync
//! server's state, retention, a feed's removal (its articles cascade, and
//! cascades fire triggers). Nothing in Rust has to remember to update
//! them, with two exceptions, each moving the counts in the same
//! transaction: marking many articles at once (`mark_many`) runs its one
//! statement without the per-row trigger and moves the counts by the
//! changed rows' count per feed; and since v27 the one insert of articles
//! (`update`) adds its feed's new articles once per update (`new_rows`:
//! an insert trigger made every insert copy its pages into a statement
//! journal).
//! Since v13 the triggers fire on `article_flags`, where read lives
//! (see `flags`); this step still makes v11's table and first counts.
//!
//! Measured on a year of news (1,000,000 articles, 2,000 feeds, 135,000
//! unread; docs/performance.md): counting per feed from the indexes, even
//! the covering partial index `read = 0` for unread, walked every index
//! entry of every article for the totals; the table answers in a page
//! read or two.

use rusqlite::Connection;

/// v11: the table, its triggers, and the counts of the articles already
/// stored. Safe to run again over any earlier state (a test may drop the
/// table and set the version back): the triggers and the table are made
/// anew and the counts recomputed from the articles.
pub(super) fn add_counts_table(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "DROP TRIGGER IF EXISTS feed_counts_insert;
         DROP TRIGGER IF EXISTS feed_counts_delete;
         DROP TRIGGER IF EXISTS feed_counts_read;
         DROP TRIGGER IF EXISTS feed_counts_move;
         DROP TABLE IF EXISTS feed_counts;
         CREATE TABLE feed_counts (
             feed_id INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
             total   INTEGER NOT NULL,
             unread  INTEGER NOT NULL
         ) STRICT;
         {triggers}
         -- Totals from the (feed_id, sort_date) index and unread from the
         -- partial unread index: no article row is read, once.
         INSERT INTO feed_counts (feed_id, total, unread)
             SELECT feed_id, count(*), 0 FROM articles GROUP BY feed_id;
         UPDATE feed_counts SET unread =
             (SELECT count(*) FROM articles a WHERE a.feed_id = feed_counts.feed_id AND a.read = 0);",
        triggers = triggers_on("articles"),
    ))
}

/// The triggers that keep `feed_counts` equal to a count of `table`'s rows
/// (`feed_id`, `read`): `articles` at v11, `article_flags` from v13.
pub(super) fn triggers_on(table: &str) -> String {
    format!(
        "         -- Unread means `read = 0`, as the partial indexes and lists say.
         -- Dropped by v27: the insert moves the counts (`new_rows`).
         CREATE TRIGGER feed_counts_insert AFTER INSERT ON {table} BEGIN
             INSERT INTO feed_counts (feed_id, total, unread)
             VALUES (new.feed_id, 1, new.read = 0)
             ON CONFLICT (feed_id) DO UPDATE SET
                 total = total + 1, unread = unread + excluded.unread;
         END;
         CREATE TRIGGER feed_counts_delete AFTER DELETE ON {table} BEGIN
             UPDATE feed_counts SET total = total - 1, unread = unread - (old.read = 0)
             WHERE feed_id = old.feed_id;
         END;
         -- The common change: read or unread within the same feed, one
         -- row's update (a mark of 100,000 articles runs this 100,000 times).
         CREATE TRIGGER feed_counts_read AFTER UPDATE OF read ON {table}
         WHEN old.feed_id = new.feed_id AND (old.read = 0) != (new.read = 0) BEGIN
             UPDATE feed_counts SET unread = unread + (new.read = 0) - (old.read = 0)
             WHERE feed_id = new.feed_id;
         END;
         -- No code moves an article to another feed today; counted anyway,
         -- so the table stays exact whatever a later change does.
         CREATE TRIGGER feed_counts_move AFTER UPDATE OF feed_id ON {table}
         WHEN old.feed_id != new.feed_id BEGIN
             UPDATE feed_counts SET total = total - 1, unread = unread - (old.read = 0)
             WHERE feed_id = old.feed_id;
             INSERT INTO feed_counts (feed_id, total, unread)
             VALUES (new.feed_id, 1, new.read = 0)
             ON CONFLICT (feed_id) DO UPDATE SET
                 total = total + 1, unread = unread + excluded.unread;
         END;
"
    )
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    /// The counts a full count of the articles gives, per feed with any.
    fn counted(conn: &Connection) -> Vec<(i64, i64, i64)> {
        let mut stmt = conn
            .prepare(
                "SELECT feed_id, count(*), sum(read = 0) FROM articles
                 GROUP BY feed_id ORDER BY feed_id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    fn kept(conn: &Connection) -> Vec<(i64, i64, i64)> {
        let mut stmt = conn
            .prepare(
                "SELECT feed_id, total, unread FROM feed_counts WHERE total != 0 ORDER BY feed_id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// The triggers alone, on a bare table of the same shape: every kind
    /// of write keeps the table equal to a count.
    #[test]
    fn every_kind_of_write_keeps_the_counts_equal_to_a_count() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE feeds (id INTEGER PRIMARY KEY);
             CREATE TABLE articles (
                 id INTEGER PRIMARY KEY,
                 feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
                 read INTEGER NOT NULL DEFAULT 0);
             INSERT INTO feeds (id) VALUES (1), (2), (3);
             INSERT INTO articles (feed_id, read) VALUES (1, 0), (1, 1), (2, 0);",
        )
        .unwrap();
        super::add_counts_table(&conn).unwrap();
        assert_eq!(kept(&conn), vec![(1, 2, 1), (2, 1, 1)]);
        let steps = [
            "INSERT INTO articles (feed_id, read) VALUES (3, 0), (3, 1), (1, 0)",
            "UPDATE articles SET read = 1 WHERE feed_id = 1",
            "UPDATE articles SET read = 0 WHERE id IN (1, 2)",
            // Setting the value it has changes nothing.
            "UPDATE articles SET read = 0 WHERE id = 1",
            "UPDATE articles SET feed_id = 2 WHERE id = 1",
            "DELETE FROM articles WHERE id = 3",
            "DELETE FROM feeds WHERE id = 3",
        ];
        for sql in steps {
            conn.execute_batch(sql).unwrap();
            assert_eq!(kept(&conn), counted(&conn), "after {sql}");
        }
        // Running the step again recomputes the same counts.
        super::add_counts_table(&conn).unwrap();
        assert_eq!(kept(&conn), counted(&conn));
    }
}

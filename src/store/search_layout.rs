//! The search index's column order (schema v17): body first.
//!
//! FTS5 writes each match's positions as a list per column, and every
//! column but the first is announced by two bytes (a 0x01 marker and the
//! column's number) before its positions. The body holds nearly all of an
//! article's words, so with the columns in v9's order (title, author,
//! body) almost every entry of the index paid those two bytes; with the
//! body first only the title and author entries do. Same words, same
//! positions, same phrases and column filters (they name columns, never
//! number them): on the newest 100,000 articles of the 1M cache the index
//! is 722 → 508 bytes an article (−30%).
//!
//! The step drops the index and queues every article to be indexed again
//! (`search::catch_up`: the reader's background steps, newest first, or
//! the next `keruen search`, in short transactions), as v9 did; the step itself only frees pages. It reads
//! the index's first column and does nothing when it is already the body,
//! so it is safe to run again and in any order with other steps.

use rusqlite::{Connection, OptionalExtension};

/// The index in its v17 layout, its delete trigger, and every article
/// queued to be indexed into it. The blocks' versions (`search_idf`) are
/// bumped so no count of the old index is reused; `catch_up` bumps them
/// again as it indexes.
const V17: &str = "
DROP TRIGGER IF EXISTS article_fts_delete;
DROP TABLE IF EXISTS article_fts;
CREATE VIRTUAL TABLE article_fts USING fts5(
    body, title, author,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;
CREATE TABLE IF NOT EXISTS fts_pending (article_id INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO fts_pending (article_id) SELECT id FROM articles;
UPDATE search_blocks SET version = version + 1;
";

/// The v17 step (see the module docs).
pub(super) fn body_first(conn: &Connection) -> rusqlite::Result<()> {
    if first_column(conn)?.as_deref() == Some("body") {
        return Ok(());
    }
    // `search_blocks` comes from `search_idf`'s step (v15); a file set back
    // by hand may lack it, and the step must not fail for that.
    conn.execute_batch(super::search_idf::V16)?;
    conn.execute_batch(V17)
}

/// The name of the search index's first column, if the index exists.
pub(super) fn first_column(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT name FROM pragma_table_info('article_fts') WHERE cid = 0",
        [],
        |r| r.get(0),
    )
    .optional()
}

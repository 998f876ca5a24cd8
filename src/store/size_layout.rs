//! Schema v19: the article rows without what only a few readers need
//! (docs/performance.md, "The article rows: keys hashed, fingerprints
//! kept for recent articles").
//!
//! - `key` (the item's identity as text, `UNIQUE (feed_id, key)`) becomes
//!   `key_hash` + `key_text` (NULL where the key is the link), indexed by
//!   `(feed_id, key_hash)` (see `identity`);
//! - `fingerprint` leaves the row for `article_fingerprints`, kept for
//!   the articles inside `FINGERPRINT_HORIZON` only and in today's narrow
//!   form (see `fingerprints`).
//!
//! Dropping a column that a UNIQUE constraint names needs a new table, so
//! the step rebuilds `articles` once, for both changes: a new table, the
//! rows copied in id order (ids are kept, so every table that points at
//! an article still does), the old one dropped, the new one renamed, and
//! the old table's own indexes and triggers created again from their
//! stored SQL, whichever step made them. Foreign keys are off while steps
//! run (`schema::migrate`), so dropping the old table cascades nowhere.
//! The planner's statistics of the kept indexes are kept too.
//!
//! Safe to run again: a table already in this layout is not rebuilt; a
//! `fingerprint` column found in it (an older step run again by hand) is
//! moved out and dropped.

use std::collections::BTreeSet;

use rusqlite::Connection;

use super::{fingerprints, identity};

/// Every column `articles` may have before the step; the copy names each,
/// so a column this list does not know stops the step rather than vanish.
const OLD_COLUMNS: [&str; 21] = [
    "id",
    "feed_id",
    "sort_date",
    "read",
    "starred",
    "first_seen",
    "last_seen",
    "published",
    "updated",
    "views",
    "comments",
    "score",
    "rating",
    "key",
    "title",
    "link",
    "author",
    "category",
    "fingerprint",
    "title_derived",
    "media",
];

/// The columns v19 adds (a file already in its layout), and those later
/// steps put in place of old ones (v25's names, `names`; v26's seen
/// times, `convert::first_seen!`): a file in a
/// later layout set back by hand is not rebuilt, so they are kept.
const NEW_COLUMNS: [&str; 6] = [
    "key_hash",
    "key_text",
    "author_id",
    "category_id",
    "first_seen_delay",
    "seen_for",
];

/// The v19 table. The columns read by every list come first; `key_text`
/// (mostly NULL) and the rarely read ones last.
const NEW_TABLE: &str = "
CREATE TABLE articles_v19 (
    id            INTEGER PRIMARY KEY,
    feed_id       INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    sort_date     INTEGER NOT NULL,
    read          INTEGER NOT NULL DEFAULT 0,
    starred       INTEGER NOT NULL DEFAULT 0,
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL,
    published     INTEGER,
    updated       INTEGER,
    views         INTEGER,
    comments      INTEGER,
    score         INTEGER,
    rating        REAL,
    key_hash      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    link          TEXT,
    author        TEXT,
    category      TEXT,
    title_derived INTEGER NOT NULL DEFAULT 0,
    media         TEXT,
    key_text      TEXT
) STRICT;
";

const COPY: &str = "
INSERT INTO articles_v19 (id, feed_id, sort_date, read, starred, first_seen, last_seen,
        published, updated, views, comments, score, rating, key_hash, title, link, author,
        category, title_derived, media, key_text)
    SELECT id, feed_id, sort_date, read, starred, first_seen, last_seen,
        published, updated, views, comments, score, rating, keruen_key_hash(key), title, link,
        author, category, title_derived, media,
        CASE WHEN key IS link THEN NULL ELSE key END
    FROM articles ORDER BY id;
";

/// Kept fingerprints out of the old rows, narrowed (`fingerprints`); a
/// blob no version reads is left out (it is computed when read).
const MOVE_FINGERPRINTS: &str = "
INSERT OR REPLACE INTO article_fingerprints (article_id, sort_date, fingerprint)
    SELECT id, sort_date, f FROM (
        SELECT sort_date, id, keruen_narrow_fingerprint(fingerprint) AS f
        FROM articles WHERE sort_date >= ?1 AND fingerprint IS NOT NULL ORDER BY id)
    WHERE f IS NOT NULL;
";

pub(super) fn v19(conn: &Connection) -> rusqlite::Result<()> {
    let now_s = chrono::Utc::now().timestamp();
    identity::register_sql_hash(conn)?;
    fingerprints::register_sql_narrow(conn)?;
    let result = step(conn, now_s);
    // The functions belong to the step, not to the store's connection.
    conn.remove_function("keruen_key_hash", 1)?;
    conn.remove_function("keruen_narrow_fingerprint", 1)?;
    result
}

fn step(conn: &Connection, now_s: i64) -> rusqlite::Result<()> {
    conn.execute_batch(fingerprints::TABLE)?;
    let columns = columns(conn)?;
    let known = |c: &String| OLD_COLUMNS.contains(&c.as_str()) || NEW_COLUMNS.contains(&c.as_str());
    if let Some(unknown) = columns.iter().find(|c| !known(c)) {
        return Err(rusqlite::Error::InvalidColumnName(format!(
            "articles.{unknown}: a column the v19 step does not know"
        )));
    }
    if columns.contains("fingerprint") {
        conn.execute(MOVE_FINGERPRINTS, [fingerprints::horizon(now_s)])?;
    }
    if columns.contains("key") {
        rebuild(conn)?;
    } else if columns.contains("fingerprint") {
        conn.execute_batch("ALTER TABLE articles DROP COLUMN fingerprint;")?;
    }
    conn.execute_batch(fingerprints::TRIGGERS)?;
    conn.execute_batch(
        "CREATE INDEX IF NOT EXISTS articles_by_key ON articles (feed_id, key_hash);",
    )?;
    fingerprints::drop_beyond_horizon(conn, now_s)?;
    Ok(())
}

fn columns(conn: &Connection) -> rusqlite::Result<BTreeSet<String>> {
    conn.prepare("SELECT name FROM pragma_table_info('articles')")?
        .query_map([], |r| r.get(0))?
        .collect()
}

/// The new table in place of the old, with the old one's indexes,
/// triggers and statistics.
fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    let own: Vec<String> = conn
        .prepare(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'articles'
             AND type IN ('index', 'trigger') AND sql IS NOT NULL
             ORDER BY type = 'trigger', name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let stats = saved_stats(conn)?;
    conn.execute_batch(NEW_TABLE)?;
    conn.execute_batch(COPY)?;
    conn.execute_batch("DROP TABLE articles; ALTER TABLE articles_v19 RENAME TO articles;")?;
    for sql in &own {
        conn.execute_batch(sql)?;
    }
    conn.execute_batch("CREATE INDEX articles_by_key ON articles (feed_id, key_hash);")?;
    if let Some(stats) = stats {
        restore_stats(conn, &stats)?;
    }
    Ok(())
}

/// The planner's statistics of `articles` (dropping a table drops them):
/// without them a big cache's queries would be planned blind until the
/// next `ANALYZE`. `None` when the file has none.
struct Stats {
    stat1: Vec<(String, Option<String>, String)>,
    stat4: Vec<Vec<rusqlite::types::Value>>,
}

fn saved_stats(conn: &Connection) -> rusqlite::Result<Option<Stats>> {
    if !super::table_info::has_table(conn, "sqlite_stat1")? {
        return Ok(None);
    }
    let stat1 = conn
        .prepare("SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = 'articles'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let stat4 = if super::table_info::has_table(conn, "sqlite_stat4")? {
        conn.prepare(
            "SELECT tbl, idx, neq, nlt, ndlt, sample FROM sqlite_stat4 WHERE tbl = 'articles'",
        )?
        .query_map([], |r| (0..6).map(|i| r.get(i)).collect())?
        .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    Ok(Some(Stats { stat1, stat4 }))
}

/// The saved rows of indexes that exist again under their name; the key
/// index takes the old unique index's (the same shape: a feed, then a
/// value all but unique within it). Then the planner reloads them.
fn restore_stats(conn: &Connection, stats: &Stats) -> rusqlite::Result<()> {
    let exists = |idx: &Option<String>| -> rusqlite::Result<bool> {
        match idx {
            None => Ok(true),
            Some(name) => conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1)",
                [name],
                |r| r.get(0),
            ),
        }
    };
    let mut put = conn.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?1, ?2, ?3)")?;
    for (tbl, idx, stat) in &stats.stat1 {
        if idx.as_deref() == Some("sqlite_autoindex_articles_1") {
            put.execute(rusqlite::params![tbl, "articles_by_key", stat])?;
        } else if exists(idx)? {
            put.execute(rusqlite::params![tbl, idx, stat])?;
        }
    }
    if !stats.stat4.is_empty() {
        let mut put = conn.prepare(
            "INSERT INTO sqlite_stat4 (tbl, idx, neq, nlt, ndlt, sample)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for row in &stats.stat4 {
            let idx = match row.get(1) {
                Some(rusqlite::types::Value::Text(name)) => Some(name.clone()),
                _ => None,
            };
            // The unique index's samples hold key texts, not hashes.
            if idx.is_some() && exists(&idx)? {
                put.execute(rusqlite::params_from_iter(row.iter()))?;
            }
        }
    }
    conn.execute_batch("ANALYZE sqlite_schema;")
}

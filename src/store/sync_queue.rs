//! The sync change queue's writers, below `query` (which records every
//! local read/star change with them, in the change's own transaction) and
//! `sync` (which pushes and prunes the queue): a module of its own so that
//! neither imports the other for them.

use chrono::Utc;
use rusqlite::{Connection, params};

/// Which state of an article a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Read,
    Starred,
}

impl Field {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Field::Read => "read",
            Field::Starred => "starred",
        }
    }
}

pub(super) fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// Queue a change of an article the server knows (others are local only).
pub(super) fn enqueue(
    conn: &Connection,
    article: i64,
    field: Field,
    value: bool,
    at: i64,
) -> rusqlite::Result<()> {
    enqueue_many(conn, &[article], field, value, at)
}

/// As [`enqueue`] for many articles at once, in one statement (the ids
/// go to SQLite as one JSON array), queued in their order; only those the
/// server knows are queued.
pub(super) fn enqueue_many(
    conn: &Connection,
    articles: &[i64],
    field: Field,
    value: bool,
    at: i64,
) -> rusqlite::Result<()> {
    // Without a server-known article (no sync account, the common case)
    // nothing can be queued: skip the array and the lookup of every id
    // (~18 ms CPU for 100,000 on the 1M cache).
    let any_known: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_items)")?
        .query_row([], |r| r.get(0))?;
    if !any_known {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO sync_queue (article_id, field, value, at)
         SELECT s.article_id, ?2, ?3, ?4
         FROM json_each(?1) j JOIN sync_items s ON s.article_id = j.value
         ORDER BY j.key",
    )?
    .execute(params![json_ids(articles), field.as_str(), value, at])?;
    Ok(())
}

/// Article ids as a JSON array, for `json_each`. Digits written in place:
/// a `to_string` per id was 5 ms of marking 100,000.
pub(super) fn json_ids(ids: &[i64]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(ids.len() * 8 + 2);
    out.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Writing to a String cannot fail.
        let _ = write!(out, "{id}");
    }
    out.push(']');
    out
}

/// Queue "read" for every unread, server-known article of a feed (before
/// the feed is marked read, in the same transaction).
pub(super) fn enqueue_feed_read(conn: &Connection, feed: i64, at: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_queue (article_id, field, value, at)
         SELECT a.id, 'read', 1, ?2 FROM articles a JOIN sync_items s ON s.article_id = a.id
         JOIN article_flags g ON g.article_id = a.id
         WHERE a.feed_id = ?1 AND g.read = 0",
    )?
    .execute(params![feed, at])?;
    Ok(())
}

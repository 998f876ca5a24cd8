//! Conversions between domain values and what SQLite stores.

use chrono::{DateTime, Utc};

/// An article's published date as read (schema v23): `published` holds
/// its offset from `sort_date`, which is the published date whenever
/// there is one (`coalesce(published, first_seen)`), so the offset is 0,
/// which SQLite stores in no bytes at all (4 less a dated row); NULL is
/// "no date", as before.
macro_rules! published {
    () => {
        "(a.sort_date + a.published)"
    };
}
pub(super) use published;

/// When an article was first seen, as read (schema v26): stored as
/// `first_seen_delay`, its delay after `sort_date`, which is 0 for an
/// article without a published date (its date is when it was first seen)
/// and a few hours or days otherwise: 0 to 3 bytes instead of 4.
macro_rules! first_seen {
    () => {
        "(a.sort_date + a.first_seen_delay)"
    };
}
pub(super) use first_seen;

/// When an article was last seen in its feed, as read (schema v26):
/// stored as `seen_for`, how long after it was first seen, 0 (no bytes)
/// for one seen in a single fetch.
macro_rules! last_seen {
    () => {
        "(a.sort_date + a.first_seen_delay + a.seen_for)"
    };
}
pub(super) use last_seen;

/// Schema v26: `first_seen` and `last_seen` as the offsets above, the
/// columns renamed so no statement can read an offset as a time. Safe to
/// run again: a table with the new names is left as it is.
pub(super) fn v26(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    if !super::table_info::has_column(conn, "articles", "first_seen")? {
        return Ok(());
    }
    // One statement: every right-hand side reads the row as it was.
    conn.execute_batch(
        "UPDATE articles SET first_seen = first_seen - sort_date,
                             last_seen = last_seen - first_seen;
         ALTER TABLE articles RENAME COLUMN first_seen TO first_seen_delay;
         ALTER TABLE articles RENAME COLUMN last_seen TO seen_for;",
    )
}

/// Times are stored as unix seconds; sub-second precision is not needed for
/// news and would only cost space.
pub(super) fn to_ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(super) fn opt_ts(t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(to_ts)
}

/// Only this module writes these columns, always from a valid `DateTime`,
/// so an out-of-range value means a damaged row; the epoch is a visible,
/// harmless stand-in rather than a failure of the whole list.
pub(super) fn from_ts(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap_or(DateTime::UNIX_EPOCH)
}

pub(super) fn opt_from_ts(s: Option<i64>) -> Option<DateTime<Utc>> {
    s.map(from_ts)
}

/// SQLite integers are signed; counts past i64::MAX are clamped.
pub(super) fn u64_to_sql(v: Option<u64>) -> Option<i64> {
    v.map(|v| i64::try_from(v).unwrap_or(i64::MAX))
}

pub(super) fn u64_from_sql(v: Option<i64>) -> Option<u64> {
    v.map(|v| u64::try_from(v).unwrap_or(0))
}

/// Row counts from `count(*)` are never negative.
pub(super) fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

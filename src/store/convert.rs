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

//! Each feed's schedule state (schema v10): what `schedule::learn` learned
//! from its fetches and what the feed and its server asked for, kept
//! across runs so a Retry-After or a learned rate survives a restart.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::convert::{opt_from_ts, opt_ts};
use super::{At, Store, StoreError};
use crate::domain::FeedId;
use crate::schedule::learn::{Observation, observe};
use crate::schedule::{FeedHints, FeedState};

/// v10: one row per fetched feed. Durations in seconds, times in unix
/// seconds; `skip_hours` / `skip_days` are the bit sets of `FeedHints`.
/// Written to be run again safely (a test may set the version back).
pub(super) fn add_schedule_table(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS feed_schedule (
            feed_id         INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
            change_interval INTEGER,
            last_change     INTEGER,
            unchanged       INTEGER NOT NULL DEFAULT 0,
            failures        INTEGER NOT NULL DEFAULT 0,
            ttl             INTEGER,
            update_period   INTEGER,
            skip_hours      INTEGER NOT NULL DEFAULT 0,
            skip_days       INTEGER NOT NULL DEFAULT 0,
            fresh_until     INTEGER,
            retry_until     INTEGER
        ) STRICT;",
    )
}

const SELECT: &str = "SELECT f.id, f.last_attempt, s.change_interval, s.last_change,
        s.unchanged, s.failures, s.ttl, s.update_period, s.skip_hours, s.skip_days,
        s.fresh_until, s.retry_until
     FROM feeds f LEFT JOIN feed_schedule s ON s.feed_id = f.id";

impl Store {
    /// Every feed's schedule state, by id (the policy left at its default:
    /// it comes from the config).
    pub fn schedule_states(&self) -> Result<HashMap<FeedId, FeedState>, StoreError> {
        let mut stmt = self.conn.prepare_cached(SELECT).at(&self.path)?;
        let rows = stmt
            .query_map([], |r| Ok((FeedId(r.get(0)?), row_state(r)?)))
            .at(&self.path)?;
        rows.collect::<Result<HashMap<_, _>, _>>().at(&self.path)
    }

    /// One feed's schedule state.
    pub fn schedule_state(&self, feed: FeedId) -> Result<FeedState, StoreError> {
        state_in(&self.conn, &self.path, feed)
    }
}

pub(super) fn state_in(
    conn: &Connection,
    path: &str,
    feed: FeedId,
) -> Result<FeedState, StoreError> {
    conn.prepare_cached(&format!("{SELECT} WHERE f.id = ?1"))
        .at(path)?
        .query_row([feed.0], row_state)
        .optional()
        .at(path)?
        .ok_or(StoreError::NoSuchFeed(feed))
}

/// Learn from one fetch of `feed` (inside the caller's transaction).
pub(super) fn observe_in(
    conn: &Connection,
    path: &str,
    feed: FeedId,
    obs: &Observation,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let next = observe(&state_in(conn, path, feed)?, obs, now);
    // An upsert, not `OR REPLACE`: replacing a row of a table with a
    // foreign key is a delete and an insert, journalled as a statement
    // that may abort part way (`new_rows`), once per feed per refresh.
    conn.prepare_cached(
        "INSERT INTO feed_schedule (feed_id, change_interval, last_change,
            unchanged, failures, ttl, update_period, skip_hours, skip_days,
            fresh_until, retry_until)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (feed_id) DO UPDATE SET
            change_interval = excluded.change_interval,
            last_change = excluded.last_change, unchanged = excluded.unchanged,
            failures = excluded.failures, ttl = excluded.ttl,
            update_period = excluded.update_period, skip_hours = excluded.skip_hours,
            skip_days = excluded.skip_days, fresh_until = excluded.fresh_until,
            retry_until = excluded.retry_until",
    )
    .at(path)?
    .execute(params![
        feed.0,
        secs(next.change_interval),
        opt_ts(next.last_change),
        next.unchanged,
        next.failures,
        secs(next.hints.ttl),
        secs(next.hints.update_period),
        next.hints.skip_hours,
        next.hints.skip_days,
        opt_ts(next.fresh_until),
        opt_ts(next.retry_until),
    ])
    .at(path)?;
    Ok(())
}

fn row_state(r: &rusqlite::Row<'_>) -> rusqlite::Result<FeedState> {
    // Columns only this module writes; an out-of-range value (a damaged
    // row) reads as "not known" rather than failing the whole plan.
    let small = |v: Option<i64>| v.and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
    Ok(FeedState {
        last_attempt: opt_from_ts(r.get(1)?),
        change_interval: duration(r.get(2)?),
        last_change: opt_from_ts(r.get(3)?),
        unchanged: small(r.get(4)?),
        failures: small(r.get(5)?),
        hints: FeedHints {
            ttl: duration(r.get(6)?),
            update_period: duration(r.get(7)?),
            skip_hours: small(r.get(8)?),
            skip_days: u8::try_from(small(r.get(9)?)).unwrap_or(0),
        },
        fresh_until: opt_from_ts(r.get(10)?),
        retry_until: opt_from_ts(r.get(11)?),
        ..FeedState::default()
    })
}

fn secs(d: Option<Duration>) -> Option<i64> {
    d.map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn duration(v: Option<i64>) -> Option<Duration> {
    v.and_then(|s| u64::try_from(s).ok())
        .map(Duration::from_secs)
}

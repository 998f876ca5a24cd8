//! Bounding a search's ranking to its newest matches.
//!
//! Ranking costs per match (each match's columns are looked up, and its
//! row checked when the best are picked): a word in half of a year's
//! million articles would cost that half a million times, for the 200
//! hits shown. A reader of news wants the best of the recent ones, so
//! when a query matches more than `RANK_WINDOW` articles only the newest
//! `RANK_WINDOW` of them are ranked (rowids are given in insertion order,
//! which is near date order). The trade-off: an older article that would
//! rank higher is not shown; a query matching fewer articles is ranked in
//! full.
//! When filters leave fewer hits than asked in the window, the search
//! widens it (`WIDEN`×) until they are enough or it holds every match.

use rusqlite::Connection;

/// How many of the newest matches are ranked at most (see above).
pub const RANK_WINDOW: usize = 10_000;

/// How much a window grows when the filters left too few hits in it.
pub(super) const WIDEN: usize = 8;

/// The newest `window` matches of `fts` (rowids, newest first), and the
/// lowest of them when there are more matches than that (`rowid >=
/// floor` is the window), else `None` (every match is in the window).
pub(super) fn newest(
    conn: &Connection,
    fts: &str,
    window: usize,
) -> rusqlite::Result<(Vec<i64>, Option<i64>)> {
    let limit = i64::try_from(window).unwrap_or(i64::MAX);
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT rowid FROM article_fts WHERE article_fts MATCH ?1
             ORDER BY rowid DESC LIMIT ?2",
        )?
        .query_map(rusqlite::params![fts, limit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let floor = if ids.len() >= window {
        ids.last().copied()
    } else {
        None
    };
    Ok((ids, floor))
}

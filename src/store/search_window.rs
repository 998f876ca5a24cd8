//! Bounding a search's ranking to its newest matches.
//!
//! bm25 costs about a microsecond per match (the match's term counts and
//! its row's length): a word in half of a year's million articles costs
//! half a second to rank in full, for the 200 hits shown. A reader of news
//! wants the best of the recent ones, so when a query matches more than
//! `RANK_WINDOW` articles only the newest `RANK_WINDOW` of them are ranked
//! (rowids are given in insertion order, which is near date order). The
//! trade-off: an older article that would rank higher by bm25 alone is not
//! shown; a query matching fewer articles is ranked in full, as before.
//! When filters leave fewer hits than asked in the window, the search
//! widens it (`WIDEN`×) until they are enough or it holds every match.

use rusqlite::Connection;

/// How many of the newest matches are ranked at most (see above).
pub const RANK_WINDOW: usize = 10_000;

/// How much a window grows when the filters left too few hits in it.
pub(super) const WIDEN: usize = 8;

/// The rowid of the `window`-th newest match of `fts`, so that
/// `rowid >= floor` is the window; `None` when no more match than that
/// (every match is ranked).
pub(super) fn floor(conn: &Connection, fts: &str, window: usize) -> rusqlite::Result<Option<i64>> {
    let Some(offset) = window.checked_sub(1).and_then(|o| i64::try_from(o).ok()) else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM article_fts WHERE article_fts MATCH ?1
         ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
    )?;
    let mut rows = stmt.query(rusqlite::params![fts, offset])?;
    match rows.next()? {
        Some(r) => r.get(0).map(Some),
        None => Ok(None),
    }
}

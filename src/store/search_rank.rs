//! Ranking a search from the index alone, when the query has no filter
//! that needs the article rows.
//!
//! The general ranking (`search`) joins every match to its article and
//! feed (the row must pass `(f.active = 1 OR g.starred = 1)` and carries
//! the date that breaks ties), then sorts: on a year of news a common word
//! matches 100,000 articles, so that is 100,000 row reads spread over the
//! whole table for 200 hits shown. Here the index ranks its matches by
//! bm25 alone and keeps a few more than asked; only those are read. The
//! answer is the general ranking's, exactly, or `None` (the caller then
//! runs the general ranking):
//! - every match ranked strictly better than the last one kept is among
//!   those read, so if at least `limit` of them pass the row check, they
//!   are the first `limit` of the general order (its tie-break by date
//!   only orders rows of equal bm25, and all of those below the boundary
//!   are present);
//! - if the index returned fewer than asked, every match was read.

use rusqlite::Connection;

/// How many more matches than asked the index hands over: room for the
/// rows the check drops (articles of feeds no longer configured) and for
/// ties at the boundary.
const SLACK: usize = 32;

/// The first `limit` matches of `fts` (an FTS5 MATCH expression) with a
/// rowid of at least `floor` (see `search_window`) in the general order (bm25 with `weights`, then newest first, then the
/// lower id), as (id, bm25),
/// or `None` when the index alone cannot tell them exactly.
pub(super) fn from_index(
    conn: &Connection,
    fts: &str,
    weights: &str,
    limit: usize,
    floor: Option<i64>,
) -> rusqlite::Result<Option<Vec<(i64, f64)>>> {
    let asked = limit.saturating_add(SLACK);
    let candidates: Vec<(i64, f64)> = conn
        .prepare_cached(&format!(
            "SELECT rowid, bm25(article_fts, {weights}) AS r FROM article_fts
             WHERE article_fts MATCH ?1 AND rowid >= ?3 ORDER BY r LIMIT ?2"
        ))?
        .query_map(
            rusqlite::params![
                fts,
                i64::try_from(asked).unwrap_or(i64::MAX),
                floor.unwrap_or(i64::MIN)
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let complete = candidates.len() < asked;
    let boundary = candidates.last().map_or(f64::INFINITY, |c| c.1);
    // (bm25, date) of the rows that pass the check the general query makes.
    let mut check = conn.prepare_cached(
        "SELECT a.sort_date FROM articles a
         JOIN article_flags g ON g.article_id = a.id JOIN feeds f ON f.id = a.feed_id
         WHERE a.id = ?1 AND (f.active = 1 OR g.starred = 1)",
    )?;
    let mut kept: Vec<(i64, f64, i64)> = Vec::with_capacity(candidates.len());
    for (id, rank) in candidates {
        let mut rows = check.query([id])?;
        if let Some(row) = rows.next()? {
            kept.push((id, rank, row.get(0)?));
        }
    }
    if !complete {
        // Rows ranked as the last one read may have equals not read.
        kept.retain(|k| k.1 < boundary);
        if kept.len() < limit {
            return Ok(None);
        }
    }
    kept.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    kept.truncate(limit);
    Ok(Some(kept.into_iter().map(|(id, r, _)| (id, r)).collect()))
}

//! The search's rank: where each word of the query occurs, weighed by how
//! rare the word is.
//!
//! An article's score is the sum, over the query's words and phrases, of
//! the word's idf (from document counts, `search_idf`) times the weight of
//! the best column it occurs in: title 10, author 4, text 1. Higher is
//! better; equal scores go newest first (date, then the lower id). How
//! often a word occurs does not count: FTS5's bm25 needed each match's
//! term counts and row length (~1 µs a match) and a walk of each term's
//! whole list for its idf on every search; here the title and author
//! columns are one or two more walks of the window's matches in the index
//! (FTS5 column filters), and the counts are kept.
//!
//! The rows are read once, best class of equal score first: each class's
//! articles are checked (filters, feeds still configured) and ordered by
//! date in one statement on the narrow `article_flags` table, until the
//! hits asked for are found.

use std::collections::HashSet;

use rusqlite::Connection;
use rusqlite::types::ToSql;

/// Column weights (title, author, text): a word in the title says more
/// about what an article is about than the same word deep in its text.
pub(super) const TITLE: f64 = 10.0;
pub(super) const AUTHOR: f64 = 4.0;
pub(super) const BODY: f64 = 1.0;

/// The score of each candidate (ids, newest first) of a window whose
/// lowest rowid is `floor`: `parts` are the query's wanted FTS5
/// expressions and `idf` their weights.
pub(super) fn score(
    conn: &Connection,
    parts: &[String],
    idf: &[f64],
    floor: Option<i64>,
    candidates: &[i64],
) -> rusqlite::Result<Vec<(i64, f64)>> {
    let floor = floor.unwrap_or(i64::MIN);
    let mut scores: Vec<f64> = vec![0.0; candidates.len()];
    for (part, idf) in parts.iter().zip(idf) {
        let (title, author) = in_title_or_author(conn, part, floor)?;
        for (id, s) in candidates.iter().zip(scores.iter_mut()) {
            let w = if title.contains(id) {
                TITLE
            } else if author.contains(id) {
                AUTHOR
            } else {
                BODY
            };
            *s += idf * w;
        }
    }
    Ok(candidates.iter().copied().zip(scores).collect())
}

/// The rowids from `floor` on with `part` in the title, and those with it
/// in the author but not the title. Most parts of most queries are in no
/// title or author of the window at all: one walk of both columns says
/// so, and only when it finds some is the title walked apart. (A seek per
/// article instead costs ~0.3 ms for a word and ~1 ms for a phrase on a
/// year of news, more than a walk of the window.)
fn in_title_or_author(
    conn: &Connection,
    part: &str,
    floor: i64,
) -> rusqlite::Result<(HashSet<i64>, HashSet<i64>)> {
    let either = in_columns(conn, "title author", part, floor)?;
    if either.is_empty() {
        return Ok((HashSet::new(), HashSet::new()));
    }
    let title = in_columns(conn, "title", part, floor)?;
    let author = either.difference(&title).copied().collect();
    Ok((title, author))
}

/// The rowids from `floor` on whose `columns` match `part`.
fn in_columns(
    conn: &Connection,
    columns: &str,
    part: &str,
    floor: i64,
) -> rusqlite::Result<HashSet<i64>> {
    let expr = format!("{{{columns}}} : ({part})");
    conn.prepare_cached("SELECT rowid FROM article_fts WHERE article_fts MATCH ?1 AND rowid >= ?2")?
        .query_map(rusqlite::params![expr, floor], |r| r.get(0))?
        .collect()
}

/// bm25's idf, kept positive: ln(1 + (N − n + ½) / (n + ½)) for `n` of
/// `total` articles.
pub(super) fn idf(n: i64, total: i64) -> f64 {
    let (n, total) = (n as f64, total.max(n) as f64);
    (1.0 + (total - n + 0.5) / (n + 0.5)).ln()
}

/// The best `limit` of `scored` that pass `conds` (SQL over `g` =
/// `article_flags` and `f` = `feeds`, with `args`), best first, equal
/// scores newest first; each class of equal score is checked in one
/// statement, until enough pass.
pub(super) fn pick(
    conn: &Connection,
    mut scored: Vec<(i64, f64)>,
    conds: &str,
    args: &[(&str, &dyn ToSql)],
    limit: usize,
) -> rusqlite::Result<Vec<(i64, f64)>> {
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let sql = format!(
        "SELECT g.article_id FROM article_flags g JOIN feeds f ON f.id = g.feed_id
         WHERE g.article_id IN (SELECT value FROM json_each(:ids)) AND {conds}
         ORDER BY g.sort_date DESC, g.article_id LIMIT :need"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut out = Vec::with_capacity(limit.min(scored.len()));
    for class in scored.chunk_by(|a, b| a.1.total_cmp(&b.1).is_eq()) {
        let need = limit.saturating_sub(out.len());
        if need == 0 {
            break;
        }
        let ids = serde_json::to_string(&class.iter().map(|c| c.0).collect::<Vec<i64>>())
            .unwrap_or_else(|_| "[]".into());
        let need = i64::try_from(need).unwrap_or(i64::MAX);
        let mut all: Vec<(&str, &dyn ToSql)> = vec![(":ids", &ids), (":need", &need)];
        all.extend_from_slice(args);
        let score = class[0].1;
        let rows = stmt.query_map(&*all, |r| r.get::<_, i64>(0))?;
        for id in rows {
            out.push((id?, score));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rarer_word_weighs_more() {
        assert!(idf(10, 1000) > idf(500, 1000));
        assert!(idf(1000, 1000) > 0.0);
        // A count above the total (another process indexed meanwhile)
        // still gives a weight.
        assert!(idf(12, 10) > 0.0);
    }
}

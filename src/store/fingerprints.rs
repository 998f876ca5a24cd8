//! Clustering fingerprints (`rank::Fingerprint`) kept for recent articles
//! only, in a table of their own (schema v19).
//!
//! Only Top stories (7 days unless `top --since` asks for more) and the
//! related index (`stories::RELATED_WINDOW`, 30 days) read fingerprints,
//! yet every article of a year kept one in its row: 349 MB of a 1M cache.
//! Now a fingerprint is kept while its article is newer than
//! `FINGERPRINT_HORIZON`; an older article read for ranking is
//! fingerprinted from its stored title, lead and link (`fill_missing`),
//! which is what the writer computes, so the result is the same.
//!
//! Why a table of their own and not the article row's column:
//! fingerprints leave by date, and SQLite never gives back the space a
//! shrunk row leaves inside its page, so nulling a column in old rows
//! would leave every page of them half empty for the rest of their life.
//! Here rows are keyed by the article's id, so a refresh appends them as
//! it appends articles, and they leave oldest first (`drop_beyond_horizon`
//! finds them through a small index of their dates), emptying whole
//! pages that retention's incremental vacuum hands back. (Keyed by date
//! instead, a refresh of items spread over weeks wrote into pages all
//! over the table: the 50-item upsert bench took 1.7× as long.)
//!
//! Kept exact by construction: a trigger removes an article's fingerprint
//! with the article (retention, a feed's removal through its cascade) and
//! one moves it when the article's date moves; the writer (`update`)
//! writes or removes it with every write of a changed article's text.
//!
//! A new article arrives without one when a refresh stores it (its parser
//! threads only compress, `codec::prepare_texts`): the story linker's next
//! steps compute it from the stored texts and store it (`fill_recent`),
//! in the background, before they link. Until then a
//! ranking that reads the article computes it (`fill_missing`), as for an
//! article beyond the horizon, so Top and related stories are the same.

use std::collections::HashMap;
use std::time::Duration;

use rusqlite::{Connection, params};

use super::text_walk::Deferred;
use crate::domain::ArticleId;
use crate::rank::{Fingerprint, RankArticle};

/// How long an article keeps its stored fingerprint, from its date: the
/// related window (30 days, the longest any default view reads) plus a
/// day, so a clock set back a little and an article whose date moves
/// inside the window still find theirs. Older ones are computed from the
/// text when read (a few tens of microseconds an article), as for a
/// `top --since` longer than a month. Until stop 29 the margin was 15
/// days: a third of the fingerprints (8 MB of the 1M cache) for views
/// only `top --since 45d` asks for (docs/performance.md, "Names, cold
/// blocks, a month of fingerprints").
pub const FINGERPRINT_HORIZON: Duration = Duration::from_secs(31 * 24 * 3600);

/// The table and its triggers (part of the v19 step; safe to run again).
pub(super) const TABLE: &str = "
CREATE TABLE IF NOT EXISTS article_fingerprints (
    article_id  INTEGER PRIMARY KEY,
    sort_date   INTEGER NOT NULL,
    fingerprint BLOB NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS article_fingerprints_by_date ON article_fingerprints (sort_date);
";

pub(super) const TRIGGERS: &str = "
CREATE TRIGGER IF NOT EXISTS article_fingerprints_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fingerprints WHERE article_id = old.id;
END;
CREATE TRIGGER IF NOT EXISTS article_fingerprints_move AFTER UPDATE OF sort_date ON articles
WHEN old.sort_date != new.sort_date BEGIN
    UPDATE article_fingerprints SET sort_date = new.sort_date WHERE article_id = new.id;
END;
";

/// The oldest date (unix seconds) whose articles keep a fingerprint at `now_s`.
pub(super) fn horizon(now_s: i64) -> i64 {
    now_s.saturating_sub(FINGERPRINT_HORIZON.as_secs() as i64)
}

/// Store, replace or remove article `id`'s fingerprint for its date
/// `sort_date` as of `now_s`: kept only inside the horizon.
pub(super) fn write(
    conn: &Connection,
    id: i64,
    sort_date: i64,
    now_s: i64,
    fingerprint: &[u8],
) -> rusqlite::Result<()> {
    if sort_date >= horizon(now_s) {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO article_fingerprints (article_id, sort_date, fingerprint)
             VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, sort_date, fingerprint])?;
    } else {
        conn.prepare_cached("DELETE FROM article_fingerprints WHERE article_id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// Remove the fingerprints of articles dated before the horizon at
/// `now_s`; returns how many.
pub(super) fn drop_beyond_horizon(conn: &Connection, now_s: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM article_fingerprints WHERE sort_date < ?1")?
        .execute([horizon(now_s)])
}

/// Give `articles` (a window read by date) their stored fingerprints:
/// one walk of the table between the window's lowest and highest id,
/// matched by id. Ids follow arrival, so that walk is about the window
/// itself, read in table order; it is bounded by the table (the horizon)
/// whatever the window. (Seeking each id through the date index cost a
/// third more: 42 against 32 ms of CPU for a week of the 1M cache.)
pub(super) fn attach(conn: &Connection, articles: &mut [RankArticle]) -> rusqlite::Result<()> {
    let at: HashMap<i64, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.0, i))
        .collect();
    let (Some(&low), Some(&high)) = (at.keys().min(), at.keys().max()) else {
        return Ok(());
    };
    walk(conn, articles, &at, low, high)
}

/// Give the articles at `which` (indices into `articles`) their stored
/// fingerprints. A few of a window (Top from kept links reads only the
/// members its linkage compares: ~1,200 of a week of the 1M cache) are
/// sought by id, in id order, reading their pages only; many (a quarter
/// of the window or more) in one walk of the ids between the lowest and
/// the highest, as `attach` does: seeking all 7,400 compared members of
/// that week cost 24 ms of CPU, the walk 8.
pub(super) fn attach_some(
    conn: &Connection,
    articles: &mut [RankArticle],
    which: &[usize],
) -> rusqlite::Result<()> {
    let mut order: Vec<usize> = which
        .iter()
        .copied()
        .filter(|&i| i < articles.len())
        .collect();
    order.sort_unstable_by_key(|&i| articles[i].id);
    order.dedup();
    let (Some(&first), Some(&last)) = (order.first(), order.last()) else {
        return Ok(());
    };
    if order.len() * 4 >= articles.len() {
        let at: HashMap<i64, usize> = order.iter().map(|&i| (articles[i].id.0, i)).collect();
        let (low, high) = (articles[first].id.0, articles[last].id.0);
        return walk(conn, articles, &at, low, high);
    }
    let mut stmt =
        conn.prepare_cached("SELECT fingerprint FROM article_fingerprints WHERE article_id = ?1")?;
    for i in order {
        let mut rows = stmt.query([articles[i].id.0])?;
        if let Some(r) = rows.next()? {
            // A blob of another version (or damaged) is computed again later.
            articles[i].fingerprint = r.get_ref(0)?.as_blob().ok().and_then(Fingerprint::decode);
        }
    }
    Ok(())
}

/// The stored fingerprints of ids `low..=high`, in one walk of the table,
/// given to the articles `at` maps (id → index); other ids are passed by.
fn walk(
    conn: &Connection,
    articles: &mut [RankArticle],
    at: &HashMap<i64, usize>,
    low: i64,
    high: i64,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, fingerprint FROM article_fingerprints
         WHERE article_id >= ?1 AND article_id <= ?2",
    )?;
    let mut rows = stmt.query([low, high])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = at.get(&r.get::<_, i64>(0)?) {
            // A blob of another version (or damaged) is computed again later.
            articles[i].fingerprint = r.get_ref(1)?.as_blob().ok().and_then(Fingerprint::decode);
        }
    }
    Ok(())
}

/// Fingerprint the articles that have none stored (older than the
/// horizon, or a blob that did not decode) from their stored texts, as
/// the writer does (`codec::fingerprint`: title, the lead of summary else
/// content, link), so Top and related stories rank them as before.
pub(super) fn fill_missing(
    conn: &Connection,
    articles: &mut [RankArticle],
    wanted: &dyn Fn(ArticleId) -> bool,
) -> rusqlite::Result<()> {
    let todo: Vec<(i64, usize)> = articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.fingerprint.is_none() && wanted(a.id))
        .map(|(i, a)| (a.id.0, i))
        .collect();
    of_texts(conn, todo, |i, f| {
        articles[i].fingerprint = Some(f);
        Ok(())
    })
}

/// What an article's fingerprint is computed from (?1: its id).
const TEXTS_OF: &str = concat!(
    "SELECT a.title, ",
    super::link_form::decoded_link!("a.link", "f.link_origin"),
    ", t.summary, t.content FROM articles a JOIN feeds f ON f.id = a.feed_id
    LEFT JOIN article_texts t ON t.article_id = a.id WHERE a.id = ?1"
);

/// The fingerprints of the articles `todo` names (id, and a tag handed
/// back with its fingerprint) from their `TEXTS_OF` rows: loose texts in
/// the order given, packed ones afterwards a block at a time
/// (`text_walk`: in id or date order a block would be decompressed once
/// per member).
fn of_texts<T>(
    conn: &Connection,
    todo: Vec<(i64, T)>,
    mut each: impl FnMut(T, Fingerprint) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(TEXTS_OF)?;
    let mut packed = Deferred::new(2);
    for (id, tag) in todo {
        let mut tag = Some(tag);
        let loose = stmt.query_row([id], |r| {
            let title: String = r.get(0)?;
            let link: Option<String> = r.get(1)?;
            if let rusqlite::types::ValueRef::Integer(_) = r.get_ref(3)? {
                // Packed: one frame holds both texts, read after the walk.
                packed.texts_or_defer(conn, r, id, (tag.take(), title, link))?;
                return Ok(None);
            }
            let summary = super::codec::column(r, 2)?;
            // The lead is the summary's when it has text, so the content
            // (often the longer text) is decompressed only when it has none.
            let content = match summary.as_deref().map(str::trim) {
                Some(s) if !s.is_empty() => None,
                _ => super::codec::column(r, 3)?,
            };
            Ok(Some(of(&title, link.as_deref(), summary, content)))
        })?;
        if let (Some(f), Some(tag)) = (loose, tag) {
            each(tag, f)?;
        }
    }
    packed.read(conn, |(tag, title, link), (summary, content)| match tag {
        Some(tag) => each(tag, of(&title, link.as_deref(), summary, content)),
        None => Ok(()),
    })
}

/// An article's fingerprint from its title, link and texts, as the writer
/// computes it (`codec::fingerprint`).
fn of(
    title: &str,
    link: Option<&str>,
    summary: Option<String>,
    content: Option<String>,
) -> Fingerprint {
    let lead = crate::rank::lead_text(summary.as_deref(), content.as_deref());
    Fingerprint::of(title, lead, link)
}

/// Whether an article dated inside the horizon at `now_s` has no stored
/// fingerprint: two counts of date indexes, so the linker's every step
/// can ask (a week of the 1M cache is ~20,000 index entries).
pub(super) fn missing_recent(conn: &Connection, now_s: i64) -> rusqlite::Result<bool> {
    let from = horizon(now_s);
    let count = |sql: &str| -> rusqlite::Result<i64> {
        conn.prepare_cached(sql)?.query_row([from], |r| r.get(0))
    };
    // Every stored fingerprint is an article's, at its date (triggers).
    Ok(
        count("SELECT count(*) FROM articles WHERE sort_date >= ?1")?
            > count("SELECT count(*) FROM article_fingerprints WHERE sort_date >= ?1")?,
    )
}

/// Compute and store the fingerprints of at most `max` articles dated
/// inside the horizon at `now_s` that have none, newest first; returns
/// how many. A refresh stores new articles without one (its parser
/// threads only compress, `codec::prepare_texts`): the story linker's
/// steps call this first (`story_links`), and afterwards the table holds
/// what the writer would have stored. Storing one queues its article
/// for linking (the `story_links_fingerprint` trigger), as the insert
/// already had.
pub(super) fn fill_recent(conn: &Connection, now_s: i64, max: usize) -> rusqlite::Result<usize> {
    let mut todo: Vec<(i64, i64)> = conn
        .prepare_cached(
            "SELECT a.id, a.sort_date FROM articles a WHERE a.sort_date >= ?1
               AND NOT EXISTS (SELECT 1 FROM article_fingerprints f WHERE f.article_id = a.id)
             ORDER BY a.sort_date DESC LIMIT ?2",
        )?
        .query_map(
            params![horizon(now_s), i64::try_from(max).unwrap_or(i64::MAX)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    // Read in id order, the tables' own: a refresh stores feed by feed,
    // so in date order each row's pages were read anew (a third of the
    // fill's time was reading pages).
    todo.sort_unstable();
    let n = todo.len();
    let todo = todo
        .into_iter()
        .map(|(id, date)| (id, (id, date)))
        .collect();
    of_texts(conn, todo, |(id, date), f| {
        write(conn, id, date, now_s, &f.encode())
    })?;
    Ok(n)
}

/// A stored fingerprint in today's (narrow) form, as a SQL function for
/// the v19 step: NULL for a blob no version reads.
pub(super) fn register_sql_narrow(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "keruen_narrow_fingerprint",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(ctx
                .get_raw(0)
                .as_blob()
                .ok()
                .and_then(Fingerprint::decode)
                .map(|f| f.encode()))
        },
    )
}

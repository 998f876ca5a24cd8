//! Full-text search: keeping the FTS5 index (`article_fts`, see `schema`)
//! in step with the articles, and answering `SearchQuery`s, ranked by
//! `search_rank` among the newest matches (`search_window`).
//!
//! The index covers title, author and a plain-text body (summary + content
//! with tags stripped, capped at `BODY_CAP` bytes), the body as its first
//! column (schema v17, `search_layout`: 30% smaller). It is contentless
//! (schema v9): it keeps no copy of that text, so the ranking reads ids
//! only, and the snippets of the hits kept are cut from their
//! stored texts (`snippet`).
//! Deletes are handled by a trigger on `articles` (see `schema`), so every
//! way an article goes (retention, a feed removed) also drops its entry.

use chrono::{DateTime, Utc};
use rusqlite::types::ToSql;
use rusqlite::{Connection, params};

use super::query::{FLAGS_JOIN, SUMMARY_COLUMNS, summary_from_row};
use super::text_walk::Deferred;
use super::{
    At, Store, StoreError, codec, search_idf, search_rank, search_terms, search_window, snippet,
    text_blocks,
};
// Shared with the TUI's state and messages, so it lives in `domain`.
pub use crate::domain::SearchHit;
use crate::search_query::{FtsParts, SearchQuery};

/// Most bytes of body text indexed per article: enough for the words of a
/// long news article, while a 1 MB page cannot bloat the index.
pub const BODY_CAP: usize = 20 * 1024;

/// Words of context around the match in a snippet.
const SNIPPET_TOKENS: usize = 16;

impl Store {
    /// Search the cache; see `SearchQuery` for the syntax. `since:` is
    /// counted back from the current time.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>, StoreError> {
        self.search_at(q, Utc::now())
    }

    /// Index the articles a refresh queued for search; returns how many.
    /// `search` does this first; the TUI indexes in steps (`index_some`).
    pub fn index_pending(&self) -> Result<usize, StoreError> {
        catch_up(&self.conn, usize::MAX).at(&self.path)
    }

    /// Index at most `max` queued articles, newest first, in batches of at
    /// most `CATCH_UP_BATCH`; returns how many still wait. The
    /// TUI's background indexer calls this in steps, so a big queue (a first
    /// refresh, a rebuilt index) never holds the write lock for long and
    /// quitting never waits for the whole queue.
    pub fn index_some(&self, max: usize) -> Result<usize, StoreError> {
        catch_up(&self.conn, max).at(&self.path)?;
        self.pending_index()
    }

    /// `search`, catching up on at most `catch_up` queued articles
    /// first instead of all of them (the newest, so what a refresh just
    /// brought is found); also returns how many articles are still not
    /// indexed, so a caller can say its hits may be incomplete. For the
    /// TUI, where the background indexer does the rest.
    pub fn search_catching_up(
        &self,
        q: &SearchQuery,
        catch_up: usize,
    ) -> Result<(Vec<SearchHit>, usize), StoreError> {
        let left = self.index_some(catch_up)?;
        let hits = self.search_ranked(q, Utc::now(), search_window::RANK_WINDOW)?;
        Ok((hits, left))
    }

    /// How many articles wait to be indexed for search.
    pub fn pending_index(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM fts_pending", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| usize::try_from(n).unwrap_or(0))
            .at(&self.path)
    }

    /// `search` with an explicit "now" (for `since:`), for tests.
    pub fn search_at(
        &self,
        q: &SearchQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<SearchHit>, StoreError> {
        self.search_windowed(q, now, search_window::RANK_WINDOW)
    }

    /// `search_at` ranking at most the newest `window` matches (see
    /// `search_window`; `search` uses `RANK_WINDOW`), for tests.
    pub fn search_windowed(
        &self,
        q: &SearchQuery,
        now: DateTime<Utc>,
        window: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        self.index_pending()?;
        self.search_ranked(q, now, window)
    }

    /// The search itself, over what is indexed now.
    fn search_ranked(
        &self,
        q: &SearchQuery,
        now: DateTime<Utc>,
        window: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let feeds = match self.filter_feeds(q)? {
            Some(ids) if ids.is_empty() => return Ok(Vec::new()),
            other => other,
        };
        let since: Option<i64> = q
            .since
            .and_then(|d| chrono::Duration::from_std(d).ok())
            .and_then(|d| now.checked_sub_signed(d))
            .map(|t| t.timestamp());
        let limit = i64::try_from(q.limit).unwrap_or(i64::MAX);
        let parts = self.fts_parts(q)?;

        // Conditions on the article's feed and date (`a`, or the flags row
        // `g`, which carries copies of both, kept by triggers), its flags
        // `g` and its feed `f`.
        let conds_on = |row: &str| {
            let mut conds: Vec<String> = Vec::with_capacity(6);
            match &feeds {
                // Ids are integers from the database, so inlining them is safe.
                Some(ids) => conds.push(format!(
                    "{row}.feed_id IN ({})",
                    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
                )),
                None => conds.push("(f.active = 1 OR g.starred = 1)".into()),
            }
            if q.unread {
                conds.push("g.read = 0".into());
            }
            if q.starred {
                conds.push("g.starred = 1".into());
            }
            if since.is_some() {
                conds.push(format!("{row}.sort_date >= :since"));
            }
            conds
        };
        let mut args: Vec<(&str, &dyn ToSql)> = Vec::new();
        if let Some(since) = &since {
            args.push((":since", since));
        }
        let Some(parts) = parts else {
            // Filters only: newest first, like the article lists.
            let mut conds = conds_on("a");
            let exclude = q.fts_exclude();
            if let Some(x) = &exclude {
                conds.push(
                    "a.id NOT IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :exclude)"
                        .into(),
                );
                args.push((":exclude", x));
            }
            args.push((":limit", &limit));
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS}
                 FROM articles a CROSS {FLAGS_JOIN} CROSS JOIN feeds f ON f.id = a.feed_id
                 WHERE {}
                 ORDER BY a.sort_date DESC, a.id DESC
                 LIMIT :limit",
                conds.join(" AND ")
            );
            let mut stmt = self.conn.prepare(&sql).at(&self.path)?;
            let rows = stmt
                .query_map(&*args, |r| {
                    Ok(SearchHit {
                        article: summary_from_row(r)?,
                        snippet: String::new(),
                        rank: 0.0,
                    })
                })
                .at(&self.path)?;
            return rows.collect::<Result<Vec<_>, _>>().at(&self.path);
        };
        let m = parts.expr();
        let conds = conds_on("g").join(" AND ");
        let idf = self.part_weights(&parts.wanted)?;
        // Rank the newest `window` matches; widen while the rows' checks
        // leave fewer hits than asked and older matches remain.
        let mut window = window;
        let ranked: Vec<(i64, f64)> = loop {
            let (candidates, floor) =
                search_window::newest(&self.conn, &m, window).at(&self.path)?;
            let scored = search_rank::score(&self.conn, &parts.wanted, &idf, floor, &candidates)
                .at(&self.path)?;
            let ranked =
                search_rank::pick(&self.conn, scored, &conds, &args, q.limit).at(&self.path)?;
            if ranked.len() >= q.limit || floor.is_none() {
                break ranked;
            }
            window = window.saturating_mul(search_window::WIDEN);
        };
        let needles = snippet::Needles::of(q);
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS}, t.summary, t.content
                 FROM articles a {FLAGS_JOIN} JOIN feeds f ON f.id = a.feed_id
                 LEFT JOIN article_texts t ON t.article_id = a.id
                 WHERE a.id = ?1"
            ))
            .at(&self.path)?;
        let mut hits = Vec::with_capacity(ranked.len());
        for (id, score) in ranked {
            let mut rows = stmt.query([id]).at(&self.path)?;
            let Some(r) = rows.next().at(&self.path)? else {
                continue;
            };
            let article = summary_from_row(r).at(&self.path)?;
            let (summary, content) = text_blocks::row_texts(&self.conn, r, 17, id).at(&self.path)?;
            let body = plain_body(summary.as_deref(), content.as_deref());
            let author = article.author.clone().unwrap_or_default();
            let snippet =
                snippet::make(&needles, &[&article.title, &author, &body], SNIPPET_TOKENS);
            hits.push(SearchHit {
                article,
                snippet,
                // Lower is better, as FTS5's ranks are.
                rank: -score,
            });
        }
        Ok(hits)
    }

    /// The query's FTS5 expression in its parts, its prefixes spelled out
    /// as the index terms they cover where that pays (see `search_terms`).
    fn fts_parts(&self, q: &SearchQuery) -> Result<Option<FtsParts>, StoreError> {
        let mut failed = None;
        let parts =
            q.fts_parts_expanded(&mut |word| match search_terms::expand(&self.conn, word) {
                Ok(terms) => terms,
                Err(e) => {
                    failed.get_or_insert(e);
                    None
                }
            });
        match failed {
            Some(e) => Err(e).at(&self.path),
            None => Ok(parts),
        }
    }

    /// The weight (idf) of each wanted part. One part alone orders the
    /// hits the same whatever its weight, so it is not counted.
    fn part_weights(&self, wanted: &[String]) -> Result<Vec<f64>, StoreError> {
        if wanted.len() < 2 {
            return Ok(vec![1.0; wanted.len()]);
        }
        let versions = search_idf::versions(&self.conn).at(&self.path)?;
        let total = search_idf::total(&self.conn).at(&self.path)?;
        let mut counts = self.doc_counts.borrow_mut();
        wanted
            .iter()
            .map(|w| {
                let n = counts.docs(&self.conn, &versions, w).at(&self.path)?;
                Ok(search_rank::idf(n, total))
            })
            .collect()
    }

    /// The feed ids `feed:` / `tag:` select (names and tags compared
    /// case-insensitively, also for Cyrillic, which SQLite's NOCASE does not
    /// fold); `None` when the query has neither filter.
    fn filter_feeds(&self, q: &SearchQuery) -> Result<Option<Vec<i64>>, StoreError> {
        if q.feed.is_none() && q.tag.is_none() {
            return Ok(None);
        }
        let want_feed = q.feed.as_deref().map(str::to_lowercase);
        let want_tag = q.tag.as_deref().map(str::to_lowercase);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, tags FROM feeds")
            .at(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .at(&self.path)?;
        let mut ids = Vec::new();
        for row in rows {
            let (id, name, tags) = row.at(&self.path)?;
            if want_feed
                .as_ref()
                .is_some_and(|w| *w != name.to_lowercase())
            {
                continue;
            }
            if let Some(w) = &want_tag {
                let tags: Vec<String> = serde_json::from_str(&tags).unwrap_or_default();
                if !tags.iter().any(|t| t.to_lowercase() == *w) {
                    continue;
                }
            }
            ids.push(id);
        }
        Ok(Some(ids))
    }
}

/// Index one article; `replace` drops its previous entry first (an
/// update). A new article has none: the delete trigger removed the entry of
/// any earlier article that had the same rowid.
pub(super) fn index(
    conn: &Connection,
    id: i64,
    replace: bool,
    title: &str,
    author: Option<&str>,
    summary: Option<&str>,
    content: Option<&str>,
) -> rusqlite::Result<()> {
    if replace {
        conn.prepare_cached("DELETE FROM article_fts WHERE rowid = ?1")?
            .execute([id])?;
    }
    conn.prepare_cached(
        "INSERT INTO article_fts (rowid, title, author, body) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, title, author, plain_body(summary, content)])?;
    Ok(())
}

/// Queue an article whose text changed to be indexed again later (new
/// articles are queued with their feed's others, `new_rows`).
pub(super) fn queue(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO fts_pending (article_id) VALUES (?1)")?
        .execute([id])?;
    Ok(())
}

/// A queued article's id, title, author, summary and content.
type Queued = (i64, String, Option<String>, Option<String>, Option<String>);

/// Articles indexed per transaction while catching up: bounds memory and
/// keeps each write lock short so a refresh in another process can go on.
const CATCH_UP_BATCH: usize = 500;

/// Index queued articles, newest first, in batches until the queue is empty
/// or at least `max` are done; returns how many were indexed.
pub(super) fn catch_up(conn: &Connection, max: usize) -> rusqlite::Result<usize> {
    // The common case, nothing queued, must not take a write lock.
    let queued: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM fts_pending)", [], |r| {
        r.get(0)
    })?;
    if !queued {
        return Ok(0);
    }
    let mut done = 0;
    while done < max {
        // Immediate: the batch is read, then written. A deferred transaction
        // whose read started before another connection's write (the TUI's
        // indexer, a search, a refresh) could not become a writer and would
        // fail at once instead of waiting for the lock.
        // A background step: the process's writes already asking for the
        // lock go first (`writers`).
        let tx = super::writers::begin(conn)?;
        let take = CATCH_UP_BATCH.min(max - done);
        let batch: Vec<Queued> = {
            let mut stmt = tx.prepare_cached(
                // The newest ids first, chosen before any row is joined: the
                // sort must not carry every queued article's texts.
                concat!(
                    "SELECT p.article_id, a.title, ",
                    super::names::name_of!("a.author_id"),
                    ", t.summary, t.content
                     FROM (SELECT article_id FROM fts_pending
                           ORDER BY article_id DESC LIMIT ?1) p
                     JOIN articles a ON a.id = p.article_id
                     LEFT JOIN article_texts t ON t.article_id = a.id
                     ORDER BY p.article_id DESC"
                ),
            )?;
            // Packed texts are read after the batch, a block at a time
            // (`text_walk`).
            let mut packed = Deferred::new(3);
            let mut batch: Vec<Queued> = Vec::new();
            let mut rows = stmt.query([take as i64])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let (summary, content) = packed
                    .texts_or_defer(&tx, r, id, batch.len())?
                    .unwrap_or_default();
                batch.push((id, r.get(1)?, r.get(2)?, summary, content));
            }
            drop(rows);
            packed.read(&tx, |i, (summary, content)| {
                (batch[i].3, batch[i].4) = (summary, content);
                Ok(())
            })?;
            batch
        };
        if batch.is_empty() {
            // Rows whose article is gone (the trigger normally removes them).
            tx.execute("DELETE FROM fts_pending", [])?;
            tx.commit()?;
            return Ok(done);
        }
        for (id, title, author, summary, content) in &batch {
            index(
                &tx,
                *id,
                true,
                title,
                author.as_deref(),
                summary.as_deref(),
                content.as_deref(),
            )?;
            tx.prepare_cached("DELETE FROM fts_pending WHERE article_id = ?1")?
                .execute([id])?;
        }
        // The counts of the blocks these entries are in are stale now
        // (`search_idf`), in the same transaction.
        search_idf::bump(&tx, batch.iter().map(|b| b.0))?;
        done += batch.len();
        tx.commit()?;
    }
    Ok(done)
}

/// Migration step to schema 2: index every article already in the cache.
pub(super) fn backfill(conn: &Connection) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, a.title, {}, t.summary, t.content
         FROM articles a LEFT JOIN article_texts t ON t.article_id = a.id",
        super::names::author_column(conn)?
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let title: String = r.get(1)?;
        let author: Option<String> = r.get(2)?;
        let summary = codec::column(r, 3)?;
        let content = codec::column(r, 4)?;
        index(
            conn,
            id,
            false,
            &title,
            author.as_deref(),
            summary.as_deref(),
            content.as_deref(),
        )?;
    }
    Ok(())
}

/// The text indexed as the body: summary then content, as plain text,
/// capped at `BODY_CAP` bytes. The content is skipped when it says the same
/// as the summary, so those words do not count twice in bm25.
pub fn plain_body(summary: Option<&str>, content: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(s) = summary {
        strip_html_into(s, &mut out);
    }
    if let Some(c) = content {
        let mut body = String::new();
        strip_html_into(c, &mut body);
        if body != out {
            if !out.is_empty() && !body.is_empty() {
                out.push(' ');
            }
            out.push_str(&body);
        }
    }
    if out.len() > BODY_CAP {
        let mut end = BODY_CAP;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
    out
}

/// Append `html` as plain text: tags become spaces (so `a<br>b` is two
/// words), the common entities are decoded, whitespace runs collapse. A
/// cheap approximation of rendering, which is all an index needs; it stops
/// once the cap is reached.
fn strip_html_into(html: &str, out: &mut String) {
    let mut rest = html;
    let mut pending_space = false;
    // Once no '>' is left, no later '<' can open a tag: remembering that
    // keeps text full of '<' linear instead of searching to the end each time.
    let mut gt_left = true;
    while let Some(c) = rest.chars().next() {
        if out.len() > BODY_CAP {
            return;
        }
        match c {
            '<' if gt_left && is_tag_start(rest) => {
                // A tag or a comment: skip to the next '>'.
                match rest.find('>') {
                    Some(end) => {
                        rest = &rest[end + 1..];
                        pending_space = true;
                        continue;
                    }
                    None => {
                        gt_left = false;
                        push(out, '<', &mut pending_space);
                    }
                }
            }
            '&' => {
                if let Some((decoded, len)) = entity(rest) {
                    if decoded.is_whitespace() {
                        pending_space = true;
                    } else {
                        push(out, decoded, &mut pending_space);
                    }
                    rest = &rest[len..];
                    continue;
                }
                push(out, '&', &mut pending_space);
            }
            c if c.is_whitespace() => pending_space = true,
            c => push(out, c, &mut pending_space),
        }
        rest = &rest[c.len_utf8()..];
    }
}

fn push(out: &mut String, c: char, pending_space: &mut bool) {
    if *pending_space && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
    *pending_space = false;
    out.push(c);
}

/// `<p`, `</p`, `<!--`, `<br/`: a tag, not a "<" in text such as "a < b".
fn is_tag_start(s: &str) -> bool {
    let mut chars = s.chars().skip(1);
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?')
}

/// Decode the entity at the start of `s` ("&amp;", "&#1178;", "&#x49A;").
fn entity(s: &str) -> Option<(char, usize)> {
    // Entity names are short ASCII: look at a few bytes only, so text with
    // many '&' stays linear (and stop at a char boundary).
    let mut window = s.len().min(12);
    while !s.is_char_boundary(window) {
        window -= 1;
    }
    let end = s[..window].find(';').filter(|&e| e > 1)?;
    let name = &s[1..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // Control characters stay out of the index, like everywhere else.
        char::from_u32(code).filter(|c| !c.is_control())?
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "laquo" => '«',
            "raquo" => '»',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_spaces_and_entities_decode() {
        assert_eq!(
            plain_body(
                Some("<p>Қазақстан<br/>жаңалықтары &amp; &#1178;ала</p>"),
                None
            ),
            "Қазақстан жаңалықтары & Қала"
        );
        assert_eq!(
            plain_body(Some("a < b &unknown; c"), None),
            "a < b &unknown; c"
        );
        assert_eq!(plain_body(Some("  x \n\t y  "), None), "x y");
    }

    #[test]
    fn pathological_markup_is_linear() {
        // 1 MB of '<' without '>' and of '&' before Cyrillic: quadratic
        // scanning would take minutes here.
        let lts = "<a".repeat(500_000);
        let started = std::time::Instant::now();
        assert!(plain_body(None, Some(&lts)).starts_with("<a<a"));
        let amps = "&қ".repeat(300_000);
        assert!(plain_body(None, Some(&amps)).starts_with("&қ&қ"));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn content_equal_to_summary_counts_once() {
        assert_eq!(plain_body(Some("<p>Same</p>"), Some("Same")), "Same");
        assert_eq!(
            plain_body(Some("Short"), Some("<p>Long text</p>")),
            "Short Long text"
        );
    }

    #[test]
    fn body_is_capped_on_a_char_boundary() {
        let long = "Жаңалық ".repeat(5000);
        let body = plain_body(None, Some(&long));
        assert!(
            body.len() <= BODY_CAP && body.len() > BODY_CAP - 16,
            "{}",
            body.len()
        );
        assert!(body.starts_with("Жаңалық Жаңалық"));
    }
}

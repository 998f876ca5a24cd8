//! Reading articles (lists and one whole article) and changing their
//! read/starred state.
//!
//! Articles of feeds no longer in the configuration are not listed or
//! counted, except starred ones, which stay reachable.

use chrono::{DateTime, Utc};
use rusqlite::types::ToSql;
use rusqlite::{OptionalExtension, params};

use super::convert::{count, from_ts, opt_from_ts, to_ts, u64_from_sql};
use super::{ArticleQuery, At, Store, StoreError, mark_many, sync_queue, text_blocks, write_tx};
use crate::domain::{Article, ArticleId, ArticleSummary, FeedId, Signals};

/// The list columns, read by `summary_from_row` (indexes 0..=16). The
/// flags come from `article_flags` (schema v13), joined as `g`: every
/// statement using these columns joins [`FLAGS_JOIN`].
/// The feed is joined as `f`: the link is stored relative to its origin
/// (`link_form`).
pub(super) const SUMMARY_COLUMNS: &str = concat!(
    "a.id, a.feed_id, f.name, a.title, ",
    super::link_form::decoded_link!("a.link", "f.link_origin"),
    ", ",
    super::names::author_and_category!(),
    ", ",
    super::convert::published!(),
    ", ",
    super::convert::first_seen!(),
    ", a.views, a.comments, a.score, a.rating, g.read, g.starred,
    a.title_derived, a.media"
);

/// An article's key (`identity`), the feed joined as `f`.
const KEY_COLUMN: &str = concat!(
    "coalesce(a.key_text, ",
    super::link_form::decoded_link!("a.link", "f.link_origin"),
    ")"
);

/// An article's flags row, joined as `g` (see `flags`).
pub(super) const FLAGS_JOIN: &str = "JOIN article_flags g ON g.article_id = a.id";

impl Store {
    /// The date (published, else first seen) of the `n`-th newest article,
    /// counting from 1; `None` when the cache holds fewer. Walks the date
    /// index `n` steps, so bounding a window by a count costs no more
    /// than reading that many index entries.
    pub fn nth_newest_date(&self, n: usize) -> Result<Option<DateTime<Utc>>, StoreError> {
        let Some(offset) = n.checked_sub(1).and_then(|o| i64::try_from(o).ok()) else {
            return Ok(None);
        };
        self.conn
            .prepare_cached(
                "SELECT sort_date FROM articles ORDER BY sort_date DESC LIMIT 1 OFFSET ?1",
            )
            .at(&self.path)?
            .query_row([offset], |r| r.get::<_, i64>(0))
            .optional()
            .at(&self.path)
            .map(|d| d.map(from_ts))
    }

    /// Articles, newest first (by published date, else first-seen).
    pub fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleSummary>, StoreError> {
        let feed = q.feed.map(|f| f.0);
        let since = q.since.map(to_ts);
        // SQLite's "no limit" is a negative LIMIT.
        let limit: i64 = q.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let offset: i64 = i64::try_from(q.offset).unwrap_or(i64::MAX);
        let mut args: Vec<(&str, &dyn ToSql)> = vec![(":limit", &limit), (":offset", &offset)];
        if let Some(feed) = &feed {
            args.push((":feed", feed));
        }
        if let Some(since) = &since {
            args.push((":since", since));
        }
        // At most 2^4 distinct texts, all of which fit the statement cache.
        let mut stmt = self.conn.prepare_cached(&list_sql(q)).at(&self.path)?;
        let rows = stmt.query_map(&*args, summary_from_row).at(&self.path)?;
        rows.collect::<Result<Vec<_>, _>>().at(&self.path)
    }

    pub fn article(&self, id: ArticleId) -> Result<Article, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, {KEY_COLUMN}, a.updated, t.summary, t.content
             FROM articles a {FLAGS_JOIN} JOIN feeds f ON f.id = a.feed_id
             LEFT JOIN article_texts t ON t.article_id = a.id
             WHERE a.id = ?1"
        );
        self.conn
            .prepare_cached(&sql)
            .at(&self.path)?
            .query_row([id.0], |r| {
                let (description, content) = text_blocks::row_texts(&self.conn, r, 19, id.0)?;
                Ok(Article {
                    summary: summary_from_row(r)?,
                    key: r.get(17)?,
                    updated: opt_from_ts(r.get(18)?),
                    description,
                    content,
                    enclosures: Vec::new(),
                })
            })
            .optional()
            .at(&self.path)?
            .ok_or(StoreError::NoSuchArticle(id))
            .and_then(|mut a| {
                a.enclosures = self.enclosures(id)?;
                Ok(a)
            })
    }

    /// Mark articles read or unread, all in one transaction. Ids that no
    /// longer exist (removed by retention meanwhile) are skipped.
    pub fn set_read(&mut self, ids: &[ArticleId], read: bool) -> Result<(), StoreError> {
        self.set_read_changes(ids, read).map(|_| ())
    }

    /// As `set_read`; returns the articles whose state really changed,
    /// with their feeds (an article already in that state is left out), so
    /// a caller can move unread counts by exactly that. In the order of
    /// `ids` (a repeated id counts once).
    ///
    /// Set-based: the ids go to SQLite as one JSON array, so marking is one
    /// statement and queueing the sync changes one more, whatever the
    /// count (a statement per article cost ~30 µs each: 3 s for 100,000).
    pub fn set_read_changes(
        &mut self,
        ids: &[ArticleId],
        read: bool,
    ) -> Result<Vec<(ArticleId, FeedId)>, StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        // The feed counts move once per feed, not by the per-row trigger
        // (see `mark_many`).
        let changed = mark_many::set_read(&tx, ids, read).at(path)?;
        let changed: Vec<(ArticleId, FeedId)> = mark_many::in_asked_order(ids, changed);
        sync_queue::enqueue_many(
            &tx,
            &changed.iter().map(|(id, _)| id.0).collect::<Vec<_>>(),
            sync_queue::Field::Read,
            read,
            sync_queue::now_ms(),
        )
        .at(path)?;
        tx.commit().at(path)?;
        Ok(changed)
    }

    /// Star or unstar; the change is queued for sync in the same
    /// transaction.
    pub fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<(), StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        let old: Option<bool> = tx
            .prepare_cached("SELECT starred FROM article_flags WHERE article_id = ?1")
            .at(path)?
            .query_row([id.0], |r| r.get(0))
            .optional()
            .at(path)?;
        match old {
            None => return Err(StoreError::NoSuchArticle(id)),
            Some(old) if old == starred => {}
            Some(_) => {
                tx.prepare_cached("UPDATE article_flags SET starred = ?2 WHERE article_id = ?1")
                    .at(path)?
                    .execute(params![id.0, starred])
                    .at(path)?;
                sync_queue::enqueue(
                    &tx,
                    id.0,
                    sync_queue::Field::Starred,
                    starred,
                    sync_queue::now_ms(),
                )
                .at(path)?;
            }
        }
        tx.commit().at(path)
    }

    /// Mark every article of a feed read; returns how many were unread.
    pub fn mark_feed_read(&mut self, feed: FeedId) -> Result<u64, StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        let exists = tx
            .prepare_cached("SELECT 1 FROM feeds WHERE id = ?1")
            .at(path)?
            .exists([feed.0])
            .at(path)?;
        if !exists {
            return Err(StoreError::NoSuchFeed(feed));
        }
        sync_queue::enqueue_feed_read(&tx, feed.0, sync_queue::now_ms()).at(path)?;
        let n = tx
            .prepare_cached(FEED_READ)
            .at(path)?
            .execute([feed.0])
            .at(path)?;
        tx.commit().at(path)?;
        Ok(n as u64)
    }

    /// Mark every article of `feeds` read in one transaction; returns
    /// exactly the articles that were unread (with their feeds), so that
    /// `set_read(.., false)` on them undoes it and nothing else.
    pub fn mark_feeds_read(
        &mut self,
        feeds: &[FeedId],
    ) -> Result<Vec<(ArticleId, FeedId)>, StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        let mut changed = Vec::new();
        {
            let mut exists = tx
                .prepare_cached("SELECT 1 FROM feeds WHERE id = ?1")
                .at(path)?;
            let mut stmt = tx
                .prepare_cached(&format!("{FEED_READ} RETURNING article_id, feed_id"))
                .at(path)?;
            let at = sync_queue::now_ms();
            for feed in feeds {
                if !exists.exists([feed.0]).at(path)? {
                    return Err(StoreError::NoSuchFeed(*feed));
                }
                // Queued in this transaction, before the change it records.
                sync_queue::enqueue_feed_read(&tx, feed.0, at).at(path)?;
                let rows = stmt
                    .query_map([feed.0], |r| Ok((ArticleId(r.get(0)?), FeedId(r.get(1)?))))
                    .at(path)?;
                for row in rows {
                    changed.push(row.at(path)?);
                }
            }
        }
        tx.commit().at(path)?;
        Ok(changed)
    }

    /// Unread articles of the configured feeds.
    pub fn unread_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached(
                // The counts the triggers keep (see `counts`).
                "SELECT coalesce(sum(c.unread), 0)
                 FROM feeds f JOIN feed_counts c ON c.feed_id = f.id WHERE f.active = 1",
            )
            .at(&self.path)?
            .query_row([], |r| r.get(0))
            .at(&self.path)?;
        Ok(count(n))
    }
}

impl Store {
    /// How many articles `articles(q)` would list (its limit and offset
    /// aside), from the counts the cache keeps (`counts`) when they answer
    /// it: all or unread, of one feed or of all. `None` for the other
    /// queries (starred, since a date), which the caller counts by listing.
    /// Listing a year of news only to count it took 3 s and 500 MB.
    pub fn count_articles(&self, q: &ArticleQuery) -> Result<Option<u64>, StoreError> {
        if q.starred_only || q.since.is_some() {
            return Ok(None);
        }
        let unread = i64::from(q.unread_only);
        let n: i64 = match q.feed {
            Some(feed) => self
                .conn
                .prepare_cached(
                    "SELECT coalesce(max(CASE WHEN ?2 THEN unread ELSE total END), 0)
                     FROM feed_counts WHERE feed_id = ?1",
                )
                .at(&self.path)?
                .query_row(rusqlite::params![feed.0, unread], |r| r.get(0))
                .at(&self.path)?,
            // The list of all feeds: the active feeds' articles and the
            // starred ones of feeds no longer configured (`list_sql`).
            None => self
                .conn
                .prepare_cached(
                    "SELECT (SELECT coalesce(sum(CASE WHEN ?1 THEN c.unread ELSE c.total END), 0)
                             FROM feeds f JOIN feed_counts c ON c.feed_id = f.id
                             WHERE f.active = 1)
                          + (SELECT count(*) FROM article_flags g
                             JOIN feeds f ON f.id = g.feed_id
                             WHERE g.starred = 1 AND f.active = 0 AND (NOT ?1 OR g.read = 0))",
                )
                .at(&self.path)?
                .query_row([unread], |r| r.get(0))
                .at(&self.path)?,
        };
        Ok(Some(count(n)))
    }
}

/// Mark a feed's unread articles read. The feed's article ids come from
/// the articles' `(feed_id, sort_date)` index and each flags row is found
/// by its key: the flags table has no index by feed (see `flags`).
const FEED_READ: &str = "UPDATE article_flags SET read = 1
     WHERE article_id IN (SELECT id FROM articles WHERE feed_id = ?1) AND read = 0";

/// The list statement for a query; its parameters are `:limit`,
/// `:offset`, and `:feed` / `:since` when the query sets them.
fn list_sql(q: &ArticleQuery) -> String {
    // Three walks, each in date order so the statement stops after LIMIT
    // rows instead of sorting:
    // - starred lists of all feeds walk the flags' partial starred index
    //   (v13), the articles looked up by key;
    // - unread lists of all feeds walk the spans of dates with unread
    //   articles, newest first (`unread_spans`, v18), and within each the
    //   articles' date index, the flags looked up by key: read spans are
    //   skipped whole, and a mark changes no index;
    // - the rest walk the articles' date or (feed, date) index, the flags
    //   looked up by key.
    let by_starred = q.feed.is_none() && q.starred_only;
    let by_spans = q.feed.is_none() && q.unread_only && !q.starred_only;
    let d = if by_starred { "g" } else { "a" };
    let mut conds: Vec<String> = Vec::with_capacity(6);
    if q.feed.is_some() {
        conds.push("a.feed_id = :feed".into());
    } else {
        conds.push("(f.active = 1 OR g.starred = 1)".into());
    }
    // Literal `starred = 1` so the partial index applies.
    if q.unread_only {
        conds.push("g.read = 0".into());
    }
    if q.starred_only {
        conds.push("g.starred = 1".into());
    }
    if q.since.is_some() {
        conds.push(format!("{d}.sort_date >= :since"));
    }
    let shift = super::unread_spans::SPAN_SHIFT;
    if by_spans {
        conds.push(format!(
            "s.unread > 0 AND a.sort_date >= (s.span << {shift})
             AND a.sort_date < ((s.span + 1) << {shift})"
        ));
        if q.since.is_some() {
            conds.push(format!("s.span >= (:since >> {shift})"));
        }
    }
    // CROSS JOIN keeps the tables' order as the loops' order, so the walk
    // follows the indexes named above. The spans' key leads the ORDER BY:
    // the rows of a span are all dated after those of an earlier one, so
    // the order is the same, and SQLite sees the loops already give it.
    let (from, order) = if by_starred {
        (
            "article_flags g CROSS JOIN articles a ON a.id = g.article_id",
            "g.sort_date DESC, g.article_id DESC",
        )
    } else if by_spans {
        (
            "unread_spans s CROSS JOIN articles a
             CROSS JOIN article_flags g ON g.article_id = a.id",
            "s.span DESC, a.sort_date DESC, a.id DESC",
        )
    } else {
        (
            "articles a CROSS JOIN article_flags g ON g.article_id = a.id",
            "a.sort_date DESC, a.id DESC",
        )
    };
    format!(
        "SELECT {SUMMARY_COLUMNS}
         FROM {from} CROSS JOIN feeds f ON f.id = a.feed_id
         WHERE {}
         ORDER BY {order}
         LIMIT :limit OFFSET :offset",
        conds.join(" AND ")
    )
}

/// The query plan of the list statement, one line per step (for tests and
/// benchmarks that guard against a plan that sorts the whole table).
pub(super) fn explain_list(
    conn: &rusqlite::Connection,
    q: &ArticleQuery,
) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {}", list_sql(q)))?;
    let mut args: Vec<(&str, &dyn ToSql)> = vec![(":limit", &50), (":offset", &0)];
    if q.feed.is_some() {
        args.push((":feed", &1));
    }
    if q.since.is_some() {
        args.push((":since", &0));
    }
    stmt.query_map(&*args, |r| r.get::<_, String>(3))?.collect()
}

pub(super) fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        title_derived: r.get(15)?,
        id: ArticleId(r.get(0)?),
        feed_id: FeedId(r.get(1)?),
        feed_name: r.get(2)?,
        title: r.get(3)?,
        link: r.get(4)?,
        author: r.get(5)?,
        category: r.get(6)?,
        published: opt_from_ts(r.get(7)?),
        first_seen: from_ts(r.get(8)?),
        signals: Signals {
            views: u64_from_sql(r.get(9)?),
            comments: u64_from_sql(r.get(10)?),
            score: r.get(11)?,
            rating: r.get(12)?,
        },
        read: r.get(13)?,
        starred: r.get(14)?,
        media: r
            .get::<_, Option<String>>(16)?
            .map(|m| crate::domain::MediaKind::parse(&m)),
    })
}

//! Bulk reads for ranking: the articles of a time window as `RankArticle`s.
//! No per-row queries: Top stories over a week of a big cache must stay
//! interactive.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::Row;

use super::convert::{from_ts, to_ts, u64_from_sql};
use super::text_walk::Deferred;
use super::{At, Store, StoreError};
use crate::domain::{ArticleId, FeedId, Signals};
use crate::rank::RankArticle;

/// Grouping reads a summary's lead only (`rank::lead_text`, at most
/// `LEAD_CHARS`): one character more than that is enough for the lead
/// computed from this start to equal the one computed from the whole.
const SUMMARY_CHARS: usize = crate::rank::LEAD_CHARS + 1;

/// What a ranking needs read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankFields {
    /// Clustering and scoring (Top stories): fingerprints, dates, signals.
    /// Title and link are left empty: the fingerprint is all clustering
    /// reads of them (stored, or computed from the texts when not).
    Clustering,
    /// Also titles, links and the start of summaries (related stories).
    Text,
}

/// Columns 0..=6 of both queries (the fingerprints are read apart, see
/// `fingerprints::attach`). Whether an article is starred is read
/// by a query of its own: a join with the flags table cost a B-tree
/// seek per row of the window (~6 ms of a week of the 1M cache) for the
/// few articles of removed feeds it decides.
const COMMON: &str = "a.id, a.feed_id, a.sort_date,
    a.views, a.comments, a.score, a.rating";

/// The ids of the window come from the date index; `IN` sorts them, so
/// rows are then read in table order, each page once, rather than one
/// B-tree descent per row in date order (2x faster where rows are not in
/// date order, as after a first refresh, which stores feed by feed).
fn window_sql(columns: &str, join: &str) -> String {
    format!(
        "SELECT {COMMON}{columns} FROM articles a {join}
         WHERE a.id IN (SELECT id FROM articles WHERE sort_date >= ?1 AND sort_date <= ?2)"
    )
}

impl Store {
    /// Articles of active feeds (and starred ones of removed feeds) dated
    /// at or after `since`, with the fields `fields` says.
    pub fn rank_inputs(
        &self,
        since: DateTime<Utc>,
        fields: RankFields,
    ) -> Result<Vec<RankArticle>, StoreError> {
        self.rank_window(since, i64::MAX, fields, true)
    }

    /// `rank_inputs(since, Clustering)` of articles dated up to `until`
    /// too (a kept-links step's reference window, `story_links`).
    pub(super) fn rank_inputs_between(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<RankArticle>, StoreError> {
        self.rank_window(since, to_ts(until), RankFields::Clustering, true)
    }

    /// `rank_inputs(since, Clustering)` without fingerprints (Top from
    /// kept links scores from dates and signals, and reads the
    /// fingerprints of the few members its linkage compares with
    /// `attach_fingerprints`): every `fingerprint` is `None`.
    pub fn rank_rows(&self, since: DateTime<Utc>) -> Result<Vec<RankArticle>, StoreError> {
        self.rank_window(since, i64::MAX, RankFields::Clustering, false)
    }

    /// Give the articles at `which` (indices into `articles`, rows of
    /// `rank_rows`) their fingerprints: stored, else computed from their
    /// texts as the writer does.
    pub fn attach_fingerprints(
        &self,
        articles: &mut [RankArticle],
        which: &[usize],
    ) -> Result<(), StoreError> {
        super::fingerprints::attach_some(&self.conn, articles, which).at(&self.path)?;
        let ids: HashSet<ArticleId> = which
            .iter()
            .filter_map(|&i| articles.get(i).map(|a| a.id))
            .collect();
        super::fingerprints::fill_missing(&self.conn, articles, &|id| ids.contains(&id))
            .at(&self.path)
    }

    fn rank_window(
        &self,
        since: DateTime<Utc>,
        until: i64,
        fields: RankFields,
        fingerprints: bool,
    ) -> Result<Vec<RankArticle>, StoreError> {
        let active: HashSet<i64> = self
            .conn
            .prepare_cached("SELECT id FROM feeds WHERE active = 1")
            .at(&self.path)?
            .query_map([], |r| r.get(0))
            .at(&self.path)?
            .collect::<Result<_, _>>()
            .at(&self.path)?;
        // Starred articles of the window (the flags table's partial index):
        // kept even when their feed was removed.
        let starred: HashSet<i64> = self
            .conn
            .prepare_cached(
                "SELECT article_id FROM article_flags WHERE starred = 1 AND sort_date >= ?1",
            )
            .at(&self.path)?
            .query_map([to_ts(since)], |r| r.get(0))
            .at(&self.path)?
            .collect::<Result<_, _>>()
            .at(&self.path)?;
        let keep = |a: &RankArticle| active.contains(&a.feed_id.0) || starred.contains(&a.id.0);
        let mut out = Vec::new();
        match fields {
            RankFields::Clustering => {
                let mut stmt = self
                    .conn
                    .prepare_cached(&window_sql("", ""))
                    .at(&self.path)?;
                let mut rows = stmt.query([to_ts(since), until]).at(&self.path)?;
                while let Some(r) = rows.next().at(&self.path)? {
                    let article = common(r).at(&self.path)?;
                    if keep(&article) {
                        out.push(article);
                    }
                }
            }
            RankFields::Text => {
                // Links are stored relative to their feed's origin
                // (`link_form`): the origins read once, not joined per row.
                let origins: HashMap<i64, String> = self
                    .conn
                    .prepare_cached(
                        "SELECT id, link_origin FROM feeds WHERE link_origin IS NOT NULL",
                    )
                    .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
                    .at(&self.path)?;
                // Texts live in their own table (see `schema`).
                let sql = window_sql(
                    ", a.title, a.link, t.summary, t.content",
                    "LEFT JOIN article_texts t ON t.article_id = a.id",
                );
                let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
                let mut rows = stmt.query([to_ts(since), until]).at(&self.path)?;
                // Packed summaries are read after the walk, a block at a time.
                let mut packed = Deferred::new(9);
                while let Some(r) = rows.next().at(&self.path)? {
                    let mut article = common(r).at(&self.path)?;
                    if !keep(&article) {
                        continue;
                    }
                    article.title = r.get(7).at(&self.path)?;
                    let origin = origins.get(&article.feed_id.0).map(String::as_str);
                    article.link = r
                        .get_ref(8)
                        .and_then(|v| Ok(v.as_str_or_null()?))
                        .at(&self.path)?
                        .map(|l| super::link_form::decode(l, origin).into_owned());
                    if let Some((summary, _)) = packed
                        .texts_or_defer(&self.conn, r, article.id.0, out.len())
                        .at(&self.path)?
                    {
                        article.summary = summary.map(cut_summary);
                    }
                    out.push(article);
                }
                packed
                    .read(&self.conn, |i, (summary, _)| {
                        out[i].summary = summary.map(cut_summary);
                        Ok(())
                    })
                    .at(&self.path)?;
            }
        }
        // Stored fingerprints (articles inside the horizon); the others
        // (older, or a blob of another version) from their texts.
        // (`rank_rows` reads none here.)
        if fingerprints {
            super::fingerprints::attach(&self.conn, &mut out).at(&self.path)?;
            super::fingerprints::fill_missing(&self.conn, &mut out, &|_| true).at(&self.path)?;
        }
        Ok(out)
    }
}

/// A summary as ranking reads it: its first `SUMMARY_CHARS` characters.
fn cut_summary(s: String) -> String {
    match s.char_indices().nth(SUMMARY_CHARS) {
        Some((cut, _)) => s[..cut].to_string(),
        None => s,
    }
}

/// The columns both queries share, as an article with empty texts.
fn common(r: &Row<'_>) -> rusqlite::Result<RankArticle> {
    Ok(RankArticle {
        id: ArticleId(r.get(0)?),
        feed_id: FeedId(r.get(1)?),
        title: String::new(),
        summary: None,
        link: None,
        date: from_ts(r.get(2)?),
        signals: Signals {
            views: u64_from_sql(r.get(3)?),
            comments: u64_from_sql(r.get(4)?),
            score: r.get(5)?,
            rating: r.get(6)?,
        },
        fingerprint: None,
    })
}

impl Store {
    /// List rows for these ids, in the order given (unknown ids are skipped).
    pub fn summaries(
        &self,
        ids: &[ArticleId],
    ) -> Result<Vec<crate::domain::ArticleSummary>, StoreError> {
        let sql = format!(
            "SELECT {} FROM articles a {} JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1",
            super::query::SUMMARY_COLUMNS,
            super::query::FLAGS_JOIN
        );
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = stmt.query([id.0]).at(&self.path)?;
            if let Some(row) = rows.next().at(&self.path)? {
                out.push(super::query::summary_from_row(row).at(&self.path)?);
            }
        }
        Ok(out)
    }
}

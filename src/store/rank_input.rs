//! Bulk reads for ranking: the articles of a time window as `RankArticle`s.
//! One query, no per-row lookups: Top stories over a week of a big cache
//! must stay interactive.

use chrono::{DateTime, Utc};

use super::convert::{from_ts, to_ts, u64_from_sql};
use super::{At, Store, StoreError, codec};
use crate::domain::{ArticleId, FeedId, Signals};
use crate::rank::{Fingerprint, RankArticle};

/// Related stories compare title + the start of the summary; the rest of a
/// long body adds cost and little signal.
const SUMMARY_CHARS: usize = 600;

impl Store {
    /// Articles of active feeds (and starred ones) dated at or after
    /// `since`. `with_summary` also reads the start of each summary (for
    /// related stories; Top stories need only titles and links).
    pub fn rank_inputs(
        &self,
        since: DateTime<Utc>,
        with_summary: bool,
    ) -> Result<Vec<RankArticle>, StoreError> {
        // Texts live in their own table (see `schema`); only join it when needed.
        let (summary_col, texts_join) = if with_summary {
            (
                "t.summary",
                "LEFT JOIN article_texts t ON t.article_id = a.id",
            )
        } else {
            ("NULL", "")
        };
        let sql = format!(
            "SELECT a.id, a.feed_id, a.title, a.link, a.sort_date,
                    a.views, a.comments, a.score, a.rating, {summary_col}, a.fingerprint
             FROM articles a CROSS JOIN feeds f ON f.id = a.feed_id {texts_join}
             WHERE a.sort_date >= ?1 AND (f.active = 1 OR a.starred = 1)"
        );
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt
            .query_map([to_ts(since)], |r| {
                let summary =
                    codec::column(r, 9)?.map(|s| match s.char_indices().nth(SUMMARY_CHARS) {
                        Some((cut, _)) => s[..cut].to_string(),
                        None => s,
                    });
                Ok(RankArticle {
                    id: ArticleId(r.get(0)?),
                    feed_id: FeedId(r.get(1)?),
                    title: r.get(2)?,
                    link: r.get(3)?,
                    date: from_ts(r.get(4)?),
                    signals: Signals {
                        views: u64_from_sql(r.get(5)?),
                        comments: u64_from_sql(r.get(6)?),
                        score: r.get(7)?,
                        rating: r.get(8)?,
                    },
                    summary,
                    fingerprint: r
                        .get_ref(10)?
                        .as_blob_or_null()
                        .ok()
                        .flatten()
                        .and_then(Fingerprint::decode),
                })
            })
            .at(&self.path)?;
        rows.collect::<Result<Vec<_>, _>>().at(&self.path)
    }
}

impl Store {
    /// List rows for these ids, in the order given (unknown ids are skipped).
    pub fn summaries(
        &self,
        ids: &[ArticleId],
    ) -> Result<Vec<crate::domain::ArticleSummary>, StoreError> {
        let sql = format!(
            "SELECT {} FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1",
            super::query::SUMMARY_COLUMNS
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

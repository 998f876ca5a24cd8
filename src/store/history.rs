//! Reading the signal history (one sample per change of views, comments or
//! score, plus one when the article first appeared), for growth-based
//! ranking.

use chrono::{DateTime, Utc};

use super::convert::{from_ts, to_ts, u64_from_sql};
use super::{At, Store, StoreError};
use crate::domain::ArticleId;

/// The countable signals of one article at one time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalSample {
    pub article: ArticleId,
    pub at: DateTime<Utc>,
    pub views: Option<u64>,
    pub comments: Option<u64>,
    pub score: Option<i64>,
}

impl Store {
    /// One article's samples, oldest first.
    pub fn signal_history(&self, id: ArticleId) -> Result<Vec<SignalSample>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT article_id, at, views, comments, score FROM signal_samples
                 WHERE article_id = ?1 ORDER BY at",
            )
            .at(&self.path)?;
        let rows = stmt.query_map([id.0], sample_from_row).at(&self.path)?;
        rows.collect::<Result<Vec<_>, _>>().at(&self.path)
    }

    /// Every sample taken at or after `since`, grouped by article (ascending
    /// id), oldest first within an article: one pass for the ranking.
    pub fn signal_samples_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<SignalSample>, StoreError> {
        // No ORDER BY: with one, SQLite walks the (article, time) key to
        // skip a sort and reads the whole history (a year of it on a big
        // cache); without, it takes the time index (schema v12) and reads
        // only the recent samples, which are few and sorted here.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT article_id, at, views, comments, score FROM signal_samples
                 WHERE at >= ?1",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([to_ts(since)], sample_from_row)
            .at(&self.path)?;
        let mut samples = rows.collect::<Result<Vec<_>, _>>().at(&self.path)?;
        samples.sort_by_key(|s| (s.article, s.at));
        Ok(samples)
    }
}

fn sample_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SignalSample> {
    Ok(SignalSample {
        article: ArticleId(r.get(0)?),
        at: from_ts(r.get(1)?),
        views: u64_from_sql(r.get(2)?),
        comments: u64_from_sql(r.get(3)?),
        score: r.get(4)?,
    })
}

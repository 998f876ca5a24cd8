//! Feed rows: syncing with the configuration, per-feed fetch state
//! (validators, last success / attempt / error) and the feed list.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::convert::{count, from_ts, opt_from_ts, to_ts};
use super::{At, Store, StoreError, write_tx};
use crate::config::settings::FeedSettings;
use crate::domain::{FeedId, FeedSummary};
use crate::fetch::Validators;

impl Store {
    /// Make sure every configured feed has a row (keyed by URL; name, tags,
    /// kind updated). Returns ids in the same order as `feeds`.
    ///
    /// Feeds no longer configured are marked inactive rather than deleted,
    /// so their articles and read/starred state come back if the feed is
    /// configured again.
    pub fn sync_feeds(&mut self, feeds: &[FeedSettings]) -> Result<Vec<FeedId>, StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        // Server subscriptions (`synced`) stay: sync, not the config, owns them.
        tx.execute(
            "UPDATE feeds SET active = 0 WHERE active != 0 AND synced = 0",
            [],
        )
        .at(path)?;
        let mut ids = Vec::with_capacity(feeds.len());
        {
            let mut upsert = tx
                .prepare_cached(
                    "INSERT INTO feeds (url, name, kind, tags, position, active)
                     VALUES (?1, ?2, ?3, ?4, ?5, 1)
                     ON CONFLICT (url) DO UPDATE SET
                        name = excluded.name, kind = excluded.kind,
                        tags = excluded.tags, position = excluded.position,
                        active = 1
                     RETURNING id",
                )
                .at(path)?;
            for (position, feed) in feeds.iter().enumerate() {
                let tags = tags_to_sql(&feed.tags);
                let position = i64::try_from(position).unwrap_or(i64::MAX);
                let id: i64 = upsert
                    .query_row(
                        params![
                            feed.url.as_str(),
                            feed.name,
                            feed.kind.as_str(),
                            tags,
                            position
                        ],
                        |r| r.get(0),
                    )
                    .at(path)?;
                ids.push(FeedId(id));
            }
        }
        tx.commit().at(path)?;
        Ok(ids)
    }

    pub fn validators(&self, feed: FeedId) -> Result<Validators, StoreError> {
        self.conn
            .prepare_cached("SELECT etag, last_modified FROM feeds WHERE id = ?1")
            .at(&self.path)?
            .query_row([feed.0], |r| {
                Ok(Validators {
                    etag: r.get(0)?,
                    last_modified: r.get(1)?,
                })
            })
            .optional()
            .at(&self.path)?
            .ok_or(StoreError::NoSuchFeed(feed))
    }

    /// A 304: record the success time only (a success also clears the
    /// previous error).
    pub fn record_not_modified(
        &mut self,
        feed: FeedId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        not_modified_in(&self.conn, &self.path, feed, now)
    }

    /// Record a failed refresh (the message is shown in the UI and CLI).
    /// Articles and the previous success time are left as they were.
    pub fn record_failure(
        &mut self,
        feed: FeedId,
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        failure_in(&self.conn, &self.path, feed, message, now)
    }

    /// Every feed's id, name, URL, tags and whether it is still configured,
    /// without the article counts of `feeds` (which cost a pass over the
    /// indexes): what ranking needs to label and filter stories.
    pub fn feed_labels(&self) -> Result<Vec<FeedLabel>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, url, tags, active FROM feeds ORDER BY position, id")
            .at(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                let tags: String = r.get(3)?;
                Ok(FeedLabel {
                    id: FeedId(r.get(0)?),
                    name: r.get(1)?,
                    url: r.get(2)?,
                    tags: tags_from_sql(&tags),
                    active: r.get(4)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<Result<Vec<_>, _>>().at(&self.path)
    }

    /// Feeds with counts, in configuration order (feeds no longer in the
    /// config are not listed).
    pub fn feeds(&self) -> Result<Vec<FeedSummary>, StoreError> {
        // The counts are kept by triggers (see `counts`): counting them
        // here walked every article's index entry, 0.25–0.5 s on a year.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT f.id, f.name, f.url, f.tags, f.title, f.last_error, f.last_success,
                    coalesce(c.total, 0), coalesce(c.unread, 0)
                 FROM feeds f LEFT JOIN feed_counts c ON c.feed_id = f.id
                 WHERE f.active = 1 ORDER BY f.position, f.id",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                let tags: String = r.get(3)?;
                Ok(FeedSummary {
                    id: FeedId(r.get(0)?),
                    name: r.get(1)?,
                    url: r.get(2)?,
                    tags: tags_from_sql(&tags),
                    title: r.get(4)?,
                    last_error: r.get(5)?,
                    last_success: opt_from_ts(r.get(6)?),
                    total: count(r.get(7)?),
                    unread: count(r.get(8)?),
                })
            })
            .at(&self.path)?;
        rows.collect::<Result<Vec<_>, _>>().at(&self.path)
    }

    /// When the feed was last attempted (success or failure), if ever.
    pub fn last_attempt(&self, feed: FeedId) -> Result<Option<DateTime<Utc>>, StoreError> {
        let v: Option<Option<i64>> = self
            .conn
            .prepare_cached("SELECT last_attempt FROM feeds WHERE id = ?1")
            .at(&self.path)?
            .query_row([feed.0], |r| r.get(0))
            .optional()
            .at(&self.path)?;
        match v {
            Some(t) => Ok(t.map(from_ts)),
            None => Err(StoreError::NoSuchFeed(feed)),
        }
    }
}

/// Tags are kept as a JSON array: a tag may contain any character.
fn tags_to_sql(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".to_string())
}

/// A feed's identity, without counts (see `Store::feed_labels`).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedLabel {
    pub id: FeedId,
    pub name: String,
    pub url: String,
    pub tags: Vec<String>,
    /// False for a feed no longer in the configuration (its starred
    /// articles are kept).
    pub active: bool,
}

fn tags_from_sql(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

/// `record_not_modified` on `conn`, inside the caller's transaction if any.
pub(super) fn not_modified_in(
    conn: &Connection,
    path: &str,
    feed: FeedId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let n = conn
        .prepare_cached(
            "UPDATE feeds SET last_success = ?2, last_attempt = ?2, last_error = NULL
             WHERE id = ?1",
        )
        .at(path)?
        .execute(params![feed.0, to_ts(now)])
        .at(path)?;
    if n == 0 {
        return Err(StoreError::NoSuchFeed(feed));
    }
    Ok(())
}

/// `record_failure` on `conn`, inside the caller's transaction if any.
pub(super) fn failure_in(
    conn: &Connection,
    path: &str,
    feed: FeedId,
    message: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let n = conn
        .prepare_cached("UPDATE feeds SET last_attempt = ?2, last_error = ?3 WHERE id = ?1")
        .at(path)?
        .execute(params![feed.0, to_ts(now), message])
        .at(path)?;
    if n == 0 {
        return Err(StoreError::NoSuchFeed(feed));
    }
    Ok(())
}

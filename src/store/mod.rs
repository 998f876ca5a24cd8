//! The SQLite cache: schema and migrations, upserts, read/starred state,
//! retention. One `Store` wraps one connection; it is `Send` but not `Sync`,
//! so the refresh keeps one writer and the UI opens its own reader.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::config::settings::{CacheSettings, FeedSettings};
use crate::domain::{Article, ArticleId, ArticleSummary, FeedId, FeedSummary, ParsedFeed};
use crate::fetch::Validators;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cache database {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cache database {path} was written by a newer keruen (schema {found}, this build knows {known}); upgrade keruen or use another --data-dir")]
    TooNew { path: String, found: i64, known: i64 },
    #[error("no feed with id {0:?} in the cache")]
    NoSuchFeed(FeedId),
    #[error("no article with id {0:?} in the cache")]
    NoSuchArticle(ArticleId),
}

/// What one feed update changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateStats {
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// Which articles to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleQuery {
    pub feed: Option<FeedId>,
    pub unread_only: bool,
    pub starred_only: bool,
    /// Only articles dated at or after this.
    pub since: Option<DateTime<Utc>>,
    pub limit: Option<usize>,
    pub offset: usize,
}

pub struct Store {
    _private: (),
}

impl Store {
    /// Open (creating if needed) the cache at `path`, migrating the schema.
    pub fn open(_path: &Path) -> Result<Store, StoreError> {
        todo!("store")
    }

    pub fn open_in_memory() -> Result<Store, StoreError> {
        todo!("store")
    }

    /// Make sure every configured feed has a row (keyed by URL; name, tags,
    /// kind updated). Returns ids in the same order as `feeds`.
    pub fn sync_feeds(&mut self, _feeds: &[FeedSettings]) -> Result<Vec<FeedId>, StoreError> {
        todo!("store")
    }

    pub fn validators(&self, _feed: FeedId) -> Result<Validators, StoreError> {
        todo!("store")
    }

    /// Apply one fetched + parsed feed in one transaction: insert new
    /// articles, update changed ones (signals refreshed), never touch
    /// read/starred; store the validators; record success at `now`.
    pub fn apply_update(
        &mut self,
        _feed: FeedId,
        _parsed: &ParsedFeed,
        _validators: &Validators,
        _now: DateTime<Utc>,
    ) -> Result<UpdateStats, StoreError> {
        todo!("store")
    }

    /// A 304: record the success time only.
    pub fn record_not_modified(&mut self, _feed: FeedId, _now: DateTime<Utc>) -> Result<(), StoreError> {
        todo!("store")
    }

    /// Record a failed refresh (the message is shown in the UI and CLI).
    pub fn record_failure(&mut self, _feed: FeedId, _message: &str, _now: DateTime<Utc>) -> Result<(), StoreError> {
        todo!("store")
    }

    /// Feeds with counts, in configuration order (feeds no longer in the
    /// config are not listed).
    pub fn feeds(&self) -> Result<Vec<FeedSummary>, StoreError> {
        todo!("store")
    }

    /// Articles, newest first.
    pub fn articles(&self, _q: &ArticleQuery) -> Result<Vec<ArticleSummary>, StoreError> {
        todo!("store")
    }

    pub fn article(&self, _id: ArticleId) -> Result<Article, StoreError> {
        todo!("store")
    }

    pub fn set_read(&mut self, _ids: &[ArticleId], _read: bool) -> Result<(), StoreError> {
        todo!("store")
    }

    pub fn set_starred(&mut self, _id: ArticleId, _starred: bool) -> Result<(), StoreError> {
        todo!("store")
    }

    pub fn mark_feed_read(&mut self, _feed: FeedId) -> Result<u64, StoreError> {
        todo!("store")
    }

    pub fn unread_count(&self) -> Result<u64, StoreError> {
        todo!("store")
    }

    /// Remove old articles per the policy; starred ones are always kept.
    /// Returns how many were removed.
    pub fn apply_retention(&mut self, _policy: &CacheSettings, _now: DateTime<Utc>) -> Result<u64, StoreError> {
        todo!("store")
    }
}

//! Several feeds' writes in one transaction (group commit).
//!
//! A commit writes every page the transaction dirtied to the WAL, and the
//! upper pages of the article tables and their indexes are dirtied by every
//! feed; one commit per feed wrote them 500 times in a 500-feed refresh.
//! A batch commits a group of feeds at once.
//!
//! The group stands or falls as one: after any error the batch refuses
//! further work and its commit rolls everything back, so nothing is ever
//! half-written. That is the price of not giving each feed a savepoint,
//! which cost a tenth of a first refresh's CPU (SQLite copies every page an
//! earlier feed of the group dirtied into the savepoint's journal before
//! touching it again). It is a fair price: the errors an update can meet are
//! the disk's (full, I/O, damage), which fail the whole group anyway; the
//! data-dependent ones (a duplicate key) are ruled out before writing. The
//! feeds of a rolled-back group lose nothing: their validators were rolled
//! back with their articles, so the next refresh fetches them whole. A crash
//! before the commit is the same case.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::codec::{Encoder, PreparedTexts};
use super::{At, Store, StoreError, UpdateStats, feeds, text_dict, update, write_tx};
use crate::domain::{FeedId, ParsedFeed};
use crate::fetch::Validators;

/// An open write transaction holding the updates of several feeds.
pub struct WriteBatch<'s> {
    tx: Transaction<'s>,
    encoder: &'s mut Encoder,
    path: &'s str,
    /// The first error met, shown again for everything after it.
    failed: Option<String>,
}

impl Store {
    /// Keep statement journals in memory (`temp_store = MEMORY`) while
    /// this connection writes batches, or go back to the default.
    ///
    /// A statement that fires triggers and may abort part way runs in a
    /// statement journal, a copy of each page it touches; once a group's
    /// journal passed 64 KiB it became a temporary file, and every copied
    /// page a `pwrite`: 17% of a first refresh's CPU when every article
    /// insert fired triggers. Since v27 inserts need none (`new_rows`); a
    /// changed article's rewrite still does. One such statement's journal
    /// is a few pages, so memory is the right place; a statement that
    /// touches many pages (retention deleting thousands of articles) should
    /// run with the default, where a big journal goes to disk instead of
    /// the heap.
    pub fn statement_journals_in_memory(&mut self, on: bool) -> Result<(), StoreError> {
        let value = if on { "MEMORY" } else { "DEFAULT" };
        self.conn
            .pragma_update(None, "temp_store", value)
            .at(&self.path)
    }

    /// Begin a batch: takes the write lock until [`WriteBatch::commit`]
    /// (or until dropped, which rolls everything back).
    pub fn batch(&mut self) -> Result<WriteBatch<'_>, StoreError> {
        let Store {
            conn,
            encoder,
            path,
            ..
        } = self;
        Ok(WriteBatch {
            tx: write_tx(conn, path)?,
            encoder,
            path,
            failed: None,
        })
    }
}

impl WriteBatch<'_> {
    /// `Store::apply_update_prepared` for one feed of the batch.
    pub fn update(
        &mut self,
        feed: FeedId,
        parsed: &ParsedFeed,
        prepared: Option<&PreparedTexts>,
        validators: &Validators,
        now: DateTime<Utc>,
    ) -> Result<UpdateStats, StoreError> {
        self.usable()?;
        // Texts compressed with a dictionary need it in this cache to read.
        if let Some(dict) = prepared.and_then(PreparedTexts::dict) {
            let result =
                text_dict::ensure_stored(&self.tx, dict, super::convert::to_ts(now)).at(self.path);
            self.note(result)?;
        }
        let result = update::apply_in(
            &self.tx,
            self.encoder,
            self.path,
            feed,
            parsed,
            prepared,
            validators,
            now,
        );
        self.note(result)
    }

    /// `Store::record_not_modified` within the batch.
    pub fn not_modified(&mut self, feed: FeedId, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.usable()?;
        let result = feeds::not_modified_in(&self.tx, self.path, feed, now);
        self.note(result)
    }

    /// `Store::record_failure` within the batch.
    pub fn failure(
        &mut self,
        feed: FeedId,
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.usable()?;
        let result = feeds::failure_in(&self.tx, self.path, feed, message, now);
        self.note(result)
    }

    /// Learn from one fetch of `feed` for its schedule, within the batch.
    pub fn observe(
        &mut self,
        feed: FeedId,
        obs: &crate::schedule::learn::Observation,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.usable()?;
        let result = super::schedule::observe_in(&self.tx, self.path, feed, obs, now);
        self.note(result)
    }

    /// Whether an error has already doomed this batch.
    pub fn has_failed(&self) -> bool {
        self.failed.is_some()
    }

    /// Make every feed of the batch durable at once; after an error, roll
    /// them all back and return that error.
    pub fn commit(self) -> Result<(), StoreError> {
        match self.failed {
            None => self.tx.commit().at(self.path),
            Some(first) => {
                self.tx.rollback().at(self.path)?;
                Err(StoreError::BatchRolledBack(first))
            }
        }
    }

    fn usable(&self) -> Result<(), StoreError> {
        match &self.failed {
            None => Ok(()),
            Some(first) => Err(StoreError::BatchRolledBack(first.clone())),
        }
    }

    fn note<T>(&mut self, result: Result<T, StoreError>) -> Result<T, StoreError> {
        if let Err(e) = &result {
            self.failed = Some(e.to_string());
        }
        result
    }
}

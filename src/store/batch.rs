//! Several feeds' writes in one transaction (group commit).
//!
//! A commit writes every page the transaction dirtied to the WAL, and the
//! upper pages of the article tables and their indexes are dirtied by every
//! feed; one commit per feed wrote them 500 times in a 500-feed refresh.
//! A batch commits a group of feeds at once, while each feed still stands
//! alone: its update runs in a savepoint, so a feed that fails leaves no
//! trace and the others of the group are kept. A crash before the commit
//! loses the whole group, which is whole feeds (their validators included),
//! so the next refresh simply fetches them again.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::codec::{Encoder, PreparedTexts};
use super::{At, Store, StoreError, UpdateStats, feeds, update, write_tx};
use crate::domain::{FeedId, ParsedFeed};
use crate::fetch::Validators;

/// An open write transaction holding the updates of several feeds.
pub struct WriteBatch<'s> {
    tx: Transaction<'s>,
    encoder: &'s mut Encoder,
    path: &'s str,
}

impl Store {
    /// Begin a batch: takes the write lock until [`WriteBatch::commit`]
    /// (or until dropped, which rolls everything back).
    pub fn batch(&mut self) -> Result<WriteBatch<'_>, StoreError> {
        let Store {
            conn,
            encoder,
            path,
        } = self;
        // Savepoints keep what they must undo in a sub-journal; in memory
        // it costs no temporary file. Only this (writer) connection does it.
        conn.pragma_update(None, "temp_store", "MEMORY").at(path)?;
        Ok(WriteBatch {
            tx: write_tx(conn, path)?,
            encoder,
            path,
        })
    }
}

impl WriteBatch<'_> {
    /// `Store::apply_update_prepared` for one feed of the batch. On error
    /// this feed's changes are undone and the batch stays usable.
    pub fn update(
        &mut self,
        feed: FeedId,
        parsed: &ParsedFeed,
        prepared: Option<&PreparedTexts>,
        validators: &Validators,
        now: DateTime<Utc>,
    ) -> Result<UpdateStats, StoreError> {
        let path = self.path;
        // Dropping an unreleased savepoint rolls it back.
        let savepoint = self.tx.savepoint().at(path)?;
        let stats = update::apply_in(
            &savepoint,
            self.encoder,
            path,
            feed,
            parsed,
            prepared,
            validators,
            now,
        )?;
        savepoint.commit().at(path)?;
        Ok(stats)
    }

    /// `Store::record_not_modified` within the batch.
    pub fn not_modified(&mut self, feed: FeedId, now: DateTime<Utc>) -> Result<(), StoreError> {
        feeds::not_modified_in(&self.tx, self.path, feed, now)
    }

    /// `Store::record_failure` within the batch.
    pub fn failure(
        &mut self,
        feed: FeedId,
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        feeds::failure_in(&self.tx, self.path, feed, message, now)
    }

    /// Make every feed of the batch durable at once.
    pub fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().at(self.path)
    }
}

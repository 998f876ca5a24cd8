//! What sync keeps in the cache: the queue of local state changes, the
//! server's ids of articles and feeds, and the account's sync point.
//!
//! The queue is written by `query` (set_read, set_starred,
//! mark_feed_read) in the transaction of the change itself, and only for
//! articles the server knows: a change is never lost between the click and
//! the push, and a cache without sync queues nothing. The pull applies the
//! server's state to every mapped article except those with a queued
//! change (a local change not yet pushed is newer than anything the pull
//! can know of, so it wins).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

pub use super::sync_queue::Field;
use super::sync_queue::{enqueue, now_ms};
use super::{At, Store, StoreError, update, write_tx};
use crate::domain::{ArticleId, FeedId, NewArticle, ParsedFeed};
use crate::fetch::Validators;

/// A server subscription, as the feed list should show it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncedFeed {
    pub remote_id: String,
    pub url: String,
    pub name: String,
    /// The server's categories / folders / labels.
    pub tags: Vec<String>,
}

/// A server item with its state, sanitised, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteArticle {
    pub remote_id: String,
    pub feed: FeedId,
    pub article: NewArticle,
    pub read: bool,
    pub starred: bool,
}

/// The newest queued change of one article's field, to push.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingChange {
    pub article: ArticleId,
    pub remote_id: String,
    pub field: Field,
    pub value: bool,
    /// When the change was made (unix milliseconds).
    pub at_ms: i64,
    /// The newest queue row this change stands for: confirming it removes
    /// that row and the older ones of the same field, never a newer one
    /// queued while the push was under way.
    pub last_row: i64,
}

/// What applying the server's state changed locally.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StateCounts {
    pub read_changed: u64,
    pub starred_changed: u64,
    /// Fields left alone because a local change waits in the queue.
    pub kept_local: u64,
}

fn state_value(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

impl Store {
    /// Make `account` (kind, URL, user) the one the sync data belongs to.
    /// Another account's ids mean nothing here: they and its sync point are
    /// dropped (with the queue rows that pointed at them). True if so.
    pub fn sync_account(&mut self, account: &str) -> Result<bool, StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        let old = state_value(&tx, "account").at(path)?;
        let changed = old.as_deref() != Some(account);
        if changed {
            tx.execute_batch(
                "DELETE FROM sync_queue; DELETE FROM sync_items; DELETE FROM sync_feeds;
                 DELETE FROM sync_state; DELETE FROM sync_gone;
                 UPDATE feeds SET synced = 0 WHERE synced != 0;",
            )
            .at(path)?;
            tx.execute(
                "INSERT INTO sync_state (key, value) VALUES ('account', ?1)",
                [account],
            )
            .at(path)?;
        }
        tx.commit().at(path)?;
        Ok(changed && old.is_some())
    }

    /// A value kept for the account (its sync point, for one).
    pub fn sync_value(&self, key: &str) -> Result<Option<String>, StoreError> {
        state_value(&self.conn, key).at(&self.path)
    }

    pub fn set_sync_value(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?1, ?2)")
            .at(&self.path)?
            .execute([key, value])
            .at(&self.path)?;
        Ok(())
    }

    /// Make every server subscription a feed (keyed by URL, so a configured
    /// feed with the same URL is the same row and keeps its name and tags),
    /// and record its server id. Subscriptions gone from the server stop
    /// being synced. Returns the ids in the order of `feeds`.
    pub fn upsert_synced_feeds(&mut self, feeds: &[SyncedFeed]) -> Result<Vec<FeedId>, StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        tx.execute_batch("DELETE FROM sync_feeds; UPDATE feeds SET synced = 0 WHERE synced != 0;")
            .at(path)?;
        let mut ids = Vec::with_capacity(feeds.len());
        {
            // A row the config made (synced = 0 and active) keeps the
            // config's name and tags; a server-only row follows the server.
            let mut upsert = tx
                .prepare_cached(
                    "INSERT INTO feeds (url, name, kind, tags, position, active, synced)
                     VALUES (?1, ?2, 'feed', ?3, ?4, 1, 1)
                     ON CONFLICT (url) DO UPDATE SET
                        name = CASE WHEN feeds.active = 1 AND feeds.synced = 0
                                    THEN feeds.name ELSE excluded.name END,
                        tags = CASE WHEN feeds.active = 1 AND feeds.synced = 0
                                    THEN feeds.tags ELSE excluded.tags END,
                        active = 1, synced = 1
                     RETURNING id",
                )
                .at(path)?;
            let mut map = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO sync_feeds (feed_id, remote_id) VALUES (?1, ?2)",
                )
                .at(path)?;
            for (i, f) in feeds.iter().enumerate() {
                let tags = serde_json::to_string(&f.tags).unwrap_or_else(|_| "[]".into());
                // After the configured feeds, in server order.
                let position = 1_000_000 + i64::try_from(i).unwrap_or(i64::MAX - 1_000_000);
                let id: i64 = upsert
                    .query_row(params![f.url, f.name, tags, position], |r| r.get(0))
                    .at(path)?;
                map.execute(params![id, f.remote_id]).at(path)?;
                ids.push(FeedId(id));
            }
        }
        tx.commit().at(path)?;
        Ok(ids)
    }

    /// The server ids not to fetch: every article mapped, and those
    /// retention removed (an old unread item would come back each sync).
    pub fn known_remote_ids(&self) -> Result<HashSet<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT remote_id FROM sync_items UNION SELECT remote_id FROM sync_gone",
            )
            .at(&self.path)?;
        let rows = stmt.query_map([], |r| r.get(0)).at(&self.path)?;
        rows.collect::<Result<HashSet<String>, _>>().at(&self.path)
    }

    /// Store server items in one transaction. An item already mapped is
    /// skipped. An unmapped local article of the same feed with the same
    /// link (a configured feed the refresh fetched too) is mapped rather
    /// than stored twice; if it is read or starred locally and not on the
    /// server, that local state is queued (it is newer). Others are stored
    /// like a refresh stores them (same texts, index, fingerprint), keyed
    /// by the server id, with the server's state. Returns how many were new.
    pub fn store_remote_articles(
        &mut self,
        items: &[RemoteArticle],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let Store {
            conn,
            encoder,
            path,
            ..
        } = self;
        let path = path.as_str();
        let tx = write_tx(conn, path)?;
        let mut by_feed: HashMap<FeedId, Vec<&RemoteArticle>> = HashMap::new();
        {
            let mut known = tx
                .prepare_cached("SELECT 1 FROM sync_items WHERE remote_id = ?1")
                .at(path)?;
            for item in items {
                if !known.exists([&item.remote_id]).at(path)? {
                    by_feed.entry(item.feed).or_default().push(item);
                }
            }
        }
        let at = now_ms();
        let mut new = 0;
        for (feed, group) in by_feed {
            let by_link = unmapped_links(&tx, feed.0).at(path)?;
            let mut fresh = Vec::with_capacity(group.len());
            for item in group {
                let local = item.article.link.as_ref().and_then(|l| by_link.get(l));
                match local {
                    Some(&(id, read, starred)) => {
                        map_item(&tx, id, &item.remote_id).at(path)?;
                        if read && !item.read {
                            enqueue(&tx, id, Field::Read, true, at).at(path)?;
                        }
                        if starred && !item.starred {
                            enqueue(&tx, id, Field::Starred, true, at).at(path)?;
                        }
                        set_state(&tx, id, item.read || read, item.starred || starred).at(path)?;
                    }
                    None => fresh.push(item),
                }
            }
            if fresh.is_empty() {
                continue;
            }
            let validators = validators_in(&tx, feed.0).at(path)?;
            let parsed = ParsedFeed {
                title: None,
                site_link: None,
                // Whole answers of the server's API, never a cut document.
                damaged: false,
                items: fresh
                    .iter()
                    .map(|i| NewArticle {
                        key: item_key(&i.remote_id),
                        ..i.article.clone()
                    })
                    .collect(),
            };
            let stats =
                update::apply_in(&tx, encoder, path, feed, &parsed, None, &validators, now)?;
            new += stats.new;
            for item in fresh {
                let id = super::identity::find(&tx, feed.0, &item_key(&item.remote_id)).at(path)?;
                if let Some(id) = id {
                    map_item(&tx, id, &item.remote_id).at(path)?;
                    set_state(&tx, id, item.read, item.starred).at(path)?;
                }
            }
        }
        tx.commit().at(path)?;
        Ok(new)
    }

    /// The newest queued change per article and field, oldest first.
    pub fn pending_changes(&self) -> Result<Vec<PendingChange>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT q.id, q.article_id, s.remote_id, q.field, q.value, q.at
                 FROM sync_queue q JOIN sync_items s ON s.article_id = q.article_id
                 WHERE q.id = (SELECT max(q2.id) FROM sync_queue q2
                               WHERE q2.article_id = q.article_id AND q2.field = q.field)
                 ORDER BY q.id",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                let field: String = r.get(3)?;
                Ok(PendingChange {
                    last_row: r.get(0)?,
                    article: ArticleId(r.get(1)?),
                    remote_id: r.get(2)?,
                    field: if field == "read" {
                        Field::Read
                    } else {
                        Field::Starred
                    },
                    value: r.get(4)?,
                    at_ms: r.get(5)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<Result<Vec<_>, _>>().at(&self.path)
    }

    /// How many changes wait in the queue (rows, before coalescing).
    pub fn queued_changes(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM sync_queue")
            .at(&self.path)?
            .query_row([], |r| r.get(0))
            .at(&self.path)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The server confirmed these: drop their rows (and older ones of the
    /// same article and field), in one transaction.
    pub fn confirm_pushed(&mut self, done: &[PendingChange]) -> Result<(), StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        {
            let mut del = tx
                .prepare_cached(
                    "DELETE FROM sync_queue WHERE article_id = ?1 AND field = ?2 AND id <= ?3",
                )
                .at(path)?;
            for c in done {
                del.execute(params![c.article.0, c.field.as_str(), c.last_row])
                    .at(path)?;
            }
        }
        tx.commit().at(path)
    }

    /// Make every mapped article's state the server's: read unless its id
    /// is in `unread`, starred if in `starred`, except a field with a
    /// queued local change. One transaction; only differing rows are written.
    pub fn apply_remote_state(
        &mut self,
        unread: &HashSet<String>,
        starred: &HashSet<String>,
    ) -> Result<StateCounts, StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        let mut counts = StateCounts::default();
        {
            let mut read_all = tx
                .prepare_cached(
                    "SELECT s.article_id, s.remote_id, g.read, g.starred,
                        EXISTS (SELECT 1 FROM sync_queue q
                                WHERE q.article_id = s.article_id AND q.field = 'read'),
                        EXISTS (SELECT 1 FROM sync_queue q
                                WHERE q.article_id = s.article_id AND q.field = 'starred')
                     FROM sync_items s JOIN article_flags g ON g.article_id = s.article_id",
                )
                .at(path)?;
            let mut set_read = tx
                .prepare_cached("UPDATE article_flags SET read = ?2 WHERE article_id = ?1")
                .at(path)?;
            let mut set_starred = tx
                .prepare_cached("UPDATE article_flags SET starred = ?2 WHERE article_id = ?1")
                .at(path)?;
            let mut rows = read_all.query([]).at(path)?;
            while let Some(r) = rows.next().at(path)? {
                let id: i64 = r.get(0).at(path)?;
                let remote_id: String = r.get(1).at(path)?;
                let read: bool = r.get(2).at(path)?;
                let is_starred: bool = r.get(3).at(path)?;
                let read_queued: bool = r.get(4).at(path)?;
                let star_queued: bool = r.get(5).at(path)?;
                let remote_read = !unread.contains(&remote_id);
                let remote_starred = starred.contains(&remote_id);
                if remote_read != read {
                    if read_queued {
                        counts.kept_local += 1;
                    } else {
                        set_read.execute(params![id, remote_read]).at(path)?;
                        counts.read_changed += 1;
                    }
                }
                if remote_starred != is_starred {
                    if star_queued {
                        counts.kept_local += 1;
                    } else {
                        set_starred.execute(params![id, remote_starred]).at(path)?;
                        counts.starred_changed += 1;
                    }
                }
            }
        }
        tx.commit().at(path)?;
        Ok(counts)
    }

    /// The server id of an article, if it has one.
    pub fn remote_id_of(&self, id: ArticleId) -> Result<Option<String>, StoreError> {
        self.conn
            .prepare_cached("SELECT remote_id FROM sync_items WHERE article_id = ?1")
            .at(&self.path)?
            .query_row([id.0], |r| r.get(0))
            .optional()
            .at(&self.path)
    }
}

/// The stable key of a server item within its feed.
fn item_key(remote_id: &str) -> String {
    format!("sync:{remote_id}")
}

fn map_item(conn: &Connection, article: i64, remote_id: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO sync_items (article_id, remote_id) VALUES (?1, ?2)",
    )?
    .execute(params![article, remote_id])?;
    Ok(())
}

/// Server state of a new or newly mapped article; not queued (it came
/// from the server).
fn set_state(conn: &Connection, article: i64, read: bool, starred: bool) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE article_flags SET read = ?2, starred = ?3 WHERE article_id = ?1")?
        .execute(params![article, read, starred])?;
    Ok(())
}

/// Link → (id, read, starred) of a feed's articles without a server id.
fn unmapped_links(
    conn: &Connection,
    feed: i64,
) -> rusqlite::Result<HashMap<String, (i64, bool, bool)>> {
    let mut stmt = conn.prepare_cached(
        // The whole link (`link_form`: stored relative to the feed's origin).
        concat!(
            "SELECT ",
            super::link_form::decoded_link!(
                "a.link",
                "(SELECT link_origin FROM feeds WHERE id = ?1)"
            ),
            ", a.id, g.read, g.starred FROM articles a
         JOIN article_flags g ON g.article_id = a.id
         WHERE a.feed_id = ?1 AND a.link IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM sync_items s WHERE s.article_id = a.id)"
        ),
    )?;
    let rows = stmt.query_map([feed], |r| {
        Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
    })?;
    rows.collect()
}

/// The feed's stored validators, so storing server items (which records
/// the feed's update) does not clear what the refresh keeps.
fn validators_in(conn: &Connection, feed: i64) -> rusqlite::Result<Validators> {
    conn.prepare_cached("SELECT etag, last_modified FROM feeds WHERE id = ?1")?
        .query_row([feed], |r| {
            Ok(Validators {
                etag: r.get(0)?,
                last_modified: r.get(1)?,
            })
        })
}

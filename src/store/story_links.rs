//! Kept story links (schema v20): the pairs of articles that are one
//! story by the "same story?" test, with their cosine, computed when
//! articles arrive instead of on every Top stories (`rank::kept`).
//!
//! - `story_links` holds each pair once (lower id first) with the earlier
//!   of the two dates (`at`: a window reads its links by date) and the
//!   cosine (NULL: one canonical URL).
//! - `story_links_pending` lists the articles whose links are not computed:
//!   every new article, and one whose fingerprint, date or feed changed
//!   (triggers on `articles` and on `article_fingerprints`, so no writer
//!   can forget it). The store's owner links them in bounded steps
//!   (`link_some`): the TUI's store worker after a refresh, `keruen top`
//!   before it ranks. The first steps store the fingerprints a refresh
//!   left out (`fingerprints::fill_recent`).
//! - `story_links_meta` keeps what the links were computed with
//!   (`rank::kept::signature`: rules version, fingerprint version,
//!   threshold, span): under another signature every link is dropped and
//!   computed again. It also keeps the document frequencies of the newest
//!   step's window (`df`), which weigh the comparisons of story members
//!   that are not links.
//!
//! A deleted article's links and queue entry go by trigger (retention, a
//! removed feed). Only articles of the last `LINK_HORIZON` are linked:
//! Top stories over a longer window is computed fresh.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::convert::{from_ts, to_ts};
use super::{At, Store, StoreError};
use crate::config::settings::RankSettings;
use crate::domain::ArticleId;
use crate::rank::kept::{self, DocFreqs};

/// Articles older than this are not linked (and their links dropped):
/// Top stories over a window reaching further back is computed fresh.
pub const LINK_HORIZON: Duration = Duration::from_secs(31 * 24 * 3600);

/// The reference window of a step reaches at least this far back from its
/// newest article, so its document frequencies are those of a week of
/// news, as in Top stories over a week (docs/ranking.md).
pub const LINK_REFERENCE: Duration = Duration::from_secs(7 * 24 * 3600);

/// Articles linked per transaction. A step reads and vectorises its
/// reference window (~9 days of articles) whatever its size: ~0.4 s of one
/// core on a cache of 2,000 feeds, the most a store call queued behind one
/// step of the reader's linker waits.
pub const LINK_BATCH: usize = 5_000;

/// Fingerprints computed (from the stored texts) and stored per step of
/// the linker, for the articles a refresh stored without one: ~40 µs
/// each, so a step stays well under a linking step's time.
pub const FILL_BATCH: usize = 2_000;

/// The v20 step. Safe to run again: every article is queued.
pub(super) const V20: &str = "
CREATE TABLE IF NOT EXISTS story_links (
    lo  INTEGER NOT NULL,
    hi  INTEGER NOT NULL,
    at  INTEGER NOT NULL,
    cos REAL,
    PRIMARY KEY (lo, hi)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_links_hi ON story_links (hi);
-- With the cosine, so a window's links are read from the index alone.
CREATE INDEX IF NOT EXISTS story_links_at ON story_links (at, cos);
CREATE TABLE IF NOT EXISTS story_links_pending (article_id INTEGER PRIMARY KEY) STRICT;
CREATE TABLE IF NOT EXISTS story_links_meta (key TEXT PRIMARY KEY, value ANY) STRICT;
CREATE TRIGGER IF NOT EXISTS story_links_insert AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO story_links_pending (article_id) VALUES (new.id);
END;
CREATE TRIGGER IF NOT EXISTS story_links_delete AFTER DELETE ON articles BEGIN
    DELETE FROM story_links WHERE lo = old.id;
    DELETE FROM story_links WHERE hi = old.id;
    DELETE FROM story_links_pending WHERE article_id = old.id;
END;
CREATE TRIGGER IF NOT EXISTS story_links_update
AFTER UPDATE OF sort_date, feed_id ON articles
WHEN old.sort_date IS NOT new.sort_date
  OR old.feed_id IS NOT new.feed_id
BEGIN
    DELETE FROM story_links WHERE lo = old.id;
    DELETE FROM story_links WHERE hi = old.id;
    INSERT OR IGNORE INTO story_links_pending (article_id) VALUES (new.id);
END;
-- Fingerprints live in their own table (v19, `fingerprints`), written by
-- INSERT OR REPLACE: before the write, a fingerprint that is not the one
-- stored (a new article's, or a changed text's) drops the article's links
-- and queues it. The same fingerprint written again changes nothing.
CREATE TRIGGER IF NOT EXISTS story_links_fingerprint
BEFORE INSERT ON article_fingerprints
WHEN NOT EXISTS (SELECT 1 FROM article_fingerprints
                 WHERE article_id = new.article_id AND fingerprint = new.fingerprint)
BEGIN
    DELETE FROM story_links WHERE lo = new.article_id;
    DELETE FROM story_links WHERE hi = new.article_id;
    INSERT OR IGNORE INTO story_links_pending (article_id) VALUES (new.article_id);
END;
INSERT OR IGNORE INTO story_links_pending (article_id) SELECT id FROM articles;
";

/// The kept links of a window, for Top stories (`stories::top`).
#[derive(Debug, Clone, PartialEq)]
pub struct KeptLinks {
    /// (one end, other end, cosine; `None`: one canonical URL).
    pub links: Vec<(ArticleId, ArticleId, Option<f32>)>,
    /// Document frequencies of the newest step's window.
    pub df: DocFreqs,
}

fn span(settings: &RankSettings) -> chrono::Duration {
    chrono::Duration::from_std(settings.cluster_window).unwrap_or(chrono::Duration::MAX)
}

fn back(now: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| now.checked_sub_signed(d))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

impl Store {
    /// How many articles wait for their story links.
    pub fn links_pending(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM story_links_pending", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| usize::try_from(n).unwrap_or(0))
            .at(&self.path)
    }

    /// Link at least `max` waiting articles (all if fewer), newest first,
    /// in transactions of at most `LINK_BATCH`; returns how many still
    /// wait. Articles older than `LINK_HORIZON` leave the queue unlinked.
    pub fn link_some(
        &self,
        settings: &RankSettings,
        now: DateTime<Utc>,
        max: usize,
    ) -> Result<usize, StoreError> {
        let mut done = 0;
        loop {
            let linked = self.link_step(settings, now)?;
            done += linked;
            if linked == 0 || done >= max {
                return self.links_pending();
            }
        }
    }

    /// One transaction of `link_some`: returns how many it linked, or
    /// fingerprinted. The fingerprints a refresh left out come first, in
    /// steps of `FILL_BATCH` (`fingerprints::fill_recent`): a first
    /// refresh's articles all fall in one step's reference window, whose
    /// missing fingerprints would otherwise be computed in that one step,
    /// and computed again by every later one.
    fn link_step(&self, settings: &RankSettings, now: DateTime<Utc>) -> Result<usize, StoreError> {
        if super::fingerprints::missing_recent(&self.conn, to_ts(now)).at(&self.path)? {
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )
            .at(&self.path)?;
            let filled =
                super::fingerprints::fill_recent(&tx, to_ts(now), FILL_BATCH).at(&self.path)?;
            tx.commit().at(&self.path)?;
            if filled > 0 {
                return Ok(filled);
            }
        }
        let horizon = to_ts(back(now, LINK_HORIZON));
        let signature = kept::signature(settings);
        // Nothing to do must not take the write lock.
        if self.links_signature()?.as_deref() == Some(signature.as_str())
            && self.links_pending()? == 0
        {
            return Ok(0);
        }
        // Immediate: read, then written (see `search::catch_up`).
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )
        .at(&self.path)?;
        if self.links_signature()?.as_deref() != Some(signature.as_str()) {
            // Computed with other rules or settings: all again.
            tx.execute_batch(
                "DELETE FROM story_links;
                 DELETE FROM story_links_meta;
                 INSERT OR IGNORE INTO story_links_pending (article_id) SELECT id FROM articles;",
            )
            .at(&self.path)?;
            tx.execute(
                "INSERT INTO story_links_meta (key, value) VALUES ('signature', ?1)",
                [&signature],
            )
            .at(&self.path)?;
        }
        tx.execute(
            "DELETE FROM story_links_pending WHERE article_id IN
               (SELECT p.article_id FROM story_links_pending p
                JOIN articles a ON a.id = p.article_id WHERE a.sort_date < ?1)",
            [horizon],
        )
        .at(&self.path)?;
        tx.execute("DELETE FROM story_links WHERE at < ?1", [horizon])
            .at(&self.path)?;
        let batch: Vec<(i64, i64)> = tx
            .prepare_cached(
                "SELECT p.article_id, a.sort_date FROM story_links_pending p
                 JOIN articles a ON a.id = p.article_id
                 ORDER BY a.sort_date DESC, p.article_id DESC LIMIT ?1",
            )
            .at(&self.path)?
            .query_map([LINK_BATCH as i64], |r| Ok((r.get(0)?, r.get(1)?)))
            .at(&self.path)?
            .collect::<Result<_, _>>()
            .at(&self.path)?;
        let (Some(&(_, newest)), Some(&(_, oldest))) = (batch.first(), batch.last()) else {
            // Rows whose article is gone (the trigger normally removes them).
            tx.execute("DELETE FROM story_links_pending", [])
                .at(&self.path)?;
            tx.commit().at(&self.path)?;
            return Ok(0);
        };
        let (newest, oldest) = (from_ts(newest), from_ts(oldest));
        let from = (oldest - span(settings)).min(back(newest, LINK_REFERENCE));
        let until = newest.checked_add_signed(span(settings)).unwrap_or(newest);
        let window = self.rank_inputs_between(from, until)?;
        let ids: HashSet<i64> = batch.iter().map(|b| b.0).collect();
        let pending: Vec<bool> = window.iter().map(|a| ids.contains(&a.id.0)).collect();
        let (links, df) = kept::step_links(&window, &pending, settings);
        {
            let mut put = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO story_links (lo, hi, at, cos) VALUES (?1, ?2, ?3, ?4)",
                )
                .at(&self.path)?;
            for (x, y, cos) in links {
                let (a, b) = (&window[x], &window[y]);
                put.execute(params![
                    a.id.0.min(b.id.0),
                    a.id.0.max(b.id.0),
                    to_ts(a.date.min(b.date)),
                    cos.map(f64::from)
                ])
                .at(&self.path)?;
            }
            let mut done = tx
                .prepare_cached("DELETE FROM story_links_pending WHERE article_id = ?1")
                .at(&self.path)?;
            for (id, _) in &batch {
                done.execute([id]).at(&self.path)?;
            }
        }
        // The newest window's frequencies weigh Top's comparisons.
        let kept_until: Option<i64> = tx
            .query_row(
                "SELECT value FROM story_links_meta WHERE key = 'df_until'",
                [],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)?;
        if kept_until.is_none_or(|t| t <= to_ts(newest)) {
            tx.execute(
                "INSERT OR REPLACE INTO story_links_meta (key, value) VALUES
                 ('df', ?1), ('df_until', ?2)",
                params![df.encode(), to_ts(newest)],
            )
            .at(&self.path)?;
        }
        tx.commit().at(&self.path)?;
        Ok(batch.len())
    }

    fn links_signature(&self) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT value FROM story_links_meta WHERE key = 'signature'",
                [],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)
    }

    /// The kept links between articles dated at or after `since`, when they
    /// can stand for a fresh clustering: computed with `settings`, within
    /// `LINK_HORIZON` of `now`, and no article of the window waiting.
    /// `None` otherwise (cluster fresh).
    pub fn kept_links(
        &self,
        settings: &RankSettings,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<Option<KeptLinks>, StoreError> {
        if since < back(now, LINK_HORIZON)
            || self.links_signature()?.as_deref() != Some(kept::signature(settings).as_str())
        {
            return Ok(None);
        }
        // Newest ids first: a queue that is not caught up holds the newest.
        let waiting: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT p.article_id FROM story_links_pending p
                 JOIN articles a ON a.id = p.article_id
                 WHERE a.sort_date >= ?1 ORDER BY p.article_id DESC LIMIT 1",
            )
            .at(&self.path)?
            .query_row([to_ts(since)], |r| r.get(0))
            .optional()
            .at(&self.path)?;
        if waiting.is_some() {
            return Ok(None);
        }
        let df: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT value FROM story_links_meta WHERE key = 'df'",
                [],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)?;
        let df = match df.as_deref().map(DocFreqs::decode) {
            Some(Some(df)) => df,
            // No step ran yet (an empty cache), or a damaged row.
            None => DocFreqs::default(),
            Some(None) => return Ok(None),
        };
        let links = self
            .conn
            .prepare_cached("SELECT lo, hi, cos FROM story_links WHERE at >= ?1")
            .at(&self.path)?
            .query_map([to_ts(since)], |r| {
                Ok((
                    ArticleId(r.get(0)?),
                    ArticleId(r.get(1)?),
                    r.get::<_, Option<f64>>(2)?.map(|c| c as f32),
                ))
            })
            .at(&self.path)?
            .collect::<Result<_, _>>()
            .at(&self.path)?;
        Ok(Some(KeptLinks { links, df }))
    }
}

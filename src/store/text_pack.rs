//! Packing old texts into blocks (`text_blocks`), in bounded steps.
//!
//! What: the texts of up to `BLOCK_MEMBERS` consecutive articles of one
//! feed (by date), older than `PACK_AGE`, go into one frame compressed
//! at a high level with the cache's dictionary (`text_frame`). A feed's
//! last few old texts wait until they are at least `MIN_MEMBERS`: a block
//! of two saves little and would be redone. The same steps then merge
//! blocks older than a month into larger ones (`text_merge`).
//!
//! When: the reader packs in steps of `PACK_STEP` on its ranking worker
//! (`app::pack`), from the start and after each refresh, never while one
//! writes, which keeps up with a year's cache (1M articles a year are
//! ~2,700 a day: ~170 blocks, ~1.2 s of CPU at the 1M pack's 0.44 ms per
//! text). Not in the refresh itself: a first refresh brings every feed's
//! backlog, weeks old and all of it old enough, and a refresh must not
//! wait for packing. `Store::pack_texts` with no budget catches a big
//! cache up at once (the `pack_texts` example).
//! Each feed's blocks are one transaction of their own, so a step holds
//! the write lock for tens of milliseconds at most.
//!
//! Retention: a block whose members all left is deleted by a trigger
//! (`text_blocks`). One with fewer than half its members left is unpacked
//! first by every pass (its survivors get their own frames back) and its
//! survivors packed again with their feed's other texts.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use zstd::zstd_safe::CCtx;

use super::codec::{self, Encoder};
use super::convert::to_ts;
use super::text_blocks;
use super::text_fit::Pages;
use super::text_frame::{
    BLOCK_MEMBERS, FIT_SPAN, Loose, MIN_MEMBERS, PackStats, page_size, run_end, write_fitted,
};
use super::{At, Store, StoreError, text_merge};

/// A block's uncompressed size stays under this (a feed of long texts
/// gets blocks of fewer members), so reading one article stays cheap.
const MAX_BLOCK_RAW: usize = 256 << 10;
/// Texts of articles dated at least this long ago are packed.
pub const PACK_AGE: Duration = Duration::from_secs(3 * 24 * 3600);
/// How long one of the reader's packing steps runs (checked between
/// transactions).
pub const PACK_STEP: Duration = Duration::from_millis(300);
/// Blocks of one feed per transaction.
const TX_BLOCKS: usize = 8;
impl Store {
    /// Pack old texts into blocks, and redo mostly dead blocks, until
    /// nothing is left to do or `budget` has passed (checked between
    /// transactions, after the first: a call always moves on, whatever
    /// finding its work cost). Finding the feeds with old loose texts
    /// reads every loose text's row (~0.4 s on a cache of a million not
    /// yet packed), so the feeds a budgeted call found and had no time
    /// for are kept for the next call instead of being looked for again.
    pub fn pack_texts(
        &mut self,
        now: DateTime<Utc>,
        budget: Option<Duration>,
    ) -> Result<PackStats, StoreError> {
        let start = Instant::now();
        let mut worked = false;
        let mut over = || {
            let out = worked && budget.is_some_and(|b| start.elapsed() >= b);
            worked = true;
            out
        };
        let mut stats = PackStats::default();
        let path = self.path.clone();
        let sparse: Vec<i64> = self
            .conn
            // The partial index holds only those: no walk over every block
            // (their rows carry the start of their data) each refresh.
            .prepare_cached(
                "SELECT id FROM text_blocks INDEXED BY text_blocks_sparse
                 WHERE members > live * 2",
            )
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .at(&path)?;
        for block in sparse {
            if over() {
                stats.more = true;
                return Ok(stats);
            }
            let tx = super::background_tx(&mut self.conn, &path)?;
            unpack(&tx, &mut self.encoder, block).at(&path)?;
            tx.commit().at(&path)?;
            stats.unpacked += 1;
        }
        let cutoff = to_ts(now) - PACK_AGE.as_secs() as i64;
        let mut feeds = std::mem::take(&mut self.pack_feeds);
        if feeds.is_empty() {
            feeds = self
                .conn
                .prepare_cached(
                    // From the loose texts' partial index (a few days'
                    // worth once a cache is packed), not from every
                    // article.
                    "SELECT a.feed_id FROM article_texts t INDEXED BY article_texts_unpacked
                     CROSS JOIN articles a ON a.id = t.article_id
                     WHERE typeof(t.content) <> 'integer' AND a.sort_date < ?1
                     GROUP BY a.feed_id HAVING count(*) >= ?2 ORDER BY a.feed_id DESC",
                )
                .and_then(|mut s| {
                    s.query_map(rusqlite::params![cutoff, MIN_MEMBERS as i64], |r| r.get(0))?
                        .collect()
                })
                .at(&path)?;
        }
        let mut cctx = CCtx::create();
        let encoder = &self.encoder;
        let spent = feed_steps(&mut self.conn, &path, &mut feeds, &mut over, |tx, feed| {
            pack_feed(tx, encoder, &mut cctx, feed, cutoff, &mut stats)
        })?;
        if spent {
            stats.more = true;
            self.pack_feeds = feeds;
            return Ok(stats);
        }
        // Then old small blocks merged into large ones (`text_merge`),
        // found from their own index, so nothing is kept between calls.
        let cold = to_ts(now) - text_merge::COLD_AGE.as_secs() as i64;
        let mut feeds = text_merge::feeds(&self.conn, cold).at(&path)?;
        let encoder = &self.encoder;
        stats.more = feed_steps(&mut self.conn, &path, &mut feeds, &mut over, |tx, feed| {
            text_merge::merge_feed(tx, encoder, &mut cctx, feed, cold, &mut stats)
        })?;
        Ok(stats)
    }
}

/// For each of `feeds`, taken from the end (the lists are in descending
/// order, so what is left stays a list to go on with), one transaction a
/// `step` while it says the feed has more. Returns whether the budget
/// (`over`) ran out first; the feeds not done stay in `feeds`.
fn feed_steps(
    conn: &mut Connection,
    path: &str,
    feeds: &mut Vec<i64>,
    over: &mut impl FnMut() -> bool,
    mut step: impl FnMut(&Connection, i64) -> rusqlite::Result<bool>,
) -> Result<bool, StoreError> {
    while let Some(&feed) = feeds.last() {
        loop {
            if over() {
                return Ok(true);
            }
            let tx = super::background_tx(conn, path)?;
            let left = step(&tx, feed).at(path)?;
            tx.commit().at(path)?;
            if !left {
                break;
            }
        }
        feeds.pop();
    }
    Ok(false)
}

/// Pack up to `TX_BLOCKS` blocks of one feed's old loose texts; true when
/// the feed has more than that.
fn pack_feed(
    conn: &Connection,
    encoder: &Encoder,
    cctx: &mut CCtx<'static>,
    feed: i64,
    cutoff: i64,
    stats: &mut PackStats,
) -> rusqlite::Result<bool> {
    let limit = TX_BLOCKS * BLOCK_MEMBERS;
    let loose: Vec<Loose> = {
        let mut stmt = conn.prepare_cached(
            "SELECT t.article_id, t.summary, t.content,
                    coalesce(length(CAST(t.summary AS BLOB)), 0)
                    + coalesce(length(CAST(t.content AS BLOB)), 0),
                    a.sort_date
             FROM articles a JOIN article_texts t ON t.article_id = a.id
             WHERE a.feed_id = ?1 AND a.sort_date < ?2 AND typeof(t.content) <> 'integer'
             ORDER BY a.sort_date, a.id LIMIT ?3",
        )?;
        let rows = stmt.query_map(rusqlite::params![feed, cutoff, limit as i64 + 1], |r| {
            Ok(Loose {
                id: r.get(0)?,
                summary: codec::column(r, 1)?,
                content: codec::column(r, 2)?,
                stored: usize::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                date: r.get(4)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let more = loose.len() > limit;
    let loose = &loose[..loose.len().min(limit)];
    let pages = Pages::new(page_size(conn)?);
    let mut at = 0;
    while at < loose.len() {
        // A run of up to `FIT_SPAN` members more than a block's own
        // number, for `fit` to choose from.
        let (end, _) = run_end(loose, at, BLOCK_MEMBERS + FIT_SPAN, MAX_BLOCK_RAW);
        // The batch's last texts when the feed has more: the next batch
        // starts with them, so this block is not cut short by the batch.
        if more && end == loose.len() && end - at < BLOCK_MEMBERS + FIT_SPAN && at > 0 {
            break;
        }
        // The feed's last few wait for more (unless it has many more).
        if end - at < MIN_MEMBERS && end == loose.len() && !more {
            break;
        }
        let run = &loose[at..end];
        let n = write_fitted(
            conn,
            encoder,
            cctx,
            pages,
            feed,
            run,
            (BLOCK_MEMBERS, FIT_SPAN),
            stats,
        )?;
        stats.blocks += 1;
        stats.texts += n as u64;
        at += n;
    }
    Ok(more)
}

/// Give a block's remaining members their own frames again, and delete it.
fn unpack(conn: &Connection, encoder: &mut Encoder, block: i64) -> rusqlite::Result<()> {
    let data: Vec<u8> = conn
        .prepare_cached("SELECT data FROM text_blocks WHERE id = ?1")?
        .query_row([block], |r| r.get(0))?;
    let raw = codec::unzstd_bytes(&data).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Blob, Box::new(e))
    })?;
    let members = text_blocks::all_members(&raw).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Blob, Box::new(e))
    })?;
    let mut write = conn.prepare_cached(
        "UPDATE article_texts SET summary = ?2, content = ?3
         WHERE article_id = ?1 AND typeof(content) = 'integer' AND content = ?4",
    )?;
    for (id, (summary, content)) in &members {
        write.execute(rusqlite::params![
            id,
            encoder.encode(summary.as_deref()),
            encoder.encode(content.as_deref()),
            block
        ])?;
    }
    // The trigger deleted it with its last member; a count gone wrong
    // (a hand edit) must not keep it forever.
    conn.prepare_cached("DELETE FROM text_blocks WHERE id = ?1")?
        .execute([block])?;
    Ok(())
}

//! Packing old texts into blocks (`text_blocks`), in bounded steps.
//!
//! What: the texts of up to `BLOCK_MEMBERS` consecutive articles of one
//! feed (by date), older than `PACK_AGE`, go into one frame compressed
//! at `PACK_LEVEL` with the cache's dictionary. A feed's last few old
//! texts wait until they are at least `MIN_MEMBERS`: a block of two saves
//! little and would be redone.
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
use super::text_blocks::{self, Member};
use super::text_fit::Pages;
use super::{At, Store, StoreError};

/// Articles per block. On the 1M cache 32 of one feed stored 0.718× their
/// one-frame-each size, but reading one article decoded ~58 KB (~0.15 ms,
/// a search's 200 snippets +6 ms CPU at p50); 16 halve that for a few
/// percent of the gain (docs/performance.md).
pub const BLOCK_MEMBERS: usize = 16;
/// The fewest old texts of a feed packed together (see the module docs).
pub const MIN_MEMBERS: usize = 8;
/// The most members a block takes (`BLOCK_MEMBERS` and the room `fit`
/// has to fit a block to its pages).
pub const MAX_MEMBERS: usize = BLOCK_MEMBERS + FIT_SPAN;
/// A block's uncompressed size stays under this (a feed of long texts
/// gets blocks of fewer members), so reading one article stays cheap.
const MAX_BLOCK_RAW: usize = 256 << 10;
/// Texts of articles dated at least this long ago are packed.
pub const PACK_AGE: Duration = Duration::from_secs(3 * 24 * 3600);
/// zstd level of blocks: on the 1M cache's texts 15 stores ~10% less
/// than 9 for 4× its CPU; 17–19 gain under 1% more for 1.4× (a block is
/// shorter than their larger windows).
const PACK_LEVEL: i32 = 15;
/// How long one of the reader's packing steps runs (checked between
/// transactions).
pub const PACK_STEP: Duration = Duration::from_millis(300);
/// Blocks of one feed per transaction.
const TX_BLOCKS: usize = 8;
/// A block's row expected to waste at most this many bytes of its pages
/// (`text_fit`) is kept as it is; another is tried with fewer members.
const FIT_WASTE: usize = 128;
/// Frames compressed at most for one block (the first included).
const FIT_TRIES: usize = 3;
/// How many members fewer or more than `BLOCK_MEMBERS` a block may take
/// to fit its pages: blocks stay 16 on average, so reading one costs
/// what it did.
const FIT_SPAN: usize = 4;

/// What a packing pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PackStats {
    /// Blocks written.
    pub blocks: u64,
    /// Texts (articles) packed into them.
    pub texts: u64,
    /// Mostly dead blocks unpacked.
    pub unpacked: u64,
    /// The packed texts' stored size before, and their blocks' size.
    pub bytes_before: u64,
    pub bytes_after: u64,
    /// Whether work was left when the budget ran out.
    pub more: bool,
}

/// One text to pack, decoded.
struct Loose {
    id: i64,
    summary: Option<String>,
    content: Option<String>,
    stored: usize,
}

impl Loose {
    fn raw_len(&self) -> usize {
        self.summary.as_ref().map_or(0, String::len) + self.content.as_ref().map_or(0, String::len)
    }
}

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
        let over = |worked: &mut bool| {
            let out = *worked && budget.is_some_and(|b| start.elapsed() >= b);
            *worked = true;
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
            if over(&mut worked) {
                stats.more = true;
                return Ok(stats);
            }
            let tx = super::write_tx(&mut self.conn, &path)?;
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
        // Taken from the end (the list is in descending order), so what is
        // left stays a list to go on with.
        while let Some(&feed) = feeds.last() {
            loop {
                if over(&mut worked) {
                    stats.more = true;
                    self.pack_feeds = feeds;
                    return Ok(stats);
                }
                let tx = super::write_tx(&mut self.conn, &path)?;
                let left =
                    pack_feed(&tx, &self.encoder, &mut cctx, feed, cutoff, &mut stats).at(&path)?;
                tx.commit().at(&path)?;
                if !left {
                    break;
                }
            }
            feeds.pop();
        }
        Ok(stats)
    }
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
                    + coalesce(length(CAST(t.content AS BLOB)), 0)
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
        let mut end = at;
        let mut raw = 0;
        while end < loose.len()
            && end - at < BLOCK_MEMBERS + FIT_SPAN
            && (end == at || raw + loose[end].raw_len() <= MAX_BLOCK_RAW)
        {
            raw += loose[end].raw_len();
            end += 1;
        }
        // The batch's last texts when the feed has more: the next batch
        // starts with them, so this block is not cut short by the batch.
        if more && end == loose.len() && end - at < BLOCK_MEMBERS + FIT_SPAN && at > 0 {
            break;
        }
        // The feed's last few wait for more (unless it has many more).
        if end - at < MIN_MEMBERS && end == loose.len() && !more {
            break;
        }
        let (frame, n) = fit(encoder, cctx, pages, &loose[at..end])?;
        write_block(conn, &loose[at..at + n], frame, stats)?;
        at += n;
    }
    Ok(more)
}

/// A block of the first members of `run` fitted to the pages (`text_fit`):
/// `BLOCK_MEMBERS` of them (or all) when that row wastes little room;
/// else the best of up to `FIT_TRIES` frames of `FIT_SPAN` members fewer
/// to more, by stored bytes plus waste, less the block's own bytes per
/// raw byte times its raw size. That last term charges a block of fewer
/// members for what its members left out will cost in the next block,
/// and credits one of more for what its extra members would have cost
/// there: a frame's first texts compress worst, so members moved to
/// another block cost more than the bytes they took here (taking fewer
/// members alone stored 3.6% more on the 100k cache for its 2.8 MB less
/// waste). Sizes not yet compressed are estimated from the frames made,
/// linearly in raw size, and at 0.9 of the block's ratio beyond them.
fn fit(
    encoder: &Encoder,
    cctx: &mut CCtx<'static>,
    pages: Pages,
    run: &[Loose],
) -> rusqlite::Result<(Vec<u8>, usize)> {
    // raw[i]: the raw bytes of the first i members.
    let raw: Vec<usize> = std::iter::once(0)
        .chain(run.iter().scan(0, |sum, m| {
            *sum += m.raw_len();
            Some(*sum)
        }))
        .collect();
    let first = run.len().min(BLOCK_MEMBERS);
    let frame = compress(encoder, cctx, &run[..first])?;
    let lowest = first.saturating_sub(FIT_SPAN).max(MIN_MEMBERS);
    if pages.waste(frame.len()) <= FIT_WASTE || (lowest >= first && run.len() == first) {
        return Ok((frame, first));
    }
    let ratio = frame.len() as f64 / raw[first].max(1) as f64;
    let objective =
        |n: usize, size: usize| (size + pages.waste(size)) as f64 - ratio * raw[n] as f64;
    // Measured (members, frame size) points, and the best frame so far.
    let mut points = vec![(first, frame.len())];
    let mut best = (objective(first, frame.len()), frame, first);
    for _ in 1..FIT_TRIES {
        let estimate = |n: usize| -> usize {
            let above = points.iter().filter(|p| p.0 > n).min_by_key(|p| p.0);
            let below = points.iter().filter(|p| p.0 < n).max_by_key(|p| p.0);
            let line = |(a, fa): (usize, usize), (b, fb): (usize, usize)| {
                let slope = (fb as f64 - fa as f64) / (raw[b] as f64 - raw[a] as f64).max(1.0);
                (fa as f64 + slope * (raw[n] as f64 - raw[a] as f64)).max(0.0) as usize
            };
            match (below, above) {
                (Some(&a), Some(&b)) => line(a, b),
                (Some(&(k, fk)), None) | (None, Some(&(k, fk))) => {
                    let marginal = 0.9 * ratio;
                    let delta = marginal * (raw[n] as f64 - raw[k] as f64);
                    (fk as f64 + delta).max(0.0) as usize
                }
                (None, None) => 0,
            }
        };
        let tried: Vec<usize> = points.iter().map(|p| p.0).collect();
        let Some(n) = (lowest..=run.len())
            .filter(|n| !tried.contains(n))
            .map(|n| (objective(n, estimate(n)), n))
            .filter(|&(o, _)| o < best.0)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n)
        else {
            break;
        };
        let frame = compress(encoder, cctx, &run[..n])?;
        points.push((n, frame.len()));
        let o = objective(n, frame.len());
        if o < best.0 {
            best = (o, frame, n);
        }
        if pages.waste(best.1.len()) <= FIT_WASTE {
            break;
        }
    }
    Ok((best.1, best.2))
}

/// The file's page size.
fn page_size(conn: &Connection) -> rusqlite::Result<usize> {
    let size: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
    Ok(usize::try_from(size).unwrap_or(4096))
}

/// One frame of `members`' texts.
fn compress(
    encoder: &Encoder,
    cctx: &mut CCtx<'static>,
    members: &[Loose],
) -> rusqlite::Result<Vec<u8>> {
    let raw = text_blocks::encode(
        &members
            .iter()
            .map(|m| Member {
                id: m.id,
                summary: m.summary.as_deref(),
                content: m.content.as_deref(),
            })
            .collect::<Vec<_>>(),
    );
    let mut frame = Vec::with_capacity(zstd::zstd_safe::compress_bound(raw.len()));
    let done = match encoder.dict().and_then(|d| d.cdict_at(PACK_LEVEL)) {
        Some(cdict) => cctx.compress_using_cdict(&mut frame, &raw, cdict),
        None => cctx.compress(&mut frame, &raw, PACK_LEVEL),
    };
    done.map_err(|code| {
        rusqlite::Error::ToSqlConversionFailure(
            format!(
                "compressing a text block: {}",
                zstd::zstd_safe::get_error_name(code)
            )
            .into(),
        )
    })?;
    Ok(frame)
}

/// Store `frame`, the block of `members`, and point their rows at it.
fn write_block(
    conn: &Connection,
    members: &[Loose],
    frame: Vec<u8>,
    stats: &mut PackStats,
) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO text_blocks (members, live, data) VALUES (?1, ?1, ?2)")?
        .execute(rusqlite::params![members.len() as i64, frame])?;
    let block = conn.last_insert_rowid();
    let mut point = conn.prepare_cached(
        "UPDATE article_texts SET summary = NULL, content = ?2 WHERE article_id = ?1",
    )?;
    for m in members {
        point.execute([m.id, block])?;
    }
    stats.blocks += 1;
    stats.texts += members.len() as u64;
    stats.bytes_before += members.iter().map(|m| m.stored as u64).sum::<u64>();
    stats.bytes_after += frame.len() as u64;
    Ok(())
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

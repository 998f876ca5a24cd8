//! A text block's frame and row: the members' texts compressed in one
//! zstd frame at `PACK_LEVEL` with the cache's dictionary, their number
//! fitted to SQLite's pages (`text_fit`), and the row written with its
//! members pointed at it. Shared by the packer (`text_pack`: new blocks
//! from loose texts) and the merger (`text_merge`: large blocks from old
//! small ones).

use rusqlite::Connection;
use zstd::zstd_safe::CCtx;

use super::codec::Encoder;
use super::text_blocks::{self, Member};
use super::text_fit::Pages;

/// Articles per block. On the 1M cache 32 of one feed stored 0.718× their
/// one-frame-each size, but reading one article decoded ~58 KB (~0.15 ms,
/// a search's 200 snippets +6 ms CPU at p50); 16 halve that for a few
/// percent of the gain (docs/performance.md).
pub const BLOCK_MEMBERS: usize = 16;
/// The fewest old texts of a feed packed together (see `text_pack`).
pub const MIN_MEMBERS: usize = 8;
/// The most members a block takes (`BLOCK_MEMBERS` and the room `fit`
/// has to fit a block to its pages).
pub const MAX_MEMBERS: usize = BLOCK_MEMBERS + FIT_SPAN;
/// How many members fewer or more than `BLOCK_MEMBERS` a block may take
/// to fit its pages: blocks stay 16 on average, so reading one costs
/// what it did.
pub(super) const FIT_SPAN: usize = 4;

/// What a packing pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PackStats {
    /// Blocks written.
    pub blocks: u64,
    /// Texts (articles) packed into them.
    pub texts: u64,
    /// Mostly dead blocks unpacked.
    pub unpacked: u64,
    /// Large blocks written from old small ones (`text_merge`), and the
    /// texts moved into them.
    pub merged: u64,
    pub merged_texts: u64,
    /// The packed texts' stored size before, and their blocks' size.
    pub bytes_before: u64,
    pub bytes_after: u64,
    /// Whether work was left when the budget ran out.
    pub more: bool,
}

/// zstd level of blocks: on the 1M cache's texts 15 stores ~10% less
/// than 9 for 4× its CPU; 17–19 gain under 1% more for 1.4× (a block is
/// shorter than their larger windows).
const PACK_LEVEL: i32 = 15;
/// A block's row expected to waste at most this many bytes of its pages
/// (`text_fit`) is kept as it is; another is tried with fewer members.
const FIT_WASTE: usize = 128;
/// Frames compressed at most for one block (the first included).
const FIT_TRIES: usize = 3;

/// One text to pack, decoded.
pub(super) struct Loose {
    pub(super) id: i64,
    pub(super) summary: Option<String>,
    pub(super) content: Option<String>,
    /// Its stored bytes before (for `PackStats`).
    pub(super) stored: usize,
    /// Its article's `sort_date`.
    pub(super) date: i64,
}

impl Loose {
    pub(super) fn raw_len(&self) -> usize {
        self.summary.as_ref().map_or(0, String::len) + self.content.as_ref().map_or(0, String::len)
    }
}

/// A block of the first members of `run` fitted to the pages (`text_fit`):
/// `target` of them (or all) when that row wastes little room; else the
/// best of up to `FIT_TRIES` frames of `span` members fewer to more
/// (`BLOCK_MEMBERS` and `FIT_SPAN` for a new block, `text_merge`'s for a
/// merged one), by stored bytes plus waste, less the block's own bytes per
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
    (target, span): (usize, usize),
) -> rusqlite::Result<(Vec<u8>, usize)> {
    // raw[i]: the raw bytes of the first i members.
    let raw: Vec<usize> = std::iter::once(0)
        .chain(run.iter().scan(0, |sum, m| {
            *sum += m.raw_len();
            Some(*sum)
        }))
        .collect();
    let first = run.len().min(target);
    let frame = compress(encoder, cctx, &run[..first])?;
    let lowest = first.saturating_sub(span).max(MIN_MEMBERS);
    if pages.waste(frame.len(), first) <= FIT_WASTE || (lowest >= first && run.len() == first) {
        return Ok((frame, first));
    }
    let ratio = frame.len() as f64 / raw[first].max(1) as f64;
    let objective =
        |n: usize, size: usize| (size + pages.waste(size, n)) as f64 - ratio * raw[n] as f64;
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
        if pages.waste(best.1.len(), best.2) <= FIT_WASTE {
            break;
        }
    }
    Ok((best.1, best.2))
}

/// The file's page size.
pub(super) fn page_size(conn: &Connection) -> rusqlite::Result<usize> {
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

/// Where a run of texts from `at` ends: at most `members` of them and
/// `max_raw` raw bytes (one at least); returns the end and the raw bytes.
pub(super) fn run_end(
    loose: &[Loose],
    at: usize,
    members: usize,
    max_raw: usize,
) -> (usize, usize) {
    let mut end = at;
    let mut raw = 0;
    while end < loose.len()
        && end - at < members
        && (end == at || raw + loose[end].raw_len() <= max_raw)
    {
        raw += loose[end].raw_len();
        end += 1;
    }
    (end, raw)
}

/// A block of the first members of `run` fitted to its pages (`fit`),
/// written (`write_block`) and counted in `stats`' bytes; returns how many
/// members it took.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_fitted(
    conn: &Connection,
    encoder: &Encoder,
    cctx: &mut CCtx<'static>,
    pages: Pages,
    feed: i64,
    run: &[Loose],
    size: (usize, usize),
    stats: &mut PackStats,
) -> rusqlite::Result<usize> {
    let (frame, n) = fit(encoder, cctx, pages, run, size)?;
    let members = &run[..n];
    stats.bytes_after += write_block(conn, feed, members, frame)?;
    stats.bytes_before += members.iter().map(|m| m.stored as u64).sum::<u64>();
    Ok(n)
}

/// Store `frame`, the block of `members` (of feed `feed`, in date order),
/// and point their rows at it; returns the frame's size.
fn write_block(
    conn: &Connection,
    feed: i64,
    members: &[Loose],
    frame: Vec<u8>,
) -> rusqlite::Result<u64> {
    let newest = members.iter().map(|m| m.date).max();
    let size = frame.len() as u64;
    conn.prepare_cached(
        "INSERT INTO text_blocks (members, live, data, feed_id, newest)
         VALUES (?1, ?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![members.len() as i64, frame, feed, newest])?;
    let block = conn.last_insert_rowid();
    let mut point = conn.prepare_cached(
        "UPDATE article_texts SET summary = NULL, content = ?2 WHERE article_id = ?1",
    )?;
    for m in members {
        point.execute([m.id, block])?;
    }
    Ok(size)
}

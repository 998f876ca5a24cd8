//! Merging a feed's old text blocks into larger ones (schema v24), in the
//! packer's steps (`text_pack`).
//!
//! Why: a block of 16 consecutive articles of one feed stores ~0.31× their
//! raw texts; one block of 128 stores 0.92× what its eight blocks of 16 did
//! (docs/performance.md, "Cold blocks"): consecutive articles of a feed
//! share more than the cache's dictionary holds (the feed's wrappers,
//! bylines, the words of its running stories), and a larger frame finds
//! more of it. Reading one article decompresses its whole block, ~27 µs
//! for 16 and ~130 µs for 128 (measured on the 1M cache), so blocks stay
//! small while their articles are the ones read (the last month), and are
//! merged once they are cold: an old article, or a search's snippet of
//! one, then costs a tenth of a millisecond more to read.
//!
//! What: the blocks of a feed with at most `MAX_MEMBERS` members (the
//! packer's; a merged block has more) whose newest article is older than
//! `COLD_AGE` are read oldest first, the members that still point at them
//! taken in that order, and written again as blocks of `COLD_MEMBERS`,
//! fitted to their pages as the packer's are (`COLD_SPAN` members either
//! way) and at most `MAX_COLD_RAW` raw bytes. A moved member leaves its
//! old block through the update trigger (`text_blocks`), which deletes the
//! block with its last member; a block left partly moved stays small and
//! is merged with the next ones, or, left mostly empty, is unpacked by the
//! next pass and its few texts packed again (`text_pack`). A feed whose old small blocks hold fewer
//! than a merged block waits for more. Retention thins merged blocks like
//! any other: one left mostly empty is unpacked (`text_pack`).
//!
//! Where: `text_blocks.feed_id` and `.newest` (the newest member's
//! `sort_date`), set for every block written since v24 and filled by the
//! step for older ones, and the partial index `text_blocks_small` over the
//! small blocks, with their live counts: the merger finds its work from
//! the index alone, without reading any article or block row (the
//! reader's first packing step runs beside its first screen; reading the
//! rows of the 1M cache's 12,000 small blocks took ~4 ms warm).

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};
use zstd::zstd_safe::CCtx;

use super::codec::{self, Encoder};
use super::text_blocks;
use super::text_fit::Pages;
use super::text_frame::{Loose, PackStats, page_size, run_end, write_fitted};

/// Blocks whose newest article is older than this are merged.
pub const COLD_AGE: Duration = Duration::from_secs(30 * 24 * 3600);
/// Members of a merged block (see the module docs).
pub const COLD_MEMBERS: usize = 128;
// A merged block, however it is fitted, is never taken for a small one.
const _: () = assert!(COLD_MEMBERS - COLD_SPAN > super::text_frame::MAX_MEMBERS);

/// How many members fewer or more than `COLD_MEMBERS` a merged block may
/// take to fit its pages (a member is a few hundred bytes of the frame,
/// so this spans more than a page).
const COLD_SPAN: usize = 16;
/// A merged block's raw size stays under this: a feed of long texts gets
/// merged blocks of fewer members, so reading one old article stays
/// under a millisecond.
const MAX_COLD_RAW: usize = 1 << 20;

/// The partial index's condition, as the queries below write it: SQLite
/// uses a partial index only for a query that has its terms. `MAX_MEMBERS`
/// is 20 (`small_blocks_are_the_packers`).
const SMALL: &str = "members <= 20";

/// v24: the blocks' feed and newest date, their index, and both filled in
/// for the blocks already written (one walk of the packed texts' rows,
/// ~2 s on the 1M cache). Safe to run again: the columns are added only
/// when missing and only blocks without a date are filled.
pub(super) fn v24(conn: &Connection) -> rusqlite::Result<()> {
    if !super::table_info::has_column(conn, "text_blocks", "newest")? {
        conn.execute_batch(
            "ALTER TABLE text_blocks ADD COLUMN feed_id INTEGER;
             ALTER TABLE text_blocks ADD COLUMN newest INTEGER;",
        )?;
    }
    conn.execute_batch(&format!(
        "CREATE INDEX IF NOT EXISTS text_blocks_small ON text_blocks (feed_id, newest, live)
             WHERE {SMALL};
         UPDATE text_blocks SET feed_id = b.feed, newest = b.newest
         FROM (SELECT t.content AS block, min(a.feed_id) AS feed, max(a.sort_date) AS newest
               FROM article_texts t JOIN articles a ON a.id = t.article_id
               WHERE typeof(t.content) = 'integer' GROUP BY t.content) AS b
         WHERE text_blocks.id = b.block AND text_blocks.newest IS NULL;"
    ))
}

/// The feeds whose small blocks older than `cutoff` hold a merged block's
/// worth of texts, in descending order (taken from the end).
pub(super) fn feeds(conn: &Connection, cutoff: i64) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached(&format!(
        "SELECT feed_id FROM text_blocks INDEXED BY text_blocks_small
         WHERE {SMALL} AND feed_id IS NOT NULL AND newest < ?1
         GROUP BY feed_id HAVING sum(live) >= ?2 ORDER BY feed_id DESC"
    ))?
    .query_map(
        rusqlite::params![cutoff, (COLD_MEMBERS - COLD_SPAN) as i64],
        |r| r.get(0),
    )?
    .collect()
}

/// Merge old small blocks of `feed`, about two merged blocks' worth; true
/// when it has more (the caller goes on in another transaction).
pub(super) fn merge_feed(
    conn: &Connection,
    encoder: &Encoder,
    cctx: &mut CCtx<'static>,
    feed: i64,
    cutoff: i64,
    stats: &mut PackStats,
) -> rusqlite::Result<bool> {
    let mut blocks: Vec<i64> = Vec::new();
    let mut more = false;
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, live FROM text_blocks INDEXED BY text_blocks_small
             WHERE feed_id = ?1 AND {SMALL} AND newest < ?2 ORDER BY newest, id"
        ))?;
        let mut rows = stmt.query(rusqlite::params![feed, cutoff])?;
        let mut live = 0usize;
        while let Some(r) = rows.next()? {
            if live >= 2 * COLD_MEMBERS {
                more = true;
                break;
            }
            blocks.push(r.get(0)?);
            live += usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0);
        }
    }
    let loose = still_members(conn, &blocks)?;
    let pages = Pages::new(page_size(conn)?);
    let mut wrote = false;
    let mut at = 0;
    while at < loose.len() {
        let (end, raw) = run_end(&loose, at, COLD_MEMBERS + COLD_SPAN, MAX_COLD_RAW);
        // A run cut by neither bound is the rest of what was read: it is
        // merged only when it makes a block as large as the others, and
        // with more to read it goes first into the next transaction's.
        if end == loose.len() {
            let full = end - at >= COLD_MEMBERS - COLD_SPAN || raw >= MAX_COLD_RAW / 2;
            if more || !full {
                break;
            }
        }
        let run = &loose[at..end];
        let n = write_fitted(
            conn,
            encoder,
            cctx,
            pages,
            feed,
            run,
            (COLD_MEMBERS, COLD_SPAN),
            stats,
        )?;
        stats.merged += 1;
        stats.merged_texts += n as u64;
        wrote = true;
        at += n;
    }
    // Reading two merged blocks' worth always writes one; if the counts
    // lied (a hand edit), stop rather than read the same blocks again.
    Ok(more && wrote)
}

/// The texts of `blocks` (oldest first) whose rows still point at them,
/// in that order, each charged its share of its block's stored bytes. A
/// block that does not decode (damaged on disk) is left where it is, as
/// it was: reading its articles says so (`text_blocks`), and it must not
/// stop every later merge of the cache.
fn still_members(conn: &Connection, blocks: &[i64]) -> rusqlite::Result<Vec<Loose>> {
    let mut read = conn.prepare_cached("SELECT data FROM text_blocks WHERE id = ?1")?;
    let mut member = conn.prepare_cached(
        "SELECT a.sort_date FROM article_texts t JOIN articles a ON a.id = t.article_id
         WHERE t.article_id = ?1 AND typeof(t.content) = 'integer' AND t.content = ?2",
    )?;
    let mut out = Vec::new();
    for &block in blocks {
        let data: Vec<u8> = read.query_row([block], |r| r.get(0))?;
        let decoded = codec::unzstd_bytes(&data)
            .and_then(|raw| Ok((text_blocks::all_members(&raw)?, raw.len())));
        let (members, raw_len) = match decoded {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!("text block {block} is damaged and stays unmerged: {e}");
                continue;
            }
        };
        let share = data.len() as f64 / raw_len.max(1) as f64;
        for (id, (summary, content)) in members {
            let date: Option<i64> = member.query_row([id, block], |r| r.get(0)).optional()?;
            let Some(date) = date else { continue };
            let mut m = Loose {
                id,
                summary,
                content,
                stored: 0,
                date,
            };
            m.stored = (m.raw_len() as f64 * share) as usize;
            out.push(m);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::text_frame::MAX_MEMBERS;
    use super::*;

    #[test]
    fn small_blocks_are_the_packers() {
        // The partial index's literal must name the packer's largest block.
        assert_eq!(SMALL, format!("members <= {MAX_MEMBERS}"));
    }
}

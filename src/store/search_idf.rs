//! How many indexed articles match each part of a query (the search's
//! rank weighs a rare word more than a common one), and how many are
//! indexed in all.
//!
//! FTS5's bm25 counts each term's matches on every search, a walk of the
//! term's whole list: ~15–30 ms for a word in half of a year's million
//! articles, whatever part of the list the search then reads. Here a
//! count is kept per block of rowids (`BLOCK_BITS`) in the store's memory,
//! together with the version the block had when it was counted. Every
//! change of the index bumps the version of the block it touched, in the
//! same transaction (`search_blocks`, schema v16: the articles' delete
//! trigger, and `search::catch_up` for what it indexes), so a count is
//! reused only while nothing in its block changed, and a changed block is
//! counted again from FTS5 itself: the counts are FTS5's, exactly, as
//! articles come and go. A refresh adds articles to the newest block and
//! retention takes them from the oldest, so after one only those blocks
//! are counted again; the first count of a word walks its list once.
//! Blocks with no row in `search_blocks` have not changed since v16.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

/// A block holds the rowids sharing `rowid >> BLOCK_BITS`: 32,768, so a
/// year of a million articles is ~31 blocks.
pub(super) const BLOCK_BITS: u32 = 15;

/// Expressions remembered at most (a long session's distinct queries).
const MAX_EXPRS: usize = 1024;

/// When more blocks than this changed, one walk counts every block.
const MAX_BLOCK_RECOUNTS: usize = 2;

/// The v16 step: the blocks' versions and the trigger that bumps them
/// when an article (and so its index entry) goes. Safe to run again.
pub(super) const V16: &str = "
CREATE TABLE IF NOT EXISTS search_blocks (
    block   INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
) STRICT;
CREATE TRIGGER IF NOT EXISTS search_blocks_delete AFTER DELETE ON articles BEGIN
    INSERT OR IGNORE INTO search_blocks (block, version) VALUES (old.id >> 15, 0);
    UPDATE search_blocks SET version = version + 1 WHERE block = old.id >> 15;
END;
";

/// Each block's current version (absent: 0).
pub(super) type Versions = HashMap<i64, i64>;

/// Bump the versions of the blocks of `ids` (articles just indexed).
pub(super) fn bump(conn: &Connection, ids: impl Iterator<Item = i64>) -> rusqlite::Result<()> {
    let mut blocks: Vec<i64> = ids.map(|id| id >> BLOCK_BITS).collect();
    blocks.sort_unstable();
    blocks.dedup();
    for b in blocks {
        conn.prepare_cached(
            "INSERT INTO search_blocks (block, version) VALUES (?1, 1)
             ON CONFLICT (block) DO UPDATE SET version = version + 1",
        )?
        .execute([b])?;
    }
    Ok(())
}

pub(super) fn versions(conn: &Connection) -> rusqlite::Result<Versions> {
    conn.prepare_cached("SELECT block, version FROM search_blocks")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// How many articles are indexed: FTS5's own total (the first varint of
/// its averages record, which every insert and delete keeps), read
/// without counting.
pub(super) fn total(conn: &Connection) -> rusqlite::Result<i64> {
    let blob: Option<Vec<u8>> = conn
        .prepare_cached("SELECT block FROM article_fts_data WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(blob.and_then(|b| varint(&b)).unwrap_or(0))
}

/// SQLite's varint (big-endian, 7 bits a byte, the ninth byte 8 bits),
/// which FTS5 writes its records in.
fn varint(b: &[u8]) -> Option<i64> {
    let mut v: u64 = 0;
    for (i, &byte) in b.iter().enumerate().take(9) {
        if i == 8 {
            return Some(((v << 8) | u64::from(byte)) as i64);
        }
        v = (v << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return i64::try_from(v).ok();
        }
    }
    None
}

/// One expression's counts per block, and the versions they are of.
struct Entry {
    docs: HashMap<i64, i64>,
    seen: Versions,
}

/// The counts a store remembers (see the module docs).
#[derive(Default)]
pub(super) struct DocCounts {
    exprs: HashMap<String, Entry>,
}

impl DocCounts {
    /// How many indexed articles match `expr` (an FTS5 expression), given
    /// the blocks' current `versions`.
    pub(super) fn docs(
        &mut self,
        conn: &Connection,
        versions: &Versions,
        expr: &str,
    ) -> rusqlite::Result<i64> {
        let stale: Vec<i64> = match self.exprs.get(expr) {
            None => Vec::new(),
            Some(e) => versions
                .iter()
                .filter(|(b, v)| e.seen.get(b) != Some(v))
                .map(|(b, _)| *b)
                .collect(),
        };
        match self.exprs.get_mut(expr) {
            Some(e) if stale.len() <= MAX_BLOCK_RECOUNTS => {
                for b in stale {
                    let n: i64 = conn
                        .prepare_cached(
                            "SELECT count(*) FROM article_fts
                             WHERE article_fts MATCH ?1 AND rowid >= ?2 AND rowid < ?3",
                        )?
                        .query_row(
                            rusqlite::params![expr, b << BLOCK_BITS, (b + 1) << BLOCK_BITS],
                            |r| r.get(0),
                        )?;
                    e.docs.insert(b, n);
                    e.seen.insert(b, versions.get(&b).copied().unwrap_or(0));
                }
            }
            _ => {
                if self.exprs.len() >= MAX_EXPRS {
                    self.exprs.clear();
                }
                let docs: HashMap<i64, i64> = conn
                    .prepare_cached(&format!(
                        "SELECT rowid >> {BLOCK_BITS}, count(*) FROM article_fts
                         WHERE article_fts MATCH ?1 GROUP BY 1"
                    ))?
                    .query_map([expr], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                self.exprs.insert(
                    expr.to_string(),
                    Entry {
                        docs,
                        seen: versions.clone(),
                    },
                );
            }
        }
        Ok(self.exprs.get(expr).map_or(0, |e| e.docs.values().sum()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn count(s: &Store, sql: &str) -> i64 {
        s.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn add(s: &Store, id: i64, text: &str) {
        crate::store::search::index(&s.conn, id, false, text, None, None, None).unwrap();
        bump(&s.conn, std::iter::once(id)).unwrap();
    }

    #[test]
    fn varints_decode_as_sqlite_writes_them() {
        assert_eq!(varint(&[0x05]), Some(5));
        assert_eq!(varint(&[0x81, 0x00]), Some(128));
        assert_eq!(varint(&[0xbd, 0x84, 0x40]), Some(1_000_000));
        assert_eq!(varint(&[0x80]), None);
    }

    /// Counts reused after changes stay what a fresh count says: new
    /// rows in a new block and an old block, rows deleted, a block
    /// changed several times.
    #[test]
    fn counts_stay_exact_as_entries_come_and_go() {
        let s = Store::open_in_memory().unwrap();
        let block = 1i64 << BLOCK_BITS;
        for i in 0..40 {
            add(
                &s,
                i * 997 + 1,
                if i % 3 == 0 {
                    "уран мұнай"
                } else {
                    "мұнай"
                },
            );
        }
        let mut c = DocCounts::default();
        let fresh = |s: &Store, e: &str| {
            count(
                s,
                &format!("SELECT count(*) FROM article_fts WHERE article_fts MATCH '{e}'"),
            )
        };
        let check = |c: &mut DocCounts, s: &Store| {
            let v = versions(&s.conn).unwrap();
            for e in ["\"уран\"", "\"мұнай\"", "(\"уран\" OR \"жоқ\")"] {
                assert_eq!(c.docs(&s.conn, &v, e).unwrap(), fresh(s, e), "{e}");
            }
            assert_eq!(
                total(&s.conn).unwrap(),
                count(s, "SELECT count(*) FROM article_fts_docsize")
            );
        };
        check(&mut c, &s);
        add(&s, 5 * block + 3, "уран");
        check(&mut c, &s);
        add(&s, 4, "уран уран");
        check(&mut c, &s);
        for id in [1, 998, 5 * block + 3] {
            s.conn
                .execute("DELETE FROM article_fts WHERE rowid = ?1", [id])
                .unwrap();
            bump(&s.conn, std::iter::once(id)).unwrap();
            check(&mut c, &s);
        }
        // More blocks changed than are recounted one by one.
        for b in 10..16 {
            add(&s, b * block, "уран");
        }
        check(&mut c, &s);
    }
}

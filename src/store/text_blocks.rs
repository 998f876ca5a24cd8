//! Text blocks: the texts of several consecutive articles of one feed,
//! compressed together in one zstd frame.
//!
//! Texts compressed one by one share only what the cache's dictionary
//! holds; consecutive articles of one feed share much more (the feed's own
//! wrappers, bylines, the words of its stories). One frame for up to
//! `text_frame::BLOCK_MEMBERS` of them, at a higher level, stores ~0.7× the
//! bytes of the same texts one frame each (docs/performance.md). Only
//! texts older than a few days are packed (`text_pack`): a new article is
//! the one most read and most likely updated, and stays one frame.
//!
//! Where: the `text_blocks` table (v21). A packed article keeps its
//! `article_texts` row, with `summary` NULL and `content` the INTEGER id
//! of its block: the column is ANY (TEXT when short, BLOB when
//! compressed), so the third type needs no new column, and every reader
//! already selects both. `row_texts` is the one way readers decode them.
//!
//! Members leave a block when their article is deleted (retention), gets
//! its own text again (a refresh updated it: `update` deletes the packed
//! row first, since `INSERT OR REPLACE` fires no delete trigger), or is
//! unpacked: triggers keep the block's `live` count and delete a block
//! whose last member left. A block mostly dead is unpacked by the packer
//! and its survivors packed again with their feed's other texts.
//!
//! Frame content: a varint count n, n × (article id, summary tag, content
//! tag) as varints (tag 0: NULL, else the length + 1), then the texts'
//! bytes in that order.

use std::cell::RefCell;

use rusqlite::types::{Type, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};

use super::codec::{self, CodecError};

/// Version 21's table, its sparse index (blocks the packer redoes) and
/// the triggers keeping each block's count of members.
pub(super) const V21: &str = "
CREATE TABLE IF NOT EXISTS text_blocks (
    id      INTEGER PRIMARY KEY,
    members INTEGER NOT NULL,
    live    INTEGER NOT NULL,
    data    BLOB NOT NULL
) STRICT;
-- (Written `members > live * 2`: SQLite matches a partial index only in the
-- form it turns the query's term into.)
CREATE INDEX IF NOT EXISTS text_blocks_sparse ON text_blocks (live) WHERE members > live * 2;
-- Texts not in a block: the packer's candidates, few once a cache is packed.
CREATE INDEX IF NOT EXISTS article_texts_unpacked ON article_texts (article_id)
    WHERE typeof(content) <> 'integer';
CREATE TRIGGER IF NOT EXISTS text_block_member_deleted AFTER DELETE ON article_texts
WHEN typeof(old.content) = 'integer' BEGIN
    UPDATE text_blocks SET live = live - 1 WHERE id = old.content;
    DELETE FROM text_blocks WHERE id = old.content AND live <= 0;
END;
CREATE TRIGGER IF NOT EXISTS text_block_member_rewritten AFTER UPDATE OF content ON article_texts
WHEN typeof(old.content) = 'integer' AND new.content IS NOT old.content BEGIN
    UPDATE text_blocks SET live = live - 1 WHERE id = old.content;
    DELETE FROM text_blocks WHERE id = old.content AND live <= 0;
END;
-- INSERT OR REPLACE (a refresh writing an article's new text) deletes the
-- old row without delete triggers (recursive_triggers is off): counted here
-- (until v22, which drops this trigger: see `V22`).
CREATE TRIGGER IF NOT EXISTS text_block_member_replaced BEFORE INSERT ON article_texts BEGIN
    UPDATE text_blocks SET live = live - 1 WHERE id = (
        SELECT content FROM article_texts
        WHERE article_id = new.article_id AND typeof(content) = 'integer');
    DELETE FROM text_blocks WHERE live <= 0 AND id = (
        SELECT content FROM article_texts
        WHERE article_id = new.article_id AND typeof(content) = 'integer');
END;
";

/// Version 22: v21's insert trigger goes. It counted a packed row that an
/// `INSERT OR REPLACE` drops without firing delete triggers, but it ran a
/// lookup for every new article's texts (+1.1–1.7 µs an insert, ~1% of a
/// first refresh's CPU) for the rare update of a packed article, which the
/// writer now handles itself (`update`: the packed row is deleted first).
pub(super) const V22: &str = "DROP TRIGGER IF EXISTS text_block_member_replaced;";

/// One member as packed: its article id and texts.
pub(super) struct Member<'t> {
    pub(super) id: i64,
    pub(super) summary: Option<&'t str>,
    pub(super) content: Option<&'t str>,
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

fn tag(text: Option<&str>) -> u64 {
    text.map_or(0, |t| t.len() as u64 + 1)
}

/// A block's uncompressed content (see the module docs).
pub(super) fn encode(members: &[Member<'_>]) -> Vec<u8> {
    let body: usize = members
        .iter()
        .map(|m| m.summary.map_or(0, str::len) + m.content.map_or(0, str::len))
        .sum();
    let mut out = Vec::with_capacity(body + 8 + members.len() * 8);
    put_varint(&mut out, members.len() as u64);
    for m in members {
        put_varint(&mut out, m.id as u64);
        put_varint(&mut out, tag(m.summary));
        put_varint(&mut out, tag(m.content));
    }
    for m in members {
        out.extend_from_slice(m.summary.unwrap_or("").as_bytes());
        out.extend_from_slice(m.content.unwrap_or("").as_bytes());
    }
    out
}

/// One member's texts, by position in the block's content.
pub(super) type Texts = (Option<String>, Option<String>);

/// Where a member's text lies in a block's content (`None`: NULL).
type Span = Option<(usize, usize)>;

/// Every member of a block's content: (article id, summary, content) as
/// byte ranges; `None` when the content is not a well-formed block.
fn members(raw: &[u8]) -> Option<Vec<(i64, Span, Span)>> {
    let mut at = 0;
    let n = usize::try_from(get_varint(raw, &mut at)?).ok()?;
    // Each member takes at least three bytes of header.
    if n > raw.len() / 3 {
        return None;
    }
    let mut heads = Vec::with_capacity(n);
    for _ in 0..n {
        let id = i64::try_from(get_varint(raw, &mut at)?).ok()?;
        let s = get_varint(raw, &mut at)?;
        let c = get_varint(raw, &mut at)?;
        heads.push((id, s, c));
    }
    let mut out = Vec::with_capacity(n);
    for (id, s, c) in heads {
        let mut range = |t: u64| -> Option<Span> {
            if t == 0 {
                return Some(None);
            }
            let len = usize::try_from(t - 1).ok()?;
            let end = at.checked_add(len).filter(|&e| e <= raw.len())?;
            let r = (at, end);
            at = end;
            Some(Some(r))
        };
        let s = range(s)?;
        let c = range(c)?;
        out.push((id, s, c));
    }
    (at == raw.len()).then_some(out)
}

/// Every member of a decoded block, texts included: for the packer's
/// unpacking of a mostly dead block and for tests.
pub(super) fn all_members(raw: &[u8]) -> Result<Vec<(i64, Texts)>, CodecError> {
    let heads = members(raw).ok_or_else(malformed)?;
    heads
        .into_iter()
        .map(|(id, s, c)| Ok((id, (text(raw, s)?, text(raw, c)?))))
        .collect()
}

fn malformed() -> CodecError {
    CodecError::Damaged("malformed text block".into())
}

fn text(raw: &[u8], range: Span) -> Result<Option<String>, CodecError> {
    range
        .map(|(a, b)| {
            std::str::from_utf8(&raw[a..b])
                .map(str::to_string)
                .map_err(|e| CodecError::Damaged(e.to_string()))
        })
        .transpose()
}

/// Article `id`'s texts in a decoded block.
fn member_of(raw: &[u8], block: i64, id: i64) -> Result<Texts, CodecError> {
    let heads = members(raw).ok_or_else(malformed)?;
    let (_, s, c) = heads
        .into_iter()
        .find(|m| m.0 == id)
        .ok_or(CodecError::NotInBlock { block, article: id })?;
    Ok((text(raw, s)?, text(raw, c)?))
}

thread_local! {
    /// The last block decoded on this thread, keyed by its stored bytes (a
    /// block id alone could name another cache's block): reading the next
    /// member of the same block (catching the search index up, a search's
    /// snippets) decompresses it once.
    static LAST: RefCell<(Vec<u8>, Vec<u8>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

#[cfg(test)]
thread_local! {
    /// Blocks decompressed on this thread (tests count a walk's).
    static DECODED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Blocks decompressed on this thread so far.
#[cfg(test)]
pub(super) fn decoded() -> u64 {
    DECODED.with(std::cell::Cell::get)
}

/// Article `id`'s texts from block `block`.
pub(super) fn member(conn: &Connection, block: i64, id: i64) -> Result<Texts, CodecError> {
    let data: Option<Vec<u8>> = conn
        .prepare_cached("SELECT data FROM text_blocks WHERE id = ?1")
        .and_then(|mut s| s.query_row([block], |r| r.get(0)).optional())
        .map_err(|e| CodecError::Damaged(e.to_string()))?;
    let data = data.ok_or(CodecError::NoBlock(block))?;
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != data || data.is_empty() {
            #[cfg(test)]
            DECODED.with(|n| n.set(n.get() + 1));
            let raw = codec::unzstd_bytes(&data)?;
            *last = (data, raw);
        }
        member_of(&last.1, block, id)
    })
}

/// An article's texts from a row whose columns `idx` and `idx + 1` are
/// `article_texts`' summary and content: as stored, or from its block.
/// Every reader of the texts goes through here.
pub(super) fn row_texts(
    conn: &Connection,
    r: &Row<'_>,
    idx: usize,
    article: i64,
) -> rusqlite::Result<Texts> {
    match r.get_ref(idx + 1)? {
        ValueRef::Integer(block) => member(conn, block, article).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx + 1, Type::Integer, Box::new(e))
        }),
        _ => Ok((codec::column(r, idx)?, codec::column(r, idx + 1)?)),
    }
}

/// An article's texts by id (`None`: no texts row), for the writer's
/// comparison of a packed article with its new version.
pub(super) fn texts_of(conn: &Connection, article: i64) -> rusqlite::Result<Option<Texts>> {
    conn.prepare_cached("SELECT summary, content FROM article_texts WHERE article_id = ?1")?
        .query_row([article], |r| row_texts(conn, r, 0, article))
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_round_trip_with_empty_and_missing_texts() {
        let ms = [
            Member {
                id: 7,
                summary: Some("Жаңалықтар"),
                content: None,
            },
            Member {
                id: 1 << 40,
                summary: None,
                content: Some(""),
            },
            Member {
                id: 9,
                summary: Some("a"),
                content: Some("<p>b</p>"),
            },
        ];
        let raw = encode(&ms);
        assert_eq!(
            member_of(&raw, 1, 7).unwrap(),
            (Some("Жаңалықтар".into()), None)
        );
        assert_eq!(
            member_of(&raw, 1, 1 << 40).unwrap(),
            (None, Some(String::new()))
        );
        assert_eq!(
            member_of(&raw, 1, 9).unwrap(),
            (Some("a".into()), Some("<p>b</p>".into()))
        );
        assert!(matches!(
            member_of(&raw, 1, 8),
            Err(CodecError::NotInBlock { .. })
        ));
        assert_eq!(all_members(&raw).unwrap().len(), 3);
    }

    #[test]
    fn a_truncated_or_padded_block_is_an_error_not_a_panic() {
        let raw = encode(&[Member {
            id: 3,
            summary: Some("summary"),
            content: Some("content"),
        }]);
        for cut in 0..raw.len() {
            assert!(member_of(&raw[..cut], 1, 3).is_err(), "cut at {cut}");
        }
        let mut longer = raw.clone();
        longer.push(b'x');
        assert!(member_of(&longer, 1, 3).is_err());
        // A count far larger than the bytes could hold.
        assert!(member_of(&[0xff, 0xff, 0xff, 0x7f], 1, 3).is_err());
    }
}

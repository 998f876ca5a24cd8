//! An article's identity within its feed (its `key`: guid, else canonical
//! link, else a hash of what the item holds), as stored since schema v19.
//!
//! The key is not stored as text beside the link any more: on a year of
//! news the text and its `UNIQUE (feed_id, key)` index took ~118 MB of
//! the cache, and most keys repeat the article's link (feeds without
//! guids, and guids that are the permalink). A row keeps
//! - `key_hash`: a 64-bit hash of the key (`key_hash`), indexed with the
//!   feed (`articles_by_key`), which finds the row;
//! - `key_text`: the key itself only where it differs from the link (NULL
//!   where it equals it), so the key is always `coalesce(key_text, link)`.
//!
//! Collisions: a lookup matches the hash through the index, then compares
//! the whole key (`coalesce(key_text, link) = ?`), so two keys of one
//! feed with the same hash are two articles, never one; the index is not
//! UNIQUE for that reason. The writer (`update`) looks an item up before
//! inserting it, inside the write transaction, which is what keeps one
//! row per key. The writer keeps `key_text` exact when the link changes:
//! every write of `link` writes `key_text` from the same item.

use rusqlite::{Connection, OptionalExtension, params};

/// The rows of a feed with a given key (?1 feed, ?2 `key_hash`, ?3 the
/// key): the index finds the hash, the key itself decides. A macro so
/// statements can be `concat!`ed constants.
macro_rules! identity_match {
    () => {
        "a.feed_id = ?1 AND a.key_hash = ?2 AND coalesce(a.key_text, a.link) = ?3"
    };
}
pub(super) use identity_match;

/// The stored hash of a key. FNV-1a over its UTF-8 bytes with a 64-bit
/// finaliser (SplitMix64's): defined here, never `std`'s hasher, whose
/// output may change between Rust releases while these values live in
/// caches for years. Changing it needs a schema step that rewrites them.
pub fn key_hash(key: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    // SQLite's INTEGER is signed: the same 64 bits, read as i64.
    h as i64
}

/// What `key_text` holds for an item: nothing when the key is its link.
pub(super) fn key_text<'a>(key: &'a str, link: Option<&str>) -> Option<&'a str> {
    (link != Some(key)).then_some(key)
}

/// The article of `feed` with this key, if any.
pub(super) fn find(conn: &Connection, feed: i64, key: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(concat!(
        "SELECT a.id FROM articles a WHERE ",
        identity_match!()
    ))?
    .query_row(params![feed, key_hash(key), key], |r| r.get(0))
    .optional()
}

/// `key_hash` as a SQL function, for the v19 step's copy of the rows.
pub(super) fn register_sql_hash(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "keruen_key_hash",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let key = ctx.get_raw(0).as_str().map_err(|e| {
                rusqlite::Error::UserFunctionError(format!("article key: {e}").into())
            })?;
            Ok(key_hash(key))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_pinned() {
        // Stored in caches: these values must never change.
        assert_eq!(key_hash(""), -780_787_492_076_525_413);
        assert_eq!(key_hash("https://example.com/a"), 3_950_209_176_321_348_286);
        assert_ne!(
            key_hash("https://example.com/a"),
            key_hash("https://example.com/b")
        );
    }

    #[test]
    fn the_text_is_kept_only_when_it_is_not_the_link() {
        assert_eq!(key_text("https://x/1", Some("https://x/1")), None);
        assert_eq!(key_text("guid-1", Some("https://x/1")), Some("guid-1"));
        assert_eq!(key_text("guid-1", None), Some("guid-1"));
    }
}

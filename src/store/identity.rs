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
//!   where it equals it), so the key is always `coalesce(key_text, link)`,
//!   the link as a whole (since v23 it is stored relative to its feed's
//!   origin: `link_form`).
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
        concat!(
            "a.feed_id = ?1 AND a.key_hash = ?2 AND coalesce(a.key_text, ",
            super::link_form::decoded_link!(
                "a.link",
                "(SELECT link_origin FROM feeds WHERE id = ?1)"
            ),
            ") = ?3"
        )
    };
}
pub(super) use identity_match;

/// The stored hash of a key. FNV-1a over its UTF-8 bytes with a 64-bit
/// finaliser (SplitMix64's), of which the high 32 bits are kept (since
/// v23: an 8-byte INTEGER is 4 bytes in SQLite's record when it fits 32
/// bits, 4 bytes less in each row and in `articles_by_key`, ~8 MB of a
/// year's million articles; within one feed's few thousand keys a
/// collision stays rare, and is two articles anyway, see the module
/// docs). Defined here, never `std`'s hasher, whose output may change
/// between Rust releases while these values live in caches for years.
/// Changing it needs a schema step that rewrites them (`narrow_hashes`).
pub fn key_hash(key: &str) -> i64 {
    full_hash(key) >> 32
}

/// v19–v22's hash: all 64 bits, as i64.
fn full_hash(key: &str) -> i64 {
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

/// Schema v23's part: every row's hash made again from its key, with the
/// key index dropped first and built again after (sorted, so its pages
/// are full) with its planner statistics. Links must still be whole (the
/// step runs this before `link_form` rewrites them).
pub(super) fn narrow_hashes(conn: &Connection) -> rusqlite::Result<()> {
    let stat: Option<String> = if super::table_info::has_table(conn, "sqlite_stat1")? {
        conn.query_row(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles' AND idx = 'articles_by_key'",
            [],
            |r| r.get(0),
        )
        .optional()?
    } else {
        None
    };
    register_sql_hash(conn)?;
    let done = conn.execute_batch(
        "DROP INDEX IF EXISTS articles_by_key;
         UPDATE articles SET key_hash = keruen_key_hash(coalesce(key_text, link));
         CREATE INDEX articles_by_key ON articles (feed_id, key_hash);",
    );
    conn.remove_function("keruen_key_hash", 1)?;
    done?;
    if let Some(stat) = stat {
        // The same shape of index: a feed, then a value all but unique.
        conn.execute(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('articles', 'articles_by_key', ?1)",
            [stat],
        )?;
        conn.execute_batch("ANALYZE sqlite_schema;")?;
    }
    Ok(())
}

/// `key_hash` as a SQL function, for the v19 and v23 steps.
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
        assert_eq!(full_hash(""), -780_787_492_076_525_413);
        assert_eq!(
            full_hash("https://example.com/a"),
            3_950_209_176_321_348_286
        );
        assert_eq!(key_hash(""), -181_791_255);
        assert_eq!(key_hash("https://example.com/a"), 919_729_745);
        for key in ["", "a", "https://example.com/a", "жаңалық"] {
            assert!(i32::try_from(key_hash(key)).is_ok(), "{key}");
        }
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

//! Old small text blocks merged into large ones (`store::text_merge`,
//! schema v24): every text reads back byte-identical after the merge,
//! through search, retention and reopening; only blocks older than
//! `COLD_AGE` merge, a feed with too few waits, the blocks' live counts
//! stay their rows', the v24 step fills in the blocks a v23 cache
//! already had, and a damaged block stays as it is while the rest merges.
use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use keruen::config::settings::CacheSettings;
use keruen::domain::{FeedId, NewArticle, ParsedFeed};
use keruen::fetch::Validators;
use keruen::store::{COLD_AGE, COLD_MEMBERS, MAX_MEMBERS, SCHEMA_VERSION, Store};

use super::text_blocks::{miscounted, sql};
use super::text_codec::{items, texts};

fn at(month: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, d, 12, 0, 0).unwrap()
}

/// `n` generated articles of one feed, ten minutes apart from `from`.
/// As a newsroom's follow-ups do ("earlier we reported…"), each of the
/// later ones repeats the start of one published `RECALL` articles
/// before, further back than a small block reaches.
fn dated(prefix: &str, n: usize, seed: u64, from: DateTime<Utc>) -> Vec<NewArticle> {
    const RECALL: usize = 40;
    let mut v = items(prefix, n, seed);
    for i in (RECALL..n).rev() {
        let earlier = v[i - RECALL].content.clone().unwrap_or_default();
        let mut cut = earlier.len().min(600);
        while !earlier.is_char_boundary(cut) {
            cut -= 1;
        }
        let own = v[i].content.get_or_insert_with(String::new);
        own.push_str(&earlier[..cut]);
    }
    for (i, it) in v.iter_mut().enumerate() {
        it.published = Some(from + Duration::minutes(10 * i as i64));
    }
    v
}

fn update(s: &mut Store, feed: FeedId, items: Vec<NewArticle>, now: DateTime<Utc>) {
    let doc = ParsedFeed {
        title: Some("Feed".into()),
        site_link: None,
        items,
        damaged: false,
    };
    s.apply_update(feed, &doc, &Validators::default(), now)
        .unwrap();
}

/// (members, stored bytes) of each of `feed`'s blocks, by id.
fn feed_blocks(path: &Path, feed: FeedId) -> Vec<(i64, i64)> {
    let c = rusqlite::Connection::open(path).unwrap();
    c.prepare(
        "SELECT b.members, length(b.data) FROM text_blocks b WHERE b.id IN (
             SELECT t.content FROM article_texts t JOIN articles a ON a.id = t.article_id
             WHERE a.feed_id = ?1 AND typeof(t.content) = 'integer')
         ORDER BY b.id",
    )
    .unwrap()
    .query_map([feed.0], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// A cache with an old feed of `old` articles from September, one of 30
/// from September (too few to merge) and one of 200 from late November,
/// its dictionary trained; every text packed into small blocks as of
/// September 20 (too early for any to merge).
fn packed_cache(path: &Path, old: usize) -> (Store, Vec<FeedId>) {
    let mut s = Store::open(path).unwrap();
    let ids = s
        .sync_feeds(&[
            crate::common::feed_settings("tengri"),
            crate::common::feed_settings("kaztag"),
            crate::common::feed_settings("inform"),
        ])
        .unwrap();
    update(&mut s, ids[0], dated("a", old, 1, at(9, 1)), at(9, 10));
    update(&mut s, ids[1], dated("b", 30, 2, at(9, 1)), at(9, 10));
    update(&mut s, ids[2], dated("c", 200, 3, at(11, 20)), at(11, 22));
    assert!(s.train_text_dict().unwrap());
    let st = s.pack_texts(at(9, 20), None).unwrap();
    assert!(st.blocks > 0 && st.merged == 0, "{st:?}");
    (s, ids)
}

#[test]
fn old_small_blocks_merge_into_large_ones_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, ids) = packed_cache(&path, 400);
    let before = texts(&s);
    let small = feed_blocks(&path, ids[0]);
    assert!(small.iter().all(|b| b.0 <= MAX_MEMBERS as i64));

    // December 1: September's blocks are older than `COLD_AGE`, late
    // November's are not (they are packed now, into small blocks).
    let now = at(12, 1);
    assert!(now - at(9, 1) > Duration::from_std(COLD_AGE).unwrap());
    let st = s.pack_texts(now, None).unwrap();
    assert!(!st.more);
    assert!(st.merged >= 2, "{st:?}");
    assert!(st.bytes_after < st.bytes_before, "{st:?}");
    assert_eq!(texts(&s), before, "every text reads back as it was");
    assert_eq!(miscounted(&path), 0);

    // The old feed: large blocks, and what is left of it in small ones
    // is less than a large block (it waits for more).
    let merged = feed_blocks(&path, ids[0]);
    let large: Vec<_> = merged.iter().filter(|b| b.0 > MAX_MEMBERS as i64).collect();
    assert!(large.len() >= 2, "{merged:?}");
    assert!(
        large
            .iter()
            .all(|b| (b.0 as usize).abs_diff(COLD_MEMBERS) <= COLD_MEMBERS / 8),
        "{merged:?}"
    );
    let left: i64 = merged
        .iter()
        .filter(|b| b.0 <= MAX_MEMBERS as i64)
        .map(|b| b.0)
        .sum();
    assert!(left < COLD_MEMBERS as i64, "{merged:?}");
    // The same texts in fewer bytes.
    let bytes = |v: &[(i64, i64)]| v.iter().map(|b| b.1).sum::<i64>();
    assert!(
        bytes(&merged) < bytes(&small),
        "{} -> {}",
        bytes(&small),
        bytes(&merged)
    );
    // Too few old texts, and too new: both feeds keep their small blocks.
    assert!(
        feed_blocks(&path, ids[1])
            .iter()
            .all(|b| b.0 <= MAX_MEMBERS as i64)
    );
    assert!(
        feed_blocks(&path, ids[2])
            .iter()
            .all(|b| b.0 <= MAX_MEMBERS as i64)
    );
    // Again: nothing more merges. A small block the merge left mostly
    // empty (its first members moved) is packed again with its feed's
    // last texts, once; then there is nothing to do.
    let again = s.pack_texts(now, None).unwrap();
    assert_eq!(again.merged, 0, "{again:?}");
    assert!(again.unpacked <= 1, "{again:?}");
    let third = s.pack_texts(now, None).unwrap();
    assert_eq!(
        (third.blocks, third.merged, third.unpacked),
        (0, 0, 0),
        "{third:?}"
    );
    assert_eq!(texts(&s), before);

    // Search reads its snippets from the merged blocks.
    super::text_blocks::search_after_reindex(&mut s, &path);

    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(texts(&s), before);
}

#[test]
fn spent_budgets_still_merge_every_feed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, ids) = packed_cache(&path, 600);
    let before = texts(&s);
    // A spent budget does one transaction's work a call; the calls go on
    // until none is left.
    let mut merged = 0;
    for _ in 0..20 {
        let st = s
            .pack_texts(at(12, 1), Some(std::time::Duration::ZERO))
            .unwrap();
        merged += st.merged;
        if !st.more {
            break;
        }
    }
    assert!(merged >= 4, "{merged}");
    let left: i64 = feed_blocks(&path, ids[0])
        .iter()
        .filter(|b| b.0 <= MAX_MEMBERS as i64)
        .map(|b| b.0)
        .sum();
    assert!(left < COLD_MEMBERS as i64);
    assert_eq!(texts(&s), before);
    assert_eq!(miscounted(&path), 0);
}

#[test]
fn retention_thins_merged_blocks_and_their_counts_stay_true() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, ids) = packed_cache(&path, 400);
    assert!(s.pack_texts(at(12, 1), None).unwrap().merged >= 2);
    // Ten new articles, the old ones gone from the feed; keep the feed's
    // newest 150: its oldest merged block goes whole or mostly, the next
    // keeps part of its members.
    update(&mut s, ids[0], dated("n", 10, 4, at(11, 30)), at(12, 1));
    let policy = CacheSettings {
        max_age: None,
        max_per_feed: Some(150),
    };
    assert!(s.apply_retention(&policy, at(12, 1)).unwrap() > 0);
    assert_eq!(miscounted(&path), 0);
    let kept = texts(&s);
    let st = s.pack_texts(at(12, 2), None).unwrap();
    assert_eq!(texts(&s), kept);
    assert_eq!(miscounted(&path), 0);
    // No block is left mostly empty after a pass.
    assert_eq!(
        sql(
            &path,
            "SELECT count(*) FROM text_blocks WHERE live * 2 < members"
        ),
        0,
        "{st:?}"
    );
    assert_eq!(
        sql(
            &path,
            &format!("SELECT count(*) FROM articles WHERE feed_id = {}", ids[0].0)
        ),
        150
    );
}

#[test]
fn the_v24_step_fills_in_the_blocks_a_v23_cache_has() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (s, ids) = packed_cache(&path, 400);
    let before = texts(&s);
    drop(s);
    let expect = |path: &Path| -> Vec<(i64, i64, i64)> {
        let c = rusqlite::Connection::open(path).unwrap();
        c.prepare(
            "SELECT t.content, min(a.feed_id), max(a.sort_date) FROM article_texts t
             JOIN articles a ON a.id = t.article_id WHERE typeof(t.content) = 'integer'
             GROUP BY t.content ORDER BY t.content",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let stored = |path: &Path| -> Vec<(i64, i64, i64)> {
        let c = rusqlite::Connection::open(path).unwrap();
        c.prepare("SELECT id, feed_id, newest FROM text_blocks ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // Blocks written by this build carry their feed and newest date.
    let want = expect(&path);
    assert!(want.len() > 20);
    assert_eq!(stored(&path), want);
    // Back to v23: the columns and the index gone.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "DROP INDEX text_blocks_small;
             ALTER TABLE text_blocks DROP COLUMN newest;
             ALTER TABLE text_blocks DROP COLUMN feed_id;
             PRAGMA user_version = 23;",
        )
        .unwrap();
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(stored(&path), want);
    assert_eq!(texts(&s), before);
    // And the merger finds them.
    assert!(s.pack_texts(at(12, 1), None).unwrap().merged >= 2);
    assert_eq!(texts(&s), before);
    assert!(
        feed_blocks(&path, ids[0])
            .iter()
            .any(|b| b.0 > MAX_MEMBERS as i64)
    );
    drop(s);
    // The step again (a version set back by hand) changes nothing.
    let now = stored(&path);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 23;")
        .unwrap();
    let s = Store::open(&path).unwrap();
    assert_eq!(stored(&path), now);
    assert_eq!(texts(&s), before);
}

/// A damaged small block (disk corruption) stays as it is, its articles
/// still reporting it when read, and the feed's other blocks merge: one
/// bad block must not stop every later merge of the cache.
#[test]
fn a_damaged_block_stays_and_the_rest_merges() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, ids) = packed_cache(&path, 400);
    let before = texts(&s);
    // The old feed's third block, cut short.
    let damaged: i64 = {
        let c = rusqlite::Connection::open(&path).unwrap();
        let id: i64 = c
            .query_row(
                "SELECT id FROM text_blocks WHERE feed_id = ?1 ORDER BY newest LIMIT 1 OFFSET 2",
                [ids[0].0],
                |r| r.get(0),
            )
            .unwrap();
        c.execute(
            "UPDATE text_blocks SET data = substr(data, 1, 40) WHERE id = ?1",
            [id],
        )
        .unwrap();
        id
    };
    let st = s.pack_texts(at(12, 1), None).unwrap();
    assert!(st.merged >= 2, "{st:?}");
    // The damaged block is still there, with all its members.
    assert_eq!(
        sql(
            &path,
            &format!("SELECT members - live FROM text_blocks WHERE id = {damaged}")
        ),
        0
    );
    assert_eq!(miscounted(&path), 0);
    // Every other article reads back as it was; those of the damaged
    // block report it.
    let c = rusqlite::Connection::open(&path).unwrap();
    let in_damaged: Vec<i64> = c
        .prepare("SELECT article_id FROM article_texts WHERE typeof(content) = 'integer' AND content = ?1")
        .unwrap()
        .query_map([damaged], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!in_damaged.is_empty());
    for id in &in_damaged {
        let err = s
            .article(keruen::domain::ArticleId(*id))
            .unwrap_err()
            .to_string();
        assert!(err.contains("damaged stored text"), "{err}");
    }
    let mut readable = 0;
    for a in s.articles(&Default::default()).unwrap() {
        if in_damaged.contains(&a.id.0) {
            continue;
        }
        let full = s.article(a.id).unwrap();
        assert!(before.contains(&(a.title, full.description, full.content)));
        readable += 1;
    }
    assert_eq!(readable + in_damaged.len(), before.len());
}

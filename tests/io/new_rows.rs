//! A new article's other rows written by its insert, not by triggers
//! (schema v27, `store::new_rows`): every article gets exactly one flags
//! row and a place in the story linker's and the search index's queues,
//! and the feed and span counts equal a recount, through first fetches,
//! later fetches that mix
//! new and known items, batches of feeds, marks and retention; a v26
//! cache, whose triggers still counted, is counted once after the step.

use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use keruen::config::settings::CacheSettings;
use keruen::domain::{ArticleId, FeedId, ParsedFeed};
use keruen::fetch::Validators;
use keruen::store::{SCHEMA_VERSION, Store};

use crate::common::store_fill::{
    assert_span_counts, counts_from_flags, kept_feed_counts, numbered_doc, pairs,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap()
}

/// Items `from..from + n` of `feed`, one every 40 minutes (so a fetch
/// crosses several spans of 2^12 s); every fifth undated (dated "now").
fn doc(feed: usize, from: usize, n: usize) -> ParsedFeed {
    let mut doc = numbered_doc(feed, from, n, |i| {
        (i % 5 != 0).then(|| t0() + Duration::minutes(i as i64 * 40))
    });
    for (item, i) in doc.items.iter_mut().zip(from..) {
        item.summary = Some(format!("Summary of item {i}"));
    }
    doc
}

/// The rows and counts a new article brings equal what the articles say.
fn exact(path: &Path, when: &str) {
    let c = rusqlite::Connection::open(path).unwrap();
    let articles = pairs(&c, "SELECT id, feed_id FROM articles ORDER BY id");
    assert!(!articles.is_empty(), "{when}: no articles");
    let flags = pairs(
        &c,
        "SELECT article_id, feed_id FROM article_flags ORDER BY article_id",
    );
    assert_eq!(
        flags, articles,
        "{when}: one flags row per article, its feed"
    );
    let moved: i64 = c
        .query_row(
            "SELECT count(*) FROM articles a JOIN article_flags g ON g.article_id = a.id
             WHERE g.sort_date != a.sort_date",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(moved, 0, "{when}: flags carry the article's date");
    let kept = kept_feed_counts(&c);
    assert_eq!(kept, counts_from_flags(&c), "{when}: feed counts");
    assert_span_counts(&c, when);
}

/// For each of the story linker's and the search index's queues: ids in
/// it that are not articles, and articles inserted since `after` that are
/// not in it.
fn queue_gaps(path: &Path, after: i64) -> [(i64, i64); 2] {
    let c = rusqlite::Connection::open(path).unwrap();
    ["story_links_pending", "fts_pending"].map(|queue| {
        let stray = c
            .query_row(
                &format!(
                    "SELECT count(*) FROM {queue} p
                     WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = p.article_id)"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        let missing = c
            .query_row(
                &format!(
                    "SELECT count(*) FROM articles a WHERE a.id > ?1
                     AND NOT EXISTS (SELECT 1 FROM {queue} p WHERE p.article_id = a.id)"
                ),
                [after],
                |r| r.get(0),
            )
            .unwrap();
        (stray, missing)
    })
}

fn feeds(s: &mut Store, n: usize) -> Vec<FeedId> {
    let names: Vec<String> = (0..n).map(|i| format!("f{i}")).collect();
    let settings: Vec<_> = names
        .iter()
        .map(|n| crate::common::feed_settings(n))
        .collect();
    s.sync_feeds(&settings).unwrap()
}

fn max_id(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT coalesce(max(id), 0) FROM articles", [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn every_new_article_brings_its_flags_queue_place_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let ids = feeds(&mut s, 3);
    // First fetches: one feed alone, two in one batch (the refresh's way).
    s.apply_update(ids[0], &doc(0, 0, 30), &Validators::default(), t0())
        .unwrap();
    {
        let mut b = s.batch().unwrap();
        b.update(ids[1], &doc(1, 0, 25), None, &Validators::default(), t0())
            .unwrap();
        b.update(ids[2], &doc(2, 0, 12), None, &Validators::default(), t0())
            .unwrap();
        b.commit().unwrap();
    }
    exact(&path, "after first fetches");
    assert_eq!(queue_gaps(&path, 0), [(0, 0); 2], "after first fetches");

    // Some read, then later fetches mixing known items with new ones.
    let all: Vec<ArticleId> = pairs(
        &rusqlite::Connection::open(&path).unwrap(),
        "SELECT id, 0 FROM articles ORDER BY id",
    )
    .into_iter()
    .map(|p| ArticleId(p.0))
    .collect();
    s.set_read(&all.iter().step_by(4).copied().collect::<Vec<_>>(), true)
        .unwrap();
    let before = max_id(&path);
    let later = t0() + Duration::hours(30);
    s.apply_update(ids[0], &doc(0, 20, 30), &Validators::default(), later)
        .unwrap();
    s.apply_update(ids[2], &doc(2, 0, 12), &Validators::default(), later)
        .unwrap();
    exact(&path, "after later fetches");
    assert_eq!(
        queue_gaps(&path, before),
        [(0, 0); 2],
        "after later fetches"
    );
    let c = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 30 + 20 + 25 + 12, "known items are not inserted again");

    // Retention takes the oldest: the delete triggers still count.
    s.apply_retention(
        &CacheSettings {
            max_age: None,
            max_per_feed: Some(10),
        },
        later,
    )
    .unwrap();
    exact(&path, "after retention");
    assert_eq!(
        queue_gaps(&path, 0).map(|(stray, _)| stray),
        [0, 0],
        "after retention: no stray queue rows"
    );
}

/// The triggers of v26 written again over a v27 cache, set back to v26:
/// the step drops them, and a fetch then counts each new article once
/// (were they kept, the counts would go up twice and the flags insert
/// would fail on the trigger's row).
#[test]
fn the_v27_step_drops_the_insert_triggers_and_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let ids = {
        let mut s = Store::open(&path).unwrap();
        let ids = feeds(&mut s, 2);
        s.apply_update(ids[0], &doc(0, 0, 20), &Validators::default(), t0())
            .unwrap();
        ids
    };
    let triggers = |c: &rusqlite::Connection| -> Vec<String> {
        c.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'
             AND tbl_name IN ('articles', 'article_flags') AND sql LIKE '%AFTER INSERT%'
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        triggers(&c),
        Vec::<String>::new(),
        "no insert trigger: the insert needs no statement journal"
    );
    c.execute_batch(
        "CREATE TRIGGER article_flags_insert AFTER INSERT ON articles BEGIN
             INSERT INTO article_flags (article_id, feed_id, sort_date, read, starred)
             VALUES (new.id, new.feed_id, new.sort_date, new.read, new.starred);
         END;
         CREATE TRIGGER story_links_insert AFTER INSERT ON articles BEGIN
             INSERT OR IGNORE INTO story_links_pending (article_id) VALUES (new.id);
         END;
         CREATE TRIGGER feed_counts_insert AFTER INSERT ON article_flags BEGIN
             INSERT INTO feed_counts (feed_id, total, unread)
             VALUES (new.feed_id, 1, new.read = 0)
             ON CONFLICT (feed_id) DO UPDATE SET
                 total = total + 1, unread = unread + excluded.unread;
         END;
         CREATE TRIGGER unread_spans_insert AFTER INSERT ON article_flags
         WHEN new.read = 0 BEGIN
             INSERT INTO unread_spans (span, unread) VALUES (new.sort_date >> 12, 1)
             ON CONFLICT (span) DO UPDATE SET unread = unread + 1;
         END;
         PRAGMA user_version = 26;",
    )
    .unwrap();
    assert_eq!(triggers(&c).len(), 4);
    for run in ["migrated", "migrated again"] {
        let mut s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION, "{run}");
        assert_eq!(triggers(&c), Vec::<String>::new(), "{run}");
        let from = if run == "migrated" { 20 } else { 40 };
        s.apply_update(ids[1], &doc(1, from, 15), &Validators::default(), t0())
            .unwrap();
        exact(&path, run);
        drop(s);
        c.execute_batch("PRAGMA user_version = 26;").unwrap();
    }
}

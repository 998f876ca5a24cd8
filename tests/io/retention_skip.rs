//! Retention skips the feeds whose every stored article their latest
//! document named (schema v28, `store::retention`, "Feeds with nothing to
//! remove"), and removes exactly what the rule without the skip removes:
//! feeds fully named, feeds whose documents moved on, feeds over the cap,
//! feeds removed from the configuration, starred articles, and a feed not
//! updated since before v28 (`sighted` unknown).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use keruen::config::settings::{CacheSettings, FeedSettings};
use keruen::domain::{FeedId, ParsedFeed};
use keruen::fetch::Validators;
use keruen::store::Store;

use crate::common::store_fill::numbered_doc;

/// A year before the refreshes below: every article is past any age limit.
fn last_year(i: usize) -> Option<DateTime<Utc>> {
    Some(Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap() + Duration::hours(i as i64))
}

fn day(d: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap() + Duration::days(d)
}

fn doc(feed: usize, from: usize, n: usize) -> ParsedFeed {
    numbered_doc(feed, from, n, last_year)
}

fn update(s: &mut Store, feed: FeedId, doc: &ParsedFeed, at: DateTime<Utc>) {
    s.apply_update(feed, doc, &Validators::default(), at)
        .unwrap();
}

/// The articles the rule removes, by the v27 statement that read every
/// article past the limits (no skip): what the new statement must equal.
fn by_the_rule(path: &Path, policy: &CacheSettings, now: DateTime<Utc>) -> BTreeSet<i64> {
    let c = rusqlite::Connection::open(path).unwrap();
    let cutoff = policy
        .max_age
        .map(|a| (now - Duration::from_std(a).unwrap()).timestamp());
    let cap = policy.max_per_feed.map(|c| c as i64);
    let mut stmt = c
        .prepare(
            "SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id
             JOIN article_flags g ON g.article_id = a.id
             WHERE g.starred = 0
               AND (f.active = 0
                    OR a.sort_date + a.first_seen_delay + a.seen_for
                       < coalesce(f.last_update, 0) - 86400)
               AND (a.sort_date < ?1
                    OR (?2 IS NOT NULL AND a.id IN (
                         SELECT id FROM (
                             SELECT id, row_number() OVER (
                                 PARTITION BY feed_id ORDER BY sort_date DESC, id DESC) AS rn
                             FROM articles)
                         WHERE rn > ?2)))",
        )
        .unwrap();
    stmt.query_map(rusqlite::params![cutoff, cap], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn ids(path: &Path, sql: &str) -> BTreeSet<i64> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut stmt = c.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn all_ids(path: &Path) -> BTreeSet<i64> {
    ids(path, "SELECT id FROM articles")
}

/// Retention at `now` removes exactly what the rule does; returns them.
fn same_as_the_rule(
    s: &mut Store,
    path: &Path,
    policy: &CacheSettings,
    now: DateTime<Utc>,
) -> BTreeSet<i64> {
    let expected = by_the_rule(path, policy, now);
    let before = all_ids(path);
    let n = s.apply_retention(policy, now).unwrap();
    let removed: BTreeSet<i64> = before.difference(&all_ids(path)).copied().collect();
    assert_eq!(removed, expected, "removed by the rule");
    assert_eq!(n, removed.len() as u64);
    removed
}

fn feed_of(path: &Path, feed: i64) -> BTreeSet<i64> {
    ids(
        path,
        &format!("SELECT id FROM articles WHERE feed_id = {feed}"),
    )
}

/// A new cache in a temporary directory with `n` configured feeds.
struct Cache {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    settings: Vec<FeedSettings>,
    feeds: Vec<FeedId>,
}

fn cache_with_feeds(n: usize) -> Cache {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut store = Store::open(&path).unwrap();
    let settings: Vec<_> = (0..n)
        .map(|i| crate::common::feed_settings(&format!("f{i}")))
        .collect();
    let feeds = store.sync_feeds(&settings).unwrap();
    Cache {
        _dir: dir,
        path,
        store,
        settings,
        feeds,
    }
}

#[test]
fn retention_skips_fully_named_feeds_and_removes_what_the_rule_removes() {
    let Cache {
        _dir,
        path,
        store: mut s,
        settings,
        feeds,
    } = cache_with_feeds(6);
    // Every feed's first fetch: 8 items dated last year.
    for (i, &f) in feeds.iter().enumerate() {
        update(&mut s, f, &doc(i, 0, 8), day(0));
    }
    let age = CacheSettings {
        max_age: Some(std::time::Duration::from_secs(90 * 24 * 3600)),
        max_per_feed: None,
    };
    // Every article is past the age limit and every one was named by its
    // feed's latest document: nothing goes.
    assert!(same_as_the_rule(&mut s, &path, &age, day(0)).is_empty());

    // Two days on (past the day a sighting is known to):
    // - feed 0's document is the same: all named, nothing of it goes;
    // - feed 1's moved on by three items: the five that left go;
    // - feed 2's moved on too, but one that left is starred;
    // - feed 3 is not fetched: its articles were all named at its last
    //   update, which is what protects them;
    // - feed 4 is removed from the configuration: all of it goes;
    // - feed 5 moved on, but its `sighted` is unknown (a feed last
    //   updated before v28): it is read as before.
    update(&mut s, feeds[0], &doc(0, 0, 8), day(2));
    update(&mut s, feeds[1], &doc(1, 5, 8), day(2));
    update(&mut s, feeds[2], &doc(2, 5, 8), day(2));
    update(&mut s, feeds[5], &doc(5, 5, 8), day(2));
    let starred = *feed_of(&path, feeds[2].0).first().unwrap();
    s.set_starred(keruen::domain::ArticleId(starred), true)
        .unwrap();
    s.sync_feeds(&[&settings[..4], &settings[5..]].concat())
        .unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE feeds SET sighted = NULL WHERE id = ?1",
            [feeds[5].0],
        )
        .unwrap();

    let kept = |f: FeedId| feed_of(&path, f.0);
    let (f0, f3) = (kept(feeds[0]), kept(feeds[3]));
    let removed = same_as_the_rule(&mut s, &path, &age, day(2));
    assert_eq!(kept(feeds[0]), f0, "feed 0 keeps all");
    assert_eq!(kept(feeds[3]), f3, "feed 3 keeps all");
    assert_eq!(kept(feeds[1]).len(), 8, "feed 1 keeps its document");
    assert_eq!(
        kept(feeds[2]).len(),
        9,
        "feed 2 keeps its document and the starred"
    );
    assert!(kept(feeds[2]).contains(&starred));
    assert!(kept(feeds[4]).is_empty(), "feed 4 is gone");
    assert_eq!(kept(feeds[5]).len(), 8, "feed 5 read as before v28");
    assert_eq!(removed.len(), 5 + 4 + 8 + 5);
}

#[test]
fn the_cap_still_applies_to_feeds_whose_documents_moved_on() {
    let Cache {
        _dir,
        path,
        store: mut s,
        feeds,
        ..
    } = cache_with_feeds(2);
    let cap = CacheSettings {
        max_age: None,
        max_per_feed: Some(6),
    };
    // A feed publishing 10 items at once holds them all: each is named.
    update(&mut s, feeds[0], &doc(0, 0, 10), day(0));
    update(&mut s, feeds[1], &doc(1, 0, 4), day(0));
    assert!(same_as_the_rule(&mut s, &path, &cap, day(0)).is_empty());
    // Its document moves on by 4: 14 stored, 10 named, the cap of 6 takes
    // the 4 that left (the oldest); the other feed is under the cap.
    update(&mut s, feeds[0], &doc(0, 4, 10), day(2));
    update(&mut s, feeds[1], &doc(1, 2, 4), day(2));
    let removed = same_as_the_rule(&mut s, &path, &cap, day(2));
    assert_eq!(removed.len(), 4);
    assert_eq!(feed_of(&path, feeds[0].0).len(), 10);
    assert_eq!(feed_of(&path, feeds[1].0).len(), 6);
}

//! The cache at a year's scale, second round: the feed list's counts are
//! kept by the store (schema v11) and stay equal to a count of the
//! articles through every kind of write; migrations give the pages they
//! free back to the file system.

use std::collections::HashSet;

use crate::common::run_binary;

use chrono::{DateTime, TimeZone, Utc};
use keruen::config::settings::{CacheSettings, FeedSettings};
use keruen::domain::{ArticleId, FeedId, NewArticle, ParsedFeed};
use keruen::fetch::Validators;
use keruen::store::{RemoteArticle, SCHEMA_VERSION, Store, SyncedFeed};

fn t(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
}

fn feed(name: &str) -> FeedSettings {
    crate::common::feed_settings(name)
}

fn items(prefix: &str, n: usize, first_day: u32) -> Vec<NewArticle> {
    (0..n)
        .map(|i| NewArticle {
            key: format!("{prefix}{i}"),
            title: format!("{prefix} жаңалық {i}"),
            link: Some(format!("https://example.kz/{prefix}/{i}")),
            published: Some(t(first_day + (i % 5) as u32)),
            summary: Some(format!("<p>Мәтін {i}</p>")),
            ..NewArticle::default()
        })
        .collect()
}

fn update(s: &mut Store, id: FeedId, items: Vec<NewArticle>, now: DateTime<Utc>) {
    let doc = ParsedFeed {
        items,
        ..ParsedFeed::default()
    };
    s.apply_update(id, &doc, &Validators::default(), now)
        .unwrap();
}

/// (feed, total, unread) as the feed list shows them, and the same by a
/// count of the article rows; the unread total of the configured feeds.
fn check(s: &Store, path: &std::path::Path, when: &str) {
    let shown: Vec<(i64, u64, u64)> = s
        .feeds()
        .unwrap()
        .into_iter()
        .map(|f| (f.id.0, f.total, f.unread))
        .collect();
    let c = rusqlite::Connection::open(path).unwrap();
    let mut stmt = c
        .prepare(
            "SELECT f.id, (SELECT count(*) FROM articles a WHERE a.feed_id = f.id),
                    (SELECT count(*) FROM articles a JOIN article_flags g ON g.article_id = a.id
                     WHERE a.feed_id = f.id AND g.read = 0)
             FROM feeds f WHERE f.active = 1 ORDER BY f.position, f.id",
        )
        .unwrap();
    let counted: Vec<(i64, u64, u64)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(shown, counted, "{when}");
    let unread: u64 = counted.iter().map(|c| c.2).sum();
    assert_eq!(s.unread_count().unwrap(), unread, "{when}");
}

fn ids_of(s: &Store, feed: FeedId) -> Vec<ArticleId> {
    s.articles(&keruen::store::ArticleQuery {
        feed: Some(feed),
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .map(|a| a.id)
    .collect()
}

#[test]
fn feed_counts_stay_exact_through_every_kind_of_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let ids = s
        .sync_feeds(&[feed("tengri"), feed("kaztag"), feed("zakon")])
        .unwrap();
    check(&s, &path, "empty");
    assert!(
        s.feeds().unwrap().iter().all(|f| f.total == 0),
        "feeds without articles count 0"
    );

    // Inserts, and a refresh that repeats known items (no new rows).
    update(&mut s, ids[0], items("a", 40, 1), t(10));
    update(&mut s, ids[1], items("b", 25, 3), t(10));
    update(&mut s, ids[0], items("a", 45, 1), t(11));
    check(&s, &path, "after inserts");
    assert_eq!(s.feeds().unwrap()[0].total, 45);

    // Marks: some read, some again (no change), some back to unread.
    let a = ids_of(&s, ids[0]);
    s.set_read(&a[..20], true).unwrap();
    s.set_read(&a[..30], true).unwrap();
    check(&s, &path, "after marking read");
    s.set_read(&a[5..12], false).unwrap();
    check(&s, &path, "after marking unread");
    s.mark_feed_read(ids[1]).unwrap();
    check(&s, &path, "after a feed marked read");
    let b = ids_of(&s, ids[1]);
    s.set_read(&b[..3], false).unwrap();
    let changed = s.mark_feeds_read(&[ids[0], ids[1]]).unwrap();
    check(&s, &path, "after several feeds marked read");
    let undo: Vec<ArticleId> = changed.iter().map(|c| c.0).collect();
    s.set_read(&undo, false).unwrap();
    check(&s, &path, "after the undo");
    s.set_starred(a[0], true).unwrap();
    check(&s, &path, "after a star");

    // Sync: server items stored with their state, then the server's state
    // applied to every mapped article.
    s.sync_account("greader https://sync.example user").unwrap();
    let synced = s
        .upsert_synced_feeds(&[SyncedFeed {
            remote_id: "feed/1".into(),
            url: "https://zakon.example/rss".into(),
            name: "zakon".into(),
            tags: vec![],
        }])
        .unwrap();
    let remote: Vec<RemoteArticle> = items("z", 12, 6)
        .into_iter()
        .enumerate()
        .map(|(i, article)| RemoteArticle {
            remote_id: format!("item/{i}"),
            feed: synced[0],
            article,
            read: i % 3 == 0,
            starred: i == 1,
        })
        .collect();
    s.store_remote_articles(&remote, t(12)).unwrap();
    check(&s, &path, "after storing server items");
    let unread: HashSet<String> = (0..12)
        .filter(|i| i % 2 == 0)
        .map(|i| format!("item/{i}"))
        .collect();
    s.apply_remote_state(&unread, &HashSet::new()).unwrap();
    check(&s, &path, "after applying the server's state");

    // Retention: the feed moved on and old articles expire.
    update(&mut s, ids[0], items("c", 5, 25), t(28));
    let removed = s
        .apply_retention(
            &CacheSettings {
                max_age: Some(std::time::Duration::from_secs(10 * 86_400)),
                max_per_feed: None,
            },
            t(29),
        )
        .unwrap();
    assert!(removed > 0);
    check(&s, &path, "after retention");
    update(&mut s, ids[1], Vec::new(), t(28));
    let removed = s
        .apply_retention(
            &CacheSettings {
                max_age: None,
                max_per_feed: Some(3),
            },
            t(29),
        )
        .unwrap();
    assert!(removed > 0);
    check(&s, &path, "after the per-feed cap");

    // A feed leaves the config (hidden), and comes back with its counts.
    s.sync_feeds(&[feed("tengri"), feed("zakon")]).unwrap();
    check(&s, &path, "after a feed left the config");
    s.sync_feeds(&[feed("tengri"), feed("kaztag"), feed("zakon")])
        .unwrap();
    check(&s, &path, "after it came back");
}

/// A cache of version 10 has no counts table; an older keruen may also
/// have written articles the triggers never saw. Opening it counts them.
#[test]
fn an_old_cache_gets_its_counts_and_a_rerun_recounts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let mut s = Store::open(&path).unwrap();
        let ids = s.sync_feeds(&[feed("tengri"), feed("kaztag")]).unwrap();
        update(&mut s, ids[0], items("a", 30, 1), t(10));
        update(&mut s, ids[1], items("b", 10, 1), t(10));
    }
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(
        "DROP TRIGGER IF EXISTS feed_counts_insert; DROP TRIGGER feed_counts_delete;
         DROP TRIGGER feed_counts_read; DROP TRIGGER feed_counts_move;
         DROP TABLE feed_counts;
         PRAGMA user_version = 10;
         -- What a version-10 keruen could do meanwhile.
         -- (The read state lives in `article_flags` since v13.)
         UPDATE article_flags SET read = 1 WHERE article_id % 3 = 0;
         DELETE FROM articles WHERE id % 7 = 0;",
    )
    .unwrap();
    drop(c);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    check(&s, &path, "after the migration");
    drop(s);
    // Set back again over the new layout, with stale counts: rebuilt.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("UPDATE feed_counts SET total = 999, unread = 7; PRAGMA user_version = 10;")
        .unwrap();
    drop(c);
    let mut s = Store::open(&path).unwrap();
    check(&s, &path, "after running the migration again");
    let ids = s.sync_feeds(&[feed("tengri"), feed("kaztag")]).unwrap();
    update(&mut s, ids[1], items("n", 4, 20), t(25));
    check(&s, &path, "after a refresh on the migrated cache");
}

/// Pages a migration frees (v9 dropped the copy of the texts the search
/// index kept) go back to the file system when the cache is opened,
/// instead of staying on the free list.
#[test]
fn a_migration_gives_the_pages_it_freed_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let mut s = Store::open(&path).unwrap();
        let ids = s.sync_feeds(&[feed("tengri")]).unwrap();
        update(&mut s, ids[0], items("a", 50, 1), t(10));
        s.checkpoint().unwrap();
    }
    // A table as large as an old index, dropped by a later step: made
    // here by hand, with the version set back so the step runs again.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(
        "CREATE TABLE ballast (b BLOB);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
         INSERT INTO ballast SELECT randomblob(4000) FROM n;
         PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .unwrap();
    let big = std::fs::metadata(&path).unwrap().len();
    c.execute_batch(
        "DROP TABLE ballast; PRAGMA user_version = 10; PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .unwrap();
    let free: i64 = c
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert!(free > 1500, "the drop freed {free} pages");
    drop(c);
    let s = Store::open(&path).unwrap();
    s.checkpoint().unwrap();
    drop(s);
    let c = rusqlite::Connection::open(&path).unwrap();
    let free: i64 = c
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    let after = std::fs::metadata(&path).unwrap().len();
    assert_eq!(free, 0);
    assert!(
        after * 4 < big,
        "the file kept its size after the migration: {big} -> {after} bytes"
    );
}

const WORDS: [&str; 8] = [
    "Қазақстан",
    "Алматыда",
    "президент",
    "экономика",
    "погода",
    "новости",
    "market",
    "теңге",
];

/// `n` articles whose texts repeat a few words, so that many share a
/// bm25 rank and a date (ties the order must break the same way).
fn wordy(prefix: &str, n: usize) -> Vec<NewArticle> {
    (0..n)
        .map(|i| {
            let body: Vec<&str> = (0..(2 + i % 7)).map(|j| WORDS[(i + j * j) % 8]).collect();
            NewArticle {
                key: format!("{prefix}{i}"),
                title: format!("{} {}", WORDS[i % 8], WORDS[(i / 8) % 8]),
                published: Some(t(1 + (i % 4) as u32)),
                summary: Some(body.join(" ")),
                ..NewArticle::default()
            }
        })
        .collect()
}

/// A search without filters is ranked from the index alone; it must give
/// what the ranking over the article rows gives (a `since:` far back
/// filters nothing but takes that path), for every limit, also when the
/// articles of a feed no longer configured rank among the best.
#[test]
fn a_search_ranked_by_the_index_alone_gives_the_same_hits() {
    use keruen::search_query::SearchQuery;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("tengri"), feed("kaztag")]).unwrap();
    update(&mut s, ids[0], wordy("a", 300), t(10));
    update(&mut s, ids[1], wordy("b", 150), t(10));
    let compare = |s: &Store, when: &str| {
        for q in ["қазақстан", "алмат", "президент экономика", "market -теңге"]
        {
            for limit in [1, 7, 40, 120, 500] {
                let run = |text: &str| -> Vec<(i64, f64)> {
                    let q = SearchQuery {
                        limit,
                        ..SearchQuery::parse(text).unwrap()
                    };
                    s.search(&q)
                        .unwrap()
                        .into_iter()
                        .map(|h| (h.article.id.0, h.rank))
                        .collect()
                };
                let fast = run(q);
                let general = run(&format!("{q} since:100000d"));
                assert!(!fast.is_empty(), "{q}");
                assert_eq!(fast, general, "{when}: {q}, limit {limit}");
            }
        }
    };
    compare(&s, "every feed configured");
    // kaztag leaves the config: its articles leave the results, except
    // the starred ones.
    let kaztag = ids_of(&s, ids[1]);
    s.set_starred(kaztag[3], true).unwrap();
    s.sync_feeds(&[feed("tengri")]).unwrap();
    compare(&s, "a feed removed");
}

/// `check-config` says when each feed is next due and why; `list --json`
/// carries it as `feed_next_due`. A feed just fetched is not due; a feed
/// never fetched is due now.
#[test]
fn check_config_and_list_json_show_when_each_feed_is_next_due() {
    let f = run_binary::fixture_with("Tengri", "kk", 3);
    let mut config = std::fs::read_to_string(&f.config).unwrap();
    config.push_str("[[feeds]]\nname = \"Later\"\nurl = \"https://later.example/rss\"\n");
    std::fs::write(&f.config, config).unwrap();
    let (code, out, err) = run_binary::keruen_text(&f.config, &f.data, &["check-config"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let at = |name: &str| {
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {out}"))
    };
    let fetched = lines[at("Tengri") + 1].trim();
    assert!(fetched.starts_with("next refresh: "), "{out}");
    assert!(fetched.ends_with("(learned)"), "{out}");
    assert_eq!(lines[at("Later") + 1].trim(), "due now (new)", "{out}");

    let out = f.run(&["list", "--json"]);
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let due = &list[0]["feed_next_due"];
    assert_eq!(due["reason"], "learned", "{due}");
    let when: DateTime<Utc> = due["at"].as_str().unwrap().parse().unwrap();
    assert!(when > Utc::now(), "{due}");
}

//! Read/starred state in its own table (schema v13, `store::flags`): an
//! old cache keeps every flag and count through the migration and a rerun,
//! every way of marking keeps the flags, the feed counts and the sync queue
//! exact, and removed articles take their flags row with them.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use keruen::config::settings::CacheSettings;
use keruen::domain::{ArticleId, FeedId, NewArticle};
use keruen::store::{ArticleQuery, Field, RemoteArticle, SCHEMA_VERSION, Store, SyncedFeed};

use crate::common::store_fill::counts_from_flags;

fn t(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 12, 0, 0).unwrap()
}

fn remote(id: usize, feed: FeedId, read: bool, starred: bool) -> RemoteArticle {
    RemoteArticle {
        remote_id: id.to_string(),
        feed,
        article: NewArticle {
            title: format!("Item {id}"),
            link: Some(format!("https://s.example/{id}")),
            published: Some(t(1 + (id % 20) as u32)),
            ..NewArticle::default()
        },
        read,
        starred,
    }
}

/// A cache with two server feeds of 12 items each, some read or starred
/// by the server.
fn synced(path: &Path) -> (Store, Vec<FeedId>) {
    let mut s = Store::open(path).unwrap();
    s.sync_account("fever https://s.example/ me").unwrap();
    let feeds = s
        .upsert_synced_feeds(&[
            SyncedFeed {
                remote_id: "1".into(),
                url: "https://s.example/a.xml".into(),
                name: "A".into(),
                tags: vec![],
            },
            SyncedFeed {
                remote_id: "2".into(),
                url: "https://s.example/b.xml".into(),
                name: "B".into(),
                tags: vec![],
            },
        ])
        .unwrap();
    let items: Vec<_> = (0..24)
        .map(|i| remote(i, feeds[i % 2], i % 3 == 0, i % 5 == 0))
        .collect();
    assert_eq!(s.store_remote_articles(&items, t(21)).unwrap(), 24);
    (s, feeds)
}

/// (id, read, starred) of every article, as the store shows them.
fn flags(s: &Store) -> Vec<(i64, bool, bool)> {
    let mut all: Vec<_> = s
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .map(|a| (a.id.0, a.read, a.starred))
        .collect();
    all.sort();
    all
}

/// The invariants of the layout, checked from the file itself: one flags
/// row per article with its feed and date, counts equal to a count of the
/// flags, and the store's lists agreeing with the flags table.
fn check(s: &Store, path: &Path, when: &str) {
    let c = rusqlite::Connection::open(path).unwrap();
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        q("SELECT count(*) FROM articles"),
        q("SELECT count(*) FROM article_flags"),
        "{when}: a flags row per article"
    );
    assert_eq!(
        q(
            "SELECT count(*) FROM articles a JOIN article_flags g ON g.article_id = a.id
           WHERE g.feed_id = a.feed_id AND g.sort_date = a.sort_date"
        ),
        q("SELECT count(*) FROM articles"),
        "{when}: feed and date in step"
    );
    let counted = counts_from_flags(&c);
    let kept: Vec<(i64, i64, i64)> = s
        .feeds()
        .unwrap()
        .into_iter()
        .filter(|f| f.total > 0)
        .map(|f| (f.id.0, f.total as i64, f.unread as i64))
        .collect();
    assert_eq!(kept, counted, "{when}: feed counts");
    let stored: Vec<(i64, bool, bool)> = c
        .prepare("SELECT article_id, read, starred FROM article_flags ORDER BY article_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(flags(s), stored, "{when}: lists show the flags table");
    let unread: Vec<i64> = s
        .articles(&ArticleQuery {
            unread_only: true,
            ..ArticleQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|a| a.id.0)
        .collect();
    let mut want: Vec<_> = stored.iter().filter(|f| !f.1).map(|f| f.0).collect();
    let mut got = unread.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want, "{when}: the unread list");
}

/// The queue rows, oldest first, as (article, field, value).
fn queue(path: &Path) -> Vec<(i64, String, bool)> {
    let c = rusqlite::Connection::open(path).unwrap();
    c.prepare("SELECT article_id, field, value FROM sync_queue ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A cache of version 12 (the flags in the article rows, their partial
/// indexes, the count triggers on `articles`) made from a v13 one.
fn back_to_v12(path: &Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(
        "UPDATE articles SET read = g.read, starred = g.starred
             FROM article_flags g WHERE g.article_id = articles.id;
         DROP TRIGGER IF EXISTS article_flags_insert; DROP TRIGGER article_flags_move;
         DROP TRIGGER article_flags_delete;
         DROP TABLE article_flags;
         CREATE INDEX articles_unread_by_date ON articles (sort_date) WHERE read = 0;
         CREATE INDEX articles_unread_by_feed ON articles (feed_id, read) WHERE read = 0;
         CREATE INDEX articles_starred_by_date ON articles (sort_date) WHERE starred = 1;
         UPDATE feed_counts SET unread = 999;
         PRAGMA user_version = 12;",
    )
    .unwrap();
}

fn schema(path: &Path) -> Vec<(String, String)> {
    let c = rusqlite::Connection::open(path).unwrap();
    c.prepare("SELECT type, name FROM sqlite_master ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_v12_cache_keeps_every_flag_and_count_and_a_rerun_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let before = {
        let (mut s, _) = synced(&path);
        let ids: Vec<ArticleId> = flags(&s).iter().map(|f| ArticleId(f.0)).collect();
        s.set_read(&ids[1..4], true).unwrap();
        s.set_starred(ids[7], true).unwrap();
        flags(&s)
    };
    assert!(before.iter().any(|f| f.1) && before.iter().any(|f| !f.1));
    assert!(before.iter().any(|f| f.2));
    back_to_v12(&path);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(flags(&s), before);
    check(&s, &path, "after the migration");
    let layout = schema(&path);
    assert!(
        !layout
            .iter()
            .any(|(_, n)| n.starts_with("articles_unread") || n == "articles_starred_by_date"),
        "the old flag indexes are gone: {layout:?}"
    );
    let queued = queue(&path);
    drop(s);
    // Set back over the new layout: the step runs again and changes
    // nothing (stale counts are recounted).
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("UPDATE feed_counts SET total = 5, unread = 5; PRAGMA user_version = 12;")
        .unwrap();
    drop(c);
    let s = Store::open(&path).unwrap();
    assert_eq!(flags(&s), before);
    check(&s, &path, "after a rerun");
    assert_eq!(schema(&path), layout);
    assert_eq!(queue(&path), queued);
}

#[test]
fn every_way_of_marking_keeps_flags_counts_and_queue_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, feeds) = synced(&path);
    check(&s, &path, "server state stored");
    let ids: Vec<ArticleId> = flags(&s).iter().map(|f| ArticleId(f.0)).collect();
    let unread_of = |s: &Store, f: FeedId| {
        s.feeds()
            .unwrap()
            .iter()
            .find(|x| x.id == f)
            .unwrap()
            .unread
    };

    // Marking read: only the changed ones come back and are queued.
    let was: Vec<_> = flags(&s);
    let changed = s.set_read_changes(&ids[0..6], true).unwrap();
    let expect: Vec<i64> = was[0..6].iter().filter(|f| !f.1).map(|f| f.0).collect();
    assert_eq!(changed.iter().map(|c| c.0.0).collect::<Vec<_>>(), expect);
    assert_eq!(
        queue(&path),
        expect
            .iter()
            .map(|&i| (i, "read".to_string(), true))
            .collect::<Vec<_>>()
    );
    check(&s, &path, "set_read");
    s.set_read(&ids[0..2], false).unwrap();
    check(&s, &path, "set_read unread");
    assert_eq!(queue(&path).len(), expect.len() + 2);

    // Starring, and starring again (no change, nothing queued).
    let n = queue(&path).len();
    let plain = was.iter().find(|f| !f.2).unwrap().0;
    s.set_starred(ArticleId(plain), true).unwrap();
    s.set_starred(ArticleId(plain), true).unwrap();
    assert_eq!(queue(&path)[n..], [(plain, "starred".to_string(), true)]);
    assert!(s.article(ArticleId(plain)).unwrap().summary.starred);
    check(&s, &path, "set_starred");

    // A feed marked read: its unread ones queued, its count to zero.
    let n = queue(&path).len();
    let unread_a = unread_of(&s, feeds[0]);
    assert!(unread_a > 0);
    assert_eq!(s.mark_feed_read(feeds[0]).unwrap(), unread_a);
    assert_eq!(unread_of(&s, feeds[0]), 0);
    assert_eq!(queue(&path).len() - n, unread_a as usize);
    check(&s, &path, "mark_feed_read");

    // Several feeds, then undone by exactly what changed.
    let unread_b = unread_of(&s, feeds[1]);
    let changed = s.mark_feeds_read(&feeds).unwrap();
    assert_eq!(changed.len() as u64, unread_b);
    check(&s, &path, "mark_feeds_read");
    let undo: Vec<ArticleId> = changed.iter().map(|c| c.0).collect();
    s.set_read(&undo, false).unwrap();
    assert_eq!(unread_of(&s, feeds[1]), unread_b);
    check(&s, &path, "undo");

    // The server's state, except fields with a queued local change.
    let mut confirm = s.pending_changes().unwrap();
    s.confirm_pushed(&confirm).unwrap();
    confirm.clear();
    assert_eq!(s.queued_changes().unwrap(), 0);
    let all: HashSet<String> = (0..24).map(|i| i.to_string()).collect();
    let counts = s.apply_remote_state(&all, &HashSet::new()).unwrap();
    assert!(counts.read_changed > 0);
    let now = flags(&s);
    assert!(now.iter().all(|f| !f.1 && !f.2), "{now:?}");
    check(&s, &path, "apply_remote_state");
    assert_eq!(s.queued_changes().unwrap(), 0, "server state is not queued");
    assert!(
        s.pending_changes()
            .unwrap()
            .iter()
            .all(|p| p.field == Field::Read || p.field == Field::Starred)
    );
}

#[test]
fn removed_articles_take_their_flags_row_and_counts_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, feeds) = synced(&path);
    let starred: Vec<i64> = flags(&s).iter().filter(|f| f.2).map(|f| f.0).collect();
    assert!(!starred.is_empty());
    // Two new items a week later: the old ones leave the feeds' documents.
    let new: Vec<_> = (100..102)
        .map(|i| remote(i, feeds[i % 2], false, false))
        .collect();
    s.store_remote_articles(&new, t(27)).unwrap();
    let kept: Vec<i64> = s
        .articles(&ArticleQuery::default())
        .unwrap()
        .iter()
        .filter(|a| a.starred || a.title.starts_with("Item 10"))
        .map(|a| a.id.0)
        .collect();
    let policy = CacheSettings {
        max_age: Some(std::time::Duration::from_secs(24 * 3600)),
        max_per_feed: None,
    };
    let removed = s.apply_retention(&policy, t(28)).unwrap();
    assert_eq!(removed, 24 - starred.len() as u64);
    check(&s, &path, "after retention");
    let mut left: Vec<i64> = flags(&s).iter().map(|f| f.0).collect();
    let mut kept = kept;
    left.sort();
    kept.sort();
    assert_eq!(left, kept);
    // A feed's removal cascades to its articles and their flags.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    c.execute("DELETE FROM feeds WHERE id = ?1", [feeds[0].0])
        .unwrap();
    drop(c);
    check(&s, &path, "after a feed's removal");
}

#[test]
fn unread_and_starred_lists_walk_the_flags_indexes_without_sorting() {
    let s = Store::open_in_memory().unwrap();
    // Unread: the spans with unread articles (v18), then the articles'
    // date index within each; starred: the flags' partial index.
    for (unread_only, starred_only, walks) in [
        (true, false, "articles_by_date"),
        (false, true, "article_flags_starred_by_date"),
        (true, true, "article_flags_starred_by_date"),
    ] {
        let q = ArticleQuery {
            unread_only,
            starred_only,
            limit: Some(50),
            ..ArticleQuery::default()
        };
        let plan = s.explain_articles(&q).unwrap().join("\n");
        assert!(plan.contains(walks), "{plan}");
        // `s` is `unread_spans`, the outer loop.
        assert_eq!(plan.starts_with("SCAN s\n"), !starred_only, "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
    let plan = s
        .explain_articles(&ArticleQuery {
            limit: Some(50),
            ..ArticleQuery::default()
        })
        .unwrap()
        .join("\n");
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
}

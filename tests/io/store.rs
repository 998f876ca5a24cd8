//! Behaviour of the SQLite cache (`keruen::store`), on temp files and in
//! memory.

use chrono::{DateTime, Duration, TimeZone, Utc};
use keruen::config::settings::{CacheSettings, FeedSettings};
use keruen::domain::{ArticleId, FeedId, NewArticle, ParsedFeed, Signals};
use keruen::fetch::Validators;
use keruen::store::{ArticleQuery, SCHEMA_VERSION, Store, StoreError, UpdateStats};

fn t(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

fn feed(name: &str) -> FeedSettings {
    let mut f = crate::common::feed_settings(name);
    f.tags = vec!["news".into(), format!("tag, with comma {name}")];
    f
}

fn item(key: &str, day: u32) -> NewArticle {
    NewArticle {
        title_derived: false,
        key: key.into(),
        title: format!("Title {key}"),
        link: Some(format!("https://example.kz/{key}")),
        author: Some("Айгүл".into()),
        category: Some("Алматы".into()),
        published: Some(t(day, 12)),
        updated: None,
        summary: Some(format!("Summary of {key}")),
        // Long enough to be stored compressed.
        content: Some(format!("<p>Қазақстан жаңалықтары {key}</p>").repeat(40)),
        signals: Signals {
            views: Some(100),
            comments: Some(3),
            score: None,
            rating: None,
        },
        enclosures: Vec::new(),
    }
}

fn doc(items: Vec<NewArticle>) -> ParsedFeed {
    ParsedFeed {
        title: Some("Feed title".into()),
        site_link: Some("https://example.kz/".into()),
        items,
        damaged: false,
    }
}

fn no_validators() -> Validators {
    Validators::default()
}

fn all() -> ArticleQuery {
    ArticleQuery::default()
}

/// Titles without the "Title " prefix, in list order.
fn titles(store: &Store, q: &ArticleQuery) -> Vec<String> {
    store
        .articles(q)
        .unwrap()
        .into_iter()
        .map(|a| a.title.replace("Title ", ""))
        .collect()
}

fn id_of(store: &Store, key_title: &str) -> ArticleId {
    store
        .articles(&all())
        .unwrap()
        .into_iter()
        .find(|a| a.title == key_title)
        .unwrap_or_else(|| panic!("no article titled {key_title}"))
        .id
}

#[test]
fn reapplying_the_same_feed_changes_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let d = doc(vec![item("1", 1), item("2", 2)]);
    let first = s
        .apply_update(ids[0], &d, &no_validators(), t(3, 0))
        .unwrap();
    assert_eq!(
        first,
        UpdateStats {
            new: 2,
            updated: 0,
            unchanged: 0
        }
    );
    let again = s
        .apply_update(ids[0], &d, &no_validators(), t(3, 1))
        .unwrap();
    assert_eq!(
        again,
        UpdateStats {
            new: 0,
            updated: 0,
            unchanged: 2
        }
    );
    assert_eq!(s.articles(&all()).unwrap().len(), 2);
}

#[test]
fn sub_second_times_compare_equal_after_storage() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let mut it = item("1", 1);
    it.published = Some(t(1, 12) + Duration::milliseconds(250));
    let d = doc(vec![it]);
    s.apply_update(ids[0], &d, &no_validators(), t(3, 0))
        .unwrap();
    let again = s
        .apply_update(ids[0], &d, &no_validators(), t(3, 1))
        .unwrap();
    assert_eq!(again.unchanged, 1);
}

#[test]
fn changed_view_count_is_an_update_and_missing_signals_keep_old_values() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    s.apply_update(
        ids[0],
        &doc(vec![item("1", 1), item("2", 2)]),
        &no_validators(),
        t(3, 0),
    )
    .unwrap();
    let mut changed = item("1", 1);
    changed.signals.views = Some(5000);
    // The source stopped reporting comments: the old value stays.
    changed.signals.comments = None;
    let stats = s
        .apply_update(
            ids[0],
            &doc(vec![changed, item("2", 2)]),
            &no_validators(),
            t(3, 1),
        )
        .unwrap();
    assert_eq!(
        stats,
        UpdateStats {
            new: 0,
            updated: 1,
            unchanged: 1
        }
    );
    let a = s.article(id_of(&s, "Title 1")).unwrap();
    assert_eq!(a.summary.signals.views, Some(5000));
    assert_eq!(a.summary.signals.comments, Some(3));
}

#[test]
fn read_and_starred_survive_an_update_that_changes_the_article() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    s.apply_update(ids[0], &doc(vec![item("1", 1)]), &no_validators(), t(3, 0))
        .unwrap();
    let id = id_of(&s, "Title 1");
    s.set_read(&[id], true).unwrap();
    s.set_starred(id, true).unwrap();
    let mut changed = item("1", 1);
    changed.title = "Title 1 (updated)".into();
    changed.content = Some("new body".into());
    changed.signals.views = Some(101);
    let stats = s
        .apply_update(ids[0], &doc(vec![changed]), &no_validators(), t(3, 1))
        .unwrap();
    assert_eq!(stats.updated, 1);
    let a = s.article(id).unwrap();
    assert_eq!(a.summary.title, "Title 1 (updated)");
    assert_eq!(a.content.as_deref(), Some("new body"));
    assert!(a.summary.read);
    assert!(a.summary.starred);
    // first_seen is the first time, not the update's.
    assert_eq!(a.summary.first_seen, t(3, 0));
}

#[test]
fn whole_article_round_trips_including_compressed_text() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let mut it = item("k", 1);
    it.updated = Some(t(2, 5));
    it.signals = Signals {
        views: Some(u64::MAX),
        comments: Some(0),
        score: Some(-4),
        rating: Some(4.5),
    };
    s.apply_update(ids[0], &doc(vec![it.clone()]), &no_validators(), t(3, 0))
        .unwrap();
    let a = s.article(id_of(&s, "Title k")).unwrap();
    assert_eq!(a.key, "k");
    assert_eq!(a.summary.feed_id, ids[0]);
    assert_eq!(a.summary.feed_name, "a");
    assert_eq!(a.summary.link, it.link);
    assert_eq!(a.summary.author.as_deref(), Some("Айгүл"));
    assert_eq!(a.summary.category.as_deref(), Some("Алматы"));
    assert_eq!(a.summary.published, it.published);
    assert_eq!(a.updated, it.updated);
    assert_eq!(a.description, it.summary);
    assert_eq!(a.content, it.content);
    // Counts past i64::MAX are clamped, everything else exact.
    assert_eq!(a.summary.signals.views, Some(i64::MAX as u64));
    assert_eq!(a.summary.signals.comments, Some(0));
    assert_eq!(a.summary.signals.score, Some(-4));
    assert_eq!(a.summary.signals.rating, Some(4.5));
    assert!(!a.summary.read && !a.summary.starred);
    assert!(matches!(
        s.article(ArticleId(9999)),
        Err(StoreError::NoSuchArticle(_))
    ));
}

#[test]
fn validators_round_trip_and_feed_metadata_is_kept() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    assert_eq!(s.validators(ids[0]).unwrap(), Validators::default());
    let v = Validators {
        etag: Some("\"abc-123\"".into()),
        last_modified: Some("Sat, 28 Nov 2026 03:00:00 GMT".into()),
    };
    s.apply_update(ids[0], &doc(vec![]), &v, t(3, 0)).unwrap();
    assert_eq!(s.validators(ids[0]).unwrap(), v);
    let f = &s.feeds().unwrap()[0];
    assert_eq!(f.title.as_deref(), Some("Feed title"));
    assert_eq!(f.last_success, Some(t(3, 0)));
    assert!(matches!(
        s.validators(FeedId(77)),
        Err(StoreError::NoSuchFeed(FeedId(77)))
    ));
}

#[test]
fn failure_is_recorded_and_cleared_by_success() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    s.apply_update(ids[0], &doc(vec![item("1", 1)]), &no_validators(), t(3, 0))
        .unwrap();
    s.record_failure(ids[0], "timed out after 20 s", t(3, 1))
        .unwrap();
    let f = &s.feeds().unwrap()[0];
    assert_eq!(f.last_error.as_deref(), Some("timed out after 20 s"));
    // The earlier success and the articles are untouched.
    assert_eq!(f.last_success, Some(t(3, 0)));
    assert_eq!(f.total, 1);
    assert_eq!(s.last_attempt(ids[0]).unwrap(), Some(t(3, 1)));

    s.record_not_modified(ids[0], t(3, 2)).unwrap();
    let f = &s.feeds().unwrap()[0];
    assert_eq!(f.last_error, None);
    assert_eq!(f.last_success, Some(t(3, 2)));

    s.record_failure(ids[0], "HTTP 500", t(3, 3)).unwrap();
    s.apply_update(ids[0], &doc(vec![item("1", 1)]), &no_validators(), t(3, 4))
        .unwrap();
    let f = &s.feeds().unwrap()[0];
    assert_eq!(f.last_error, None);
    assert_eq!(f.last_success, Some(t(3, 4)));
    assert!(matches!(
        s.record_failure(FeedId(42), "x", t(3, 5)),
        Err(StoreError::NoSuchFeed(_))
    ));
}

#[test]
fn retention_removes_old_articles_but_keeps_starred_and_those_still_in_the_feed() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let old: Vec<_> = (0..5).map(|i| item(&format!("old{i}"), 1)).collect();
    s.apply_update(ids[0], &doc(old), &no_validators(), t(1, 13))
        .unwrap();
    let starred = id_of(&s, "Title old0");
    s.set_starred(starred, true).unwrap();
    let policy = CacheSettings {
        max_age: Some(std::time::Duration::from_secs(7 * 24 * 3600)),
        max_per_feed: None,
    };
    // Still in the feed's latest document: kept even though old.
    assert_eq!(s.apply_retention(&policy, t(20, 0)).unwrap(), 0);
    // The feed moves on: the old items are gone from the document.
    s.apply_update(
        ids[0],
        &doc(vec![item("new", 19)]),
        &no_validators(),
        t(19, 13),
    )
    .unwrap();
    assert_eq!(s.apply_retention(&policy, t(20, 0)).unwrap(), 4);
    let left: Vec<String> = s
        .articles(&all())
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(
        left,
        vec!["Title new".to_string(), "Title old0".to_string()]
    );
}

#[test]
fn retention_caps_articles_per_feed_keeping_the_newest() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a"), feed("b")]).unwrap();
    let many: Vec<_> = (1..=6).map(|d| item(&format!("a{d}"), d)).collect();
    s.apply_update(ids[0], &doc(many), &no_validators(), t(7, 0))
        .unwrap();
    s.apply_update(ids[1], &doc(vec![item("b1", 1)]), &no_validators(), t(7, 0))
        .unwrap();
    s.set_starred(id_of(&s, "Title a1"), true).unwrap();
    // Two days later the feed holds only a7 (a "still in the feed" time is
    // known to within a day).
    s.apply_update(ids[0], &doc(vec![item("a7", 7)]), &no_validators(), t(9, 0))
        .unwrap();
    let policy = CacheSettings {
        max_age: None,
        max_per_feed: Some(3),
    };
    // Feed a: a7 a6 a5 kept (newest 3), a4 a3 a2 removed, a1 starred kept.
    assert_eq!(s.apply_retention(&policy, t(9, 0)).unwrap(), 3);
    let q = ArticleQuery {
        feed: Some(ids[0]),
        ..all()
    };
    let left: Vec<String> = s
        .articles(&q)
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(left, ["Title a7", "Title a6", "Title a5", "Title a1"]);
    assert_eq!(s.feeds().unwrap()[1].total, 1);
}

#[test]
fn feeds_are_listed_in_config_order_with_counts_and_tags() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a"), feed("b"), feed("c")]).unwrap();
    s.apply_update(
        ids[0],
        &doc(vec![item("1", 1), item("2", 2), item("3", 3)]),
        &no_validators(),
        t(5, 0),
    )
    .unwrap();
    s.apply_update(ids[1], &doc(vec![item("4", 1)]), &no_validators(), t(5, 0))
        .unwrap();
    s.set_read(&[id_of(&s, "Title 1"), id_of(&s, "Title 2")], true)
        .unwrap();
    let f = s.feeds().unwrap();
    assert_eq!(
        f.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
    assert_eq!((f[0].total, f[0].unread), (3, 1));
    assert_eq!((f[1].total, f[1].unread), (1, 1));
    assert_eq!((f[2].total, f[2].unread), (0, 0));
    assert_eq!(
        f[0].tags,
        vec!["news".to_string(), "tag, with comma a".to_string()]
    );
    assert_eq!(f[0].url, "https://a.example/rss");
    assert_eq!(s.unread_count().unwrap(), 2);

    // Reordered, one dropped, one renamed: ids stay with their URLs.
    let mut renamed = feed("a");
    renamed.name = "A!".into();
    let ids2 = s.sync_feeds(&[feed("c"), renamed]).unwrap();
    assert_eq!(ids2, vec![ids[2], ids[0]]);
    let f = s.feeds().unwrap();
    assert_eq!(
        f.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["c", "A!"]
    );
    // b's article is no longer listed or counted, but it is kept...
    assert_eq!(s.unread_count().unwrap(), 1);
    assert_eq!(s.articles(&all()).unwrap().len(), 3);
    // ...and comes back with its feed.
    s.sync_feeds(&[feed("a"), feed("b"), feed("c")]).unwrap();
    assert_eq!(s.unread_count().unwrap(), 2);
    assert_eq!(s.feeds().unwrap()[0].name, "a");
}

#[test]
fn article_lists_filter_order_and_page() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a"), feed("b")]).unwrap();
    let mut undated = item("undated", 1);
    undated.published = None; // sorts by first_seen: t(10, 0)
    s.apply_update(
        ids[0],
        &doc(vec![item("a1", 1), item("a3", 3), undated]),
        &no_validators(),
        t(10, 0),
    )
    .unwrap();
    s.apply_update(
        ids[1],
        &doc(vec![item("b2", 2), item("b4", 4)]),
        &no_validators(),
        t(10, 0),
    )
    .unwrap();
    assert_eq!(titles(&s, &all()), ["undated", "b4", "a3", "b2", "a1"]);
    assert_eq!(
        titles(
            &s,
            &ArticleQuery {
                feed: Some(ids[1]),
                ..all()
            }
        ),
        ["b4", "b2"]
    );
    assert_eq!(
        titles(
            &s,
            &ArticleQuery {
                since: Some(t(3, 0)),
                ..all()
            }
        ),
        ["undated", "b4", "a3"]
    );
    assert_eq!(
        titles(
            &s,
            &ArticleQuery {
                limit: Some(2),
                offset: 1,
                ..all()
            }
        ),
        ["b4", "a3"]
    );
    assert_eq!(titles(&s, &ArticleQuery { offset: 4, ..all() }), ["a1"]);

    s.set_read(&[id_of(&s, "Title b4"), id_of(&s, "Title a1")], true)
        .unwrap();
    s.set_starred(id_of(&s, "Title a3"), true).unwrap();
    assert_eq!(
        titles(
            &s,
            &ArticleQuery {
                unread_only: true,
                ..all()
            }
        ),
        ["undated", "a3", "b2"]
    );
    assert_eq!(
        titles(
            &s,
            &ArticleQuery {
                starred_only: true,
                ..all()
            }
        ),
        ["a3"]
    );
    assert_eq!(
        titles(
            &s,
            &ArticleQuery {
                feed: Some(ids[0]),
                unread_only: true,
                ..all()
            }
        ),
        ["undated", "a3"]
    );
    let list = s
        .articles(&ArticleQuery {
            feed: Some(ids[1]),
            ..all()
        })
        .unwrap();
    assert_eq!(list[0].feed_name, "b");
    assert!(list[0].read && !list[1].read);

    // Unread again, then the whole feed read.
    s.set_read(&[id_of(&s, "Title b4")], false).unwrap();
    assert_eq!(s.mark_feed_read(ids[1]).unwrap(), 2);
    assert_eq!(s.mark_feed_read(ids[1]).unwrap(), 0);
    assert_eq!(s.unread_count().unwrap(), 2);
    assert!(matches!(
        s.mark_feed_read(FeedId(99)),
        Err(StoreError::NoSuchFeed(_))
    ));
    assert!(matches!(
        s.set_starred(ArticleId(99), true),
        Err(StoreError::NoSuchArticle(_))
    ));
    // A vanished id in a batch is skipped, the others applied.
    s.set_read(&[ArticleId(99), id_of(&s, "Title a3")], true)
        .unwrap();
    assert_eq!(s.unread_count().unwrap(), 1);
}

#[test]
fn reopening_a_file_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/cache.db");
    let v = Validators {
        etag: Some("e1".into()),
        last_modified: None,
    };
    let (ids, id) = {
        let mut s = Store::open(&path).unwrap();
        let ids = s.sync_feeds(&[feed("a")]).unwrap();
        s.apply_update(ids[0], &doc(vec![item("1", 1), item("2", 2)]), &v, t(3, 0))
            .unwrap();
        let id = id_of(&s, "Title 2");
        s.set_starred(id, true).unwrap();
        s.set_read(&[id], true).unwrap();
        (ids, id)
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.sync_feeds(&[feed("a")]).unwrap(), ids);
    assert_eq!(s.validators(ids[0]).unwrap(), v);
    let a = s.article(id).unwrap();
    assert!(a.summary.read && a.summary.starred);
    assert_eq!(s.feeds().unwrap()[0].total, 2);
    assert_eq!(s.unread_count().unwrap(), 1);
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    drop(Store::open(&path).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    match Store::open(&path) {
        Err(e @ StoreError::TooNew { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains(&path.display().to_string()), "{msg}");
            assert!(msg.contains("newer keruen"), "{msg}");
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer schema was accepted"),
    }
}

#[test]
fn a_garbage_file_is_refused_by_path_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let bytes: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    let err = match Store::open(&path) {
        Err(e) => e,
        Ok(_) => panic!("garbage accepted as a cache"),
    };
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{msg}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn two_handles_on_one_file_see_each_others_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    let ids = writer.sync_feeds(&[feed("a")]).unwrap();
    assert_eq!(reader.feeds().unwrap().len(), 1);
    // The reader holds an open read of the list while the writer commits.
    let before = reader.articles(&all()).unwrap();
    assert!(before.is_empty());
    writer
        .apply_update(ids[0], &doc(vec![item("1", 1)]), &no_validators(), t(3, 0))
        .unwrap();
    assert_eq!(reader.articles(&all()).unwrap().len(), 1);
    assert_eq!(reader.unread_count().unwrap(), 1);
    assert!(std::fs::exists(dir.path().join("cache.db-wal")).unwrap());
    writer.checkpoint().unwrap();
    writer.optimize().unwrap();
}

#[test]
fn signal_history_records_each_change_of_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let mut it = item("1", 1);
    for (hour, views) in [(0, 10), (1, 10), (2, 25), (3, 40)] {
        it.signals.views = Some(views);
        s.apply_update(ids[0], &doc(vec![it.clone()]), &no_validators(), t(3, hour))
            .unwrap();
    }
    let at = |h| t(3, h);
    let history: Vec<_> = s
        .signal_history(id_of(&s, "Title 1"))
        .unwrap()
        .into_iter()
        .map(|x| (x.at, x.views, x.comments))
        .collect();
    assert_eq!(
        history,
        vec![
            (at(0), Some(10), Some(3)),
            (at(2), Some(25), Some(3)),
            (at(3), Some(40), Some(3))
        ]
    );
    // Also seen by another handle on the file.
    let other = Store::open(&path).unwrap();
    let recent = other.signal_samples_since(at(2)).unwrap();
    assert_eq!(
        recent.iter().map(|x| x.views).collect::<Vec<_>>(),
        [Some(25), Some(40)]
    );
    // An update for a feed that does not exist changes nothing.
    assert!(matches!(
        s.apply_update(
            FeedId(999),
            &doc(vec![item("x", 1)]),
            &no_validators(),
            t(4, 0)
        ),
        Err(StoreError::NoSuchFeed(_))
    ));
    assert_eq!(s.articles(&all()).unwrap().len(), 1);
}

#[test]
fn long_texts_are_stored_compressed_and_short_ones_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let it = item("1", 1);
    s.apply_update(ids[0], &doc(vec![it.clone()]), &no_validators(), t(3, 0))
        .unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    let (summary_type, content_type, stored_len): (String, String, i64) = c
        .query_row(
            "SELECT typeof(summary), typeof(content), length(content) FROM article_texts",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (summary_type.as_str(), content_type.as_str()),
        ("text", "blob")
    );
    let plain_len = it.content.as_ref().unwrap().len() as i64;
    assert!(stored_len * 4 < plain_len, "{stored_len} vs {plain_len}");
}

#[test]
fn a_writer_waits_for_another_instance_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    s.apply_update(ids[0], &doc(vec![item("1", 1)]), &no_validators(), t(3, 0))
        .unwrap();
    let id = id_of(&s, "Title 1");
    // Another instance holds the write lock for a moment.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        locked_tx.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        other.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    // Without a busy timeout this fails at once with "database is locked".
    s.set_starred(id, true).unwrap();
    holder.join().unwrap();
    assert!(s.article(id).unwrap().summary.starred);
}

#[test]
fn list_queries_walk_an_index_instead_of_sorting() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let queries = [
        all(),
        ArticleQuery {
            unread_only: true,
            ..all()
        },
        ArticleQuery {
            starred_only: true,
            ..all()
        },
        ArticleQuery {
            feed: Some(ids[0]),
            ..all()
        },
        ArticleQuery {
            since: Some(t(1, 0)),
            ..all()
        },
    ];
    for q in &queries {
        let plan = s.explain_articles(q).unwrap().join(" | ");
        assert!(!plan.contains("TEMP B-TREE"), "{q:?}: {plan}");
        assert!(plan.contains("INDEX"), "{q:?}: {plan}");
        println!("{q:?}\n  {plan}");
    }
}

#[test]
fn a_store_can_move_to_another_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<Store>();
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let s = std::thread::spawn(move || {
        s.apply_update(ids[0], &doc(vec![item("1", 1)]), &no_validators(), t(3, 0))
            .unwrap();
        s
    })
    .join()
    .unwrap();
    assert_eq!(s.unread_count().unwrap(), 1);
}

#[test]
fn an_unchanged_refresh_rewrites_no_article_within_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let d = doc(vec![item("1", 1), item("2", 2)]);
    s.apply_update(ids[0], &d, &no_validators(), t(3, 0))
        .unwrap();
    let last_seen = || -> Vec<i64> {
        let c = rusqlite::Connection::open(&path).unwrap();
        // Stored as offsets since v26 (`convert::last_seen!`).
        c.prepare("SELECT sort_date + first_seen_delay + seen_for FROM articles ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    s.apply_update(ids[0], &d, &no_validators(), t(3, 23))
        .unwrap();
    assert_eq!(last_seen(), vec![t(3, 0).timestamp(); 2]);
    s.apply_update(ids[0], &d, &no_validators(), t(4, 1))
        .unwrap();
    assert_eq!(last_seen(), vec![t(4, 1).timestamp(); 2]);
}

#[test]
fn removed_articles_take_their_texts_and_history_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let old: Vec<_> = (0..4).map(|i| item(&format!("old{i}"), 1)).collect();
    s.apply_update(ids[0], &doc(old), &no_validators(), t(1, 13))
        .unwrap();
    s.apply_update(
        ids[0],
        &doc(vec![item("new", 9)]),
        &no_validators(),
        t(9, 13),
    )
    .unwrap();
    let policy = CacheSettings {
        max_age: Some(std::time::Duration::from_secs(3 * 24 * 3600)),
        max_per_feed: None,
    };
    assert_eq!(s.apply_retention(&policy, t(10, 0)).unwrap(), 4);
    let c = rusqlite::Connection::open(&path).unwrap();
    let count = |table: &str| -> i64 {
        c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count("articles"), 1);
    assert_eq!(count("article_texts"), 1);
    assert_eq!(count("signal_samples"), 1);
    // Dropping the body in the source drops it in the cache too.
    let mut bare = item("new", 9);
    bare.summary = None;
    bare.content = None;
    s.apply_update(ids[0], &doc(vec![bare]), &no_validators(), t(9, 14))
        .unwrap();
    let a = s.article(s.articles(&all()).unwrap()[0].id).unwrap();
    assert_eq!((a.description, a.content), (None, None));
}

#[test]
fn two_instances_creating_the_same_cache_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (path, barrier) = (path.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let mut s = Store::open(&path).unwrap();
                s.sync_feeds(&[feed("a")]).unwrap()
            })
        })
        .collect();
    let ids: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
    assert_eq!(
        Store::open(&path).unwrap().schema_version().unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn texts_compressed_on_a_parser_thread_store_exactly_as_the_writer_would() {
    let parsed = doc(vec![item("a", 1), item("b", 2)]);
    // Prepared elsewhere, as the refresh does on its parser threads.
    let prepared = std::thread::spawn({
        let parsed = parsed.clone();
        move || keruen::store::prepare_texts(&parsed)
    })
    .join()
    .unwrap();

    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    let stats = s
        .apply_update_prepared(ids[0], &parsed, Some(&prepared), &no_validators(), t(3, 0))
        .unwrap();
    assert_eq!(stats.new, 2);
    for it in &parsed.items {
        let a = s.article(id_of(&s, &it.title)).unwrap();
        assert_eq!(a.content, it.content);
        assert_eq!(a.description, it.summary);
    }
    // The writer's own encoding sees the prepared rows as unchanged.
    let again = s
        .apply_update(ids[0], &parsed, &no_validators(), t(3, 1))
        .unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 2));
}

/// A batch commits several feeds at once and stands or falls as one: a
/// feed that fails half-way dooms the batch, whose commit then rolls every
/// feed of it back (nothing half-written, no validators kept, so the next
/// refresh fetches them all again); what was committed before is kept.
#[test]
fn a_batch_that_fails_half_way_is_rolled_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("a"), feed("b"), feed("c")]).unwrap();
    let etag = Validators {
        etag: Some("\"v1\"".into()),
        last_modified: None,
    };
    // An earlier batch that succeeds.
    let mut batch = s.batch().unwrap();
    batch
        .update(ids[2], &doc(vec![item("c1", 1)]), None, &etag, t(3, 0))
        .unwrap();
    batch.commit().unwrap();
    // Make the second item of feed b fail after its first item went in.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON articles WHEN NEW.key_text = 'b2'
             BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;",
        )
        .unwrap();
    let mut batch = s.batch().unwrap();
    let a = batch
        .update(
            ids[0],
            &doc(vec![item("a1", 1), item("a2", 2)]),
            None,
            &etag,
            t(4, 0),
        )
        .unwrap();
    assert_eq!(a.new, 2);
    assert!(!batch.has_failed());
    let b = batch.update(
        ids[1],
        &doc(vec![item("b1", 1), item("b2", 2)]),
        None,
        &etag,
        t(4, 0),
    );
    let err = b.expect_err("the trigger fails feed b").to_string();
    assert!(err.contains("disk on fire"), "{err}");
    assert!(batch.has_failed());
    // Nothing more goes into a doomed batch, and its commit says why.
    let later = batch.not_modified(ids[2], t(4, 1)).expect_err("refused");
    assert!(later.to_string().contains("disk on fire"), "{later}");
    let commit = batch.commit().expect_err("rolled back").to_string();
    assert!(commit.contains("disk on fire"), "{commit}");

    assert_eq!(titles(&s, &all()), ["c1"], "a1, a2 and b1 were rolled back");
    assert_eq!(s.validators(ids[0]).unwrap(), Validators::default());
    assert_eq!(s.validators(ids[1]).unwrap(), Validators::default());
    assert_eq!(s.validators(ids[2]).unwrap(), etag);
    let feeds = s.feeds().unwrap();
    assert_eq!(
        feeds[2].last_success,
        Some(t(3, 0)),
        "c's earlier commit kept"
    );
    // The store is usable again at once.
    let mut batch = s.batch().unwrap();
    batch
        .update(ids[0], &doc(vec![item("a1", 1)]), None, &etag, t(5, 0))
        .unwrap();
    batch.commit().unwrap();
    assert_eq!(s.validators(ids[0]).unwrap(), etag);
}

#[test]
fn a_batch_dropped_before_its_commit_stores_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a")]).unwrap();
    {
        let mut batch = s.batch().unwrap();
        batch
            .update(
                ids[0],
                &doc(vec![item("1", 1)]),
                None,
                &no_validators(),
                t(3, 0),
            )
            .unwrap();
    }
    assert!(s.articles(&all()).unwrap().is_empty());
    assert_eq!(s.feeds().unwrap()[0].last_success, None);
}

/// Marking many at once (one statement) reports each changed article once,
/// in the order asked, skipping ids that are gone or already in that state.
#[test]
fn marking_many_reports_changes_once_in_the_order_asked() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a"), feed("b")]).unwrap();
    for (i, f) in ids.iter().enumerate() {
        let items = (0..3).map(|k| item(&format!("{i}-{k}"), 20 + k)).collect();
        s.apply_update(*f, &doc(items), &no_validators(), t(28, 0))
            .unwrap();
    }
    let (x, y, z) = (
        id_of(&s, "Title 1-2"),
        id_of(&s, "Title 0-0"),
        id_of(&s, "Title 1-0"),
    );
    s.set_read(&[z], true).unwrap();
    let asked = [x, ArticleId(9_999), y, x, z];
    let changed = s.set_read_changes(&asked, true).unwrap();
    assert_eq!(changed, [(x, ids[1]), (y, ids[0])]);
    assert_eq!(s.unread_count().unwrap(), 3);
    assert!(s.set_read_changes(&[], true).unwrap().is_empty());
}

/// Mark-all-read returns exactly the articles it changed (with their
/// feeds), and marking those unread undoes it: an article read before
/// stays read, and nothing of another feed moves.
#[test]
fn mark_feeds_read_reports_its_changes_and_undo_restores_exactly_them() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a"), feed("b"), feed("c")]).unwrap();
    for (i, f) in ids.iter().enumerate() {
        let items = (0..3).map(|k| item(&format!("{i}-{k}"), 20 + k)).collect();
        s.apply_update(*f, &doc(items), &no_validators(), t(28, 0))
            .unwrap();
    }
    let read_before = id_of(&s, "Title 0-1");
    s.set_read(&[read_before], true).unwrap();
    let changed = s.mark_feeds_read(&[ids[0], ids[1]]).unwrap();
    assert_eq!(changed.len(), 5, "2 unread in a, 3 in b");
    assert!(changed.iter().all(|(_, f)| *f == ids[0] || *f == ids[1]));
    assert!(!changed.iter().any(|(id, _)| *id == read_before));
    assert_eq!(s.unread_count().unwrap(), 3, "c untouched");
    assert!(s.mark_feeds_read(&[ids[0]]).unwrap().is_empty());

    let ids_changed: Vec<ArticleId> = changed.iter().map(|(id, _)| *id).collect();
    let undone = s.set_read_changes(&ids_changed, false).unwrap();
    assert_eq!(undone, changed, "the same articles, with their feeds");
    assert_eq!(s.unread_count().unwrap(), 8);
    let still_read = s
        .articles(&all())
        .unwrap()
        .into_iter()
        .filter(|a| a.read)
        .map(|a| a.id)
        .collect::<Vec<_>>();
    assert_eq!(still_read, [read_before]);
    // Changing nothing reports nothing (counts must not move).
    assert!(s.set_read_changes(&ids_changed, false).unwrap().is_empty());
    assert!(matches!(
        s.mark_feeds_read(&[FeedId(99)]),
        Err(StoreError::NoSuchFeed(_))
    ));
}

#[test]
fn a_cache_behind_this_build_says_which_steps_opening_it_takes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    // No file yet: a new cache is made at once, nothing to announce.
    assert_eq!(Store::pending_migration(&path).unwrap(), None);
    assert!(!path.exists(), "asking creates nothing");
    drop(Store::open(&path).unwrap());
    assert_eq!(Store::pending_migration(&path).unwrap(), None);
    // Turned back one version (its step checks the layout first, so it is
    // safe to take again).
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION - 1)
        .unwrap();
    let pending = Some((SCHEMA_VERSION - 1, SCHEMA_VERSION));
    assert_eq!(Store::pending_migration(&path).unwrap(), pending);
    // Asking changed nothing; opening takes the step.
    assert_eq!(Store::pending_migration(&path).unwrap(), pending);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);
    assert_eq!(Store::pending_migration(&path).unwrap(), None);
}

/// A view read in one snapshot sees one state of the cache: what another
/// connection commits meanwhile appears only to reads after it.
#[test]
fn reads_in_one_snapshot_do_not_see_what_another_connection_commits_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut reader = Store::open(&path).unwrap();
    let ids = reader.sync_feeds(&[feed("a")]).unwrap();
    reader
        .apply_update(
            ids[0],
            &doc(vec![item("one", 1)]),
            &no_validators(),
            t(1, 13),
        )
        .unwrap();
    let mut writer = Store::open(&path).unwrap();
    let (before, during) = reader
        .read_snapshot(|store| {
            let before = titles(store, &all());
            writer
                .apply_update(
                    ids[0],
                    &doc(vec![item("two", 2)]),
                    &no_validators(),
                    t(2, 13),
                )
                .unwrap();
            Ok((before, titles(store, &all())))
        })
        .unwrap();
    assert_eq!(before, ["one"]);
    assert_eq!(during, before, "the snapshot saw a later commit");
    assert_eq!(titles(&reader, &all()), ["two", "one"]);
}

/// `count_articles` answers from the kept counts exactly what listing
/// counts: all or unread, of one feed or of all, with a feed no longer
/// configured whose starred article the list of all feeds still shows;
/// starred and dated queries are left to listing.
#[test]
fn article_counts_equal_the_lists_they_count() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("a"), feed("b"), feed("c")]).unwrap();
    for (n, id) in ids.iter().enumerate() {
        let items: Vec<_> = (1..=4 + n as u32)
            .map(|d| item(&format!("{n}-{d}"), d))
            .collect();
        s.apply_update(*id, &doc(items), &no_validators(), t(9, 0))
            .unwrap();
    }
    s.set_read(&[id_of(&s, "Title 0-1"), id_of(&s, "Title 1-2")], true)
        .unwrap();
    s.set_starred(id_of(&s, "Title 2-1"), true).unwrap();
    s.set_starred(id_of(&s, "Title 2-2"), true).unwrap();
    s.set_read(&[id_of(&s, "Title 2-2")], true).unwrap();
    // Feed c leaves the configuration: its starred articles stay listed.
    s.sync_feeds(&[feed("a"), feed("b")]).unwrap();
    let mut checked = 0;
    for feed in [None, Some(ids[0]), Some(ids[2])] {
        for unread_only in [false, true] {
            let q = ArticleQuery {
                feed,
                unread_only,
                ..all()
            };
            let listed = s.articles(&q).unwrap().len() as u64;
            assert_eq!(
                s.count_articles(&q).unwrap(),
                Some(listed),
                "{feed:?} unread {unread_only}"
            );
            checked += listed;
        }
    }
    // All: 4 + 5 + c's 2 starred; unread: 3 + 4 + c's 1 starred unread.
    let every = s.count_articles(&all()).unwrap();
    assert_eq!(every, Some(11));
    assert!(checked > 0);
    let starred = ArticleQuery {
        starred_only: true,
        ..all()
    };
    assert_eq!(s.count_articles(&starred).unwrap(), None);
}

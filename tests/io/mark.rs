//! Marking many articles at once (`store::mark_many`): the feed counts
//! move once per feed instead of by the per-row trigger, and stay equal to
//! a recount after every way of marking and every way articles come and
//! go; a mark that fails changes nothing and leaves the triggers on.

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use keruen::config::settings::CacheSettings;
use keruen::domain::{ArticleId, FeedId, ParsedFeed};
use keruen::fetch::Validators;
use keruen::store::Store;

use crate::common::store_fill::{counts_from_flags, kept_feed_counts, numbered_doc};

fn t(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, day, 12, 0, 0).unwrap()
}

fn doc(feed: usize, from: usize, n: usize) -> ParsedFeed {
    numbered_doc(feed, from, n, |i| Some(t(1 + (i % 25) as u32)))
}

/// Three feeds of 10 articles each.
fn cache(path: &Path) -> (Store, Vec<FeedId>) {
    let mut s = Store::open(path).unwrap();
    let feeds = s
        .sync_feeds(&[
            crate::common::feed_settings("a"),
            crate::common::feed_settings("b"),
            crate::common::feed_settings("c"),
        ])
        .unwrap();
    for (i, f) in feeds.iter().enumerate() {
        s.apply_update(*f, &doc(i, 0, 10), &Validators::default(), t(26))
            .unwrap();
    }
    (s, feeds)
}

/// Every article's id, oldest id first.
fn ids(path: &Path) -> Vec<ArticleId> {
    let c = rusqlite::Connection::open(path).unwrap();
    c.prepare("SELECT id FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok(ArticleId(r.get(0)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The counts the store keeps equal a count of the flags, read from the
/// file on a connection of its own; returns the total unread.
fn counts_exact(s: &Store, path: &Path, when: &str) -> u64 {
    let c = rusqlite::Connection::open(path).unwrap();
    let counted = counts_from_flags(&c);
    let kept = kept_feed_counts(&c);
    // And the store answers from them.
    let active: u64 = s.feeds().unwrap().iter().map(|f| f.unread).sum();
    assert!(active <= counted.iter().map(|c| c.2 as u64).sum(), "{when}");
    assert_eq!(kept, counted, "{when}: feed counts");
    let flags: i64 = c
        .query_row("SELECT count(*) FROM article_flags", [], |r| r.get(0))
        .unwrap();
    let articles: i64 = c
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(flags, articles, "{when}: a flags row per article");
    counted.iter().map(|c| c.2 as u64).sum()
}

#[test]
fn marking_many_keeps_the_counts_equal_to_a_recount() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, feeds) = cache(&path);
    let all = ids(&path);
    assert_eq!(counts_exact(&s, &path, "stored"), 30);

    // Across feeds, repeated ids, an id that does not exist.
    let mut asked: Vec<ArticleId> = all.iter().step_by(3).copied().collect();
    asked.push(all[0]);
    asked.push(ArticleId(999_999));
    asked.insert(1, all[4]);
    let changed = s.set_read_changes(&asked, true).unwrap();
    let mut once: Vec<ArticleId> = Vec::new();
    for id in &asked {
        if all.contains(id) && !once.contains(id) {
            once.push(*id);
        }
    }
    assert_eq!(
        changed.iter().map(|c| c.0).collect::<Vec<_>>(),
        once,
        "each changed article once, in the order asked"
    );
    assert_eq!(counts_exact(&s, &path, "many read"), 30 - once.len() as u64);

    // Again: nothing changes, nothing moves.
    assert!(s.set_read_changes(&asked, true).unwrap().is_empty());
    assert_eq!(
        counts_exact(&s, &path, "many read again"),
        30 - once.len() as u64
    );

    // Half of them unread again, with ids already unread among them.
    let back: Vec<ArticleId> = all.iter().take(15).copied().collect();
    let undone = s.set_read_changes(&back, false).unwrap();
    assert!(!undone.is_empty() && undone.len() < back.len());
    counts_exact(&s, &path, "many unread");
    s.set_read(&[], true).unwrap();
    counts_exact(&s, &path, "nothing asked");

    // The other ways, still by trigger, after the many-path ran on the
    // same connection: a feed, several feeds, starring.
    s.mark_feed_read(feeds[0]).unwrap();
    counts_exact(&s, &path, "a feed read");
    let changed = s.mark_feeds_read(&feeds[1..]).unwrap();
    counts_exact(&s, &path, "feeds read");
    let undo: Vec<ArticleId> = changed.iter().map(|c| c.0).collect();
    s.set_read(&undo, false).unwrap();
    counts_exact(&s, &path, "feeds read undone");
    s.set_starred(all[2], true).unwrap();
    counts_exact(&s, &path, "starred");

    // Articles come (a refresh) and go (retention, a feed's removal).
    s.apply_update(feeds[1], &doc(1, 10, 5), &Validators::default(), t(27))
        .unwrap();
    assert_eq!(ids(&path).len(), 35);
    counts_exact(&s, &path, "refresh");
    let fresh: Vec<ArticleId> = ids(&path)[30..].to_vec();
    s.set_read(&fresh, true).unwrap();
    counts_exact(&s, &path, "new ones read");
    // Feeds b and c leave the configuration: retention may then remove
    // their articles beyond the cap (an active feed's are still in its
    // document).
    s.sync_feeds(&[crate::common::feed_settings("a")]).unwrap();
    s.set_read(&ids(&path), false).unwrap();
    counts_exact(&s, &path, "after the feed list changed");
    let policy = CacheSettings {
        max_age: None,
        max_per_feed: Some(4),
    };
    assert!(s.apply_retention(&policy, t(28)).unwrap() > 0);
    counts_exact(&s, &path, "retention");
    s.set_read(&ids(&path), true).unwrap();
    assert_eq!(counts_exact(&s, &path, "all read after retention"), 0);
}

#[test]
fn the_many_path_moves_counts_without_the_per_row_trigger_and_only_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, feeds) = cache(&path);
    let all = ids(&path);
    // The per-row trigger made to refuse: a path that runs it fails.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(
        "DROP TRIGGER feed_counts_read;
         CREATE TRIGGER feed_counts_read AFTER UPDATE OF read ON article_flags
         BEGIN SELECT RAISE(ABORT, 'per-row count trigger ran'); END;",
    )
    .unwrap();
    s.set_read(&all[..12], true).unwrap();
    assert_eq!(counts_exact(&s, &path, "many without the trigger"), 18);
    // The triggers are on again afterwards on the store's connection: a
    // feed marked read runs the (refusing) trigger.
    let err = s.mark_feed_read(feeds[2]).unwrap_err();
    assert!(
        err.to_string().contains("per-row count trigger ran"),
        "{err}"
    );
    assert_eq!(counts_exact(&s, &path, "refused, rolled back"), 18);
}

#[test]
fn a_mark_whose_counts_cannot_move_changes_nothing_and_leaves_triggers_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, feeds) = cache(&path);
    let all = ids(&path);
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(
        "CREATE TRIGGER refuse BEFORE UPDATE ON feed_counts
         BEGIN SELECT RAISE(ABORT, 'counts refused'); END;",
    )
    .unwrap();
    let err = s.set_read(&all, true).unwrap_err();
    assert!(err.to_string().contains("counts refused"), "{err}");
    c.execute_batch("DROP TRIGGER refuse").unwrap();
    assert_eq!(counts_exact(&s, &path, "failed mark"), 30, "nothing marked");
    // Triggers on: a feed marked read moves its count, and a refresh
    // adds flags rows and counts for its new articles.
    s.mark_feed_read(feeds[0]).unwrap();
    assert_eq!(counts_exact(&s, &path, "a feed read after"), 20);
    s.apply_update(feeds[0], &doc(0, 10, 3), &Validators::default(), t(27))
        .unwrap();
    assert_eq!(counts_exact(&s, &path, "refresh after"), 23);
}

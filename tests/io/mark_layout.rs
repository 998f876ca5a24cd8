//! The unread list without a partial index on `read` (schema v18,
//! `store::unread_spans`): the unread counts per span of dates stay equal
//! to a recount, and the unread list equals a plain query, after every way
//! of marking and every way articles come, move and go; the v18 step on
//! an older cache keeps every flag and writes the flags table in order.

use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use keruen::config::settings::CacheSettings;
use keruen::domain::{ArticleId, FeedId, ParsedFeed};
use keruen::fetch::Validators;
use keruen::store::{ArticleQuery, SCHEMA_VERSION, Store};

use crate::common::store_fill::{
    assert_span_counts, counts_from_flags, kept_feed_counts, numbered_doc,
};

/// The span width of `unread_spans` (2^12 s).
const SPAN: i64 = 4096;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap()
}

/// `n` articles of feed `feed` from item `from`, one every 25 minutes, so
/// a feed's articles cross many spans and the feeds' interleave.
fn doc(feed: usize, from: usize, n: usize) -> ParsedFeed {
    numbered_doc(feed, from, n, |i| {
        Some(t0() + Duration::minutes((i * 25 + feed * 7) as i64))
    })
}

/// Three feeds of 40 articles each (~16 spans).
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
        s.apply_update(*f, &doc(i, 0, 40), &Validators::default(), t0())
            .unwrap();
    }
    (s, feeds)
}

fn ids(c: &rusqlite::Connection, sql: &str) -> Vec<i64> {
    c.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The unread counts per span (non-zero ones) equal a recount of the
/// flags, the feed counts too, and the store's unread list of all feeds —
/// whole, in pages, and from a date on — equals a plain query's. Returns
/// the number of unread articles listed.
fn exact(s: &Store, path: &Path, when: &str) -> usize {
    let c = rusqlite::Connection::open(path).unwrap();
    assert_span_counts(&c, when);
    let kept_feeds = kept_feed_counts(&c);
    assert_eq!(kept_feeds, counts_from_flags(&c), "{when}: feed counts");

    let plain = |since: i64| {
        ids(
            &c,
            &format!(
                "SELECT a.id FROM articles a JOIN article_flags g ON g.article_id = a.id
                 JOIN feeds f ON f.id = a.feed_id
                 WHERE g.read = 0 AND (f.active = 1 OR g.starred = 1) AND a.sort_date >= {since}
                 ORDER BY a.sort_date DESC, a.id DESC"
            ),
        )
    };
    let listed = |q: ArticleQuery| -> Vec<i64> {
        s.articles(&ArticleQuery {
            unread_only: true,
            ..q
        })
        .unwrap()
        .iter()
        .map(|a| {
            assert!(!a.read, "{when}: a read article listed");
            a.id.0
        })
        .collect()
    };
    let want = plain(i64::MIN);
    assert_eq!(listed(ArticleQuery::default()), want, "{when}: whole list");
    let mut paged = Vec::new();
    for page in 0.. {
        let got = listed(ArticleQuery {
            limit: Some(7),
            offset: page * 7,
            ..ArticleQuery::default()
        });
        if got.is_empty() {
            break;
        }
        paged.extend(got);
    }
    assert_eq!(paged, want, "{when}: in pages of 7");
    // From a date inside a span, so the span is cut.
    let since = t0() + Duration::minutes(700) + Duration::seconds(SPAN / 3);
    assert_eq!(
        listed(ArticleQuery {
            since: Some(since),
            ..ArticleQuery::default()
        }),
        plain(since.timestamp()),
        "{when}: since"
    );
    want.len()
}

#[test]
fn unread_counts_per_span_and_the_unread_list_stay_exact_through_every_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, feeds) = cache(&path);
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let all: Vec<ArticleId> = ids(&c, "SELECT id FROM articles ORDER BY id")
        .into_iter()
        .map(ArticleId)
        .collect();
    assert_eq!(exact(&s, &path, "stored"), 120);
    let spans: i64 = c
        .query_row("SELECT count(*) FROM unread_spans", [], |r| r.get(0))
        .unwrap();
    assert!(spans > 10, "the articles cross many spans: {spans}");

    // Many at once (the path without per-row triggers): every other
    // article, repeats and a missing id among them; then some back.
    let mut asked: Vec<ArticleId> = all.iter().step_by(2).copied().collect();
    asked.push(all[0]);
    asked.push(ArticleId(999_999));
    s.set_read(&asked, true).unwrap();
    assert_eq!(exact(&s, &path, "many read"), 60);
    s.set_read(&all[..30], false).unwrap();
    assert_eq!(exact(&s, &path, "many unread"), 75);
    // Whole spans read, so the list must skip them.
    s.set_read(&all[40..100], true).unwrap();
    exact(&s, &path, "a run read");

    // One at a time and by feed (per-row triggers).
    s.set_read(&[all[1]], true).unwrap();
    s.set_read(&[all[41]], false).unwrap();
    exact(&s, &path, "one by one");
    s.mark_feed_read(feeds[0]).unwrap();
    exact(&s, &path, "a feed read");
    let changed = s.mark_feeds_read(&feeds[1..]).unwrap();
    assert_eq!(exact(&s, &path, "all read"), 0);
    let back: Vec<ArticleId> = changed.iter().map(|c| c.0).collect();
    s.set_read(&back, false).unwrap();
    exact(&s, &path, "feeds read undone");
    s.set_starred(all[3], true).unwrap();
    exact(&s, &path, "starred");

    // Articles come: a refresh, new ones unread.
    s.apply_update(feeds[1], &doc(1, 40, 10), &Validators::default(), t0())
        .unwrap();
    exact(&s, &path, "refresh");

    // Articles move: to another span (dates, before 1970 too: the span of
    // a negative date is its floor), to another feed, unread and read.
    c.execute(
        "UPDATE articles SET sort_date = sort_date + 86400 * 3 WHERE id IN (?1, ?2)",
        [all[5].0, all[6].0],
    )
    .unwrap();
    c.execute(
        "UPDATE articles SET sort_date = -5000 - id WHERE id IN (?1, ?2, ?3)",
        [all[7].0, all[8].0, all[2].0],
    )
    .unwrap();
    exact(&s, &path, "dates moved");
    c.execute(
        "UPDATE articles SET feed_id = ?1 WHERE id IN (?2, ?3)",
        [feeds[2].0, all[9].0, all[10].0],
    )
    .unwrap();
    exact(&s, &path, "feed moved");
    let now: Vec<ArticleId> = ids(&c, "SELECT id FROM articles ORDER BY id")
        .into_iter()
        .map(ArticleId)
        .collect();
    assert_eq!(now.len(), 130);
    s.set_read(&now, true).unwrap();
    assert_eq!(exact(&s, &path, "all read again"), 0);
    s.set_read(&all[..50], false).unwrap();
    exact(&s, &path, "some unread again");

    // Articles go: a raw delete, retention, a feed's removal (cascade).
    c.execute("DELETE FROM articles WHERE id = ?1", [all[11].0])
        .unwrap();
    exact(&s, &path, "deleted");
    s.sync_feeds(&[
        crate::common::feed_settings("a"),
        crate::common::feed_settings("b"),
    ])
    .unwrap();
    exact(&s, &path, "feed c inactive");
    let policy = CacheSettings {
        max_age: None,
        max_per_feed: Some(5),
    };
    assert!(s.apply_retention(&policy, t0()).unwrap() > 0);
    exact(&s, &path, "retention");
    c.execute("DELETE FROM feeds WHERE id = ?1", [feeds[0].0])
        .unwrap();
    exact(&s, &path, "feed removed");
}

#[test]
fn the_many_path_moves_span_counts_per_statement_and_only_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, feeds) = cache(&path);
    let c = rusqlite::Connection::open(&path).unwrap();
    let all: Vec<ArticleId> = ids(&c, "SELECT id FROM articles ORDER BY id")
        .into_iter()
        .map(ArticleId)
        .collect();
    // The per-row trigger made to refuse: a path that runs it fails.
    c.execute_batch(
        "DROP TRIGGER unread_spans_change;
         CREATE TRIGGER unread_spans_change AFTER UPDATE OF read ON article_flags
         BEGIN SELECT RAISE(ABORT, 'per-row span trigger ran'); END;",
    )
    .unwrap();
    s.set_read(&all[..70], true).unwrap();
    s.set_read(&all[10..20], false).unwrap();
    assert_eq!(exact(&s, &path, "many without the trigger"), 60);
    let err = s.mark_feed_read(feeds[2]).unwrap_err();
    assert!(
        err.to_string().contains("per-row span trigger ran"),
        "{err}"
    );
    assert_eq!(exact(&s, &path, "refused, rolled back"), 60);
}

/// The flags table's leaf pages, in key order.
fn flags_leaves(c: &rusqlite::Connection) -> Vec<i64> {
    ids(
        c,
        "SELECT pageno FROM dbstat WHERE name = 'article_flags' AND pagetype = 'leaf'
         ORDER BY path",
    )
}

fn all_flags(c: &rusqlite::Connection) -> Vec<(i64, i64, i64, i64, i64)> {
    c.prepare(
        "SELECT article_id, feed_id, sort_date, read, starred FROM article_flags
         ORDER BY article_id",
    )
    .unwrap()
    .query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn the_v18_step_keeps_every_flag_and_writes_the_flags_table_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, _) = cache(&path);
    let c = rusqlite::Connection::open(&path).unwrap();
    // Grow the flags table between pages of another table, as a cache
    // whose tables grew together has it: 3,000 articles (~15 leaf pages
    // of flags), a page of filler after every 100.
    c.execute_batch("CREATE TABLE filler (b BLOB); BEGIN;")
        .unwrap();
    for i in 0..3_000 {
        c.execute(
            "INSERT INTO articles (feed_id, sort_date, first_seen_delay, seen_for, key_hash, title)
             VALUES (1, ?1, 0, 0, ?2, 'x')",
            rusqlite::params![1_700_000_000 + i * 600, i],
        )
        .unwrap();
        // Its flags row, as the writer adds it (`new_rows`, v27).
        c.execute(
            "INSERT INTO article_flags (article_id, feed_id, sort_date)
             VALUES (last_insert_rowid(), 1, ?1)",
            [1_700_000_000 + i * 600],
        )
        .unwrap();
        if i % 100 == 0 {
            c.execute("INSERT INTO filler VALUES (randomblob(3500))", [])
                .unwrap();
        }
    }
    // And the counts the writer moves once per feed.
    c.execute_batch(
        "UPDATE feed_counts SET total = total + 3000, unread = unread + 3000 WHERE feed_id = 1;
         COMMIT;",
    )
    .unwrap();
    let all: Vec<ArticleId> = ids(&c, "SELECT id FROM articles ORDER BY id")
        .into_iter()
        .map(ArticleId)
        .collect();
    s.set_read(&all.iter().step_by(3).copied().collect::<Vec<_>>(), true)
        .unwrap();
    s.set_starred(all[4], true).unwrap();
    s.set_starred(all[3_000], true).unwrap();
    drop(s);

    // Back to v17: the partial unread index, no span counts.
    c.execute_batch(
        "DROP TABLE unread_spans;
         CREATE INDEX article_flags_unread_by_date ON article_flags (sort_date) WHERE read = 0;
         PRAGMA user_version = 17;",
    )
    .unwrap();
    let before = all_flags(&c);
    let leaves = flags_leaves(&c);
    assert!(
        leaves.windows(2).any(|w| w[1] != w[0] + 1),
        "the test's flags table is not spread: {leaves:?}"
    );

    for run in ["migrated", "migrated again"] {
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION, "{run}");
        assert_eq!(all_flags(&c), before, "{run}: every flag kept");
        let leaves = flags_leaves(&c);
        assert!(leaves.len() > 10, "{leaves:?}");
        assert!(
            leaves.windows(2).all(|w| w[1] == w[0] + 1),
            "{run}: flags leaves not in order: {leaves:?}"
        );
        let index: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'article_flags_unread_by_date'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(index, 0, "{run}: the partial unread index is gone");
        exact(&s, &path, run);
        drop(s);
        c.execute_batch("PRAGMA user_version = 17;").unwrap();
    }
    // The triggers work after the rewrite: a refresh and marks stay exact.
    let mut s = Store::open(&path).unwrap();
    s.set_read(&all[..500], false).unwrap();
    s.set_read(&[all[600]], true).unwrap();
    exact(&s, &path, "marked after the rewrite");
}

//! The article rows of schema v19: the key kept as a hash (its text only
//! where it is not the link), fingerprints kept apart for recent articles
//! only. Upserts still find their item, an old cache keeps everything
//! through the step, fingerprints past the horizon are computed equal on
//! read, and the file stays bounded under retention. Schema v26's seen
//! times, stored as offsets, read as the times they were.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use keruen::config::settings::CacheSettings;
use keruen::domain::{Article, ArticleId, FeedId, NewArticle};

use crate::common::store_fill::{apply_at, every_article};
use keruen::rank::{Fingerprint, lead_text};
use keruen::store::{FINGERPRINT_HORIZON, RankFields, SCHEMA_VERSION, Store};

fn store() -> (tempfile::TempDir, Store, Vec<FeedId>) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("cache.db")).unwrap();
    let ids = s
        .sync_feeds(&[
            crate::common::feed_settings("tengri"),
            crate::common::feed_settings("kaztag"),
        ])
        .unwrap();
    (dir, s, ids)
}

fn item(key: &str, link: Option<&str>, title: &str, published: DateTime<Utc>) -> NewArticle {
    NewArticle {
        key: key.into(),
        title: title.into(),
        link: link.map(str::to_string),
        published: Some(published),
        summary: Some(format!(
            "<p>{title}: Алматы әкімдігі жаңа жоба туралы хабарлады.</p>"
        )),
        ..NewArticle::default()
    }
}

fn apply(s: &mut Store, feed: FeedId, items: Vec<NewArticle>, now: DateTime<Utc>) -> (u64, u64) {
    let st = apply_at(s, feed, items, now);
    (st.new, st.updated)
}

/// What the writer stores for an article: today's fingerprint of its
/// title, lead (summary, else content) and link.
fn written(a: &Article) -> Fingerprint {
    Fingerprint::of(
        &a.summary.title,
        lead_text(a.description.as_deref(), a.content.as_deref()),
        a.summary.link.as_deref(),
    )
}

fn raw(path: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    c
}

fn stored_fingerprints(c: &rusqlite::Connection) -> Vec<(i64, Vec<u8>)> {
    c.prepare("SELECT article_id, fingerprint FROM article_fingerprints ORDER BY article_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn upserts_by_key_find_the_same_item_and_a_new_guid_is_a_new_item() {
    let (_dir, mut s, ids) = store();
    let now = Utc::now();
    let day = |d: i64| now - TimeDelta::days(d);
    // A key that is the link (stored as its hash alone), a guid that is
    // not, and an item without a link.
    let first = vec![
        item("https://t.kz/1", Some("https://t.kz/1"), "Бірінші", day(1)),
        item("guid-2", Some("https://t.kz/2"), "Екінші", day(1)),
        item("guid-3", None, "Үшінші", day(1)),
    ];
    assert_eq!(apply(&mut s, ids[0], first, now), (3, 0));
    // The same keys in another feed are other articles.
    let other = vec![item("guid-2", Some("https://t.kz/2"), "Екінші", day(1))];
    assert_eq!(apply(&mut s, ids[1], other, now), (1, 0));
    let before = every_article(&s);
    let keys: Vec<&str> = before.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, ["https://t.kz/1", "guid-2", "guid-3", "guid-2"]);

    // Seen again, retitled and with new links: updated in place. The item
    // whose key was its link now has another link, and stays itself.
    let again = vec![
        item(
            "https://t.kz/1",
            Some("https://t.kz/1?amp"),
            "Бірінші (жаңартылды)",
            day(1),
        ),
        item(
            "guid-2",
            Some("https://t.kz/2-new"),
            "Екінші (жаңартылды)",
            day(1),
        ),
        item("guid-3", Some("https://t.kz/3"), "Үшінші", day(1)),
    ];
    assert_eq!(apply(&mut s, ids[0], again.clone(), now), (0, 3));
    let after = every_article(&s);
    assert_eq!(after.len(), 4);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((b.summary.id, &b.key), (a.summary.id, &a.key));
    }
    assert_eq!(after[0].summary.link.as_deref(), Some("https://t.kz/1?amp"));
    // And once more, unchanged: nothing new, nothing updated.
    assert_eq!(apply(&mut s, ids[0], again, now), (0, 0));
    // Back to a link equal to the key: still the same article.
    let back = vec![item(
        "https://t.kz/1",
        Some("https://t.kz/1"),
        "Бірінші",
        day(1),
    )];
    assert_eq!(apply(&mut s, ids[0], back, now), (0, 1));
    assert_eq!(every_article(&s)[0].key, "https://t.kz/1");

    // A changed guid is a new item, even with the same link and title.
    let changed = vec![item(
        "guid-2b",
        Some("https://t.kz/2-new"),
        "Екінші (жаңартылды)",
        day(1),
    )];
    assert_eq!(apply(&mut s, ids[0], changed, now), (1, 0));
    assert_eq!(every_article(&s).len(), 5);
}

#[test]
fn two_keys_with_one_hash_stay_two_articles() {
    let (dir, mut s, ids) = store();
    let now = Utc::now();
    let a = item("guid-a", Some("https://t.kz/a"), "Бірінші", now);
    assert_eq!(apply(&mut s, ids[0], vec![a], now), (1, 0));
    // Give the stored key the hash of another key, as a collision would
    // (`io::link_form` has a real one of 32 bits).
    raw(&dir.path().join("cache.db"))
        .execute(
            "UPDATE articles SET key_hash = ?1",
            [keruen::store::key_hash("guid-b")],
        )
        .unwrap();
    let b = item("guid-b", Some("https://t.kz/b"), "Екінші", now);
    assert_eq!(apply(&mut s, ids[0], vec![b.clone()], now), (1, 0));
    let titles: Vec<String> = every_article(&s)
        .into_iter()
        .map(|a| a.summary.title)
        .collect();
    assert_eq!(titles, ["Бірінші", "Екінші"]);
    // Each is still found by its own key.
    assert_eq!(apply(&mut s, ids[0], vec![b], now), (0, 0));
}

/// Turns a cache of this build back into the layout of v17: the key as
/// text with `UNIQUE (feed_id, key)`, each article's fingerprint in its
/// row (`blobs`), no fingerprint table.
fn back_to_v17(path: &Path, blobs: &[(i64, Vec<u8>)]) {
    let c = raw(path);
    let own: Vec<String> = c
        .prepare(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'articles'
             AND type IN ('index', 'trigger') AND sql IS NOT NULL
             AND name NOT IN ('articles_by_key', 'article_fingerprints_delete',
                              'article_fingerprints_move')",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    c.execute_batch(
        "BEGIN;
         CREATE TABLE old (
             id INTEGER PRIMARY KEY,
             feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
             sort_date INTEGER NOT NULL, read INTEGER NOT NULL DEFAULT 0,
             starred INTEGER NOT NULL DEFAULT 0, first_seen INTEGER NOT NULL,
             last_seen INTEGER NOT NULL, published INTEGER, updated INTEGER,
             views INTEGER, comments INTEGER, score INTEGER, rating REAL,
             key TEXT NOT NULL, title TEXT NOT NULL, link TEXT, author TEXT,
             category TEXT, fingerprint BLOB, title_derived INTEGER NOT NULL DEFAULT 0,
             media TEXT,
             UNIQUE (feed_id, key)) STRICT;
         INSERT INTO old SELECT id, feed_id, sort_date, read, starred,
             sort_date + first_seen_delay, sort_date + first_seen_delay + seen_for,
             published, updated, views, comments, score, rating,
             coalesce(key_text, whole), title, whole,
             (SELECT name FROM article_names WHERE id = author_id),
             (SELECT name FROM article_names WHERE id = category_id), NULL,
             title_derived, media FROM (
                 -- Whole links, as v17 stored them (v23 stores them
                 -- relative to the feed's origin), and names as text (v25
                 -- keeps them apart).
                 SELECT a.*, CASE substr(a.link, 1, 1)
                     WHEN '/' THEN f.link_origin || a.link
                     WHEN '!' THEN substr(a.link, 2) ELSE a.link END AS whole
                 FROM articles a JOIN feeds f ON f.id = a.feed_id);
         DROP TABLE articles;
         ALTER TABLE old RENAME TO articles;
         DROP TABLE article_fingerprints;",
    )
    .unwrap();
    for sql in own {
        c.execute_batch(&sql).unwrap();
    }
    for (id, blob) in blobs {
        c.execute(
            "UPDATE articles SET fingerprint = ?2 WHERE id = ?1",
            rusqlite::params![id, blob],
        )
        .unwrap();
    }
    c.execute_batch("PRAGMA user_version = 17; COMMIT;")
        .unwrap();
}

/// A fingerprint as version 2 stored it (8 bytes a term, no `LATIN`).
fn version_2(f: &Fingerprint) -> Vec<u8> {
    let mut out = vec![2u8];
    out.extend_from_slice(&f.url.unwrap_or(0).to_le_bytes());
    for &s in &f.stems {
        out.extend_from_slice(&((Fingerprint::stem_id(s) << 32) | (s & 0x1f)).to_le_bytes());
    }
    out
}

#[test]
fn an_old_cache_keeps_every_article_through_v19_and_its_old_fingerprints_are_computed_equal() {
    let (dir, mut s, ids) = store();
    let path = dir.path().join("cache.db");
    let now = Utc::now();
    let day = |d: i64| now - TimeDelta::days(d);
    let ages = [1i64, 3, 20, 40, 50, 90, 200];
    let mut items: Vec<NewArticle> = ages
        .iter()
        .map(|&d| {
            item(
                &format!("https://t.kz/{d}"),
                Some(&format!("https://t.kz/{d}")),
                &format!("Жаңалық {d} күн бұрын"),
                day(d),
            )
        })
        .collect();
    // A guid that is not the link, and an old article with a body only:
    // its lead comes from the body.
    items.push(item(
        "guid-x",
        Some("https://t.kz/x"),
        "Guid article",
        day(2),
    ));
    items.push(NewArticle {
        summary: None,
        content: Some("<p>Астанада жаңа көпір ашылды. Құрылыс екі жыл жүрді.</p>".repeat(30)),
        ..item("body-only", None, "Көпір", day(100))
    });
    apply(&mut s, ids[0], items, now);
    apply(
        &mut s,
        ids[1],
        vec![item("k2", Some("https://k.kz/2"), "Екінші арна", day(60))],
        now,
    );
    let list = every_article(&s);
    s.set_read(&[list[0].summary.id, list[5].summary.id], true)
        .unwrap();
    s.set_starred(list[6].summary.id, true).unwrap();
    let before = every_article(&s);
    let feeds_before = s.feeds().unwrap();
    // The old layout held every article's fingerprint; one recent one in
    // version 2's wide form.
    let wide = before[1].summary.id.0;
    let blobs: Vec<(i64, Vec<u8>)> = before
        .iter()
        .map(|a| {
            let f = written(a);
            let id = a.summary.id.0;
            (
                id,
                if id == wide {
                    version_2(&f)
                } else {
                    f.encode()
                },
            )
        })
        .collect();
    drop(s);
    back_to_v17(&path, &blobs);

    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(every_article(&s), before, "articles, keys, flags, texts");
    assert_eq!(s.feeds().unwrap(), feeds_before, "counts");
    // Kept: the articles inside the horizon, in today's narrow form.
    let horizon = now - TimeDelta::from_std(FINGERPRINT_HORIZON).unwrap();
    let kept = stored_fingerprints(&raw(&path));
    let inside: Vec<i64> = before
        .iter()
        .filter(|a| a.summary.date() >= horizon)
        .map(|a| a.summary.id.0)
        .collect();
    assert_eq!(kept.iter().map(|k| k.0).collect::<Vec<_>>(), inside);
    assert!(inside.len() < before.len());
    for (id, blob) in &kept {
        assert_eq!(blob[0], keruen::rank::fingerprint::VERSION, "article {id}");
    }
    // Read for ranking: every article has its fingerprint, the dropped ones
    // computed from their texts equal to what was stored.
    let read = s
        .rank_inputs(now - TimeDelta::days(365), RankFields::Clustering)
        .unwrap();
    assert_eq!(read.len(), before.len());
    for a in &read {
        let (_, blob) = blobs.iter().find(|b| b.0 == a.id.0).unwrap();
        assert_eq!(
            a.fingerprint.as_ref(),
            Some(&Fingerprint::decode(blob).unwrap()),
            "article {}",
            a.id.0
        );
    }
    // The text read of related stories agrees.
    let mut text = s
        .rank_inputs(now - TimeDelta::days(365), RankFields::Text)
        .unwrap();
    text.sort_by_key(|a| a.id);
    let mut lean = read;
    lean.sort_by_key(|a| a.id);
    for (t, l) in text.iter().zip(&lean) {
        assert_eq!(t.fingerprint, l.fingerprint);
    }
    // Upserts find the migrated rows by their keys.
    drop(s);
    let mut s = Store::open(&path).unwrap();
    let again = vec![
        item("guid-x", Some("https://t.kz/x"), "Guid article", day(2)),
        item(
            "https://t.kz/1",
            Some("https://t.kz/1"),
            "Жаңалық 1 күн бұрын",
            day(1),
        ),
    ];
    assert_eq!(apply(&mut s, ids[0], again, now), (0, 0));
    // Run again (a version set back by hand): nothing changes.
    drop(s);
    raw(&path)
        .execute_batch("PRAGMA user_version = 18;")
        .unwrap();
    let s = Store::open(&path).unwrap();
    assert_eq!(every_article(&s), before);
    assert_eq!(stored_fingerprints(&raw(&path)), kept);
}

#[test]
fn fingerprints_past_the_horizon_are_not_kept_and_read_the_same() {
    let (dir, mut s, ids) = store();
    let path = dir.path().join("cache.db");
    let now = Utc::now();
    let body_only = NewArticle {
        summary: None,
        content: Some("<p>Шымкентте су құбыры жөнделді.</p><p>Екінші абзац.</p>".into()),
        ..item(
            "b",
            Some("https://t.kz/b"),
            "Су құбыры",
            now - TimeDelta::days(2),
        )
    };
    let items = vec![
        item(
            "a",
            Some("https://t.kz/a"),
            "Бүгінгі жаңалық",
            now - TimeDelta::hours(3),
        ),
        body_only,
        // Dated past the horizon when it arrives: never stored.
        item(
            "c",
            Some("https://t.kz/c"),
            "Ескі жаңалық",
            now - TimeDelta::days(80),
        ),
    ];
    apply(&mut s, ids[0], items, now);
    let c = raw(&path);
    assert_eq!(stored_fingerprints(&c).len(), 2);
    let want: Vec<(ArticleId, Fingerprint)> = every_article(&s)
        .iter()
        .map(|a| (a.summary.id, written(a)))
        .collect();
    let read = |s: &Store| {
        let mut r = s
            .rank_inputs(now - TimeDelta::days(365), RankFields::Clustering)
            .unwrap();
        r.sort_by_key(|a| a.id);
        r.into_iter()
            .map(|a| (a.id, a.fingerprint.unwrap()))
            .collect::<Vec<_>>()
    };
    assert_eq!(read(&s), want);
    // Fifty days on, retention keeping everything: the fingerprints go,
    // the articles stay, and they read the same.
    let keep_all = CacheSettings {
        max_age: None,
        max_per_feed: None,
    };
    assert_eq!(
        s.apply_retention(&keep_all, now + TimeDelta::days(50))
            .unwrap(),
        0
    );
    assert!(stored_fingerprints(&c).is_empty());
    assert_eq!(read(&s), want);
    // An article whose date moves back past the horizon loses its
    // fingerprint; one that moves into it gets it.
    let moved = vec![
        item(
            "a",
            Some("https://t.kz/a"),
            "Бүгінгі жаңалық",
            now - TimeDelta::days(60),
        ),
        item(
            "c",
            Some("https://t.kz/c"),
            "Ескі жаңалық",
            now - TimeDelta::days(1),
        ),
    ];
    apply(&mut s, ids[0], moved, now);
    let stored = stored_fingerprints(&c);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].0, want[2].0.0);
    let date: i64 = c
        .query_row("SELECT sort_date FROM article_fingerprints", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(date, (now - TimeDelta::days(1)).timestamp());
}

#[test]
fn the_file_stays_bounded_under_retention_with_fingerprints_by_date() {
    let (dir, mut s, ids) = store();
    let path = dir.path().join("cache.db");
    let c = raw(&path);
    let start = Utc::now() - TimeDelta::days(200);
    let policy = CacheSettings {
        max_age: Some(Duration::from_secs(60 * 86_400)),
        max_per_feed: None,
    };
    let horizon_days = (FINGERPRINT_HORIZON.as_secs() / 86_400) as i64;
    let per_day = 12;
    let pages = |s: &Store| {
        s.checkpoint().unwrap();
        let q = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
        q("PRAGMA page_count") - q("PRAGMA freelist_count")
    };
    let mut at_day = Vec::new();
    for d in 0..130i64 {
        let now = start + TimeDelta::days(d);
        let items = (0..per_day)
            .map(|i| {
                let title = format!("Күн {d} жаңалығы {i}: Алматы, Астана, Шымкент");
                item(
                    &format!("https://t.kz/{d}/{i}"),
                    Some(&format!("https://t.kz/{d}/{i}")),
                    &title,
                    now,
                )
            })
            .collect();
        apply(&mut s, ids[0], items, now);
        s.apply_retention(&policy, now).unwrap();
        let fingerprints = stored_fingerprints(&c).len() as i64;
        assert!(
            fingerprints <= (horizon_days + 1) * per_day,
            "day {d}: {fingerprints} fingerprints kept"
        );
        at_day.push(pages(&s));
    }
    // Full from day ~61 (retention) on: a cache that kept what retention
    // or the horizon dropped would grow by 1/60 a day, a quarter by day 129.
    let (full, last) = (at_day[75], at_day[129]);
    assert!(
        (last as f64) < 1.1 * full as f64,
        "file grew from {full} pages on day 75 to {last} on day 129"
    );
}

/// (id, first seen, last seen) of every article, as unix seconds, read
/// from the layout of v26 (offsets) or before (times).
fn seen_times(path: &Path) -> Vec<(i64, i64, i64)> {
    let c = raw(path);
    let v26: bool = c
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info('articles')
             WHERE name = 'seen_for')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let sql = if v26 {
        "SELECT id, sort_date + first_seen_delay, sort_date + first_seen_delay + seen_for
         FROM articles ORDER BY id"
    } else {
        "SELECT id, first_seen, last_seen FROM articles ORDER BY id"
    };
    c.prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_v26_step_keeps_when_each_article_was_seen() {
    let (dir, mut s, ids) = store();
    let path = dir.path().join("cache.db");
    let now = Utc::now();
    let hours = |h: i64| now - TimeDelta::hours(h);
    // Dated and undated articles, one seen again two days later, one whose
    // date the feed moved.
    let mut undated = item("u", Some("https://t.kz/u"), "Күнсіз", hours(0));
    undated.published = None;
    let dated = item("d", Some("https://t.kz/d"), "Күнді", hours(80));
    let moved = item("m", Some("https://t.kz/m"), "Ауысқан", hours(70));
    apply(
        &mut s,
        ids[0],
        vec![undated.clone(), dated.clone(), moved.clone()],
        hours(60),
    );
    let moved_again = NewArticle {
        published: Some(hours(65)),
        ..moved
    };
    apply(&mut s, ids[0], vec![undated, dated, moved_again], hours(12));
    let before = every_article(&s);
    let times = seen_times(&path);
    let first = |key: &str| {
        before
            .iter()
            .find(|a| a.summary.link.as_deref() == Some(&format!("https://t.kz/{key}")[..]))
            .unwrap()
            .summary
            .first_seen
    };
    // First seen stays the first fetch's, through a moved date.
    for key in ["u", "d", "m"] {
        assert_eq!(first(key).timestamp(), hours(60).timestamp(), "{key}");
    }
    // Seen again 48 hours later: every article's last time moved.
    assert!(
        times.iter().all(|t| t.2 == hours(12).timestamp()),
        "{times:?}"
    );
    // Stored as offsets: an undated article's delay is 0, one seen once
    // would be 0 too, a dated one's is from its date.
    let c = raw(&path);
    let delays: Vec<(i64, i64)> = c
        .prepare("SELECT first_seen_delay, seen_for FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(delays[0], (0, 48 * 3600));
    assert_eq!(delays[1], (20 * 3600, 48 * 3600));
    assert_eq!(delays[2], (5 * 3600, 48 * 3600));
    drop(s);

    // Back to v25: the times as times.
    c.execute_batch(
        "UPDATE articles SET seen_for = sort_date + first_seen_delay + seen_for,
                             first_seen_delay = sort_date + first_seen_delay;
         ALTER TABLE articles RENAME COLUMN first_seen_delay TO first_seen;
         ALTER TABLE articles RENAME COLUMN seen_for TO last_seen;
         PRAGMA user_version = 25;",
    )
    .unwrap();
    assert_eq!(seen_times(&path), times);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(seen_times(&path), times);
    assert_eq!(every_article(&s), before);
    drop(s);
    // The step again (a version set back by hand) changes nothing.
    c.execute_batch("PRAGMA user_version = 25;").unwrap();
    let s = Store::open(&path).unwrap();
    assert_eq!(seen_times(&path), times);
    assert_eq!(every_article(&s), before);
}

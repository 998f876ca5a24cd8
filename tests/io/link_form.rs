//! Links stored relative to their feed's origin and keys hashed to 32
//! bits (schema v23): every reader sees the whole link, upserts and sync's
//! matching by link find the same articles, and a cache written by v22
//! keeps every link, key, flag and text through the step.

use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use keruen::domain::{FeedId, NewArticle};

use crate::common::store_fill::{apply_at, every_article};
use keruen::search_query::SearchQuery;
use keruen::store::{ArticleQuery, RankFields, RemoteArticle, SCHEMA_VERSION, Store, SyncedFeed};

fn item(key: &str, link: Option<&str>, title: &str, published: DateTime<Utc>) -> NewArticle {
    NewArticle {
        key: key.into(),
        title: title.into(),
        link: link.map(str::to_string),
        published: Some(published),
        summary: Some(format!(
            "<p>{title}: сілтеме туралы жаңалық, link news.</p>"
        )),
        content: Some(format!("<p>{title}</p><p>Толық мәтін, full text.</p>")),
        ..NewArticle::default()
    }
}

/// Links of every kind a store may be given: on the feed's host, on
/// another host, the host alone, and texts that are no URL at all
/// (the store takes any text, even though feeds give sanitised URLs).
const LINKS: [Option<&str>; 9] = [
    Some("https://t.kz/news/1"),
    Some("https://t.kz/news/2?utm=x#top"),
    Some("https://t.kz/"),
    Some("https://t.kz//double"),
    Some("https://other.kz/t.kz/3"),
    Some("/news/relative"),
    Some("!bang"),
    Some("https://t.kz"),
    None,
];

fn items(now: DateTime<Utc>) -> Vec<NewArticle> {
    LINKS
        .iter()
        .enumerate()
        .map(|(i, link)| {
            // Every other key is its link; the others are guids.
            let key = match link {
                Some(l) if i.is_multiple_of(2) => l.to_string(),
                _ => format!("guid-{i}"),
            };
            item(
                &key,
                *link,
                &format!("Мақала {i}"),
                now - TimeDelta::days(10 + i as i64),
            )
        })
        .collect()
}

fn apply(
    s: &mut Store,
    feed: FeedId,
    items: Vec<NewArticle>,
    now: DateTime<Utc>,
) -> (u64, u64, u64) {
    let st = apply_at(s, feed, items, now);
    (st.new, st.updated, st.unchanged)
}

fn stored_links(path: &Path) -> Vec<Option<String>> {
    let c = rusqlite::Connection::open(path).unwrap();
    c.prepare("SELECT link FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A store with a server feed (for sync's matching) and a configured one.
fn store(dir: &Path) -> (Store, FeedId, FeedId) {
    let mut s = Store::open(&dir.join("cache.db")).unwrap();
    s.sync_account("fever https://s.example/ me").unwrap();
    let synced = s
        .upsert_synced_feeds(&[SyncedFeed {
            remote_id: "7".into(),
            url: "https://t.kz/feed.xml".into(),
            name: "Server feed".into(),
            tags: vec![],
        }])
        .unwrap()[0];
    let local = s
        .sync_feeds(&[crate::common::feed_settings("kaztag")])
        .unwrap()[0];
    (s, synced, local)
}

#[test]
fn every_reader_sees_the_whole_link_and_upserts_find_their_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, feed, other) = store(dir.path());
    let now = Utc::now();
    assert_eq!(apply(&mut s, feed, items(now), now), (9, 0, 0));
    // The same links in a feed whose first link is on another host.
    let mut theirs = items(now);
    theirs.rotate_left(4);
    assert_eq!(apply(&mut s, other, theirs, now), (9, 0, 0));

    // Stored relative where the link is on the feed's origin.
    let stored = stored_links(&path);
    assert_eq!(stored[0].as_deref(), Some("/news/1"));
    assert_eq!(stored[2].as_deref(), Some("/"));
    assert_eq!(stored[4].as_deref(), Some("https://other.kz/t.kz/3"));
    assert_eq!(stored[5].as_deref(), Some("!/news/relative"));
    assert_eq!(stored[6].as_deref(), Some("!!bang"));
    assert_eq!(stored[7].as_deref(), Some("https://t.kz"));
    // The second feed's origin is other.kz: t.kz's links stay whole.
    assert_eq!(stored[9].as_deref(), Some("/t.kz/3"));
    assert_eq!(stored[11].as_deref(), Some("!!bang"));
    assert_eq!(stored[14].as_deref(), Some("https://t.kz/news/1"));

    // Lists, one article, its key, search hits, the related window.
    let by_title = |title: &str| {
        let i: usize = title.trim_start_matches("Мақала ").parse().unwrap();
        LINKS[i].map(str::to_string)
    };
    let list = s.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(list.len(), 18);
    for a in &list {
        assert_eq!(a.link, by_title(&a.title), "{}", a.title);
        let whole = s.article(a.id).unwrap();
        assert_eq!(whole.summary.link, a.link);
        let i: usize = a.title.trim_start_matches("Мақала ").parse().unwrap();
        let key = match LINKS[i] {
            Some(l) if i.is_multiple_of(2) => l.to_string(),
            _ => format!("guid-{i}"),
        };
        assert_eq!(whole.key, key);
    }
    let summaries = s
        .summaries(&list.iter().map(|a| a.id).collect::<Vec<_>>())
        .unwrap();
    assert_eq!(
        summaries.iter().map(|a| a.link.clone()).collect::<Vec<_>>(),
        list.iter().map(|a| a.link.clone()).collect::<Vec<_>>()
    );
    s.index_pending().unwrap();
    let hits = s.search(&SearchQuery::parse("сілтеме").unwrap()).unwrap();
    assert_eq!(hits.len(), 18);
    for h in &hits {
        assert_eq!(h.article.link, by_title(&h.article.title));
    }
    let window = s
        .rank_inputs(now - TimeDelta::days(30), RankFields::Text)
        .unwrap();
    assert_eq!(window.len(), 18);
    for a in &window {
        assert_eq!(a.link, by_title(&a.title), "{}", a.title);
    }

    // The same items again: every one found and unchanged.
    assert_eq!(apply(&mut s, feed, items(now), now), (0, 0, 9));
    // A link moved within the origin and one moved to another host: the
    // same articles (keys are guids there), updated in place.
    let mut moved = items(now);
    moved[1].link = Some("https://t.kz/moved".into());
    moved[3].link = Some("https://elsewhere.kz/3".into());
    assert_eq!(apply(&mut s, feed, moved, now), (0, 2, 7));
    let list = s.articles(&ArticleQuery::default()).unwrap();
    let link_of = |t: &str| {
        let a = list.iter().find(|a| a.title == t && a.feed_id == feed);
        a.unwrap().link.clone()
    };
    assert_eq!(link_of("Мақала 1").as_deref(), Some("https://t.kz/moved"));
    assert_eq!(
        link_of("Мақала 3").as_deref(),
        Some("https://elsewhere.kz/3")
    );
    assert_eq!(list.len(), 18);
}

#[test]
fn two_links_with_one_hash_stay_two_articles() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, feed, _) = store(dir.path());
    let now = Utc::now();
    // Two real keys with one 32-bit hash (found by a search over
    // `https://t.kz/N`), each its item's link: stored relative, matched by
    // the whole link.
    let (a, b) = ("https://t.kz/5516", "https://t.kz/45968");
    assert_eq!(keruen::store::key_hash(a), keruen::store::key_hash(b));
    let day = now - TimeDelta::days(1);
    assert_eq!(
        apply(&mut s, feed, vec![item(a, Some(a), "A", day)], now),
        (1, 0, 0)
    );
    assert_eq!(
        apply(&mut s, feed, vec![item(b, Some(b), "B", day)], now),
        (1, 0, 0)
    );
    assert_eq!(
        apply(
            &mut s,
            feed,
            vec![item(a, Some(a), "A", day), item(b, Some(b), "B", day)],
            now
        ),
        (0, 0, 2)
    );
    let mut retitled = item(b, Some(b), "B again", day);
    retitled.summary = None;
    assert_eq!(apply(&mut s, feed, vec![retitled], now), (0, 1, 0));
    let titles: Vec<String> = every_article(&s)
        .into_iter()
        .map(|a| a.summary.title)
        .collect();
    assert_eq!(titles, ["A", "B again"]);
}

/// v19–v22's key hash: FNV-1a with SplitMix64's finaliser, all 64 bits
/// (`identity` keeps its high 32 since v23).
fn wide_hash(key: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h as i64
}

/// Turn a v23 cache back into v22's layout: whole links, no origins,
/// 64-bit key hashes, published dates as they are.
fn back_to_v22(path: &Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.create_scalar_function(
        "wide_hash",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8,
        |ctx| Ok(wide_hash(ctx.get_raw(0).as_str().unwrap())),
    )
    .unwrap();
    c.execute_batch(
        "UPDATE articles SET link = CASE substr(link, 1, 1)
             WHEN '/' THEN (SELECT link_origin FROM feeds f WHERE f.id = feed_id) || link
             WHEN '!' THEN substr(link, 2) ELSE link END;
         UPDATE articles SET key_hash = wide_hash(coalesce(key_text, link));
         UPDATE articles SET published = sort_date + published;
         ALTER TABLE feeds DROP COLUMN link_origin;
         PRAGMA user_version = 22;",
    )
    .unwrap();
}

fn hashes(path: &Path) -> Vec<i64> {
    let c = rusqlite::Connection::open(path).unwrap();
    c.prepare("SELECT key_hash FROM articles ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_v22_cache_keeps_every_link_key_flag_and_text_through_v23() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, feed, other) = store(dir.path());
    let now = Utc::now();
    apply(&mut s, feed, items(now), now);
    // Enough old texts of one feed to pack a block.
    let many: Vec<NewArticle> = (0..12)
        .map(|i| {
            let link = format!("https://kaztag.kz/a/{i}");
            item(
                &link,
                Some(&link),
                &format!("Көп {i}"),
                now - TimeDelta::days(20 + i),
            )
        })
        .collect();
    apply(&mut s, other, many.clone(), now);
    assert!(s.pack_texts(now, None).unwrap().blocks >= 1);
    let list = s.articles(&ArticleQuery::default()).unwrap();
    s.set_read(&[list[0].id, list[3].id], true).unwrap();
    s.set_starred(list[5].id, true).unwrap();
    let before = every_article(&s);
    let unread = s.unread_count().unwrap();
    drop(s);

    let narrow = hashes(&path);
    back_to_v22(&path);
    assert!(hashes(&path).iter().any(|h| i32::try_from(*h).is_err()));
    let old = stored_links(&path);
    assert!(
        old.iter()
            .flatten()
            .all(|l| !l.starts_with('/') || l == "/news/relative")
    );

    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        every_article(&s),
        before,
        "every article reads as before the step"
    );
    assert_eq!(s.unread_count().unwrap(), unread);
    // The hashes are v23's again, made from every key; dates are stored
    // as offsets from `sort_date` (all 0: every item here has one).
    assert_eq!(hashes(&path), narrow);
    let offsets: Vec<Option<i64>> = {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.prepare("SELECT DISTINCT published FROM articles")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(offsets, [Some(0)]);
    let new = stored_links(&path);
    assert_eq!(new[0].as_deref(), Some("/news/1"));
    assert_eq!(new[5].as_deref(), Some("!/news/relative"));
    assert_eq!(new[9].as_deref(), Some("/a/0"));
    let len = |l: &Option<String>| l.as_ref().map_or(0, String::len) as i64;
    let saved: i64 = old.iter().zip(&new).map(|(o, n)| len(o) - len(n)).sum();
    assert!(saved > 12 * "https://kaztag.kz".len() as i64, "{saved}");

    // Upserts find the migrated rows.
    assert_eq!(apply(&mut s, feed, items(now), now), (0, 0, 9));
    assert_eq!(apply(&mut s, other, many, now), (0, 0, 12));
    // Sync maps a server item to the local article with its link.
    let local = before
        .iter()
        .find(|a| a.summary.title == "Мақала 2")
        .unwrap();
    let stored = s
        .store_remote_articles(
            &[RemoteArticle {
                remote_id: "r2".into(),
                feed,
                article: item("r2", Some("https://t.kz/"), "Мақала 2", now),
                read: false,
                starred: false,
            }],
            now,
        )
        .unwrap();
    assert_eq!(stored, 0, "matched by link, not stored again");
    assert_eq!(
        s.remote_id_of(local.summary.id).unwrap().as_deref(),
        Some("r2")
    );
    drop(s);

    // Run again (a version set back by hand): nothing changes.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("PRAGMA user_version = 22;").unwrap();
    drop(c);
    let s = Store::open(&path).unwrap();
    assert_eq!(stored_links(&path), new);
    assert_eq!(every_article(&s).len(), before.len());
}

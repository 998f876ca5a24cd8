//! Kept story links (schema v20): written in steps after articles arrive,
//! dropped with their article, computed again when an article's
//! fingerprint changes or the settings and rules that decide them change;
//! Top stories from them equals Top stories computed fresh.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use keruen::config::settings::Settings;
use keruen::domain::{FeedId, NewArticle, ParsedFeed, Signals};
use keruen::fetch::Validators;
use keruen::store::Store;
use keruen::stories;

const WEEK: Duration = Duration::from_secs(7 * 86_400);

/// Stories told by several feeds in other words, with numbers that must
/// agree, and articles of their own: (feed, title, lead, hours ago).
const CORPUS: &[(usize, &str, &str, i64)] = &[
    (
        0,
        "Oil prices jump after producers extend output cuts",
        "Brent crude rose sharply on Monday after the producer group agreed to extend its cuts.",
        2,
    ),
    (
        1,
        "Oil prices jump as producers extend output cuts again",
        "Crude futures climbed after producers said output cuts would stay until spring.",
        3,
    ),
    (
        2,
        "Producers extend output cuts, oil prices jump",
        "The extension surprised traders, analysts said.",
        4,
    ),
    (
        0,
        "Earthquake of magnitude 5 shakes Almaty region overnight",
        "No damage was reported after the tremor shook the city.",
        5,
    ),
    (
        1,
        "Magnitude 5 earthquake shakes Almaty region",
        "Residents felt the tremor shortly after midnight.",
        6,
    ),
    (
        2,
        "Magnitude 6 earthquake shakes Almaty region",
        "A stronger tremor was recorded on Tuesday.",
        30,
    ),
    (
        0,
        "Wheat harvest record expected across northern regions",
        "Farmers expect a record yield this autumn.",
        8,
    ),
    (
        1,
        "Northern regions expect record wheat harvest this autumn",
        "The ministry raised its forecast again.",
        9,
    ),
    (
        2,
        "Railway station reopens after long reconstruction works",
        "Trains will stop at the station again from Monday.",
        10,
    ),
    (
        0,
        "Central bank keeps base rate at 15 percent",
        "The regulator left the rate unchanged, citing inflation.",
        11,
    ),
    (
        1,
        "Central bank keeps base rate unchanged at 15 percent",
        "Inflation slowed but remains above target, the bank said.",
        12,
    ),
    (
        2,
        "Central bank cuts base rate to 14 percent",
        "The regulator lowered the rate for the first time this year.",
        60,
    ),
    (
        0,
        "Astana hosts international chess tournament this week",
        "Grandmasters from twelve countries arrived on Sunday.",
        14,
    ),
    (
        1,
        "International chess tournament opens in Astana",
        "Players from twelve countries take part.",
        15,
    ),
    (
        2,
        "City council approves new budget for public parks",
        "The plan adds funds for lighting and benches.",
        16,
    ),
    (
        0,
        "Heavy snowfall closes mountain roads near the capital",
        "Police asked drivers to avoid the passes.",
        20,
    ),
    (
        1,
        "Mountain roads closed after heavy snowfall near capital",
        "Snowploughs worked through the night.",
        21,
    ),
    (
        2,
        "Heavy snowfall closes mountain roads again",
        "The second closure this month.",
        55,
    ),
];

fn settings() -> Settings {
    Settings::with_feeds(vec![
        crate::common::feed_settings("a"),
        crate::common::feed_settings("b"),
        crate::common::feed_settings("c"),
    ])
}

fn item(k: usize, title: &str, lead: &str, at: DateTime<Utc>) -> NewArticle {
    NewArticle {
        key: format!("k{k}"),
        title: title.into(),
        summary: Some(lead.into()),
        link: Some(format!("https://news.example/{k}")),
        published: Some(at),
        signals: Signals {
            views: Some(100 + 37 * k as u64),
            ..Signals::default()
        },
        ..NewArticle::default()
    }
}

fn put(store: &mut Store, feed: FeedId, items: Vec<NewArticle>, now: DateTime<Utc>) {
    put_as(store, feed, items, now, false);
}

/// `put`; `refresh`: as a refresh stores a feed, its texts prepared on a
/// parser thread (`prepare_texts`).
fn put_as(
    store: &mut Store,
    feed: FeedId,
    items: Vec<NewArticle>,
    now: DateTime<Utc>,
    refresh: bool,
) {
    let doc = ParsedFeed {
        title: None,
        site_link: None,
        items,
        damaged: false,
    };
    let prepared = refresh.then(|| keruen::store::prepare_texts(&doc));
    store
        .apply_update_prepared(feed, &doc, prepared.as_ref(), &Validators::default(), now)
        .unwrap();
}

/// A cache of `CORPUS`, nothing linked yet.
fn cache(now: DateTime<Utc>) -> (tempfile::TempDir, Store, Settings, Vec<FeedId>) {
    cache_as(now, false)
}

/// `cache`; `refresh`: stored as a refresh stores it.
fn cache_as(
    now: DateTime<Utc>,
    refresh: bool,
) -> (tempfile::TempDir, Store, Settings, Vec<FeedId>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cache.db")).unwrap();
    let settings = settings();
    let feeds = store.sync_feeds(&settings.feeds).unwrap();
    for (f, &feed) in feeds.iter().enumerate() {
        let items = CORPUS
            .iter()
            .enumerate()
            .filter(|(_, c)| c.0 == f)
            .map(|(k, c)| item(k, c.1, c.2, now - TimeDelta::hours(c.3)))
            .collect();
        put_as(&mut store, feed, items, now, refresh);
    }
    (dir, store, settings, feeds)
}

/// Top's stories (members' ids, sorted) in rank order, with scores.
fn top(store: &Store, settings: &Settings, now: DateTime<Utc>) -> Vec<(Vec<i64>, String)> {
    top_n(store, settings, now, 50)
}

/// `top`, for the `limit` best stories.
fn top_n(
    store: &Store,
    settings: &Settings,
    now: DateTime<Utc>,
    limit: usize,
) -> Vec<(Vec<i64>, String)> {
    stories::top(store, settings, now, WEEK, None, limit)
        .unwrap()
        .into_iter()
        .map(|e| {
            let mut m: Vec<i64> = e.members.iter().map(|a| a.0).collect();
            m.sort_unstable();
            (m, format!("{:.9}", e.score))
        })
        .collect()
}

fn links(store_path: &std::path::Path) -> Vec<(i64, i64)> {
    let c = rusqlite::Connection::open(store_path).unwrap();
    let mut s = c
        .prepare("SELECT lo, hi FROM story_links ORDER BY lo, hi")
        .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn id_of(store: &Store, now: DateTime<Utc>, title: &str) -> i64 {
    store
        .rank_inputs(now - TimeDelta::days(30), keruen::store::RankFields::Text)
        .unwrap()
        .into_iter()
        .find(|a| a.title == title)
        .unwrap()
        .id
        .0
}

#[test]
fn links_are_written_in_steps_and_top_from_them_equals_top_computed_fresh() {
    let now = Utc::now();
    let (dir, store, settings, _) = cache(now);
    let since = now - TimeDelta::days(7);
    assert_eq!(store.links_pending().unwrap(), CORPUS.len());
    // Nothing linked: Top clusters fresh.
    assert!(
        store
            .kept_links(&settings.rank, now, since)
            .unwrap()
            .is_none()
    );
    let fresh = top(&store, &settings, now);
    assert!(
        fresh.iter().filter(|s| s.0.len() > 1).count() >= 5,
        "the corpus has stories: {fresh:?}"
    );
    assert_eq!(store.link_some(&settings.rank, now, 1).unwrap(), 0);
    let kept = store
        .kept_links(&settings.rank, now, since)
        .unwrap()
        .expect("all linked");
    assert!(!kept.links.is_empty());
    // Every pair of a story of the fresh Top is a link or goes through
    // links; the numbers that disagree ("magnitude 5" / "6", "15" / "14")
    // are never linked.
    let pairs = links(&dir.path().join("cache.db"));
    let five = id_of(&store, now, CORPUS[4].1);
    let six = id_of(&store, now, CORPUS[5].1);
    assert!(!pairs.contains(&(five.min(six), five.max(six))));
    assert_eq!(top(&store, &settings, now), fresh);
}

/// The stored fingerprints, by article id.
fn prints(store_path: &std::path::Path) -> Vec<(i64, Vec<u8>)> {
    let c = rusqlite::Connection::open(store_path).unwrap();
    let mut s = c
        .prepare("SELECT article_id, fingerprint FROM article_fingerprints ORDER BY article_id")
        .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A refresh stores new articles without their fingerprints (its parser
/// threads only compress); until the linker's step, Top stories and the
/// related index compute them from the texts, with the same result; the
/// step stores them, the bytes the writer would have stored, and links
/// as it would have.
#[test]
fn fingerprints_a_refresh_leaves_to_the_linker_rank_the_same_and_are_kept_by_it() {
    let now = Utc::now();
    let (dir_w, written, settings, _) = cache_as(now, false);
    let (dir_r, refreshed, _, _) = cache_as(now, true);
    let (path_w, path_r) = (dir_w.path().join("cache.db"), dir_r.path().join("cache.db"));
    assert_eq!(prints(&path_w).len(), CORPUS.len());
    assert!(prints(&path_r).is_empty(), "left to the linker");
    assert_eq!(refreshed.links_pending().unwrap(), CORPUS.len());

    let fresh = top(&written, &settings, now);
    assert!(
        fresh.iter().filter(|s| s.0.len() > 1).count() >= 5,
        "{fresh:?}"
    );
    assert_eq!(top(&refreshed, &settings, now), fresh);
    let related = |s: &Store| -> Vec<_> {
        s.rank_inputs(now - TimeDelta::days(30), keruen::store::RankFields::Text)
            .unwrap()
            .into_iter()
            .map(|a| (a.id, a.fingerprint))
            .collect()
    };
    let inputs = related(&written);
    assert!(inputs.iter().all(|(_, f)| f.is_some()));
    assert_eq!(related(&refreshed), inputs);

    // The linker's first step stores the fingerprints (a step of their
    // own, so it stays short however many a refresh brought), the next
    // links, as it would have.
    assert_eq!(
        refreshed.link_some(&settings.rank, now, 1).unwrap(),
        CORPUS.len()
    );
    assert_eq!(prints(&path_r), prints(&path_w));
    assert_eq!(refreshed.link_some(&settings.rank, now, 1).unwrap(), 0);
    written.link_some(&settings.rank, now, 1).unwrap();
    assert_eq!(links(&path_r), links(&path_w));
    let since = now - TimeDelta::days(7);
    assert!(
        refreshed
            .kept_links(&settings.rank, now, since)
            .unwrap()
            .is_some()
    );
    assert_eq!(top(&refreshed, &settings, now), fresh);
    assert_eq!(related(&refreshed), inputs);
}

/// The texts of a refresh's articles may be packed into blocks before the
/// linker gets to their fingerprints (both run in the reader's background):
/// computed from the blocks, they are the bytes the writer would have
/// stored.
#[test]
fn fingerprints_the_linker_computes_from_packed_texts_are_the_writers() {
    let now = Utc::now();
    // The whole corpus in one feed: enough old texts for a block.
    let one_feed = |refresh: bool| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("cache.db")).unwrap();
        let feeds = store.sync_feeds(&settings().feeds).unwrap();
        let items = CORPUS
            .iter()
            .enumerate()
            .map(|(k, c)| item(k, c.1, c.2, now - TimeDelta::hours(c.3)))
            .collect();
        put_as(&mut store, feeds[0], items, now, refresh);
        (dir, store)
    };
    let (dir_w, _written) = one_feed(false);
    let (dir_r, mut refreshed) = one_feed(true);
    let packed = refreshed
        .pack_texts(now + TimeDelta::days(4), None)
        .unwrap();
    assert!(packed.texts >= 8, "{packed:?}");
    assert_eq!(
        refreshed.link_some(&settings().rank, now, 1).unwrap(),
        CORPUS.len()
    );
    let (path_w, path_r) = (dir_w.path().join("cache.db"), dir_r.path().join("cache.db"));
    assert_eq!(prints(&path_r), prints(&path_w));
}

/// A step reads only the articles within the span of its batch and
/// counts the rest of its reference week: a report of the same canonical
/// URL days before the batch is still one story with it, and Top from the
/// links is still Top computed fresh.
#[test]
fn a_step_links_a_new_report_of_an_older_url_it_only_counted() {
    let now = Utc::now();
    let (dir, mut store, settings, feeds) = cache(now - TimeDelta::days(4));
    assert_eq!(store.link_some(&settings.rank, now, usize::MAX).unwrap(), 0);
    let path = dir.path().join("cache.db");
    let before = links(&path);
    let later = |key: &str, title: &str, link: &str| NewArticle {
        key: key.into(),
        title: title.into(),
        summary: Some("Traders reacted within minutes.".into()),
        link: Some(link.into()),
        published: Some(now - TimeDelta::hours(1)),
        ..NewArticle::default()
    };
    put(
        &mut store,
        feeds[1],
        vec![
            later(
                "later0",
                "Crude climbs as cuts stay",
                "https://news.example/0",
            ),
            later(
                "later1",
                "Heavy snowfall closes mountain roads near the capital once more",
                "https://news.example/later1",
            ),
        ],
        now,
    );
    assert_eq!(store.links_pending().unwrap(), 2);
    // Fresh first (links pending: Top clusters fresh).
    let fresh = top(&store, &settings, now);
    assert_eq!(store.link_some(&settings.rank, now, usize::MAX).unwrap(), 0);
    let after = links(&path);
    let oil = id_of(&store, now, CORPUS[0].1);
    let crude = id_of(&store, now, "Crude climbs as cuts stay");
    assert!(
        after.contains(&(oil.min(crude), oil.max(crude))),
        "{after:?}"
    );
    assert!(before.iter().all(|l| after.contains(l)));
    let kept = top(&store, &settings, now);
    assert!(
        kept.iter()
            .any(|s| s.0.contains(&oil) && s.0.contains(&crude))
    );
    assert_eq!(kept, fresh);
}

#[test]
fn an_article_that_goes_takes_its_links_with_it() {
    let now = Utc::now();
    let (dir, store, settings, _) = cache(now);
    store.link_some(&settings.rank, now, usize::MAX).unwrap();
    let path = dir.path().join("cache.db");
    let before = links(&path);
    let old = id_of(&store, now, CORPUS[17].1);
    assert!(before.iter().any(|&(a, b)| a == old || b == old));
    // However an article goes (retention, a removed feed), it is a
    // delete of its row: the trigger takes its links and queue entry.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute("PRAGMA foreign_keys = ON", []).unwrap();
    c.execute("DELETE FROM articles WHERE id = ?1", [old])
        .unwrap();
    let after = links(&path);
    assert!(
        after.iter().all(|&(a, b)| a != old && b != old),
        "{after:?}"
    );
    assert!(!after.is_empty());
    assert_eq!(store.links_pending().unwrap(), 0);
    // And Top from what is left is still Top computed fresh.
    let kept = top(&store, &settings, now);
    c.execute("DELETE FROM story_links_meta", []).unwrap();
    assert_eq!(top(&store, &settings, now), kept);
}

#[test]
fn an_article_whose_fingerprint_changes_is_linked_again() {
    let now = Utc::now();
    let (dir, mut store, settings, feeds) = cache(now);
    store.link_some(&settings.rank, now, usize::MAX).unwrap();
    let path = dir.path().join("cache.db");
    let station = id_of(&store, now, CORPUS[8].1);
    assert!(
        links(&path)
            .iter()
            .all(|&(a, b)| a != station && b != station)
    );
    // The station's article is rewritten as a report of the oil story.
    let k = 8;
    put(
        &mut store,
        feeds[2],
        vec![item(
            k,
            "Oil prices jump after producers extend their output cuts",
            "Brent crude rose after the producer group extended its cuts.",
            now - TimeDelta::hours(10),
        )],
        now,
    );
    assert_eq!(
        id_of(
            &store,
            now,
            "Oil prices jump after producers extend their output cuts"
        ),
        station
    );
    assert_eq!(store.links_pending().unwrap(), 1);
    let since = now - TimeDelta::days(7);
    assert!(
        store
            .kept_links(&settings.rank, now, since)
            .unwrap()
            .is_none(),
        "a waiting article of the window: fresh"
    );
    let fresh = top(&store, &settings, now);
    store.link_some(&settings.rank, now, usize::MAX).unwrap();
    let oil = id_of(&store, now, CORPUS[0].1);
    assert!(
        links(&path).contains(&(oil.min(station), oil.max(station))),
        "{:?}",
        links(&path)
    );
    assert_eq!(top(&store, &settings, now), fresh);
    // A refresh that changes nothing queues nothing.
    let items = CORPUS
        .iter()
        .enumerate()
        .filter(|(k, c)| c.0 == 0 && *k != 8)
        .map(|(k, c)| item(k, c.1, c.2, now - TimeDelta::hours(c.3)))
        .collect();
    put(&mut store, feeds[0], items, now);
    assert_eq!(store.links_pending().unwrap(), 0);
}

#[test]
fn links_of_other_settings_or_rules_are_not_used_and_are_computed_again() {
    let now = Utc::now();
    let (dir, store, settings, _) = cache(now);
    let path = dir.path().join("cache.db");
    store.link_some(&settings.rank, now, usize::MAX).unwrap();
    let since = now - TimeDelta::days(7);
    let linked = links(&path);
    // A stricter threshold: the kept links are not its.
    let mut strict = settings.clone();
    strict.rank.title_similarity = 0.95;
    assert!(
        store
            .kept_links(&strict.rank, now, since)
            .unwrap()
            .is_none()
    );
    let fresh = top(&store, &strict, now);
    store.link_some(&strict.rank, now, usize::MAX).unwrap();
    assert!(
        store
            .kept_links(&strict.rank, now, since)
            .unwrap()
            .is_some()
    );
    assert!(links(&path).len() < linked.len(), "{:?}", links(&path));
    assert_eq!(top(&store, &strict, now), fresh);
    // Another span too.
    let mut short = settings.clone();
    short.rank.cluster_window = Duration::from_secs(3600);
    assert!(store.kept_links(&short.rank, now, since).unwrap().is_none());
    // Links of another rules version (as a newer or older keruen wrote
    // them) are dropped and computed again.
    store.link_some(&settings.rank, now, usize::MAX).unwrap();
    assert_eq!(links(&path), linked);
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute(
        "UPDATE story_links_meta SET value = 'rules=0' WHERE key = 'signature'",
        [],
    )
    .unwrap();
    let cosines = |c: &rusqlite::Connection| -> Vec<Option<f64>> {
        c.prepare("SELECT cos FROM story_links ORDER BY lo, hi")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let right = cosines(&c);
    c.execute("UPDATE story_links SET cos = 0.5", []).unwrap();
    assert!(
        store
            .kept_links(&settings.rank, now, since)
            .unwrap()
            .is_none()
    );
    assert_eq!(store.link_some(&settings.rank, now, usize::MAX).unwrap(), 0);
    assert_eq!(links(&path), linked);
    assert_eq!(cosines(&c), right, "computed again");
}

#[test]
fn top_over_a_window_beyond_the_horizon_or_a_tag_is_computed_fresh() {
    let now = Utc::now();
    let (_dir, store, settings, _) = cache(now);
    store.link_some(&settings.rank, now, usize::MAX).unwrap();
    let long = now - TimeDelta::days(60);
    assert!(
        store
            .kept_links(&settings.rank, now, long)
            .unwrap()
            .is_none()
    );
    let year = stories::top(
        &store,
        &settings,
        now,
        Duration::from_secs(365 * 86_400),
        None,
        50,
    )
    .unwrap();
    assert_eq!(year.len(), top(&store, &settings, now).len());
}

/// Top of a few stories from kept links resolves only the link groups
/// that can reach them (`rank::kept_plan`): the head of the fresh Top,
/// story for story and score for score, at every limit.
#[test]
fn a_short_top_from_kept_links_is_the_head_of_the_full_one() {
    let now = Utc::now();
    let (_dir, store, settings, _) = cache(now);
    let top_of = |limit: usize| top_n(&store, &settings, now, limit);
    let fresh = top_of(50);
    store.link_some(&settings.rank, now, usize::MAX).unwrap();
    for limit in 1..=fresh.len() {
        assert_eq!(top_of(limit), fresh[..limit], "limit {limit}");
    }
}

/// Fingerprints attached to rows read without them are the ones read
/// with the rows, for a few of the window (sought by id) and for all of
/// it (one walk).
#[test]
fn fingerprints_attached_later_are_those_read_with_the_rows() {
    let now = Utc::now();
    let (_dir, store, _settings, _) = cache(now);
    let since = now - TimeDelta::days(30);
    let full = store
        .rank_inputs(since, keruen::store::RankFields::Clustering)
        .unwrap();
    assert!(full.iter().all(|a| a.fingerprint.is_some()));
    for which in [vec![1usize, 4], (0..full.len()).collect()] {
        let mut rows = store.rank_rows(since).unwrap();
        assert!(rows.iter().all(|a| a.fingerprint.is_none()));
        store.attach_fingerprints(&mut rows, &which).unwrap();
        for (i, a) in rows.iter().enumerate() {
            let expected = full.iter().find(|f| f.id == a.id).unwrap();
            if which.contains(&i) {
                assert_eq!(a.fingerprint, expected.fingerprint, "article {i}");
            } else {
                assert_eq!(a.fingerprint, None);
            }
        }
    }
}

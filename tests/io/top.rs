//! Top's stored inputs: the fingerprint format of caches written before
//! version 3 (8-byte words of 59-bit hashes) still reads, as the same
//! fingerprints (less the `LATIN` flag, which version 2 did not have) and
//! the same stories, without the cache being rewritten;
//! which articles of the window are read.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use keruen::config::settings::Settings;
use keruen::domain::{NewArticle, ParsedFeed};
use keruen::fetch::Validators;
use keruen::rank::canonical_url;
use keruen::rank::fingerprint::{LATIN, TITLE, VERSION, stable_hash};
use keruen::rank::text::stem_set;
use keruen::store::{RankFields, Store};
use keruen::stories;

/// Titles alone (no summary, no numbers, no names after the first word),
/// so every term is a title term with no other flag.
const TITLES: [(usize, &str); 5] = [
    (0, "Oil prices jump after producers extend output cuts"),
    (1, "Oil prices jump as producers extend output cuts again"),
    (0, "Wheat harvest record expected across northern regions"),
    (
        1,
        "Northern regions expect record wheat harvest this autumn",
    ),
    (1, "Railway station reopens after long reconstruction works"),
];

/// The version-2 blob of a title-only article: the version, the link's
/// hash, then `stable_hash(term) << 5 | TITLE` per term, ascending.
fn version_2_blob(title: &str, link: &str) -> Vec<u8> {
    let mut words: Vec<u64> = stem_set(title)
        .iter()
        .map(|k| stable_hash(k.as_bytes()) << 5 | TITLE)
        .collect();
    words.sort_unstable();
    let mut out = vec![2u8];
    out.extend_from_slice(&stable_hash(canonical_url(link).as_bytes()).to_le_bytes());
    for w in words {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out
}

fn want_title(articles: &[keruen::rank::RankArticle], id: keruen::domain::ArticleId) -> &str {
    articles
        .iter()
        .find(|a| a.id == id)
        .map_or("", |a| a.title.as_str())
}

fn top(store: &Store, settings: &Settings) -> Vec<Vec<i64>> {
    let mut out: Vec<Vec<i64>> = stories::top(
        store,
        settings,
        Utc::now(),
        Duration::from_secs(7 * 86_400),
        None,
        10,
    )
    .unwrap()
    .into_iter()
    .map(|e| {
        let mut m: Vec<i64> = e.members.iter().map(|a| a.0).collect();
        m.sort_unstable();
        m
    })
    .collect();
    out.sort();
    out
}

/// A cache of `TITLES` from feeds a and b, an hour apart.
fn cache() -> (tempfile::TempDir, Store, Settings) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cache.db")).unwrap();
    let settings = Settings::with_feeds(vec![
        crate::common::feed_settings("a"),
        crate::common::feed_settings("b"),
    ]);
    let ids = store.sync_feeds(&settings.feeds).unwrap();
    for (k, &(feed, title)) in TITLES.iter().enumerate() {
        let item = NewArticle {
            key: format!("k{k}"),
            title: title.into(),
            link: Some(format!("https://news.example/{k}")),
            published: Some(Utc::now() - TimeDelta::hours(k as i64 + 1)),
            ..NewArticle::default()
        };
        let doc = ParsedFeed {
            title: None,
            site_link: None,
            items: vec![item],
            damaged: false,
        };
        store
            .apply_update(ids[feed], &doc, &Validators::default(), Utc::now())
            .unwrap();
    }
    (dir, store, settings)
}

#[test]
fn a_cache_of_version_2_fingerprints_ranks_as_one_of_version_3() {
    let (dir, store, settings) = cache();
    let path = dir.path().join("cache.db");
    let since = Utc::now() - TimeDelta::days(7);
    let fresh = store.rank_inputs(since, RankFields::Text).unwrap();
    assert_eq!(fresh.len(), TITLES.len());
    let before = top(&store, &settings);
    assert_eq!(
        before.iter().filter(|m| m.len() == 2).count(),
        2,
        "two stories of two reports: {before:?}"
    );
    drop(store);

    // Rewrite every fingerprint as a cache of version 2 held it.
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for a in &fresh {
            let old: Vec<u8> = c
                .query_row(
                    "SELECT fingerprint FROM article_fingerprints WHERE article_id = ?1",
                    [a.id.0],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(old[0], VERSION);
            let blob = version_2_blob(&a.title, a.link.as_deref().unwrap());
            // 5 bytes a term where version 2 took 8.
            assert_eq!(old.len() - 9, (blob.len() - 9) / 8 * 5, "{}", a.title);
            c.execute(
                "UPDATE article_fingerprints SET fingerprint = ?2 WHERE article_id = ?1",
                rusqlite::params![a.id.0, blob],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let mut lean = store.rank_inputs(since, RankFields::Clustering).unwrap();
    lean.sort_by_key(|a| a.id);
    let mut want = fresh.clone();
    want.sort_by_key(|a| a.id);
    for (got, want) in lean.iter().zip(&want) {
        // Read from the stored blob (Top's lean read leaves the title
        // empty when a fingerprint decodes), equal to today's.
        // Version 2 had no `LATIN` flag: the terms and every other flag
        // are today's.
        assert!(got.title.is_empty(), "not decoded: {}", want.title);
        let mut want = want.fingerprint.clone().unwrap();
        for s in &mut want.stems {
            *s &= !LATIN;
        }
        assert_eq!(
            got.fingerprint.as_ref(),
            Some(&want),
            "{}",
            want_title(&fresh, got.id)
        );
    }
    assert_eq!(top(&store, &settings), before);
}

#[test]
fn the_window_holds_active_feeds_and_the_starred_articles_of_removed_ones() {
    let (_dir, mut store, settings) = cache();
    let since = Utc::now() - TimeDelta::days(7);
    let all = store.rank_inputs(since, RankFields::Text).unwrap();
    let of_b: Vec<_> = all
        .iter()
        .filter(|a| TITLES.iter().any(|&(f, t)| f == 1 && t == a.title))
        .map(|a| a.id)
        .collect();
    assert_eq!(of_b.len(), 3);
    // Star one article of b (and one of a, which changes nothing), then
    // remove b from the config.
    store.set_starred(of_b[1], true).unwrap();
    let of_a = all.iter().find(|a| !of_b.contains(&a.id)).unwrap().id;
    store.set_starred(of_a, true).unwrap();
    store.sync_feeds(&settings.feeds[..1]).unwrap();
    for fields in [RankFields::Clustering, RankFields::Text] {
        let mut ids: Vec<_> = store
            .rank_inputs(since, fields)
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        ids.sort();
        let mut want: Vec<_> = all
            .iter()
            .map(|a| a.id)
            .filter(|id| !of_b.contains(id) || *id == of_b[1])
            .collect();
        want.sort();
        assert_eq!(ids, want, "{fields:?}");
    }
    // Unstarred, it leaves the window with its feed.
    store.set_starred(of_b[1], false).unwrap();
    let n = store
        .rank_inputs(since, RankFields::Clustering)
        .unwrap()
        .len();
    assert_eq!(n, TITLES.len() - 3);
}

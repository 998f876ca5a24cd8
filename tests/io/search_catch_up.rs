//! Indexing for search in steps (`Store::index_some`, the TUI's background
//! indexer) and a search that catches up on only part of the queue
//! (`Store::search_catching_up`): the newest articles first, the count of
//! those still waiting exact, and two connections indexing at once (the
//! indexer and a search) each article once.

use keruen::config::settings::FeedSettings;
use keruen::domain::FeedId;
use keruen::search_query::SearchQuery;
use keruen::store::Store;
use url::Url;

use crate::common::store_fill::{apply, hit_key, news};

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        limit: 10_000,
        ..SearchQuery::parse(text).unwrap()
    }
}

/// `per_day` articles on each of days 1..=3: day 1's say "ескі", day 3's
/// "жаңа" (so the newest are the last written, the highest ids).
fn three_days(s: &mut Store, feed: FeedId, per_day: usize) {
    for day in 1..=3u32 {
        let word = match day {
            1 => "ескі",
            2 => "орта",
            _ => "жаңа",
        };
        let items = (0..per_day)
            .map(|i| {
                news(
                    &format!("d{day}-{i}"),
                    &format!("{word} хабар {i}"),
                    &format!("Бүгінгі {word} оқиғалар тізімі, нөмірі {i}."),
                    day,
                )
            })
            .collect();
        apply(s, feed, items, day);
    }
}

fn feed(s: &mut Store) -> FeedId {
    s.sync_feeds(&[FeedSettings::new(
        "kaz",
        Url::parse("https://example.kz/rss").unwrap(),
    )])
    .unwrap()[0]
}

#[test]
fn steps_index_the_newest_first_and_say_how_many_still_wait() {
    let mut s = Store::open_in_memory().unwrap();
    let f = feed(&mut s);
    three_days(&mut s, f, 400);
    assert_eq!(s.pending_index().unwrap(), 1_200);

    // One step: bounded, and the newest day is indexed before the oldest.
    assert_eq!(s.index_some(300).unwrap(), 900);
    let (hits, left) = s.search_catching_up(&query("жаңа"), 0).unwrap();
    assert_eq!(left, 900);
    assert_eq!(hits.len(), 300);
    assert!(hits.into_iter().all(|h| hit_key(h).starts_with("d3-")));
    let (hits, left) = s.search_catching_up(&query("ескі"), 0).unwrap();
    assert_eq!((hits.len(), left), (0, 900), "the oldest wait");

    // A search catching up on some indexes the next newest first.
    let (hits, left) = s.search_catching_up(&query("жаңа"), 150).unwrap();
    assert_eq!((hits.len(), left), (400, 750));
    let (hits, _) = s.search_catching_up(&query("орта"), 0).unwrap();
    assert_eq!(hits.len(), 50, "day 2's newest 50 after day 3's last 100");

    // Steps until none wait; then every day is found, each article once.
    let mut steps = 0;
    while s.index_some(200).unwrap() > 0 {
        steps += 1;
        assert!(steps < 10, "the queue must shrink each step");
    }
    assert_eq!(steps, 3, "750 left in steps of 200");
    for word in ["ескі", "орта", "жаңа"] {
        let (hits, left) = s.search_catching_up(&query(word), 0).unwrap();
        assert_eq!((hits.len(), left), (400, 0), "{word}");
    }
    // Nothing waits: a step is a no-op, not an error.
    assert_eq!(s.index_some(200).unwrap(), 0);
}

#[test]
fn two_connections_indexing_at_once_index_each_article_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let f = feed(&mut s);
    three_days(&mut s, f, 600);
    drop(s);

    // The TUI's indexer and a search's catch-up on their own connections,
    // both working through the same queue in interleaved transactions.
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let s = Store::open(&path).unwrap();
                while s.index_some(100).unwrap() > 0 {}
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.pending_index().unwrap(), 0);
    for word in ["ескі", "орта", "жаңа"] {
        let hits = s.search(&query(word)).unwrap();
        let mut keys: Vec<String> = hits.into_iter().map(hit_key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 600, "{word}");
    }
    let hits = s.search(&query("хабар")).unwrap();
    assert_eq!(hits.len(), 1_800, "no article indexed twice or missed");
}

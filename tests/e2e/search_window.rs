//! Search at scale: a common word ranks only its newest matches
//! (`keruen::store::RANK_WINDOW`), filters widen that window until enough
//! hits pass, and prefixes spelled out as the index's terms find exactly
//! what the prefix finds.

use keruen::config::settings::FeedSettings;
use keruen::domain::{FeedId, NewArticle};
use keruen::search_query::SearchQuery;
use keruen::store::{RANK_WINDOW, Store};

use crate::common::store_fill::{apply, hit_key, news as art, november as t};

fn feed(name: &str) -> FeedSettings {
    crate::common::feed_settings(name)
}

/// Every article of these tests is written on the 28th.
fn add(s: &mut Store, feed: FeedId, items: Vec<NewArticle>) {
    apply(s, feed, items, 28);
}

/// (key, id) of the hits, best first.
fn run(s: &Store, q: &str, limit: usize, window: usize) -> Vec<(String, i64)> {
    let q = SearchQuery {
        limit,
        ..SearchQuery::parse(q).unwrap()
    };
    s.search_windowed(&q, t(29), window)
        .unwrap()
        .into_iter()
        .map(|h| {
            let id = h.article.id.0;
            (hit_key(h), id)
        })
        .collect()
}

fn keys(s: &Store, q: &str) -> Vec<String> {
    let mut k: Vec<String> = run(s, q, 1000, RANK_WINDOW)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    k.sort();
    k
}

#[test]
fn a_common_word_ranks_only_its_newest_matches() {
    let mut s = Store::open_in_memory().unwrap();
    let f = s.sync_feeds(&[feed("tengri")]).unwrap()[0];
    // The best match by bm25 (the word in the title, often), but old.
    add(
        &mut s,
        f,
        vec![art(
            "old",
            "Уран уран",
            "Уран өндірісі. Уран бағасы. Уран.",
            1,
        )],
    );
    let newer: Vec<NewArticle> = (0..30)
        .map(|i| {
            let body = format!("Жаңалықтар легі {i}. Кен орнында уран табылды. Ауа райы жақсы.");
            art(
                &format!("new{i}"),
                &format!("Жаңалық {i}"),
                &body,
                2 + i % 20,
            )
        })
        .collect();
    add(&mut s, f, newer);

    // Every match ranked (fewer than the window): the old one is best.
    let all = run(&s, "уран", 1000, RANK_WINDOW);
    assert_eq!(all.len(), 31);
    assert_eq!(all[0].0, "old");

    // A window of 10: the hits are the best of the 10 newest matches.
    let mut ids: Vec<i64> = all.iter().map(|h| h.1).collect();
    ids.sort_unstable();
    let newest: Vec<i64> = ids[ids.len() - 10..].to_vec();
    let hits = run(&s, "уран", 5, 10);
    assert_eq!(hits.len(), 5);
    for (key, id) in &hits {
        assert!(newest.contains(id), "{key} ({id}) is not among {newest:?}");
    }
    // In the order the full ranking gives those same articles.
    let expected: Vec<(String, i64)> = all
        .iter()
        .filter(|h| newest.contains(&h.1))
        .take(5)
        .cloned()
        .collect();
    assert_eq!(hits, expected);
}

#[test]
fn filters_widen_the_window_until_enough_hits_pass() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("old"), feed("busy")]).unwrap();
    let old: Vec<NewArticle> = (0..6)
        .map(|i| art(&format!("o{i}"), "Мұнай бағасы", "Мұнай туралы.", 1 + i))
        .collect();
    add(&mut s, ids[0], old);
    let busy: Vec<NewArticle> = (0..40)
        .map(|i| art(&format!("b{i}"), "Мұнай", "Мұнай мұнай.", 10 + i % 15))
        .collect();
    add(&mut s, ids[1], busy);

    // The newest 4 matches are all of "busy": the window must grow to find
    // "old"'s.
    let hits = run(&s, "мұнай feed:old", 5, 4);
    assert_eq!(hits.len(), 5, "{hits:?}");
    assert!(hits.iter().all(|(k, _)| k.starts_with('o')), "{hits:?}");
    assert_eq!(run(&s, "мұнай feed:old", 50, 4).len(), 6);

    // The same through the index-only ranking: "busy" leaves the config,
    // so its articles no longer pass the rows' check.
    s.sync_feeds(&[feed("old")]).unwrap();
    let hits = run(&s, "мұнай", 5, 4);
    assert_eq!(hits.len(), 5, "{hits:?}");
    assert!(hits.iter().all(|(k, _)| k.starts_with('o')), "{hits:?}");
}

#[test]
fn prefixes_spelled_out_find_what_the_prefix_finds() {
    let mut s = Store::open_in_memory().unwrap();
    let f = s.sync_feeds(&[feed("mix")]).unwrap()[0];
    let mut items = vec![
        art("a1", "Алматы", "Қала.", 1),
        art("a2", "АЛМАТЫДА жаңбыр", "Қала.", 1),
        art("a3", "Алматинский метрополитен", "Город.", 1),
        art("a4", "Алма ағашы", "Бақ.", 1),
        art("y1", "Ёлка на площади", "Праздник.", 2),
        art("y2", "Елка в парке", "Праздник.", 2),
        art("c1", "Café crème", "Paris.", 3),
        art("h1", "A co-operative bank", "Money.", 3),
    ];
    // More words of one prefix than are spelled out: FTS5's prefix query.
    for i in 0..40 {
        items.push(art(
            &format!("m{i:02}"),
            &format!("manyword{i:02}x"),
            "Text.",
            4,
        ));
    }
    add(&mut s, f, items);
    assert_eq!(keys(&s, "алмат"), ["a1", "a2", "a3"]);
    assert_eq!(keys(&s, "АЛМА"), ["a1", "a2", "a3", "a4"]);
    assert_eq!(keys(&s, "алма -алматы"), ["a3", "a4"]);
    assert_eq!(keys(&s, "ёлк"), ["y1", "y2"]);
    assert_eq!(keys(&s, "елк"), ["y1", "y2"]);
    assert_eq!(keys(&s, "cafe CRÈ"), ["c1"]);
    assert_eq!(keys(&s, "co-op"), ["h1"]);
    assert_eq!(keys(&s, "manyword").len(), 40);
    assert_eq!(
        keys(&s, "manyword1"),
        (10..20).map(|i| format!("m{i}")).collect::<Vec<_>>()
    );
    assert!(keys(&s, "алмазы").is_empty());
    assert!(keys(&s, "жоқсөз").is_empty());
}

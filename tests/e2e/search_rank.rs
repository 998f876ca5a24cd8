//! The search's rank: a word in the title counts more than in the text,
//! and a rarer word more than a common one, from document counts that
//! follow the articles as they come and go (`store::search_idf`).

use keruen::config::settings::{CacheSettings, FeedSettings};
use keruen::domain::NewArticle;
use keruen::search_query::SearchQuery;
use keruen::store::Store;

use crate::common::store_fill::{apply as add, hit_key, news as art, november as t};

fn feed(name: &str) -> FeedSettings {
    crate::common::feed_settings(name)
}

fn keys(s: &Store, q: &str) -> Vec<String> {
    let q = SearchQuery {
        limit: 200,
        ..SearchQuery::parse(q).unwrap()
    };
    s.search_at(&q, t(30))
        .unwrap()
        .into_iter()
        .map(hit_key)
        .collect()
}

/// "rare" has уран in its title and мұнай in its text, "common" the
/// other way round and is newer: which comes first depends only on which
/// word is rarer. The counts are remembered between searches, so the
/// order must follow when articles with уран come (then уран is the
/// common word) and go again.
#[test]
fn a_rarer_word_outranks_a_common_one_as_articles_come_and_go() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("cache.db")).unwrap();
    let ids = s.sync_feeds(&[feed("tengri"), feed("busy")]).unwrap();
    let mut items = vec![
        art("rare", "Уран кен орны ашылды", "Мұнай бағасы өсті.", 27),
        art("common", "Мұнай бағасы өсті", "Уранды кен орны.", 28),
    ];
    for i in 0..30 {
        items.push(art(
            &format!("oil{i}"),
            &format!("Жаңалық {i}"),
            "Мұнайшылар жиналды.",
            26,
        ));
    }
    add(&mut s, ids[0], items, 28);
    let first_two = |s: &Store, q: &str| keys(s, q).into_iter().take(2).collect::<Vec<_>>();
    assert_eq!(first_two(&s, "уран мұнай"), ["rare", "common"]);
    // The same with the words the other way round, Cyrillic in capitals,
    // a phrase, and filters that keep both.
    assert_eq!(first_two(&s, "МҰНАЙ УРАН"), ["rare", "common"]);
    assert_eq!(first_two(&s, "\"уран кен\" мұнай"), ["rare"]);
    assert_eq!(
        first_two(&s, "уран мұнай unread feed:tengri"),
        ["rare", "common"]
    );
    assert_eq!(first_two(&s, "уран мұнай since:7d"), ["rare", "common"]);

    // 60 articles with уран arrive: now мұнай (32) is the rarer word.
    let uranium: Vec<NewArticle> = (0..60)
        .map(|i| art(&format!("u{i}"), &format!("Хабар {i}"), "Уран өндірісі.", 1))
        .collect();
    add(&mut s, ids[1], uranium, 2);
    assert_eq!(first_two(&s, "уран мұнай"), ["common", "rare"]);
    assert_eq!(keys(&s, "уран мұнай").len(), 2);

    // They leave the feed and retention removes them: уран is rare again.
    add(&mut s, ids[1], vec![art("n", "Хабар", "Жаңалық.", 29)], 29);
    // Indexed and counted now, so that only the deletes below change the
    // index after the counts were taken.
    assert_eq!(first_two(&s, "уран мұнай"), ["common", "rare"]);
    let policy = CacheSettings {
        max_age: Some(std::time::Duration::from_secs(5 * 86_400)),
        max_per_feed: None,
    };
    assert!(s.apply_retention(&policy, t(30)).unwrap() >= 60);
    assert_eq!(first_two(&s, "уран мұнай"), ["rare", "common"]);
}

/// Equal scores go newest first; a title match beats a newer text match.
#[test]
fn equal_matches_go_newest_first_after_the_title_matches() {
    let mut s = Store::open_in_memory().unwrap();
    let f = s.sync_feeds(&[feed("tengri")]).unwrap()[0];
    add(
        &mut s,
        f,
        vec![
            art("t-old", "Выборы в парламент", "Текст.", 3),
            art("b-new", "Новости", "Прошли выборы.", 9),
            art("b-mid", "Сводка", "Выборов не было.", 6),
            art("b-old", "Итоги", "Выборы.", 2),
        ],
        10,
    );
    assert_eq!(keys(&s, "выбор"), ["t-old", "b-new", "b-mid", "b-old"]);
}

/// Title before author before text, whether few articles have the word
/// in their title or many.
#[test]
fn title_then_author_then_text() {
    for titles in [3usize, 70] {
        let mut s = Store::open_in_memory().unwrap();
        let f = s.sync_feeds(&[feed("tengri")]).unwrap()[0];
        let mut items = vec![
            art("text", "Жаңалық", "Сарапшы Асқаров айтты.", 9),
            NewArticle {
                author: Some("Асқаров Нұрлан".into()),
                ..art("author", "Сұхбат", "Әңгіме.", 8)
            },
        ];
        for i in 0..titles {
            items.push(art(
                &format!("t{i:02}"),
                "Асқаров мәлімдеме жасады",
                "Мәтін.",
                1,
            ));
        }
        add(&mut s, f, items, 10);
        let got = keys(&s, "асқаров");
        assert_eq!(got.len(), titles + 2);
        assert!(got[..titles].iter().all(|k| k.starts_with('t')), "{got:?}");
        assert_eq!(got[titles..], ["author", "text"], "{titles}: {got:?}");
    }
}

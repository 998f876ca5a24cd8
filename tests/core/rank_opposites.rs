//! Story grouping rules of the second ranking round: event words of
//! opposite ways keep look-alike titles apart, and a Kazakh and a Russian
//! report of one event group when every number and name agrees — through
//! the clusterer's own candidate search, not only its pairwise test.

use keruen::config::settings::RankSettings;
use keruen::rank::eval;

use super::rank_titles::{art, groups};

#[test]
fn opposite_event_words_keep_look_alike_titles_apart() {
    let arts = vec![
        art(1, "В Москве начался «Марш против подлецов»", 0),
        art(2, "В Москве завершился «Марш против подлецов»", 1),
        art(3, "«Марш против подлецов» начался в Москве", 2),
        art(4, "Oil prices rose sharply after the OPEC meeting", 0),
        art(5, "Oil prices fell sharply after the OPEC meeting", 1),
        art(6, "After the OPEC meeting oil prices rose sharply", 2),
    ];
    // Each pair differs in one word of five, and that word is the event.
    assert_eq!(
        groups(&arts),
        vec![vec![1, 3], vec![2], vec![4, 6], vec![5]]
    );
}

#[test]
fn an_event_word_counts_at_the_head_of_a_title_and_only_in_its_script() {
    let arts = vec![
        // The event first: its word is stemmed as a name, and still says
        // which way the vote went.
        art(
            1,
            "Голосование на президентских выборах началось в Казахстане",
            0,
        ),
        art(
            2,
            "Завершилось голосование на президентских выборах в Казахстане",
            1,
        ),
        // "день" folds as English "denies" does, and is no denial.
        art(3, "В Москве в день города открылся новый парк «Зарядье»", 0),
        art(4, "В Москве открылся новый парк «Зарядье»", 1),
    ];
    assert_eq!(groups(&arts), vec![vec![1], vec![2], vec![3, 4]]);
}

#[test]
fn kazakh_and_russian_reports_group_when_numbers_and_names_agree() {
    let arts = vec![
        art(1, "Алматыда 5,2 магнитудалы жер сілкінісі тіркелді", 0),
        art(2, "В Алматы зафиксировано землетрясение магнитудой 5,2", 1),
        // Another magnitude: another earthquake.
        art(3, "В Алматы зафиксировано землетрясение магнитудой 4,1", 2),
        art(4, "Тараз бен Шымкент арасындағы жол 2025 жылы жөнделеді", 0),
        art(
            5,
            "Дорогу между Таразом и Шымкентом отремонтируют в 2025 году",
            1,
        ),
        // Another city named: not the same road.
        art(
            6,
            "Дорогу между Таразом и Туркестаном отремонтируют в 2025 году",
            2,
        ),
        // One opens, the other closes, in one city on one day.
        art(7, "Алматыда метроның 2 жаңа бекеті ашылды", 0),
        art(8, "В Алматы закрыли 2 станции метро на ремонт", 1),
    ];
    assert_eq!(
        groups(&arts),
        vec![vec![1, 2], vec![3], vec![4, 5], vec![6], vec![7], vec![8]]
    );
}

#[test]
fn the_constructed_kazakh_russian_set_holds_its_figure() {
    let tsv = include_str!("../fixtures/rank/kk_ru_constructed.tsv");
    let pairs = eval::parse_pairs(tsv);
    assert_eq!(pairs.len(), 50);
    let results = eval::evaluate_all(&pairs, &RankSettings::default());
    let s = results[0].1.all();
    print!("{}", eval::table(&results));
    // Constructed, not real news (docs/ranking.md): 1 of 30 grouped before
    // the numbers-and-names rule.
    // 8 of 30 before Kazakh abbreviations and names of places were read
    // as the Russian ones and surnames stemmed (13 with them); 14 with
    // Russian adjectives of places read as the place; 15 with a shared
    // date as an anchor and the Kazakh stemmer's fixes.
    assert!(s.recall() >= 0.5, "recall {:.3}", s.recall());
    assert!(s.precision() >= 0.9, "precision {:.3}", s.precision());
}

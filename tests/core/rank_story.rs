//! Kazakh and Russian reports of one event, measured on real text: the
//! Kazakh–Russian sentences of the Tatoeba Translation Challenge
//! (`tests/fixtures/rank/kk_ru_tatoeba.md` says where they come from and
//! how each pair is labelled).

use keruen::config::settings::RankSettings;
use keruen::rank::eval;

#[test]
fn kazakh_and_russian_reports_of_one_event_hold_the_floors() {
    let tsv = include_str!("../fixtures/rank/kk_ru_tatoeba.tsv");
    let pairs = eval::parse_pairs(tsv);
    assert_eq!(pairs.len(), 198);
    // The set keeps the lines whose Kazakh sentence carries a figure.
    assert!(
        pairs
            .iter()
            .all(|p| p.lang == "kk-ru" && p.a.chars().any(|c| c.is_ascii_digit()))
    );
    let results = eval::evaluate_all(&pairs, &RankSettings::default());
    print!("{}", eval::table(&results));
    let (_, s) = results
        .iter()
        .find(|(lang, _)| lang == "kk-ru")
        .expect("the set is Kazakh-Russian");
    // Floors a little under the held-out figures (docs/ranking.md).
    // Precision 0.94 and related@5 0.56 since stop 30 (from 0.95 and
    // 0.57): English "denies" was a denial in every Russian sentence
    // with "день" (both fold to `den`), which kept one `0` pair of two
    // observances on one date apart by accident (17 of 18 grouped are
    // right, 0.944; related@5 0.569).
    let h = s.held_out;
    assert!(
        h.precision() >= 0.94,
        "kk-ru precision {:.3}",
        h.precision()
    );
    assert!(h.recall() >= 0.25, "kk-ru recall {:.3}", h.recall());
    assert!(
        h.related_at_5() >= 0.56,
        "kk-ru related@5 {:.3}",
        h.related_at_5()
    );
}

//! Story grouping rules of the second ranking round: event words of
//! opposite ways keep look-alike titles apart.

use chrono::{TimeDelta, TimeZone, Utc};
use keruen::config::settings::RankSettings;
use keruen::domain::{ArticleId, FeedId, Signals};
use keruen::rank::{RankArticle, cluster};

fn art(id: i64, title: &str, hour: i64) -> RankArticle {
    RankArticle {
        id: ArticleId(id),
        // Every article its own feed: only the text decides.
        feed_id: FeedId(id),
        title: title.to_string(),
        summary: None,
        link: None,
        date: Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap() + TimeDelta::hours(hour),
        signals: Signals::default(),
        fingerprint: None,
    }
}

fn groups(arts: &[RankArticle]) -> Vec<Vec<i64>> {
    let mut v: Vec<Vec<i64>> = cluster(arts, &RankSettings::default())
        .iter()
        .map(|c| {
            let mut m: Vec<i64> = c.members.iter().map(|a| a.0).collect();
            m.sort_unstable();
            m
        })
        .collect();
    v.sort();
    v
}

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

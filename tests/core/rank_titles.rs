//! Articles of one title each, every one its own feed, and the stories the
//! clusterer makes of them: what the story-grouping tests compare.

use chrono::{TimeDelta, TimeZone, Utc};
use keruen::config::settings::RankSettings;
use keruen::domain::{ArticleId, FeedId, Signals};
use keruen::rank::{RankArticle, cluster};

/// An article of `title` at `hour` past a fixed morning, in a feed of its own.
pub fn art(id: i64, title: &str, hour: i64) -> RankArticle {
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

/// The stories of `arts` as sorted lists of ids, sorted.
pub fn groups(arts: &[RankArticle]) -> Vec<Vec<i64>> {
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

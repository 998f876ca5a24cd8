//! Popularity score of a story (see docs/ranking.md for the formula and a
//! worked example).
//!
//! ```text
//! score = (engagement_weight·E + coverage_weight·C + BASE) · D · W
//!   E = max over members of the weighted mean of the member's signal
//!       percentiles within its own feed (0 when it has no signals)
//!   C = ln(sources)            (0 for a single source)
//!   D = 0.5^(age / half_life)  (age of the earliest member)
//!   W = max feed weight among the members (1.0 when not configured)
//! ```
//!
//! `top_stories_growing` adds `VELOCITY_WEIGHT · G` inside the bracket, G
//! the members' best percentile of views gained per hour within their feed.
//!
//! Percentiles are computed among the articles passed in (the caller's
//! window, e.g. the last 7 days), per feed and per signal, so 900 views on a
//! small regional site and 90,000 on a national one both count as "the top
//! of their feed".

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::cluster::{Cluster, cluster_indices, to_cluster};
use super::{FastMap, RankArticle};
use crate::config::settings::RankSettings;
use crate::domain::{ArticleId, FeedId, Signals, StoryWhy};

/// Keeps stories with no signals and one source above zero, so they still
/// rank among themselves by recency and feed weight.
pub const BASE: f64 = 0.1;

/// Weight of each signal's percentile in a member's engagement.
pub const VIEWS_WEIGHT: f64 = 1.0;
pub const COMMENTS_WEIGHT: f64 = 1.0;
pub const POINTS_WEIGHT: f64 = 1.0;
/// Ratings are coarse (a few distinct values) and rarely reported.
pub const RATING_WEIGHT: f64 = 0.5;

/// Weight of velocity (views gained per hour, as a percentile within the
/// feed) in the score: a story rising now beats one that peaked yesterday.
pub const VELOCITY_WEIGHT: f64 = 1.0;

/// Why a story ranks where it does: the figures shown next to it and the
/// parts of its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// Total views over the cluster's members that report views.
    pub views: Option<u64>,
    /// Total comments over the members that report them.
    pub comments: Option<u64>,
    /// Highest points/score among the members.
    pub score_points: Option<i64>,
    /// Highest average rating among the members (e.g. media:starRating).
    pub rating: Option<f64>,
    /// Distinct feeds reporting the story.
    pub sources: usize,
    /// Age of the first report at ranking time.
    pub age: TimeDelta,
    /// Date of the first report (so the age can be shown relative to a later now).
    pub first_seen: DateTime<Utc>,
    /// Views gained per hour recently, summed over the members that report
    /// growth (see `stories::VELOCITY_WINDOW`).
    pub views_per_hour: Option<f64>,
    /// G: velocity in 0..=1 (the best member's percentile within its feed).
    pub velocity: f64,
    /// E: engagement in 0..=1.
    pub engagement: f64,
    /// C: coverage, ln(sources).
    pub coverage: f64,
    /// D: recency decay in 0..=1.
    pub decay: f64,
    /// W: feed weight.
    pub weight: f64,
}

/// A ranked story.
#[derive(Debug, Clone, PartialEq)]
pub struct TopStory {
    pub cluster: Cluster,
    pub score: f64,
    pub explanation: Explanation,
}

impl TopStory {
    /// The figures of the story's "why" line; `i18n::why` words them in
    /// the reader's language.
    pub fn why_parts(&self) -> StoryWhy {
        let e = &self.explanation;
        StoryWhy {
            signals: Signals {
                views: e.views,
                comments: e.comments,
                score: e.score_points,
                rating: e.rating,
            },
            views_per_hour: e.views_per_hour,
            sources: e.sources,
            first_seen: e.first_seen,
        }
    }

    /// The "why" line in English, e.g. "12.3k views · 45 comments ·
    /// 4 sources · 3h ago" (for tests and logs).
    pub fn why(&self, now: DateTime<Utc>) -> String {
        crate::i18n::why::line(crate::i18n::Lang::En, &self.why_parts(), now)
    }
}

/// Sorted values of one signal in one feed; percentile by mid-rank.
#[derive(Default)]
struct Distribution(Vec<f64>);

impl Distribution {
    /// Fraction of values below `v`, counting equal values half: a feed's
    /// only article gets 0.5, the best of many gets close to 1.
    fn percentile(&self, v: f64) -> f64 {
        let below = self.0.partition_point(|&x| x < v);
        let not_above = self.0.partition_point(|&x| x <= v);
        let equal = not_above - below;
        (below as f64 + 0.5 * equal as f64) / self.0.len().max(1) as f64
    }
}

const SIGNALS: usize = 4;

fn signal_values(a: &RankArticle) -> [Option<f64>; SIGNALS] {
    let s = &a.signals;
    [
        s.views.map(|v| v as f64),
        s.comments.map(|v| v as f64),
        s.score.map(|v| v as f64),
        s.rating.filter(|r| r.is_finite()),
    ]
}

const SIGNAL_WEIGHTS: [f64; SIGNALS] =
    [VIEWS_WEIGHT, COMMENTS_WEIGHT, POINTS_WEIGHT, RATING_WEIGHT];

/// Engagement of every article: the weighted mean of its signals'
/// percentiles within its feed, 0 when it reports none.
pub(crate) fn engagements(articles: &[RankArticle]) -> Vec<f64> {
    let mut dists: FastMap<FeedId, [Distribution; SIGNALS]> = FastMap::default();
    for a in articles {
        let d = dists.entry(a.feed_id).or_default();
        for (k, v) in signal_values(a).into_iter().enumerate() {
            if let Some(v) = v {
                d[k].0.push(v);
            }
        }
    }
    for d in dists.values_mut() {
        for dist in d.iter_mut() {
            dist.0.sort_unstable_by(f64::total_cmp);
        }
    }
    articles
        .iter()
        .map(|a| {
            let Some(d) = dists.get(&a.feed_id) else {
                return 0.0;
            };
            let (mut sum, mut weights) = (0.0, 0.0);
            for (k, v) in signal_values(a).into_iter().enumerate() {
                if let Some(v) = v {
                    sum += SIGNAL_WEIGHTS[k] * d[k].percentile(v);
                    weights += SIGNAL_WEIGHTS[k];
                }
            }
            if weights > 0.0 { sum / weights } else { 0.0 }
        })
        .collect()
}

/// Velocity of every article: the percentile of its views gained per hour
/// among the growing articles of its feed, 0 when it is not growing.
pub(crate) fn velocities(articles: &[RankArticle], growth: &HashMap<ArticleId, f64>) -> Vec<f64> {
    let rate = |a: &RankArticle| {
        growth
            .get(&a.id)
            .copied()
            .filter(|v| v.is_finite() && *v > 0.0)
    };
    let mut dists: FastMap<FeedId, Distribution> = FastMap::default();
    for a in articles {
        if let Some(v) = rate(a) {
            dists.entry(a.feed_id).or_default().0.push(v);
        }
    }
    for d in dists.values_mut() {
        d.0.sort_unstable_by(f64::total_cmp);
    }
    articles
        .iter()
        .map(|a| match (rate(a), dists.get(&a.feed_id)) {
            // A feed's only growing article counts as fully "rising".
            (Some(v), Some(d)) => (d.percentile(v) + 0.5 / d.0.len() as f64).min(1.0),
            _ => 0.0,
        })
        .collect()
}

/// 0.5^(age / half_life); ages in the future count as 0, a zero half-life
/// turns decay off.
pub fn decay(age: TimeDelta, half_life: std::time::Duration) -> f64 {
    let hl = half_life.as_secs_f64();
    if hl <= 0.0 {
        return 1.0;
    }
    let age = (age.num_milliseconds().max(0) as f64) / 1000.0;
    0.5f64.powf(age / hl)
}

/// ln(decay(age, half_life)), exact where `decay` underflows.
fn log_decay(age: TimeDelta, half_life: std::time::Duration) -> f64 {
    let hl = half_life.as_secs_f64();
    if hl <= 0.0 {
        return 0.0;
    }
    let age = (age.num_milliseconds().max(0) as f64) / 1000.0;
    -(age / hl) * std::f64::consts::LN_2
}

/// The `limit` best stories among `articles`, best first. `weights` gives
/// per-feed multipliers (missing feeds weigh 1.0). Pass the articles of the
/// window to rank (e.g. the last 7 days): percentiles are computed among
/// them. Ties are broken by earlier first report, then article id.
pub fn top_stories(
    articles: &[RankArticle],
    weights: &HashMap<FeedId, f64>,
    settings: &RankSettings,
    now: DateTime<Utc>,
    limit: usize,
) -> Vec<TopStory> {
    top_stories_growing(articles, &HashMap::new(), weights, settings, now, limit)
}

/// `top_stories` with each article's recent views gained per hour
/// (`growth`, from the stored signal history; absent = unknown): the score
/// gains `VELOCITY_WEIGHT · G`, G the best member's velocity percentile
/// within its feed (0 when no member is growing).
pub fn top_stories_growing(
    articles: &[RankArticle],
    growth: &HashMap<ArticleId, f64>,
    weights: &HashMap<FeedId, f64>,
    settings: &RankSettings,
    now: DateTime<Utc>,
    limit: usize,
) -> Vec<TopStory> {
    if limit == 0 || articles.is_empty() {
        return Vec::new();
    }
    let clusters = cluster_indices(articles, settings);
    top_stories_of(articles, clusters, growth, weights, settings, now, limit)
}

/// `top_stories_growing` over stories grouped already (lists of indices
/// into `articles`, each earliest first, in the order of their first
/// member): Top stories from kept story links (`rank::kept`).
pub fn top_stories_of(
    articles: &[RankArticle],
    clusters: Vec<Vec<usize>>,
    growth: &HashMap<ArticleId, f64>,
    weights: &HashMap<FeedId, f64>,
    settings: &RankSettings,
    now: DateTime<Utc>,
    limit: usize,
) -> Vec<TopStory> {
    if limit == 0 || articles.is_empty() {
        return Vec::new();
    }
    let parts = Parts::of(articles, growth);
    top_stories_with(
        articles, clusters, &parts, growth, weights, settings, now, limit,
    )
}

/// Each article's parts of a story's score that depend on the whole
/// window (percentiles within its feed): computed once per ranking.
pub struct Parts {
    pub engagement: Vec<f64>,
    pub velocity: Vec<f64>,
}

impl Parts {
    pub fn of(articles: &[RankArticle], growth: &HashMap<ArticleId, f64>) -> Parts {
        Parts {
            engagement: engagements(articles),
            velocity: velocities(articles, growth),
        }
    }
}

/// A feed's weight (1.0 when not configured or not finite).
pub(crate) fn feed_weight(weights: &HashMap<FeedId, f64>, feed: FeedId) -> f64 {
    weights
        .get(&feed)
        .copied()
        .filter(|w| w.is_finite())
        .unwrap_or(1.0)
}

/// A story's score in log space from its parts (`top_stories_with` ranks
/// by it): ranked in log space because over a long window (`top --since
/// 365d`) the decay underflows to 0 and every story would tie. It does
/// not decrease when engagement, coverage, velocity, weight or the first
/// report's date grow, given weights that are not negative
/// (`rank::kept_plan` bounds stories with that).
pub(crate) fn log_score(
    settings: &RankSettings,
    engagement: f64,
    coverage: f64,
    velocity: f64,
    weight: f64,
    first_seen: DateTime<Utc>,
    now: DateTime<Utc>,
) -> f64 {
    (settings.engagement_weight * engagement
        + settings.coverage_weight * coverage
        + VELOCITY_WEIGHT * velocity
        + BASE)
        .ln()
        + weight.ln()
        + log_decay(now - first_seen, settings.half_life)
}

/// `top_stories_of` with the window's `Parts` computed already.
#[allow(clippy::too_many_arguments)]
pub fn top_stories_with(
    articles: &[RankArticle],
    clusters: Vec<Vec<usize>>,
    parts: &Parts,
    growth: &HashMap<ArticleId, f64>,
    weights: &HashMap<FeedId, f64>,
    settings: &RankSettings,
    now: DateTime<Utc>,
    limit: usize,
) -> Vec<TopStory> {
    if limit == 0 || articles.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, Vec<usize>, Explanation)> = clusters
        .into_iter()
        .map(|members| {
            let mut e = explain(
                articles,
                &members,
                &parts.engagement,
                weights,
                settings,
                now,
            );
            e.velocity = members
                .iter()
                .map(|&i| parts.velocity[i])
                .fold(0.0, f64::max);
            e.views_per_hour = members
                .iter()
                .filter_map(|&i| growth.get(&articles[i].id).copied())
                .filter(|v| v.is_finite() && *v > 0.0)
                .fold(None, |acc: Option<f64>, v| Some(acc.unwrap_or(0.0) + v));
            let log_score = log_score(
                settings,
                e.engagement,
                e.coverage,
                e.velocity,
                e.weight,
                e.first_seen,
                now,
            );
            (log_score, members, e)
        })
        .collect();

    let key = |s: &(f64, Vec<usize>, Explanation)| (s.2.first_seen, articles[s.1[0]].id);
    let by_rank = |a: &(f64, Vec<usize>, Explanation), b: &(f64, Vec<usize>, Explanation)| {
        b.0.total_cmp(&a.0).then_with(|| key(a).cmp(&key(b)))
    };
    if scored.len() > limit {
        scored.select_nth_unstable_by(limit - 1, by_rank);
        scored.truncate(limit);
    }
    scored.sort_by(by_rank);
    scored
        .into_iter()
        .map(|(log_score, members, explanation)| TopStory {
            cluster: to_cluster(articles, &members),
            score: log_score.exp(),
            explanation,
        })
        .collect()
}

fn explain(
    articles: &[RankArticle],
    members: &[usize],
    engagement: &[f64],
    weights: &HashMap<FeedId, f64>,
    settings: &RankSettings,
    now: DateTime<Utc>,
) -> Explanation {
    let mut feeds: Vec<FeedId> = members.iter().map(|&i| articles[i].feed_id).collect();
    feeds.sort_unstable();
    feeds.dedup();
    let sum = |f: fn(&RankArticle) -> Option<u64>| {
        members
            .iter()
            .filter_map(|&i| f(&articles[i]))
            .fold(None, |acc: Option<u64>, v| {
                Some(acc.unwrap_or(0).saturating_add(v))
            })
    };
    let first_seen = articles[members[0]].date;
    let age = now - first_seen;
    let weight = feeds
        .iter()
        .map(|&f| feed_weight(weights, f))
        .fold(f64::NEG_INFINITY, f64::max)
        .max(0.0);
    Explanation {
        views: sum(|a| a.signals.views),
        comments: sum(|a| a.signals.comments),
        score_points: members
            .iter()
            .filter_map(|&i| articles[i].signals.score)
            .max(),
        rating: members
            .iter()
            .filter_map(|&i| articles[i].signals.rating)
            .filter(|r| r.is_finite())
            .reduce(f64::max),
        sources: feeds.len(),
        views_per_hour: None,
        velocity: 0.0,
        age,
        first_seen,
        engagement: members.iter().map(|&i| engagement[i]).fold(0.0, f64::max),
        coverage: (feeds.len().max(1) as f64).ln(),
        decay: decay(age, settings.half_life),
        weight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn why_lines_use_the_singular_for_one() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let story = |views, comments, points| TopStory {
            cluster: Cluster {
                members: vec![crate::domain::ArticleId(1)],
                representative: crate::domain::ArticleId(1),
                sources: 1,
            },
            score: 1.0,
            explanation: Explanation {
                views: Some(views),
                comments: Some(comments),
                score_points: Some(points),
                rating: None,
                sources: 1,
                age: TimeDelta::hours(3),
                first_seen: now - TimeDelta::hours(3),
                engagement: 0.0,
                coverage: 0.0,
                decay: 1.0,
                weight: 1.0,
                views_per_hour: None,
                velocity: 0.0,
            },
        };
        assert_eq!(
            story(1, 1, 1).why(now),
            "1 view · 1 comment · 1 point · 3h ago"
        );
        assert_eq!(
            story(2, 0, -1).why(now),
            "2 views · 0 comments · -1 point · 3h ago"
        );
    }

    #[test]
    fn percentile_is_mid_rank() {
        let d = Distribution(vec![1.0, 2.0, 3.0, 4.0]);
        assert_eq!(d.percentile(1.0), 0.125);
        assert_eq!(d.percentile(4.0), 0.875);
        assert_eq!(Distribution(vec![5.0]).percentile(5.0), 0.5);
    }

    #[test]
    fn decay_halves_per_half_life() {
        let hl = std::time::Duration::from_secs(3600);
        assert_eq!(decay(TimeDelta::zero(), hl), 1.0);
        assert!((decay(TimeDelta::hours(1), hl) - 0.5).abs() < 1e-12);
        assert!((decay(TimeDelta::hours(2), hl) - 0.25).abs() < 1e-12);
        assert_eq!(decay(TimeDelta::hours(-2), hl), 1.0);
        assert!((log_decay(TimeDelta::hours(2), hl) - 0.25f64.ln()).abs() < 1e-12);
        // Where the decay itself underflows, its log still orders stories.
        assert_eq!(decay(TimeDelta::days(1000), hl), 0.0);
        assert!(log_decay(TimeDelta::days(1000), hl) > log_decay(TimeDelta::days(1001), hl));
    }
}

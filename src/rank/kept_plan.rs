//! Which link groups Top stories must resolve (`kept::cluster_kept`) to
//! find its `limit` best stories from kept links, so that it reads the
//! fingerprints of only those groups' members.
//!
//! Articles joined by links form groups; the linkage splits a group into
//! stories and never joins two groups. A lone article is a story as it
//! is, and so are the stories of a group of two (one link: the linkage
//! needs no fingerprint to decide it), so their scores are exact before
//! any fingerprint is read. A group of three or more needs its members'
//! fingerprints; but no story cut from it scores more than its bound:
//! the score (`score::log_score`) of the best engagement, velocity and
//! feed weight among its members, the coverage of all its feeds and the
//! decay of its latest member. When `limit` exact stories score more
//! than a group's bound, none of its stories can reach the top, and the
//! group is left out: its articles rank as lone articles, below that
//! bound too. The top `limit` (stories, order, scores) is the full
//! computation's: the scores of the others do not depend on the
//! grouping (percentiles are per article, `score::Parts`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::cluster::Stories;
use super::kept::{DocFreqs, KeptLink, Members, cluster_kept};
use super::score::{Parts, feed_weight, log_score};
use super::{FastMap, RankArticle};
use crate::config::settings::RankSettings;
use crate::domain::FeedId;

/// What to resolve: the links to run the linkage on, and the articles
/// (indices) whose fingerprints it compares.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub links: Vec<KeptLink>,
    pub compared: Vec<usize>,
}

/// The plan for the `limit` best stories of `articles` joined by `links`
/// (indices into `articles`).
pub fn plan(
    articles: &[RankArticle],
    links: &[KeptLink],
    parts: &Parts,
    weights: &HashMap<FeedId, f64>,
    settings: &RankSettings,
    now: DateTime<Utc>,
    limit: usize,
) -> Plan {
    let n = articles.len();
    let mut groups = Stories::new(n);
    for &(x, y, _) in links {
        groups.union(x, y);
    }
    let mut size: FastMap<usize, usize> = FastMap::default();
    let root: Vec<usize> = (0..n).map(|i| groups.find(i)).collect();
    for &r in &root {
        *size.entry(r).or_insert(0) += 1;
    }
    let big = |i: usize| size.get(&root[i]).is_some_and(|&s| s > 2);
    let (big_links, small_links): (Vec<KeptLink>, Vec<KeptLink>) =
        links.iter().partition(|l| big(l.0));
    // Stories known before any fingerprint: lone articles and the stories
    // of groups of two (articles of bigger groups are left out here).
    let exact = cluster_kept(
        articles,
        &small_links,
        &Members::new(&[], &DocFreqs::default()),
        settings,
    );
    let mut scores: Vec<f64> = exact
        .iter()
        .filter(|members| !big(members[0]))
        .map(|members| story_score(articles, members, parts, weights, settings, now, false))
        .collect();
    // The `limit`-th best exact score: a group whose bound is below it
    // has no story in the top. Negative weights would break the bound.
    let floor = if limit == 0
        || scores.len() < limit
        || settings.engagement_weight < 0.0
        || settings.coverage_weight < 0.0
    {
        f64::NEG_INFINITY
    } else {
        scores.select_nth_unstable_by(limit - 1, |a, b| b.total_cmp(a));
        scores[limit - 1]
    };
    let mut members_of: FastMap<usize, Vec<usize>> = FastMap::default();
    for i in (0..n).filter(|&i| big(i)) {
        members_of.entry(root[i]).or_default().push(i);
    }
    let kept: FastMap<usize, bool> = members_of
        .iter()
        .map(|(&r, members)| {
            let bound = story_score(articles, members, parts, weights, settings, now, true);
            // A hair of margin for rounding: keeping a group is always safe.
            (r, bound.is_nan() || bound >= floor - 1e-9)
        })
        .collect();
    let wanted = |i: usize| kept.get(&root[i]).copied().unwrap_or(false);
    let mut compared: Vec<usize> = (0..n).filter(|&i| big(i) && wanted(i)).collect();
    compared.sort_unstable();
    let mut out = small_links;
    out.extend(big_links.into_iter().filter(|l| wanted(l.0)));
    Plan {
        links: out,
        compared,
    }
}

/// The log score of the story `members` (earliest first), as
/// `score::top_stories_with` computes it; with `bound`, the most any
/// story of some of these members can score (the latest member's decay).
fn story_score(
    articles: &[RankArticle],
    members: &[usize],
    parts: &Parts,
    weights: &HashMap<FeedId, f64>,
    settings: &RankSettings,
    now: DateTime<Utc>,
    bound: bool,
) -> f64 {
    let mut feeds: Vec<FeedId> = members.iter().map(|&i| articles[i].feed_id).collect();
    feeds.sort_unstable();
    feeds.dedup();
    let weight = feeds
        .iter()
        .map(|&f| feed_weight(weights, f))
        .fold(f64::NEG_INFINITY, f64::max)
        .max(0.0);
    let engagement = members
        .iter()
        .map(|&i| parts.engagement[i])
        .fold(0.0, f64::max);
    let velocity = members
        .iter()
        .map(|&i| parts.velocity[i])
        .fold(0.0, f64::max);
    let first_seen = if bound {
        members.iter().map(|&i| articles[i].date).max()
    } else {
        members.first().map(|&i| articles[i].date)
    };
    let Some(first_seen) = first_seen else {
        return f64::NEG_INFINITY;
    };
    let coverage = (feeds.len().max(1) as f64).ln();
    log_score(
        settings, engagement, coverage, velocity, weight, first_seen, now,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ArticleId, Signals};
    use crate::rank::fingerprint::Fingerprint;
    use crate::rank::score::{TopStory, top_stories_with};
    use chrono::{TimeDelta, TimeZone};

    const TITLES: [&str; 4] = [
        "Storm kills 5 in northern province overnight",
        "Storm in northern province kills villagers overnight",
        "Storm kills 15 in northern province overnight",
        "Northern province storm leaves villagers dead overnight",
    ];

    /// A week of articles: groups of three and four (some members of
    /// groups contradict each other, so the linkage splits them), pairs,
    /// and lone articles, with signals spread by a fixed pseudo-random
    /// sequence; the last lone article is the newest and most viewed.
    fn window() -> (Vec<RankArticle>, Vec<KeptLink>, DateTime<Utc>) {
        let now = Utc.with_ymd_and_hms(2026, 5, 8, 0, 0, 0).unwrap();
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        let mut articles = Vec::new();
        let mut links = Vec::new();
        let push =
            |articles: &mut Vec<RankArticle>, title: String, next: &mut dyn FnMut(u64) -> u64| {
                let k = articles.len();
                articles.push(RankArticle {
                    id: ArticleId(k as i64 + 1),
                    feed_id: FeedId(next(6) as i64),
                    title: String::new(),
                    summary: None,
                    link: None,
                    date: now - TimeDelta::minutes(next(7 * 24 * 60) as i64 + 1),
                    signals: Signals {
                        views: (next(3) > 0).then(|| next(100_000)),
                        comments: (next(2) > 0).then(|| next(500)),
                        ..Signals::default()
                    },
                    fingerprint: Some(Fingerprint::of(&title, None, None)),
                });
                k
            };
        for g in 0..12 {
            let size = 2 + g % 3;
            let first = articles.len();
            for t in TITLES.iter().take(size) {
                let title = format!("{t} in town{g}");
                push(&mut articles, title, &mut next);
            }
            // A chain of links (the ends of a chain are compared).
            for m in first + 1..first + size {
                links.push((m - 1, m, Some(0.6 + next(40) as f32 / 100.0)));
            }
        }
        for k in 0..30 {
            push(
                &mut articles,
                format!("Lone report number {k} on farm prices"),
                &mut next,
            );
        }
        let star = push(&mut articles, "Parliament passes budget".into(), &mut next);
        articles[star].date = now - TimeDelta::minutes(5);
        articles[star].signals.views = Some(1_000_000);
        articles[star].signals.comments = Some(100_000);
        articles[star].feed_id = FeedId(2);
        (articles, links, now)
    }

    fn full(
        articles: &[RankArticle],
        links: &[KeptLink],
        parts: &Parts,
        weights: &HashMap<FeedId, f64>,
        settings: &RankSettings,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Vec<TopStory> {
        let fps: Vec<(usize, Fingerprint)> = articles
            .iter()
            .enumerate()
            .filter_map(|(i, a)| Some((i, a.fingerprint.clone()?)))
            .collect();
        let df = DocFreqs::of(fps.iter().map(|f| &f.1));
        let members = Members::new(&fps, &df);
        let clusters = cluster_kept(articles, links, &members, settings);
        let growth = HashMap::new();
        top_stories_with(
            articles, clusters, parts, &growth, weights, settings, now, limit,
        )
    }

    #[test]
    fn the_planned_top_is_the_full_computations_and_leaves_groups_out() {
        let (articles, links, now) = window();
        let settings = RankSettings::default();
        let growth = HashMap::new();
        let parts = Parts::of(&articles, &growth);
        let weights: HashMap<FeedId, f64> = [(FeedId(2), 1.5), (FeedId(4), 0.5)].into();
        let fps: Vec<(usize, Fingerprint)> = articles
            .iter()
            .enumerate()
            .filter_map(|(i, a)| Some((i, a.fingerprint.clone()?)))
            .collect();
        let df = DocFreqs::of(fps.iter().map(|f| &f.1));
        let mut skipped_some = false;
        for limit in [1, 2, 3, 5, 8, 13, 40, 200] {
            let plan = plan(&articles, &links, &parts, &weights, &settings, now, limit);
            // Only planned members' fingerprints are given.
            let mut given: Vec<RankArticle> = articles.clone();
            for (i, a) in given.iter_mut().enumerate() {
                if !plan.compared.contains(&i) {
                    a.fingerprint = None;
                }
            }
            let planned_fps: Vec<(usize, Fingerprint)> = plan
                .compared
                .iter()
                .map(|&i| (i, articles[i].fingerprint.clone().unwrap()))
                .collect();
            let members = Members::new(&planned_fps, &df);
            let clusters = cluster_kept(&given, &plan.links, &members, &settings);
            let planned = top_stories_with(
                &given, clusters, &parts, &growth, &weights, &settings, now, limit,
            );
            let expected = full(&articles, &links, &parts, &weights, &settings, now, limit);
            assert_eq!(planned, expected, "limit {limit}");
            skipped_some |= plan.links.len() < links.len();
        }
        assert!(skipped_some, "no limit left a group out");
        // The newest, most viewed lone article outranks every story of
        // several members, which the shortcut must not lose.
        let top = full(&articles, &links, &parts, &weights, &settings, now, 5);
        assert_eq!(
            top[0].cluster.members,
            vec![ArticleId(articles.len() as i64)]
        );
        assert!(top.iter().any(|s| s.cluster.members.len() > 1));
    }

    #[test]
    fn negative_weights_leave_no_group_out() {
        let (articles, links, now) = window();
        let settings = RankSettings {
            coverage_weight: -1.0,
            ..RankSettings::default()
        };
        let parts = Parts::of(&articles, &HashMap::new());
        let plan = plan(
            &articles,
            &links,
            &parts,
            &HashMap::new(),
            &settings,
            now,
            1,
        );
        assert_eq!(plan.links.len(), links.len());
    }
}

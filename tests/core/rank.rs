//! Ranking: clustering quality on a labelled multilingual fixture, the
//! popularity score's behaviour, and related stories.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use keruen::config::settings::RankSettings;
use keruen::domain::{ArticleId, FeedId, Signals};
use keruen::rank::{RankArticle, RelatedIndex, cluster, title_similarity, top_stories};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    now: DateTime<Utc>,
    articles: Vec<FixtureArticle>,
}

#[derive(Deserialize)]
struct FixtureArticle {
    id: i64,
    feed: i64,
    hours_ago: f64,
    title: String,
    summary: Option<String>,
    link: Option<String>,
    group: Option<String>,
    #[serde(default)]
    related: Vec<i64>,
}

fn load() -> (DateTime<Utc>, Vec<FixtureArticle>, Vec<RankArticle>) {
    let text = include_str!("../fixtures/rank/multilingual.json");
    let f: Fixture = serde_json::from_str(text).expect("fixture parses");
    let arts = f
        .articles
        .iter()
        .map(|a| RankArticle {
            id: ArticleId(a.id),
            feed_id: FeedId(a.feed),
            title: a.title.clone(),
            summary: a.summary.clone(),
            link: a.link.clone(),
            date: f.now - TimeDelta::seconds((a.hours_ago * 3600.0) as i64),
            signals: Signals::default(),
            fingerprint: None,
        })
        .collect();
    (f.now, f.articles, arts)
}

/// Unordered pairs of ids in the same group.
fn pairs<'a>(groups: impl Iterator<Item = &'a [i64]>) -> BTreeSet<(i64, i64)> {
    let mut out = BTreeSet::new();
    for g in groups {
        for (k, &a) in g.iter().enumerate() {
            for &b in &g[k + 1..] {
                out.insert((a.min(b), a.max(b)));
            }
        }
    }
    out
}

#[test]
fn multilingual_duplicates_cluster_and_distinct_stories_do_not() {
    let (_, labelled, arts) = load();
    let clusters = cluster(&arts, &RankSettings::default());
    assert_eq!(
        clusters.iter().map(|c| c.members.len()).sum::<usize>(),
        arts.len(),
        "every article is in exactly one cluster"
    );

    let mut truth: HashMap<&str, Vec<i64>> = HashMap::new();
    for a in &labelled {
        if let Some(g) = &a.group {
            truth.entry(g).or_default().push(a.id);
        }
    }
    let truth_pairs = pairs(truth.values().map(Vec::as_slice));
    let found: Vec<Vec<i64>> = clusters
        .iter()
        .map(|c| c.members.iter().map(|m| m.0).collect())
        .collect();
    let found_pairs = pairs(found.iter().map(Vec::as_slice));

    let tp = truth_pairs.intersection(&found_pairs).count() as f64;
    let precision = tp / found_pairs.len().max(1) as f64;
    let recall = tp / truth_pairs.len().max(1) as f64;
    println!(
        "clustering on {} articles ({} labelled duplicate pairs): \
         pairwise precision {precision:.3}, recall {recall:.3}",
        arts.len(),
        truth_pairs.len()
    );
    for p in found_pairs.difference(&truth_pairs) {
        println!("  false merge: {p:?}");
    }
    for p in truth_pairs.difference(&found_pairs) {
        println!("  missed pair: {p:?}");
    }
    // The floors that count are on real headlines
    // (`real_headline_pairs_hold_the_floors`); this generated set guards
    // against regressions in Kazakh and mixed-language clustering.
    assert!(precision >= 0.9, "precision {precision:.3}");
    assert!(recall >= 0.7, "recall {recall:.3}");
}

/// Labelled real headline pairs, beside the clone (`../shared/data/headlines`)
/// as CI has them; the test says so and passes when they are absent.
#[test]
fn real_headline_pairs_hold_the_floors() {
    use keruen::rank::eval;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/headlines/train_pairs.tsv");
    let Ok(tsv) = std::fs::read_to_string(&path) else {
        println!("skipped: {} not found", path.display());
        return;
    };
    let pairs = eval::parse_pairs(&tsv);
    assert!(pairs.len() > 9000, "{} pairs", pairs.len());
    let results = eval::evaluate_all(&pairs, &RankSettings::default());
    print!("{}", eval::table(&results));
    // Floors a little under the figures measured on the held-out half
    // (docs/ranking.md), per language: (precision, recall, related@5,
    // hard negatives shown at most).
    for (lang, s) in &results {
        let (p, r, rel, neg) = match lang.as_str() {
            // 0.94 / 0.41 before days of the week, questions and
            // directions (held-out now 0.952 / 0.388); recall 0.70 / 0.71
            // before acronyms as their names' initials (held-out now
            // 0.725 en, 0.731 ru). Negatives shown 0.40 before a related
            // story had to share two terms or a name (held-out now 0.370).
            "en" => (0.95, 0.71, 0.94, 0.38),
            "ru" => (0.85, 0.72, 0.95, 0.50),
            _ => continue,
        };
        let h = s.held_out;
        assert!(h.precision() >= p, "{lang} precision {:.3}", h.precision());
        assert!(h.recall() >= r, "{lang} recall {:.3}", h.recall());
        assert!(
            h.related_at_5() >= rel,
            "{lang} related@5 {:.3}",
            h.related_at_5()
        );
        assert!(
            h.negatives_shown_share() <= neg,
            "{lang} negatives shown {:.3}",
            h.negatives_shown_share()
        );
    }
}

/// Real Kazakh news text (KazNERD, CC BY 4.0; tests/fixtures/rank/
/// kk_kaznerd.md): one sentence spelt two ways must group, sentences that
/// share names but come from different news must not.
#[test]
fn kazakh_tv_news_pairs_hold_the_floors() {
    use keruen::rank::eval;
    let tsv = include_str!("../fixtures/rank/kk_kaznerd.tsv");
    let pairs = eval::parse_pairs(tsv);
    assert_eq!(pairs.len(), 383);
    let results = eval::evaluate_all(&pairs, &RankSettings::default());
    print!("{}", eval::table(&results));
    let (_, s) = results
        .iter()
        .find(|(lang, _)| lang == "kk")
        .expect("the set is Kazakh");
    // Floors a little under the held-out figures (docs/ranking.md).
    let h = s.held_out;
    assert!(h.precision() >= 0.95, "kk precision {:.3}", h.precision());
    // 0.70 before a name in Latin letters against its Cyrillic spelling
    // stopped counting as a contradiction (`rank::script`).
    assert!(h.recall() >= 0.90, "kk recall {:.3}", h.recall());
    assert!(
        h.related_at_5() >= 0.81,
        "kk related@5 {:.3}",
        h.related_at_5()
    );
}

#[test]
fn title_similarity_handles_cyrillic_inflection() {
    let s = title_similarity(
        "Токаев подписал закон о противодействии бытовому насилию",
        "Президент подписал закон о противодействии бытовому насилию",
    );
    assert!(s >= RankSettings::default().title_similarity, "{s}");
    let s = title_similarity(
        "Наурыз мерекесінде қазақстандықтар бес күн демалады",
        "Қазақстандықтар Наурыз мерекесінде 5 күн демалады",
    );
    assert!(s >= 0.8, "{s}");
    let s = title_similarity(
        "Oil prices jump after OPEC+ agrees deeper output cuts",
        "Oil prices fall as US crude stocks rise",
    );
    assert!(s < 0.4, "{s}");
}

#[test]
fn related_stories_match_labels_and_skip_the_cluster() {
    let (_, labelled, arts) = load();
    let clusters = cluster(&arts, &RankSettings::default());
    let index = RelatedIndex::build(&arts);
    let mut checked = 0;
    for a in labelled.iter().filter(|a| !a.related.is_empty()) {
        let id = ArticleId(a.id);
        let own = clusters
            .iter()
            .find(|c| c.members.contains(&id))
            .expect("article is clustered");
        let top = index.related(id, &own.members, 3);
        let top_ids: Vec<i64> = top.iter().map(|(r, _)| r.0).collect();
        println!("related to {} {:?}: {top:?}", a.id, a.title);
        // A wrongly merged pair (counted by the clustering test) is hidden
        // as a duplicate, not shown as related.
        for want in a
            .related
            .iter()
            .filter(|w| !own.members.contains(&ArticleId(**w)))
        {
            assert!(
                top_ids.contains(want),
                "{} should relate to {want}: {top_ids:?}",
                a.id
            );
        }
        for m in &own.members {
            assert!(!top_ids.contains(&m.0), "cluster member {m:?} returned");
        }
        checked += 1;
    }
    assert!(checked >= 4);
}

// ---- ranking -------------------------------------------------------------

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 10, 12, 0, 0).unwrap()
}

fn art(id: i64, feed: i64, title: &str, hours_ago: i64, views: Option<u64>) -> RankArticle {
    RankArticle {
        id: ArticleId(id),
        feed_id: FeedId(feed),
        title: title.to_string(),
        summary: None,
        link: Some(format!("https://feed{feed}.example/{id}")),
        date: t0() - TimeDelta::hours(hours_ago),
        signals: Signals {
            views,
            ..Signals::default()
        },
        fingerprint: None,
    }
}

#[test]
fn more_sources_outrank_fewer_at_the_same_age() {
    let arts = vec![
        art(
            1,
            1,
            "Parliament approves new budget for next year",
            2,
            None,
        ),
        art(
            2,
            2,
            "Parliament approves new budget for next year",
            2,
            None,
        ),
        art(
            3,
            3,
            "Parliament approves the new budget for next year",
            2,
            None,
        ),
        art(
            4,
            4,
            "Storm closes mountain roads near the capital",
            2,
            None,
        ),
        art(
            5,
            5,
            "Storm closes mountain roads near the capital",
            2,
            None,
        ),
        art(6, 6, "Local library extends its opening hours", 2, None),
    ];
    let top = top_stories(&arts, &HashMap::new(), &RankSettings::default(), t0(), 10);
    assert_eq!(top.len(), 3);
    assert_eq!(top[0].explanation.sources, 3);
    assert_eq!(top[1].explanation.sources, 2);
    assert_eq!(top[2].explanation.sources, 1);
    assert!(top[0].score > top[1].score && top[1].score > top[2].score);
    assert_eq!(top[0].why(t0()), "3 sources · 2h ago");
}

#[test]
fn more_views_outrank_fewer_in_the_same_feed() {
    let arts: Vec<RankArticle> = (1..=10)
        .map(|i| {
            art(
                i,
                1,
                &format!("Distinct story number {i} headline"),
                3,
                Some(100 * i as u64),
            )
        })
        .collect();
    let top = top_stories(&arts, &HashMap::new(), &RankSettings::default(), t0(), 3);
    let ids: Vec<i64> = top.iter().map(|s| s.cluster.representative.0).collect();
    assert_eq!(ids, vec![10, 9, 8]);
    assert_eq!(top[0].why(t0()), "1k views · 3h ago");
}

#[test]
fn older_story_ranks_lower_and_half_life_halves_the_score() {
    let settings = RankSettings {
        half_life: Duration::from_secs(6 * 3600),
        ..RankSettings::default()
    };
    let arts = vec![
        art(1, 1, "Central bank raises interest rates again", 0, None),
        art(
            2,
            2,
            "Football club signs young striker from abroad",
            6,
            None,
        ),
        art(
            3,
            3,
            "Museum reopens after two years of renovation",
            12,
            None,
        ),
    ];
    let top = top_stories(&arts, &HashMap::new(), &settings, t0(), 10);
    let ids: Vec<i64> = top.iter().map(|s| s.cluster.representative.0).collect();
    assert_eq!(ids, vec![1, 2, 3]);
    // Same engagement and coverage: each half-life halves the score.
    assert!((top[1].score / top[0].score - 0.5).abs() < 1e-9, "{top:?}");
    assert!((top[2].score / top[0].score - 0.25).abs() < 1e-9);
    assert!((top[1].explanation.decay - 0.5).abs() < 1e-9);
}

#[test]
fn feed_weight_multiplies_the_score() {
    let arts = vec![
        art(1, 1, "Central bank raises interest rates again", 1, None),
        art(
            2,
            2,
            "Football club signs young striker from abroad",
            1,
            None,
        ),
    ];
    let weights = HashMap::from([(FeedId(2), 3.0)]);
    let top = top_stories(&arts, &weights, &RankSettings::default(), t0(), 10);
    assert_eq!(top[0].cluster.representative, ArticleId(2));
    assert!((top[0].score / top[1].score - 3.0).abs() < 1e-9);
    assert_eq!(top[0].explanation.weight, 3.0);
    assert_eq!(top[1].explanation.weight, 1.0);
}

#[test]
fn percentiles_make_small_and_big_feeds_comparable() {
    // Feed 1 is a small regional site (hundreds of views), feed 2 a national
    // one (tens of thousands). The top article of each is equally "hot".
    let mut arts = Vec::new();
    for i in 0..10u64 {
        arts.push(art(
            100 + i as i64,
            1,
            &format!("Regional story {i} about the oblast"),
            2,
            Some(90 * (i + 1)),
        ));
        arts.push(art(
            200 + i as i64,
            2,
            &format!("National story {i} about the country"),
            2,
            Some(9000 * (i + 1)),
        ));
    }
    let top = top_stories(&arts, &HashMap::new(), &RankSettings::default(), t0(), 4);
    let mut first_two: Vec<i64> = top[..2]
        .iter()
        .map(|s| s.cluster.representative.0)
        .collect();
    first_two.sort();
    // 900 views on the small feed ties with 90,000 on the big one.
    assert_eq!(first_two, vec![109, 209]);
    assert!((top[0].score - top[1].score).abs() < 1e-9);
    assert!((top[0].explanation.engagement - 0.95).abs() < 1e-9);
    // Raw views would have put the whole national feed first; percentiles
    // interleave them.
    let third_fourth: BTreeSet<i64> = top[2..4]
        .iter()
        .map(|s| s.cluster.representative.0)
        .collect();
    assert_eq!(third_fourth, BTreeSet::from([108, 208]));
}

#[test]
fn clustered_story_shows_once_with_summed_signals() {
    let mut a = art(
        1,
        1,
        "Parliament approves new budget for next year",
        3,
        Some(12_000),
    );
    a.signals.comments = Some(40);
    let mut b = art(
        2,
        2,
        "Parliament approves new budget for next year",
        2,
        Some(300),
    );
    b.signals.comments = Some(5);
    let c = art(
        3,
        3,
        "Parliament approves new budget for next year",
        1,
        None,
    );
    let d = art(
        4,
        4,
        "Parliament approves new budget for next year",
        1,
        None,
    );
    let top = top_stories(
        &[a, b, c, d],
        &HashMap::new(),
        &RankSettings::default(),
        t0(),
        10,
    );
    assert_eq!(top.len(), 1);
    assert_eq!(
        top[0].cluster.representative,
        ArticleId(1),
        "earliest member"
    );
    assert_eq!(
        top[0].why(t0()),
        "12.3k views · 45 comments · 4 sources · 3h ago"
    );
    assert_eq!(
        top[0].why(t0() + TimeDelta::days(2)),
        "12.3k views · 45 comments · 4 sources · 2d ago"
    );
}

#[test]
fn limit_and_empty_input() {
    let titles = [
        "Central bank raises interest rates again",
        "Football club signs young striker from abroad",
        "Museum reopens after two years of renovation",
        "Storm closes mountain roads near the capital",
        "Local library extends its opening hours",
    ];
    let arts: Vec<RankArticle> = (1..=5)
        .map(|i| art(i, i, titles[i as usize - 1], i, None))
        .collect();
    let s = RankSettings::default();
    assert_eq!(top_stories(&arts, &HashMap::new(), &s, t0(), 2).len(), 2);
    assert!(top_stories(&arts, &HashMap::new(), &s, t0(), 0).is_empty());
    assert!(top_stories(&[], &HashMap::new(), &s, t0(), 5).is_empty());
}

#[test]
fn a_rated_story_says_so_in_its_why_line() {
    let mut rated = art(1, 1, "Rated story about the steppe festival", 2, None);
    rated.signals.rating = Some(4.25);
    let top = top_stories(&[rated], &HashMap::new(), &RankSettings::default(), t0(), 1);
    assert_eq!(top[0].why(t0()), "★4.2 · 2h ago");
}

#[test]
fn a_story_rising_now_beats_one_that_peaked_earlier() {
    use keruen::rank::top_stories_growing;
    // Same feed, same age, same views: only the growth differs.
    let arts = vec![
        art(
            1,
            1,
            "Parliament passes the new budget law today",
            3,
            Some(5000),
        ),
        art(
            2,
            1,
            "Flood waters reach the northern river towns",
            3,
            Some(5000),
        ),
    ];
    let plain = top_stories(&arts, &HashMap::new(), &RankSettings::default(), t0(), 2);
    let growth = HashMap::from([(ArticleId(2), 1200.0)]);
    let top = top_stories_growing(
        &arts,
        &growth,
        &HashMap::new(),
        &RankSettings::default(),
        t0(),
        2,
    );
    assert_eq!(
        plain[0].cluster.representative,
        ArticleId(1),
        "tie: earlier id"
    );
    assert_eq!(top[0].cluster.representative, ArticleId(2));
    assert!(top[0].score > top[1].score);
    assert_eq!(top[0].explanation.views_per_hour, Some(1200.0));
    assert!(
        top[0].why(t0()).contains("+1.2k views/h"),
        "{}",
        top[0].why(t0())
    );
    assert!(!top[1].why(t0()).contains("views/h"));
}

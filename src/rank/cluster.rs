//! Story clustering: the same story reported by several feeds.
//!
//! Two articles are linked when
//! - their links have the same canonical URL (any feeds, same feed too), or
//! - they come from different feeds, were published within
//!   `cluster_window` of each other, and pass the "same story?" test of
//!   `similar` (IDF-weighted cosine of title + lead terms at least
//!   `title_similarity`, two shared title terms, no contradicting numbers,
//!   months or names).
//!
//! A story never chains: links are taken strongest first, and two stories
//! merge only if **every** member of one is compatible with **every**
//! member of the other (complete linkage): same canonical URL, or within
//! `cluster_window`, no contradiction, and cosine at least
//! `LINK_FLOOR · title_similarity`. So "kills 5", "kills 15" and "kills
//! three" stay three stories even when each looks like the next.
//!
//! Candidate pairs never come from comparing all pairs. The test needs
//! two shared title terms (`similar::MIN_SHARED_TITLE_TERMS`), so
//! candidates come from title terms alone, however long the leads: each
//! article indexes and probes with its title terms but the commonest (two
//! titles that share two terms share the rarer one, and it is in both
//! prefixes: the overlap prefix filter), and postings are scanned in date
//! order behind a sliding `cluster_window`. Pairs under the threshold that
//! agree on their facts come from an index of each title's rarest number.
//! Title terms indexed by many articles (`candidates::COMMON_TERM_SHARE`) propose no
//! candidates: the one approximation. The decision itself reads the whole
//! vectors, title and lead.

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::TimeDelta;

use super::fingerprint::Fingerprint;
use super::similar::Window;
use super::{FastMap, RankArticle};
use crate::config::settings::RankSettings;
use crate::domain::ArticleId;

/// Members of a story must be at least this share of the threshold
/// similar to each other (see the module docs).
pub const LINK_FLOOR: f64 = 0.5;

/// One story and the articles that report it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Every article of the story, earliest first (ties by id).
    pub members: Vec<ArticleId>,
    /// The earliest member: the first report of the story.
    pub representative: ArticleId,
    /// How many distinct feeds report it.
    pub sources: usize,
}

/// Similarity of two titles in 0..=1: the cosine of their term vectors
/// (see `similar`), with the two titles as the whole window. This is what
/// `RankSettings::title_similarity` is compared against.
pub fn title_similarity(a: &str, b: &str) -> f64 {
    let fa = Fingerprint::of(a, None, None);
    let fb = Fingerprint::of(b, None, None);
    let window = Window::build([&fa, &fb].into_iter());
    f64::from(window.compare(0, 1).0)
}

/// The clusterer's pairwise decision for `pairs` (indices into `articles`):
/// whether the two pass the "same story?" test with `articles` as the
/// window, leaving out the time window and feed rules (used by the
/// evaluation in `eval`).
pub fn same_story_pairs(
    articles: &[RankArticle],
    pairs: &[(usize, usize)],
    settings: &RankSettings,
) -> Vec<bool> {
    let fingerprints = fingerprints(articles);
    let window = Window::build(fingerprints.iter().map(|f| f.as_ref()));
    let t = threshold(settings);
    pairs
        .iter()
        .map(|&(a, b)| t > 0.0 && window.same_story(a, b, t))
        .collect()
}

pub(super) fn threshold(settings: &RankSettings) -> f32 {
    settings.title_similarity.clamp(0.0, 1.0) as f32
}

/// Groups `articles` into stories. Every article is in exactly one cluster;
/// clusters are ordered by their earliest member's date (then id).
pub fn cluster(articles: &[RankArticle], settings: &RankSettings) -> Vec<Cluster> {
    cluster_indices(articles, settings)
        .into_iter()
        .map(|members| to_cluster(articles, &members))
        .collect()
}

/// Builds the public cluster from member indices (already earliest first).
pub(crate) fn to_cluster(articles: &[RankArticle], members: &[usize]) -> Cluster {
    let mut feeds: Vec<_> = members.iter().map(|&i| articles[i].feed_id).collect();
    feeds.sort_unstable();
    feeds.dedup();
    let ids: Vec<ArticleId> = members.iter().map(|&i| articles[i].id).collect();
    Cluster {
        representative: ids[0],
        members: ids,
        sources: feeds.len(),
    }
}

/// Clusters as lists of indices into `articles`, each sorted earliest first,
/// the lists ordered by their first member.
pub(crate) fn cluster_indices(
    articles: &[RankArticle],
    settings: &RankSettings,
) -> Vec<Vec<usize>> {
    let (window, urls) = vectors(articles);
    cluster_window(articles, &window, &urls, settings, &mut |_| {})
}

/// `cluster`, calling `phase` after each of its phases with the phase's
/// name ("vectors", "candidates", "linkage", "groups"), so a caller can
/// time them (`examples/story_dump`).
pub fn cluster_phases(
    articles: &[RankArticle],
    settings: &RankSettings,
    phase: &mut dyn FnMut(&'static str),
) -> Vec<Cluster> {
    let (window, urls) = vectors(articles);
    phase("vectors");
    cluster_window(articles, &window, &urls, settings, phase)
        .into_iter()
        .map(|members| to_cluster(articles, &members))
        .collect()
}

/// The window's term vectors and each article's canonical-URL hash: what
/// clustering reads of the fingerprints (computed now for articles without
/// one, and dropped once the vectors are built).
pub(crate) fn vectors(articles: &[RankArticle]) -> (Window, Vec<Option<u64>>) {
    let fingerprints = fingerprints(articles);
    let window = Window::build(fingerprints.iter().map(|f| f.as_ref()));
    let urls = fingerprints.iter().map(|f| f.url).collect();
    (window, urls)
}

/// `vectors`, taking each article's fingerprint out of it as the build
/// reads it, so each is freed once read: the build's peak is then the
/// vectors alone, not the vectors beside every fingerprint (the related
/// index's build, `related::RelatedIndex::build_from`).
pub(crate) fn vectors_of(articles: &mut [RankArticle]) -> (Window, Vec<Option<u64>>) {
    let mut urls = Vec::with_capacity(articles.len());
    let terms = articles
        .iter()
        .map(|a| a.fingerprint.as_ref().map_or(0, |f| f.stems.len()))
        .sum();
    let fingerprints = articles.iter_mut().map(|a| {
        let f = a.fingerprint.take().unwrap_or_else(|| text_fingerprint(a));
        urls.push(f.url);
        f
    });
    let window = Window::build_owned(fingerprints, terms);
    (window, urls)
}

/// `cluster_indices` over vectors built already (`vectors`), so a caller
/// that needs them afterwards (the related-stories index) builds them once.
pub(crate) fn cluster_window(
    articles: &[RankArticle],
    window: &Window,
    urls: &[Option<u64>],
    settings: &RankSettings,
    phase: &mut dyn FnMut(&'static str),
) -> Vec<Vec<usize>> {
    let n = articles.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (articles[i].date, articles[i].id));

    let mut stories = Stories::new(n);
    union_same_url(urls, &mut stories);
    let t = threshold(settings);
    if t > 0.0 {
        // A zero threshold would make every pair similar; it means "off".
        let span = TimeDelta::from_std(settings.cluster_window)
            .unwrap_or(TimeDelta::MAX)
            .num_seconds();
        let edges = super::candidates::links(articles, window, &order, t, span);
        phase("candidates");
        let link = Link {
            articles,
            window,
            urls,
            floor: (f64::from(t) * LINK_FLOOR) as f32,
            span,
        };
        link_stories(edges, &mut stories, |x, y| link.compatible(x, y));
        phase("linkage");
    }
    let out = groups(&order, &mut stories);
    phase("groups");
    out
}

/// The stories as lists of indices, each earliest first, in the order of
/// their first member (`order`: all indices by date, then id).
pub(super) fn groups(order: &[usize], stories: &mut Stories) -> Vec<Vec<usize>> {
    // Walking in date order keeps each group earliest first and puts the
    // groups in the order of their first member.
    let mut slot: Vec<u32> = vec![u32::MAX; order.len()];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &i in order {
        let root = stories.find(i);
        if slot[root] == u32::MAX {
            slot[root] = out.len() as u32;
            out.push(Vec::with_capacity(stories.of(root).len()));
        }
        out[slot[root] as usize].push(i);
    }
    out
}

fn union_same_url(urls: &[Option<u64>], stories: &mut Stories) {
    let mut first: FastMap<u64, usize> =
        FastMap::with_capacity_and_hasher(urls.len(), Default::default());
    for (i, &url) in urls.iter().enumerate() {
        let Some(url) = url else {
            continue;
        };
        match first.entry(url) {
            std::collections::hash_map::Entry::Occupied(e) => stories.union(*e.get(), i),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }
}

/// Each article's stored fingerprint, or one computed now.
pub(super) fn fingerprints(articles: &[RankArticle]) -> Vec<Cow<'_, Fingerprint>> {
    articles
        .iter()
        .map(|a| match &a.fingerprint {
            Some(f) => Cow::Borrowed(f),
            None => Cow::Owned(text_fingerprint(a)),
        })
        .collect()
}

/// The fingerprint of an article without a stored one, from its text.
fn text_fingerprint(a: &RankArticle) -> Fingerprint {
    Fingerprint::of(
        &a.title,
        super::lead_text(a.summary.as_deref(), None),
        a.link.as_deref(),
    )
}

/// Complete linkage over the candidate links (see the module docs).
struct Link<'a> {
    articles: &'a [RankArticle],
    window: &'a Window,
    urls: &'a [Option<u64>],
    floor: f32,
    span: i64,
}

impl Link<'_> {
    /// Whether two articles may be in one story.
    fn compatible(&self, x: usize, y: usize) -> bool {
        let (ux, uy) = (self.urls[x], self.urls[y]);
        if ux.is_some() && ux == uy {
            return true;
        }
        let apart = (self.articles[x].date - self.articles[y].date)
            .num_seconds()
            .abs();
        apart <= self.span
            && !self.window.contradict(x, y)
            && self.window.compare(x, y).0 >= self.floor
    }
}

/// Complete linkage: takes the links (cosine, earlier, later) strongest
/// first and merges the two stories of a link only if every member of one
/// is `compatible` with every member of the other (the link's own pair
/// passed the stronger "same story?" test already). Shared by the fresh
/// clustering and the one over kept links (`kept`), so both apply the
/// same rule in the same order.
pub(super) fn link_stories(
    mut edges: Vec<(f32, usize, usize)>,
    stories: &mut Stories,
    mut compatible: impl FnMut(usize, usize) -> bool,
) {
    edges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    // Stories only grow, so a pair of stories that failed once fails
    // for good while both keep their root.
    let mut failed: HashSet<(usize, usize), super::BuildWordHasher> = HashSet::default();
    for (_, i, j) in edges {
        let (a, b) = (stories.find(i), stories.find(j));
        if a == b || failed.contains(&(a.min(b), a.max(b))) {
            continue;
        }
        let linked = |x: usize, y: usize| (x == i && y == j) || (x == j && y == i);
        let ok = stories.of(a).iter().all(|&x| {
            stories
                .of(b)
                .iter()
                .all(|&y| linked(x, y) || compatible(x, y))
        });
        if ok {
            stories.union(a, b);
        } else {
            failed.insert((a.min(b), a.max(b)));
        }
    }
}

/// Disjoint sets with path halving and union by size, with each root's
/// members listed (the linkage check reads them). A singleton's list is
/// left empty (most articles stay alone; no allocation for them).
pub(super) struct Stories {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Stories {
    pub(super) fn new(n: usize) -> Self {
        Stories {
            parent: (0..n).collect(),
            members: vec![Vec::new(); n],
        }
    }

    /// The members of root `a`.
    fn of(&self, a: usize) -> &[usize] {
        let m = &self.members[a];
        if m.is_empty() {
            std::slice::from_ref(&self.parent[a])
        } else {
            m
        }
    }

    pub(super) fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    pub(super) fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.of(a).len() < self.of(b).len() {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        let moved = match std::mem::take(&mut self.members[b]) {
            m if m.is_empty() => vec![b],
            m => m,
        };
        if self.members[a].is_empty() {
            self.members[a].push(a);
        }
        self.members[a].extend(moved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FeedId, Signals};
    use chrono::{TimeZone, Utc};

    fn art(id: i64, feed: i64, title: &str, link: Option<&str>, hour: i64) -> RankArticle {
        RankArticle {
            id: ArticleId(id),
            feed_id: FeedId(feed),
            title: title.to_string(),
            summary: None,
            link: link.map(str::to_string),
            date: Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap() + TimeDelta::hours(hour),
            signals: Signals::default(),
            fingerprint: None,
        }
    }

    /// The vectors built from fingerprints handed over and freed one by
    /// one (the related index's build) are those built from borrowed
    /// ones, term for term and weight for weight, aliases, questions,
    /// leads and articles without a stored fingerprint included.
    #[test]
    fn vectors_from_fingerprints_handed_over_are_the_same_vectors() {
        let titles = [
            (
                "General Electric to cut 12,000 jobs",
                Some("GE said on Monday"),
            ),
            ("GE cuts 12,000 jobs worldwide", None),
            ("Will the Fed raise rates in June?", None),
            (
                "Fed raises rates in June",
                Some("The Federal Reserve raised rates"),
            ),
            ("Алматыда жер сілкінісі болды", None),
            (
                "В Алматы произошло землетрясение",
                Some("Толчки ощутили жители"),
            ),
        ];
        let mut articles: Vec<RankArticle> = titles
            .iter()
            .enumerate()
            .map(|(i, (t, lead))| {
                let mut a = art(i as i64, i as i64, t, Some("https://a.example/x"), 0);
                a.summary = lead.map(str::to_string);
                // Every other article has its fingerprint stored; the
                // rest are computed from the text.
                if i % 2 == 0 {
                    a.fingerprint = Some(Fingerprint::of(
                        t,
                        crate::rank::lead_text(a.summary.as_deref(), None),
                        a.link.as_deref(),
                    ));
                }
                a
            })
            .collect();
        let (borrowed, urls) = vectors(&articles);
        let (owned, owned_urls) = vectors_of(&mut articles);
        assert_eq!(urls, owned_urls);
        assert!(articles.iter().all(|a| a.fingerprint.is_none()));
        for i in 0..titles.len() {
            assert_eq!(borrowed.vectors(i), owned.vectors(i), "article {i}");
            assert_eq!(
                borrowed.title_terms(i).collect::<Vec<_>>(),
                owned.title_terms(i).collect::<Vec<_>>()
            );
            for j in 0..titles.len() {
                assert_eq!(borrowed.features(i, j), owned.features(i, j), "{i} {j}");
            }
        }
        assert_eq!(borrowed.df, owned.df);
        // The alias is read: "GE" is mentioned by "General Electric".
        assert!(!owned.contradict(0, 1));
    }

    fn members(c: &[Cluster]) -> Vec<Vec<i64>> {
        let mut v: Vec<Vec<i64>> = c
            .iter()
            .map(|c| c.members.iter().map(|a| a.0).collect())
            .collect();
        v.sort();
        v
    }

    /// Articles in stories of several reports with one word edited, leads
    /// from the same words, numbers now and then, 240 words in all (so no
    /// term reaches the common-term cap of either search): a deterministic
    /// mix.
    fn generated(n: usize) -> Vec<RankArticle> {
        let words: Vec<String> = (0..240).map(|k| format!("w{k}x")).collect();
        let mut seed = 0x5eed_u64;
        let mut next = |m: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) % m as u64) as usize
        };
        let mut out = Vec::new();
        while out.len() < n {
            let mut title: Vec<String> = (0..5).map(|_| words[next(240)].clone()).collect();
            if next(3) == 0 {
                title.push(next(4).to_string());
            }
            let lead: Vec<String> = (0..8).map(|_| words[next(240)].clone()).collect();
            let hour = next(200) as i64;
            for copy in 0..1 + next(4) {
                let mut t = title.clone();
                if copy > 0 && next(2) == 0 {
                    let k = next(t.len());
                    t[k] = words[next(240)].clone();
                }
                let id = out.len() as i64;
                let mut a = art(
                    id,
                    next(12) as i64,
                    &t.join(" "),
                    None,
                    hour + next(30) as i64,
                );
                a.summary = (next(3) > 0).then(|| lead.join(" "));
                out.push(a);
            }
        }
        out
    }

    #[test]
    fn candidate_search_finds_every_pair_the_test_accepts() {
        // Either search (title prefixes; rarest terms with the L2AP
        // bounds) must propose every pair within the window, from two
        // feeds, that the test accepts (nothing is capped here).
        let arts = generated(400);
        let s = RankSettings::default();
        let (window, _) = vectors(&arts);
        let mut order: Vec<usize> = (0..arts.len()).collect();
        order.sort_by_key(|&i| (arts[i].date, arts[i].id));
        let t = threshold(&s);
        let span = TimeDelta::from_std(s.cluster_window).unwrap().num_seconds();
        use crate::rank::candidates::{ByDate, rarest_prefix_links, title_prefix_links};
        let pairs = |edges: Vec<(f32, usize, usize)>| -> HashSet<(usize, usize)> {
            edges
                .into_iter()
                .map(|(_, a, b)| (a.min(b), a.max(b)))
                .collect()
        };
        let by_date = ByDate::of(&arts, &order);
        let by_titles = pairs(title_prefix_links(&window, &by_date, t, span));
        let by_rarest = pairs(rarest_prefix_links(&window, &by_date, t, span));
        let mut all = HashSet::new();
        for i in 0..arts.len() {
            for j in i + 1..arts.len() {
                let apart = (arts[i].date - arts[j].date).num_seconds().abs();
                if arts[i].feed_id != arts[j].feed_id && apart <= span && window.same_story(i, j, t)
                {
                    all.insert((i, j));
                }
            }
        }
        assert!(
            all.len() > 100,
            "too few pairs to mean anything: {}",
            all.len()
        );
        assert_eq!(by_titles, all);
        assert_eq!(by_rarest, all);
    }

    #[test]
    fn same_canonical_url_clusters_even_in_one_feed() {
        let arts = vec![
            art(
                1,
                1,
                "Alpha beta gamma",
                Some("https://x.kz/a/1?utm_source=tg"),
                0,
            ),
            art(
                2,
                1,
                "Something else entirely",
                Some("http://www.x.kz/a/1/"),
                1,
            ),
            art(3, 2, "Unrelated story here", Some("https://x.kz/a/2"), 2),
        ];
        let c = cluster(&arts, &RankSettings::default());
        assert_eq!(members(&c), vec![vec![1, 2], vec![3]]);
        let first = c.iter().find(|c| c.members.len() == 2).unwrap();
        assert_eq!(first.representative, ArticleId(1));
        assert_eq!(first.sources, 1);
    }

    #[test]
    fn similar_titles_cluster_across_feeds_within_the_window_only() {
        let s = RankSettings::default(); // 48 h window
        let arts = vec![
            art(
                1,
                1,
                "Токаев подписал закон о государственном языке",
                None,
                0,
            ),
            art(
                2,
                2,
                "Токаев подписал закон о государственном языке РК",
                None,
                3,
            ),
            // Same feed as 1: not merged by title.
            art(
                3,
                1,
                "Токаев подписал закон о государственном языке",
                None,
                4,
            ),
            // Too late (> 48 h after 1 and 2).
            art(
                4,
                3,
                "Токаев подписал закон о государственном языке",
                None,
                60,
            ),
        ];
        let c = cluster(&arts, &s);
        // 3 joins through 2 (different feeds), 4 is outside every window.
        assert_eq!(members(&c), vec![vec![1, 2, 3], vec![4]]);
        assert_eq!(c[0].sources, 2);
    }

    #[test]
    fn short_generic_titles_do_not_cluster() {
        let arts = vec![
            art(1, 1, "Погода на завтра", None, 0),
            art(2, 2, "Погода на завтра", None, 1),
        ];
        assert_eq!(cluster(&arts, &RankSettings::default()).len(), 2);
    }

    #[test]
    fn contradicting_numbers_or_entities_keep_stories_apart() {
        let arts = vec![
            art(
                1,
                1,
                "В Алматы произошло землетрясение магнитудой 5,2",
                None,
                0,
            ),
            art(
                2,
                2,
                "В Алматы произошло землетрясение магнитудой 4,1",
                None,
                1,
            ),
            art(
                3,
                3,
                "Oil prices jump as OPEC+ agrees to deepen output cuts",
                None,
                0,
            ),
            art(
                4,
                4,
                "Oil prices jump after Saudi Arabia extends output cuts",
                None,
                1,
            ),
            // Entities shared (and no numbers on one side): same story.
            art(
                5,
                5,
                "Землетрясение магнитудой 5,2 произошло в Алматы",
                None,
                1,
            ),
        ];
        let c = cluster(&arts, &RankSettings::default());
        assert_eq!(members(&c), vec![vec![1, 5], vec![2], vec![3], vec![4]]);
    }

    #[test]
    fn other_days_and_a_question_keep_stories_apart() {
        let arts = vec![
            art(1, 1, "Singapore shares open lower on Thursday", None, 0),
            art(2, 2, "Singapore shares open lower on Tuesday", None, 1),
            // The same day, said again: one story.
            art(3, 3, "Singapore shares open lower Thursday", None, 2),
            art(4, 4, "Биржа в Москве открылась падением в пятницу", None, 0),
            art(
                5,
                5,
                "Биржа в Москве открылась падением в понедельник",
                None,
                1,
            ),
            art(
                6,
                6,
                "Putin claims victory in Russia's presidential election",
                None,
                0,
            ),
            art(
                7,
                7,
                "Will Putin's victory in Russia's presidential election hold?",
                None,
                1,
            ),
            art(
                8,
                8,
                "Астанада халықаралық форум сейсенбіде басталады",
                None,
                0,
            ),
            art(9, 9, "Астанада халықаралық форум қашан басталады?", None, 1),
        ];
        let c = cluster(&arts, &RankSettings::default());
        assert_eq!(
            members(&c),
            vec![
                vec![1, 3],
                vec![2],
                vec![4],
                vec![5],
                vec![6],
                vec![7],
                vec![8],
                vec![9]
            ]
        );
        // Alike enough to group but for the rules.
        for (a, b) in [(&arts[3], &arts[4]), (&arts[7], &arts[8])] {
            let s = title_similarity(&a.title, &b.title);
            assert!(s >= 0.6, "{} / {}: {s}", a.title, b.title);
        }
        // Without the day, the question mark and the other day, they group.
        let plain = vec![
            art(1, 1, "Singapore shares open lower on Thursday", None, 0),
            art(2, 2, "Singapore shares open lower", None, 1),
            art(
                6,
                6,
                "Putin claims victory in Russia's presidential election",
                None,
                0,
            ),
            art(
                7,
                7,
                "Putin's victory in Russia's presidential election",
                None,
                1,
            ),
        ];
        assert_eq!(
            members(&cluster(&plain, &RankSettings::default())),
            vec![vec![1, 2], vec![6, 7]]
        );
    }

    #[test]
    fn few_common_template_words_are_not_enough() {
        let arts = vec![
            art(1, 1, "Ақтөбеде жаңа мектеп ашылды", None, 0),
            art(2, 2, "Түркістан облысында жаңа мектеп ашылды", None, 1),
        ];
        assert_eq!(cluster(&arts, &RankSettings::default()).len(), 2);
    }

    #[test]
    fn similarity_is_a_weighted_cosine() {
        let s = title_similarity("Президент Токаев", "президента Токаева");
        assert!((s - 1.0).abs() < 1e-5, "{s}");
        let s = title_similarity("Oil prices rise sharply", "Oil prices fall sharply");
        assert!(s > 0.4 && s < 0.7, "{s}");
        assert_eq!(title_similarity("", "x y"), 0.0);
    }

    #[test]
    fn a_chain_of_look_alike_titles_with_contradicting_numbers_stays_apart() {
        let arts = vec![
            art(1, 1, "US drone strike kills 5 in Pakistan", None, 0),
            art(2, 2, "US drone strike kills 15 in Pakistan", None, 1),
            art(3, 3, "US drone strike kills three in Pakistan", None, 2),
            art(4, 4, "US drone strike in Pakistan kills 5", None, 3),
            art(5, 5, "Chinese yuan rises to 6.31 against dollar", None, 0),
            art(6, 6, "Chinese yuan weakens to 6.15 against dollar", None, 1),
        ];
        let c = cluster(&arts, &RankSettings::default());
        assert_eq!(
            members(&c),
            vec![vec![1, 4], vec![2], vec![3], vec![5], vec![6]]
        );
    }

    #[test]
    fn a_member_must_fit_every_member_not_only_its_neighbour() {
        // 2 is like 1 and like 3, but 1 and 3 name different people: with
        // pairwise links alone 1–2–3 would be one story.
        let arts = vec![
            art(1, 1, "Токаев провел переговоры с Путиным в Москве", None, 0),
            art(2, 2, "Токаев провел переговоры в Москве", None, 1),
            art(
                3,
                3,
                "Токаев провел переговоры с Эрдоганом в Москве",
                None,
                2,
            ),
        ];
        let c = cluster(&arts, &RankSettings::default());
        assert_eq!(c.len(), 2, "{:?}", members(&c));
        assert!(members(&c).iter().all(|m| m != &vec![1, 3] && m.len() < 3));
    }

    #[test]
    fn kazakh_and_russian_reports_meet_on_names_numbers_and_shared_roots() {
        // One event in the two languages: the names (Тоқаев/Токаев,
        // Астанада/Астане), the number and the loanword root (министр)
        // are one term each after stemming and the transliteration fold.
        let arts = vec![
            art(1, 1, "Тоқаев Астанада 5 министрмен кездесті", None, 0),
            art(2, 2, "Токаев встретился в Астане с 5 министрами", None, 1),
            art(3, 3, "Тоқаев Астанада 7 министрмен кездесті", None, 1),
        ];
        let c = cluster(&arts, &RankSettings::default());
        assert_eq!(members(&c), vec![vec![1, 2], vec![3]]);
    }

    #[test]
    fn reports_that_agree_on_every_number_and_the_date_meet_without_a_name() {
        // No name on either side, few shared words across the languages:
        // the same numbers and the same month are one date both report.
        let arts = vec![
            art(1, 1, "10 қарашада зауыт құймаларын шығарады", None, 0),
            art(2, 2, "10 ноября завод выпустит слитки", None, 1),
            // Another day, or another month: another date.
            art(3, 3, "12 ноября завод выпустит слитки", None, 1),
            art(4, 4, "10 желтоқсанда зауыт құймаларын шығарады", None, 1),
        ];
        let c = cluster(&arts, &RankSettings::default());
        let m = members(&c);
        assert!(m.contains(&vec![1, 2]), "{m:?}");
        assert!(
            m.iter().all(|g| !(g.contains(&2) && g.contains(&3))),
            "{m:?}"
        );
        assert!(
            m.iter().all(|g| !(g.contains(&1) && g.contains(&4))),
            "{m:?}"
        );
    }

    #[test]
    fn an_acronym_is_the_name_whose_initials_it_writes() {
        // Alike enough, but held apart by the names rule before: each
        // named what the other did not mention ("GE" / "General
        // Electric", "СР" / "Справедливой России").
        let arts = [
            art(
                1,
                1,
                "Shares of GE fall 9% after third quarter profit drop",
                None,
                0,
            ),
            art(
                2,
                2,
                "Shares of General Electric fall 9% after third quarter profit drop",
                None,
                1,
            ),
            // Another name: its initials are not the acronym.
            art(
                3,
                3,
                "Shares of Siemens Energy fall 9% after third quarter profit drop",
                None,
                2,
            ),
            art(
                4,
                4,
                "Прокуратура Калмыкии проверит сообщения о нападении на активистов СР в Элисте",
                None,
                0,
            ),
            art(
                5,
                5,
                "Прокуратура Калмыкии проверит сообщения о нападении на активистов Справедливой России в Элисте",
                None,
                1,
            ),
        ];
        for (a, b) in [(0, 1), (0, 2), (3, 4)] {
            let (a, b) = (&arts[a].title, &arts[b].title);
            assert!(title_similarity(a, b) >= 0.6, "{a} / {b}");
        }
        let settings = RankSettings::default();
        let pair = |a: usize, b: usize| cluster(&[arts[a].clone(), arts[b].clone()], &settings);
        assert_eq!(members(&pair(0, 1)), vec![vec![1, 2]]);
        assert_eq!(members(&pair(3, 4)), vec![vec![4, 5]]);
        assert_eq!(members(&pair(0, 2)), vec![vec![1], vec![3]]);
    }
}

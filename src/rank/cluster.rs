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
//! Candidate pairs never come from comparing all pairs (all-pairs
//! similarity search with prefix filtering): each article's terms are
//! sorted rarest first and only the shortest prefix whose remaining weight
//! has length ≥ the threshold is indexed (`Window::prefix_len`); an article
//! with cosine ≥ the threshold must share a term of that prefix. Each
//! article probes the index with all its terms, and postings are scanned in
//! date order behind a sliding `cluster_window`. Terms common in the window
//! (`COMMON_TERM_SHARE`) are neither indexed nor probed: the one
//! approximation.

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::TimeDelta;

use super::fingerprint::Fingerprint;
use super::similar::{Probe, Window};
use super::{FastMap, RankArticle};
use crate::config::settings::RankSettings;
use crate::domain::ArticleId;

/// A term found in more than one article in `COMMON_TERM_SHARE` (and in
/// more than `MIN_COMMON_CAP` articles) of the window proposes no candidate
/// pairs: its postings would be long, and a pair that shares only such
/// terms in its prefixes shares only frequent words. Such terms still count
/// in the similarity. This is the one approximation of candidate search.
pub const COMMON_TERM_SHARE: usize = 128;
pub const MIN_COMMON_CAP: usize = 64;

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

fn threshold(settings: &RankSettings) -> f32 {
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
    let n = articles.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (articles[i].date, articles[i].id));

    let fingerprints = fingerprints(articles);
    let mut stories = Stories::new(n);
    union_same_url(&fingerprints, &mut stories);
    let t = threshold(settings);
    if t > 0.0 {
        // A zero threshold would make every pair similar; it means "off".
        let window = Window::build(fingerprints.iter().map(|f| f.as_ref()));
        let span = TimeDelta::from_std(settings.cluster_window)
            .unwrap_or(TimeDelta::MAX)
            .num_seconds();
        let edges = candidate_links(articles, &window, &order, t, span);
        let link = Link {
            articles,
            window: &window,
            fingerprints: &fingerprints,
            floor: (f64::from(t) * LINK_FLOOR) as f32,
            span,
        };
        link.apply(edges, &mut stories);
    }

    // Walking in date order keeps each group earliest first and puts the
    // groups in the order of their first member.
    let mut slot: Vec<u32> = vec![u32::MAX; n];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &i in &order {
        let root = stories.find(i);
        if slot[root] == u32::MAX {
            slot[root] = out.len() as u32;
            out.push(Vec::with_capacity(stories.of(root).len()));
        }
        out[slot[root] as usize].push(i);
    }
    out
}

fn union_same_url(fingerprints: &[Cow<'_, Fingerprint>], stories: &mut Stories) {
    let mut first: FastMap<u64, usize> =
        FastMap::with_capacity_and_hasher(fingerprints.len(), Default::default());
    for (i, f) in fingerprints.iter().enumerate() {
        let Some(url) = f.url else {
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
            None => Cow::Owned(Fingerprint::of(
                &a.title,
                super::lead_text(a.summary.as_deref(), None),
                a.link.as_deref(),
            )),
        })
        .collect()
}

/// Pairs of articles (from different feeds, within `span` seconds) that
/// pass the "same story?" test, with their cosine.
///
/// Postings carry the indexed article's two weights of the term, so probing
/// sums the part of both cosines that comes from indexed terms. The rest
/// comes from terms the candidate did not index (its commonest ones, ids
/// from `tail_from`): by Cauchy–Schwarz it is at most the length of that
/// unindexed tail times the length of the prober's vector over ids from
/// there on. A candidate whose sum plus that bound stays under the
/// threshold in both vectors cannot match and is never compared: exact,
/// and most candidates share one middling word and go no further.
fn candidate_links(
    articles: &[RankArticle],
    window: &Window,
    order: &[usize],
    t: f32,
    span: i64,
) -> Vec<(f32, usize, usize)> {
    let dates: Vec<i64> = order
        .iter()
        .map(|&i| articles[i].date.timestamp())
        .collect();
    // Feeds in date order: read once per candidate, so kept contiguous.
    let feeds: Vec<_> = order.iter().map(|&i| articles[i].feed_id).collect();
    let vocab = window.df.len();
    // Ids are ranked by document frequency: from `common` on, terms are
    // too common to propose candidates (see `COMMON_TERM_SHARE`).
    let cap = (order.len() / COMMON_TERM_SHARE).max(MIN_COMMON_CAP) as u32;
    let common = window.df.partition_point(|&d| d <= cap) as u32;
    // How many terms each article indexes is known before any probing, so
    // the postings of all terms live in one array, each term's in a slice
    // of it filled in date order (one allocation, and a term's postings and
    // cursors sit together instead of in a heap block of their own).
    let indexed: Vec<u32> = order
        .iter()
        .map(|&i| {
            if !window.matchable(i) {
                return 0;
            }
            let terms = window.vector(i).0;
            let rare = terms.partition_point(|&x| x < common);
            window.prefix_len(i, t).min(rare) as u32
        })
        .collect();
    // lists[term] = (first posting still inside the window, end of the
    // postings so far) as indices into `flat`; postings are (position in
    // date order, weight over title + lead, weight over the title, then
    // the lengths of the article's two vectors from this term on) of
    // articles whose prefix holds the term.
    let mut lists: Vec<(u32, u32)> = vec![(0, 0); vocab];
    for (&i, &n) in order.iter().zip(&indexed) {
        for &term in &window.vector(i).0[..n as usize] {
            lists[term as usize].1 += 1;
        }
    }
    let mut total = 0u32;
    for l in &mut lists {
        let n = l.1;
        *l = (total, total);
        total += n;
    }
    let mut flat: Vec<Posting> = vec![(0, 0.0, 0.0, 0.0, 0.0); total as usize];
    // Per position: first unindexed term id and the unindexed tail's
    // lengths in both vectors (see above).
    let mut tail_from: Vec<u32> = vec![u32::MAX; order.len()];
    let mut tail_len: Vec<(f32, f32)> = vec![(0.0, 0.0); order.len()];
    // Per candidate of the current prober: the stamp and partial dots.
    let mut seen: Vec<u32> = vec![u32::MAX; order.len()];
    let mut acc: Vec<(f32, f32)> = vec![(0.0, 0.0); order.len()];
    let mut touched: Vec<u32> = Vec::new();
    // Per candidate: the prober that linked it (see the number index).
    let mut linked: Vec<u32> = vec![u32::MAX; order.len()];
    // Positions of articles by the rarest number of their title, and the
    // first still inside the window.
    let mut numbers: FastMap<u32, Vec<u32>> = FastMap::default();
    let mut number_start: FastMap<u32, usize> = FastMap::default();
    // The prober's squared lengths over its terms from k on.
    let mut rest: Vec<(f32, f32)> = Vec::new();
    let mut rest_len: Vec<(f32, f32)> = Vec::new();
    // The prober's terms as a dense map (see `Probe`).
    let mut probe = Probe::new(window);
    let mut edges = Vec::new();
    // Float sums in another order may differ in the last bits.
    let slack = t - 1e-4;
    for (pos, &i) in order.iter().enumerate() {
        if !window.matchable(i) {
            continue;
        }
        let earliest = dates[pos].saturating_sub(span);
        let (terms, wf, wt) = window.vectors(i);
        let rare = terms.partition_point(|&t| t < common);
        rest.clear();
        rest.resize(terms.len() + 1, (0.0, 0.0));
        for k in (0..terms.len()).rev() {
            rest[k] = (rest[k + 1].0 + wf[k] * wf[k], rest[k + 1].1 + wt[k] * wt[k]);
        }
        // Their square roots, once per term rather than once per posting.
        rest_len.clear();
        rest_len.extend(rest.iter().map(|&(f, t)| (f.sqrt(), t.sqrt())));
        probe.set(window, i);
        // A candidate first met at term k shares no term rarer than k (it
        // indexed all its terms up to k, rarest first), so by
        // Cauchy–Schwarz its cosine is at most the length of the prober's
        // vector from k on times the length of the candidate's from that
        // term on (kept in the posting): when that is under the threshold
        // in both vectors, the candidate is not admitted; later terms only
        // add to candidates already met (the L2AP bounds; exact).
        touched.clear();
        for (k, &term) in terms[..rare].iter().enumerate() {
            let (s, end) = &mut lists[term as usize];
            while *s < *end && dates[flat[*s as usize].0 as usize] < earliest {
                *s += 1;
            }
            let (lf, lt) = rest_len[k];
            for &(p, pf, pt, sf, st) in &flat[*s as usize..*end as usize] {
                let p = p as usize;
                if seen[p] != pos as u32 {
                    if lf * sf < slack && lt * st < slack {
                        continue;
                    }
                    seen[p] = pos as u32;
                    acc[p] = (0.0, 0.0);
                    touched.push(p as u32);
                }
                acc[p].0 += wf[k] * pf;
                acc[p].1 += wt[k] * pt;
            }
        }
        for &p in &touched {
            let p = p as usize;
            let j = order[p];
            if feeds[p] == feeds[pos] {
                continue;
            }
            let from = terms.partition_point(|&x| x < tail_from[p]);
            let (lf, lt) = tail_len[p];
            let bound_f = acc[p].0 + lf * rest_len[from].0;
            let bound_t = acc[p].1 + lt * rest_len[from].1;
            if bound_f < slack && bound_t < slack {
                continue;
            }
            if let Some(cos) = window.same_story_probe(&probe, j, t) {
                edges.push((cos, j, i));
                linked[p] = pos as u32;
            }
        }
        // Pairs under the threshold that agree on every number and a name
        // (`Window::anchored`) share the rarest number of both titles:
        // numbers index themselves apart, without the common-term cap.
        if let Some(number) = window.rarest_title_number(i) {
            let list = numbers.entry(number).or_default();
            let s = number_start.entry(number).or_default();
            while *s < list.len() && dates[list[*s] as usize] < earliest {
                *s += 1;
            }
            for &p in &list[*s..] {
                let p = p as usize;
                if feeds[p] == feeds[pos] || linked[p] == pos as u32 {
                    continue;
                }
                // Equal to `same_story_cos(order[p], i, t)`: the same test,
                // and the dot products commute bit for bit.
                if let Some(cos) = window.same_story_probe(&probe, order[p], t) {
                    edges.push((cos, order[p], i));
                }
            }
            list.push(pos as u32);
        }
        let indexed = indexed[pos] as usize;
        for k in 0..indexed {
            let (sf, st) = rest_len[k];
            let end = &mut lists[terms[k] as usize].1;
            flat[*end as usize] = (pos as u32, wf[k], wt[k], sf, st);
            *end += 1;
        }
        if let Some(&first) = terms.get(indexed) {
            tail_from[pos] = first;
            let norm = |w: &[f32]| w.iter().map(|x| x * x).sum::<f32>().sqrt();
            tail_len[pos] = (norm(&wf[indexed..]), norm(&wt[indexed..]));
        }
    }
    edges
}

/// A posting: (position in date order, the term's weight over title +
/// lead and over the title, the lengths of the article's two vectors from
/// this term on).
type Posting = (u32, f32, f32, f32, f32);

/// Complete linkage over the candidate links (see the module docs).
struct Link<'a> {
    articles: &'a [RankArticle],
    window: &'a Window,
    fingerprints: &'a [Cow<'a, Fingerprint>],
    floor: f32,
    span: i64,
}

impl Link<'_> {
    /// Whether two articles may be in one story.
    fn compatible(&self, x: usize, y: usize) -> bool {
        let (fx, fy) = (&self.fingerprints[x], &self.fingerprints[y]);
        if fx.url.is_some() && fx.url == fy.url {
            return true;
        }
        let apart = (self.articles[x].date - self.articles[y].date)
            .num_seconds()
            .abs();
        apart <= self.span
            && !self.window.contradict(x, y)
            && self.window.compare(x, y).0 >= self.floor
    }

    fn apply(&self, mut edges: Vec<(f32, usize, usize)>, stories: &mut Stories) {
        edges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        // Stories only grow, so a pair of stories that failed once fails
        // for good while both keep their root.
        let mut failed: HashSet<(usize, usize), super::BuildWordHasher> = HashSet::default();
        for (_, i, j) in edges {
            let (a, b) = (stories.find(i), stories.find(j));
            if a == b || failed.contains(&(a.min(b), a.max(b))) {
                continue;
            }
            // The link's own pair passed the stronger "same story?" test
            // within the window already.
            let linked = |x: usize, y: usize| (x == i && y == j) || (x == j && y == i);
            let ok = stories.of(a).iter().all(|&x| {
                stories
                    .of(b)
                    .iter()
                    .all(|&y| linked(x, y) || self.compatible(x, y))
            });
            if ok {
                stories.union(a, b);
            } else {
                failed.insert((a.min(b), a.max(b)));
            }
        }
    }
}

/// Disjoint sets with path halving and union by size, with each root's
/// members listed (the linkage check reads them). A singleton's list is
/// left empty (most articles stay alone; no allocation for them).
struct Stories {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Stories {
    fn new(n: usize) -> Self {
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

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
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

    fn members(c: &[Cluster]) -> Vec<Vec<i64>> {
        let mut v: Vec<Vec<i64>> = c
            .iter()
            .map(|c| c.members.iter().map(|a| a.0).collect())
            .collect();
        v.sort();
        v
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
}

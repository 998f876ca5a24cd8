//! Story clustering: the same story reported by several feeds.
//!
//! Two articles are the same story when
//! - their links have the same canonical URL (any feeds, same feed too), or
//! - they come from different feeds, were published within
//!   `cluster_window` of each other, and their titles are near-duplicates:
//!   the Dice coefficient of their stem sets is at least `title_similarity`
//!   and they share at least `MIN_COMMON_STEMS` stems (or all of the
//!   shorter title's), and they do not contradict each other: if both
//!   titles carry numbers they share one ("магнитудой 5,2" is not
//!   "магнитудой 4,1"), and if both name entities (capitalised words after
//!   the first, see `text::entity_stems`) they share one ("OPEC+" is not
//!   "Saudi Arabia").
//!
//! Clusters are the connected components of that relation (union-find).
//!
//! Title matching never compares all pairs. Token ids are assigned in order
//! of rising document frequency, and each title's stems are sorted by id, so
//! a title's first few stems are its rarest. Two sets with Dice ≥ t must
//! share at least `t·|A|/(2−t)` stems, which means (prefix filtering) their
//! prefixes of length `|A| − minOverlap + 1` must share a stem. Only those
//! prefix stems are indexed and probed, and the postings are scanned in date
//! order behind a sliding window, so the work is roughly linear in the
//! number of articles times the few articles that share a rare stem.
//! Stems that are common across the input (`COMMON_STEM_SHARE`) propose no
//! candidates: two titles must share at least one less common stem in their
//! prefixes. That is the one approximation; with fewer than
//! `MIN_COMMON_CAP × COMMON_STEM_SHARE` articles nothing is common unless it
//! occurs in more than `MIN_COMMON_CAP` titles.

use std::borrow::Cow;

use chrono::TimeDelta;

use super::fingerprint::Fingerprint;
use super::text::stem_set;
use super::{FastMap, RankArticle};
use crate::config::settings::RankSettings;
use crate::domain::ArticleId;

/// Titles with fewer stems than this never match by title alone: "Погода",
/// "Курс валют" or "Live updates" are generic, not the same story.
pub const MIN_TITLE_STEMS: usize = 3;

/// Titles with more distinct stems than this are not headlines (a feed
/// that puts its whole text in the title) and are never matched by title;
/// it keeps positions within a byte.
pub const MAX_TITLE_STEMS: usize = 255;

/// Two titles must share at least this many stems (or all stems of the
/// shorter one) to match. Dice alone is noisy on short titles: "Ақтөбеде
/// жаңа мектеп ашылды" and "Түркістан облысында жаңа мектеп ашылды" (a new
/// school opened in two different regions) reach 0.67 on three common
/// template words.
pub const MIN_COMMON_STEMS: usize = 4;

/// A stem found in more than one title in `COMMON_STEM_SHARE` (and in more
/// than `MIN_COMMON_CAP` titles) is too common to propose candidate pairs:
/// its postings would be long and every pair it alone proposes shares only
/// frequent words, which is the template-headline case the support rule
/// rejects anyway. Such stems still count in the similarity itself.
pub const COMMON_STEM_SHARE: usize = 128;
pub const MIN_COMMON_CAP: usize = 64;

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

/// Similarity of two titles in 0..=1: the Dice coefficient of their stem
/// sets (see `text::stem`). This is what `RankSettings::title_similarity`
/// is compared against.
pub fn title_similarity(a: &str, b: &str) -> f64 {
    let a = stem_set(a);
    let b = stem_set(b);
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|s| b.binary_search(s).is_ok()).count();
    dice(common, a.len(), b.len())
}

fn dice(common: usize, a: usize, b: usize) -> f64 {
    2.0 * common as f64 / (a + b) as f64
}

/// Groups `articles` into stories. Every article is in exactly one cluster;
/// clusters are ordered by their earliest member's date (then id).
pub fn cluster(articles: &[RankArticle], settings: &RankSettings) -> Vec<Cluster> {
    cluster_indices(articles, settings)
        .into_iter()
        .map(|members| to_cluster(articles, &members))
        .collect()
}

/// The clusterer's pairwise decision for `pairs` (indices into `articles`):
/// whether the two would be linked as one story, with `articles` as the
/// window (used by the evaluation in `eval`).
pub fn same_story_pairs(
    articles: &[RankArticle],
    pairs: &[(usize, usize)],
    settings: &RankSettings,
) -> Vec<bool> {
    pairs
        .iter()
        .map(|&(a, b)| {
            let two = [articles[a].clone(), articles[b].clone()];
            cluster_indices(&two, settings).len() == 1
        })
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
    let mut sets = UnionFind::new(n);
    union_same_url(&fingerprints, &mut sets);
    union_similar_titles(articles, &fingerprints, &order, settings, &mut sets);

    let mut groups: FastMap<usize, Vec<usize>> = FastMap::default();
    // Walking in date order keeps each group earliest first.
    for &i in &order {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort_by_key(|m| (articles[m[0]].date, articles[m[0]].id));
    out
}

fn union_same_url(fingerprints: &[Cow<'_, Fingerprint>], sets: &mut UnionFind) {
    let mut first: FastMap<u64, usize> =
        FastMap::with_capacity_and_hasher(fingerprints.len(), Default::default());
    for (i, f) in fingerprints.iter().enumerate() {
        let Some(url) = f.url else {
            continue;
        };
        match first.entry(url) {
            std::collections::hash_map::Entry::Occupied(e) => sets.union(*e.get(), i),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }
}

/// Each article's stored fingerprint, or one computed now.
fn fingerprints(articles: &[RankArticle]) -> Vec<Cow<'_, Fingerprint>> {
    articles
        .iter()
        .map(|a| match &a.fingerprint {
            Some(f) => Cow::Borrowed(f),
            None => Cow::Owned(Fingerprint::of(&a.title, a.link.as_deref())),
        })
        .collect()
}

/// Titles as clustering sees them, in token ids, stored flat and indexed by
/// position in date order so that the hot loop reads memory sequentially.
struct Titles {
    /// Distinct stems of every title, sorted rarest first, concatenated.
    stems: Vec<u32>,
    /// `stems[offsets[p]..offsets[p + 1]]` are the stems of position `p`.
    offsets: Vec<u32>,
    /// Numbers and entity stems (see `text::entity_stems`), both sorted;
    /// only read once a pair already passes the similarity test.
    facts: Vec<Facts>,
    /// Ids from here on are common stems (see `COMMON_STEM_SHARE`).
    common_from: u32,
}

#[derive(Default)]
struct Facts {
    numbers: Vec<u32>,
    entities: Vec<u32>,
}

impl Facts {
    /// Whether two titles state different facts: both carry numbers but
    /// share none, or both name entities but share none.
    fn contradict(&self, other: &Facts) -> bool {
        let disjoint =
            |a: &[u32], b: &[u32]| !a.is_empty() && !b.is_empty() && intersection(a, b) == 0;
        disjoint(&self.numbers, &other.numbers) || disjoint(&self.entities, &other.entities)
    }
}

impl Titles {
    fn stems(&self, pos: usize) -> &[u32] {
        &self.stems[self.offsets[pos] as usize..self.offsets[pos + 1] as usize]
    }

    /// Interns the title stems of `fingerprints`, laid out in `order`.
    fn build(fingerprints: &[Cow<'_, Fingerprint>], order: &[usize]) -> Titles {
        let mut vocab: FastMap<u64, u32> = FastMap::default();
        let mut df: Vec<u32> = Vec::new();
        let mut numeric: Vec<bool> = Vec::new();
        // Interned in input order, which is the order the fingerprints lie
        // in memory (reading them in date order was mostly cache misses):
        // `id << 1 | entity` per stem, `interned[at[i]..at[i + 1]]` for
        // article i.
        let mut interned: Vec<u32> = Vec::with_capacity(fingerprints.len() * 8);
        let mut at: Vec<u32> = Vec::with_capacity(fingerprints.len() + 1);
        at.push(0);
        for f in fingerprints {
            let words = &f.stems;
            // Titles never matched by title are kept out of the counts.
            if (MIN_TITLE_STEMS..=MAX_TITLE_STEMS).contains(&words.len()) {
                for &word in words.iter() {
                    let next = vocab.len() as u32;
                    let id = *vocab.entry(Fingerprint::stem_id(word)).or_insert(next);
                    if id == next {
                        df.push(0);
                        numeric.push(Fingerprint::is_numeric(word));
                    }
                    df[id as usize] += 1;
                    interned.push(id << 1 | u32::from(Fingerprint::is_entity(word)));
                }
            }
            at.push(interned.len() as u32);
        }
        let mut stems: Vec<u32> = Vec::with_capacity(interned.len());
        let mut offsets: Vec<u32> = Vec::with_capacity(order.len() + 1);
        let mut facts: Vec<Facts> = Vec::with_capacity(order.len());
        offsets.push(0);
        for &i in order {
            let mut f = Facts::default();
            for &word in &interned[at[i] as usize..at[i + 1] as usize] {
                let id = word >> 1;
                stems.push(id);
                if numeric[id as usize] {
                    f.numbers.push(id);
                }
                if word & 1 != 0 {
                    f.entities.push(id);
                }
            }
            offsets.push(stems.len() as u32);
            facts.push(f);
        }
        // Rank ids by (df, first appearance): deterministic for a given input.
        let mut by_rarity: Vec<u32> = (0..df.len() as u32).collect();
        by_rarity.sort_unstable_by_key(|&id| (df[id as usize], id));
        let mut rank = vec![0u32; df.len()];
        for (r, &id) in by_rarity.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        for w in offsets.windows(2) {
            let title = &mut stems[w[0] as usize..w[1] as usize];
            title.iter_mut().for_each(|id| *id = rank[*id as usize]);
            title.sort_unstable();
        }
        for f in &mut facts {
            for ids in [&mut f.numbers, &mut f.entities] {
                ids.iter_mut().for_each(|id| *id = rank[*id as usize]);
                ids.sort_unstable();
            }
        }
        let cap = (order.len() / COMMON_STEM_SHARE).max(MIN_COMMON_CAP) as u32;
        let common_from = by_rarity.partition_point(|&id| df[id as usize] <= cap) as u32;
        Titles {
            stems,
            offsets,
            facts,
            common_from,
        }
    }
}

fn union_similar_titles(
    articles: &[RankArticle],
    fingerprints: &[Cow<'_, Fingerprint>],
    order: &[usize],
    settings: &RankSettings,
    sets: &mut UnionFind,
) {
    let t = settings.title_similarity.clamp(0.0, 1.0);
    if t <= 0.0 {
        // A zero threshold would make every pair similar; treat it as "off"
        // rather than merging everything.
        return;
    }
    let window = TimeDelta::from_std(settings.cluster_window)
        .unwrap_or(TimeDelta::MAX)
        .num_seconds();
    let titles = Titles::build(fingerprints, order);
    let vocab = titles
        .stems
        .iter()
        .map(|&t| t as usize + 1)
        .max()
        .unwrap_or(0);
    let dates: Vec<i64> = order
        .iter()
        .map(|&i| articles[i].date.timestamp())
        .collect();
    // Feeds as dense small numbers, so a posting can carry its title's feed.
    let mut feed_index: FastMap<i64, u32> = FastMap::default();
    let feeds: Vec<u32> = order
        .iter()
        .map(|&i| {
            let next = feed_index.len() as u32;
            *feed_index.entry(articles[i].feed_id.0).or_insert(next)
        })
        .collect();

    let masks: Vec<Mask> = (0..order.len())
        .map(|p| Mask::of(titles.stems(p)))
        .collect();
    // postings[token] = the titles whose prefix holds the token, in date
    // order; start[token] = first posting still inside the window.
    let mut postings: Vec<Vec<Posting>> = vec![Vec::new(); vocab];
    let mut start: Vec<usize> = vec![0; vocab];
    let mut seen: Vec<u32> = vec![u32::MAX; order.len()];
    // Common stems two titles need for Dice ≥ t, by the sum of their sizes.
    let longest = titles
        .offsets
        .windows(2)
        .map(|w| w[1] - w[0])
        .max()
        .unwrap_or(0);
    let need_by_sum: Vec<usize> = (0..=2 * longest as usize)
        .map(|sum| (t * sum as f64 / 2.0 - 1e-9).ceil() as usize)
        .collect();

    for pos in 0..order.len() {
        let toks = titles.stems(pos);
        let la = toks.len();
        if la < MIN_TITLE_STEMS {
            continue;
        }
        let earliest = dates[pos].saturating_sub(window);
        let min_overlap = ((t * la as f64 / (2.0 - t)) - 1e-9).ceil().max(1.0) as usize;
        let prefix = (la.saturating_sub(min_overlap) + 1).min(la);
        let probe = toks[..prefix].partition_point(|&tok| tok < titles.common_from);
        for (ia, &tok) in toks[..probe].iter().enumerate() {
            let list = &postings[tok as usize];
            let s = &mut start[tok as usize];
            while *s < list.len() && dates[list[*s].pos as usize] < earliest {
                *s += 1;
            }
            for post in &list[*s..] {
                // Filters that need only the posting come first; most
                // candidates fail them without touching other memory.
                // Positional filter: the first shared token of two sorted
                // sets bounds their overlap by what follows it in each. A
                // later shared token gives a smaller bound, so a pair that
                // fails here fails at every token it is found by.
                let (ib, lb) = (post.index as usize, post.len as usize);
                let needed = need_by_sum[la + lb].max(MIN_COMMON_STEMS.min(la.min(lb)));
                let bound = 1 + (la - ia - 1).min(lb - ib - 1);
                if bound < needed || post.feed == feeds[pos] {
                    continue;
                }
                if (masks[pos].exact || post.exact)
                    && masks[pos].shared_at_most(&post.bits) < needed
                {
                    continue;
                }
                let p = post.pos as usize;
                if seen[p] == pos as u32 {
                    continue;
                }
                seen[p] = pos as u32;
                let other = titles.stems(p);
                if overlap_at_least(&toks[ia + 1..], &other[ib + 1..], needed - 1)
                    && !titles.facts[pos].contradict(&titles.facts[p])
                {
                    sets.union(order[pos], order[p]);
                }
            }
        }
        for (ia, &tok) in toks[..probe].iter().enumerate() {
            postings[tok as usize].push(Posting {
                bits: masks[pos].bits,
                exact: masks[pos].exact,
                pos: pos as u32,
                feed: feeds[pos],
                index: ia as u8,
                len: la as u8,
            });
        }
    }
}

/// A title's stems as bits (each stem id hashed to one of 128). When no two
/// of its stems share a bit (`exact`), the number of bits two titles share
/// bounds the number of stems they share from above: distinct shared stems
/// of the exact one set distinct bits in both. Most candidate pairs share
/// the one rare stem that proposed them and little else, and this rejects
/// them without reading the other title.
#[derive(Clone, Copy, Default)]
struct Mask {
    bits: [u64; 2],
    exact: bool,
}

impl Mask {
    fn of(stems: &[u32]) -> Mask {
        let mut m = Mask {
            bits: [0; 2],
            exact: true,
        };
        for &s in stems {
            let bit = s.wrapping_mul(0x9E37_79B1) >> 25;
            let (word, bit) = ((bit >> 6) as usize, 1u64 << (bit & 63));
            m.exact &= m.bits[word] & bit == 0;
            m.bits[word] |= bit;
        }
        m
    }

    /// An upper bound on the stems shared with `other` when either is exact.
    fn shared_at_most(&self, other: &[u64; 2]) -> usize {
        ((self.bits[0] & other[0]).count_ones() + (self.bits[1] & other[1]).count_ones()) as usize
    }
}

/// A title whose prefix holds a token: its position in date order, its
/// feed (dense index), the token's index in the title, the title's length.
/// 32 bytes: the posting lists are streamed once per probing title and
/// their size is most of the loop's memory traffic.
#[derive(Clone, Copy)]
struct Posting {
    bits: [u64; 2],
    pos: u32,
    feed: u32,
    index: u8,
    len: u8,
    exact: bool,
}

/// Whether two sorted, distinct lists share at least `need` items; stops as
/// soon as the rest of the shorter list cannot make up the difference.
/// Branch-free steps: most candidate pairs fail, and fail unpredictably.
fn overlap_at_least(a: &[u32], b: &[u32], need: usize) -> bool {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if n + (a.len() - i).min(b.len() - j) < need {
            return false;
        }
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n >= need
}

/// Size of the intersection of two sorted, distinct lists.
fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n],
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
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
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
                "Землетрясение магнитудой 5,2 ощутили жители Алматы",
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
        assert!(title_similarity(&arts[0].title, &arts[1].title) > 0.6);
        assert_eq!(cluster(&arts, &RankSettings::default()).len(), 2);
    }

    #[test]
    fn similarity_is_dice_over_stems() {
        assert_eq!(
            title_similarity("Президент Токаев", "президента Токаева"),
            1.0
        );
        let s = title_similarity("Oil prices rise sharply", "Oil prices fall sharply");
        assert!((s - 0.75).abs() < 1e-9, "{s}");
        assert_eq!(title_similarity("", "x y"), 0.0);
    }
}

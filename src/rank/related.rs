//! Related stories ("similar news"): the articles whose term vectors (title
//! and lead, IDF-weighted, see `similar`) are closest to the open one's,
//! above a similarity floor.
//!
//! Only articles at least `RELATED_FLOOR` similar are shown, never padded
//! to a count: an article about ships held in the Kerch Strait has no
//! related story in a window of boxing bouts and university admissions,
//! and says so. Nor is an article that shares one ordinary word with it
//! however rare (`Connecticut train collision` / `minister killed in
//! head-on collision`): a related story shares two terms or a name. The
//! same story's other reports are left out (they are duplicates, not
//! related stories): by the index itself when built with the stories
//! (`RelatedIndex::build_from`), else by the caller.

use super::similar::Window;
use super::{FastMap, RankArticle};
use crate::config::settings::RankSettings;
use crate::domain::ArticleId;

/// Cosine below which an article is not shown as related (tuned on the dev
/// half of the labelled pairs, see docs/ranking.md).
pub const RELATED_FLOOR: f32 = 0.2;

/// The low bits of a candidate's accumulator count the terms it shares
/// (a name twice); the bits above hold the dot product.
const SHARED_BITS: u32 = 16;
const SHARED_MASK: u64 = (1 << SHARED_BITS) - 1;

/// A story number for articles that are a story of their own.
const ALONE: u32 = u32::MAX;

/// Unit weights are stored as `u16` steps of 1/65535: the per-term error
/// (at most half a step) summed over a vector's ~50 terms moves a cosine
/// by under 0.001, against a floor of 0.2, for 2 bytes a term instead
/// of 4.
const STEPS: f32 = u16::MAX as f32;

/// An inverted index over a set of articles, built once per article set.
///
/// Laid out for the reader's memory (it lives there while the reader
/// runs; docs/performance.md): ~10 bytes a term, where the earlier
/// layout (each term's weight both in the article's vector and in its
/// posting, as `f32`, and postings as 8-byte pairs) took 16.
#[derive(Debug, Default)]
pub struct RelatedIndex {
    ids: Vec<ArticleId>,
    /// Document numbers ordered by id, for finding an id's number by a
    /// binary search (no hash map of the ids).
    by_id: Vec<u32>,
    /// Article d's term ids are `terms[offsets[d]..offsets[d + 1]]`
    /// (`similar::Window`'s vectors over title and lead). Its weight for
    /// term t is in t's postings, found by a binary search for d.
    terms: Vec<u32>,
    offsets: Vec<u32>,
    /// Term t's postings are `docs[starts[t]..starts[t + 1]]`, in document
    /// order, with their unit weights (in `STEPS`) in `weights` alongside.
    starts: Vec<u32>,
    docs: Vec<u32>,
    weights: Vec<u16>,
    /// Each document's story (an index of `build_from`'s clustering), or
    /// `ALONE`: the related stories of an article leave its own story's
    /// other reports out. Empty when built without stories.
    story: Vec<u32>,
    /// The term ids some article writes as a name, a bitset
    /// (`Window::name_terms`): one shared name relates two articles, one
    /// shared ordinary word does not. Of the window, not of the article:
    /// a title's first word is never marked a name, yet it often is one
    /// ("Iran …", "Obama …"), and another title writes it further in.
    names: Vec<u64>,
}

impl RelatedIndex {
    pub fn build(articles: &[RankArticle]) -> RelatedIndex {
        let (window, _) = super::cluster::vectors(articles);
        let ids = articles.iter().map(|a| a.id).collect();
        RelatedIndex::from_window(ids, window, Vec::new())
    }

    /// The index of `articles`, each article's story (as
    /// `cluster::cluster` finds them) left out of its related stories, from
    /// one build of their term vectors. Takes the articles so that each
    /// fingerprint (8 bytes a term) is freed as soon as the vectors' build
    /// has read it (`cluster::vectors_of`) and the rest of them once
    /// clustered, before the postings are laid out: the build's peak is
    /// the vectors, not vectors, fingerprints and index at once.
    pub fn build_from(mut articles: Vec<RankArticle>, settings: &RankSettings) -> RelatedIndex {
        let (window, urls) = super::cluster::vectors_of(&mut articles);
        for a in &mut articles {
            // Clustering reads the vectors, ids, feeds and dates only.
            a.title = String::new();
            a.summary = None;
            a.link = None;
        }
        let groups =
            super::cluster::cluster_window(&articles, &window, &urls, settings, &mut |_| {});
        drop(urls);
        let mut story = vec![ALONE; articles.len()];
        for (n, members) in groups.iter().filter(|m| m.len() > 1).enumerate() {
            for &m in members {
                story[m] = n as u32;
            }
        }
        drop(groups);
        let ids = articles.iter().map(|a| a.id).collect();
        drop(articles);
        RelatedIndex::from_window(ids, window, story)
    }

    fn from_window(ids: Vec<ArticleId>, window: Window, story: Vec<u32>) -> RelatedIndex {
        let names = window.name_terms();
        let (terms, unit, offsets, df) = window.into_vectors();
        let mut starts: Vec<u32> = Vec::with_capacity(df.len() + 1);
        let mut total = 0u32;
        starts.push(0);
        for d in &df {
            total += d;
            starts.push(total);
        }
        drop(df);
        let mut fill: Vec<u32> = starts[..starts.len() - 1].to_vec();
        let mut docs: Vec<u32> = vec![0; total as usize];
        let mut weights: Vec<u16> = vec![0; total as usize];
        // Documents in order, so each term's postings come out sorted by
        // document (the query's binary search relies on it).
        for (d, w) in offsets.windows(2).enumerate() {
            let r = w[0] as usize..w[1] as usize;
            for (&t, &wt) in terms[r.clone()].iter().zip(&unit[r]) {
                let at = &mut fill[t as usize];
                docs[*at as usize] = d as u32;
                weights[*at as usize] = (wt.clamp(0.0, 1.0) * STEPS).round() as u16;
                *at += 1;
            }
        }
        drop((fill, unit));
        let mut by_id: Vec<u32> = (0..ids.len() as u32).collect();
        // Later duplicates of an id shadow earlier ones (the last of equal
        // ids is the one found: see `doc`).
        by_id.sort_by_key(|&d| (ids[d as usize], d));
        RelatedIndex {
            ids,
            by_id,
            terms,
            offsets,
            starts,
            docs,
            weights,
            story,
            names,
        }
    }

    /// Whether some article writes term `t` as a name.
    fn is_name(&self, t: u32) -> bool {
        self.names
            .get(t as usize / 64)
            .is_some_and(|w| w & (1 << (t % 64)) != 0)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// How many stories of several reports the index knows (0 when built
    /// without stories).
    pub fn stories(&self) -> usize {
        self.story
            .iter()
            .filter(|&&s| s != ALONE)
            .max()
            .map_or(0, |&s| s as usize + 1)
    }

    /// The document number of `article` (the last one, if repeated).
    fn doc(&self, article: ArticleId) -> Option<usize> {
        let end = self
            .by_id
            .partition_point(|&d| self.ids[d as usize] <= article);
        let d = *self.by_id[..end].last()? as usize;
        (self.ids[d] == article).then_some(d)
    }

    /// The story of `article` among several reports (an index of
    /// `build_from`'s clustering), or None when it is a story of its own,
    /// unknown, or the index was built without stories.
    pub fn story_of(&self, article: ArticleId) -> Option<u32> {
        let s = *self.story.get(self.doc(article)?)?;
        (s != ALONE).then_some(s)
    }

    /// The other reports of `article`'s story in the index (the articles
    /// `related` leaves out as its duplicates), in the index's order; empty
    /// when it is a story of its own, unknown, or the index was built
    /// without stories.
    pub fn story_reports(&self, article: ArticleId) -> Vec<ArticleId> {
        let Some(own) = self.story_of(article) else {
            return Vec::new();
        };
        self.story
            .iter()
            .zip(&self.ids)
            .filter(|&(&s, &id)| s == own && id != article)
            .map(|(_, &id)| id)
            .collect()
    }

    /// True when `article` was in the set the index was built from.
    pub fn contains(&self, article: ArticleId) -> bool {
        self.doc(article).is_some()
    }

    /// At most `n` articles at least `RELATED_FLOOR` similar to `article`,
    /// most similar first, never the article itself, nor any of `exclude`,
    /// nor (for an index from `build_from`) another report of its own
    /// story. Empty when nothing is similar enough, and for unknown ids.
    pub fn related(
        &self,
        article: ArticleId,
        exclude: &[ArticleId],
        n: usize,
    ) -> Vec<(ArticleId, f32)> {
        self.related_above(article, exclude, n, RELATED_FLOOR)
    }

    /// `related` with another floor (for measuring).
    pub fn related_above(
        &self,
        article: ArticleId,
        exclude: &[ArticleId],
        n: usize,
        floor: f32,
    ) -> Vec<(ArticleId, f32)> {
        let Some(q) = self.doc(article) else {
            return Vec::new();
        };
        if n == 0 {
            return Vec::new();
        }
        // Per candidate: the dot product (the bits above `SHARED_BITS`)
        // and how much it shares (below) — a shared name counts as two
        // terms, since one shared name relates two articles and one shared
        // ordinary word does not. One word per candidate, as before.
        let mut acc: FastMap<u32, u64> = FastMap::default();
        for &t in &self.terms[self.offsets[q] as usize..self.offsets[q + 1] as usize] {
            let list = self.starts[t as usize] as usize..self.starts[t as usize + 1] as usize;
            let (docs, weights) = (&self.docs[list.clone()], &self.weights[list]);
            let Ok(at) = docs.binary_search(&(q as u32)) else {
                continue;
            };
            let qw = u64::from(weights[at]);
            let evidence = if self.is_name(t) { 2 } else { 1 };
            for (&d, &w) in docs.iter().zip(weights) {
                // Integer products: exact, and summed in any order alike.
                // The count (at most two a term) stays far under 2^16, so
                // it never carries into the dot, which (about a cosine in
                // steps², under 2^33) leaves the word room.
                *acc.entry(d).or_default() += (qw * u64::from(w)) << SHARED_BITS | evidence;
            }
        }
        let own = self.story.get(q).copied().unwrap_or(ALONE);
        let scale = STEPS * STEPS;
        let mut hits: Vec<(ArticleId, f32)> = acc
            .into_iter()
            .filter(|&(_, s)| s & SHARED_MASK >= 2)
            .map(|(d, s)| (d, (s >> SHARED_BITS) as f32 / scale))
            .filter(|&(d, s)| d as usize != q && s >= floor)
            .filter(|&(d, _)| own == ALONE || self.story.get(d as usize) != Some(&own))
            .map(|(d, s)| (self.ids[d as usize], s))
            .filter(|(id, _)| *id != article && !exclude.contains(id))
            .collect();
        let by_score = |a: &(ArticleId, f32), b: &(ArticleId, f32)| {
            b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0))
        };
        if !self.story.is_empty() {
            // One entry per story: the list names related *stories*, and
            // five reports of one other event would push every other
            // related story out of it. Each story is shown by its report
            // most similar to the article.
            hits.sort_by(by_score);
            let mut seen: Vec<u32> = Vec::with_capacity(n);
            let mut out = Vec::with_capacity(n);
            for hit in hits {
                if out.len() == n {
                    break;
                }
                if let Some(s) = self.story_of(hit.0) {
                    if seen.contains(&s) {
                        continue;
                    }
                    seen.push(s);
                }
                out.push(hit);
            }
            return out;
        }
        if hits.len() > n {
            hits.select_nth_unstable_by(n - 1, by_score);
            hits.truncate(n);
        }
        hits.sort_by(by_score);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FeedId, Signals};
    use crate::rank::similar::Window;
    use chrono::Utc;

    fn art(id: i64, title: &str, summary: &str) -> RankArticle {
        RankArticle {
            id: ArticleId(id),
            feed_id: FeedId(1),
            title: title.to_string(),
            summary: Some(summary.to_string()),
            link: None,
            date: Utc::now(),
            signals: Signals::default(),
            fingerprint: None,
        }
    }

    #[test]
    fn finds_inflected_kazakh_matches_excludes_and_never_pads() {
        let idx = RelatedIndex::build(&[
            art(
                1,
                "Алматыда жер сілкінісі болды",
                "Алматы қаласында жер сілкінісі сезілді",
            ),
            art(
                2,
                "Алматыдағы жер сілкінісінен кейін",
                "<p>Сілкіністен зардап шеккендер жоқ</p>",
            ),
            art(
                3,
                "Астанада жаңа мектеп ашылды",
                "Мектеп 1200 оқушыға арналған",
            ),
            art(4, "Жер сілкінісі Алматы", "қайталама"),
            art(5, "Kerch Strait ships held by coast guard", "Three vessels"),
        ]);
        let r = idx.related(ArticleId(1), &[], 3);
        let ids: Vec<i64> = r.iter().map(|x| x.0.0).collect();
        assert_eq!(ids.len(), 2, "{r:?}");
        assert!(ids.contains(&2) && ids.contains(&4));
        let r = idx.related(ArticleId(1), &[ArticleId(4)], 3);
        assert_eq!(r.iter().map(|x| x.0.0).collect::<Vec<_>>(), vec![2]);
        assert!(idx.related(ArticleId(99), &[], 3).is_empty());
        assert!(idx.related(ArticleId(1), &[], 0).is_empty());
        // Nothing is about the strait: nothing is shown.
        assert!(idx.related(ArticleId(5), &[], 8).is_empty());
    }

    /// The exact cosine of articles i and j over the window's vectors.
    fn cosine(window: &Window, i: usize, j: usize) -> f32 {
        let (ti, wi, _) = window.vectors(i);
        let (tj, wj, _) = window.vectors(j);
        ti.iter()
            .zip(wi)
            .filter_map(|(t, w)| tj.iter().position(|u| u == t).map(|k| w * wj[k]))
            .sum()
    }

    #[test]
    fn one_shared_ordinary_word_is_no_relation_one_shared_name_is() {
        let idx = RelatedIndex::build(&[
            art(1, "Dozens injured in Connecticut train collision", ""),
            art(2, "Minister killed in head-on highway collision", ""),
            art(3, "Snow closes schools across Connecticut", ""),
            art(4, "Parliament passes budget after long debate", ""),
            art(5, "Connecticut governor visits the injured", ""),
        ]);
        let shown = |id: i64| -> Vec<i64> {
            idx.related_above(ArticleId(id), &[], 5, 0.0)
                .iter()
                .map(|x| x.0.0)
                .collect()
        };
        // "collision" alone relates nothing; "Connecticut", a name, does;
        // "Connecticut" and "injured" together do.
        let one = shown(1);
        assert!(!one.contains(&2), "{one:?}");
        assert!(one.contains(&3) && one.contains(&5), "{one:?}");
        assert!(shown(2).is_empty(), "{:?}", shown(2));
        assert!(shown(4).is_empty());
    }

    #[test]
    fn compact_scores_match_the_exact_cosines_for_every_pair() {
        let titles = [
            (
                "Алматыда жер сілкінісі болды",
                "Алматы қаласында жер сілкінісі сезілді",
            ),
            (
                "Алматыдағы жер сілкінісінен кейін",
                "Сілкіністен зардап шеккендер жоқ",
            ),
            ("Жер сілкінісі Алматы", "қайталама сілкіністер күтілуде"),
            ("Землетрясение в Алматы", "Толчки ощущались в городе Алматы"),
            (
                "В Алматы снова землетрясение",
                "Жители Алматы вышли на улицы",
            ),
            (
                "Earthquake hits Almaty",
                "Residents of Almaty felt the tremors",
            ),
            (
                "Almaty earthquake: no victims",
                "No victims after the tremors in Almaty",
            ),
            (
                "Астанада жаңа мектеп ашылды",
                "Мектеп 1200 оқушыға арналған",
            ),
        ];
        let arts: Vec<RankArticle> = titles
            .iter()
            .enumerate()
            .map(|(i, (t, s))| art(i as i64 + 10, t, s))
            .collect();
        let (window, _) = super::super::cluster::vectors(&arts);
        let names = window.name_terms();
        let idx = RelatedIndex::build(&arts);
        let mut compared = 0;
        for (i, a) in arts.iter().enumerate() {
            let got = idx.related_above(a.id, &[], arts.len(), 0.0);
            for (j, b) in arts.iter().enumerate() {
                let exact = cosine(&window, i, j);
                let found = got.iter().find(|(id, _)| *id == b.id).map(|x| x.1);
                // One shared term is a relation only when it is a name.
                let (ti, tj) = (window.vectors(i).0, window.vectors(j).0);
                let shared: Vec<u32> = ti.iter().copied().filter(|t| tj.contains(t)).collect();
                let named = shared
                    .iter()
                    .any(|&t| names[t as usize / 64] & (1 << (t % 64)) != 0);
                if i == j || exact <= 0.0 || (shared.len() < 2 && !named) {
                    assert_eq!(found, None, "{i} {j}");
                    continue;
                }
                let found = found.unwrap_or_else(|| panic!("{i} {j} missing: {got:?}"));
                assert!((found - exact).abs() < 1e-3, "{i} {j}: {found} vs {exact}");
                compared += 1;
            }
            // Most similar first.
            assert!(got.windows(2).all(|w| w[0].1 >= w[1].1), "{got:?}");
        }
        assert!(compared >= 10, "too few similar pairs to test: {compared}");
    }

    #[test]
    fn built_with_stories_it_leaves_the_own_story_out_and_knows_every_id() {
        let mut arts = vec![
            art(
                3,
                "Алматыда жер сілкінісі болды",
                "Алматы қаласында жер сілкінісі сезілді",
            ),
            art(
                1,
                "Алматыда жер сілкінісі болды",
                "Алматы қаласында жер сілкінісі сезілді",
            ),
            art(
                2,
                "Алматыда жаңа саябақ ашылды",
                "Алматы қаласында жер сілкінісі сезілді",
            ),
            art(
                7,
                "Астанада жаңа мектеп ашылды",
                "Мектеп 1200 оқушыға арналған",
            ),
        ];
        // Reports of one story come from different feeds.
        for (i, a) in arts.iter_mut().enumerate() {
            a.feed_id = FeedId(i as i64 + 1);
        }
        let plain = RelatedIndex::build(&arts);
        let ids = |r: Vec<(ArticleId, f32)>| r.into_iter().map(|x| x.0.0).collect::<Vec<_>>();
        // Without stories the other report of the same story comes first.
        assert_eq!(ids(plain.related(ArticleId(3), &[], 5))[0], 1);
        let idx = RelatedIndex::build_from(arts, &RankSettings::default());
        assert_eq!(idx.stories(), 1);
        let r = ids(idx.related(ArticleId(3), &[], 5));
        assert!(!r.contains(&1) && r.contains(&2), "{r:?}");
        // What it leaves out is the story's other report, listed apart.
        assert_eq!(idx.story_reports(ArticleId(3)), vec![ArticleId(1)]);
        assert_eq!(idx.story_reports(ArticleId(1)), vec![ArticleId(3)]);
        assert!(idx.story_reports(ArticleId(2)).is_empty());
        assert!(idx.story_reports(ArticleId(99)).is_empty());
        assert!(plain.story_reports(ArticleId(3)).is_empty());
        assert!(!ids(idx.related(ArticleId(2), &[], 5)).is_empty());
        for id in [1, 2, 3, 7] {
            assert!(idx.contains(ArticleId(id)), "{id}");
        }
        for id in [0, 4, 8, -1] {
            assert!(!idx.contains(ArticleId(id)), "{id}");
        }
    }

    #[test]
    fn with_stories_each_related_story_is_listed_once() {
        let quake = || art(0, "Алматыда жер сілкінісі болды", "");
        let mut arts = vec![
            art(1, "Алматыдағы жер сілкінісі: саябақ жабылды", ""),
            RankArticle {
                id: ArticleId(2),
                ..quake()
            },
            RankArticle {
                id: ArticleId(3),
                ..quake()
            },
            RankArticle {
                id: ArticleId(4),
                ..quake()
            },
            art(5, "Алматыда саябақ ашылды", ""),
            art(6, "Парламент салық туралы заң қабылдады", ""),
            art(7, "Теңге доллармен салыстырғанда нығайды", ""),
            art(8, "Футболдан ел чемпионаты басталды", ""),
        ];
        for (i, a) in arts.iter_mut().enumerate() {
            a.feed_id = FeedId(i as i64 + 1);
        }
        let ids = |r: Vec<(ArticleId, f32)>| r.into_iter().map(|x| x.0.0).collect::<Vec<_>>();
        // Without stories, the reports of the earthquake fill a list of three.
        let plain = ids(RelatedIndex::build(&arts).related(ArticleId(1), &[], 3));
        let quakes = |r: &[i64]| r.iter().filter(|id| (2..=4).contains(*id)).count();
        assert!(quakes(&plain) >= 2, "{plain:?}");
        let idx = RelatedIndex::build_from(arts, &RankSettings::default());
        assert_eq!(idx.stories(), 1);
        assert_eq!(idx.story_of(ArticleId(2)), idx.story_of(ArticleId(4)));
        assert_eq!(idx.story_of(ArticleId(1)), None);
        // With them, the earthquake is one entry and the school gets in.
        let r = ids(idx.related(ArticleId(1), &[], 3));
        assert_eq!(quakes(&r), 1, "{r:?}");
        assert!(r.contains(&5), "{r:?}");
    }
}

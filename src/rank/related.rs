//! Related stories ("similar news"): the articles whose term vectors (title
//! and lead, IDF-weighted, see `similar`) are closest to the open one's,
//! above a similarity floor.
//!
//! Only articles at least `RELATED_FLOOR` similar are shown, never padded
//! to a count: an article about ships held in the Kerch Strait has no
//! related story in a window of boxing bouts and university admissions,
//! and says so. The same story's other reports are excluded by the caller
//! (they are duplicates, not related stories).

use std::collections::HashMap;

use super::cluster::Cluster;
use super::similar::Window;
use super::{FastMap, RankArticle};
use crate::config::settings::RankSettings;
use crate::domain::ArticleId;

/// Cosine below which an article is not shown as related (tuned on the dev
/// half of the labelled pairs, see docs/ranking.md).
pub const RELATED_FLOOR: f32 = 0.2;

/// An inverted index over a set of articles, built once per article set.
#[derive(Debug, Default)]
pub struct RelatedIndex {
    ids: Vec<ArticleId>,
    by_id: HashMap<ArticleId, usize>,
    /// Article d's term ids and unit weights (`similar::Window`'s vectors
    /// over title and lead) are `terms[offsets[d]..offsets[d + 1]]`.
    terms: Vec<u32>,
    weights: Vec<f32>,
    offsets: Vec<u32>,
    /// Term t's postings, (document, unit weight), are
    /// `postings[starts[t]..starts[t + 1]]`: one array for all terms.
    starts: Vec<u32>,
    postings: Vec<(u32, f32)>,
}

impl RelatedIndex {
    pub fn build(articles: &[RankArticle]) -> RelatedIndex {
        let (window, _) = super::cluster::vectors(articles);
        RelatedIndex::from_window(articles, window)
    }

    /// The index and the stories of `articles` (as `cluster::cluster`
    /// finds them), from one build of their term vectors: the related
    /// stories of an article leave out its own story's reports.
    pub fn build_with_stories(
        articles: &[RankArticle],
        settings: &RankSettings,
    ) -> (RelatedIndex, Vec<Cluster>) {
        let (window, urls) = super::cluster::vectors(articles);
        let clusters =
            super::cluster::cluster_window(articles, &window, &urls, settings, &mut |_| {})
                .iter()
                .map(|members| super::cluster::to_cluster(articles, members))
                .collect();
        drop(urls);
        (RelatedIndex::from_window(articles, window), clusters)
    }

    fn from_window(articles: &[RankArticle], window: Window) -> RelatedIndex {
        let (terms, weights, offsets, df) = window.into_vectors();
        let mut starts: Vec<u32> = Vec::with_capacity(df.len() + 1);
        let mut total = 0u32;
        starts.push(0);
        for d in &df {
            total += d;
            starts.push(total);
        }
        drop(df);
        let mut fill: Vec<u32> = starts[..starts.len() - 1].to_vec();
        let mut postings: Vec<(u32, f32)> = vec![(0, 0.0); total as usize];
        for (d, w) in offsets.windows(2).enumerate() {
            let r = w[0] as usize..w[1] as usize;
            for (&t, &wt) in terms[r.clone()].iter().zip(&weights[r]) {
                let at = &mut fill[t as usize];
                postings[*at as usize] = (d as u32, wt);
                *at += 1;
            }
        }
        let mut by_id = HashMap::with_capacity(articles.len());
        for (i, a) in articles.iter().enumerate() {
            // Later duplicates of an id shadow earlier ones.
            by_id.insert(a.id, i);
        }
        RelatedIndex {
            ids: articles.iter().map(|a| a.id).collect(),
            by_id,
            terms,
            weights,
            offsets,
            starts,
            postings,
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// True when `article` was in the set the index was built from.
    pub fn contains(&self, article: ArticleId) -> bool {
        self.by_id.contains_key(&article)
    }

    /// At most `n` articles at least `RELATED_FLOOR` similar to `article`,
    /// most similar first, never the article itself nor any of `exclude`
    /// (pass its story's members). Empty when nothing is similar enough,
    /// and for unknown ids.
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
        let Some(&q) = self.by_id.get(&article) else {
            return Vec::new();
        };
        if n == 0 {
            return Vec::new();
        }
        let mut acc: FastMap<u32, f32> = FastMap::default();
        let r = self.offsets[q] as usize..self.offsets[q + 1] as usize;
        for (&t, &qw) in self.terms[r.clone()].iter().zip(&self.weights[r]) {
            let list = self.starts[t as usize] as usize..self.starts[t as usize + 1] as usize;
            for &(d, w) in &self.postings[list] {
                *acc.entry(d).or_default() += qw * w;
            }
        }
        let mut hits: Vec<(ArticleId, f32)> = acc
            .into_iter()
            .filter(|&(d, s)| d as usize != q && s >= floor)
            .map(|(d, s)| (self.ids[d as usize], s))
            .filter(|(id, _)| *id != article && !exclude.contains(id))
            .collect();
        let by_score = |a: &(ArticleId, f32), b: &(ArticleId, f32)| {
            b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0))
        };
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
}

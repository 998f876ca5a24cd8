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

use super::similar::Window;
use super::{FastMap, RankArticle};
use crate::domain::ArticleId;

/// Cosine below which an article is not shown as related (tuned on the dev
/// half of the labelled pairs, see docs/ranking.md).
pub const RELATED_FLOOR: f32 = 0.2;

/// An inverted index over a set of articles, built once per article set.
#[derive(Debug, Default)]
pub struct RelatedIndex {
    ids: Vec<ArticleId>,
    by_id: HashMap<ArticleId, usize>,
    window: Window,
    /// Per term: (document, unit weight).
    postings: Vec<Vec<(u32, f32)>>,
}

impl RelatedIndex {
    pub fn build(articles: &[RankArticle]) -> RelatedIndex {
        let fingerprints = super::cluster::fingerprints(articles);
        let window = Window::build(fingerprints.iter().map(|f| f.as_ref()));
        let mut postings: Vec<Vec<(u32, f32)>> = window
            .df
            .iter()
            .map(|&d| Vec::with_capacity(d as usize))
            .collect();
        for d in 0..window.len() {
            let (terms, weights) = window.vector(d);
            for (&t, &w) in terms.iter().zip(weights) {
                postings[t as usize].push((d as u32, w));
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
            window,
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
        let (terms, weights) = self.window.vector(q);
        for (&t, &qw) in terms.iter().zip(weights) {
            for &(d, w) in &self.postings[t as usize] {
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

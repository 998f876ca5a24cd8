//! Related stories ("similar news"): BM25 over the stems of title + summary.
//!
//! Each article is a document; its title stems count `TITLE_BOOST` times
//! (a title says what the story is about more densely than its summary).
//! The query for an article is the article's own document; each query term
//! weighs `2·qtf/(qtf+1)` (1 for a term that appears once, saturating for
//! repeats), times its BM25 term score in the candidate document.

use std::collections::HashMap;

use super::text::Stemmer;
use super::{FastMap, RankArticle};
use crate::domain::ArticleId;

/// BM25 term-frequency saturation.
pub const K1: f32 = 1.2;
/// BM25 length normalisation.
pub const B: f32 = 0.75;
/// How many times a title word counts compared with a summary word.
pub const TITLE_BOOST: f32 = 2.0;

/// An inverted index over a set of articles, built once per article set.
#[derive(Debug, Clone, Default)]
pub struct RelatedIndex {
    ids: Vec<ArticleId>,
    by_id: HashMap<ArticleId, usize>,
    /// Per document: (term, weighted term frequency).
    docs: Vec<Vec<(u32, f32)>>,
    /// Per term: (document, weighted term frequency).
    postings: Vec<Vec<(u32, f32)>>,
    idf: Vec<f32>,
    /// Per document: 1 − B + B·len/avg_len, precomputed.
    norm: Vec<f32>,
}

impl RelatedIndex {
    pub fn build(articles: &[RankArticle]) -> RelatedIndex {
        let mut vocab: FastMap<String, u32> = FastMap::default();
        let mut stemmer = Stemmer::default();
        let mut docs = Vec::with_capacity(articles.len());
        let mut lens = Vec::with_capacity(articles.len());
        let mut by_id = HashMap::with_capacity(articles.len());
        let mut terms: Vec<(u32, f32)> = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            // Later duplicates of an id shadow earlier ones.
            by_id.insert(a.id, i);
            terms.clear();
            let mut add = |stem: &str, w: f32| {
                let id = match vocab.get(stem) {
                    Some(&id) => id,
                    None => {
                        let id = vocab.len() as u32;
                        vocab.insert(stem.to_string(), id);
                        id
                    }
                };
                terms.push((id, w));
            };
            stemmer.for_each(&a.title, |s, _| add(s, TITLE_BOOST));
            if let Some(summary) = &a.summary {
                stemmer.for_each(summary, |s, _| add(s, 1.0));
            }
            terms.sort_unstable_by_key(|t| t.0);
            let mut doc: Vec<(u32, f32)> = Vec::with_capacity(terms.len());
            for &(t, w) in &terms {
                match doc.last_mut() {
                    Some(last) if last.0 == t => last.1 += w,
                    _ => doc.push((t, w)),
                }
            }
            lens.push(doc.iter().map(|t| t.1).sum::<f32>());
            docs.push(doc);
        }

        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); vocab.len()];
        for (d, terms) in docs.iter().enumerate() {
            for &(t, f) in terms {
                postings[t as usize].push((d as u32, f));
            }
        }
        let n = docs.len() as f32;
        let idf = postings
            .iter()
            .map(|p| {
                let df = p.len() as f32;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        let avg = (lens.iter().sum::<f32>() / n.max(1.0)).max(f32::EPSILON);
        let norm = lens.iter().map(|&l| 1.0 - B + B * l / avg).collect();
        RelatedIndex {
            ids: articles.iter().map(|a| a.id).collect(),
            by_id,
            docs,
            postings,
            idf,
            norm,
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

    /// The `n` articles most similar to `article`, best first, never the
    /// article itself nor any of `exclude` (pass its cluster). Articles with
    /// no stem in common are never returned. Unknown ids give nothing.
    pub fn related(
        &self,
        article: ArticleId,
        exclude: &[ArticleId],
        n: usize,
    ) -> Vec<(ArticleId, f32)> {
        let Some(&q) = self.by_id.get(&article) else {
            return Vec::new();
        };
        if n == 0 {
            return Vec::new();
        }
        let mut acc: FastMap<u32, f32> = FastMap::default();
        for &(t, qtf) in &self.docs[q] {
            let qw = 2.0 * qtf / (qtf + 1.0);
            let idf = self.idf[t as usize];
            for &(d, tf) in &self.postings[t as usize] {
                let s = idf * tf * (K1 + 1.0) / (tf + K1 * self.norm[d as usize]);
                *acc.entry(d).or_default() += qw * s;
            }
        }
        let mut hits: Vec<(ArticleId, f32)> = acc
            .into_iter()
            .filter(|&(d, _)| d as usize != q)
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
    fn finds_inflected_kazakh_matches_and_excludes() {
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
        ]);
        let r = idx.related(ArticleId(1), &[], 3);
        let ids: Vec<i64> = r.iter().map(|x| x.0.0).collect();
        assert_eq!(ids.len(), 2, "{r:?}");
        assert!(ids.contains(&2) && ids.contains(&4));
        let r = idx.related(ArticleId(1), &[ArticleId(4)], 3);
        assert_eq!(r.iter().map(|x| x.0.0).collect::<Vec<_>>(), vec![2]);
        assert!(idx.related(ArticleId(99), &[], 3).is_empty());
        assert!(idx.related(ArticleId(1), &[], 0).is_empty());
    }
}

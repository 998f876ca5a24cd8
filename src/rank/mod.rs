//! Ranking: story clustering, the popularity score behind "Top stories", and
//! related stories. Pure functions over plain structs: no I/O, no clock (the
//! caller passes `now`), so every result is reproducible in tests.
//!
//! - [`text`]: Unicode tokenising, case folding and stemming for Kazakh,
//!   Russian and English ([`kazakh`], [`words`]).
//! - [`canonical`]: canonical URLs (tracking, AMP and mobile variants removed).
//! - [`cluster`]: the same story across feeds.
//! - [`score`]: the popularity score and its explanation ([`top_stories`]).
//! - [`related`]: BM25 "similar news" ([`RelatedIndex`]).
//!
//! docs/ranking.md explains the formula with a worked example.

pub mod canonical;
pub mod cluster;
pub mod eval;
pub mod fingerprint;
pub mod kazakh;
pub mod opposites;
pub mod related;
pub mod score;
pub mod similar;
pub mod text;
pub mod words;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{ArticleId, FeedId, Signals};

pub use canonical::canonical_url;
pub use cluster::{Cluster, cluster, title_similarity};
pub use fingerprint::Fingerprint;
pub use related::RelatedIndex;
pub use score::{Explanation, TopStory, top_stories, top_stories_growing};

/// What ranking needs to know about an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankArticle {
    pub id: ArticleId,
    pub feed_id: FeedId,
    /// Empty, with `link` and `summary` `None`, when read for clustering
    /// only (`store::RankFields::Clustering`) and a fingerprint is present.
    pub title: String,
    /// Plain text or HTML (tags are stripped for tokenising).
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    /// Published date, else when the article was first seen.
    pub date: DateTime<Utc>,
    #[serde(default)]
    pub signals: Signals,
    /// Clustering features stored with the article; computed from `title`
    /// and `link` when absent.
    #[serde(skip)]
    pub fingerprint: Option<Fingerprint>,
}

/// The lead text of an article for grouping: its summary, else the first
/// paragraph of its content (a blank line or a closing `</p>` ends it).
pub fn lead_text<'a>(summary: Option<&'a str>, content: Option<&'a str>) -> Option<&'a str> {
    if let Some(s) = summary.map(str::trim).filter(|s| !s.is_empty()) {
        return Some(s);
    }
    let content = content.map(str::trim).filter(|s| !s.is_empty())?;
    let end = ["</p>", "</P>", "\n\n", "\r\n\r\n"]
        .iter()
        .filter_map(|m| content.find(m))
        .min()
        .unwrap_or(content.len());
    Some(&content[..end])
}

/// Hash maps keyed by words and ids on the hot path of clustering and
/// indexing. SipHash (the std default) resists hash flooding but costs more
/// than the rest of tokenising a word; these maps are built from local data
/// and live for one call, so a multiply-rotate hash is enough.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, BuildWordHasher>;

pub(crate) type BuildWordHasher = std::hash::BuildHasherDefault<WordHasher>;

/// A multiply-rotate hasher over 8-byte chunks (FxHash-style).
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_i64(&mut self, i: i64) {
        self.add(i as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

//! Ranking: story clustering, the popularity score behind "Top stories", and
//! related stories. Pure functions over plain structs: no I/O, no clock (the
//! caller passes `now`), so every result is reproducible in tests.
//!
//! - [`text`]: Unicode tokenising, case folding and light stemming for
//!   Kazakh, Russian and English.
//! - [`canonical`]: canonical URLs (tracking, AMP and mobile variants removed).
//! - [`cluster`]: the same story across feeds.
//! - [`score`]: the popularity score and its explanation ([`top_stories`]).
//! - [`related`]: BM25 "similar news" ([`RelatedIndex`]).
//!
//! docs/ranking.md explains the formula with a worked example.

pub mod canonical;
pub mod cluster;
pub mod related;
pub mod score;
pub mod text;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{ArticleId, FeedId, Signals};

pub use canonical::canonical_url;
pub use cluster::{Cluster, cluster, title_similarity};
pub use related::RelatedIndex;
pub use score::{Explanation, TopStory, compact_number, top_stories};

/// What ranking needs to know about an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankArticle {
    pub id: ArticleId,
    pub feed_id: FeedId,
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
}

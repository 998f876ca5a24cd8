//! Top stories and related stories over the cache: reads the window from the
//! store and runs the pure ranking in `rank`. Used by the CLI (`top`,
//! `related`) and by the TUI's store worker, so both show the same thing.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::config::Settings;
use crate::domain::{ArticleId, ArticleSummary, FeedId};
use crate::rank::{self, RankArticle, RelatedIndex};
use crate::store::{FeedLabel, RankFields, Store, StoreError};

/// Related stories are looked for among articles of this window.
pub const RELATED_WINDOW: Duration = Duration::from_secs(30 * 24 * 3600);

/// One line of the Top stories view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopEntry {
    /// The story's first report (what Enter opens).
    pub article: ArticleSummary,
    /// Every article of the story (marking the story read marks them all).
    pub members: Vec<ArticleId>,
    /// Names of the feeds that carry the story, first report first.
    pub sources: Vec<String>,
    pub score: f64,
    /// Why it is here, e.g. "12.3k views · 4 sources · 3h ago".
    pub why: String,
}

/// The `limit` best stories of the last `since`, optionally only from
/// feeds tagged `tag`.
pub fn top(
    store: &Store,
    settings: &Settings,
    now: DateTime<Utc>,
    since: Duration,
    tag: Option<&str>,
    limit: usize,
) -> Result<Vec<TopEntry>, StoreError> {
    let from = now - chrono::Duration::from_std(since).unwrap_or(chrono::Duration::MAX);
    let feeds = store.feed_labels()?;
    let allowed: Option<Vec<FeedId>> = tag.map(|t| {
        feeds
            .iter()
            .filter(|f| f.tags.iter().any(|x| x.eq_ignore_ascii_case(t) || x == t))
            .map(|f| f.id)
            .collect()
    });
    let mut articles = store.rank_inputs(from, RankFields::Clustering)?;
    if let Some(allowed) = &allowed {
        articles.retain(|a| allowed.contains(&a.feed_id));
    }
    let weights = feed_weights(settings, &feeds);
    let stories = rank::top_stories(&articles, &weights, &settings.rank, now, limit);
    let names: HashMap<FeedId, &str> = feeds.iter().map(|f| (f.id, f.name.as_str())).collect();
    let feed_of: HashMap<ArticleId, FeedId> = articles.iter().map(|a| (a.id, a.feed_id)).collect();
    let reps: Vec<ArticleId> = stories.iter().map(|s| s.cluster.representative).collect();
    let mut rows: HashMap<ArticleId, ArticleSummary> = store
        .summaries(&reps)?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut out = Vec::with_capacity(stories.len());
    for story in stories {
        let Some(article) = rows.remove(&story.cluster.representative) else {
            continue;
        };
        let mut sources: Vec<String> = Vec::new();
        for m in &story.cluster.members {
            if let Some(name) = feed_of.get(m).and_then(|f| names.get(f))
                && !sources.iter().any(|s| s == name)
            {
                sources.push((*name).to_string());
            }
        }
        out.push(TopEntry {
            why: story.why(now),
            score: story.score,
            members: story.cluster.members.clone(),
            sources,
            article,
        });
    }
    Ok(out)
}

fn feed_weights(settings: &Settings, feeds: &[FeedLabel]) -> HashMap<FeedId, f64> {
    let mut by_url: HashMap<&str, f64> = HashMap::with_capacity(settings.feeds.len());
    for s in &settings.feeds {
        by_url.entry(s.url.as_str()).or_insert(s.weight);
    }
    feeds
        .iter()
        .filter_map(|f| by_url.get(f.url.as_str()).map(|&w| (f.id, w)))
        .collect()
}

/// An index for related stories over a window of the cache. Building it is
/// the expensive part; keep it and rebuild when the cache changed.
pub struct RelatedStories {
    index: RelatedIndex,
    clusters: HashMap<ArticleId, Vec<ArticleId>>,
    pub built_at: DateTime<Utc>,
}

impl RelatedStories {
    pub fn build(
        store: &Store,
        settings: &Settings,
        now: DateTime<Utc>,
    ) -> Result<Self, StoreError> {
        let from =
            now - chrono::Duration::from_std(RELATED_WINDOW).unwrap_or(chrono::Duration::MAX);
        let articles: Vec<RankArticle> = store.rank_inputs(from, RankFields::Text)?;
        let mut clusters = HashMap::new();
        for c in rank::cluster(&articles, &settings.rank) {
            if c.members.len() > 1 {
                for m in &c.members {
                    clusters.insert(*m, c.members.clone());
                }
            }
        }
        Ok(RelatedStories {
            index: RelatedIndex::build(&articles),
            clusters,
            built_at: now,
        })
    }

    /// True when the article is in the index (else rebuild, it may be new).
    pub fn knows(&self, id: ArticleId) -> bool {
        self.index.contains(id)
    }

    /// The `n` most similar articles to `id`, its own story's duplicates excluded.
    pub fn related(
        &self,
        store: &Store,
        id: ArticleId,
        n: usize,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let exclude = self.clusters.get(&id).cloned().unwrap_or_default();
        let ids: Vec<ArticleId> = self
            .index
            .related(id, &exclude, n)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        store.summaries(&ids)
    }
}

//! Top stories and related stories over the cache: reads the window from the
//! store and runs the pure ranking in `rank`. Used by the CLI (`top`,
//! `related`) and by the TUI's store worker, so both show the same thing.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::Settings;
use crate::domain::{ArticleId, ArticleSummary, FeedId};
// Shared with the TUI's state and messages, so they live in `domain`.
pub use crate::domain::{TopEntry, ViewsPoint};
use crate::rank::kept::{DocFreqs, KeptLink, Members};
use crate::rank::kept_plan::Plan;
use crate::rank::{self, Fingerprint, RankArticle, RelatedIndex};
use crate::store::{FeedLabel, RankFields, SignalSample, Store, StoreError};

/// Related stories are looked for among articles of this window...
pub const RELATED_WINDOW: Duration = Duration::from_secs(30 * 24 * 3600);

/// ...and at most this many of its newest. The index lives in the reader's
/// memory while it runs and its build clusters the whole window, so its
/// size must not grow with the cache: a month of 500 feeds fits whole,
/// while with 2,000 feeds (~80,000 articles a month, 180 MiB to index)
/// the index covers the newest week or so.
pub const RELATED_MAX: usize = 20_000;

/// Velocity is the views gained per hour over this recent window (from the
/// stored signal history): a story rising now, not one that peaked earlier.
pub const VELOCITY_WINDOW: Duration = Duration::from_secs(6 * 3600);

/// Articles `keruen top` links (`Store::link_some`) before it ranks: a
/// month of a big cache (~80,000 articles, a few seconds) after an
/// upgrade queued every article.
pub const TOP_CATCH_UP: usize = 100_000;

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
    // One state of the cache for the whole view: a refresh committing
    // between reading the links and the rows would leave its articles
    // unlinked lone stories in this one list.
    store.read_snapshot(|store| top_in(store, settings, now, since, tag, limit))
}

fn top_in(
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
    let weights = feed_weights(settings, &feeds);
    let recent = now - chrono::Duration::from_std(VELOCITY_WINDOW).unwrap_or(chrono::Duration::MAX);
    let growth = views_per_hour(&store.signal_samples_since(recent)?);
    // Kept story links stand for the clustering of the whole window; a
    // tag's window weighs its terms among its own articles, so it is
    // clustered fresh (it is small).
    let kept = match allowed {
        None => store.kept_links(&settings.rank, now, from)?,
        Some(_) => None,
    };
    let (articles, stories) = match kept {
        Some(kept) => {
            let mut articles = store.rank_rows(from)?;
            let parts = rank::Parts::of(&articles, &growth);
            let links = window_links(&articles, &kept.links);
            // Only the link groups that may reach the top are resolved,
            // and only their compared members' fingerprints read.
            let plan = rank::kept_plan::plan(
                &articles,
                &links,
                &parts,
                &weights,
                &settings.rank,
                now,
                limit,
            );
            store.attach_fingerprints(&mut articles, &plan.compared)?;
            let clusters = kept_stories(&mut articles, settings, &plan, &kept.df);
            let stories = rank::top_stories_with(
                &articles,
                clusters,
                &parts,
                &growth,
                &weights,
                &settings.rank,
                now,
                limit,
            );
            (articles, stories)
        }
        None => {
            let mut articles = store.rank_inputs(from, RankFields::Clustering)?;
            if let Some(allowed) = &allowed {
                articles.retain(|a| allowed.contains(&a.feed_id));
            }
            let stories =
                rank::top_stories_growing(&articles, &growth, &weights, &settings.rank, now, limit);
            (articles, stories)
        }
    };
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
        let views_history = store
            .signal_history(story.cluster.representative)?
            .into_iter()
            .filter_map(|s| s.views.map(|views| ViewsPoint { at: s.at, views }))
            .collect();
        out.push(TopEntry {
            why: story.why_parts(),
            views_per_hour: story.explanation.views_per_hour,
            views_history,
            score: story.score,
            members: story.cluster.members.clone(),
            sources,
            article,
        });
    }
    Ok(out)
}

/// Kept links with both ends among the window's `articles`, as indices
/// (a link with an end outside, a removed feed's, is not the window's).
fn window_links(
    articles: &[RankArticle],
    links: &[(ArticleId, ArticleId, Option<f32>)],
) -> Vec<KeptLink> {
    let index: HashMap<ArticleId, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i))
        .collect();
    links
        .iter()
        .filter_map(|&(a, b, cos)| Some((*index.get(&a)?, *index.get(&b)?, cos)))
        .collect()
}

/// The stories of the window's `articles` from the plan's links; the
/// members it compares have their fingerprints (`attach_fingerprints`).
fn kept_stories(
    articles: &mut [RankArticle],
    settings: &Settings,
    plan: &Plan,
    df: &DocFreqs,
) -> Vec<Vec<usize>> {
    let mut fingerprints: Vec<(usize, Fingerprint)> = Vec::with_capacity(plan.compared.len());
    for &i in &plan.compared {
        let a = &mut articles[i];
        let f = a.fingerprint.take().unwrap_or_else(|| {
            Fingerprint::of(
                &a.title,
                rank::lead_text(a.summary.as_deref(), None),
                a.link.as_deref(),
            )
        });
        fingerprints.push((i, f));
    }
    let members = Members::new(&fingerprints, df);
    drop(fingerprints);
    rank::kept::cluster_kept(articles, &plan.links, &members, &settings.rank)
}

/// Views gained per hour of each article with at least two view samples:
/// (last − first) over the hours between them (at least half an hour, so a
/// burst between two close samples does not read as a huge rate). Samples
/// come grouped by article, oldest first (`Store::signal_samples_since`).
pub fn views_per_hour(samples: &[SignalSample]) -> HashMap<ArticleId, f64> {
    let mut out = HashMap::new();
    for group in samples.chunk_by(|a, b| a.article == b.article) {
        let mut views = group.iter().filter_map(|s| s.views.map(|v| (s.at, v)));
        let Some(first) = views.next() else {
            continue;
        };
        let Some(last) = views.next_back() else {
            continue;
        };
        let hours = ((last.0 - first.0).num_seconds() as f64 / 3600.0).max(0.5);
        let gained = last.1.saturating_sub(first.1) as f64;
        if gained > 0.0 {
            out.insert(group[0].article, gained / hours);
        }
    }
    out
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

/// The oldest date related stories are looked for at: `RELATED_WINDOW`
/// back from `now`, or later if the window holds more than `max` articles
/// (the date of the `max`-th newest).
pub fn related_from(
    store: &Store,
    now: DateTime<Utc>,
    max: usize,
) -> Result<DateTime<Utc>, StoreError> {
    let month = now - chrono::Duration::from_std(RELATED_WINDOW).unwrap_or(chrono::Duration::MAX);
    Ok(match store.nth_newest_date(max)? {
        Some(nth) if nth > month => nth,
        _ => month,
    })
}

/// An index for related stories over a window of the cache. Building it is
/// the expensive part; keep it and rebuild when the cache changed.
pub struct RelatedStories {
    /// Knows each article's story, so it leaves the story's other reports
    /// out itself.
    index: RelatedIndex,
    pub built_at: DateTime<Utc>,
    /// The oldest date the index covers (see `RELATED_MAX`).
    pub from: DateTime<Utc>,
    /// The highest article id it saw: ids only grow, so a higher one is an
    /// article stored since, and a lower unknown one lies outside.
    newest_id: Option<ArticleId>,
}

impl RelatedStories {
    pub fn build(
        store: &Store,
        settings: &Settings,
        now: DateTime<Utc>,
    ) -> Result<Self, StoreError> {
        Self::build_bounded(store, settings, now, RELATED_MAX)
    }

    /// `build` over at most the `max` newest articles of the window.
    pub fn build_bounded(
        store: &Store,
        settings: &Settings,
        now: DateTime<Utc>,
        max: usize,
    ) -> Result<Self, StoreError> {
        let from = related_from(store, now, max)?;
        // Fingerprints, not texts: the index and the clustering read only
        // them (a text read is the fallback for an article without one),
        // and a month of titles and leads is most of the memory and time
        // on a big cache.
        let articles: Vec<RankArticle> = store.rank_inputs(from, RankFields::Clustering)?;
        let newest_id = articles.iter().map(|a| a.id).max();
        // One build of the term vectors serves the clustering (to leave an
        // article's own story out) and the index; the articles go to the
        // build so it frees them as it goes.
        let index = RelatedIndex::build_from(articles, &settings.rank);
        Ok(RelatedStories {
            index,
            built_at: now,
            from,
            newest_id,
        })
    }

    /// True when the article is in the index (else rebuild, it may be new).
    pub fn knows(&self, id: ArticleId) -> bool {
        self.index.contains(id)
    }

    /// True when the article was stored after the index was built (so a
    /// rebuild would know it); false for one the index left out as too old.
    pub fn is_newer(&self, id: ArticleId) -> bool {
        self.newest_id.is_none_or(|newest| id > newest)
    }

    /// Days the index reaches back from `now`, rounded up (for messages).
    pub fn days(&self, now: DateTime<Utc>) -> usize {
        let secs = (now - self.from).num_seconds().max(0);
        usize::try_from((secs + 86_399) / 86_400).unwrap_or(usize::MAX)
    }

    /// The other reports of `id`'s own story (the same event from other
    /// feeds), newest first: what `related` leaves out as duplicates, and
    /// the reader lists apart.
    pub fn story_reports(
        &self,
        store: &Store,
        id: ArticleId,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut out = store.summaries(&self.index.story_reports(id))?;
        out.sort_by(|a, b| b.date().cmp(&a.date()).then_with(|| b.id.cmp(&a.id)));
        Ok(out)
    }

    /// The `n` most similar articles to `id`, its own story's duplicates excluded.
    pub fn related(
        &self,
        store: &Store,
        id: ArticleId,
        n: usize,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let ids: Vec<ArticleId> = self
            .index
            .related(id, &[], n)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        store.summaries(&ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn sample(article: i64, minutes: i64, views: Option<u64>) -> SignalSample {
        SignalSample {
            article: ArticleId(article),
            at: Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap()
                + chrono::Duration::minutes(minutes),
            views,
            comments: None,
            score: None,
        }
    }

    #[test]
    fn views_per_hour_from_the_first_and_last_sample() {
        let rates = views_per_hour(&[
            sample(1, 0, Some(100)),
            sample(1, 60, Some(400)),
            sample(1, 120, Some(700)),
            // One sample: no rate.
            sample(2, 0, Some(50)),
            // No growth: no rate.
            sample(3, 0, Some(10)),
            sample(3, 90, Some(10)),
            // Close samples count as half an hour at least.
            sample(4, 0, Some(0)),
            sample(4, 1, Some(100)),
            sample(5, 0, None),
            sample(5, 60, None),
        ]);
        assert_eq!(rates.get(&ArticleId(1)), Some(&300.0));
        assert_eq!(rates.get(&ArticleId(4)), Some(&200.0));
        assert_eq!(rates.len(), 2);
    }
}

//! The ranking worker: Top stories, related stories and the story linker's
//! steps. Each takes a moment on a big cache, so they run on a store worker
//! of their own (its own thread and connection) and list and article reads
//! never queue behind them; on one thread, a Top never sees a step's links
//! half written and never holds a week's vectors while a step holds its
//! own.

use std::time::Duration;

use chrono::Utc;

use crate::app::{Effect, Msg};
use crate::config::Settings;
use crate::domain::{ArticleId, ArticleSummary};
use crate::store::{Store, StoreError};
use crate::stories::{self, RelatedStories};

/// How far back the Top stories view looks.
const TOP_WINDOW: Duration = Duration::from_secs(crate::app::top::TOP_WINDOW_DAYS * 24 * 3600);
/// Stories the Top view lists.
const TOP_LIMIT: usize = 100;

/// An index younger than this is not rebuilt for an article it does not
/// know (refreshes invalidate it explicitly).
const REBUILD_MIN_AGE: chrono::Duration = chrono::Duration::seconds(30);

/// The ranking worker's state: the settings and the related-stories index
/// (expensive to build, so kept until a refresh changes the cache, an
/// article it does not know is opened, or Top stories are ranked).
pub(super) struct Ranker {
    settings: Settings,
    related: Option<RelatedStories>,
    /// Whether this worker's connection has its page cache bounded yet.
    cache_bounded: bool,
}

/// The ranking worker's page cache: it reads a window of rows once per
/// build, in date order, so a cache of its own holds nothing read twice;
/// SQLite's default 2 MB would only add to the reader's peak memory.
const RANK_PAGE_CACHE_KIB: u32 = 256;

impl Ranker {
    pub(super) fn new(settings: Settings) -> Ranker {
        Ranker {
            settings,
            related: None,
            cache_bounded: false,
        }
    }

    /// Answer `LoadTop`, `LoadRelated`, `InvalidateRelated`, the story
    /// linker's steps (`LinkPending`: one batch of `Store::link_some`,
    /// which takes the write lock only to write its links) and the
    /// packer's (`PackTexts`: `Store::pack_texts` for `PACK_STEP`, a
    /// transaction per feed's blocks); any other effect is the store
    /// worker's and gets no answer here.
    pub(super) fn answer(&mut self, store: &mut Store, effect: Effect) -> Option<Msg> {
        if !self.cache_bounded {
            // A failure leaves the default size: more memory, same answers.
            self.cache_bounded = store.limit_page_cache(RANK_PAGE_CACHE_KIB).is_ok();
        }
        let result = match effect {
            Effect::LoadTop { tag } => {
                // The index (~10 bytes a term of the newest 20,000
                // articles) and Top's build (the week's fingerprints and
                // vectors) held at once were the reader's peak memory on
                // a big cache (docs/performance.md): one of them at a
                // time. The next article opened builds the index again.
                self.related = None;
                stories::top(
                    store,
                    &self.settings,
                    Utc::now(),
                    TOP_WINDOW,
                    tag.as_deref(),
                    TOP_LIMIT,
                )
                .map(|entries| Some(Msg::TopLoaded { tag, entries }))
            }
            Effect::LoadRelated(id) => self.related(store, id).map(|(reports, related)| {
                Some(Msg::RelatedLoaded {
                    article: id,
                    reports,
                    related,
                })
            }),
            Effect::InvalidateRelated => {
                self.related = None;
                Ok(None)
            }
            Effect::LinkPending => {
                // A step's window (~15 MiB on the 1M cache) beside the
                // related index was the reader's peak memory while it
                // relinks a cache after an upgrade: one at a time, as for
                // Top. A refresh, which queues the usual steps, has
                // invalidated the index already.
                if store.links_to_do(&self.settings.rank).unwrap_or(true) {
                    self.related = None;
                }
                Ok(Some(Msg::Linked(
                    store
                        .link_some(&self.settings.rank, Utc::now(), 1)
                        .map_err(|e| e.to_string()),
                )))
            }
            Effect::PackTexts => Ok(Some(Msg::Packed(
                store
                    .pack_texts(Utc::now(), Some(crate::store::PACK_STEP))
                    .map(|stats| stats.more)
                    .map_err(|e| e.to_string()),
            ))),
            _ => Ok(None),
        };
        // Top's build and a linking step (a window's vectors, ~15 MiB on
        // the 1M cache) are dropped by now, but the allocator would keep
        // their pages; held while the next step runs beside the related
        // index, they were the reader's peak memory in the session that
        // relinks a cache after an upgrade (docs/performance.md).
        crate::memory::release_free();
        result.unwrap_or_else(|e| Some(Msg::StoreError(e.to_string())))
    }

    /// The other reports of `id`'s story and its related stories.
    fn related(
        &mut self,
        store: &Store,
        id: ArticleId,
    ) -> Result<(Vec<ArticleSummary>, Vec<ArticleSummary>), StoreError> {
        let now = Utc::now();
        let index = match self.related.take() {
            Some(index) if index.knows(id) => index,
            // An article outside the index's window is unknown to any
            // rebuild: don't rebuild for it on every open.
            Some(index) if !index.is_newer(id) => index,
            Some(index) if now - index.built_at < REBUILD_MIN_AGE => index,
            // Not built yet, or the article arrived after the build.
            _ => {
                // The linker's steps drop the index (`LinkPending`), so
                // an article opened while a cache relinks after a rules
                // change would build it once per step; its steps done
                // first, it is built once. On a small cache that is
                // milliseconds; on the 1M cache of docs/performance.md,
                // a first session's seconds of relinking come before its
                // first related list instead of beside every one.
                // A step that fails is the linker's to report (its next
                // `LinkPending` answers with the error); the related list
                // does not need the links, so it is built all the same.
                if store.links_to_do(&self.settings.rank).unwrap_or(false) {
                    let _ = store.link_some(&self.settings.rank, now, usize::MAX);
                    crate::memory::release_free();
                }
                RelatedStories::build(store, &self.settings, now)?
            }
        };
        let out = index.story_reports(store, id).and_then(|reports| {
            Ok((
                reports,
                index.related(store, id, self.settings.rank.related_count)?,
            ))
        });
        self.related = Some(index);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::FeedSettings;
    use crate::domain::{NewArticle, ParsedFeed};

    fn store_with_articles() -> (Store, Vec<ArticleId>) {
        let mut store = Store::open_in_memory().unwrap();
        let url = url::Url::parse("https://a.example/rss").unwrap();
        let feeds = store.sync_feeds(&[FeedSettings::new("a", url)]).unwrap();
        let titles = [
            "Алматыда жер сілкінісі болды",
            "Алматыдағы жер сілкінісінен кейін",
            "Астанада жаңа мектеп ашылды",
        ];
        let parsed = ParsedFeed {
            items: titles
                .iter()
                .enumerate()
                .map(|(i, t)| NewArticle {
                    key: format!("k{i}"),
                    title: t.to_string(),
                    published: Some(Utc::now()),
                    ..NewArticle::default()
                })
                .collect(),
            ..ParsedFeed::default()
        };
        store
            .apply_update(feeds[0], &parsed, &Default::default(), Utc::now())
            .unwrap();
        let ids = store
            .articles(&crate::store::ArticleQuery::default())
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        (store, ids)
    }

    /// The related index and Top's build are never held at once (they
    /// were the reader's peak memory together), and the worker's
    /// connection keeps a small page cache.
    #[test]
    fn top_drops_the_related_index_and_the_cache_stays_small() {
        let (mut store, ids) = store_with_articles();
        let default_cache = store.page_cache_size().unwrap();
        let mut ranker = Ranker::new(Settings::with_feeds(Vec::new()));
        let answer = ranker.answer(&mut store, Effect::LoadRelated(ids[0]));
        assert!(
            matches!(answer, Some(Msg::RelatedLoaded { .. })),
            "{answer:?}"
        );
        assert!(ranker.related.is_some());
        let cache = store.page_cache_size().unwrap();
        assert_eq!(cache, -i64::from(RANK_PAGE_CACHE_KIB));
        assert_ne!(cache, default_cache);
        let answer = ranker.answer(&mut store, Effect::LoadTop { tag: None });
        assert!(matches!(answer, Some(Msg::TopLoaded { .. })), "{answer:?}");
        assert!(ranker.related.is_none(), "Top kept the related index");
        // The next article opened builds it again.
        let answer = ranker.answer(&mut store, Effect::LoadRelated(ids[1]));
        assert!(
            matches!(answer, Some(Msg::RelatedLoaded { .. })),
            "{answer:?}"
        );
        assert!(ranker.related.is_some());
    }

    /// The linker's steps are this worker's: each answers with what still
    /// waits, and the links it wrote are there for Top. An article opened
    /// while links wait runs the steps first and builds the index once
    /// (one build per step was the peak memory of a relinking session);
    /// a step with links to compute drops the index, one with nothing to
    /// do keeps it.
    #[test]
    fn the_linker_steps_run_here_and_answer_what_waits() {
        let (mut store, ids) = store_with_articles();
        assert_eq!(store.links_pending().unwrap(), 3);
        let mut ranker = Ranker::new(Settings::with_feeds(Vec::new()));
        let answer = ranker.answer(&mut store, Effect::LoadRelated(ids[0]));
        assert!(
            matches!(answer, Some(Msg::RelatedLoaded { .. })),
            "{answer:?}"
        );
        assert_eq!(store.links_pending().unwrap(), 0, "the open left links");
        assert!(ranker.related.is_some());
        let answer = ranker.answer(&mut store, Effect::LinkPending);
        assert!(matches!(answer, Some(Msg::Linked(Ok(0)))), "{answer:?}");
        assert!(ranker.related.is_some(), "nothing to link dropped it");
        // A new article waits for its links: its step drops the index.
        let url = url::Url::parse("https://a.example/rss").unwrap();
        let feeds = store.sync_feeds(&[FeedSettings::new("a", url)]).unwrap();
        let parsed = ParsedFeed {
            items: vec![NewArticle {
                key: "k-new".into(),
                title: "Астанада жаңа аурухана ашылды".into(),
                published: Some(Utc::now()),
                ..NewArticle::default()
            }],
            ..ParsedFeed::default()
        };
        store
            .apply_update(feeds[0], &parsed, &Default::default(), Utc::now())
            .unwrap();
        assert_eq!(store.links_pending().unwrap(), 1);
        let answer = ranker.answer(&mut store, Effect::LinkPending);
        assert!(matches!(answer, Some(Msg::Linked(Ok(0)))), "{answer:?}");
        assert_eq!(store.links_pending().unwrap(), 0);
        assert!(ranker.related.is_none(), "a step kept the related index");
    }

    /// The packer's steps are this worker's too: nothing old to pack
    /// answers that nothing is left.
    #[test]
    fn the_packer_steps_run_here_and_answer_whether_texts_are_left() {
        let (mut store, _) = store_with_articles();
        let mut ranker = Ranker::new(Settings::with_feeds(Vec::new()));
        let answer = ranker.answer(&mut store, Effect::PackTexts);
        assert!(matches!(answer, Some(Msg::Packed(Ok(false)))), "{answer:?}");
    }
}

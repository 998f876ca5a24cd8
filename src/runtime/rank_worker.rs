//! The ranking worker: Top stories and related stories. Ranking takes a
//! moment on a big cache, so it runs on a store worker of its own (its own
//! thread and connection) and list and article reads never queue behind it.

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
/// (expensive to build, so kept until a refresh changes the cache or an
/// article it does not know is opened).
pub(super) struct Ranker {
    settings: Settings,
    related: Option<RelatedStories>,
}

impl Ranker {
    pub(super) fn new(settings: Settings) -> Ranker {
        Ranker {
            settings,
            related: None,
        }
    }

    /// Answer `LoadTop`, `LoadRelated` and `InvalidateRelated`; any other
    /// effect is the store worker's and gets no answer here.
    pub(super) fn answer(&mut self, store: &mut Store, effect: Effect) -> Option<Msg> {
        let result = match effect {
            Effect::LoadTop { tag } => stories::top(
                store,
                &self.settings,
                Utc::now(),
                TOP_WINDOW,
                tag.as_deref(),
                TOP_LIMIT,
            )
            .map(|entries| Some(Msg::TopLoaded { tag, entries })),
            Effect::LoadRelated(id) => self.related(store, id).map(|related| {
                Some(Msg::RelatedLoaded {
                    article: id,
                    related,
                })
            }),
            Effect::InvalidateRelated => {
                self.related = None;
                Ok(None)
            }
            _ => Ok(None),
        };
        result.unwrap_or_else(|e| Some(Msg::StoreError(e.to_string())))
    }

    fn related(&mut self, store: &Store, id: ArticleId) -> Result<Vec<ArticleSummary>, StoreError> {
        let now = Utc::now();
        let index = match self.related.take() {
            Some(index) if index.knows(id) => index,
            // An article outside the index's window is unknown to any
            // rebuild: don't rebuild for it on every open.
            Some(index) if !index.is_newer(id) => index,
            Some(index) if now - index.built_at < REBUILD_MIN_AGE => index,
            // Not built yet, or the article arrived after the build.
            _ => RelatedStories::build(store, &self.settings, now)?,
        };
        let out = index.related(store, id, self.settings.rank.related_count);
        self.related = Some(index);
        out
    }
}

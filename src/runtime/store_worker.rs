//! The store workers: threads that own a SQLite connection each and
//! answer the runtime's store effects with messages, in order (SQLite
//! calls block, so they never run on the UI task).

use std::path::PathBuf;
use std::sync::mpsc as std_mpsc;

use tokio::sync::mpsc;

use crate::app::{self, Effect, Msg};
use crate::store::{ArticleQuery, Store};

/// A thread that owns a store connection and answers effects with
/// messages, in order. SQLite calls block, so they never run on the UI task.
/// The runtime runs two: one for reads and writes (`answer` below), one for
/// ranking (`rank_worker::Ranker`).
/// Dropping it waits for the queued jobs: a read or star toggled just
/// before quitting is written, not lost with the process.
pub(super) struct StoreWorker {
    jobs: Option<std_mpsc::Sender<Effect>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StoreWorker {
    /// Start a thread named `name` with its own connection to `db_path`;
    /// `answer` turns each effect into the message that answers it (if any).
    pub(super) fn start<A>(
        name: &str,
        db_path: PathBuf,
        mut answer: A,
        msgs: mpsc::UnboundedSender<Msg>,
    ) -> anyhow::Result<StoreWorker>
    where
        A: FnMut(&mut Store, Effect) -> Option<Msg> + Send + 'static,
    {
        let (jobs, rx) = std_mpsc::channel::<Effect>();
        // Open here so a broken cache is reported before the UI starts.
        let mut store = Store::open(&db_path)?;
        let thread = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                for effect in rx {
                    // Once the UI is gone nobody reads the answers, but the
                    // queued writes must still land: keep going until the
                    // queue is closed and empty.
                    if let Some(msg) = answer(&mut store, effect) {
                        let _ = msgs.send(msg);
                    }
                }
            })?;
        Ok(StoreWorker {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    pub(super) fn send(&self, effect: Effect) {
        // The worker only stops when the UI is gone; nothing to report then.
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(effect);
        }
    }
}

impl Drop for StoreWorker {
    fn drop(&mut self) {
        // Closing the queue ends the worker's loop after the last job.
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The newest this many articles fill the all-feeds list; a single feed's
/// list is already bounded by retention. Keeps start-up on a big cache fast.
const ALL_FEEDS_LIMIT: usize = 5_000;

/// Answer a store effect: reads, read/star writes, search. Ranking
/// effects go to the ranking worker (`rank_worker`).
pub(super) fn answer(store: &mut Store, effect: Effect) -> Option<Msg> {
    let result = match effect {
        Effect::LoadFeeds => store.feeds().map(|f| Some(Msg::FeedsLoaded(f))),
        Effect::LoadArticles { feed, unread_only } => store
            .articles(&ArticleQuery {
                feed,
                unread_only,
                limit: feed.is_none().then_some(ALL_FEEDS_LIMIT),
                ..ArticleQuery::default()
            })
            .map(|articles| Some(Msg::ArticlesLoaded { feed, articles })),
        Effect::LoadArticle(id) => store
            .article(id)
            .map(|a| Some(Msg::ArticleLoaded(Box::new(a)))),
        Effect::SetRead { ids, read } => store.set_read_changes(&ids, read).map(|changes| {
            Some(Msg::ReadChanged {
                changes,
                read,
                undoable: false,
            })
        }),
        Effect::SetStarred { id, starred } => store.set_starred(id, starred).map(|()| None),
        Effect::MarkFeedsRead(feeds) => store.mark_feeds_read(&feeds).map(|changes| {
            Some(Msg::ReadChanged {
                changes,
                read: true,
                undoable: true,
            })
        }),
        Effect::Search(query) => Ok(Some(search(store, query))),
        // One step of the background indexer. On this worker, so the
        // steps queue with reads, marks and searches instead of racing
        // them for SQLite's write lock (whose waiters are not served in
        // order: a writer could starve): each waits one step at most.
        Effect::IndexPending => Ok(Some(Msg::Indexed(
            store.index_some(app::INDEX_STEP).map_err(|e| e.to_string()),
        ))),
        // Handled by the runtime itself, or by the ranking worker.
        Effect::LoadTop { .. }
        | Effect::LoadRelated(_)
        | Effect::InvalidateRelated
        | Effect::LinkPending
        | Effect::PackTexts => Ok(None),
        Effect::StartRefresh { .. }
        | Effect::RenderBody { .. }
        | Effect::AddFeed(_)
        | Effect::ImportOpml(_)
        | Effect::OpenUrl(_)
        | Effect::LoadImage { .. }
        | Effect::CopyToClipboard(_)
        | Effect::Quit => Ok(None),
        // The media queue's (see `media::queue`).
        Effect::QueueDownload { .. }
        | Effect::Play { .. }
        | Effect::PlayDownload(_)
        | Effect::LoadDownloads
        | Effect::PauseDownload(_) => Ok(None),
    };
    result.unwrap_or_else(|e| Some(Msg::StoreError(e.to_string())))
}

/// Parse and run a search; a query that does not parse is the user's to
/// fix, so its message goes back as it is (it says what to type instead).
fn search(store: &Store, query: String) -> Msg {
    let parsed = match crate::search_query::SearchQuery::parse(&query) {
        Ok(q) => q,
        Err(e) => {
            return Msg::SearchError {
                query,
                message: e.to_string(),
            };
        }
    };
    let q = crate::search_query::SearchQuery {
        limit: app::SEARCH_LIMIT,
        ..parsed
    };
    match store.search_catching_up(&q, app::SEARCH_CATCH_UP) {
        Ok((hits, unindexed)) => Msg::SearchResults {
            query,
            hits,
            unindexed,
        },
        Err(e) => Msg::SearchError {
            query,
            message: format!("search failed: {e}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    /// Read changes are answered with what the store changed, so the
    /// app's counts follow; a mark-all-read is undoable.
    #[test]
    fn read_changes_are_answered_with_the_articles_changed() {
        use crate::config::settings::FeedSettings;
        use crate::domain::{NewArticle, ParsedFeed};

        let mut store = Store::open_in_memory().unwrap();
        let url = url::Url::parse("https://a.example/rss").unwrap();
        let ids = store.sync_feeds(&[FeedSettings::new("a", url)]).unwrap();
        let parsed = ParsedFeed {
            items: (0..3)
                .map(|i| NewArticle {
                    key: format!("k{i}"),
                    title: format!("Жаңалық {i}"),
                    ..NewArticle::default()
                })
                .collect(),
            ..ParsedFeed::default()
        };
        store
            .apply_update(ids[0], &parsed, &Default::default(), Utc::now())
            .unwrap();
        let all = store.articles(&ArticleQuery::default()).unwrap();
        let first = all[0].id;
        let msg = answer(
            &mut store,
            Effect::SetRead {
                ids: vec![first, first],
                read: true,
            },
        );
        assert_eq!(
            msg,
            Some(Msg::ReadChanged {
                changes: vec![(first, ids[0])],
                read: true,
                undoable: false
            })
        );
        let Some(Msg::ReadChanged {
            changes, undoable, ..
        }) = answer(&mut store, Effect::MarkFeedsRead(vec![ids[0]]))
        else {
            panic!("no answer");
        };
        assert!(undoable);
        assert_eq!(changes.len(), 2, "the one read before is not in it");
    }

    #[test]
    fn worker_search_answers_hits_or_the_parse_error() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cache.db")).unwrap();
        match search(&store, "since:abc".into()) {
            Msg::SearchError { query, message } => {
                assert_eq!(query, "since:abc");
                assert!(message.contains("since:abc is not a duration"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            search(&store, "мектеп unread".into()),
            Msg::SearchResults {
                query: "мектеп unread".into(),
                hits: Vec::new(),
                unindexed: 0,
            }
        );
    }

    #[test]
    fn worker_search_lists_at_most_the_limit_with_marked_snippets() {
        use crate::config::settings::FeedSettings;
        use crate::domain::{NewArticle, ParsedFeed};
        use crate::search_query::{MATCH_END, MATCH_START};

        let mut store = Store::open_in_memory().unwrap();
        let url = url::Url::parse("https://tengrinews.example/rss").unwrap();
        let ids = store
            .sync_feeds(&[FeedSettings::new("tengrinews", url)])
            .unwrap();
        let now = Utc::now();
        let items: Vec<NewArticle> = (0..app::SEARCH_LIMIT as i64 + 5)
            .map(|i| NewArticle {
                key: format!("a{i}"),
                title: format!("Жаңа мектептер ашылды №{i}"),
                published: Some(now - chrono::Duration::minutes(i)),
                content: Some("<p>Бүгін елімізде жаңа мектептер ашылды.</p>".into()),
                ..NewArticle::default()
            })
            .collect();
        let parsed = ParsedFeed {
            items,
            ..ParsedFeed::default()
        };
        store
            .apply_update(ids[0], &parsed, &Default::default(), now)
            .unwrap();
        let Msg::SearchResults { query, hits, .. } = search(&store, "МЕКТЕП".into()) else {
            panic!("search failed");
        };
        assert_eq!(query, "МЕКТЕП");
        assert_eq!(hits.len(), app::SEARCH_LIMIT);
        assert!(
            hits[0]
                .snippet
                .contains(&format!("{MATCH_START}мектептер{MATCH_END}")),
            "{:?}",
            hits[0].snippet
        );
    }
}

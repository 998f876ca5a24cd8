//! The writer thread: the one owner of the refresh's SQLite connection.
//! Parsed feeds arrive as `WriteJob`s; they are applied in group commits
//! and each is answered once its group is durable.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot};

use super::Heard;
use super::checkpoints::Checkpointer;
use crate::config::settings::CacheSettings;
use crate::domain::{FailureKind, FeedId, FeedOutcome, ParsedFeed};
use crate::fetch::Validators;
use crate::sanitize;
use crate::schedule::learn::{Answer, Observation};
use crate::store::{PreparedTexts, Store, StoreError, TrainWatch, WriteBatch};

/// One unit of work for the writer thread.
pub(super) enum WriteJob {
    Update {
        feed: FeedId,
        parsed: ParsedFeed,
        /// The texts, compressed on a parser thread.
        texts: PreparedTexts,
        validators: Validators,
        heard: Heard,
        reply: oneshot::Sender<FeedOutcome>,
    },
    NotModified {
        feed: FeedId,
        heard: Heard,
        reply: oneshot::Sender<FeedOutcome>,
    },
    Failed {
        feed: FeedId,
        kind: FailureKind,
        message: String,
        heard: Heard,
        reply: oneshot::Sender<FeedOutcome>,
    },
}

impl WriteJob {
    pub(super) fn into_reply(self) -> oneshot::Sender<FeedOutcome> {
        match self {
            WriteJob::Update { reply, .. }
            | WriteJob::NotModified { reply, .. }
            | WriteJob::Failed { reply, .. } => reply,
        }
    }
}

pub(super) fn writer_gone() -> FeedOutcome {
    FeedOutcome::Failed {
        kind: FailureKind::Store,
        message: "the cache writer stopped unexpectedly".into(),
    }
}

/// The writer thread: applies jobs in arrival order, grouped into one
/// transaction per `GROUP_WINDOW` (a group stands or falls as one, see
/// `store::WriteBatch`), then retention once at the end. Replies go out
/// after the group's commit, so a feed is reported only once its articles
/// are visible to readers.
pub(super) fn writer_loop(
    mut store: Store,
    mut jobs: mpsc::Receiver<WriteJob>,
    retention: &CacheSettings,
) -> Result<u64, StoreError> {
    // Only for waiting on the channel (with a deadline inside a group);
    // nothing is spawned on it.
    let waiter = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|source| StoreError::Io {
            path: store.path().to_string(),
            source,
        })?;
    // Per-insert statement journals in memory (see the method).
    store.statement_journals_in_memory(true)?;
    // Checkpoints beside the writer (`checkpoints`); the writer's own only
    // as a backstop, or as before if the thread cannot start.
    let checkpointer = Checkpointer::start(Path::new(store.path()));
    if checkpointer.is_some() {
        store.checkpoints_elsewhere(true)?;
    }
    let mut train = TrainWatch::new(&store)?;
    while let Some(first) = waiter.block_on(jobs.recv()) {
        let opened = Instant::now();
        let mut replies = Vec::new();
        match store.batch() {
            Ok(mut batch) => {
                apply_job(&mut batch, first, &mut replies, &mut train);
                // Each job is applied as it arrives and its parsed feed
                // dropped, so a group holds no more memory than one feed.
                while replies.len() < GROUP_MAX && !batch.has_failed() {
                    let left = GROUP_WINDOW.saturating_sub(opened.elapsed());
                    match waiter.block_on(async { tokio::time::timeout(left, jobs.recv()).await }) {
                        Ok(Some(job)) => apply_job(&mut batch, job, &mut replies, &mut train),
                        // The window is over, or no feed is left.
                        _ => break,
                    }
                }
                if let Err(e) = batch.commit() {
                    for (_, outcome) in &mut replies {
                        if !matches!(outcome, FeedOutcome::Failed { .. }) {
                            *outcome = store_failure(&e);
                        }
                    }
                }
                if let Some(c) = &checkpointer {
                    c.poke();
                }
            }
            Err(e) => replies.push((first.into_reply(), store_failure(&e))),
        }
        for (reply, outcome) in replies {
            let _ = reply.send(outcome);
        }
        // A cache's first refresh: the dictionary as soon as the committed
        // texts are enough to train on, so the parser threads compress the
        // rest of the refresh with it (they pick up the current dictionary
        // per feed). Its failure is not the refresh's: the end retries.
        if train.due() {
            train.tried();
            if let Err(e) = store.train_text_dict() {
                tracing::warn!("could not train the texts' dictionary: {e}");
            }
        }
    }
    store.statement_journals_in_memory(false)?;
    if let Some(c) = checkpointer {
        c.finish();
        store.checkpoints_elsewhere(false)?;
    }
    let removed = store.apply_retention(retention, Utc::now())?;
    // The parsed feeds are all freed by now, but the allocator keeps their
    // pages; training the dictionary below then needed ~9 MiB more on top
    // of them and was the peak RSS of a first refresh (37 → 46 MiB).
    // The parser threads' arenas keep what the feeds they parsed used,
    // which the process (the reader's, for one) would otherwise carry on.
    crate::memory::release_free();
    // Once in the life of a cache, when it first holds enough text: the
    // texts' compression dictionary (cheap to check every time).
    store.train_text_dict()?;
    Ok(removed)
}

/// How long a group of feeds may collect before its commit: long enough
/// that a commit carries several feeds, short enough that progress and
/// other instances' writes (a read mark in the UI) are not held back.
const GROUP_WINDOW: Duration = Duration::from_millis(100);
/// At most this many feeds in one commit.
const GROUP_MAX: usize = 64;

type Reply = (oneshot::Sender<FeedOutcome>, FeedOutcome);

/// Apply one job inside `batch`; its reply waits for the commit.
fn apply_job(
    batch: &mut WriteBatch<'_>,
    job: WriteJob,
    replies: &mut Vec<Reply>,
    train: &mut TrainWatch,
) {
    let now = Utc::now();
    let reply = match job {
        WriteJob::Update {
            feed,
            parsed,
            texts,
            validators,
            heard,
            reply,
        } => {
            let outcome = match batch.update(feed, &parsed, Some(&texts), &validators, now) {
                Ok(stats) => {
                    train.saw(&parsed);
                    let dates = parsed
                        .items
                        .iter()
                        .filter_map(|i| i.published.or(i.updated))
                        .collect();
                    let answer = Answer::Read {
                        new: stats.new,
                        dates,
                    };
                    learn(batch, feed, answer, heard, now);
                    FeedOutcome::Fetched {
                        new: stats.new,
                        updated: stats.updated,
                    }
                }
                Err(e) => store_failure(&e),
            };
            (reply, outcome)
        }
        WriteJob::NotModified { feed, heard, reply } => {
            let outcome = match batch.not_modified(feed, now) {
                Ok(()) => {
                    learn(batch, feed, Answer::NotModified, heard, now);
                    FeedOutcome::NotModified
                }
                Err(e) => store_failure(&e),
            };
            (reply, outcome)
        }
        WriteJob::Failed {
            feed,
            kind,
            message,
            heard,
            reply,
        } => {
            // The failure is what the user needs to see; a store error
            // recording it is secondary and only logged.
            if let Err(e) = batch.failure(feed, &message, now) {
                tracing::warn!("could not record failure of feed {feed:?}: {e}");
            }
            learn(batch, feed, Answer::Failed, heard, now);
            (reply, FeedOutcome::Failed { kind, message })
        }
    };
    replies.push(reply);
}

/// Record what the fetch taught the feed's schedule. A store error here
/// dooms the group like any other (the feed is fetched again next time).
fn learn(
    batch: &mut WriteBatch<'_>,
    feed: FeedId,
    answer: Answer,
    heard: Heard,
    now: DateTime<Utc>,
) {
    let obs = Observation {
        answer,
        hints: heard.hints,
        fresh_until: heard.fresh_until,
        retry_until: heard.retry_until,
    };
    if let Err(e) = batch.observe(feed, &obs, now) {
        tracing::warn!("could not record the schedule of feed {feed:?}: {e}");
    }
}

fn store_failure(e: &StoreError) -> FeedOutcome {
    FeedOutcome::Failed {
        kind: FailureKind::Store,
        message: sanitize::line(&e.to_string()),
    }
}

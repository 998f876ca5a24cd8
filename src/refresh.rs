//! Refresh many feeds: fetch → parse → store, with bounded concurrency.
//!
//! Fetches run as tasks (at most `fetch.concurrency` at once; the fetcher
//! adds a per-host limit), parsing runs on the blocking pool, and one writer
//! thread owns the SQLite connection and applies the feeds in group commits
//! (`writer`), never half a feed, while a thread of its own checkpoints the
//! write-ahead log beside it (`checkpoints`); `full_text` fetches article
//! pages for the feeds that ask for them. Progress goes out as owned
//! `RefreshEvent`s over a channel, so the TUI and the CLI see the same
//! stream and nobody shares locked state.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::task::JoinSet;

use crate::config::settings::{CacheSettings, FeedSettings};
use crate::domain::{FailureKind, FeedId, FeedOutcome, ParsedFeed, SourceKind};
use crate::fetch::{FetchOutcome, FetchedBody, Fetcher, Validators};
use crate::sanitize;
use crate::schedule::{self, FeedHints};
use crate::sources;
use crate::store::{Store, StoreError, prepare_texts};

mod checkpoints;
mod full_text;
mod writer;

pub use full_text::FULL_TEXT_MAX_PAGES;
use full_text::fill_full_text;
use writer::{WriteJob, writer_gone, writer_loop};

/// Parsed feeds that may wait for the writer at once.
const WRITE_QUEUE: usize = 2;

/// The events and totals of a refresh live in `domain`: the TUI's `update`
/// takes them as they are (keyed by `FeedId`), and the CLI prints them.
pub use crate::domain::{RefreshEvent, RefreshSummary};

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error("cannot lock {path} to refresh: {source}")]
    Lock {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the cache writer stopped unexpectedly")]
    WriterGone,
}

/// What a refresh needs: the feeds to refresh and where the cache lives.
pub struct RefreshPlan {
    pub db_path: PathBuf,
    /// Every configured feed (synced to the store so ids stay stable).
    pub all_feeds: Vec<FeedSettings>,
    /// Names of the feeds to refresh; `None` = all.
    pub only: Option<Vec<String>>,
    /// `Some`: of those, only the feeds due now by `schedule::next_due`,
    /// with this policy for feeds that set no interval of their own;
    /// `None`: every one of them, due or not (`--all`, a named feed).
    pub due_only: Option<schedule::Policy>,
    pub concurrency: usize,
    pub max_items_per_feed: usize,
    pub retention: CacheSettings,
}

/// Run one refresh to the end, sending events as it goes. The returned
/// summary is also sent as `RefreshEvent::Finished`.
pub async fn run(
    plan: RefreshPlan,
    fetcher: Fetcher,
    events: mpsc::UnboundedSender<RefreshEvent>,
) -> Result<RefreshSummary, RefreshError> {
    let started = Instant::now();

    // Single flight across processes: the lock is held until `run` returns.
    let _lock = lock_refresh(&plan.db_path, &events).await?;

    // Open the cache and learn ids + validators before any network call.
    let db_path = plan.db_path.clone();
    let all_feeds = plan.all_feeds.clone();
    let only = plan.only.clone();
    let due_only = plan.due_only;
    let (store, targets, not_due) =
        tokio::task::spawn_blocking(move || prepare(&db_path, &all_feeds, only, due_only))
            .await
            .map_err(|_| RefreshError::WriterGone)??;

    let total = targets.len();
    let _ = events.send(RefreshEvent::Started { total });

    // Bounded: parsed feeds wait here only while the writer is behind, and
    // a full queue holds parsers back instead of growing memory.
    let (jobs_tx, jobs_rx) = mpsc::channel::<WriteJob>(WRITE_QUEUE);
    let retention = plan.retention.clone();
    let writer = std::thread::Builder::new()
        .name("keruen-writer".into())
        .spawn(move || writer_loop(store, jobs_rx, &retention))
        .map_err(|_| RefreshError::WriterGone)?;

    let limit = Arc::new(Semaphore::new(plan.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    let mut summary = RefreshSummary {
        total,
        not_due,
        ..RefreshSummary::default()
    };
    let max_items = plan.max_items_per_feed;
    let mut pending = targets.into_iter().peekable();
    // Every sender must be gone once the last job is queued, so the writer
    // commits its last group at once instead of waiting out the window.
    let mut jobs_tx = Some(jobs_tx);
    if pending.peek().is_none() {
        jobs_tx = None;
    }
    loop {
        // A feed's task is spawned only once a fetch slot is free: a spawned
        // future is allocated at its largest size (HTTP state included), so
        // thousands waiting for a slot cost ~10 KB each (2,000 feeds: +17
        // MiB of peak RSS).
        tokio::select! {
            permit = Arc::clone(&limit).acquire_owned(), if pending.peek().is_some() => {
                let (Some(target), Some(sender)) = (pending.next(), jobs_tx.as_ref()) else { continue };
                let fetcher = fetcher.clone();
                let jobs = sender.clone();
                if pending.peek().is_none() {
                    jobs_tx = None;
                }
                tasks.spawn(async move {
                    let outcome = refresh_one(&fetcher, &target, max_items, permit, jobs).await;
                    (target.id, target.settings.name, outcome)
                });
            }
            Some(joined) = tasks.join_next() => record(joined, &mut summary, &events),
            else => break,
        }
    }

    summary.removed_by_retention = tokio::task::spawn_blocking(move || writer.join())
        .await
        .map_err(|_| RefreshError::WriterGone)?
        .map_err(|_| RefreshError::WriterGone)??;
    summary.elapsed = started.elapsed();
    let _ = events.send(RefreshEvent::Finished(summary.clone()));
    Ok(summary)
}

/// Take the cache's refresh lock (a file beside the database), waiting,
/// with a `Waiting` event, while another process holds it. The OS drops
/// the lock if that process dies, so a killed refresh never blocks the next.
async fn lock_refresh(
    db_path: &std::path::Path,
    events: &mpsc::UnboundedSender<RefreshEvent>,
) -> Result<std::fs::File, RefreshError> {
    let path = db_path.with_extension("refresh-lock");
    let shown = path.display().to_string();
    let err = |source| RefreshError::Lock {
        path: shown.clone(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(err)?;
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(std::fs::TryLockError::Error(e)) => return Err(err(e)),
        Err(std::fs::TryLockError::WouldBlock) => {}
    }
    let _ = events.send(RefreshEvent::Waiting {
        message: "another keruen is refreshing this cache; waiting for it to finish".into(),
    });
    tokio::task::spawn_blocking(move || file.lock().map(|()| file))
        .await
        .map_err(|_| RefreshError::WriterGone)?
        .map_err(err)
}

struct Target {
    id: FeedId,
    settings: FeedSettings,
    validators: Validators,
    /// `full_text` feeds: the stored content of each article (by key), so
    /// pages already extracted are not fetched again and an item whose page
    /// fails this time keeps the text it had.
    full_texts: HashMap<String, String>,
}

/// The store, the feeds to fetch, and how many were left as not due.
fn prepare(
    db_path: &std::path::Path,
    all_feeds: &[FeedSettings],
    only: Option<Vec<String>>,
    due_only: Option<schedule::Policy>,
) -> Result<(Store, Vec<Target>, usize), StoreError> {
    let mut store = Store::open(db_path)?;
    let ids = store.sync_feeds(all_feeds)?;
    let states = match due_only {
        Some(_) => store.schedule_states()?,
        None => HashMap::new(),
    };
    let now = chrono::Utc::now();
    let mut targets = Vec::new();
    let mut not_due = 0;
    for (id, feed) in ids.into_iter().zip(all_feeds) {
        if let Some(names) = &only
            && !names.iter().any(|n| n == &feed.name)
        {
            continue;
        }
        if let Some(policy) = due_only {
            let state = schedule_of(states.get(&id), feed, policy);
            if !schedule::next_due(&state, now).is_due(now) {
                not_due += 1;
                continue;
            }
        }
        targets.push(Target {
            id,
            settings: feed.clone(),
            validators: store.validators(id)?,
            full_texts: if feed.full_text {
                stored_contents(&store, id)?
            } else {
                HashMap::new()
            },
        });
    }
    Ok((store, targets, not_due))
}

/// A feed's schedule state with the config's side: its own interval is a
/// fixed one. A feed the store has no row for yet is new.
pub fn schedule_of(
    stored: Option<&schedule::FeedState>,
    feed: &FeedSettings,
    policy: schedule::Policy,
) -> schedule::FeedState {
    let mut state = stored.cloned().unwrap_or_default();
    state.policy = schedule::Policy {
        fixed: feed.refresh_interval,
        ..policy
    };
    state
}

/// The schedule policy the config asks for: `fetch.refresh_interval` is
/// the floor (its default when "off").
pub fn policy_of(fetch: &crate::config::settings::FetchSettings) -> schedule::Policy {
    schedule::Policy {
        floor: fetch.refresh_interval.unwrap_or(schedule::DEFAULT_FLOOR),
        ..schedule::Policy::default()
    }
}

/// The stored content of each of `feed`'s articles that has one, by key.
/// One query per article, but only for `full_text` feeds, whose size the
/// retention bounds.
fn stored_contents(store: &Store, feed: FeedId) -> Result<HashMap<String, String>, StoreError> {
    let query = crate::store::ArticleQuery {
        feed: Some(feed),
        ..Default::default()
    };
    let mut out = HashMap::new();
    for summary in store.articles(&query)? {
        let article = store.article(summary.id)?;
        if let Some(content) = article.content {
            out.insert(article.key, content);
        }
    }
    Ok(out)
}

/// Counts a finished feed task into the summary and reports it.
fn record(
    joined: Result<(FeedId, String, FeedOutcome), tokio::task::JoinError>,
    summary: &mut RefreshSummary,
    events: &mpsc::UnboundedSender<RefreshEvent>,
) {
    let Ok((feed, name, outcome)) = joined else {
        // A task panicked; count it as a failure of an unknown feed rather than abort.
        summary.failed += 1;
        return;
    };
    match &outcome {
        FeedOutcome::NotModified => summary.not_modified += 1,
        FeedOutcome::Fetched { new, updated } => {
            summary.fetched += 1;
            summary.new_articles += new;
            summary.updated_articles += updated;
        }
        FeedOutcome::Failed { .. } => summary.failed += 1,
    }
    let _ = events.send(RefreshEvent::FeedDone {
        feed,
        name,
        outcome,
    });
}

/// Fetch, parse and hand one feed to the writer; never panics.
async fn refresh_one(
    fetcher: &Fetcher,
    target: &Target,
    max_items: usize,
    permit: Result<tokio::sync::OwnedSemaphorePermit, tokio::sync::AcquireError>,
    jobs: mpsc::Sender<WriteJob>,
) -> FeedOutcome {
    let (reply, answer) = oneshot::channel();
    let (result, heard) = fetch_and_parse(fetcher, target, max_items).await;
    let fetched = match result {
        // Compressing is CPU work the single writer would otherwise do.
        Ok(Some((parsed, validators))) => tokio::task::spawn_blocking(move || {
            let texts = prepare_texts(&parsed);
            (parsed, texts, validators)
        })
        .await
        .map(Some)
        .map_err(|_| {
            (
                FailureKind::Store,
                "compressing the texts crashed".to_string(),
            )
        }),
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    };
    let job = match fetched {
        Ok(Some((parsed, texts, validators))) => WriteJob::Update {
            feed: target.id,
            parsed,
            texts,
            validators,
            heard,
            reply,
        },
        Ok(None) => WriteJob::NotModified {
            feed: target.id,
            heard,
            reply,
        },
        Err((kind, message)) => WriteJob::Failed {
            feed: target.id,
            kind,
            message: sanitize::line(&message),
            heard,
            reply,
        },
    };
    if jobs.send(job).await.is_err() {
        return writer_gone();
    }
    // Waiting for the reply must not keep the queue open (see `run`).
    drop(jobs);
    // The slot bounds what is held in memory: a parsed feed keeps it until
    // the writer's queue has taken it. Waiting for the write itself needs
    // none, so the next fetch starts now (a pipeline even at concurrency 1).
    drop(permit);
    answer.await.unwrap_or_else(|_| writer_gone())
}

/// A parsed feed and its new validators, `None` when not modified, or why it failed.
pub type FetchResult = Result<Option<(ParsedFeed, Validators)>, (FailureKind, String)>;

/// What one fetch told the schedule besides its articles.
#[derive(Debug, Clone, Default)]
pub(crate) struct Heard {
    /// The feed's own hints, when a feed document was read.
    pub hints: Option<FeedHints>,
    pub fresh_until: Option<chrono::DateTime<chrono::Utc>>,
    pub retry_until: Option<chrono::DateTime<chrono::Utc>>,
}

async fn fetch_and_parse(
    fetcher: &Fetcher,
    target: &Target,
    max_items: usize,
) -> (FetchResult, Heard) {
    read_feed(
        fetcher,
        &target.settings,
        &target.validators,
        max_items,
        &target.full_texts,
    )
    .await
}

/// Read one feed without the store: fetch it (or run its command), pipe it
/// through its filter, and parse it with the reader its settings call for.
/// `Ok(None)` = not modified. Public so tools and tests can check a feed.
pub async fn fetch_and_read(
    fetcher: &Fetcher,
    feed: &FeedSettings,
    validators: &Validators,
    max_items: usize,
) -> FetchResult {
    read_feed(fetcher, feed, validators, max_items, &HashMap::new())
        .await
        .0
}

/// [`fetch_and_read`], with the stored contents of a `full_text` feed.
async fn read_feed(
    fetcher: &Fetcher,
    feed: &FeedSettings,
    validators: &Validators,
    max_items: usize,
    full_texts: &HashMap<String, String>,
) -> (FetchResult, Heard) {
    let mut heard = Heard::default();
    let result = read_body(fetcher, feed, validators, max_items, full_texts, &mut heard).await;
    (result, heard)
}

async fn read_body(
    fetcher: &Fetcher,
    feed: &FeedSettings,
    validators: &Validators,
    max_items: usize,
    full_texts: &HashMap<String, String>,
    heard: &mut Heard,
) -> FetchResult {
    let limits = fetcher.settings();
    let (timeout, cap) = (limits.total_timeout, limits.max_body_bytes);
    let exec_failure = |e: sources::exec::ExecError| (e.kind(), e.to_string());
    let mut body = if feed.kind == SourceKind::Exec {
        let command = sources::exec::command_of(&feed.url);
        let bytes = sources::exec::run(&command, None, timeout, cap)
            .await
            .map_err(exec_failure)?;
        FetchedBody {
            bytes,
            content_type: None,
            final_url: feed.url.clone(),
            validators: Validators::default(),
        }
    } else {
        let (outcome, meta) = fetcher.fetch_with_meta(&feed.url, validators).await;
        heard.fresh_until = meta.fresh_until;
        heard.retry_until = meta.retry_until;
        match outcome {
            FetchOutcome::NotModified => return Ok(None),
            FetchOutcome::Failed(f) => return Err((f.kind, f.message)),
            FetchOutcome::Fetched(body) => body,
        }
    };
    if let Some(filter) = &feed.filter {
        let bytes = std::mem::take(&mut body.bytes);
        body.bytes = sources::exec::run(filter, Some(bytes), timeout, cap)
            .await
            .map_err(|e| (e.kind(), format!("filter {e}")))?;
        // The filter may have changed the encoding; its output is UTF-8 or
        // says what it is, so the HTTP charset no longer applies.
        body.content_type = None;
    }
    let settings = feed.clone();
    // Only feed documents carry ttl / sy:* / skipHours.
    let feed_document = feed.map.is_none()
        && feed.select.is_none()
        && matches!(feed.kind, SourceKind::Feed | SourceKind::Exec);
    let parsed = tokio::task::spawn_blocking(move || {
        let hints = feed_document.then(|| sources::hints::scan(&body.bytes));
        let parsed = sources::read(
            &settings,
            &body.bytes,
            body.content_type.as_deref(),
            &body.final_url,
            max_items,
        );
        (parsed, body.validators, hints)
    })
    .await;
    if let Ok((_, _, hints)) = &parsed {
        heard.hints = *hints;
    }
    match parsed {
        Ok((Ok(mut parsed), validators, _)) => {
            drop_ignored(feed, &mut parsed);
            if feed.full_text {
                fill_full_text(fetcher, &mut parsed, full_texts).await;
            }
            Ok(Some((parsed, validators)))
        }
        Ok((Err(e), _, _)) => Err((FailureKind::Parse, e.to_string())),
        Err(_) => Err((
            FailureKind::Parse,
            "the parser crashed on this document".into(),
        )),
    }
}

/// Apply the feed's `[[ignore]]` rules before the write, so ignored items
/// are never stored (and never come back as "new" on the next refresh).
fn drop_ignored(feed: &FeedSettings, parsed: &mut ParsedFeed) {
    if feed.ignore.is_empty() {
        return;
    }
    let before = parsed.items.len();
    parsed
        .items
        .retain(|item| !feed.ignore.iter().any(|rule| rule.matches(item)));
    let dropped = before - parsed.items.len();
    if dropped > 0 {
        tracing::debug!(
            "{}: {dropped} item(s) ignored by [[ignore]] rules",
            feed.name
        );
    }
}

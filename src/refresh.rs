//! Refresh many feeds: fetch → parse → store, with bounded concurrency.
//!
//! Fetches run as tasks (at most `fetch.concurrency` at once; the fetcher
//! adds a per-host limit), parsing runs on the blocking pool, and one writer
//! thread owns the SQLite connection and applies the feeds in group commits
//! (see `writer_loop`), never half a feed. Progress goes out as owned
//! `RefreshEvent`s over a channel, so the TUI and the CLI see the same
//! stream and nobody shares locked state.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde::Serialize;
use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::task::JoinSet;

use crate::config::settings::{CacheSettings, FeedSettings};
use crate::domain::{FailureKind, FeedId, FeedOutcome, ParsedFeed, SourceKind};
use crate::fetch::{FetchOutcome, FetchedBody, Fetcher, Validators};
use crate::sanitize;
use crate::sources;
use crate::store::{PreparedTexts, Store, StoreError, WriteBatch, prepare_texts};

/// Parsed feeds that may wait for the writer at once.
const WRITE_QUEUE: usize = 2;

/// Progress of one refresh, in the order things happen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum RefreshEvent {
    /// Another keruen process is refreshing the same cache; this one waits
    /// for it (one refresh per cache at a time, across processes).
    Waiting {
        message: String,
    },
    Started {
        total: usize,
    },
    FeedDone {
        feed: FeedId,
        name: String,
        outcome: FeedOutcome,
    },
    Finished(RefreshSummary),
}

/// Totals of one refresh.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RefreshSummary {
    pub total: usize,
    pub fetched: usize,
    pub not_modified: usize,
    pub failed: usize,
    pub new_articles: u64,
    pub updated_articles: u64,
    pub removed_by_retention: u64,
    #[serde(serialize_with = "ser_secs")]
    pub elapsed: Duration,
}

fn ser_secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl RefreshSummary {
    /// True when there was something to refresh and every feed failed.
    pub fn all_failed(&self) -> bool {
        self.total > 0 && self.failed == self.total
    }
}

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
    pub concurrency: usize,
    pub max_items_per_feed: usize,
    pub retention: CacheSettings,
}

/// One unit of work for the writer thread.
enum WriteJob {
    Update {
        feed: FeedId,
        parsed: ParsedFeed,
        /// The texts, compressed on a parser thread.
        texts: PreparedTexts,
        validators: Validators,
        reply: oneshot::Sender<FeedOutcome>,
    },
    NotModified {
        feed: FeedId,
        reply: oneshot::Sender<FeedOutcome>,
    },
    Failed {
        feed: FeedId,
        kind: FailureKind,
        message: String,
        reply: oneshot::Sender<FeedOutcome>,
    },
}

impl WriteJob {
    fn into_reply(self) -> oneshot::Sender<FeedOutcome> {
        match self {
            WriteJob::Update { reply, .. }
            | WriteJob::NotModified { reply, .. }
            | WriteJob::Failed { reply, .. } => reply,
        }
    }
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
    let (store, targets) = tokio::task::spawn_blocking(move || prepare(&db_path, &all_feeds, only))
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

fn prepare(
    db_path: &std::path::Path,
    all_feeds: &[FeedSettings],
    only: Option<Vec<String>>,
) -> Result<(Store, Vec<Target>), StoreError> {
    let mut store = Store::open(db_path)?;
    let ids = store.sync_feeds(all_feeds)?;
    let mut targets = Vec::new();
    for (id, feed) in ids.into_iter().zip(all_feeds) {
        if let Some(names) = &only
            && !names.iter().any(|n| n == &feed.name)
        {
            continue;
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
    Ok((store, targets))
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
    let fetched = match fetch_and_parse(fetcher, target, max_items).await {
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
            reply,
        },
        Ok(None) => WriteJob::NotModified {
            feed: target.id,
            reply,
        },
        Err((kind, message)) => WriteJob::Failed {
            feed: target.id,
            kind,
            message: sanitize::line(&message),
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

fn writer_gone() -> FeedOutcome {
    FeedOutcome::Failed {
        kind: FailureKind::Store,
        message: "the cache writer stopped unexpectedly".into(),
    }
}

/// A parsed feed and its new validators, `None` when not modified, or why it failed.
pub type FetchResult = Result<Option<(ParsedFeed, Validators)>, (FailureKind, String)>;

async fn fetch_and_parse(fetcher: &Fetcher, target: &Target, max_items: usize) -> FetchResult {
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
    read_feed(fetcher, feed, validators, max_items, &HashMap::new()).await
}

/// [`fetch_and_read`], with the stored contents of a `full_text` feed.
async fn read_feed(
    fetcher: &Fetcher,
    feed: &FeedSettings,
    validators: &Validators,
    max_items: usize,
    full_texts: &HashMap<String, String>,
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
        match fetcher.fetch(&feed.url, validators).await {
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
    let parsed = tokio::task::spawn_blocking(move || {
        let parsed = sources::read(
            &settings,
            &body.bytes,
            body.content_type.as_deref(),
            &body.final_url,
            max_items,
        );
        (parsed, body.validators)
    })
    .await;
    match parsed {
        Ok((Ok(mut parsed), validators)) => {
            drop_ignored(feed, &mut parsed);
            if feed.full_text {
                fill_full_text(fetcher, &mut parsed, full_texts).await;
            }
            Ok(Some((parsed, validators)))
        }
        Ok((Err(e), _)) => Err((FailureKind::Parse, e.to_string())),
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

/// At most this many article pages are fetched per feed per refresh, so a
/// `full_text` feed costs a bounded time even with hundreds of items.
pub const FULL_TEXT_MAX_PAGES: usize = 20;
/// Article pages of one feed fetched at the same time.
const FULL_TEXT_CONCURRENCY: usize = 4;

/// `full_text = true`: fetch the page of each of the first new items with
/// a link and keep its extracted main text as the content when it is longer
/// than what the feed carried. The pages go through the same `Fetcher`
/// (timeouts, size cap, per-host limit); a page that fails or has no clear
/// article leaves the item as the feed gave it. The result is stored with
/// the item, so it is there offline.
async fn fill_full_text(
    fetcher: &Fetcher,
    parsed: &mut ParsedFeed,
    stored: &HashMap<String, String>,
) {
    use futures::StreamExt;

    // Items already stored with their full text keep it and are not
    // fetched again; only the new ones cost a request.
    let mut known = vec![false; parsed.items.len()];
    for (i, item) in parsed.items.iter_mut().enumerate() {
        // A stored content no longer than the feed's own is not a full text
        // (its page failed before): that item is tried again.
        if let Some(text) = stored.get(&item.key) {
            known[i] = keep_longer(item, text.clone());
        }
    }
    let jobs: Vec<(usize, url::Url)> = parsed
        .items
        .iter()
        .enumerate()
        .filter(|&(i, _)| !known[i])
        .filter_map(|(i, item)| {
            let link = item.link.as_deref()?;
            let url = url::Url::parse(link).ok()?;
            matches!(url.scheme(), "http" | "https").then_some((i, url))
        })
        .take(FULL_TEXT_MAX_PAGES)
        .collect();
    let pages: Vec<(usize, Option<String>)> = futures::stream::iter(jobs)
        .map(|(i, url)| async move { (i, full_text_of(fetcher, url).await) })
        .buffer_unordered(FULL_TEXT_CONCURRENCY)
        .collect()
        .await;
    for (i, text) in pages {
        if let (Some(text), Some(item)) = (text, parsed.items.get_mut(i)) {
            keep_longer(item, text);
        }
    }
}

/// Use `text` as the item's content when it is longer than what it has;
/// whether it was.
fn keep_longer(item: &mut crate::domain::NewArticle, text: String) -> bool {
    let existing = item.content.as_deref().or(item.summary.as_deref());
    let longer = text.chars().count() > existing.map_or(0, |c| c.chars().count());
    if longer {
        item.content = Some(text);
    }
    longer
}

/// One article page's main text, or `None` (logged) when it cannot be had.
async fn full_text_of(fetcher: &Fetcher, url: url::Url) -> Option<String> {
    let body = match fetcher.fetch(&url, &Validators::default()).await {
        FetchOutcome::Fetched(body) => body,
        FetchOutcome::NotModified => return None,
        FetchOutcome::Failed(f) => {
            tracing::debug!(%url, "full text: page not fetched: {}", f.message);
            return None;
        }
    };
    // Parsing a page is CPU work: off the async threads.
    let page_url = body.final_url.clone();
    let text = tokio::task::spawn_blocking(move || {
        sources::fulltext::extract(&body.bytes, body.content_type.as_deref(), &page_url)
    })
    .await
    .ok()
    .flatten();
    if text.is_none() {
        tracing::debug!(%url, "full text: no article body found on the page");
    }
    text
}

/// The writer thread: applies jobs in arrival order, grouped into one
/// transaction per `GROUP_WINDOW` (a group stands or falls as one, see
/// `store::WriteBatch`), then retention once at the end. Replies go out
/// after the group's commit, so a feed is reported only once its articles
/// are visible to readers.
fn writer_loop(
    mut store: Store,
    mut jobs: mpsc::Receiver<WriteJob>,
    retention: &CacheSettings,
) -> Result<u64, StoreError> {
    // Only for waiting on the channel with a deadline; nothing is spawned.
    let waiter = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|source| StoreError::Io {
            path: store.path().to_string(),
            source,
        })?;
    while let Some(first) = jobs.blocking_recv() {
        let opened = Instant::now();
        let mut replies = Vec::new();
        match store.batch() {
            Ok(mut batch) => {
                apply_job(&mut batch, first, &mut replies);
                // Each job is applied as it arrives and its parsed feed
                // dropped, so a group holds no more memory than one feed.
                while replies.len() < GROUP_MAX && !batch.has_failed() {
                    let left = GROUP_WINDOW.saturating_sub(opened.elapsed());
                    match waiter.block_on(async { tokio::time::timeout(left, jobs.recv()).await }) {
                        Ok(Some(job)) => apply_job(&mut batch, job, &mut replies),
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
            }
            Err(e) => replies.push((first.into_reply(), store_failure(&e))),
        }
        for (reply, outcome) in replies {
            let _ = reply.send(outcome);
        }
    }
    store.apply_retention(retention, Utc::now())
}

/// How long a group of feeds may collect before its commit: long enough
/// that a commit carries several feeds, short enough that progress and
/// other instances' writes (a read mark in the UI) are not held back.
const GROUP_WINDOW: Duration = Duration::from_millis(100);
/// At most this many feeds in one commit.
const GROUP_MAX: usize = 64;

type Reply = (oneshot::Sender<FeedOutcome>, FeedOutcome);

/// Apply one job inside `batch`; its reply waits for the commit.
fn apply_job(batch: &mut WriteBatch<'_>, job: WriteJob, replies: &mut Vec<Reply>) {
    let now = Utc::now();
    let reply = match job {
        WriteJob::Update {
            feed,
            parsed,
            texts,
            validators,
            reply,
        } => {
            let outcome = match batch.update(feed, &parsed, Some(&texts), &validators, now) {
                Ok(stats) => FeedOutcome::Fetched {
                    new: stats.new,
                    updated: stats.updated,
                },
                Err(e) => store_failure(&e),
            };
            (reply, outcome)
        }
        WriteJob::NotModified { feed, reply } => {
            let outcome = match batch.not_modified(feed, now) {
                Ok(()) => FeedOutcome::NotModified,
                Err(e) => store_failure(&e),
            };
            (reply, outcome)
        }
        WriteJob::Failed {
            feed,
            kind,
            message,
            reply,
        } => {
            // The failure is what the user needs to see; a store error
            // recording it is secondary and only logged.
            if let Err(e) = batch.failure(feed, &message, now) {
                tracing::warn!("could not record failure of feed {feed:?}: {e}");
            }
            (reply, FeedOutcome::Failed { kind, message })
        }
    };
    replies.push(reply);
}

fn store_failure(e: &StoreError) -> FeedOutcome {
    FeedOutcome::Failed {
        kind: FailureKind::Store,
        message: sanitize::line(&e.to_string()),
    }
}

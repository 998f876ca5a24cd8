//! The download queue's worker: a thread with its own store connection
//! that takes requests (queue, pause/resume, list, play), starts at most
//! `[media] concurrency` downloads as tokio tasks, writes their progress to
//! the store and reports it. The queue is the store's `downloads` table,
//! so what was queued or half done when keruen stopped goes on at the next
//! start (rows left `downloading` by a kill are queued again).
//!
//! It knows nothing of the TUI: requests come in as [`Request`]s and go
//! out as [`Event`]s through a callback the runtime turns into `Msg`s.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use url::Url;

use super::download::{self, Outcome};
use super::names::{file_name, free_path};
use super::player;
use crate::config::media::MediaSettings;
use crate::domain::{ArticleId, Download, DownloadId, DownloadState};
use crate::fetch::Fetcher;
use crate::i18n::{FluentValue, Lang, ids};
use crate::store::{Store, StoreError};

/// How often a running download reports (and writes) its progress.
const REPORT_EVERY: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Queue enclosure `index` of `article`.
    Queue {
        article: ArticleId,
        index: usize,
    },
    /// Play enclosure `index` of `article` (its file when downloaded).
    Play {
        article: ArticleId,
        index: usize,
    },
    PlayDownload(DownloadId),
    /// Report the whole queue.
    List,
    /// Pause a running or queued download; resume a paused or failed one.
    Pause(DownloadId),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    List(Vec<Download>),
    /// A download moved on; `speed` in bytes per second while it runs.
    Update {
        download: Download,
        speed: u64,
    },
    Notice(String),
    Error(String),
}

/// The download directory: `[media] download_dir`, else a `keruen` folder
/// in the user's download directory, else `downloads` in the data dir.
pub fn download_dir(settings: &MediaSettings, data_dir: &Path) -> PathBuf {
    if let Some(dir) = &settings.download_dir {
        return dir.clone();
    }
    directories::UserDirs::new()
        .and_then(|u| u.download_dir().map(|d| d.join("keruen")))
        .unwrap_or_else(|| data_dir.join("downloads"))
}

/// Give `d` its file: a free name in `dir`, chosen once (a resume keeps
/// it). Returns the path to write to.
pub fn place(store: &mut Store, d: &Download, dir: &Path) -> Result<PathBuf, String> {
    if let Some(path) = &d.path {
        return Ok(PathBuf::from(path));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = free_path(dir, &file_name(&d.url, &d.title, d.mime_type.as_deref()));
    // Claim the name at once, so a second download of the same name made
    // before this one writes anything picks another.
    std::fs::write(super::names::part_of(&path), b"")
        .map_err(|e| format!("{}: {e}", path.display()))?;
    store
        .set_download_progress(d.id, Some(&path.to_string_lossy()), 0, None)
        .map_err(|e| e.to_string())?;
    Ok(path)
}

/// What the worker thread is fed: requests, and its tasks' reports.
enum Input {
    Request(Request),
    Progress {
        id: DownloadId,
        received: u64,
        total: Option<u64>,
    },
    Finished {
        id: DownloadId,
        outcome: Outcome,
    },
}

/// The handle the runtime keeps.
#[derive(Clone)]
pub struct MediaQueue {
    tx: mpsc::UnboundedSender<Input>,
}

impl MediaQueue {
    /// Start the worker: it opens its own store connection on `db_path`
    /// and resumes what a previous run left. Must be called inside a tokio
    /// runtime (downloads run on it).
    pub fn start(
        settings: MediaSettings,
        db_path: PathBuf,
        fetcher: Fetcher,
        lang: Lang,
        events: impl Fn(Event) + Send + 'static,
    ) -> Result<MediaQueue, StoreError> {
        let mut store = Store::open(&db_path)?;
        store.requeue_interrupted_downloads()?;
        let data_dir = db_path.parent().map(Path::to_path_buf).unwrap_or_default();
        let (tx, rx) = mpsc::unbounded_channel();
        let worker = Worker {
            dir: download_dir(&settings, &data_dir),
            settings,
            store,
            fetcher,
            lang,
            events: Box::new(events),
            tx: tx.clone(),
            running: HashMap::new(),
            handle: tokio::runtime::Handle::current(),
        };
        std::thread::Builder::new()
            .name("keruen-media".into())
            .spawn(move || worker.run(rx))
            .map_err(|source| StoreError::Io {
                path: db_path.display().to_string(),
                source,
            })?;
        Ok(MediaQueue { tx })
    }

    pub fn send(&self, request: Request) {
        let _ = self.tx.send(Input::Request(request));
    }
}

/// A running download: its stop flag and its last report, for the speed.
struct Running {
    stop: Arc<AtomicBool>,
    last: (Instant, u64),
    speed: u64,
}

struct Worker {
    settings: MediaSettings,
    dir: PathBuf,
    store: Store,
    fetcher: Fetcher,
    lang: Lang,
    events: Box<dyn Fn(Event) + Send>,
    tx: mpsc::UnboundedSender<Input>,
    running: HashMap<DownloadId, Running>,
    handle: tokio::runtime::Handle,
}

impl Worker {
    fn run(mut self, mut rx: mpsc::UnboundedReceiver<Input>) {
        self.schedule();
        while let Some(input) = rx.blocking_recv() {
            let result = match input {
                Input::Request(r) => self.request(r),
                Input::Progress {
                    id,
                    received,
                    total,
                } => self.progress(id, received, total),
                Input::Finished { id, outcome } => self.finished(id, outcome),
            };
            if let Err(e) = result {
                (self.events)(Event::Error(crate::sanitize::line(&e)));
            }
        }
        // The runtime is gone: stop the tasks; their parts stay for a resume.
        for r in self.running.values() {
            r.stop.store(true, Ordering::Relaxed);
        }
    }

    fn request(&mut self, r: Request) -> Result<(), String> {
        match r {
            Request::List => {
                let list = self.store.downloads().map_err(|e| e.to_string())?;
                (self.events)(Event::List(list));
            }
            Request::Queue { article, index } => {
                let (title, enclosure) = self.enclosure(article, index)?;
                let d = self
                    .store
                    .queue_download(article, &enclosure, &title)
                    .map_err(|e| e.to_string())?;
                let text = self.lang.t(
                    ids::QUEUED_FOR_DOWNLOAD,
                    &[("title", FluentValue::from(title))],
                );
                (self.events)(Event::Notice(text));
                (self.events)(Event::Update {
                    download: d,
                    speed: 0,
                });
                self.schedule();
            }
            Request::Play { article, index } => {
                let (title, enclosure) = self.enclosure(article, index)?;
                let done = self
                    .store
                    .downloads()
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .find(|d| d.url == enclosure.url && d.state == DownloadState::Done);
                let target = done.and_then(|d| d.path).unwrap_or(enclosure.url);
                self.play(&target, &title);
            }
            Request::PlayDownload(id) => {
                let d = self.store.download(id).map_err(|e| e.to_string())?;
                let target = match (&d.state, &d.path) {
                    (DownloadState::Done, Some(path)) => path.clone(),
                    _ => d.url.clone(),
                };
                self.play(&target, &d.title);
            }
            Request::Pause(id) => {
                let d = self.store.download(id).map_err(|e| e.to_string())?;
                match d.state {
                    DownloadState::Downloading => {
                        if let Some(r) = self.running.get(&id) {
                            r.stop.store(true, Ordering::Relaxed);
                        }
                    }
                    DownloadState::Queued => self.set_state(id, DownloadState::Paused, None)?,
                    DownloadState::Paused | DownloadState::Failed => {
                        self.set_state(id, DownloadState::Queued, None)?;
                        self.schedule();
                    }
                    DownloadState::Done => {}
                }
            }
        }
        Ok(())
    }

    /// The article's title and its enclosure `index`.
    fn enclosure(
        &self,
        article: ArticleId,
        index: usize,
    ) -> Result<(String, crate::domain::Enclosure), String> {
        let a = self.store.article(article).map_err(|e| e.to_string())?;
        match a.enclosures.into_iter().nth(index) {
            Some(e) => Ok((a.summary.title, e)),
            None => Err(self.lang.s(ids::NO_MEDIA)),
        }
    }

    fn play(&self, target: &str, title: &str) {
        let Some(plan) = self
            .settings
            .player
            .as_deref()
            .and_then(|p| player::plan(p, target))
        else {
            (self.events)(Event::Error(self.lang.s(ids::NO_PLAYER)));
            return;
        };
        let event = match player::launch(&plan, target) {
            Ok(()) => Event::Notice(self.lang.t(
                ids::PLAYING,
                &[("title", FluentValue::from(title.to_string()))],
            )),
            Err(e) => Event::Error(self.lang.t(
                ids::COULD_NOT_PLAY,
                &[(
                    "error",
                    FluentValue::from(crate::sanitize::line(&e.to_string())),
                )],
            )),
        };
        (self.events)(event);
    }

    fn set_state(
        &mut self,
        id: DownloadId,
        state: DownloadState,
        error: Option<&str>,
    ) -> Result<(), String> {
        self.store
            .set_download_state(id, state, error)
            .map_err(|e| e.to_string())?;
        let download = self.store.download(id).map_err(|e| e.to_string())?;
        (self.events)(Event::Update { download, speed: 0 });
        Ok(())
    }

    /// Start queued downloads, oldest first, up to the concurrency.
    fn schedule(&mut self) {
        let limit = self.settings.concurrency.get();
        if self.running.len() >= limit {
            return;
        }
        let queued: Vec<Download> = match self.store.downloads() {
            Ok(list) => list
                .into_iter()
                .filter(|d| d.state == DownloadState::Queued)
                .collect(),
            Err(e) => {
                (self.events)(Event::Error(e.to_string()));
                return;
            }
        };
        for d in queued {
            if self.running.len() >= limit {
                break;
            }
            if let Err(e) = self.start(&d) {
                let _ = self.set_state(d.id, DownloadState::Failed, Some(&e));
            }
        }
    }

    fn start(&mut self, d: &Download) -> Result<(), String> {
        let url = Url::parse(&d.url).map_err(|e| e.to_string())?;
        let path = place(&mut self.store, d, &self.dir)?;
        self.set_state(d.id, DownloadState::Downloading, None)?;
        let stop = Arc::new(AtomicBool::new(false));
        self.running.insert(
            d.id,
            Running {
                stop: stop.clone(),
                last: (Instant::now(), d.received),
                speed: 0,
            },
        );
        let (id, fetcher, tx) = (d.id, self.fetcher.clone(), self.tx.clone());
        let cap = self.settings.max_download_bytes;
        self.handle.spawn(async move {
            let mut last = Instant::now() - REPORT_EVERY;
            let progress_tx = tx.clone();
            let mut report = move |received: u64, total: Option<u64>| {
                if last.elapsed() >= REPORT_EVERY {
                    last = Instant::now();
                    let _ = progress_tx.send(Input::Progress {
                        id,
                        received,
                        total,
                    });
                }
            };
            let outcome = download::run(&fetcher, &url, &path, cap, &stop, &mut report).await;
            let _ = tx.send(Input::Finished { id, outcome });
        });
        Ok(())
    }

    fn progress(
        &mut self,
        id: DownloadId,
        received: u64,
        total: Option<u64>,
    ) -> Result<(), String> {
        let Some(r) = self.running.get_mut(&id) else {
            return Ok(());
        };
        let (at, before) = r.last;
        let secs = at.elapsed().as_secs_f64();
        if secs > 0.0 {
            let now = received.saturating_sub(before) as f64 / secs;
            // Smoothed, so the figure does not jump with every piece.
            r.speed = if r.speed == 0 {
                now as u64
            } else {
                (r.speed as f64 * 0.7 + now * 0.3) as u64
            };
        }
        r.last = (Instant::now(), received);
        let speed = r.speed;
        self.store
            .set_download_progress(id, None, received, total)
            .map_err(|e| e.to_string())?;
        let download = self.store.download(id).map_err(|e| e.to_string())?;
        (self.events)(Event::Update { download, speed });
        Ok(())
    }

    fn finished(&mut self, id: DownloadId, outcome: Outcome) -> Result<(), String> {
        self.running.remove(&id);
        let result = match outcome {
            Outcome::Done(path) => {
                let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                self.store
                    .set_download_progress(id, Some(&path.to_string_lossy()), size, Some(size))
                    .map_err(|e| e.to_string())?;
                self.set_state(id, DownloadState::Done, None)
            }
            Outcome::Paused => self.set_state(id, DownloadState::Paused, None),
            Outcome::Failed(e) => self.set_state(id, DownloadState::Failed, Some(&e)),
        };
        self.schedule();
        result
    }
}

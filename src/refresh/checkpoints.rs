//! The write-ahead log checkpointed beside the writer, on a thread of its
//! own (`store::wal`).
//!
//! Why: SQLite checkpoints inside the commit that pushes the log past its
//! threshold, so every ~4 MB the writer stopped for the copy and its sync
//! (~15 ms of CPU and the sync's wait), and with the write queue full the
//! parser threads stopped too: a timeline of a first refresh showed both
//! cores idle for tens of milliseconds at each (docs/performance.md,
//! "First refresh: the serial start and end"). Here the writer only pokes
//! this thread after a commit; it checkpoints PASSIVE (no write lock),
//! one poke at a time, while the writer goes on.
//!
//! Nothing depends on it for correctness: a checkpoint only moves
//! committed pages from the log into the file. If its connection cannot
//! open, the writer checkpoints as before; if a checkpoint fails, the
//! writer's backstop threshold (`store::wal::BACKSTOP_PAGES`) and the
//! close's own checkpoint do it.

use std::path::Path;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use crate::store::Checkpoints;

pub(super) struct Checkpointer {
    poke: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Start the thread for the cache at `path`; `None` if its connection
    /// cannot open or the thread cannot start (the writer then checkpoints
    /// as usual). The connection opens here, so that `None` is known
    /// before the writer gives its checkpoints away.
    pub(super) fn start(path: &Path) -> Option<Checkpointer> {
        let log = Checkpoints::open(path)
            .inspect_err(|e| tracing::debug!("no checkpoints beside the writer: {e}"))
            .ok()?;
        // One poke waits at most: a checkpoint asked for while one runs
        // is the same checkpoint a moment later.
        let (poke, pokes) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("keruen-checkpoint".into())
            .spawn(move || {
                while pokes.recv().is_ok() {
                    if let Err(e) = log.passive() {
                        tracing::debug!("checkpoint beside the writer: {e}");
                    }
                }
            })
            .ok()?;
        Some(Checkpointer {
            poke: Some(poke),
            thread: Some(thread),
        })
    }

    /// A commit happened: checkpoint when the thread is free.
    pub(super) fn poke(&self) {
        if let Some(poke) = &self.poke {
            // Full: a checkpoint is already asked for. Disconnected: the
            // thread ended (only a panic ends it while `poke` is held); the
            // writer's backstop then checkpoints.
            let _ = poke.try_send(());
        }
    }

    /// Stop the thread after its last checkpoint.
    pub(super) fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.poke = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop();
    }
}

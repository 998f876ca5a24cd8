//! The write lock shared fairly between the reader's own writes and its
//! background steps.
//!
//! SQLite gives the write lock to whoever asks when it is free; a writer
//! that found it taken polls (its busy handler sleeps 1 ms, then up to
//! 100 ms between tries). A background loop (the packer, the search
//! indexer, the story linker) that commits and begins its next
//! transaction at once frees the lock for microseconds only, so a mark
//! read from the reader's list could wait out its whole busy timeout and
//! fail with "database is locked" while a big cache was being packed
//! (seen at stop 29: the lock held for 2–7 s at a time by back-to-back
//! packing transactions).
//!
//! Two background loops (the packer on the ranking worker, the search
//! indexer on the store worker) starve each other the same way: the
//! indexer's batch failed after 5 s of polling beside the packer.
//!
//! So within a process: every write transaction counts itself as asking
//! while it asks for the lock (`write_tx`, `begin`), and a background
//! step, before it asks (`background_tx`, `begin`), lets those already
//! asking go first: it waits until none is, at most `FOREGROUND_BOUND`.
//! Writes in other processes (a `keruen refresh` from cron) still only
//! poll.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The longest a background step waits for writes that wait for the lock:
/// far more than one short write takes, and a bound if one never gets it.
pub(super) const FOREGROUND_BOUND: Duration = Duration::from_secs(1);

/// Ordinary write transactions asking for the lock now, and a signal
/// when that count falls. One for the process (`GATE`); tests make their
/// own.
pub(super) struct Gate {
    waiting: Mutex<usize>,
    changed: Condvar,
}

/// The process's gate: every store connection of the process shares it.
pub(super) static GATE: Gate = Gate::new();

/// A background step's write transaction on `conn`: those asking for the
/// lock go first, then it asks, counted as asking.
pub(super) fn begin(conn: &rusqlite::Connection) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    GATE.let_others_first(FOREGROUND_BOUND);
    let _asking = GATE.asking();
    rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)
}

impl Gate {
    const fn new() -> Gate {
        Gate {
            waiting: Mutex::new(0),
            changed: Condvar::new(),
        }
    }

    fn count(&self) -> MutexGuard<'_, usize> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An ordinary write asking for the lock: counted until the returned
    /// guard is dropped (once its transaction has begun, or failed to).
    pub(super) fn asking(&self) -> Asking<'_> {
        *self.count() += 1;
        Asking(self)
    }

    /// Wait until no ordinary write asks for the lock, at most `bound`;
    /// returns whether any was asking.
    pub(super) fn let_others_first(&self, bound: Duration) -> bool {
        let deadline = Instant::now() + bound;
        let mut n = self.count();
        let waited = *n > 0;
        while *n > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            n = self
                .changed
                .wait_timeout(n, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        waited
    }
}

/// See `Gate::asking`.
pub(super) struct Asking<'g>(&'g Gate);

impl Drop for Asking<'_> {
    fn drop(&mut self) {
        let mut n = self.0.count();
        *n = n.saturating_sub(1);
        self.0.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_background_step_waits_for_an_asking_write_and_no_longer() {
        let gate = std::sync::Arc::new(Gate::new());
        // Nothing asking: no wait at all.
        assert!(!gate.let_others_first(Duration::from_secs(5)));
        // A write asking: the step goes on only once it has begun.
        let asking = gate.asking();
        let step_gate = std::sync::Arc::clone(&gate);
        let step = std::thread::spawn(move || {
            let waited = step_gate.let_others_first(Duration::from_secs(5));
            (waited, Instant::now())
        });
        let begun = Instant::now();
        drop(asking);
        let (waited, went_on) = step.join().unwrap();
        assert!(went_on >= begun);
        // (`waited` is false only if the step looked after the drop.)
        let _ = waited;
        // One that never gets the lock holds the step back only the bound.
        let _stuck = gate.asking();
        let started = Instant::now();
        assert!(gate.let_others_first(Duration::from_millis(30)));
        assert!(started.elapsed() >= Duration::from_millis(30));
    }

    /// Back-to-back background transactions of a few milliseconds (as a
    /// big cache's packing makes) on `path`, free the lock for microseconds
    /// only; returns once three have run, with the flag that stops them
    /// and their thread (which answers how many ran).
    fn busy_steps(
        path: &std::path::Path,
    ) -> (
        std::sync::Arc<std::sync::atomic::AtomicBool>,
        std::thread::JoinHandle<usize>,
    ) {
        use std::sync::atomic::Ordering;
        let mut background = rusqlite::Connection::open(path).unwrap();
        background
            .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS t (x BLOB);")
            .unwrap();
        background.busy_timeout(Duration::from_secs(5)).unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (started, steps_running) = std::sync::mpsc::channel();
        let steps = {
            let stop = std::sync::Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let tx = super::super::background_tx(&mut background, "cache.db").unwrap();
                    for _ in 0..200 {
                        tx.execute("INSERT INTO t VALUES (randomblob(500))", [])
                            .unwrap();
                    }
                    tx.execute("DELETE FROM t", []).unwrap();
                    tx.commit().unwrap();
                    n += 1;
                    if n == 3 {
                        started.send(()).unwrap();
                    }
                }
                n
            })
        };
        steps_running.recv().unwrap();
        (stop, steps)
    }

    /// An ordinary write with a short busy timeout still gets the lock
    /// between back-to-back background steps: they let it go first.
    #[test]
    fn an_ordinary_write_gets_the_lock_between_back_to_back_background_steps() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        let (stop, steps) = busy_steps(&path);
        let mut ordinary = rusqlite::Connection::open(&path).unwrap();
        ordinary.busy_timeout(Duration::from_millis(300)).unwrap();
        for _ in 0..5 {
            let tx = super::super::write_tx(&mut ordinary, "cache.db")
                .expect("the ordinary write gets the lock");
            tx.execute("INSERT INTO t VALUES (x'00')", []).unwrap();
            tx.commit().unwrap();
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(steps.join().unwrap() >= 3);
    }

    /// Two background loops (the packer, the search indexer) take turns
    /// the same way.
    #[test]
    fn another_background_step_gets_the_lock_between_back_to_back_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        let (stop, steps) = busy_steps(&path);
        let other = rusqlite::Connection::open(&path).unwrap();
        other.busy_timeout(Duration::from_millis(300)).unwrap();
        for _ in 0..5 {
            let tx = begin(&other).expect("the other step gets the lock");
            tx.execute("INSERT INTO t VALUES (x'00')", []).unwrap();
            tx.commit().unwrap();
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(steps.join().unwrap() >= 3);
    }
}

//! How long taking a cache to this build's schema costs, and then
//! indexing what the steps queued for search (v9 and v17 queue every
//! article): `reindex_time DIR`. Prints one JSON line per phase, wall
//! clock and this thread's CPU time, with the load average.
//! `--fingerprints` then drops the stored fingerprints past the horizon,
//! as the reader's retention does on its next run (a build with a shorter
//! `FINGERPRINT_HORIZON` opening an older cache).
//! `--vacuum-into FILE` then writes a packed copy of the cache there
//! (`VACUUM INTO`, as a long-lived cache's retention and merges leave it
//! packed), for `scale_probe --only size` to compare caches alike.
//!
//! DIR is a cache directory (config.toml, data/cache.db). It is changed in
//! place: use a copy.

use std::time::Instant;

use anyhow::{Context, Result};
use keruen::store::Store;

#[path = "support/cpu.rs"]
mod cpu;
use cpu::thread_cpu_ms;

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default()
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .context("usage: reindex_time DIR [--fingerprints] [--vacuum-into FILE]")?;
    let vacuum_into = match args.iter().position(|a| a == "--vacuum-into") {
        Some(i) => Some(args.get(i + 1).context("--vacuum-into FILE")?.clone()),
        None => None,
    };
    let drop_fingerprints = args.iter().any(|a| a == "--fingerprints");
    let path = std::path::Path::new(dir).join("data/cache.db");
    let before: i64 =
        rusqlite::Connection::open(&path)?.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let (t, c) = (Instant::now(), thread_cpu_ms());
    let store = Store::open(&path)?;
    println!(
        "{}",
        serde_json::json!({ "phase": "open (migrations)", "from_version": before,
            "to_version": store.schema_version()?, "wall_ms": t.elapsed().as_millis(),
            "cpu_ms": thread_cpu_ms() - c, "load": load().trim() })
    );
    let queued = store.pending_index()?;
    let (t, c) = (Instant::now(), thread_cpu_ms());
    let done = store.index_pending()?;
    store.checkpoint()?;
    println!(
        "{}",
        serde_json::json!({ "phase": "index queued articles", "queued": queued,
            "indexed": done, "wall_ms": t.elapsed().as_millis(),
            "cpu_ms": thread_cpu_ms() - c, "load": load().trim() })
    );
    if drop_fingerprints {
        let (t, c) = (Instant::now(), thread_cpu_ms());
        let mut store = store;
        let dropped = store.drop_old_fingerprints(chrono::Utc::now())?;
        println!(
            "{}",
            serde_json::json!({ "phase": "fingerprints past the horizon dropped",
                "dropped": dropped, "wall_ms": t.elapsed().as_millis(),
                "cpu_ms": thread_cpu_ms() - c, "load": load().trim() })
        );
    } else {
        drop(store);
    }
    if let Some(file) = vacuum_into {
        let (t, c) = (Instant::now(), thread_cpu_ms());
        rusqlite::Connection::open(&path)?.execute("VACUUM INTO ?1", [&file])?;
        println!(
            "{}",
            serde_json::json!({ "phase": "vacuum into", "file": file,
                "bytes": std::fs::metadata(&file)?.len(), "wall_ms": t.elapsed().as_millis(),
                "cpu_ms": thread_cpu_ms() - c, "load": load().trim() })
        );
    }
    Ok(())
}

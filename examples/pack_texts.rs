//! Packing a cache's old texts into blocks at once (`Store::pack_texts`
//! with no budget), as a big cache catches up: `pack_texts DIR`. Prints
//! one JSON line per phase, wall clock and this thread's CPU time, with
//! the load average; `Store::article` timed on the same sample of
//! articles (every 500th id, warm) before and after.
//!
//! DIR is a cache directory (config.toml, data/cache.db). It is changed in
//! place: use a copy. The file keeps its pages until `VACUUM` (or
//! `reindex_time DIR --vacuum-into FILE`) packs them.

use std::time::Instant;

use anyhow::{Context, Result};
use chrono::Utc;
use keruen::domain::ArticleId;
use keruen::store::Store;

#[path = "support/cpu.rs"]
mod cpu;
use cpu::thread_cpu_ms;

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default()
}

/// Median microseconds of `Store::article` over `ids` (three warm rounds).
fn article_us(store: &Store, ids: &[i64]) -> Result<(f64, f64)> {
    for id in ids {
        store.article(ArticleId(*id))?;
    }
    let mut times = Vec::with_capacity(ids.len() * 3);
    for _ in 0..3 {
        for id in ids {
            let t = Instant::now();
            store.article(ArticleId(*id))?;
            times.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    Ok((at(0.5), at(0.99)))
}

fn main() -> Result<()> {
    let dir = std::env::args().nth(1).context("usage: pack_texts DIR")?;
    let path = std::path::Path::new(&dir).join("data/cache.db");
    let (t, c) = (Instant::now(), thread_cpu_ms());
    let mut store = Store::open(&path)?;
    println!(
        "{}",
        serde_json::json!({ "phase": "open (migrations)", "version": store.schema_version()?,
            "wall_ms": t.elapsed().as_millis(), "cpu_ms": thread_cpu_ms() - c,
            "load": load().trim() })
    );
    let ids: Vec<i64> = {
        let c = rusqlite::Connection::open(&path)?;
        let mut st = c.prepare("SELECT id FROM articles WHERE id % 500 = 0")?;
        st.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let (p50, p99) = article_us(&store, &ids)?;
    println!(
        "{}",
        serde_json::json!({ "phase": "article before", "reads": ids.len() * 3,
            "p50_us": p50, "p99_us": p99 })
    );
    let (t, c) = (Instant::now(), thread_cpu_ms());
    let st = store.pack_texts(Utc::now(), None)?;
    store.checkpoint()?;
    println!(
        "{}",
        serde_json::json!({ "phase": "pack", "blocks": st.blocks, "texts": st.texts,
            "unpacked": st.unpacked, "bytes_before": st.bytes_before,
            "bytes_after": st.bytes_after, "wall_ms": t.elapsed().as_millis(),
            "cpu_ms": thread_cpu_ms() - c, "load": load().trim() })
    );
    let (p50, p99) = article_us(&store, &ids)?;
    println!(
        "{}",
        serde_json::json!({ "phase": "article after", "reads": ids.len() * 3,
            "p50_us": p50, "p99_us": p99 })
    );
    Ok(())
}

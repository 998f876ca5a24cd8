//! What reading a ranking window costs when part of it is older than the
//! fingerprints' horizon (`store::FINGERPRINT_HORIZON`): those articles
//! are fingerprinted from their stored texts as they are read.
//!
//! ```text
//! cargo run --release --example fingerprint_window -- DIR [DAYS...]
//! ```
//!
//! DIR is a cache directory (config.toml, data/cache.db), read only. For
//! each window (7, 30, 45, 60, 90 days by default) prints one JSON line:
//! the articles read, how many had a stored fingerprint, wall and CPU ms.

use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{TimeDelta, Utc};
use keruen::store::{RankFields, Store};

#[path = "support/cpu.rs"]
mod cpu;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .context("usage: fingerprint_window DIR [DAYS...]")?;
    let mut days: Vec<i64> = args[2..].iter().filter_map(|d| d.parse().ok()).collect();
    if days.is_empty() {
        days = vec![7, 30, 45, 60, 90];
    }
    let path = std::path::Path::new(dir).join("data/cache.db");
    let store = Store::open(&path)?;
    let raw = rusqlite::Connection::open(&path)?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    for d in days {
        let since = Utc::now() - TimeDelta::days(d);
        let stored: i64 = raw.query_row(
            "SELECT count(*) FROM article_fingerprints WHERE sort_date >= ?1",
            [since.timestamp()],
            |r| r.get(0),
        )?;
        let (t, c) = (Instant::now(), cpu::thread_cpu_ms());
        let read = store.rank_inputs(since, RankFields::Clustering)?;
        let (wall, cpu) = (t.elapsed().as_secs_f64() * 1000.0, cpu::thread_cpu_ms() - c);
        println!(
            "{}",
            serde_json::json!({
                "days": d, "articles": read.len(), "stored": stored,
                "wall_ms": (wall * 10.0).round() / 10.0, "cpu_ms": (cpu * 10.0).round() / 10.0,
                "load": load.split_whitespace().next().unwrap_or(""),
            })
        );
    }
    Ok(())
}

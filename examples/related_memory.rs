//! Peak memory of each stage of building the related-stories index on a
//! cache: `cargo run --release --example related_memory -- DIR [MAX]`.
//! Prints VmRSS / VmHWM (MiB) after reading the window (the newest MAX
//! articles of the month, `stories::RELATED_MAX` by default), clustering
//! it and building the index (one build of the term vectors for both), so the stage that sets the peak is plain to
//! see; then the whole `RelatedStories::build_bounded` once more.

use anyhow::{Context, Result};
use chrono::Utc;
use keruen::rank::related::RelatedIndex;
use keruen::store::{RankFields, Store};
use keruen::stories::{self, RELATED_MAX, RelatedStories};

fn mem(stage: &str) -> Result<()> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let kib = |key: &str| -> f64 {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    println!(
        "{stage:<28} rss {:>7.1} MiB  peak {:>7.1} MiB",
        kib("VmRSS:"),
        kib("VmHWM:")
    );
    Ok(())
}

fn main() -> Result<()> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .context("usage: related_memory DIR")?,
    );
    let settings = keruen::config::load(&dir.join("config.toml"))?;
    let store = Store::open(&dir.join("data").join("cache.db"))?;
    mem("opened")?;
    let max: usize = match std::env::args().nth(2) {
        Some(m) => m.parse().context("MAX must be a number")?,
        None => RELATED_MAX,
    };
    let from = stories::related_from(&store, Utc::now(), max)?;
    let t = std::time::Instant::now();
    let articles = store.rank_inputs(from, RankFields::Clustering)?;
    mem(&format!("read {} articles", articles.len()))?;
    let index = RelatedIndex::build_from(articles, &settings.rank);
    mem(&format!(
        "clustered ({} stories of several), index built, articles freed",
        index.stories()
    ))?;
    println!("{} ms, {} in index", t.elapsed().as_millis(), index.len());
    drop(index);
    let t = std::time::Instant::now();
    let built = RelatedStories::build_bounded(&store, &settings, Utc::now(), max)?;
    mem("RelatedStories::build_bounded")?;
    println!(
        "{} ms, reaching back {} days",
        t.elapsed().as_millis(),
        built.days(Utc::now())
    );
    Ok(())
}

//! Rewrite every stored text of a cache in today's form (zstd with the
//! cache's dictionary, trained first if it has none), in batches, as
//! `Store::recompress_texts` does; then fold the WAL back. For measuring
//! the size of a migrated cache (`scale_probe DIR --only size`).
//!
//! ```text
//! cargo run --release --example recompress_texts -- DIR [--batch 20000]
//! ```
//!
//! DIR is a cache directory (config.toml, data/cache.db). It is changed in
//! place: use a copy.

use std::time::Instant;

use anyhow::{Context, Result};
use keruen::store::Store;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .context("usage: recompress_texts DIR [--batch N]")?;
    let batch = match args.iter().position(|a| a == "--batch") {
        Some(i) => args.get(i + 1).context("--batch N")?.parse()?,
        None => 20_000,
    };
    let path = std::path::Path::new(dir).join("data/cache.db");
    let started = Instant::now();
    let mut store = Store::open(&path)?;
    let trained = store.train_text_dict()?;
    println!(
        "{{\"trained\":{trained},\"ms\":{}}}",
        started.elapsed().as_millis()
    );
    let mut after = 0;
    let mut batches = 0;
    while let Some(last) = store.recompress_texts(after, batch)? {
        after = last;
        batches += 1;
        if batches % 10 == 0 {
            println!(
                "{{\"through_article\":{after},\"ms\":{}}}",
                started.elapsed().as_millis()
            );
        }
    }
    store.checkpoint()?;
    println!(
        "{{\"done\":true,\"batches\":{batches},\"ms\":{}}}",
        started.elapsed().as_millis()
    );
    Ok(())
}

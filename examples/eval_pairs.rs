//! Prints precision, recall and related@5 of story grouping per language on
//! labelled headline pairs (see `keruen::rank::eval`).
//!
//! `cargo run --release --example eval_pairs [PATH]`; the path defaults to
//! `$KERUEN_PAIRS`, else `../shared/data/headlines/train_pairs.tsv`.

use anyhow::{Context, Result};
use keruen::config::settings::RankSettings;
use keruen::rank::eval;

fn main() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("KERUEN_PAIRS").ok())
        .unwrap_or_else(|| "../shared/data/headlines/train_pairs.tsv".to_string());
    let tsv = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
    let pairs = eval::parse_pairs(&tsv);
    let started = std::time::Instant::now();
    let results = eval::evaluate_all(&pairs, &RankSettings::default());
    print!("{}", eval::table(&results));
    println!(
        "{} pairs in {:.1} s",
        pairs.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

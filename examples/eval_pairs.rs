//! Prints precision, recall and related@5 of story grouping per language on
//! labelled headline pairs (see `keruen::rank::eval`).
//!
//! `cargo run --release --example eval_pairs [PATH…]`; the paths default
//! to `$KERUEN_PAIRS`, else `../shared/data/headlines/train_pairs.tsv` and
//! the two real Kazakh sets in the repo (`tests/fixtures/rank/kk_kaznerd.tsv`,
//! Kazakh news sentences; `kk_ru_tatoeba.tsv`, Kazakh and Russian reports of
//! one event). Each language of the files is one window of its own.
//! `KERUEN_SWEEP="0.5 0.55 0.6"` and `KERUEN_FLOORS="0.2 0.3"` print the
//! table for each threshold / related floor instead (tune on the dev rows).
//! `KERUEN_MISTAKES=ru`, `KERUEN_RELATED_MISSES=en` and
//! `KERUEN_NEGATIVES_SHOWN=en` list the dev half's false merges and misses,
//! related@5 misses, and `0` pairs shown as related (`KERUEN_LIMIT=400`
//! lists more than the default 60 / 80 / 200); `KERUEN_DECISIONS=ru`
//! prints every dev pair with its label, the decision and the cosine, as
//! a TSV (a rule's true and false merges counted at once);
//! `KERUEN_FEATURES=ru` prints every pair of both halves with the numbers
//! the test could weigh (`Window::features`), for
//! `scripts/pair_features.py`.

use anyhow::{Context, Result};
use keruen::config::settings::RankSettings;
use keruen::rank::eval;

fn main() -> Result<()> {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        paths = match std::env::var("KERUEN_PAIRS") {
            Ok(p) => vec![p],
            Err(_) => [
                "../shared/data/headlines/train_pairs.tsv",
                "tests/fixtures/rank/kk_kaznerd.tsv",
                "tests/fixtures/rank/kk_ru_tatoeba.tsv",
            ]
            .map(String::from)
            .to_vec(),
        };
    }
    let mut pairs = Vec::new();
    for path in &paths {
        let tsv = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
        pairs.extend(eval::parse_pairs(&tsv));
    }
    let list = |var: &str| -> Vec<f64> {
        std::env::var(var)
            .ok()
            .map(|v| {
                v.split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    let defaults = RankSettings::default();
    // How many pairs the lists below print (`KERUEN_LIMIT`, else 60 / 80 / 200).
    let limit = |default: usize| -> usize {
        std::env::var("KERUEN_LIMIT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut thresholds = list("KERUEN_SWEEP");
    if thresholds.is_empty() {
        thresholds.push(defaults.title_similarity);
    }
    let mut floors = list("KERUEN_FLOORS");
    if floors.is_empty() {
        floors.push(f64::from(keruen::rank::related::RELATED_FLOOR));
    }
    if let Ok(lang) = std::env::var("KERUEN_MISTAKES") {
        let own: Vec<eval::Pair> = pairs.iter().filter(|p| p.lang == lang).cloned().collect();
        print!("{}", eval::dev_mistakes(&own, &defaults, limit(60)));
        return Ok(());
    }
    if let Ok(lang) = std::env::var("KERUEN_FEATURES") {
        let of_lang: Vec<_> = pairs.iter().filter(|p| p.lang == lang).cloned().collect();
        print!("{}", eval::pair_features(&of_lang, &defaults));
        return Ok(());
    }
    if let Ok(lang) = std::env::var("KERUEN_DECISIONS") {
        let own: Vec<eval::Pair> = pairs.iter().filter(|p| p.lang == lang).cloned().collect();
        print!("{}", eval::dev_decisions(&own, &defaults));
        return Ok(());
    }
    if let Ok(lang) = std::env::var("KERUEN_RELATED_MISSES") {
        let own: Vec<eval::Pair> = pairs.iter().filter(|p| p.lang == lang).cloned().collect();
        let floor = floors.first().copied().unwrap_or(0.2) as f32;
        print!("{}", eval::dev_related_misses(&own, floor, limit(80)));
        return Ok(());
    }
    if let Ok(lang) = std::env::var("KERUEN_NEGATIVES_SHOWN") {
        let own: Vec<eval::Pair> = pairs.iter().filter(|p| p.lang == lang).cloned().collect();
        let floor = floors.first().copied().unwrap_or(0.2) as f32;
        print!("{}", eval::dev_negatives_shown(&own, floor, limit(200)));
        return Ok(());
    }
    let started = std::time::Instant::now();
    for &t in &thresholds {
        for &floor in &floors {
            let settings = RankSettings {
                title_similarity: t,
                ..defaults.clone()
            };
            let results = eval::evaluate_all_with(&pairs, &settings, floor as f32);
            println!("threshold {t}, related floor {floor}");
            print!("{}", eval::table(&results));
        }
    }
    println!(
        "{} pairs in {:.1} s",
        pairs.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

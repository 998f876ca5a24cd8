//! The stories Top finds over a window of a cache, for comparing two
//! builds: `cargo run --release --example story_dump -- DIR NOW_UNIX DAYS OUT`
//! writes one line per story of several members (its article ids, sorted)
//! to OUT, and prints the window's size, the count of such stories and the
//! clustering's time (wall and this thread's CPU). `NOW_UNIX` fixes the
//! window, so two builds see the same articles.
//!
//! `story_dump --compare A B` prints how the stories of two dumps overlap:
//! equal stories, stories of A with no equal in B (and the reverse), and
//! the pairwise agreement (pairs of articles grouped in both / in one).

use std::collections::HashSet;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{DateTime, TimeDelta};
use keruen::rank;
use keruen::store::{RankFields, Store};

#[path = "support/cpu.rs"]
mod cpu;
use cpu::thread_cpu_ms as cpu_ms;

fn read(path: &str) -> Result<Vec<Vec<i64>>> {
    let text = std::fs::read_to_string(path).with_context(|| path.to_string())?;
    text.lines()
        .map(|l| {
            l.split_whitespace()
                .map(|x| x.parse::<i64>().context("an id"))
                .collect()
        })
        .collect()
}

fn pairs(stories: &[Vec<i64>]) -> HashSet<(i64, i64)> {
    let mut out = HashSet::new();
    for s in stories {
        for (k, &a) in s.iter().enumerate() {
            for &b in &s[k + 1..] {
                out.insert((a.min(b), a.max(b)));
            }
        }
    }
    out
}

fn compare(a: &str, b: &str) -> Result<()> {
    let (sa, sb) = (read(a)?, read(b)?);
    let set_a: HashSet<&Vec<i64>> = sa.iter().collect();
    let set_b: HashSet<&Vec<i64>> = sb.iter().collect();
    let equal = set_a.intersection(&set_b).count();
    let (pa, pb) = (pairs(&sa), pairs(&sb));
    let both = pa.intersection(&pb).count();
    println!(
        "stories: A {} B {} equal {} only A {} only B {}; pairs: A {} B {} both {} only A {} only B {}",
        sa.len(),
        sb.len(),
        equal,
        sa.len() - equal,
        sb.len() - equal,
        pa.len(),
        pb.len(),
        both,
        pa.len() - both,
        pb.len() - both
    );
    Ok(())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--compare") {
        return compare(
            args.get(1).context("--compare A B")?,
            args.get(2).context("--compare A B")?,
        );
    }
    let usage = "usage: story_dump DIR NOW_UNIX DAYS OUT";
    let dir = std::path::PathBuf::from(args.first().context(usage)?);
    let now = DateTime::from_timestamp(args.get(1).context(usage)?.parse()?, 0).context(usage)?;
    let days: i64 = args.get(2).context(usage)?.parse()?;
    let out = args.get(3).context(usage)?;
    let settings = keruen::config::load(&dir.join("config.toml"))?;
    let store = Store::open(&dir.join("data").join("cache.db"))?;
    let articles = store.rank_inputs(now - TimeDelta::days(days), RankFields::Clustering)?;
    let mut times = Vec::new();
    let mut clusters = Vec::new();
    for _ in 0..3 {
        let (t, c) = (Instant::now(), cpu_ms());
        let mut last = c;
        let mut phases = Vec::new();
        clusters = rank::cluster::cluster_phases(&articles, &settings.rank, &mut |name| {
            let now = cpu_ms();
            phases.push(format!("{name} {:.1}", now - last));
            last = now;
        });
        println!("phases, CPU ms: {}", phases.join(", "));
        times.push((t.elapsed().as_secs_f64() * 1000.0, cpu_ms() - c));
    }
    let mut lines: Vec<String> = clusters
        .iter()
        .filter(|c| c.members.len() > 1)
        .map(|c| {
            let mut ids: Vec<i64> = c.members.iter().map(|a| a.0).collect();
            ids.sort_unstable();
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")
        })
        .collect();
    lines.sort();
    std::fs::write(out, lines.join("\n") + "\n")?;
    println!(
        "{} articles, {} stories of several members; cluster wall/CPU ms per run: {:?}",
        articles.len(),
        lines.len(),
        times
            .iter()
            .map(|(w, c)| format!("{w:.1}/{c:.1}"))
            .collect::<Vec<_>>()
    );
    Ok(())
}

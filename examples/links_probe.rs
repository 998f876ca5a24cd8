//! Kept story links on a big cache: the background catch-up's time, one
//! refresh's step, the table's size, and whether the stories over kept
//! links equal the fresh clustering's over a fixed week.
//!
//! ```text
//! cargo run --release --example links_probe -- DIR [--refresh N] [--now UNIX]
//! ```
//!
//! DIR is `gen_cache`'s output (config.toml, data/cache.db). Prints one
//! JSON line per figure (times in ms, wall clock and this thread's CPU):
//! - `links_catch_up`: `Store::link_some` until nothing waits;
//! - `links_refresh`: the newest N articles (2,000 unless `--refresh`)
//!   queued again, as a refresh that brought them, and linked;
//! - `links_beside`: the newest N queued again and linked by a second
//!   connection on its own thread (as the reader's ranking worker does)
//!   while this one opens an article and toggles its read flag over and
//!   over (the store worker's calls): how long each call took during the
//!   step, against the step's own length (what a call queued behind a
//!   step on the same worker waited at most);
//! - `links_size`: rows and bytes of the tables (dbstat);
//! - `links_vs_fresh`: the week before NOW (now unless `--now`) clustered
//!   fresh and from kept links: stories of several members and pairs of
//!   articles grouped in both, in one only;
//! - `plan_vs_full`: whether Top's 100 from the link groups that can reach
//!   them (`rank::kept_plan`) equal those from every group, and how many
//!   fingerprints each reads.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, TimeDelta, Utc};
use keruen::domain::ArticleId;
use keruen::rank::{self, Fingerprint, kept};
use keruen::store::{RankFields, Store};

#[path = "support/cpu.rs"]
mod cpu;
use cpu::thread_cpu as cpu;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pairs(stories: &[Vec<ArticleId>]) -> HashSet<(i64, i64)> {
    let mut out = HashSet::new();
    for s in stories {
        for (k, a) in s.iter().enumerate() {
            for b in &s[k + 1..] {
                out.insert((a.0.min(b.0), a.0.max(b.0)));
            }
        }
    }
    out
}

/// Queue the newest `n` articles for linking again, as a refresh that
/// brought them would.
fn queue_newest(db: &std::path::Path, n: usize) -> Result<()> {
    rusqlite::Connection::open(db)?.execute(
        "INSERT OR IGNORE INTO story_links_pending (article_id)
         SELECT id FROM articles ORDER BY id DESC LIMIT ?1",
        [n as i64],
    )?;
    Ok(())
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut refresh = 2_000usize;
    let mut now = Utc::now();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--refresh" => refresh = args.next().context("--refresh N")?.parse()?,
            "--now" => {
                let t: i64 = args.next().context("--now UNIX")?.parse()?;
                now = DateTime::from_timestamp(t, 0).context("a time")?;
            }
            _ if a.starts_with("--") => bail!("unknown option {a}"),
            _ => dir = Some(std::path::PathBuf::from(a)),
        }
    }
    let dir = dir.context("usage: links_probe DIR [--refresh N] [--now UNIX]")?;
    let settings = keruen::config::load(&dir.join("config.toml"))?;
    let db = dir.join("data").join("cache.db");
    let store = Store::open(&db)?;
    let rank = &settings.rank;

    let waiting = store.links_pending()?;
    let (t, c) = (Instant::now(), cpu());
    store.link_some(rank, Utc::now(), usize::MAX)?;
    let (wall, cpu_ms) = (ms(t.elapsed()), ms(cpu().saturating_sub(c)));
    println!(
        "{}",
        serde_json::json!({ "figure": "links_catch_up", "queued": waiting,
            "wall_ms": wall, "cpu_ms": cpu_ms })
    );

    queue_newest(&db, refresh)?;
    let (t, c) = (Instant::now(), cpu());
    store.link_some(rank, Utc::now(), usize::MAX)?;
    let (wall, cpu_ms) = (ms(t.elapsed()), ms(cpu().saturating_sub(c)));
    println!(
        "{}",
        serde_json::json!({ "figure": "links_refresh", "articles": refresh,
            "wall_ms": wall, "cpu_ms": cpu_ms,
            "articles_per_s": refresh as f64 / (wall / 1000.0) })
    );

    // Beside a step: reads and marks on this connection while another
    // links.
    queue_newest(&db, refresh)?;
    let newest: i64 =
        rusqlite::Connection::open(&db)?
            .query_row("SELECT max(id) FROM articles", [], |r| r.get(0))?;
    let linker = {
        let (db, rank) = (db.clone(), rank.clone());
        std::thread::spawn(move || -> Result<f64> {
            let store = Store::open(&db)?;
            // As the reader's ranking worker's connection.
            store.limit_page_cache(256)?;
            let t = Instant::now();
            store.link_some(&rank, Utc::now(), usize::MAX)?;
            Ok(ms(t.elapsed()))
        })
    };
    let mut beside = Store::open(&db)?;
    let (mut reads, mut marks) = (Vec::new(), Vec::new());
    let mut k = 0i64;
    while !linker.is_finished() {
        let id = ArticleId(newest - k % 1_000);
        let t = Instant::now();
        // An id retention took away is no article: the time still counts.
        let _ = beside.article(id);
        reads.push(ms(t.elapsed()));
        let t = Instant::now();
        beside.set_read(&[id], k % 2 == 0)?;
        marks.push(ms(t.elapsed()));
        k += 1;
    }
    let step_ms = linker
        .join()
        .map_err(|_| anyhow::anyhow!("the linker thread panicked"))??;
    let stat = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let max = v.last().copied().unwrap_or(0.0);
        let p50 = v.get(v.len() / 2).copied().unwrap_or(0.0);
        serde_json::json!({ "calls": v.len(), "p50_ms": p50, "max_ms": max })
    };
    println!(
        "{}",
        serde_json::json!({ "figure": "links_beside", "articles": refresh,
            "step_wall_ms": step_ms, "read": stat(&mut reads), "mark": stat(&mut marks) })
    );

    {
        let c = rusqlite::Connection::open(&db)?;
        let rows: i64 = c.query_row("SELECT count(*) FROM story_links", [], |r| r.get(0))?;
        let mut size = serde_json::Map::new();
        for name in [
            "story_links",
            "story_links_hi",
            "story_links_at",
            "story_links_pending",
            "story_links_meta",
        ] {
            let bytes: i64 = c
                .query_row(
                    "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap_or(-1);
            size.insert(name.into(), bytes.into());
        }
        println!(
            "{}",
            serde_json::json!({ "figure": "links_size", "rows": rows, "bytes": size })
        );
    }

    // The week before `now`, fresh and from kept links.
    let since = now - TimeDelta::days(7);
    let articles = store.rank_inputs(since, RankFields::Clustering)?;
    let fresh: Vec<Vec<ArticleId>> = rank::cluster(&articles, rank)
        .into_iter()
        .filter(|c| c.members.len() > 1)
        .map(|c| c.members)
        .collect();
    let mut split: Vec<(&str, f64)> = Vec::new();
    let (t, c) = (Instant::now(), cpu());
    let lap = |name: &'static str, split: &mut Vec<(&str, f64)>| {
        split.push((name, ms(cpu().saturating_sub(c))));
    };
    let Some(links) = store.kept_links(rank, now, since)? else {
        bail!("no kept links for this window (another --now?)");
    };
    lap("links_read", &mut split);
    let ends: HashSet<ArticleId> = kept::compared_ends(&links.links);
    let mut rows = store.rank_rows(since)?;
    lap("rows_read", &mut split);
    let which: Vec<usize> = (0..rows.len())
        .filter(|&i| ends.contains(&rows[i].id))
        .collect();
    store.attach_fingerprints(&mut rows, &which)?;
    lap("fingerprints_read", &mut split);
    let index: HashMap<ArticleId, usize> =
        rows.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
    let kept_links: Vec<kept::KeptLink> = links
        .links
        .iter()
        .filter_map(|&(a, b, cos)| Some((*index.get(&a)?, *index.get(&b)?, cos)))
        .collect();
    let fps: Vec<(usize, Fingerprint)> = rows
        .iter_mut()
        .enumerate()
        .filter_map(|(i, a)| Some((i, a.fingerprint.take()?)))
        .collect();
    let members = kept::Members::new(&fps, &links.df);
    lap("members", &mut split);
    let clusters = kept::cluster_kept(&rows, &kept_links, &members, rank);
    lap("linkage", &mut split);
    let feeds = store.feed_labels()?;
    lap("feed_labels", &mut split);
    let growth =
        keruen::stories::views_per_hour(&store.signal_samples_since(now - TimeDelta::hours(6))?);
    lap("signals", &mut split);
    let top = rank::top_stories_of(
        &rows,
        clusters.clone(),
        &growth,
        &HashMap::new(),
        rank,
        now,
        100,
    );
    lap("score", &mut split);
    let reps: Vec<ArticleId> = top.iter().map(|s| s.cluster.representative).collect();
    let _ = store.summaries(&reps)?;
    for r in &reps {
        let _ = store.signal_history(*r)?;
    }
    lap("rows_of_100", &mut split);
    drop(feeds);
    let (wall, cpu_ms) = (ms(t.elapsed()), ms(cpu().saturating_sub(c)));
    println!(
        "{}",
        serde_json::json!({ "figure": "kept_split_cpu_cumulative_ms",
        "split": split.iter().map(|(n, v)| format!("{n}={v:.1}")).collect::<Vec<_>>() })
    );
    // Top from the planned link groups only (what `stories::top` does)
    // against the full linkage above: the same 100 stories, order, scores.
    let parts = rank::Parts::of(&rows, &growth);
    let plan = rank::kept_plan::plan(&rows, &kept_links, &parts, &HashMap::new(), rank, now, 100);
    let wanted: HashSet<usize> = plan.compared.iter().copied().collect();
    let planned_fps: Vec<(usize, Fingerprint)> = fps
        .iter()
        .filter(|f| wanted.contains(&f.0))
        .cloned()
        .collect();
    let planned_members = kept::Members::new(&planned_fps, &links.df);
    let planned_clusters = kept::cluster_kept(&rows, &plan.links, &planned_members, rank);
    let planned = rank::top_stories_with(
        &rows,
        planned_clusters,
        &parts,
        &growth,
        &HashMap::new(),
        rank,
        now,
        100,
    );
    println!(
        "{}",
        serde_json::json!({ "figure": "plan_vs_full", "equal": planned == top,
        "ends": fps.len(), "compared": plan.compared.len(),
        "links": kept_links.len(), "links_planned": plan.links.len() })
    );
    let from_links: Vec<Vec<ArticleId>> = clusters
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| c.into_iter().map(|i| rows[i].id).collect())
        .collect();
    let (pf, pk) = (pairs(&fresh), pairs(&from_links));
    let sf: HashSet<Vec<ArticleId>> = fresh.iter().cloned().collect();
    let same = from_links.iter().filter(|s| sf.contains(*s)).count();
    println!(
        "{}",
        serde_json::json!({ "figure": "links_vs_fresh", "articles": articles.len(),
            "links": kept_links.len(), "ends": fps.len(),
            "stories_fresh": fresh.len(), "stories_kept": from_links.len(),
            "stories_equal": same,
            "pairs_both": pf.intersection(&pk).count(),
            "pairs_fresh_only": pf.difference(&pk).count(),
            "pairs_kept_only": pk.difference(&pf).count(),
            "kept_clustering_wall_ms": wall, "kept_clustering_cpu_ms": cpu_ms })
    );
    Ok(())
}

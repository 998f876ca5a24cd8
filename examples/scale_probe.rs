//! The in-process figures of `scripts/scale_bench.sh`, through the same
//! library calls the TUI's store worker makes, on a cache written by
//! `gen_cache`. Prints one JSON line per figure (times in ms, wall clock).
//!
//! ```text
//! cargo run --release --example scale_probe -- DIR [--runs 5] [--only search,top,...]
//! ```
//!
//! DIR is `gen_cache`'s output (config.toml, data/cache.db). Each time is
//! printed as wall clock and as this thread's CPU time (`cpu_*`). Figures:
//! - `feed_list`: `Store::feeds`, the feed list with its counts;
//! - `search`: 50 fixed queries (words, prefixes, phrases, exclusions,
//!   filters, Kazakh / Russian / English) through `Store::search` with the
//!   TUI's limit; p50 and p99 over every run of every query;
//! - `top_7d`: `stories::top` over 7 days, the TUI's limit;
//! - `related`: `RelatedStories::related` for 50 articles of the last week
//!   (the index built once first; its build time is printed apart);
//! - `mark_100k_read`: `Store::set_read` on 100,000 unread articles (undone
//!   after each run, untimed);
//! - `size`: the cache file and, per table, the bytes SQLite uses (dbstat);
//! - `unread_lists`: the unread list of all feeds in date order, as the
//!   first screen loads it (5,000 rows), one page of 50 at offsets 0 and
//!   5,000, and the first 100,000 rows (what `mark` marks); each once as
//!   the cache is and once with its newest 100,000 unread marked read
//!   (undone after), where the walk must pass a month of read articles.
//!
//! `--split` also prints, for the 10 slowest queries, where the time goes
//! (one `search_split` line each, see `split_slowest`).

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use keruen::domain::ArticleId;
use keruen::search_query::SearchQuery;
use keruen::store::{ArticleQuery, Store};
use keruen::stories::{self, RelatedStories};

#[path = "support/cpu.rs"]
mod cpu;
use cpu::thread_cpu as cpu;

/// Words a reader of Kazakh, Russian and English news would type: common
/// and rare words, prefixes, phrases, exclusions and filters.
const QUERIES: [&str; 50] = [
    "қазақстан",
    "казахстан",
    "kazakhstan",
    "президент",
    "үкімет",
    "правительство",
    "government",
    "алмат",
    "астана",
    "шымкент",
    "нефть",
    "мұнай",
    "oil prices",
    "теңге доллар",
    "тенге рубль",
    "инфляция",
    "inflation budget",
    "\"жер сілкінісі\"",
    "\"железная дорога\"",
    "\"central bank\"",
    "\"ауа райы\"",
    "футбол",
    "хоккей матч",
    "championship league",
    "құрылыс",
    "строительство мост",
    "ипотека",
    "ipoteka",
    "уран",
    "copper mining",
    "ғарыш",
    "космос запуск",
    "space launch",
    "сайлау",
    "выборы -парламент",
    "election -parliament",
    "фестиваль концерт",
    "музей",
    "вакцина",
    "university students",
    "президент since:7d",
    "нефть since:30d",
    "market unread",
    "қазақстан unread",
    "tag:kk экономика",
    "tag:ru цены",
    "tag:sport match",
    "feed:kk-news-0000",
    "starred",
    "since:1d",
];

fn load() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
        .unwrap_or(f64::NAN)
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e5).round() / 100.0
}

/// The value below which `p` of the sorted samples lie (nearest rank).
fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    pct(&v, 0.5)
}

fn emit(figure: &str, extra: serde_json::Value) {
    let mut line = serde_json::json!({ "figure": figure, "load": load() });
    if let (Some(obj), serde_json::Value::Object(more)) = (line.as_object_mut(), extra) {
        obj.extend(more);
    }
    println!("{line}");
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut runs = 5usize;
    let mut only: Option<Vec<String>> = None;
    let mut split = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--split" => split = true,
            "--runs" => runs = args.next().context("--runs N")?.parse()?,
            "--only" => {
                only = Some(
                    args.next()
                        .context("--only LIST")?
                        .split(',')
                        .map(str::to_string)
                        .collect(),
                )
            }
            _ if a.starts_with("--") => bail!("unknown option {a}"),
            _ => dir = Some(std::path::PathBuf::from(a)),
        }
    }
    let dir = dir.context(
        "usage: scale_probe DIR [--runs N] [--only feeds,search,top,related,lists,mark,size]",
    )?;
    let wants = |f: &str| only.as_ref().is_none_or(|o| o.iter().any(|x| x == f));
    let settings = keruen::config::load(&dir.join("config.toml"))?;
    let db = dir.join("data").join("cache.db");
    let mut store = Store::open(&db)?;
    // Only the search needs the index: the other figures do not wait for
    // a rebuild (e.g. after the v9 migration queued every article).
    let queued = if wants("search") {
        store.index_pending()?
    } else {
        0
    };
    if queued > 0 {
        eprintln!("indexed {queued} queued articles first (not timed)");
    }

    if wants("search") {
        let mut samples = Vec::with_capacity(QUERIES.len() * runs);
        let mut cpu_samples = Vec::with_capacity(QUERIES.len() * runs);
        // The first run of each query apart: search remembers document
        // counts between runs (`store::search_idf`), so a query's first
        // run is what a word searched for the first time costs.
        let mut first = Vec::with_capacity(QUERIES.len());
        let mut cpu_first = Vec::with_capacity(QUERIES.len());
        let mut per_query = Vec::with_capacity(QUERIES.len());
        let mut hits = 0usize;
        for q in QUERIES {
            let parsed = SearchQuery {
                limit: keruen::app::SEARCH_LIMIT,
                ..SearchQuery::parse(q)?
            };
            let mut times = Vec::with_capacity(runs);
            for run in 0..runs {
                let (t, c) = (Instant::now(), cpu());
                let found = store.search(&parsed)?;
                times.push(ms(t.elapsed()));
                cpu_samples.push(ms(cpu().saturating_sub(c)));
                if run == 0 {
                    first.push(ms(t.elapsed()));
                    cpu_first.push(ms(cpu().saturating_sub(c)));
                }
                hits = hits.max(found.len());
            }
            per_query.push((median(times.clone()), q));
            samples.extend(times);
        }
        samples.sort_by(f64::total_cmp);
        cpu_samples.sort_by(f64::total_cmp);
        per_query.sort_by(|a, b| b.0.total_cmp(&a.0));
        if split {
            split_slowest(&store, &db, &per_query)?;
        }
        emit(
            "search",
            serde_json::json!({
                "queries": QUERIES.len(), "runs": runs,
                "p50_ms": pct(&samples, 0.5), "p99_ms": pct(&samples, 0.99),
                "max_ms": pct(&samples, 1.0),
                "cpu_p50_ms": pct(&cpu_samples, 0.5), "cpu_p99_ms": pct(&cpu_samples, 0.99),
                "first_run_p50_ms": median(first.clone()), "first_run_max_ms": first.iter().copied().fold(0.0, f64::max),
                "cpu_first_run_p50_ms": median(cpu_first.clone()),
                "slowest": per_query.iter().take(5)
                    .map(|(t, q)| format!("{q} ({t} ms)")).collect::<Vec<_>>(),
                "target": "p50 < 30, p99 < 150",
            }),
        );
    }

    if wants("feeds") {
        // The feed list with its counts: what the first screen waits for.
        let mut times = Vec::new();
        let mut cpus = Vec::new();
        let mut n = 0;
        for _ in 0..runs {
            let (t, c) = (Instant::now(), cpu());
            n = store.feeds()?.len();
            times.push(ms(t.elapsed()));
            cpus.push(ms(cpu().saturating_sub(c)));
        }
        emit(
            "feed_list",
            serde_json::json!({ "runs": runs, "feeds": n, "median_ms": median(times),
                "cpu_median_ms": median(cpus) }),
        );
    }

    if wants("top") {
        let mut times = Vec::new();
        let mut cpus = Vec::new();
        let mut n = 0;
        for _ in 0..runs {
            let (t, c) = (Instant::now(), cpu());
            n = stories::top(
                &store,
                &settings,
                Utc::now(),
                Duration::from_secs(7 * 86_400),
                None,
                100,
            )?
            .len();
            times.push(ms(t.elapsed()));
            cpus.push(ms(cpu().saturating_sub(c)));
        }
        emit(
            "top_7d",
            serde_json::json!({ "runs": runs, "median_ms": median(times.clone()),
                "min_ms": times.iter().copied().fold(f64::INFINITY, f64::min),
                "cpu_median_ms": median(cpus),
                "stories": n, "target": "< 50" }),
        );
    }

    if wants("related") {
        let t = Instant::now();
        let index = RelatedStories::build(&store, &settings, Utc::now())?;
        let build = ms(t.elapsed());
        let week = store.articles(&ArticleQuery {
            since: Some(Utc::now() - chrono::Duration::days(7)),
            limit: Some(5_000),
            ..ArticleQuery::default()
        })?;
        let mut samples = Vec::new();
        for a in week.iter().step_by((week.len() / 50).max(1)).take(50) {
            for _ in 0..runs {
                let t = Instant::now();
                let _ = index.related(&store, a.id, settings.rank.related_count)?;
                samples.push(ms(t.elapsed()));
            }
        }
        samples.sort_by(f64::total_cmp);
        emit(
            "related",
            serde_json::json!({ "articles": samples.len() / runs.max(1), "runs": runs,
                "p50_ms": pct(&samples, 0.5), "p99_ms": pct(&samples, 0.99),
                "index_build_ms": build, "target": "< 5" }),
        );
    }

    if wants("lists") {
        lists(&mut store, runs)?;
    }

    if wants("mark") {
        let unread: Vec<ArticleId> = store
            .articles(&ArticleQuery {
                unread_only: true,
                limit: Some(100_000),
                ..ArticleQuery::default()
            })?
            .into_iter()
            .map(|a| a.id)
            .collect();
        let mut times = Vec::new();
        let mut cpus = Vec::new();
        for _ in 0..runs.min(3) {
            let (t, c) = (Instant::now(), cpu());
            store.set_read(&unread, true)?;
            times.push(ms(t.elapsed()));
            cpus.push(ms(cpu().saturating_sub(c)));
            store.set_read(&unread, false)?;
        }
        emit(
            "mark_100k_read",
            serde_json::json!({ "articles": unread.len(), "runs": times.len(),
                "median_ms": median(times), "cpu_median_ms": median(cpus), "target": "< 200" }),
        );
    }

    if wants("size") {
        drop(store);
        let conn = rusqlite::Connection::open(&db)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let file = std::fs::metadata(&db)?.len();
        let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
        let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        let mut by_table = serde_json::Map::new();
        if let Ok(mut stmt) = conn.prepare(
            "SELECT CASE WHEN name LIKE 'article_fts%' THEN 'search index'
                         WHEN name LIKE 'article_texts%' OR name LIKE 'sqlite_autoindex_article_texts%'
                              OR name LIKE 'text_blocks%' THEN 'texts'
                         WHEN name LIKE 'article%' THEN 'articles + indexes'
                         ELSE 'other' END AS part, sum(pgsize)
             FROM dbstat GROUP BY part",
        ) {
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (part, bytes) = row?;
                by_table.insert(part, bytes.into());
            }
        }
        // Every table and index by its pages, for what the parts hold.
        let mut tables = serde_json::Map::new();
        if let Ok(mut stmt) = conn.prepare(
            "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC",
        ) {
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (name, bytes) = row?;
                tables.insert(name, bytes.into());
            }
        }
        emit(
            "size",
            serde_json::json!({ "cache_bytes": file, "free_bytes": free * page,
                "parts": by_table, "tables": tables }),
        );
    }
    Ok(())
}

/// The unread list of all feeds, timed per shape (see the module's doc).
fn lists(store: &mut Store, runs: usize) -> Result<()> {
    let unread = |limit: usize, offset: usize| ArticleQuery {
        unread_only: true,
        limit: Some(limit),
        offset,
        ..ArticleQuery::default()
    };
    let shapes = [
        ("screen_5000", unread(5_000, 0)),
        ("page_50_at_0", unread(50, 0)),
        ("page_50_at_5000", unread(50, 5_000)),
        ("first_100000", unread(100_000, 0)),
    ];
    let newest: Vec<ArticleId> = store
        .articles(&unread(100_000, 0))?
        .into_iter()
        .map(|a| a.id)
        .collect();
    for state in ["as_is", "newest_100k_read"] {
        if state == "newest_100k_read" {
            store.set_read(&newest, true)?;
        }
        let mut out = serde_json::Map::new();
        for (name, q) in &shapes {
            let mut times = Vec::new();
            let mut cpus = Vec::new();
            let mut n = 0;
            for _ in 0..runs {
                let (t, c) = (Instant::now(), cpu());
                n = store.articles(q)?.len();
                times.push(ms(t.elapsed()));
                cpus.push(ms(cpu().saturating_sub(c)));
            }
            out.insert(
                (*name).into(),
                serde_json::json!({ "rows": n, "median_ms": median(times),
                    "cpu_median_ms": median(cpus) }),
            );
        }
        out.insert("state".into(), state.into());
        out.insert("runs".into(), runs.into());
        emit("unread_lists", serde_json::Value::Object(out));
    }
    store.set_read(&newest, false)?;
    Ok(())
}

/// For the slowest queries: how many articles the words match, how many
/// index terms their prefixes expand to, and the CPU time of each step
/// run apart on a second (read-only) connection: walking the matches
/// (`match_ms`), the index's top-N by bm25 (`bm25_top_ms`, includes the
/// walk), and the whole `Store::search` (`search_ms`; the rest is the
/// ranking's row checks, or the general ranking's join, plus rows and
/// snippets).
fn split_slowest(store: &Store, db: &std::path::Path, per_query: &[(f64, &str)]) -> Result<()> {
    let conn = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute_batch(
        "CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, 'article_fts', 'row');",
    )?;
    let timed = |f: &mut dyn FnMut() -> Result<i64>| -> Result<(f64, i64)> {
        let c = cpu();
        let n = f()?;
        Ok((ms(cpu().saturating_sub(c)), n))
    };
    for &(wall, q) in per_query.iter().take(10) {
        let parsed = SearchQuery {
            limit: keruen::app::SEARCH_LIMIT,
            ..SearchQuery::parse(q)?
        };
        let m = parsed.fts_match();
        let (match_ms, matches) = match &m {
            Some(m) => timed(&mut || {
                Ok(conn.query_row(
                    "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1",
                    [m],
                    |r| r.get(0),
                )?)
            })?,
            None => (0.0, 0),
        };
        let (bm25_ms, _) = match &m {
            Some(m) => timed(&mut || {
                let mut stmt = conn.prepare(
                    "SELECT rowid, bm25(article_fts, 1.0, 10.0, 4.0) AS r FROM article_fts
                     WHERE article_fts MATCH ?1 ORDER BY r LIMIT 232",
                )?;
                let n = stmt.query_map([m], |r| r.get::<_, i64>(0))?.count();
                Ok(i64::try_from(n).unwrap_or(0))
            })?,
            None => (0.0, 0),
        };
        // Prefix expansion: the index terms each word's prefix covers.
        let mut terms = Vec::new();
        for t in &parsed.terms {
            if let keruen::search_query::Term::Word(w) = t {
                let low = w.to_lowercase();
                let mut high = low.clone();
                high.push(char::MAX);
                let (n, docs): (i64, i64) = conn.query_row(
                    "SELECT count(*), coalesce(sum(doc), 0) FROM temp.fts_terms
                     WHERE term >= ?1 AND term < ?2",
                    [&low, &high],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                terms.push(format!("{low}*: {n} terms, {docs} docs"));
            }
        }
        let (search_ms, hits) =
            timed(&mut || Ok(i64::try_from(store.search(&parsed)?.len()).unwrap_or(0)))?;
        emit(
            "search_split",
            serde_json::json!({ "query": q, "median_wall_ms": wall, "matches": matches,
                "hits": hits, "prefixes": terms, "cpu_match_ms": match_ms,
                "cpu_bm25_top_ms": bm25_ms, "cpu_search_ms": search_ms }),
        );
    }
    Ok(())
}

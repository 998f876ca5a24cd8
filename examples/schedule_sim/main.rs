//! A day of N feeds (8,000 by default) refreshed by keruen's schedule
//! against a loopback server, compared with fixed-interval polling.
//!
//! `cargo run --release --example schedule_sim -- [--feeds N] [--seed S]`
//!
//! Virtual time: the clock advances a minute a step and stands still while
//! a step's due feeds are fetched, so a day runs in minutes. Every request
//! of the scheduled side is real HTTP to the loopback server (its answers
//! come from `model` at the virtual time), through keruen's `Fetcher`, its
//! feed parser and hint reader, and `schedule::next_due` / `learn::observe`.
//! The fixed side (every feed every `fetch.refresh_interval` = 30 min,
//! with ETag/304) is answered by the same model without the socket: same
//! bodies, same 304s, same 429s. Prints one JSON line per figure.

mod model;
mod server;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use anyhow::Result;
use futures::StreamExt;
use keruen::config::settings::FetchSettings;
use keruen::fetch::{FetchOutcome, Fetcher, Validators};
use keruen::schedule::learn::{Answer, Observation, observe};
use keruen::schedule::{FeedState, next_due};
use model::{DAY, Feed, HOUR, Kind, Secs};
use serde_json::json;

const STEP: Secs = 60;
const FIXED_EVERY: Secs = 30 * 60;
/// Stories published in the measured day are followed this long after it,
/// so a late first sight is counted, not lost.
const TAIL: Secs = 14 * HOUR;

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> Result<()> {
    let n = arg("--feeds", 8000) as usize;
    let seed = arg("--seed", 1);
    let end = DAY;
    let feeds = model::feeds(n, end + TAIL, seed);
    let shared = Arc::new(server::Shared {
        last_ok: std::sync::Mutex::new(vec![None; feeds.len()]),
        feeds,
        now: Default::default(),
        count_until: end,
        requests: Default::default(),
        body_bytes: Default::default(),
        not_modified: Default::default(),
        too_many: Default::default(),
    });
    // One host for most feeds; each rate-limiting feed its own host, so
    // its 429 holds back only itself (as it would on the real web).
    let main_port = server::start(shared.clone()).await?;
    let mut urls = Vec::with_capacity(n);
    for (i, feed) in shared.feeds.iter().enumerate() {
        let port = if feed.rate_limited {
            server::start(shared.clone()).await?
        } else {
            main_port
        };
        urls.push(url::Url::parse(&format!("http://127.0.0.1:{port}/f/{i}"))?);
    }
    let started = std::time::Instant::now();
    let scheduled = run_scheduled(&shared, &urls, end).await?;
    let wall = started.elapsed().as_secs_f64();
    let fixed = run_fixed(&shared.feeds, end);

    let line = |v: serde_json::Value| println!("{v}");
    line(
        json!({"figure": "setup", "feeds": n, "seed": seed, "time": "virtual (1-minute steps, loopback HTTP for the scheduled side)", "measured_hours": end / HOUR, "fixed_interval_min": FIXED_EVERY / 60, "wall_s": (wall * 10.0).round() / 10.0}),
    );
    let kinds = [Kind::News, Kind::Blog, Kind::Podcast, Kind::Dormant];
    let count = |k: Kind| shared.feeds.iter().filter(|f| f.kind == k).count();
    line(
        json!({"figure": "mix", "news": count(Kind::News), "blog": count(Kind::Blog), "podcast": count(Kind::Podcast), "dormant": count(Kind::Dormant), "ttl": shared.feeds.iter().filter(|f| f.ttl_minutes.is_some()).count(), "skip_hours": shared.feeds.iter().filter(|f| f.skip_hours != 0).count(), "cache_control": shared.feeds.iter().filter(|f| f.max_age.is_some()).count(), "rate_limited": shared.feeds.iter().filter(|f| f.rate_limited).count()}),
    );
    let requests = shared.requests.load(Ordering::SeqCst);
    let bytes = shared.body_bytes.load(Ordering::SeqCst);
    let saved = |a: u64, b: u64| ((1.0 - a as f64 / b.max(1) as f64) * 1000.0).round() / 10.0;
    line(
        json!({"figure": "requests", "fixed": fixed.requests, "scheduled": requests, "saved_pct": saved(requests, fixed.requests)}),
    );
    line(
        json!({"figure": "body_bytes", "fixed": fixed.bytes, "scheduled": bytes, "saved_pct": saved(bytes, fixed.bytes)}),
    );
    line(
        json!({"figure": "http_304", "fixed": fixed.not_modified, "scheduled": shared.not_modified.load(Ordering::SeqCst)}),
    );
    line(
        json!({"figure": "http_429", "fixed": fixed.too_many, "scheduled": shared.too_many.load(Ordering::SeqCst)}),
    );
    for kind in kinds {
        let ids: Vec<usize> = (0..n).filter(|&i| shared.feeds[i].kind == kind).collect();
        let sched: u64 = ids.iter().map(|&i| scheduled.requests_by_feed[i]).sum();
        let fix: u64 = ids.iter().map(|&i| fixed.requests_by_feed[i]).sum();
        line(
            json!({"figure": "requests_by_kind", "kind": kind.name(), "fixed": fix, "scheduled": sched}),
        );
    }
    // First sight of every story published in the measured day.
    let mut extra = Vec::new();
    let (mut delay_fixed, mut delay_sched) = (Vec::new(), Vec::new());
    let mut by_kind: HashMap<Kind, Vec<f64>> = HashMap::new();
    let (mut unseen_fixed, mut unseen_sched) = (0, 0);
    for (i, feed) in shared.feeds.iter().enumerate() {
        for &p in feed.posts.iter().filter(|p| (0..end).contains(*p)) {
            let f = fixed.first_seen.get(&(i, p));
            let s = scheduled.first_seen.get(&(i, p));
            match (f, s) {
                (Some(&f), Some(&s)) => {
                    extra.push((s - f) as f64 / 60.0);
                    by_kind
                        .entry(feed.kind)
                        .or_default()
                        .push((s - f) as f64 / 60.0);
                    delay_fixed.push((f - p) as f64 / 60.0);
                    delay_sched.push((s - p) as f64 / 60.0);
                }
                _ => {
                    unseen_fixed += usize::from(f.is_none());
                    unseen_sched += usize::from(s.is_none());
                }
            }
        }
    }
    let not_later = extra.iter().filter(|d| **d <= 0.0).count();
    line(
        json!({"figure": "stories", "published": extra.len() + unseen_fixed.max(unseen_sched), "seen_by_both": extra.len(), "unseen_fixed": unseen_fixed, "unseen_scheduled": unseen_sched, "not_later_than_fixed_pct": pct(not_later, extra.len())}),
    );
    line(
        json!({"figure": "extra_delay_vs_fixed_min", "p50": q(&mut extra, 0.5), "p95": q(&mut extra, 0.95), "max": q(&mut extra, 1.0)}),
    );
    for kind in kinds {
        if let Some(v) = by_kind.get_mut(&kind) {
            line(
                json!({"figure": "extra_delay_vs_fixed_min", "kind": kind.name(), "stories": v.len(), "p50": q(v, 0.5), "p95": q(v, 0.95), "max": q(v, 1.0)}),
            );
        }
    }
    line(
        json!({"figure": "first_sight_delay_min", "schedule": "fixed", "p50": q(&mut delay_fixed, 0.5), "p95": q(&mut delay_fixed, 0.95), "max": q(&mut delay_fixed, 1.0)}),
    );
    line(
        json!({"figure": "first_sight_delay_min", "schedule": "scheduled", "p50": q(&mut delay_sched, 0.5), "p95": q(&mut delay_sched, 0.95), "max": q(&mut delay_sched, 1.0)}),
    );
    Ok(())
}

fn pct(a: usize, b: usize) -> f64 {
    (a as f64 / b.max(1) as f64 * 1000.0).round() / 10.0
}

/// The q-quantile (nearest rank), rounded to 0.1.
fn q(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1;
    (v[i] * 10.0).round() / 10.0
}

struct Outcome {
    requests_by_feed: Vec<u64>,
    first_seen: HashMap<(usize, Secs), Secs>,
}

/// keruen's schedule, over real HTTP.
async fn run_scheduled(
    shared: &Arc<server::Shared>,
    urls: &[url::Url],
    end: Secs,
) -> Result<Outcome> {
    let n = urls.len();
    let mut states = vec![FeedState::default(); n];
    let mut validators = vec![Validators::default(); n];
    let mut out = Outcome {
        requests_by_feed: vec![0; n],
        first_seen: HashMap::new(),
    };
    let settings = FetchSettings {
        per_host: std::num::NonZeroUsize::new(64).unwrap_or(std::num::NonZeroUsize::MIN),
        ..FetchSettings::default()
    };
    let shared_fetcher = Fetcher::new(&settings)?;
    let mut own: Vec<Option<Fetcher>> = Vec::with_capacity(n);
    for feed in &shared.feeds {
        own.push(if feed.rate_limited {
            Some(Fetcher::new(&settings)?)
        } else {
            None
        });
    }
    let mut t = 0;
    while t < end + TAIL {
        shared.now.store(t, Ordering::SeqCst);
        let now = model::to_utc(t);
        let due: Vec<usize> = (0..n)
            .filter(|&i| next_due(&states[i], now).is_due(now))
            .collect();
        if !due.is_empty() {
            let results: Vec<_> = futures::stream::iter(due)
                .map(|i| {
                    // A fetcher remembers a host's Retry-After in real
                    // time: a feed that can rate-limit gets its own,
                    // renewed after a failure (a new "run" in virtual time).
                    let fetcher = match &own[i] {
                        Some(f) => f.clone(),
                        None => shared_fetcher.clone(),
                    };
                    let (url, v) = (urls[i].clone(), validators[i].clone());
                    async move {
                        let real = chrono::Utc::now();
                        let (outcome, meta) = fetcher.fetch_with_meta(&url, &v).await;
                        (i, real, outcome, meta)
                    }
                })
                .buffer_unordered(64)
                .collect()
                .await;
            for (i, real, outcome, meta) in results {
                if t < end {
                    out.requests_by_feed[i] += 1;
                }
                // Times the server gave in real time, moved to virtual.
                let virt = |x: Option<chrono::DateTime<chrono::Utc>>| x.map(|x| now + (x - real));
                let mut obs = Observation::new(Answer::Failed);
                obs.fresh_until = virt(meta.fresh_until);
                obs.retry_until = virt(meta.retry_until);
                match outcome {
                    FetchOutcome::NotModified => obs.answer = Answer::NotModified,
                    FetchOutcome::Failed(_) => {
                        if own[i].is_some() {
                            own[i] = Some(Fetcher::new(&settings)?);
                        }
                    }
                    FetchOutcome::Fetched(body) => {
                        obs.hints = Some(keruen::sources::hints::scan(&body.bytes));
                        let parsed =
                            keruen::sources::feed::parse(&body.bytes, None, &urls[i], 100)?;
                        let mut new = 0;
                        for item in &parsed.items {
                            let post: Option<Secs> =
                                item.key.rsplit('-').next().and_then(|p| p.parse().ok());
                            if let Some(p) = post
                                && !out.first_seen.contains_key(&(i, p))
                            {
                                out.first_seen.insert((i, p), t);
                                new += 1;
                            }
                        }
                        let dates = parsed.items.iter().filter_map(|a| a.published).collect();
                        obs.answer = Answer::Read { new, dates };
                        validators[i] = body.validators;
                    }
                }
                states[i] = observe(&states[i], &obs, now);
            }
        }
        t += STEP;
    }
    Ok(out)
}

struct Fixed {
    requests: u64,
    bytes: u64,
    not_modified: u64,
    too_many: u64,
    requests_by_feed: Vec<u64>,
    first_seen: HashMap<(usize, Secs), Secs>,
}

/// Every feed every 30 minutes from 0, with ETag/304, ignoring Retry-After
/// (a fixed clock does not listen), answered by the same model.
fn run_fixed(feeds: &[Feed], end: Secs) -> Fixed {
    let mut out = Fixed {
        requests: 0,
        bytes: 0,
        not_modified: 0,
        too_many: 0,
        requests_by_feed: vec![0; feeds.len()],
        first_seen: HashMap::new(),
    };
    for (i, feed) in feeds.iter().enumerate() {
        let mut etag: Option<String> = None;
        let mut last_ok = None;
        let mut t = 0;
        while t < end + TAIL {
            let counted = t < end;
            let answer = model::answer(feed, i, t, etag.as_deref(), last_ok);
            if counted {
                out.requests += 1;
                out.requests_by_feed[i] += 1;
            }
            match answer {
                model::Answer::TooMany => out.too_many += u64::from(counted),
                model::Answer::NotModified => {
                    last_ok = Some(t);
                    out.not_modified += u64::from(counted);
                }
                model::Answer::Ok { etag: tag, body } => {
                    last_ok = Some(t);
                    if counted {
                        out.bytes += body.len() as u64;
                    }
                    for &p in model::visible(feed, t) {
                        out.first_seen.entry((i, p)).or_insert(t);
                    }
                    etag = Some(tag);
                }
            }
            t += FIXED_EVERY;
        }
    }
    out
}

//! Polite at scale: each feed's schedule learned through the real refresh
//! into a real cache file (ttl, sy:*, skipHours/skipDays, Cache-Control,
//! Expires, Retry-After each move the due time; a 429 is remembered across
//! a restart), `keruen refresh` skipping what is not due, and the per-host
//! limit held on loopback servers that count connections in flight,
//! redirects to another host included.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, TimeDelta, Timelike, Utc};
use keruen::config::settings::{CacheSettings, Settings};
use keruen::fetch::{FetchOutcome, Fetcher, Validators};
use keruen::refresh::{self, RefreshPlan, RefreshSummary};
use keruen::schedule::{Due, Reason, next_due};
use keruen::store::Store;
use tokio::sync::mpsc;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::run_binary;
use run_binary::keruen;

/// An RSS document with `extra` in its channel and one undated item.
fn rss(extra: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel>\
         <title>t</title>{extra}<item><title>one</title><guid>g1</guid></item>\
         </channel></rss>"
    )
}

fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn settings_for(feeds: &[(String, String)]) -> Settings {
    let mut text = String::new();
    for (name, url) in feeds {
        text.push_str(&format!("[[feeds]]\nname = \"{name}\"\nurl = \"{url}\"\n"));
    }
    keruen::config::parse(&text, None).unwrap()
}

async fn run(db: &Path, settings: &Settings, due_only: bool) -> RefreshSummary {
    let plan = RefreshPlan {
        db_path: db.to_path_buf(),
        all_feeds: settings.feeds.clone(),
        only: None,
        due_only: due_only.then(|| refresh::policy_of(&settings.fetch)),
        concurrency: 4,
        max_items_per_feed: 100,
        retention: CacheSettings {
            max_age: None,
            max_per_feed: None,
        },
    };
    let (tx, _rx) = mpsc::unbounded_channel();
    refresh::run(plan, Fetcher::new(&settings.fetch).unwrap(), tx)
        .await
        .unwrap()
}

/// Each feed's due time as the planner sees it, by name.
fn dues(db: &Path, settings: &Settings, now: DateTime<Utc>) -> HashMap<String, Due> {
    let store = Store::open(db).unwrap();
    let states = store.schedule_states().unwrap();
    let policy = refresh::policy_of(&settings.fetch);
    let labels = store.feed_labels().unwrap();
    settings
        .feeds
        .iter()
        .map(|f| {
            let id = labels.iter().find(|l| l.url == f.url.as_str()).unwrap().id;
            let state = refresh::schedule_of(states.get(&id), f, policy);
            (f.name.clone(), next_due(&state, now))
        })
        .collect()
}

#[tokio::test]
async fn every_signal_moves_the_due_time() {
    let server = MockServer::start().await;
    let now = Utc::now();
    // Every hour but the one three hours on is skipped; today is skipped.
    let open_hour = (now + TimeDelta::hours(3)).hour();
    let hours: String = (0..24)
        .filter(|h| *h != open_hour)
        .map(|h| format!("<hour>{h}</hour>"))
        .collect();
    let day = (now + TimeDelta::minutes(30)).weekday().to_string();
    let today = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    .into_iter()
    .find(|d| d.starts_with(&day))
    .unwrap();
    let ok = |body: String| ResponseTemplate::new(200).set_body_string(body);
    let routes: Vec<(&str, ResponseTemplate)> = vec![
        ("plain", ok(rss(""))),
        ("ttl", ok(rss("<ttl>180</ttl>"))),
        (
            "sy",
            ok(rss(
                "<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>6</sy:updateFrequency>",
            )),
        ),
        (
            "skiphours",
            ok(rss(&format!("<skipHours>{hours}</skipHours>"))),
        ),
        (
            "skipdays",
            ok(rss(&format!("<skipDays><day>{today}</day></skipDays>"))),
        ),
        (
            "maxage",
            ok(rss("")).insert_header("cache-control", "public, max-age=7200"),
        ),
        (
            "expires",
            ok(rss(""))
                .insert_header("date", http_date(now).as_str())
                .insert_header("expires", http_date(now + TimeDelta::hours(5)).as_str()),
        ),
        (
            "retry",
            ResponseTemplate::new(429).insert_header("retry-after", "14400"),
        ),
        (
            "retrydate",
            ResponseTemplate::new(503)
                .insert_header("retry-after", http_date(now + TimeDelta::hours(6)).as_str()),
        ),
    ];
    // The two rate-limited feeds on hosts of their own: a host's 429 holds
    // back the other feeds on it for the run (they take its Retry-After).
    let (busy, busier) = (MockServer::start().await, MockServer::start().await);
    let mut feeds = Vec::new();
    for (name, response) in routes {
        let host = match name {
            "retry" => &busy,
            "retrydate" => &busier,
            _ => &server,
        };
        Mock::given(method("GET"))
            .and(path(format!("/{name}")))
            .respond_with(response)
            .mount(host)
            .await;
        feeds.push((name.to_string(), format!("{}/{name}", host.uri())));
    }
    let settings = settings_for(&feeds);
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("cache.db");
    run(&db, &settings, false).await;

    let dues = dues(&db, &settings, Utc::now());
    let plain = dues["plain"];
    assert_eq!(plain.reason, Reason::Learned);
    let about = |name: &str, reason: Reason, hours: i64| {
        let due = dues[name];
        assert_eq!(due.reason, reason, "{name}: {due:?}");
        let wait = due.at - now;
        assert!(
            (wait - TimeDelta::hours(hours)).num_seconds().abs() < 120,
            "{name}: due in {wait}, expected about {hours} h"
        );
    };
    about("ttl", Reason::Ttl, 3);
    about("sy", Reason::UpdatePeriod, 4);
    about("maxage", Reason::CacheControl, 2);
    about("expires", Reason::CacheControl, 5);
    about("retry", Reason::RetryAfter, 4);
    about("retrydate", Reason::RetryAfter, 6);
    let skip_hours = dues["skiphours"];
    assert_eq!(skip_hours.reason, Reason::SkipHours);
    assert_eq!(skip_hours.at.hour(), open_hour);
    assert!(skip_hours.at > plain.at);
    let skip_days = dues["skipdays"];
    assert_eq!(skip_days.reason, Reason::SkipDays);
    assert!(skip_days.at > plain.at && skip_days.at.weekday() != plain.at.weekday());
}

#[tokio::test]
async fn a_429_with_retry_after_is_remembered_across_a_restart() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .mount(&server)
        .await;
    let settings = settings_for(&[("busy".into(), format!("{}/feed", server.uri()))]);
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("cache.db");
    let first = run(&db, &settings, true).await;
    assert_eq!(first.failed, 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    // A new process: only the file is left.
    let store = Store::open(&db).unwrap();
    let id = store.feed_labels().unwrap()[0].id;
    let retry = store.schedule_state(id).unwrap().retry_until;
    drop(store);
    let wait = retry.map(|t| t - Utc::now());
    assert!(
        wait.is_some_and(|w| w > TimeDelta::minutes(55) && w <= TimeDelta::hours(1)),
        "{wait:?}"
    );
    let second = run(&db, &settings, true).await;
    assert_eq!((second.total, second.not_due), (0, 1));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "the server was not asked again before its Retry-After"
    );
}

fn write_config(dir: &Path, feeds: &[(&str, String)]) -> PathBuf {
    let mut text = String::new();
    for (name, url) in feeds {
        text.push_str(&format!("[[feeds]]\nname = \"{name}\"\nurl = \"{url}\"\n"));
    }
    let config = dir.join("config.toml");
    std::fs::write(&config, text).unwrap();
    config
}

#[tokio::test]
async fn refresh_skips_a_feed_not_due_and_all_or_a_name_forces_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(rss("")))
        .mount(&server)
        .await;
    let tmp = tempfile::tempdir().unwrap();
    let config = write_config(tmp.path(), &[("news", format!("{}/feed", server.uri()))]);
    let data = tmp.path().join("data");
    let requests = || async { server.received_requests().await.unwrap().len() };
    let cli = |args: &'static [&'static str]| {
        let (config, data) = (config.clone(), data.clone());
        tokio::task::spawn_blocking(move || keruen(&config, &data, args))
    };

    let out = cli(&["refresh"]).await.unwrap();
    assert!(out.status.success());
    assert_eq!(requests().await, 1, "a new feed is due");

    let out = cli(&["refresh"]).await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(requests().await, 1, "just fetched: not due");
    assert!(stdout.contains("1 feed not due yet, skipped"), "{stdout}");

    let out = cli(&["refresh", "--json"]).await.unwrap();
    let last = String::from_utf8_lossy(&out.stdout);
    let summary: serde_json::Value =
        serde_json::from_str(last.lines().last().unwrap_or("")).unwrap();
    assert_eq!(summary["not_due"], 1, "{summary}");

    cli(&["refresh", "--all"]).await.unwrap();
    assert_eq!(requests().await, 2, "--all fetches it");
    cli(&["refresh", "news"]).await.unwrap();
    assert_eq!(requests().await, 3, "a named feed is fetched");
}

/// A loopback HTTP/1.1 server on its own port that counts requests in
/// flight. Each request is held until another arrives beside it or a
/// short while passes, so concurrent requests do overlap here; `answer`
/// gives the response to a path.
struct Counting {
    port: u16,
    max: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
}

/// Requests in flight across several servers, and the most at once.
#[derive(Default)]
struct Across {
    now: AtomicUsize,
    max: AtomicUsize,
}

impl Counting {
    fn start(answer: impl Fn(&str) -> String + Send + Sync + 'static) -> Counting {
        Counting::start_across(answer, Arc::default())
    }

    /// A server whose requests also count in `across`.
    fn start_across(
        answer: impl Fn(&str) -> String + Send + Sync + 'static,
        across: Arc<Across>,
    ) -> Counting {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (now, max, total) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
        );
        let answer = Arc::new(answer);
        let counters = (now.clone(), max.clone(), total.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (now, max, total) = counters.clone();
                let (answer, across) = (answer.clone(), across.clone());
                std::thread::spawn(move || serve(stream, &*answer, &now, &max, &total, &across));
            }
        });
        Counting { port, max, total }
    }

    fn url(&self, p: &str) -> Url {
        Url::parse(&format!("http://127.0.0.1:{}{p}", self.port)).unwrap()
    }
}

fn serve(
    mut stream: TcpStream,
    answer: &dyn Fn(&str) -> String,
    now: &AtomicUsize,
    max: &AtomicUsize,
    total: &AtomicUsize,
    across: &Across,
) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head);
    let target = text.split_whitespace().nth(1).unwrap_or("/").to_string();
    let here = now.fetch_add(1, Ordering::SeqCst) + 1;
    max.fetch_max(here, Ordering::SeqCst);
    total.fetch_add(1, Ordering::SeqCst);
    let everywhere = across.now.fetch_add(1, Ordering::SeqCst) + 1;
    across.max.fetch_max(everywhere, Ordering::SeqCst);
    // Hold the request until another is in flight beside it (which a
    // limit of one must never allow) or 300 ms pass.
    let deadline = Instant::now() + Duration::from_millis(300);
    while now.load(Ordering::SeqCst) < 2 && Instant::now() < deadline {
        std::thread::yield_now();
    }
    max.fetch_max(now.load(Ordering::SeqCst), Ordering::SeqCst);
    across
        .max
        .fetch_max(across.now.load(Ordering::SeqCst), Ordering::SeqCst);
    now.fetch_sub(1, Ordering::SeqCst);
    across.now.fetch_sub(1, Ordering::SeqCst);
    let _ = stream.write_all(answer(&target).as_bytes());
}

fn ok_response(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn fetcher(per_host: usize) -> Fetcher {
    let settings = keruen::config::settings::FetchSettings {
        per_host: std::num::NonZeroUsize::new(per_host).unwrap(),
        ..Default::default()
    };
    Fetcher::new(&settings).unwrap()
}

#[tokio::test]
async fn the_per_host_limit_holds_and_other_hosts_are_not_serialised() {
    let across = Arc::new(Across::default());
    let body = rss("");
    let one = Counting::start_across(move |_| ok_response(&body), across.clone());
    let body = rss("");
    let other = Counting::start_across(move |_| ok_response(&body), across.clone());
    let fetcher = fetcher(1);
    let mut urls: Vec<Url> = (0..4).map(|i| one.url(&format!("/f{i}"))).collect();
    urls.extend((0..4).map(|i| other.url(&format!("/f{i}"))));
    let none = Validators::default();
    let outcomes = futures::future::join_all(urls.iter().map(|u| fetcher.fetch(u, &none))).await;
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, FetchOutcome::Fetched(_)))
    );
    assert_eq!(one.max.load(Ordering::SeqCst), 1, "one request at a time");
    assert_eq!(other.max.load(Ordering::SeqCst), 1);
    // Each request is held until another is in flight beside it (or
    // 300 ms): the two hosts' requests were in flight at once, so the
    // per-host limit did not serialise the hosts.
    assert_eq!(across.max.load(Ordering::SeqCst), 2, "hosts side by side");
}

#[tokio::test]
async fn a_redirect_to_another_host_counts_against_that_host() {
    let body = rss("");
    let target = Counting::start(move |_| ok_response(&body));
    let target_url = target.url("/feed");
    // Four origins, each its own host, all redirecting to the one target.
    let origins: Vec<Counting> = (0..4)
        .map(|_| {
            let location = target_url.to_string();
            Counting::start(move |_| {
                format!(
                    "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
            })
        })
        .collect();
    let fetcher = fetcher(1);
    let urls: Vec<Url> = origins.iter().map(|o| o.url("/rss")).collect();
    let none = Validators::default();
    let outcomes = futures::future::join_all(urls.iter().map(|u| fetcher.fetch(u, &none))).await;
    for outcome in &outcomes {
        match outcome {
            FetchOutcome::Fetched(body) => assert_eq!(body.final_url, target_url),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(target.total.load(Ordering::SeqCst), 4);
    assert_eq!(
        target.max.load(Ordering::SeqCst),
        1,
        "the redirect target saw more than its per-host limit at once"
    );
}

#[test]
fn schema_v10_runs_again_safely_and_restores_a_dropped_table() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("cache.db");
    drop(Store::open(&db).unwrap());
    for step in [
        // Set back with the table still there: the step must not fail.
        "PRAGMA user_version = 9;",
        // Set back with the table gone: the step must make it again.
        "DROP TABLE feed_schedule; PRAGMA user_version = 9;",
    ] {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(step).unwrap();
        drop(c);
        let store = Store::open(&db).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            keruen::store::SCHEMA_VERSION
        );
        assert!(store.schedule_states().unwrap().is_empty());
    }
}

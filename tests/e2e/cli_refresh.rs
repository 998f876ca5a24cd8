//! End-to-end: the real `keruen` binary refreshes feeds served on 127.0.0.1
//! (RSS, Atom and JSON Feed from the bench generator), stores every item,
//! answers the second refresh with conditional GETs (all 304), and keeps
//! read state while a changing feed gains items and views.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use keruen::store::{ArticleQuery, Store};
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::run_binary;
use run_binary::keruen;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");

struct Fixture {
    file: String,
    items: usize,
}

fn corpus() -> Vec<Fixture> {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(CORPUS).join("manifest.json")).unwrap(),
    )
    .unwrap();
    manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| Fixture {
            file: f["path"].as_str().unwrap().to_string(),
            items: f["items"].as_u64().unwrap() as usize,
        })
        .collect()
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

fn summary(events: &[Value]) -> &Value {
    events
        .iter()
        .find(|e| e["event"] == "finished")
        .expect("a finished event")
}

fn write_config(dir: &Path, feeds: &[(String, String)]) -> PathBuf {
    let mut text = String::from("[fetch]\nconcurrency = 4\n\n");
    for (name, url) in feeds {
        text.push_str(&format!(
            "[[feeds]]\nname = \"{name}\"\nurl = \"{url}\"\n\n"
        ));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_stores_every_item_then_all_304() {
    let server = MockServer::start().await;
    let fixtures = corpus();
    let mut feeds = Vec::new();
    for (n, f) in fixtures.iter().enumerate() {
        let body = std::fs::read(Path::new(CORPUS).join(&f.file)).unwrap();
        let etag = format!("\"v1-{n}\"");
        let route = format!("/{}", f.file);
        // A matching validator gets a 304; the mock with the header matcher
        // is more specific, so it is given priority.
        Mock::given(method("GET"))
            .and(path(route.clone()))
            .and(header("if-none-match", etag.as_str()))
            .respond_with(ResponseTemplate::new(304))
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(route.clone()))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("etag", etag.as_str())
                    .insert_header("last-modified", "Sat, 01 Jun 2024 00:00:00 GMT")
                    .set_body_bytes(body),
            )
            .with_priority(5)
            .mount(&server)
            .await;
        feeds.push((format!("feed {n}"), format!("{}{route}", server.uri())));
    }
    let tmp = tempfile::tempdir().unwrap();
    let config = write_config(tmp.path(), &feeds);
    let data = tmp.path().join("data");

    let (config2, data2) = (config.clone(), data.clone());
    let first =
        tokio::task::spawn_blocking(move || keruen(&config2, &data2, &["refresh", "--json"]))
            .await
            .unwrap();
    assert!(
        first.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&first.stderr)
    );
    let events = json_lines(&first);
    let expected: usize = fixtures.iter().map(|f| f.items).sum();
    let s = summary(&events);
    assert_eq!(s["new_articles"], expected as u64, "summary: {s}");
    assert_eq!(s["fetched"], fixtures.len() as u64);
    assert_eq!(s["failed"], 0);

    // Every item is in the cache, from every format.
    let store = Store::open(&data.join("cache.db")).unwrap();
    let all = store
        .articles(&ArticleQuery {
            limit: Some(10_000),
            ..ArticleQuery::default()
        })
        .unwrap();
    assert_eq!(all.len(), expected);
    let feeds_in_cache = store.feeds().unwrap();
    for f in &feeds_in_cache {
        assert!(f.total > 0, "feed {} stored nothing", f.name);
    }
    // The generator gives ~40% of items views; they must come through.
    assert!(
        all.iter().any(|a| a.signals.views.is_some()),
        "no views stored"
    );
    drop(store);

    // Second refresh, forced (nothing is due yet): every feed sends its
    // validators and gets a 304.
    let (config2, data2) = (config.clone(), data.clone());
    let second = tokio::task::spawn_blocking(move || {
        keruen(&config2, &data2, &["refresh", "--all", "--json"])
    })
    .await
    .unwrap();
    assert!(second.status.success());
    let events = json_lines(&second);
    let s = summary(&events);
    assert_eq!(s["not_modified"], fixtures.len() as u64, "summary: {s}");
    assert_eq!(s["new_articles"], 0);
    let requests = server.received_requests().await.unwrap();
    let conditional = requests
        .iter()
        .filter(|r| {
            r.headers.contains_key("if-none-match") && r.headers.contains_key("if-modified-since")
        })
        .count();
    assert_eq!(
        conditional,
        fixtures.len(),
        "each feed sends both validators on its second fetch"
    );

    // `list` reads the cache back.
    let (config2, data2) = (config.clone(), data.clone());
    let listed = tokio::task::spawn_blocking(move || {
        keruen(&config2, &data2, &["list", "--unread", "--count"])
    })
    .await
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout).trim(),
        expected.to_string()
    );
}

fn rss(items: &[(&str, &str, u64)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Өзгеретін арна</title><link>https://example.kz/</link>"#,
    );
    for (guid, title, views) in items {
        s.push_str(&format!(
            "<item><guid>{guid}</guid><title>{title}</title><link>https://example.kz/{guid}</link>\
             <pubDate>Sat, 28 Nov 2026 01:00:00 GMT</pubDate>\
             <media:community><media:statistics views=\"{views}\"/></media:community></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_feed_adds_items_updates_views_and_keeps_read_state() {
    let server = MockServer::start().await;
    let serve = |body: String| {
        Mock::given(method("GET"))
            .and(path("/news.xml"))
            .respond_with(ResponseTemplate::new(200).set_body_string(body))
    };
    serve(rss(&[("a1", "Астанада жаңа саябақ ашылды", 100)]))
        .mount(&server)
        .await;
    let tmp = tempfile::tempdir().unwrap();
    let config = write_config(
        tmp.path(),
        &[("kz".into(), format!("{}/news.xml", server.uri()))],
    );
    let data = tmp.path().join("data");
    let run = |config: PathBuf, data: PathBuf| {
        // Forced: the feed was just fetched, so it is not due yet.
        tokio::task::spawn_blocking(move || keruen(&config, &data, &["refresh", "--all", "--json"]))
    };

    let out = run(config.clone(), data.clone()).await.unwrap();
    assert_eq!(summary(&json_lines(&out))["new_articles"], 1);

    // The user reads and stars the article.
    {
        let mut store = Store::open(&data.join("cache.db")).unwrap();
        let a = store.articles(&ArticleQuery::default()).unwrap();
        store.set_read(&[a[0].id], true).unwrap();
        store.set_starred(a[0].id, true).unwrap();
    }

    // The site adds a story and the first one gains views.
    server.reset().await;
    serve(rss(&[
        ("a2", "Алматыда қар жауды", 5),
        ("a1", "Астанада жаңа саябақ ашылды", 2500),
    ]))
    .mount(&server)
    .await;
    let out = run(config.clone(), data.clone()).await.unwrap();
    let events = json_lines(&out);
    let s = summary(&events);
    assert_eq!(s["new_articles"], 1, "{s}");
    assert_eq!(s["updated_articles"], 1, "{s}");

    let store = Store::open(&data.join("cache.db")).unwrap();
    let a = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(a.len(), 2);
    let first = a.iter().find(|x| x.title.starts_with("Астанада")).unwrap();
    assert!(
        first.read && first.starred,
        "read/starred kept across the update"
    );
    assert_eq!(first.signals.views, Some(2500));
    let second = a.iter().find(|x| x.title.starts_with("Алматыда")).unwrap();
    assert!(!second.read);
}

#[test]
fn exit_code_is_nonzero_only_when_every_feed_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.xml");
    std::fs::write(&good, rss(&[("x", "Жаңалық", 1)])).unwrap();
    let missing = tmp.path().join("missing.xml");
    let url = |p: &Path| url::Url::from_file_path(p).unwrap().to_string();
    let data = tmp.path().join("data");

    let config = write_config(
        tmp.path(),
        &[("good".into(), url(&good)), ("gone".into(), url(&missing))],
    );
    let out = keruen(&config, &data, &["refresh"]);
    assert!(out.status.success(), "one feed worked: exit 0");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("gone: FAILED"), "{stdout}");
    assert!(stdout.contains("good: 1 new"), "{stdout}");

    let config = write_config(tmp.path(), &[("gone".into(), url(&missing))]);
    // Forced: the failed feed waits out its backoff otherwise.
    let out = keruen(&config, &data, &["refresh", "--all"]);
    assert_eq!(out.status.code(), Some(1), "every feed failed: exit 1");
}

#[test]
fn unknown_feed_name_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let config = write_config(
        tmp.path(),
        &[("real".into(), "https://example.kz/rss".into())],
    );
    let out = keruen(
        &config,
        &tmp.path().join("d"),
        &["refresh", "--feed", "typo"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no feed named \"typo\"") && stderr.contains("real"),
        "{stderr}"
    );
}

#[test]
fn a_second_refresh_waits_for_the_first_and_says_so() {
    use std::io::Read;
    let tmp = tempfile::tempdir().unwrap();
    let feed = tmp.path().join("feed.xml");
    std::fs::write(&feed, rss(&[("w1", "Күту", 1)])).unwrap();
    let url = url::Url::from_file_path(&feed).unwrap().to_string();
    let config = write_config(tmp.path(), &[("wait".into(), url)]);
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();

    // Play the other keruen: hold the cache's refresh lock.
    let lock = std::fs::File::create(data.join("cache.refresh-lock")).unwrap();
    lock.lock().unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_keruen"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .arg("--config")
        .arg(&config)
        .arg("--data-dir")
        .arg(&data)
        .arg("refresh")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        let mut seen = String::new();
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            let _ = tx.send(seen.clone());
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut said = String::new();
    while !said.contains("waiting") {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        said = rx.recv_timeout(left).expect("keruen should say it waits");
    }
    assert!(
        said.contains("another keruen is refreshing this cache"),
        "{said}"
    );
    // It is really waiting: nothing has been stored yet.
    assert!(child.try_wait().unwrap().is_none());

    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("wait: 1 new"));
}

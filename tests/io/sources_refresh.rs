//! Every source kind through the real refresh into the real cache: the
//! shipped JSON and HTML examples served on 127.0.0.1, a command source and
//! a feed with a bad mapping, refreshed together with `refresh::run` into a
//! temporary database and read back with `Store`.

use std::collections::HashMap;
use std::path::Path;

use keruen::config::{self, settings::CacheSettings};
use keruen::domain::{FailureKind, FeedOutcome};
use keruen::fetch::Fetcher;
use keruen::refresh::{self, RefreshEvent, RefreshPlan};
use keruen::store::{ArticleQuery, Store};
use tokio::sync::mpsc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn example(name: &str, origin: &str, server: &MockServer) -> String {
    String::from_utf8(read(&format!("config/examples/{name}")))
        .unwrap()
        .replace(origin, &server.uri())
}

/// One refresh of every configured feed into `db`, keeping every article
/// (the fixtures are from 2024); the summary and each feed's outcome by name.
async fn refresh_all(
    db: &Path,
    settings: &keruen::config::settings::Settings,
    concurrency: usize,
) -> (refresh::RefreshSummary, HashMap<String, FeedOutcome>) {
    let plan = RefreshPlan {
        db_path: db.to_path_buf(),
        all_feeds: settings.feeds.clone(),
        only: None,
        due_only: None,
        concurrency,
        max_items_per_feed: 100,
        retention: CacheSettings {
            max_age: None,
            max_per_feed: None,
        },
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let summary = refresh::run(plan, Fetcher::new(&settings.fetch).unwrap(), tx)
        .await
        .unwrap();
    let mut outcomes = HashMap::new();
    while let Ok(ev) = rx.try_recv() {
        if let RefreshEvent::FeedDone { name, outcome, .. } = ev {
            outcomes.insert(name, outcome);
        }
    }
    (summary, outcomes)
}

#[tokio::test]
async fn all_kinds_refresh_into_the_store() {
    let server = MockServer::start().await;
    for (route, fixture, ctype) in [
        ("/api/v1/search", "hn_front_page.json", "application/json"),
        ("/r/rust/.json", "reddit_rust.json", "application/json"),
        ("/hottest.json", "lobsters_hottest.json", "application/json"),
        ("/kk/", "kz_news_listing.html", "text/html; charset=utf-8"),
    ] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", ctype)
                    .set_body_bytes(read(&format!("tests/fixtures/sources/{fixture}"))),
            )
            .mount(&server)
            .await;
    }
    let lobsters =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sources/lobsters_hottest.json");
    let text = [
        example("hackernews.toml", "https://hn.algolia.com", &server),
        example("reddit.toml", "https://www.reddit.com", &server),
        example("lobsters.toml", "https://lobste.rs", &server),
        example("regional-html.toml", "https://region.example.kz", &server),
        format!(
            "[[feeds]]\nname = \"cmd\"\nkind = \"exec\"\nurl = \"exec:cat '{}'\"\n[feeds.map]\nitems = \"[]\"\n",
            lobsters.display()
        ),
        format!(
            "[[feeds]]\nname = \"broken\"\nkind = \"json\"\nurl = \"{}/hottest.json#broken\"\n[feeds.map]\nitems = \"[]\"\ncomments = \"title\"\n",
            server.uri()
        ),
    ]
    .join("\n");
    let settings = config::parse(&text, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings.feeds.len(), 7);

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.db");
    let (summary, outcomes) = refresh_all(&db, &settings, 4).await;
    assert_eq!(summary.total, 7);
    assert_eq!(summary.failed, 1, "{outcomes:?}");
    assert_eq!(
        outcomes["broken"],
        FeedOutcome::Failed {
            kind: FailureKind::Parse,
            message: "item 0: field `title` is a string \"Writing a TUI news reader with ratatui\", expected a number (map.comments)".into()
        }
    );
    for (name, n) in [
        ("hn", 3),
        ("r/rust", 3),
        ("lobsters", 3),
        ("region-latest", 3),
        ("region-top", 3),
        ("cmd", 3),
    ] {
        assert_eq!(
            outcomes[name],
            FeedOutcome::Fetched { new: n, updated: 0 },
            "{name}"
        );
    }

    let store = Store::open(&db).unwrap();
    let feeds = store.feeds().unwrap();
    let by_name: HashMap<&str, _> = feeds.iter().map(|f| (f.name.as_str(), f)).collect();
    assert!(
        by_name["broken"]
            .last_error
            .as_deref()
            .unwrap()
            .contains("map.comments")
    );
    assert_eq!(by_name["region-latest"].total, 3);
    let articles = |name: &str| {
        store
            .articles(&ArticleQuery {
                feed: Some(by_name[name].id),
                ..ArticleQuery::default()
            })
            .unwrap()
    };
    let hn = articles("hn");
    let top = hn.iter().find(|a| a.title.starts_with("Show HN")).unwrap();
    assert_eq!(top.signals.score, Some(512));
    assert_eq!(top.signals.comments, Some(142));
    assert_eq!(top.author.as_deref(), Some("dang"));
    let kz = articles("region-latest");
    let metro = kz.iter().find(|a| a.title.contains("метро")).unwrap();
    assert_eq!(metro.signals.views, Some(1234));
    assert_eq!(metro.category.as_deref(), Some("Алматы"));
    let mut views: Vec<u64> = articles("region-top")
        .iter()
        .filter_map(|a| a.signals.views)
        .collect();
    views.sort_unstable();
    assert_eq!(views, [9_870, 18_200, 25_300]);
    let reddit = articles("r/rust");
    assert!(
        reddit
            .iter()
            .any(|a| a.title == "Announcing Rust 1.76.0 & friends")
    );
}

/// What a refresh reports is what it stored, also when a cache write fails:
/// the writer commits feeds in groups and rolls a group back whole on an
/// error, so every feed reported fetched has its articles in the cache and
/// every feed reported failed has none (its validators neither, so the next
/// refresh fetches it again).
#[tokio::test]
async fn reported_outcomes_match_the_cache_when_a_write_fails() {
    let server = MockServer::start().await;
    let mut text = String::new();
    for f in 0..6 {
        let items: String = (0..3)
            .map(|i| {
                // Feed 3's second item is the one the cache refuses.
                let title = if f == 3 && i == 1 { "boom".to_string() } else { format!("Жаңалық {f}-{i}") };
                format!(
                    "<item><title>{title}</title><guid>urn:{f}:{i}</guid><link>http://x.test/{f}/{i}</link>\
                     <pubDate>Fri, 31 May 2024 1{i}:00:00 +0000</pubDate></item>"
                )
            })
            .collect();
        Mock::given(method("GET"))
            .and(path(format!("/feed{f}.xml")))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "application/rss+xml")
                    .insert_header("etag", format!("\"e{f}\""))
                    .set_body_string(format!(
                        "<rss version=\"2.0\"><channel><title>F{f}</title>{items}</channel></rss>"
                    )),
            )
            .mount(&server)
            .await;
        text.push_str(&format!(
            "[[feeds]]\nname = \"f{f}\"\nurl = \"{}/feed{f}.xml\"\n",
            server.uri()
        ));
    }
    let settings = config::parse(&text, None).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.db");
    drop(Store::open(&db).unwrap());
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON articles WHEN NEW.title = 'boom'
             BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;",
        )
        .unwrap();
    let (summary, outcomes) = refresh_all(&db, &settings, 3).await;
    assert_eq!(outcomes.len(), 6);
    match &outcomes["f3"] {
        FeedOutcome::Failed { kind, message } => {
            assert_eq!(*kind, FailureKind::Store);
            assert!(message.contains("disk on fire"), "{message}");
        }
        other => panic!("f3: {other:?}"),
    }
    let store = Store::open(&db).unwrap();
    let by_name: HashMap<String, _> = store
        .feeds()
        .unwrap()
        .into_iter()
        .map(|f| (f.name.clone(), f))
        .collect();
    let mut reported_new = 0;
    for (name, outcome) in &outcomes {
        let feed = &by_name[name];
        let stored = store
            .articles(&ArticleQuery {
                feed: Some(feed.id),
                ..Default::default()
            })
            .unwrap()
            .len();
        let validators = store.validators(feed.id).unwrap();
        match outcome {
            FeedOutcome::Fetched { new, .. } => {
                assert_eq!((*new, stored), (3, 3), "{name}");
                assert!(validators.etag.is_some(), "{name}: validators kept");
                reported_new += new;
            }
            FeedOutcome::Failed { message, .. } => {
                assert_eq!(stored, 0, "{name} failed ({message}) but has articles");
                assert_eq!(validators.etag, None, "{name}: validators rolled back");
            }
            FeedOutcome::NotModified => panic!("{name}: first fetch cannot be 304"),
        }
    }
    assert_eq!(summary.new_articles, reported_new);
    assert_eq!(
        store.articles(&ArticleQuery::default()).unwrap().len() as u64,
        reported_new
    );
}

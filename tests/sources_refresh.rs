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
    let plan = RefreshPlan {
        db_path: db.clone(),
        all_feeds: settings.feeds.clone(),
        only: None,
        concurrency: 4,
        max_items_per_feed: 100,
        // The fixtures are from 2024: keep them.
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

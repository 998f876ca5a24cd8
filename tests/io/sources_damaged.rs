//! Rules that hold through the real refresh into the real cache, with the
//! feed served on 127.0.0.1: a damaged document never invents an article,
//! and a permalink guid resolves against the URL after redirects.

use std::path::Path;

use keruen::config::{self, settings::CacheSettings};
use keruen::domain::ArticleSummary;
use keruen::fetch::Fetcher;
use keruen::refresh::{self, RefreshPlan};
use keruen::store::{ArticleQuery, Store};
use tokio::sync::mpsc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn refresh_once(db: &Path, server: &MockServer, route: &str) {
    let text = format!(
        "[[feeds]]\nname = \"news\"\nurl = \"{}{route}\"\n",
        server.uri()
    );
    let settings = config::parse(&text, None).unwrap_or_else(|e| panic!("{e}"));
    let plan = RefreshPlan {
        db_path: db.to_path_buf(),
        all_feeds: settings.feeds.clone(),
        only: None,
        due_only: None,
        concurrency: 1,
        max_items_per_feed: 100,
        retention: CacheSettings {
            max_age: None,
            max_per_feed: None,
        },
    };
    let (tx, _rx) = mpsc::unbounded_channel();
    refresh::run(plan, Fetcher::new(&settings.fetch).unwrap(), tx)
        .await
        .unwrap();
}

async fn serve(server: &MockServer, route: &str, body: &str) {
    server.reset().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/rss+xml")
                .set_body_string(body),
        )
        .mount(server)
        .await;
}

fn stored(db: &Path) -> Vec<ArticleSummary> {
    let store = Store::open(db).unwrap();
    let mut all = store.articles(&ArticleQuery::default()).unwrap();
    all.sort_by(|a, b| a.title.cmp(&b.title));
    all
}

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Alpha</title><link>https://news.example/alpha</link>
  <pubDate>Mon, 03 Apr 2023 01:00:00 GMT</pubDate><description>Alpha body.</description></item>
<item><title>Beta without link</title><pubDate>Mon, 03 Apr 2023 02:00:00 GMT</pubDate>
  <description>Beta body, long enough to be cut in the middle of it.</description></item>
<item><title>Gamma without link</title><pubDate>Mon, 03 Apr 2023 03:00:00 GMT</pubDate>
  <description>Gamma body.</description></item>
</channel></rss>"#;

#[tokio::test]
async fn a_truncated_document_never_invents_an_article() {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.db");
    serve(&server, "/feed.xml", FEED).await;
    refresh_once(&db, &server, "/feed.xml").await;
    let before = stored(&db);
    assert_eq!(before.len(), 3);

    // The same feed cut at several places inside its items, each served
    // with 200: no cut can add an article or drop a stored one.
    for marker in [
        "<title>Gamma",
        "Gamma without link</title>",
        "<pubDate>Mon, 03 Apr 2023 03",
        "Beta without link</title>",
        "Beta body, long",
        "<link>https://news.example/al",
    ] {
        let cut = FEED.find(marker).unwrap() + marker.len();
        serve(&server, "/feed.xml", &FEED[..cut]).await;
        refresh_once(&db, &server, "/feed.xml").await;
        let after = stored(&db);
        let titles = |v: &[ArticleSummary]| {
            v.iter()
                .map(|a| (a.title.clone(), a.link.clone(), a.published))
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(&after), titles(&before), "cut after {marker:?}");
    }
}

#[tokio::test]
async fn a_permalink_guid_resolves_against_the_url_after_redirects() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/old/feed"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/new/dir/feed.xml"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/new/dir/feed.xml"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/rss+xml")
                .set_body_string(
                    "<rss version=\"2.0\"><channel><title>T</title>\
                     <item><title>Relative</title><guid>posts/1.html</guid></item>\
                     </channel></rss>",
                ),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.db");
    refresh_once(&db, &server, "/old/feed").await;
    let all = stored(&db);
    assert!(!all[0].title_derived);
    assert_eq!(
        all[0].link.as_deref(),
        Some(format!("{}/new/dir/posts/1.html", server.uri()).as_str())
    );
}

#[tokio::test]
async fn a_derived_title_is_stored_as_derived() {
    let server = MockServer::start().await;
    serve(
        &server,
        "/t.xml",
        "<rss version=\"2.0\"><channel><title>T</title>\
         <item><guid>x1</guid><description>Only a body. More.</description></item>\
         <item><guid>x2</guid><title>Titled</title></item></channel></rss>",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.db");
    refresh_once(&db, &server, "/t.xml").await;
    let all: Vec<(String, bool)> = stored(&db)
        .into_iter()
        .map(|a| (a.title, a.title_derived))
        .collect();
    assert_eq!(
        all,
        [
            ("Only a body.".to_string(), true),
            ("Titled".to_string(), false)
        ]
    );
}

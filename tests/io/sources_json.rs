//! JSON sources end to end: the shipped example configs (Hacker News,
//! Reddit, Lobsters) against recorded responses served on 127.0.0.1,
//! through config parsing, the real fetcher and `refresh::fetch_and_read`.

use std::path::Path;

use keruen::config::{self, Settings};
use keruen::domain::{FailureKind, ParsedFeed};
use keruen::fetch::{Fetcher, Validators};
use keruen::refresh;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// Serve `fixture` at `route` and load `example` with its host pointed at
/// the mock server.
async fn setup(example: &str, origin: &str, route: &str, fixture: &str) -> (MockServer, Settings) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json; charset=utf-8")
                .set_body_bytes(read(&format!("tests/fixtures/sources/{fixture}"))),
        )
        .mount(&server)
        .await;
    let text = read(&format!("config/examples/{example}")).replace(origin, &server.uri());
    let settings = config::parse(&text, None).unwrap_or_else(|e| panic!("{example}: {e}"));
    (server, settings)
}

async fn fetch(settings: &Settings) -> Result<ParsedFeed, (FailureKind, String)> {
    let fetcher = Fetcher::new(&settings.fetch).unwrap();
    let feed = &settings.feeds[0];
    refresh::fetch_and_read(&fetcher, feed, &Validators::default(), 100)
        .await
        .map(|r| r.expect("modified").0)
}

#[tokio::test]
async fn hacker_news_algolia() {
    let (_server, settings) = setup(
        "hackernews.toml",
        "https://hn.algolia.com",
        "/api/v1/search",
        "hn_front_page.json",
    )
    .await;
    assert_eq!(settings.feeds[0].name, "hn");
    let feed = fetch(&settings).await.unwrap();
    assert_eq!(feed.items.len(), 3);
    let a = &feed.items[0];
    assert_eq!(a.key, "39612001");
    assert_eq!(a.title, "Show HN: A terminal news reader in Rust");
    assert_eq!(a.link.as_deref(), Some("https://github.com/example/keruen"));
    assert_eq!(a.author.as_deref(), Some("dang"));
    assert_eq!(a.signals.score, Some(512));
    assert_eq!(a.signals.comments, Some(142));
    assert_eq!(
        a.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-03-05T14:30:00+00:00")
    );
    // Ask HN: no url, text in the summary.
    let ask = &feed.items[1];
    assert_eq!(ask.link, None);
    assert_eq!(
        ask.summary.as_deref(),
        Some("<p>What do you use to read news over SSH?</p>")
    );
    // The bidi override is removed from the title.
    assert_eq!(
        feed.items[2].title,
        "Unicode bidi overrides in terminals considered harmful"
    );
    assert_eq!(
        feed.items[2].link.as_deref(),
        Some("https://blog.example.org/bidi?x=1&y=2")
    );
}

#[tokio::test]
async fn reddit_listing() {
    let (_server, settings) = setup(
        "reddit.toml",
        "https://www.reddit.com",
        "/r/rust/.json",
        "reddit_rust.json",
    )
    .await;
    let feed = fetch(&settings).await.unwrap();
    assert_eq!(feed.items.len(), 3);
    let a = &feed.items[1];
    assert_eq!(a.key, "t3_1b7b222");
    assert_eq!(a.title, "Announcing Rust 1.76.0 & friends");
    assert_eq!(a.author.as_deref(), Some("XAMPPRocky"));
    assert_eq!(a.signals.score, Some(1024));
    assert_eq!(a.signals.comments, Some(201));
    assert_eq!(a.category, None);
    // An empty selftext is no content.
    assert_eq!(a.content, None);
    assert_eq!(a.published.map(|d| d.timestamp()), Some(1_709_550_000));
    assert_eq!(
        feed.items[0].category.as_deref(),
        Some("📅 this week in rust")
    );
    assert!(
        feed.items[2]
            .content
            .as_deref()
            .unwrap()
            .contains("Arc<Mutex<T>>")
    );
}

#[tokio::test]
async fn lobsters_hottest() {
    let (_server, settings) = setup(
        "lobsters.toml",
        "https://lobste.rs",
        "/hottest.json",
        "lobsters_hottest.json",
    )
    .await;
    let feed = fetch(&settings).await.unwrap();
    assert_eq!(feed.items.len(), 3);
    let a = &feed.items[0];
    assert_eq!(a.key, "abc123");
    assert_eq!(a.category.as_deref(), Some("rust, show"));
    assert_eq!(a.author.as_deref(), Some("alice"));
    assert_eq!(a.signals.comments, Some(11));
    assert_eq!(
        a.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-03-05T14:12:44+00:00")
    );
    // A text post has url "": no link, but its text.
    assert_eq!(feed.items[1].link, None);
    assert_eq!(
        feed.items[1].summary.as_deref(),
        Some("What are you doing this week? Feel free to share!")
    );
}

/// A mapping that does not fit the document fails the feed with a message
/// naming the item and the field.
#[tokio::test]
async fn bad_mapping_names_item_and_field() {
    let (_server, mut settings) = setup(
        "lobsters.toml",
        "https://lobste.rs",
        "/hottest.json",
        "lobsters_hottest.json",
    )
    .await;
    let map = settings.feeds[0].map.as_mut().unwrap();
    map.score = Some("title".into());
    let (kind, message) = fetch(&settings).await.unwrap_err();
    assert_eq!(kind, FailureKind::Parse);
    assert_eq!(
        message,
        "item 0: field `title` is a string \"Writing a TUI news reader with ratatui\", expected a number (map.score)"
    );
    let map = settings.feeds[0].map.as_mut().unwrap();
    map.score = None;
    map.items = Some("stories".into());
    let (_, message) = fetch(&settings).await.unwrap_err();
    assert!(message.contains("items = \"stories\""), "{message}");
}

/// `kind = "json"` without a map guesses the common field names.
#[tokio::test]
async fn json_without_map_guesses() {
    let (_server, mut settings) = setup(
        "hackernews.toml",
        "https://hn.algolia.com",
        "/api/v1/search",
        "hn_front_page.json",
    )
    .await;
    settings.feeds[0].map = None;
    let feed = fetch(&settings).await.unwrap();
    assert_eq!(feed.items.len(), 3);
    assert_eq!(feed.items[0].signals.score, Some(512));
    assert_eq!(feed.items[0].signals.comments, Some(142));
    assert_eq!(feed.items[0].author.as_deref(), Some("dang"));
}

//! HTML page sources end to end: the shipped regional example config
//! against recorded Kazakh/Russian listing pages served on 127.0.0.1.

use std::path::Path;

use keruen::config::{self, Settings};
use keruen::domain::{FailureKind, ParsedFeed};
use keruen::fetch::{Fetcher, Validators};
use keruen::refresh;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

async fn serve(route: &str, fixture: &str, content_type: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", content_type)
                .set_body_bytes(bytes(&format!("tests/fixtures/sources/{fixture}"))),
        )
        .mount(&server)
        .await;
    server
}

fn example(server: &MockServer) -> Settings {
    let text = String::from_utf8(bytes("config/examples/regional-html.toml"))
        .unwrap()
        .replace("https://region.example.kz", &server.uri());
    config::parse(&text, None).unwrap_or_else(|e| panic!("{e}"))
}

async fn fetch(settings: &Settings, i: usize) -> Result<ParsedFeed, (FailureKind, String)> {
    let fetcher = Fetcher::new(&settings.fetch).unwrap();
    refresh::fetch_and_read(&fetcher, &settings.feeds[i], &Validators::default(), 100)
        .await
        .map(|r| r.expect("modified").0)
}

#[tokio::test]
async fn latest_news_block_in_kazakh() {
    let server = serve("/kk/", "kz_news_listing.html", "text/html; charset=utf-8").await;
    let settings = example(&server);
    let feed = fetch(&settings, 0).await.unwrap();
    assert_eq!(
        feed.title.as_deref(),
        Some("Өңір жаңалықтары — Соңғы жаңалықтар")
    );
    // The empty banner block is skipped.
    assert_eq!(feed.items.len(), 3);
    let a = &feed.items[0];
    assert_eq!(a.title, "Алматыда жаңа метро бекеті ашылды");
    assert_eq!(
        a.link.as_deref(),
        Some(format!("{}/kk/news/10231-almatyda-zhana-metro-bekety", server.uri()).as_str())
    );
    assert_eq!(a.key, a.link.clone().unwrap());
    assert_eq!(a.author.as_deref(), Some("Әлия Сәрсенбаева"));
    assert_eq!(a.category.as_deref(), Some("Алматы"));
    assert_eq!(
        a.summary.as_deref(),
        Some("Қала әкімдігі жаңа бекеттің жолаушыларға қызмет көрсете бастағанын хабарлады.")
    );
    assert_eq!(
        a.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-03-05T14:30:00+00:00")
    );
    assert_eq!(a.signals.views, Some(1234));
    assert_eq!(
        feed.items[1].link.as_deref(),
        Some("https://region.example.kz/kk/news/10230-kokshetau-su")
    );
    assert_eq!(feed.items[1].signals.views, Some(987));
    // U+202E is removed; "12,5K" is 12 500.
    assert_eq!(feed.items[2].title, "Шымкентте «Наурыз» фестивалі өтеді");
    assert_eq!(feed.items[2].signals.views, Some(12_500));
}

#[tokio::test]
async fn top_news_block_with_views() {
    let server = serve("/kk/", "kz_news_listing.html", "text/html").await;
    let settings = example(&server);
    assert_eq!(settings.feeds[1].name, "region-top");
    let feed = fetch(&settings, 1).await.unwrap();
    let views: Vec<Option<u64>> = feed.items.iter().map(|a| a.signals.views).collect();
    assert_eq!(views, [Some(25_300), Some(18_200), Some(9_870)]);
    assert_eq!(
        feed.items[0].title,
        "Президент подписал закон о местном самоуправлении"
    );
    assert_eq!(
        feed.items[0].published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-03-04T04:00:00+00:00")
    );
}

/// A windows-1251 page that says so only in its <meta>.
#[tokio::test]
async fn legacy_encoding_from_meta() {
    let server = serve("/list", "ru_cp1251_listing.html", "text/html").await;
    let text = format!(
        "[[feeds]]\nname = \"obl\"\nurl = \"{}/list\"\nkind = \"html\"\n\
         [feeds.select]\nitem = \".item\"\ndate = \".d\"\ndate_format = \"%d.%m.%Y\"\nviews = \".v\"\n",
        server.uri()
    );
    let settings = config::parse(&text, None).unwrap();
    let feed = fetch(&settings, 0).await.unwrap();
    assert_eq!(feed.title.as_deref(), Some("Новости области"));
    assert_eq!(feed.items.len(), 2);
    // Default title (first heading) and link (first a[href]).
    assert_eq!(feed.items[0].title, "Губернатор открыл новую школу");
    assert_eq!(
        feed.items[0].link.as_deref(),
        Some(format!("{}/news/501.html", server.uri()).as_str())
    );
    assert_eq!(feed.items[0].signals.views, Some(3412));
    assert_eq!(feed.items[1].signals.views, Some(1200));
    assert_eq!(
        feed.items[1].published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-03-04T00:00:00+00:00")
    );
}

#[tokio::test]
async fn selectors_that_do_not_fit_are_explained() {
    let server = serve("/kk/", "kz_news_listing.html", "text/html").await;
    let mut settings = example(&server);
    let sel = settings.feeds[0].select.as_mut().unwrap();
    sel.date_format = Some("%Y-%m-%d".into());
    let (kind, message) = fetch(&settings, 0).await.unwrap_err();
    assert_eq!(kind, FailureKind::Parse);
    assert_eq!(
        message,
        "item 0: date \"05.03.2024 14:30\" is not a date in date_format \"%Y-%m-%d\" (select.date)"
    );
    let sel = settings.feeds[0].select.as_mut().unwrap();
    sel.item = ".news".into();
    let (_, message) = fetch(&settings, 0).await.unwrap_err();
    assert!(
        message.contains("item = \".news\" matched nothing"),
        "{message}"
    );
}

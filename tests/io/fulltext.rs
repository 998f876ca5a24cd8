//! `full_text = true` end to end: an RSS feed whose items carry only a
//! teaser, and the article pages behind them (Kazakh and Russian, with
//! navigation, ads and a footer around the body), served on 127.0.0.1,
//! refreshed with `refresh::run` into a temporary cache and read back.

use std::collections::HashMap;

use keruen::config::{self, settings::CacheSettings};
use keruen::domain::{Article, FeedOutcome};
use keruen::fetch::Fetcher;
use keruen::refresh::{self, RefreshEvent, RefreshPlan};
use keruen::store::{ArticleQuery, Store};
use tokio::sync::mpsc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TEASER_1: &str = "Астанада жаңа көпір ашылды.";
const TEASER_2: &str = "В Алматы открыли станцию метро.";
const TEASER_3: &str = "Сервер қатесі бар мақала.";

fn rss(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Жаңалықтар</title><link>{base}/</link>
<item><title>Көпір</title><link>{base}/news/1</link><guid>n1</guid><description>{TEASER_1}</description></item>
<item><title>Метро</title><link>{base}/news/2</link><guid>n2</guid><description>{TEASER_2}</description></item>
<item><title>Қате</title><link>{base}/news/3</link><guid>n3</guid><description>{TEASER_3}</description></item>
</channel></rss>"#
    )
}

/// A news page: the body paragraphs inside the usual furniture.
fn page(title: &str, body: &[&str]) -> String {
    let paras: String = body.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<script>window.ads = "<p>script ad</p>";</script></head><body>
<header><div class="logo">Ақпарат порталы</div>
<nav><a href="/">Басты бет</a> <a href="/politics">Саясат</a><p>Мәзір: Экономика, Спорт, Мәдениет</p></nav></header>
<div class="layout"><div class="ads"><p>Реклама: кредит под 0% без справок, оформите онлайн прямо сейчас и получите подарок.</p></div>
<div class="content"><article><h1>{title}</h1>
{paras}</article>
<aside><p>Оқи отырыңыз: басқа жаңалықтар, көп оқылған мақалалар тізімі және апта дайджесті.</p></aside></div></div>
<footer><p>© 2026 Ақпарат порталы. Все права защищены. Перепечатка материалов только с активной ссылкой.</p></footer>
</body></html>"#
    )
}

const BODY_1: &[&str] = &[
    "Астанада Есіл өзені арқылы өтетін жаңа жаяу жүргіншілер көпірі ашылды, деп хабарлайды тілші.",
    "Көпірдің ұзындығы 300 метр, құрылыс екі жылға созылды, қала тұрғындары оны асыға күтті.",
];
const BODY_2: &[&str] = &[
    "В Алматы открыли новую станцию метро «Сайран», сообщает пресс-служба акимата города.",
    "Станция стала двенадцатой в городе; поезда будут ходить с интервалом в восемь минут.",
];
const FURNITURE: &[&str] = &[
    "Мәзір",
    "Басты бет",
    "Реклама",
    "Оқи отырыңыз",
    "Все права",
    "script ad",
    "Ақпарат порталы",
];

async fn serve() -> MockServer {
    let server = MockServer::start().await;
    let html = "text/html; charset=utf-8";
    let routes = [
        ("/rss", "application/rss+xml", 200, rss(&server.uri())),
        ("/news/1", html, 200, page("Көпір ашылды", BODY_1)),
        ("/news/2", html, 200, page("Открыли метро", BODY_2)),
        ("/news/3", html, 500, "Internal Server Error".to_string()),
    ];
    for (route, ctype, status, body) in routes {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("content-type", ctype)
                    .set_body_string(body),
            )
            .mount(&server)
            .await;
    }
    server
}

/// Refresh one feed (with `extra` TOML lines) from `server` into a fresh
/// cache; its outcome and its articles by title.
async fn refresh_feed(server: &MockServer, extra: &str) -> (FeedOutcome, HashMap<String, Article>) {
    let dir = tempfile::tempdir().unwrap();
    refresh_into(server, extra, &dir.path().join("cache.db")).await
}

/// [`refresh_feed`] into the cache at `db`.
async fn refresh_into(
    server: &MockServer,
    extra: &str,
    db: &std::path::Path,
) -> (FeedOutcome, HashMap<String, Article>) {
    let text = format!(
        "[[feeds]]\nname = \"kz\"\nurl = \"{}/rss\"\n{extra}\n",
        server.uri()
    );
    let settings = config::parse(&text, None).unwrap_or_else(|e| panic!("{e}"));
    let plan = RefreshPlan {
        db_path: db.to_path_buf(),
        all_feeds: settings.feeds.clone(),
        only: None,
        due_only: None,
        concurrency: 2,
        max_items_per_feed: 100,
        retention: CacheSettings {
            max_age: None,
            max_per_feed: None,
        },
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    refresh::run(plan, Fetcher::new(&settings.fetch).unwrap(), tx)
        .await
        .unwrap();
    let mut outcome = None;
    while let Ok(ev) = rx.try_recv() {
        if let RefreshEvent::FeedDone { outcome: o, .. } = ev {
            outcome = Some(o);
        }
    }
    let store = Store::open(db).unwrap();
    let articles = store
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .map(|a| (a.title.clone(), store.article(a.id).unwrap()))
        .collect();
    (outcome.unwrap(), articles)
}

async fn page_requests(server: &MockServer) -> Vec<String> {
    let mut paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_string())
        .filter(|p| p.starts_with("/news/"))
        .collect();
    paths.sort();
    paths
}

#[tokio::test]
async fn full_text_feed_stores_the_article_body_without_furniture() {
    let server = serve().await;
    let (outcome, articles) = refresh_feed(&server, "full_text = true").await;
    assert_eq!(outcome, FeedOutcome::Fetched { new: 3, updated: 0 });
    assert_eq!(
        page_requests(&server).await,
        ["/news/1", "/news/2", "/news/3"]
    );

    for (title, body) in [("Көпір", BODY_1), ("Метро", BODY_2)] {
        let content = articles[title].content.as_deref().unwrap_or_default();
        for para in body {
            assert!(
                content.contains(para),
                "{title}: {para} missing from {content}"
            );
        }
        for furniture in FURNITURE {
            assert!(
                !content.contains(furniture),
                "{title}: {furniture} leaked: {content}"
            );
        }
    }
    // The teaser is still the description; the body is the content.
    assert_eq!(articles["Көпір"].description.as_deref(), Some(TEASER_1));

    // The page that failed leaves the item as the feed gave it.
    let failed = &articles["Қате"];
    assert_eq!(failed.description.as_deref(), Some(TEASER_3));
    assert!(
        failed
            .content
            .as_deref()
            .is_none_or(|c| !c.contains("Internal")),
        "{:?}",
        failed.content
    );
}

#[tokio::test]
async fn feed_without_full_text_fetches_no_pages() {
    let server = serve().await;
    let (outcome, articles) = refresh_feed(&server, "").await;
    assert_eq!(outcome, FeedOutcome::Fetched { new: 3, updated: 0 });
    assert!(page_requests(&server).await.is_empty());
    let content = articles["Көпір"].content.as_deref().unwrap_or_default();
    assert!(!content.contains(BODY_1[0]), "{content}");
    assert_eq!(articles["Көпір"].description.as_deref(), Some(TEASER_1));
}

#[tokio::test]
async fn full_text_false_is_accepted_and_off() {
    let server = serve().await;
    let (_, articles) = refresh_feed(&server, "full_text = false").await;
    assert_eq!(articles.len(), 3);
    assert!(page_requests(&server).await.is_empty());
}

#[test]
fn full_text_must_be_a_bool() {
    let err = config::parse(
        "[[feeds]]\nname = \"kz\"\nurl = \"http://127.0.0.1/rss\"\nfull_text = \"yes\"\n",
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("full_text"), "{err}");
}

#[tokio::test]
async fn at_most_twenty_pages_per_refresh() {
    let server = MockServer::start().await;
    let items: String = (0..25)
        .map(|i| {
            format!(
                "<item><title>t{i}</title><link>{}/news/p{i}</link><guid>g{i}</guid><description>d</description></item>",
                server.uri()
            )
        })
        .collect();
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title>{items}</channel></rss>"
    );
    Mock::given(method("GET"))
        .and(path("/rss"))
        .respond_with(ResponseTemplate::new(200).set_body_string(feed))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html; charset=utf-8")
                .set_body_string(page("Көпір", BODY_1)),
        )
        .mount(&server)
        .await;
    let (outcome, articles) = refresh_feed(&server, "full_text = true").await;
    assert_eq!(
        outcome,
        FeedOutcome::Fetched {
            new: 25,
            updated: 0
        }
    );
    assert_eq!(
        page_requests(&server).await.len(),
        keruen::refresh::FULL_TEXT_MAX_PAGES
    );
    let with_body = articles
        .values()
        .filter(|a| a.content.as_deref().is_some_and(|c| c.contains(BODY_1[0])))
        .count();
    assert_eq!(with_body, keruen::refresh::FULL_TEXT_MAX_PAGES);
}

#[tokio::test]
async fn stored_full_text_is_kept_and_not_fetched_again() {
    let server = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.db");
    refresh_into(&server, "full_text = true", &db).await;
    assert_eq!(page_requests(&server).await.len(), 3);
    server.reset().await;

    // Second refresh: every page now fails. Stored full texts must survive
    // and only the item that never got one (3) is tried again.
    Mock::given(method("GET"))
        .and(path("/rss"))
        .respond_with(ResponseTemplate::new(200).set_body_string(rss(&server.uri())))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let (outcome, articles) = refresh_into(&server, "full_text = true", &db).await;
    assert_eq!(outcome, FeedOutcome::Fetched { new: 0, updated: 0 });
    assert_eq!(page_requests(&server).await, ["/news/3"]);
    let content = articles["Көпір"].content.as_deref().unwrap_or_default();
    assert!(content.contains(BODY_1[1]), "{content}");
}

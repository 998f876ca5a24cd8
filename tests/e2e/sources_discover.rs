//! Autodiscovery and `keruen add` against a site on 127.0.0.1: a feed URL,
//! a page with <link rel="alternate">, a page without (common paths), and a
//! site with no feed at all; the config keeps every comment.

use keruen::config::{self, settings::FetchSettings};
use keruen::discover::{self, DiscoverError, Found};
use keruen::fetch::Fetcher;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::run_binary;
use run_binary::keruen_text;

const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Өңір жаңалықтары</title>
<item><guid>1</guid><title>Бір</title></item><item><guid>2</guid><title>Екі</title></item></channel></rss>"#;
const ATOM: &str = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><id>x</id>
<entry><id>e1</id><title>Post</title></entry></feed>"#;

async fn serve(routes: &[(&str, &str, &str)]) -> MockServer {
    let server = MockServer::start().await;
    for (route, ctype, body) in routes {
        Mock::given(method("GET"))
            .and(path(*route))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", *ctype)
                    .set_body_string(*body),
            )
            .mount(&server)
            .await;
    }
    server
}

fn page(head: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>Site</title>{head}</head><body><h1>Жаңалықтар</h1></body></html>"
    )
}

fn fetcher() -> Fetcher {
    Fetcher::new(&FetchSettings::default()).unwrap()
}

fn url(server: &MockServer, p: &str) -> Url {
    Url::parse(&format!("{}{p}", server.uri())).unwrap()
}

#[tokio::test]
async fn a_feed_url_is_used_as_is() {
    let server = serve(&[("/rss", "application/rss+xml", RSS)]).await;
    let d = discover::discover(&fetcher(), &url(&server, "/rss"))
        .await
        .unwrap();
    assert_eq!(d.found, Found::Direct);
    assert_eq!(d.title.as_deref(), Some("Өңір жаңалықтары"));
    assert_eq!(d.items, 2);
}

#[tokio::test]
async fn link_alternate_is_followed() {
    let head = r#"<link rel="alternate" type="application/atom+xml" title="Atom" href="/missing.atom">
        <link rel="alternate" type="application/rss+xml" href="feeds/main.rss">"#;
    let server = serve(&[
        ("/kk/", "text/html; charset=utf-8", &page(head)),
        ("/kk/feeds/main.rss", "application/rss+xml", RSS),
    ])
    .await;
    let d = discover::discover(&fetcher(), &url(&server, "/kk/"))
        .await
        .unwrap();
    assert_eq!(d.url, url(&server, "/kk/feeds/main.rss"));
    assert!(matches!(d.found, Found::LinkTag { .. }), "{:?}", d.found);
    assert_eq!(d.others, [url(&server, "/missing.atom").to_string()]);
}

#[tokio::test]
async fn common_paths_are_tried() {
    let server = serve(&[
        ("/", "text/html", &page("")),
        ("/atom.xml", "application/atom+xml", ATOM),
    ])
    .await;
    let d = discover::discover(&fetcher(), &url(&server, "/"))
        .await
        .unwrap();
    assert_eq!(d.url, url(&server, "/atom.xml"));
    assert!(matches!(d.found, Found::CommonPath { .. }));
    assert_eq!(d.title.as_deref(), Some("Blog"));
}

#[tokio::test]
async fn no_feed_says_what_was_tried() {
    let server = serve(&[("/", "text/html", &page(""))]).await;
    let e = discover::discover(&fetcher(), &url(&server, "/"))
        .await
        .unwrap_err();
    let DiscoverError::NotFound { tried, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(tried.len(), discover::COMMON_PATHS.len());
    let msg = e.to_string();
    assert!(msg.contains("got an HTML page"), "{msg}");
    assert!(msg.contains("/feed.json"), "{msg}");
    let e = discover::discover(&fetcher(), &url(&server, "/nope"))
        .await
        .unwrap_err();
    assert!(matches!(e, DiscoverError::Fetch { .. }), "{e:?}");
}

const CONFIG: &str = "# keruen config\n[ui]\ntheme = \"mono\" # no colours over ssh\n\n\
[[feeds]]\nname = \"Өңір жаңалықтары\"\nurl = \"https://other.example/rss\"\n# trailing note\n";

/// The binary runs its own runtime, so the mock server lives on a runtime
/// of the test's own while the command runs.
#[test]
fn add_appends_a_valid_entry_keeping_comments() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let head = r#"<link rel="alternate" type="application/rss+xml" href="/rss.xml">"#;
    let server = rt.block_on(serve(&[
        ("/", "text/html", &page(head)),
        ("/rss.xml", "application/rss+xml", RSS),
    ]));
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, CONFIG).unwrap();
    let site = format!("{}/", server.uri());
    let (code, out, err) = keruen_text(&cfg, cfg.parent().unwrap(), &["add", &site, "--tag", "kz"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("found: Өңір жаңалықтары (2 items)"), "{out}");
    assert!(out.contains("<link rel=\"alternate\">"), "{out}");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.starts_with(CONFIG), "{text}");
    let s = config::load(&cfg).unwrap();
    assert_eq!(s.feeds.len(), 2);
    // The title is taken, but it is already a name: made unique.
    assert_eq!(s.feeds[1].name, "Өңір жаңалықтары (2)");
    assert_eq!(s.feeds[1].url.as_str(), format!("{}/rss.xml", server.uri()));
    assert_eq!(s.feeds[1].tags, ["kz"]);
    // Adding the same feed again changes nothing.
    let (code, out, _) = keruen_text(
        &cfg,
        cfg.parent().unwrap(),
        &["add", &format!("{}/rss.xml", server.uri())],
    );
    assert_eq!(code, 0);
    assert!(out.contains("already in the config"), "{out}");
    assert_eq!(config::load(&cfg).unwrap().feeds.len(), 2);
    // Nothing found: an error, and the file is untouched.
    let before = std::fs::read_to_string(&cfg).unwrap();
    let (code, _, err) = keruen_text(
        &cfg,
        cfg.parent().unwrap(),
        &["add", &format!("{}/missing", server.uri())],
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), before);
}

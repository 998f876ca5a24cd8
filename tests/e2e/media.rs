//! Enclosures and downloads: every enclosure format parsed, stored and
//! printed by `list --json` / `show --json`; a download resumed with HTTP
//! Range against a loopback server, one that ignores Range, hostile file
//! names; the downloads view fed messages and drawn.

use crate::common;
use crate::common::run_binary;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use keruen::config::FeedSettings;
use keruen::domain::{
    ArticleId, Download, DownloadId, DownloadState, Enclosure, MediaKind, ParsedFeed,
};
use keruen::fetch::{Fetcher, Validators};
use keruen::media::download::{self, Outcome};
use keruen::media::names::part_of;
use keruen::store::Store;
use url::Url;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/media")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(name: &str, base: &str) -> ParsedFeed {
    let base = Url::parse(base).unwrap();
    keruen::sources::feed::parse(&fixture(name), None, &base, 100).unwrap()
}

fn enc(
    url: &str,
    mime: Option<&str>,
    length: Option<u64>,
    secs: Option<u64>,
    kind: MediaKind,
) -> Enclosure {
    Enclosure {
        url: url.into(),
        mime_type: mime.map(str::to_string),
        length,
        duration_secs: secs,
        kind,
    }
}

#[test]
fn rss_enclosures_are_resolved_and_only_http_kept() {
    let f = parse("rss_enclosure.xml", "https://radio.example/feeds/main.xml");
    assert_eq!(
        f.items[0].enclosures,
        [enc(
            "https://cdn.radio.example/ep2.mp3",
            Some("audio/mpeg"),
            Some(24_986_239),
            None,
            MediaKind::Audio
        )]
    );
    // Relative to the feed's URL; length 0 is unknown; javascript: dropped.
    assert_eq!(
        f.items[1].enclosures,
        [enc(
            "https://radio.example/media/ep1.ogg",
            Some("audio/ogg"),
            None,
            None,
            MediaKind::Audio
        )]
    );
    assert!(f.items[2].enclosures.is_empty());
}

#[test]
fn podcast_duration_and_repeated_files() {
    let f = parse("rss_podcast.xml", "https://dala.example/feed");
    assert_eq!(
        f.items[0].enclosures,
        [enc(
            "https://media.dala.example/101.m4a",
            Some("audio/x-m4a"),
            Some(48_213_000),
            Some(3723),
            MediaKind::Audio
        )]
    );
    assert_eq!(
        f.items[1].enclosures,
        [enc(
            "https://media.dala.example/100.mp4",
            Some("video/mp4"),
            Some(104_857_600),
            Some(754),
            MediaKind::Video
        )]
    );
}

#[test]
fn media_rss_groups_thumbnails_and_hostile_values() {
    let f = parse("rss_media_group.xml", "https://video.example/rss");
    assert_eq!(
        f.items[0].enclosures,
        [
            enc(
                "https://video.example/v/7-720.mp4",
                Some("video/mp4"),
                Some(73_400_320),
                Some(95),
                MediaKind::Video
            ),
            enc(
                "https://video.example/v/7-360.webm",
                Some("video/webm"),
                None,
                Some(95),
                MediaKind::Video
            ),
            enc(
                "https://video.example/v/7.jpg",
                None,
                None,
                None,
                MediaKind::Image
            ),
        ]
    );
    assert_eq!(
        f.items[1].enclosures,
        [enc(
            "https://video.example/img/8.jpg",
            None,
            None,
            None,
            MediaKind::Image
        )]
    );
    // An escape in the type drops the type; -1 and NaN are no values; a
    // data: URL is not kept.
    assert_eq!(
        f.items[2].enclosures,
        [enc(
            "https://video.example/v/9.mp4",
            None,
            None,
            None,
            MediaKind::Video
        )]
    );
}

#[test]
fn atom_and_json_feed_enclosures() {
    let f = parse("atom_enclosure.xml", "https://lectures.example/atom.xml");
    assert_eq!(
        f.items[0].link.as_deref(),
        Some("https://lectures.example/5")
    );
    assert_eq!(
        f.items[0].enclosures,
        [
            enc(
                "https://lectures.example/5.mp3",
                Some("audio/mpeg"),
                Some(1337),
                None,
                MediaKind::Audio
            ),
            enc(
                "https://lectures.example/slides/5.pdf",
                Some("application/pdf"),
                None,
                None,
                MediaKind::Other
            ),
        ]
    );
    let f = parse("jsonfeed_attachments.json", "https://jol.example/feed.json");
    assert_eq!(
        f.items[0].enclosures,
        [enc(
            "https://jol.example/12.mp3",
            Some("audio/mpeg"),
            Some(31_000_000),
            Some(1860),
            MediaKind::Audio
        )]
    );
    assert!(f.items[1].enclosures.is_empty());
}

fn stored(name: &str, base: &str) -> (Store, Vec<ArticleId>, ParsedFeed) {
    let mut store = Store::open_in_memory().unwrap();
    let url = Url::parse(base).unwrap();
    let ids = store.sync_feeds(&[FeedSettings::new("f", url)]).unwrap();
    let parsed = parse(name, base);
    store
        .apply_update(ids[0], &parsed, &Validators::default(), chrono::Utc::now())
        .unwrap();
    let list = store.articles(&Default::default()).unwrap();
    let mut by_key = Vec::new();
    for item in &parsed.items {
        let a = list.iter().find(|a| a.title == item.title).unwrap();
        by_key.push(a.id);
    }
    (store, by_key, parsed)
}

#[test]
fn enclosures_are_stored_and_read_back_in_order() {
    for (name, base) in [
        ("rss_enclosure.xml", "https://radio.example/feeds/main.xml"),
        ("rss_podcast.xml", "https://dala.example/feed"),
        ("rss_media_group.xml", "https://video.example/rss"),
        ("atom_enclosure.xml", "https://lectures.example/atom.xml"),
        ("jsonfeed_attachments.json", "https://jol.example/feed.json"),
    ] {
        let (store, ids, parsed) = stored(name, base);
        for (id, item) in ids.iter().zip(&parsed.items) {
            let a = store.article(*id).unwrap();
            assert_eq!(a.enclosures, item.enclosures, "{name}: {}", item.title);
            let marker = item
                .enclosures
                .iter()
                .find(|e| e.kind != MediaKind::Image)
                .map(|e| e.kind);
            assert_eq!(a.summary.media, marker, "{name}: {}", item.title);
        }
    }
}

#[test]
fn a_refresh_replaces_changed_enclosures_and_keeps_them_when_absent() {
    let (mut store, ids, mut parsed) =
        stored("rss_enclosure.xml", "https://radio.example/feeds/main.xml");
    let feed = store.articles(&Default::default()).unwrap()[0].feed_id;
    parsed.items[0].enclosures[0].length = Some(1);
    parsed.items[1].enclosures.clear();
    store
        .apply_update(feed, &parsed, &Validators::default(), chrono::Utc::now())
        .unwrap();
    assert_eq!(store.article(ids[0]).unwrap().enclosures[0].length, Some(1));
    // An item without enclosures (a sync server's copy) keeps the stored ones.
    assert_eq!(store.article(ids[1]).unwrap().enclosures.len(), 1);
}

#[test]
fn list_and_show_json_carry_enclosures_with_raw_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("podcast.xml");
    std::fs::write(&feed, fixture("rss_podcast.xml")).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[[feeds]]\nname = \"Dala\"\nurl = \"{}\"\n", feed.display()),
    )
    .unwrap();
    let data = dir.path().join("data");
    let out = run_binary::keruen(&config, &data, &["refresh"]);
    assert!(out.status.success(), "{out:?}");
    let out = run_binary::keruen(&config, &data, &["list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &list[0];
    assert_eq!(first["media"], "audio");
    let e = &first["enclosures"][0];
    assert_eq!(e["url"], "https://media.dala.example/101.m4a");
    assert_eq!(e["mime_type"], "audio/x-m4a");
    assert_eq!(e["length"], 48_213_000);
    assert_eq!(e["duration_secs"], 3723);
    assert_eq!(e["kind"], "audio");
    let id = first["id"].as_i64().unwrap().to_string();
    let out = run_binary::keruen(&config, &data, &["show", "--json", &id]);
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["enclosures"][0]["length"], 48_213_000);
    // The text form numbers them as the reader does.
    let out = run_binary::keruen(&config, &data, &["show", &id]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("[1] Audio · audio/x-m4a · 48.2 MB · 1:02:03"),
        "{text}"
    );
}

/// A file server that honours `Range: bytes=N-` (206 with Content-Range).
struct Ranged(Vec<u8>);

impl Respond for Ranged {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let from = req
            .headers
            .get("range")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("bytes="))
            .and_then(|v| v.strip_suffix('-'))
            .and_then(|v| v.parse::<usize>().ok());
        match from {
            Some(n) if n < self.0.len() => ResponseTemplate::new(206)
                .insert_header(
                    "content-range",
                    format!("bytes {n}-{}/{}", self.0.len() - 1, self.0.len()).as_str(),
                )
                .set_body_bytes(self.0[n..].to_vec()),
            Some(_) => ResponseTemplate::new(416),
            None => ResponseTemplate::new(200).set_body_bytes(self.0.clone()),
        }
    }
}

fn source_bytes() -> Vec<u8> {
    (0..4 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect()
}

fn fetcher() -> Fetcher {
    Fetcher::new(&Default::default()).unwrap()
}

#[tokio::test]
async fn a_paused_download_resumes_with_range_and_ends_equal_to_the_source() {
    let server = MockServer::start().await;
    let body = source_bytes();
    Mock::given(matchers::path("/ep.mp3"))
        .respond_with(Ranged(body.clone()))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("ep.mp3");
    let url = Url::parse(&format!("{}/ep.mp3", server.uri())).unwrap();
    let f = fetcher();
    // First run: stopped after the first piece, as a pause or a kill would.
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let mut first = move |received: u64, _total: Option<u64>| {
        if received > 0 {
            flag.store(true, Ordering::Relaxed);
        }
    };
    let outcome = download::run(&f, &url, &dest, u64::MAX, &stop, &mut first).await;
    assert_eq!(outcome, Outcome::Paused);
    let have = std::fs::metadata(part_of(&dest)).unwrap().len();
    assert!(
        have > 0 && (have as usize) < body.len(),
        "{have} bytes after the pause"
    );
    assert!(!dest.exists());
    // Second run: continues from what the .part holds.
    let stop = Arc::new(AtomicBool::new(false));
    let mut quiet = |_: u64, _: Option<u64>| {};
    let outcome = download::run(&f, &url, &dest, u64::MAX, &stop, &mut quiet).await;
    assert_eq!(outcome, Outcome::Done(dest.clone()));
    assert!(
        std::fs::read(&dest).unwrap() == body,
        "the file equals the source"
    );
    assert!(!part_of(&dest).exists());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests[0].headers.get("range").is_none());
    assert_eq!(
        requests[1]
            .headers
            .get("range")
            .and_then(|v| v.to_str().ok()),
        Some(format!("bytes={have}-").as_str())
    );
}

#[tokio::test]
async fn a_server_that_ignores_range_is_followed_from_the_start() {
    let server = MockServer::start().await;
    let body = source_bytes();
    Mock::given(matchers::path("/v.mp4"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body.clone()))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("v.mp4");
    // A part of other bytes, longer than nothing: it must not stay in front.
    std::fs::write(part_of(&dest), vec![0xAA; 1000]).unwrap();
    let url = Url::parse(&format!("{}/v.mp4", server.uri())).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let mut quiet = |_: u64, _: Option<u64>| {};
    let outcome = download::run(&fetcher(), &url, &dest, u64::MAX, &stop, &mut quiet).await;
    assert_eq!(outcome, Outcome::Done(dest.clone()));
    assert!(std::fs::read(&dest).unwrap() == body);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0]
            .headers
            .get("range")
            .and_then(|v| v.to_str().ok()),
        Some("bytes=1000-")
    );
}

#[tokio::test]
async fn the_cap_and_an_existing_file_are_respected() {
    let server = MockServer::start().await;
    Mock::given(matchers::path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![1u8; 10_000]))
        .mount(&server)
        .await;
    Mock::given(matchers::path("/gone"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let mut quiet = |_: u64, _: Option<u64>| {};
    let big = Url::parse(&format!("{}/big", server.uri())).unwrap();
    let outcome = download::run(
        &fetcher(),
        &big,
        &dir.path().join("big"),
        5_000,
        &stop,
        &mut quiet,
    )
    .await;
    assert!(
        matches!(&outcome, Outcome::Failed(e) if e.contains("5000")),
        "{outcome:?}"
    );
    let gone = Url::parse(&format!("{}/gone", server.uri())).unwrap();
    let outcome = download::run(
        &fetcher(),
        &gone,
        &dir.path().join("gone"),
        u64::MAX,
        &stop,
        &mut quiet,
    )
    .await;
    assert!(
        matches!(&outcome, Outcome::Failed(e) if e.contains("404")),
        "{outcome:?}"
    );
    // A file that appeared under the planned name is never replaced.
    let dest = dir.path().join("ep.bin");
    std::fs::write(&dest, b"the user's own file").unwrap();
    let outcome = download::run(&fetcher(), &big, &dest, u64::MAX, &stop, &mut quiet).await;
    assert_eq!(outcome, Outcome::Done(dir.path().join("ep (2).bin")));
    assert_eq!(std::fs::read(&dest).unwrap(), b"the user's own file");
}

#[test]
fn hostile_names_are_placed_inside_the_download_directory() {
    let mut store = Store::open_in_memory().unwrap();
    let url = Url::parse("https://evil.example/feed").unwrap();
    let ids = store.sync_feeds(&[FeedSettings::new("f", url)]).unwrap();
    let parsed = ParsedFeed {
        items: vec![keruen::domain::NewArticle {
            key: "k".into(),
            title: "../../etc/passwd\u{1b}[31m".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    store
        .apply_update(ids[0], &parsed, &Validators::default(), chrono::Utc::now())
        .unwrap();
    let article = store.articles(&Default::default()).unwrap()[0].id;
    let dir = tempfile::tempdir().unwrap();
    for url in [
        "https://evil.example/",
        "https://evil.example/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "https://evil.example/CON",
    ] {
        let e = enc(url, Some("audio/mpeg"), None, None, MediaKind::Audio);
        let d = store
            .queue_download(article, &e, "../../etc/passwd\u{1b}[31m")
            .unwrap();
        let path = keruen::media::queue::place(&mut store, &d, dir.path()).unwrap();
        assert_eq!(path.parent(), Some(dir.path()), "{url}: {}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.contains("..") && !name.chars().any(char::is_control),
            "{name:?}"
        );
        // The name is claimed at once: the next one gets another.
        assert!(part_of(&path).exists());
    }
}

#[test]
fn the_queue_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.db");
    let mut store = Store::open(&db).unwrap();
    let url = Url::parse("https://x.example/feed").unwrap();
    let ids = store.sync_feeds(&[FeedSettings::new("f", url)]).unwrap();
    let parsed = ParsedFeed {
        items: vec![keruen::domain::NewArticle {
            key: "k".into(),
            title: "T".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    store
        .apply_update(ids[0], &parsed, &Validators::default(), chrono::Utc::now())
        .unwrap();
    let article = store.articles(&Default::default()).unwrap()[0].id;
    let e = enc(
        "https://x.example/a.mp3",
        None,
        Some(10),
        None,
        MediaKind::Audio,
    );
    let d = store.queue_download(article, &e, "T").unwrap();
    // The same file is not queued twice.
    assert_eq!(store.queue_download(article, &e, "T").unwrap().id, d.id);
    store
        .set_download_state(d.id, DownloadState::Downloading, None)
        .unwrap();
    store
        .set_download_progress(d.id, Some("/tmp/x/a.mp3"), 5, Some(10))
        .unwrap();
    drop(store);
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.requeue_interrupted_downloads().unwrap(), 1);
    let list = store.downloads().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].state, DownloadState::Queued);
    assert_eq!((list[0].received, list[0].total), (5, Some(10)));
    assert_eq!(list[0].path.as_deref(), Some("/tmp/x/a.mp3"));
}

// ---- The downloads view, fed messages ----

use common::*;
use keruen::app::{self, AppState, Effect, Msg};

fn row(id: i64, title: &str, state: DownloadState, received: u64, total: Option<u64>) -> Download {
    Download {
        id: DownloadId(id),
        article: Some(ArticleId(id)),
        url: format!("https://pod.example/{id}.mp3"),
        title: title.into(),
        mime_type: Some("audio/mpeg".into()),
        path: None,
        received,
        total,
        state,
        error: (state == DownloadState::Failed).then(|| "HTTP 404 Not Found".into()),
    }
}

fn with_downloads(w: u16, h: u16) -> AppState {
    let mut s = loaded(w, h);
    assert_eq!(press(&mut s, "D"), vec![Effect::LoadDownloads]);
    app::update(
        &mut s,
        Msg::Downloads(vec![
            row(
                1,
                "Дала подкасты: қымыз тарихы",
                DownloadState::Downloading,
                12_500_000,
                Some(48_213_000),
            ),
            row(
                2,
                "Episode 2: Steppe",
                DownloadState::Queued,
                0,
                Some(24_986_239),
            ),
            row(
                3,
                "Видео: наводнение в долине",
                DownloadState::Paused,
                30_000_000,
                Some(73_400_320),
            ),
            row(4, "Lecture 5", DownloadState::Done, 1337, Some(1337)),
            row(5, "Gone episode", DownloadState::Failed, 0, None),
        ]),
    );
    app::update(
        &mut s,
        Msg::DownloadUpdate {
            download: row(
                1,
                "Дала подкасты: қымыз тарихы",
                DownloadState::Downloading,
                24_106_500,
                Some(48_213_000),
            ),
            speed: 1_250_000,
        },
    );
    s
}

#[test]
fn the_downloads_view_follows_its_messages() {
    let mut s = with_downloads(80, 24);
    let v = &s.downloads;
    assert!(v.open);
    assert_eq!(v.items.len(), 5);
    assert_eq!(v.items[0].received, 24_106_500);
    assert_eq!(v.speed.get(&DownloadId(1)), Some(&1_250_000));
    // P pauses the one under the cursor; p plays it; keys move.
    assert_eq!(
        press(&mut s, "P"),
        vec![Effect::PauseDownload(DownloadId(1))]
    );
    press(&mut s, "j");
    press(&mut s, "j");
    assert_eq!(
        press(&mut s, "p"),
        vec![Effect::PlayDownload(DownloadId(3))]
    );
    // A finished download no longer has a speed.
    app::update(
        &mut s,
        Msg::DownloadUpdate {
            download: row(1, "x", DownloadState::Done, 48_213_000, Some(48_213_000)),
            speed: 0,
        },
    );
    assert!(s.downloads.speed.is_empty());
    // A new one is added; Esc closes the view.
    app::update(
        &mut s,
        Msg::DownloadUpdate {
            download: row(9, "new", DownloadState::Queued, 0, None),
            speed: 0,
        },
    );
    assert_eq!(s.downloads.items.len(), 6);
    press(&mut s, "esc");
    assert!(!s.downloads.open);
}

#[test]
fn d_and_p_act_on_the_selected_article_with_media() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    // No media: a notice, no effect.
    assert!(press(&mut s, "d").is_empty());
    assert!(s.notice.is_some());
    let id = s.selected_article().map(|a| a.id).unwrap();
    let mut list = s.articles.items.clone();
    for a in &mut list {
        if a.id == id {
            a.media = Some(MediaKind::Audio);
        }
    }
    let feed = s.articles.feed;
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed,
            articles: list,
        },
    );
    assert_eq!(
        press(&mut s, "d"),
        vec![Effect::QueueDownload {
            article: id,
            index: 0
        }]
    );
    assert_eq!(
        press(&mut s, "p"),
        vec![Effect::Play {
            article: id,
            index: 0
        }]
    );
}

#[test]
fn a_digit_in_the_reader_picks_the_enclosure() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    let effects = press(&mut s, "enter");
    answer_reads(&mut s, effects);
    let mut article = full_article(articles()[0].clone());
    let id = article.summary.id;
    article.enclosures = vec![
        enc(
            "https://pod.example/a.mp3",
            Some("audio/mpeg"),
            Some(2_000_000),
            Some(600),
            MediaKind::Audio,
        ),
        enc(
            "https://pod.example/a.mp4",
            Some("video/mp4"),
            None,
            None,
            MediaKind::Video,
        ),
    ];
    app::update(&mut s, Msg::ArticleLoaded(Box::new(article)));
    let text: Vec<String> = s
        .reader
        .as_ref()
        .unwrap()
        .lines
        .iter()
        .map(|l| l.text.clone())
        .collect();
    assert!(
        text.iter().any(|l| l.contains("[2] Video · video/mp4")),
        "{text:#?}"
    );
    press(&mut s, "2");
    assert_eq!(
        press(&mut s, "d"),
        vec![Effect::QueueDownload {
            article: id,
            index: 1
        }]
    );
    // A number beyond the list picks nothing.
    press(&mut s, "9");
    assert_eq!(
        press(&mut s, "p"),
        vec![Effect::Play {
            article: id,
            index: 1
        }]
    );
}

fn screen(state: &AppState, w: u16, h: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    let theme = keruen::ui::Theme::from_name(keruen::config::settings::ThemeName::Default);
    terminal
        .draw(|f| keruen::ui::render(state, &theme, f))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn downloads_view_80x24() {
    insta::assert_snapshot!(screen(&with_downloads(80, 24), 80, 24));
}

#[test]
fn downloads_view_40x12() {
    insta::assert_snapshot!(screen(&with_downloads(40, 12), 40, 12));
}

/// `keruen download ID` against a loopback server: plain progress lines
/// and the saved path when stdout is no terminal, the file equal to the
/// source, a second run finding it done; quiet on a closed pipe.
#[test]
fn keruen_download_saves_the_enclosure() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(MockServer::start());
    let body = source_bytes();
    rt.block_on(
        Mock::given(matchers::path("/ep/7.mp3"))
            .respond_with(Ranged(body.clone()))
            .mount(&server),
    );
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("pod.xml");
    std::fs::write(
        &feed,
        format!(
            "<rss version=\"2.0\"><channel><title>P</title><item><title>Ep 7</title>\
             <guid>ep7</guid><enclosure url=\"{}/ep/7.mp3\" length=\"{}\" type=\"audio/mpeg\"/>\
             </item></channel></rss>",
            server.uri(),
            body.len()
        ),
    )
    .unwrap();
    let downloads = dir.path().join("Podcasts");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[media]\ndownload_dir = \"{}\"\n\n[[feeds]]\nname = \"P\"\nurl = \"{}\"\n",
            downloads.display(),
            feed.display()
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    assert!(
        run_binary::keruen(&config, &data, &["refresh"])
            .status
            .success()
    );
    let list = run_binary::keruen(&config, &data, &["list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let id = list[0]["id"].as_i64().unwrap().to_string();
    let (code, out, err) = run_binary::keruen_text(&config, &data, &["download", &id]);
    assert_eq!(code, 0, "{err}");
    let saved = downloads.join("7.mp3");
    assert!(out.contains("100% 4.2 MB / 4.2 MB"), "{out}");
    assert!(
        out.ends_with(&format!("Saved: {}\n", saved.display())),
        "{out}"
    );
    assert!(std::fs::read(&saved).unwrap() == body);
    // Done already: said again, not fetched again.
    let (code, out, _) = run_binary::keruen_text(&config, &data, &["download", &id]);
    assert_eq!(code, 0);
    assert!(out.contains("Saved:"), "{out}");
    let requests = rt.block_on(server.received_requests()).unwrap();
    assert_eq!(requests.len(), 1);
    // No enclosure number 2: an error naming what there is.
    let (code, _, err) =
        run_binary::keruen_text(&config, &data, &["download", &id, "--index", "2"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("1 enclosure"), "{err}");
}

/// Schema v8 is idempotent: a cache set back to v7 with its media tables
/// and column gone gets them again; one set back with them still there
/// keeps what they hold.
#[test]
fn schema_v8_migrates_from_v7_and_again_over_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cache.db");
    let base = "https://dala.example/feed";
    {
        let mut store = Store::open(&db).unwrap();
        let ids = store
            .sync_feeds(&[FeedSettings::new("f", Url::parse(base).unwrap())])
            .unwrap();
        let parsed = parse("rss_podcast.xml", base);
        store
            .apply_update(ids[0], &parsed, &Validators::default(), chrono::Utc::now())
            .unwrap();
    }
    let first = |store: &Store| store.articles(&Default::default()).unwrap()[0].id;
    // Set back with everything still there: nothing is lost.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 7;")
        .unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        keruen::store::SCHEMA_VERSION
    );
    assert_eq!(store.article(first(&store)).unwrap().enclosures.len(), 1);
    drop(store);
    // Set back with the v8 parts gone: they come back (empty).
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DROP TABLE enclosures; DROP TABLE downloads; ALTER TABLE articles DROP COLUMN media;
             PRAGMA user_version = 7;",
        )
        .unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        keruen::store::SCHEMA_VERSION
    );
    let a = store.article(first(&store)).unwrap();
    assert!(a.enclosures.is_empty());
    assert_eq!(a.summary.media, None);
    assert!(store.downloads().unwrap().is_empty());
}

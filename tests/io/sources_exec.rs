//! Command sources (`exec:`), filters and local files, through config
//! parsing and `refresh::fetch_and_read`: output parsed as a feed or with a
//! mapping, failures with exit status and stderr, time and size bounds.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use keruen::config::{self, Settings};
use keruen::domain::{FailureKind, ParsedFeed};
use keruen::fetch::{Fetcher, Validators};
use keruen::refresh;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const RSS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Жергілікті</title><link>https://local.example/</link>
<item><guid>a-1</guid><title>Old title: Ақтөбе</title><link>https://local.example/a/1</link></item>
<item><guid>a-2</guid><title>Second</title><link>https://local.example/a/2</link></item>
</channel></rss>"#;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources")
        .join(name)
}

fn settings(text: &str) -> Settings {
    config::parse(text, None).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

async fn fetch(settings: &Settings) -> Result<ParsedFeed, (FailureKind, String)> {
    let fetcher = Fetcher::new(&settings.fetch).unwrap();
    refresh::fetch_and_read(&fetcher, &settings.feeds[0], &Validators::default(), 100)
        .await
        .map(|r| r.expect("modified").0)
}

fn exec_feed(command: &str, extra: &str) -> String {
    let command = command.replace('\\', "\\\\").replace('"', "\\\"");
    format!("[[feeds]]\nname = \"cmd\"\nkind = \"exec\"\nurl = \"exec:{command}\"\n{extra}")
}

#[tokio::test]
async fn exec_output_is_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.xml");
    std::fs::write(&file, RSS).unwrap();
    let s = settings(&exec_feed(&format!("cat '{}'", file.display()), ""));
    let feed = fetch(&s).await.unwrap();
    assert_eq!(feed.title.as_deref(), Some("Жергілікті"));
    assert_eq!(feed.items.len(), 2);
    assert_eq!(feed.items[0].title, "Old title: Ақтөбе");
}

#[tokio::test]
async fn exec_output_with_a_json_map() {
    let cmd = format!("cat '{}'", fixture("lobsters_hottest.json").display());
    let s = settings(&exec_feed(
        &cmd,
        "[feeds.map]\nitems = \"[]\"\nscore = \"score\"\ncategory = \"tags[]\"\n",
    ));
    let feed = fetch(&s).await.unwrap();
    assert_eq!(feed.items.len(), 3);
    assert_eq!(feed.items[0].signals.score, Some(34));
    assert_eq!(feed.items[0].category.as_deref(), Some("rust, show"));
}

#[tokio::test]
async fn failing_command_names_status_and_stderr() {
    let s = settings(&exec_feed(
        "echo partial; echo 'first line' >&2; echo 'news.sh: no route to host' >&2; exit 3",
        "",
    ));
    let (kind, message) = fetch(&s).await.unwrap_err();
    assert_eq!(kind, FailureKind::Other);
    assert!(
        message.ends_with("exited with status 3: news.sh: no route to host"),
        "{message}"
    );
    let s = settings(&exec_feed("definitely-not-a-command-xyz", ""));
    let (_, message) = fetch(&s).await.unwrap_err();
    assert!(message.contains("exited with status 127"), "{message}");
    assert!(message.contains("not found"), "{message}");
}

#[tokio::test]
async fn exec_is_bounded_by_the_total_timeout_and_kills_the_group() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("pid");
    // The sleeping process is a grandchild (in a pipeline): it must be
    // killed with the command, not left behind.
    let cmd = format!(
        "sh -c 'echo $$ > {}; exec sleep 30' | cat",
        pidfile.display()
    );
    let s = settings(&format!(
        "[fetch]\ntotal_timeout = \"700ms\"\n{}",
        exec_feed(&cmd, "")
    ));
    let started = Instant::now();
    let (kind, message) = fetch(&s).await.unwrap_err();
    assert_eq!(kind, FailureKind::Timeout, "{message}");
    assert!(message.contains("did not finish within 0.7 s"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(10));
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    let proc = PathBuf::from(format!("/proc/{}", pid.trim()));
    let deadline = Instant::now() + Duration::from_secs(5);
    // A killed process may linger as a zombie until its parent reaps it.
    while proc.exists() && !is_zombie(&proc) {
        assert!(Instant::now() < deadline, "sleep {pid} still running");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn is_zombie(proc: &Path) -> bool {
    std::fs::read_to_string(proc.join("stat"))
        .map(|s| {
            s.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
        .unwrap_or(true)
}

#[tokio::test]
async fn exec_output_is_capped() {
    let s = settings(&format!(
        "[fetch]\nmax_body = 10000\n{}",
        exec_feed("yes keruen", "")
    ));
    let (kind, message) = fetch(&s).await.unwrap_err();
    assert_eq!(kind, FailureKind::TooLarge);
    assert!(message.contains("more than 10000 bytes"), "{message}");
}

#[tokio::test]
async fn filter_rewrites_fetched_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rss"))
        .respond_with(ResponseTemplate::new(200).set_body_string(RSS))
        .mount(&server)
        .await;
    let s = settings(&format!(
        "[[feeds]]\nname = \"f\"\nurl = \"{}/rss\"\nfilter = \"sed 's/Old title/New title/'\"\n",
        server.uri()
    ));
    let feed = fetch(&s).await.unwrap();
    assert_eq!(feed.items[0].title, "New title: Ақтөбе");
    let s = settings(&format!(
        "[[feeds]]\nname = \"f\"\nurl = \"{}/rss\"\nfilter = \"echo 'bad input' >&2; false\"\n",
        server.uri()
    ));
    let (kind, message) = fetch(&s).await.unwrap_err();
    assert_eq!(kind, FailureKind::Other);
    assert!(message.starts_with("filter `echo"), "{message}");
    assert!(
        message.ends_with("exited with status 1: bad input"),
        "{message}"
    );
}

#[tokio::test]
async fn local_files_by_path_and_file_url() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("saved feed.xml");
    std::fs::write(&file, RSS).unwrap();
    let json = fixture("hn_front_page.json");
    let s = settings(&format!(
        "[[feeds]]\nname = \"p\"\nurl = \"{}\"\n\
         [[feeds]]\nname = \"j\"\nkind = \"json\"\nurl = \"file://{}\"\n[feeds.map]\nitems = \"hits\"\n",
        file.display(),
        json.display()
    ));
    assert_eq!(s.feeds[0].url.scheme(), "file");
    let feed = fetch(&s).await.unwrap();
    assert_eq!(feed.items.len(), 2);
    let fetcher = Fetcher::new(&s.fetch).unwrap();
    let (json_feed, _) =
        refresh::fetch_and_read(&fetcher, &s.feeds[1], &Validators::default(), 100)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(json_feed.items.len(), 3);
    assert_eq!(json_feed.items[0].signals.score, Some(512));
}

//! Crash safety (issue 6, item 5), with the real binary against feeds on
//! 127.0.0.1: a refresh killed with SIGKILL half-way leaves a consistent
//! cache that keeps every article and all read/starred state; two refreshes
//! at once on one data dir both finish and leave one consistent copy of
//! everything; a corrupt cache file is reported with its path and a way
//! out, and left byte for byte as it was.

use crate::common::pty;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

use chrono::Utc;
use keruen::domain::ArticleId;
use keruen::store::{ArticleQuery, Store};
use pty::{DEADLINE, keruen, run, run_ok};
use rusqlite::{Connection, OpenFlags};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ITEMS: usize = 40;

/// An RSS document for feed `feed` with `ITEMS` items dated in the last
/// hours (so retention keeps them all).
fn rss(feed: usize) -> String {
    let now = Utc::now();
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Feed {feed}</title><link>https://f{feed}.example/</link><description>d</description>\n"
    );
    for item in 0..ITEMS {
        let date = now - chrono::Duration::minutes((feed * ITEMS + item) as i64);
        s.push_str(&format!(
            "<item><title>Жаңалық {feed}-{item} новость</title>\
             <link>https://f{feed}.example/{item}</link><guid>f{feed}-{item}</guid>\
             <pubDate>{}</pubDate><description>Body {feed}-{item}</description></item>\n",
            date.to_rfc2822()
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

/// Serve `slow` feeds whose first request hangs for a minute (later
/// requests answer at once), then `fast` feeds. The slow ones come first in
/// the config, so a refresh asks for them at once and they hold it open
/// while the fast ones are written. Returns (name, url) pairs.
async fn serve(server: &MockServer, fast: usize, slow: usize) -> Vec<(String, String)> {
    let mut feeds = Vec::new();
    for i in 0..fast + slow {
        let route = format!("/feed/{i}.xml");
        let ok = ResponseTemplate::new(200)
            .insert_header("content-type", "application/rss+xml")
            .set_body_string(rss(i));
        if i < slow {
            Mock::given(method("GET"))
                .and(path(route.clone()))
                .respond_with(ok.clone().set_delay(Duration::from_secs(60)))
                .up_to_n_times(1)
                .with_priority(1)
                .mount(server)
                .await;
        }
        Mock::given(method("GET"))
            .and(path(route.clone()))
            .respond_with(ok)
            .with_priority(2)
            .mount(server)
            .await;
        feeds.push((format!("feed-{i}"), format!("{}{route}", server.uri())));
    }
    feeds
}

/// Waits between two looks at the mock server by yielding to the runtime,
/// never by blocking its thread. Each `received_requests().await` spends
/// one unit of tokio's cooperative budget; a loop that never yields can end
/// with the budget spent, and then `MockServer`'s drop (a `block_on` of a
/// lock inside this task, where the budget is never renewed) waits for the
/// lock forever at 100% CPU. A real sleep hands the budget back each time.
async fn pause(d: Duration) {
    tokio::time::sleep(d).await;
}

fn write_config(dir: &Path, feeds: &[(String, String)]) -> PathBuf {
    let pairs: Vec<(&str, &str)> = feeds
        .iter()
        .map(|(n, u)| (n.as_str(), u.as_str()))
        .collect();
    pty::write_config(dir, &pairs, "")
}

/// A read-only connection: the checks must not repair or change anything.
fn read_only(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn article_count(db: &Path) -> Option<i64> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .ok()
}

/// Integrity, foreign keys and no duplicate article; returns the number of
/// feed rows.
fn assert_consistent(db: &Path) -> usize {
    let conn = read_only(db);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "integrity_check");
    let fk: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(fk.is_empty(), "foreign key violations in {fk:?}");
    let feed_rows: i64 = conn
        .query_row("SELECT count(*) FROM feeds", [], |r| r.get(0))
        .unwrap();
    let dup_articles: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT 1 FROM articles GROUP BY feed_id, coalesce(key_text, link) HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dup_articles, 0, "no article stored twice");
    feed_rows as usize
}

/// Wait for a child with the shared deadline; kill it and fail on timeout.
fn wait_exit(child: &mut Child, what: &str) -> ExitStatus {
    let deadline = Instant::now() + DEADLINE * 2;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            panic!("{what} did not finish in time");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn list_count(config: &Path, data: &Path) -> usize {
    let out = run_ok(config, data, &["list", "--json", "--limit", "100000"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("list --json is JSON");
    list.as_array().expect("a JSON array").len()
}

#[tokio::test(flavor = "multi_thread")]
async fn sigkill_mid_refresh_keeps_cache_and_state() {
    const FAST: usize = 24;
    // Fewer than the per-host limit (4 by default; every feed here is on
    // 127.0.0.1), so the hanging feeds leave a slot for the others.
    const SLOW: usize = 3;
    let server = MockServer::start().await;
    let feeds = serve(&server, FAST, SLOW).await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let db = data.join("cache.db");
    let config = write_config(tmp.path(), &feeds);

    // Before: two feeds cached, some articles read, some starred.
    let (a, b) = (format!("feed-{SLOW}"), format!("feed-{}", SLOW + 1));
    run_ok(&config, &data, &["refresh", "--feed", &a, "--feed", &b]);
    let (read_ids, starred_ids) = {
        let mut store = Store::open(&db).unwrap();
        let all = store.articles(&ArticleQuery::default()).unwrap();
        assert_eq!(all.len(), 2 * ITEMS);
        let read: Vec<ArticleId> = all.iter().step_by(3).map(|a| a.id).collect();
        let starred: Vec<ArticleId> = all.iter().skip(1).step_by(7).map(|a| a.id).collect();
        store.set_read(&read, true).unwrap();
        for id in &starred {
            store.set_starred(*id, true).unwrap();
        }
        (
            read.into_iter().collect::<BTreeSet<_>>(),
            starred.into_iter().collect::<BTreeSet<_>>(),
        )
    };

    // A full refresh, killed once it has written some feeds while the slow
    // ones still hang (their one slow answer is then used up, so the next
    // refresh gets them at once).
    let mut child = keruen(&config, &data)
        .arg("refresh")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + DEADLINE;
    let before = (2 * ITEMS) as i64;
    loop {
        if article_count(&db).is_some_and(|n| n > before)
            && slow_requests(&server, SLOW).await == SLOW
        {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("refresh ended ({status}) before it could be killed");
        }
        assert!(Instant::now() < deadline, "the refresh wrote nothing");
        // Yield to the runtime while waiting (see `pause`).
        pause(Duration::from_millis(2)).await;
    }
    child.kill().unwrap(); // SIGKILL on unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed, not finished: {status}");
    let after_kill = article_count(&db).unwrap();
    assert!(
        after_kill > before && after_kill < ((FAST + SLOW) * ITEMS) as i64,
        "killed mid-way: {after_kill} articles"
    );

    // The cache opens, lists and checks out; nothing from before is lost.
    assert_eq!(assert_consistent(&db), FAST + SLOW, "one row per feed");
    let listed = list_count(&config, &data);
    assert_eq!(listed as i64, after_kill, "list shows every stored article");

    // A second refresh completes and everything is there, state intact.
    let out = run_ok(&config, &data, &["refresh"]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("0 failed"), "second refresh: {summary}");
    assert_eq!(assert_consistent(&db), FAST + SLOW, "one row per feed");
    assert_eq!(list_count(&config, &data), (FAST + SLOW) * ITEMS);
    let store = Store::open(&db).unwrap();
    let read_now: BTreeSet<ArticleId> = store
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.read)
        .map(|a| a.id)
        .collect();
    assert_eq!(read_now, read_ids, "read state survives the kill");
    let starred_now: BTreeSet<ArticleId> = store
        .articles(&ArticleQuery {
            starred_only: true,
            ..ArticleQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(starred_now, starred_ids, "starred state survives the kill");
}

/// Kills at many points of a first refresh on an empty data dir: while the
/// cache is being created, between feeds and during writes. After each
/// kill the cache must open and check out; in the end a refresh fills it.
#[tokio::test(flavor = "multi_thread")]
async fn repeated_sigkills_never_corrupt_the_cache() {
    const FEEDS: usize = 16;
    let server = MockServer::start().await;
    let feeds = serve(&server, FEEDS, 0).await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let db = data.join("cache.db");
    let config = write_config(tmp.path(), &feeds);

    let mut killed_mid_way = 0;
    for after_requests in [0, 1, 2, 4, 7, 11] {
        let seen = server.received_requests().await.unwrap().len();
        let mut child = keruen(&config, &data)
            .arg("refresh")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + DEADLINE;
        loop {
            let ready = if after_requests == 0 {
                db.exists()
            } else {
                server.received_requests().await.unwrap().len() >= seen + after_requests
            };
            if ready || child.try_wait().unwrap().is_some() {
                break;
            }
            assert!(Instant::now() < deadline, "refresh made no progress");
            pause(Duration::from_millis(1)).await;
        }
        let _ = child.kill();
        if !child.wait().unwrap().success() {
            killed_mid_way += 1;
        }
        if db.exists() {
            // Opening through the app (as `list` does) recovers the WAL and
            // finishes a half-done creation; then the file must check out.
            list_count(&config, &data);
            assert!(assert_consistent(&db) <= FEEDS);
        }
    }
    assert!(killed_mid_way >= 3, "most kills hit a running refresh");

    let out = run_ok(&config, &data, &["refresh"]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("0 failed"), "final refresh: {summary}");
    assert_eq!(assert_consistent(&db), FEEDS, "one row per feed");
    assert_eq!(list_count(&config, &data), FEEDS * ITEMS);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_refreshes_at_once_leave_one_consistent_cache() {
    const FEEDS: usize = 30;
    let server = MockServer::start().await;
    let feeds = serve(&server, FEEDS, 0).await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let db = data.join("cache.db");
    let config = write_config(tmp.path(), &feeds);

    // Both start on an empty data dir, so they also race to create it.
    let spawn = || {
        keruen(&config, &data)
            .arg("refresh")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut first = spawn();
    let mut second = spawn();
    for (child, what) in [(&mut first, "first"), (&mut second, "second")] {
        let status = wait_exit(child, what);
        let out = child_output(child);
        assert!(status.success(), "{what} refresh failed ({status}): {out}");
        assert!(out.contains("0 failed"), "{what} refresh: {out}");
    }
    assert_eq!(assert_consistent(&db), FEEDS, "one row per feed");
    assert_eq!(list_count(&config, &data), FEEDS * ITEMS);
    // The second to take the lock plans after the first has written: every
    // feed was just fetched, so none is due again.
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        FEEDS,
        "the feeds were fetched once between the two instances"
    );
}

/// How many of the first `slow` feeds (the hanging ones) were asked for.
async fn slow_requests(server: &MockServer, slow: usize) -> usize {
    let slow_paths: BTreeSet<String> = (0..slow).map(|i| format!("/feed/{i}.xml")).collect();
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| slow_paths.contains(r.url.path()))
        .count()
}

fn child_output(child: &mut Child) -> String {
    use std::io::Read;
    let mut text = String::new();
    if let Some(out) = child.stdout.as_mut() {
        out.read_to_string(&mut text).unwrap();
    }
    if let Some(err) = child.stderr.as_mut() {
        err.read_to_string(&mut text).unwrap();
    }
    text
}

/// Every command refuses `db` with a message that names it and says what
/// to do (`way_out`), without panicking and without touching the file.
fn assert_refused(config: &Path, data: &Path, db: &Path, way_out: &[&str]) {
    let before = snapshot(db);
    for args in [&["list"][..], &["list", "--json"], &["refresh"]] {
        let out = run(config, data, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "keruen {args:?} must fail on this cache"
        );
        assert!(
            stderr.contains(&db.display().to_string()),
            "keruen {args:?}: the message names the file: {stderr}"
        );
        for phrase in way_out {
            assert!(
                stderr.contains(phrase),
                "keruen {args:?}: the message says {phrase:?}: {stderr}"
            );
        }
        assert!(
            !stderr.contains("panicked"),
            "keruen {args:?} panicked: {stderr}"
        );
        assert_eq!(
            snapshot(db),
            before,
            "keruen {args:?} left the cache as it was"
        );
    }
}

/// The bytes of a file (or `None` for a directory).
fn snapshot(path: &Path) -> Option<Vec<u8>> {
    path.is_file().then(|| std::fs::read(path).unwrap())
}

fn garbage(len: u32) -> Vec<u8> {
    (0..len)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

fn unreachable_feed_config(dir: &Path) -> PathBuf {
    // Port 9 (discard) on loopback: never contacted, the cache fails first.
    pty::write_config(dir, &[("local", "http://127.0.0.1:9/rss")], "")
}

#[test]
fn garbage_cache_is_reported_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let db = data.join("cache.db");
    std::fs::write(&db, garbage(8192)).unwrap();
    let config = unreachable_feed_config(tmp.path());
    assert_refused(&config, &data, &db, &["move it", "--data-dir"]);
}

#[test]
fn damaged_cache_pages_are_reported_and_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let db = data.join("cache.db");
    let feed = tmp.path().join("feed.xml");
    std::fs::write(&feed, rss(0)).unwrap();
    let url = pty::file_url(&feed);
    let config = pty::write_config(tmp.path(), &[("local", &url)], "");
    run_ok(&config, &data, &["refresh"]);
    // A valid header, then every later page overwritten: the damage only
    // shows when the schema or a table is read.
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() > 4096 * 4, "the cache has several pages");
    let tail = garbage((bytes.len() - 4096) as u32);
    bytes[4096..].copy_from_slice(&tail);
    std::fs::write(&db, &bytes).unwrap();
    assert_refused(&config, &data, &db, &["move it", "--data-dir"]);
}

#[test]
fn directory_in_place_of_cache_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let db = data.join("cache.db");
    std::fs::create_dir_all(&db).unwrap();
    std::fs::write(db.join("keep.txt"), "mine").unwrap();
    let config = unreachable_feed_config(tmp.path());
    assert_refused(&config, &data, &db, &["is it a directory", "--data-dir"]);
    assert_eq!(std::fs::read(db.join("keep.txt")).unwrap(), b"mine");
}

/// The TUI on a corrupt cache: it leaves the terminal as it found it and
/// the message is readable on the main screen afterwards.
#[test]
fn tui_on_corrupt_cache_restores_terminal_and_explains() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let db = data.join("cache.db");
    std::fs::write(&db, garbage(8192)).unwrap();
    let config = unreachable_feed_config(tmp.path());

    let mut app = pty::PtyApp::spawn(&config, &data, 200, 24);
    let status = app.wait_exit();
    assert!(!status.success(), "keruen must fail on a corrupt cache");
    assert!(!app.alternate_screen(), "back on the main screen");
    assert_eq!(app.local_flags(), app.initial_flags, "raw mode is off");
    let screen = app.screen_text();
    // The screen is 200 columns wide so the message fits on one line.
    assert!(
        screen.contains("is not a SQLite database") && screen.contains("move it"),
        "the message shows after the terminal is restored:\n{screen}"
    );
    assert!(!screen.contains("panicked"), "{screen}");
    assert_eq!(std::fs::read(&db).unwrap(), garbage(8192));
}

/// State toggled in the TUI right before quitting is written, not lost
/// with the process: star, mark read, then force-quit in one burst of keys.
#[test]
fn tui_star_and_read_then_quit_at_once_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let feed = tmp.path().join("feed.xml");
    std::fs::write(&feed, rss(0)).unwrap();
    let url = pty::file_url(&feed);
    let config = pty::write_config(tmp.path(), &[("local", &url)], "");
    run_ok(&config, &data, &["refresh"]);

    let mut app = pty::PtyApp::spawn(&config, &data, 80, 24);
    app.wait_for_text(&["Жаңалық 0-0 новость"]);
    // Articles pane; star the first, mark the second read (m), quit (Q).
    app.send(b"\tsjmQ");
    let status = app.wait_exit();
    assert!(status.success(), "keruen exited with {status:?}");

    let store = Store::open(&data.join("cache.db")).unwrap();
    let all = store.articles(&ArticleQuery::default()).unwrap();
    let starred: Vec<&str> = all
        .iter()
        .filter(|a| a.starred)
        .map(|a| a.title.as_str())
        .collect();
    let read: Vec<&str> = all
        .iter()
        .filter(|a| a.read)
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(starred, ["Жаңалық 0-0 новость"], "the star was written");
    assert_eq!(read, ["Жаңалық 0-1 новость"], "the read mark was written");
}

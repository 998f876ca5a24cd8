//! End to end: the real `keruen` binary in an 80x24 pseudo-terminal, on a
//! cache filled by `keruen refresh` from local feeds (RSS and Atom; Kazakh,
//! Russian and English). Checks the first screen comes from the cache,
//! navigation opens an article whose text shows, `q` goes back then quits
//! with status 0, the terminal is restored (raw mode off, main screen), and
//! the opened article is stored as read.

use crate::common::pty;

use std::path::Path;

use pty::{PtyApp, file_url, run_ok, write_config};

const KAZAKH_RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Tengri</title><link>https://tengri.example/</link><description>kz</description>
<item>
  <title>Алматыда жаңа саябақ ашылды</title>
  <link>https://tengri.example/a/1</link>
  <guid>https://tengri.example/a/1</guid>
  <pubDate>Fri, 27 Nov 2026 10:00:00 +0000</pubDate>
  <description>Саябақ қала тұрғындарына арналған.</description>
</item>
<item>
  <title>Ақтөбеде қар жауды</title>
  <link>https://tengri.example/a/2</link>
  <guid>https://tengri.example/a/2</guid>
  <pubDate>Fri, 27 Nov 2026 07:00:00 +0000</pubDate>
  <description>Қыс ерте келді.</description>
</item>
</channel></rss>"#;

const RUSSIAN_ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Vlast</title>
  <id>urn:vlast</id>
  <updated>2026-11-27T09:00:00Z</updated>
  <entry>
    <title>В Астане прошёл форум</title>
    <id>urn:vlast:1</id>
    <link href="https://vlast.example/1"/>
    <updated>2026-11-27T09:00:00Z</updated>
    <author><name>Иван Петров</name></author>
    <content type="html">&lt;p&gt;Форум собрал экспертов со всей страны.&lt;/p&gt;</content>
  </entry>
</feed>"#;

const ENGLISH_RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>World</title><link>https://world.example/</link><description>en</description>
<item>
  <title>Caravan routes revisited</title>
  <link>https://world.example/caravan</link>
  <guid>https://world.example/caravan</guid>
  <pubDate>Fri, 27 Nov 2026 08:00:00 +0000</pubDate>
  <description>The old trade roads of the steppe.</description>
</item>
</channel></rss>"#;

fn write_feed(dir: &Path, file: &str, text: &str) -> String {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    file_url(&path)
}

#[test]
fn browse_open_article_quit_restores_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let kz = write_feed(tmp.path(), "kz.xml", KAZAKH_RSS);
    let ru = write_feed(tmp.path(), "ru.xml", RUSSIAN_ATOM);
    let en = write_feed(tmp.path(), "en.xml", ENGLISH_RSS);
    let config = write_config(
        tmp.path(),
        &[("tengri", &kz), ("vlast", &ru), ("world", &en)],
        "",
    );
    let out = run_ok(&config, &data, &["refresh"]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("0 failed"), "refresh summary: {summary}");

    let mut app = PtyApp::spawn(&config, &data, 80, 24);

    // First screen: feed names and the newest titles, from the cache (no
    // refresh runs: the interval is off and every feed was just fetched).
    app.wait_for_text(&[
        "tengri",
        "vlast",
        "world",
        "Алматыда жаңа саябақ ашылды",
        "В Астане прошёл форум",
    ]);
    assert!(app.alternate_screen(), "the TUI uses the alternate screen");
    let initial = app.initial_flags;
    // portable-pty reads termios on unix; elsewhere only the escape
    // sequences below are checked.
    #[cfg(unix)]
    assert!(initial.is_some(), "tcgetattr on the pty master works");
    if initial.is_some() {
        assert_ne!(
            app.local_flags(),
            initial,
            "raw mode is on while the TUI runs"
        );
    }

    // Articles pane, second newest (the Russian one), open it.
    app.send(b"\t");
    app.send(b"j");
    app.send(b"\r");
    app.wait_for_text(&["Форум собрал экспертов со всей страны."]);
    assert!(
        !app.screen_text().contains("Саябақ қала тұрғындарына"),
        "the other article's text is not shown:\n{}",
        app.screen_text()
    );

    // `q` in the reader goes back to the list; the reader text goes away.
    app.send(b"q");
    app.wait_for("the reader closed", |s| {
        let c = s.contents();
        !c.contains("Форум собрал экспертов") && c.contains("Caravan routes revisited")
    });

    // `q` again quits.
    app.send(b"q");
    let status = app.wait_exit();
    assert!(status.success(), "keruen exited with {status:?}");

    // Restored: back on the main screen, cursor shown, cooked mode.
    let raw = app.raw();
    assert!(
        contains(&raw, b"\x1b[?1049l"),
        "the alternate screen was left"
    );
    assert!(!app.alternate_screen(), "the main screen is back");
    // keruen never asks the terminal where the cursor is: a terminal or
    // wrapper that does not answer would stall start-up for 2 s.
    assert!(
        !contains(&raw, b"\x1b[6n"),
        "no cursor-position query (DSR) was sent"
    );
    if initial.is_some() {
        assert_eq!(
            app.local_flags(),
            initial,
            "raw mode is off again (termios local flags as before the start)"
        );
    }

    // Opening the article marked it read, and the store worker wrote that
    // through before the process ended.
    let out = run_ok(&config, &data, &["list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let read: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["read"] == true)
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        read,
        ["В Астане прошёл форум"],
        "only the opened article is read"
    );
}

/// A first start on an empty cache fetches the configured feeds by itself
/// (the refresh interval is on by default): nobody has to know about `R`.
#[test]
fn a_first_start_fetches_the_configured_feeds_by_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let kz = write_feed(tmp.path(), "kz.xml", KAZAKH_RSS);
    let config = tmp.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[[feeds]]\nname = \"tengri\"\nurl = \"{kz}\"\n"),
    )
    .unwrap();
    let mut app = PtyApp::spawn(&config, &data, 80, 24);
    app.wait_for_text(&["tengri", "Алматыда жаңа саябақ ашылды"]);
    app.send(b"q");
    let status = app.wait_exit();
    assert!(status.success(), "keruen exited with {status:?}");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Resizing at any time, down to a tiny 20x5 and 7x2 and up to 200x50,
/// redraws without a panic, and the app keeps working at the new size.
#[test]
fn resize_to_tiny_and_large_keeps_working() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let kz = write_feed(tmp.path(), "kz.xml", KAZAKH_RSS);
    let en = write_feed(tmp.path(), "en.xml", ENGLISH_RSS);
    let config = write_config(tmp.path(), &[("tengri", &kz), ("world", &en)], "");
    run_ok(&config, &data, &["refresh"]);

    let mut app = PtyApp::spawn(&config, &data, 80, 24);
    app.wait_for_text(&["tengri", "Caravan routes revisited"]);
    // Open an article, then shrink: the reader must cope with 20 columns.
    app.send(b"\t\r");
    app.wait_for_text(&["Саябақ қала тұрғындарына арналған."]);
    for (cols, rows) in [(20, 5), (7, 2), (20, 5), (200, 50)] {
        app.resize(cols, rows);
        // A frame drawn at the new size: the emulator only keeps a cut or
        // padded copy of the old one, whose right edge is never a corner.
        app.wait_for(&format!("a redraw at {cols}x{rows}"), |s| {
            if cols < 10 {
                // Too narrow for a frame: the list is drawn cut with "…".
                s.contents().contains('…')
            } else {
                s.cell(0, cols - 1).is_some_and(|c| c.contents() == "┐")
            }
        });
    }
    app.wait_for_text(&[
        "Саябақ қала тұрғындарына арналған.",
        "Алматыда жаңа саябақ ашылды",
    ]);
    // Shrunk and grown back before the app draws again (a tmux zoom
    // toggled twice): the terminal lost the cut columns, so the app must
    // repaint everything even though its last frame had this very size.
    app.resize(30, 6);
    app.resize(200, 50);
    app.wait_for("a full repaint after shrink and grow", |s| {
        s.cell(0, 199).is_some_and(|c| c.contents() == "┐")
            && s.cell(48, 199).is_some_and(|c| c.contents() == "┘")
    });
    // Keys typed in the middle of resize bursts all arrive. (crossterm's
    // default mio input source is edge-triggered and, when a resize and
    // input are ready at once, returns the resize and drops the input's
    // readiness: the key then waited for the next one; about one burst in
    // ten before keruen switched to the `use-dev-tty` poll(2) source.)
    for round in 0..8 {
        app.resize(20, 5);
        app.send(b"j");
        app.resize(200, 50);
        app.send(b"q");
        app.wait_for(&format!("the list after burst {round}"), |s| {
            let c = s.contents();
            c.contains("Ақтөбеде қар жауды") && !c.contains("Саябақ қала тұрғындарына")
        });
        app.send(b"\r");
        app.wait_for_text(&["Саябақ қала тұрғындарына арналған."]);
    }
    app.send(b"q");
    app.wait_for_text(&["Caravan routes revisited", "Ақтөбеде қар жауды"]);
    app.send(b"q");
    let status = app.wait_exit();
    assert!(status.success(), "keruen exited with {status:?}");
    assert!(!app.alternate_screen());
}

/// A site on 127.0.0.1 whose page advertises its feed, as `keruen add`
/// finds it. The server runs on its own thread; keep the runtime alive.
fn serve_site(feed: &'static str) -> (tokio::runtime::Runtime, wiremock::MockServer) {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        let page = r#"<!DOCTYPE html><html><head><title>Tengri</title>
            <link rel="alternate" type="application/rss+xml" href="/news/rss.xml">
            </head><body><h1>Жаңалықтар</h1></body></html>"#;
        for (route, ctype, body) in [
            ("/", "text/html; charset=utf-8", page),
            ("/news/rss.xml", "application/rss+xml", feed),
        ] {
            Mock::given(method("GET"))
                .and(path(route))
                .respond_with(
                    ResponseTemplate::new(200)
                        .insert_header("content-type", ctype)
                        .set_body_string(body),
                )
                .mount(&server)
                .await;
        }
        server
    });
    (rt, server)
}

/// A first start with no config: the screen says where the config file
/// goes and how to add a feed; `a` + the site's address finds the feed,
/// writes it to the config (created from the defaults, as `keruen add`
/// does), fetches it and lists its articles.
#[test]
fn first_start_welcomes_and_a_adds_a_feed_from_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let xdg = tmp.path().join("xdg");
    let home = tmp.path().join("home");
    let (_rt, server) = serve_site(KAZAKH_RSS);
    let env = [
        ("XDG_CONFIG_HOME", xdg.to_str().unwrap()),
        ("HOME", home.to_str().unwrap()),
    ];
    let config = xdg.join("keruen").join("config.toml");
    let mut app = PtyApp::spawn_with(None, &data, 80, 24, &env);
    app.wait_for_text(&[
        "Welcome to keruen",
        config.to_str().unwrap(),
        "add a feed",
        "import the feeds of another reader",
    ]);
    assert!(
        !config.exists(),
        "nothing is written before a feed is added"
    );

    app.send(b"a");
    app.wait_for_text(&["Add feed (site or feed URL):"]);
    let site = server.uri().replace("http://", "");
    // A bare host:port as people type it; http because the test server
    // is plain (the full URL is what reaches discovery).
    let typed = format!("http://{site}/");
    app.send(typed.as_bytes());
    app.send(b"\r");
    app.wait_for_text(&["Алматыда жаңа саябақ ашылды", "Ақтөбеде қар жауды"]);
    assert!(
        !app.screen_text().contains("Welcome to keruen"),
        "{}",
        app.screen_text()
    );

    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.starts_with(keruen::config::DEFAULT_CONFIG),
        "the defaults are kept above the new entry:\n{text}"
    );
    assert!(
        text.ends_with(&format!(
            "[[feeds]]\nname = \"Tengri\"\nurl = \"{}/news/rss.xml\"\n",
            server.uri()
        )),
        "{text}"
    );
    app.send(b"q");
    let status = app.wait_exit();
    assert!(status.success(), "keruen exited with {status:?}");
}

/// `a` with an address where no feed is: the popup says why (whole), and
/// nothing is written.
#[test]
fn adding_a_site_without_a_feed_says_why_in_a_popup() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let config = write_config(tmp.path(), &[], "");
    let before = std::fs::read_to_string(&config).unwrap();
    let (_rt, server) = serve_site(KAZAKH_RSS);
    let mut app = PtyApp::spawn(&config, &data, 80, 24);
    app.wait_for_text(&["Welcome to keruen"]);
    app.send(format!("a{}/missing\r", server.uri()).as_bytes());
    app.wait_for_text(&["Could not add", "/missing: HTTP 404", "any key closes"]);
    app.send(b"x");
    app.wait_for("the popup closed", |s| {
        !s.contents().contains("Could not add")
    });
    assert_eq!(std::fs::read_to_string(&config).unwrap(), before);
    app.send(b"q");
    assert!(app.wait_exit().success());
}

/// A feed whose article links carry shell syntax and are long.
const TRICKY_LINK: &str = "https://tengri.example/news/2026/12/04/a-long-path-segment-that-goes-on/and-on?utm_source=rss&q=$(touch%20pwned)&x=%271%27";

fn tricky_feed(dir: &Path) -> String {
    let link = TRICKY_LINK.replace('&', "&amp;").replace('\'', "&apos;");
    let rss = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tengri</title><link>https://tengri.example/</link>
<description>kz</description>
<item><title>Сілтемесі ұзын жаңалық</title><link>{link}</link><guid>t1</guid>
<pubDate>Fri, 27 Nov 2026 10:00:00 +0000</pubDate></item>
</channel></rss>"#
    );
    write_feed(dir, "tricky.xml", &rss)
}

/// A $BROWSER script that writes each argument it gets on a line.
fn recording_browser(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let log = dir.join("argv.txt");
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}.tmp'\nmv '{}.tmp' '{}'\n",
            log.display(),
            log.display(),
            log.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (script, log)
}

fn wait_for_file(path: &Path) -> String {
    let deadline = std::time::Instant::now() + pty::DEADLINE;
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// `o` runs $BROWSER with the URL as its one argument (no shell): on a
/// console (no desktop: it gets the terminal, keruen waits and comes
/// back), on a desktop (detached), and over SSH (where w3m or lynx is how
/// a user names their browser).
#[cfg(unix)]
#[test]
fn o_runs_the_browser_env_with_the_url_as_one_argument() {
    for (var, value) in [
        ("", ""),
        ("DISPLAY", ":0"),
        ("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22"),
    ] {
        let display = (!var.is_empty()).then_some((var, value));
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let feed = tricky_feed(tmp.path());
        let config = write_config(tmp.path(), &[("tengri", &feed)], "");
        run_ok(&config, &data, &["refresh"]);
        let (script, log) = recording_browser(tmp.path());
        let mut env = vec![("BROWSER", script.to_str().unwrap())];
        env.extend(display);
        let mut app = PtyApp::spawn_with(Some(&config), &data, 80, 24, &env);
        app.wait_for_text(&["Сілтемесі ұзын жаңалық"]);
        app.send(b"\to");
        assert_eq!(
            wait_for_file(&log),
            format!("{TRICKY_LINK}\n"),
            "{display:?}"
        );
        app.wait_for_text(&["Opened https://tengri.example/"]);
        assert!(!tmp.path().join("data").join("pwned").exists());
        // Still working after the browser: the list and the keys.
        app.send(b"q");
        let status = app.wait_exit();
        assert!(status.success(), "{display:?}: {status:?}");
    }
}

/// With no browser set and no desktop, `o` shows the whole URL (wrapped in
/// a popup) and copies it with OSC 52.
#[test]
fn o_with_nothing_to_open_shows_the_whole_url_and_copies_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let feed = tricky_feed(tmp.path());
    let config = write_config(tmp.path(), &[("tengri", &feed)], "");
    run_ok(&config, &data, &["refresh"]);
    let mut app = PtyApp::spawn(&config, &data, 80, 24);
    app.wait_for_text(&["Сілтемесі ұзын жаңалық"]);
    app.send(b"\to");
    app.wait_for_text(&["Could not open the link", "any key closes"]);
    // The URL, wrapped: the popup's text rows joined give it whole.
    let screen = app.screen_text();
    let joined: String = screen
        .lines()
        .filter_map(|l| l.split('│').nth(2))
        .map(str::trim)
        .collect();
    assert!(joined.contains(TRICKY_LINK), "{screen}");
    let osc52 = keruen::tui::osc52_sequence(TRICKY_LINK);
    assert!(contains(&app.raw(), osc52.as_bytes()), "copied with OSC 52");
    app.send(b" ");
    app.wait_for("the popup closed", |s| {
        !s.contents().contains("Could not open the link")
    });
    app.send(b"q");
    assert!(app.wait_exit().success());
}

/// `I` + a path imports an OPML file as `keruen import` does: its feeds go
/// to the config and are fetched and listed at once.
#[test]
fn i_imports_an_opml_file_and_fetches_its_feeds() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let config = write_config(tmp.path(), &[], "");
    let (_rt, server) = serve_site(RUSSIAN_ATOM);
    let opml = tmp.path().join("feeds.opml");
    std::fs::write(
        &opml,
        format!(
            r#"<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="News"><outline type="rss" text="Vlast" xmlUrl="{}/news/rss.xml"/></outline>
<outline type="rss" text="Local" xmlUrl="file:///etc/passwd"/>
</body></opml>"#,
            server.uri()
        ),
    )
    .unwrap();
    let mut app = PtyApp::spawn(&config, &data, 80, 24);
    app.wait_for_text(&["Welcome to keruen"]);
    app.send(b"I");
    app.wait_for_text(&["Import OPML file (path):"]);
    app.send(format!("{}\r", opml.display()).as_bytes());
    app.wait_for_text(&["Vlast", "В Астане прошёл форум"]);
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.ends_with(&format!(
            "[[feeds]]\nname = \"Vlast\"\nurl = \"{}/news/rss.xml\"\ntags = [\"News\"]\n",
            server.uri()
        )),
        "{text}"
    );
    app.send(b"q");
    assert!(app.wait_exit().success());
}

//! Hostile feeds (issue 6, item 3): an RSS feed whose titles, author,
//! description, link and channel title carry terminal escape sequences as
//! numeric character references (and as entities inside CDATA HTML, which
//! only decode when the HTML is rendered), a JSON Feed with the same as raw
//! `\u001b` escapes, an RSS file with raw control characters (which XML 1.0
//! forbids but feeds send), and an HTML page whose alternate link ends up
//! in the "not a feed" error. The real binary refreshes them, then the TUI
//! opens every article and refreshes again in a pseudo-terminal while every
//! byte it writes is kept. None of the feeds' control sequences may reach
//! the terminal, from the TUI or the CLI; the readable text around them must.

use crate::common::pty;

use std::path::Path;

use pty::{PtyApp, file_url, run_ok, write_config};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Bytes around `at`, escaped, for failure messages.
fn around(raw: &[u8], at: usize) -> String {
    let start = at.saturating_sub(40);
    let end = (at + 40).min(raw.len());
    String::from_utf8_lossy(&raw[start..end])
        .escape_debug()
        .to_string()
}

/// The feeds' distinctive payloads, byte for byte, and the control
/// characters that must never be written: fails naming the first found.
fn assert_clean(what: &str, raw: &[u8]) {
    let payloads: &[(&str, &[u8])] = &[
        ("OSC 52 clipboard write", b"\x1b]52;"),
        ("OSC 0 window title", b"\x1b]0;"),
        ("OSC 8 hyperlink", b"\x1b]8;"),
        ("256-colour SGR from the feed", b"\x1b[38;5;199m"),
        ("true-colour SGR from the feed", b"\x1b[48;2;1;2;3m"),
        ("DCS XTGETTCAP request", b"\x1bP"),
        ("ST terminator", b"\x1b\\"),
        ("C1 CSI (U+009B, UTF-8)", "\u{9b}".as_bytes()),
        ("RLO (U+202E)", "\u{202e}".as_bytes()),
        ("RLI (U+2067)", "\u{2067}".as_bytes()),
        ("BEL", b"\x07"),
    ];
    for (name, bytes) in payloads {
        if let Some(at) = find(raw, bytes) {
            panic!("{what}: {name} reached the terminal: …{}…", around(raw, at));
        }
    }
    // Everything written is UTF-8, so no stray C1 byte hides in it, and
    // no C1 control (U+0080–U+009F) is written as a character either.
    let text =
        std::str::from_utf8(raw).unwrap_or_else(|e| panic!("{what}: the output is not UTF-8: {e}"));
    if let Some(c) = text.chars().find(|c| ('\u{80}'..='\u{9f}').contains(c)) {
        panic!("{what}: C1 control {c:?} reached the terminal");
    }
    // OSC payloads are removed whole, not left behind as visible junk.
    if let Some(at) = find(raw, b"pwned") {
        panic!(
            "{what}: an OSC 0 payload's text was shown: …{}…",
            around(raw, at)
        );
    }
}

#[test]
fn no_control_sequence_from_a_feed_reaches_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let fixture = |name: &str| file_url(&Path::new(FIXTURES).join(name));
    let (rss, json) = (fixture("hostile.rss"), fixture("hostile.json"));
    let (raw_xml, page) = (fixture("raw-controls.xml"), fixture("not-a-feed.html"));
    // OSC 8 links on: the app's own hyperlinks must not carry feed bytes.
    let config = write_config(
        tmp.path(),
        &[
            ("evil-rss", &rss),
            ("evil-json", &json),
            ("evil-raw", &raw_xml),
            ("evil-page", &page),
        ],
        "[ui]\nosc8_links = true\nmouse = false\n",
    );
    let out = run_ok(&config, &data, &["refresh"]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("5 new") && summary.contains("1 failed") && summary.contains("not a feed"),
        "three hostile feeds parse, the page fails: {summary}"
    );
    assert_clean("keruen refresh (stdout)", &out.stdout);
    assert_clean("keruen refresh (stderr)", &out.stderr);
    let list = run_ok(&config, &data, &["list"]);
    assert_clean("keruen list", &list.stdout);
    assert!(String::from_utf8_lossy(&list.stdout).contains("Safe raw title"));

    let mut app = PtyApp::spawn(&config, &data, 80, 24);
    app.wait_for_text(&[
        "evil-rss",
        "evil-json",
        "Safe title one",
        "Safe json title",
        "Safe title two",
        "Safe json html title",
        "Safe raw title",
    ]);

    // Open each article in list order (newest first), read it, go back.
    app.send(b"\t");
    let bodies = [
        ["Body one starts.", "Body one ends."],
        ["Json body starts.", "Json body ends."],
        ["Body two starts", "Body two ends."],
        ["Json html body starts.", "Json html body ends."],
        ["Raw body starts.", "Raw body ends."],
    ];
    for (i, body) in bodies.iter().enumerate() {
        if i > 0 {
            app.send(b"j");
        }
        app.send(b"\r");
        app.wait_for_text(body);
        app.send(b"q");
        app.wait_for(&format!("article {} closed", i + 1), |s| {
            !s.contents().contains(body[1])
        });
    }
    // The feeds pane: refresh everything from the TUI, so the page's error
    // (quoting its alternate link) reaches the status bar; then walk the
    // feeds so each is drawn selected.
    app.send(b"\t");
    app.send(b"R");
    app.wait_for_text(&["not a feed"]);
    for _ in 0..4 {
        app.send(b"j");
    }
    app.send(b"q");
    let status = app.wait_exit();
    assert!(status.success(), "keruen exited with {status:?}");

    let raw = app.raw();
    assert!(raw.len() > 1000, "the TUI drew something");
    let (rest, links) = strip_app_hyperlinks(&raw);
    assert!(
        links > 0,
        "the app hyperlinked the footnotes (osc8_links on)"
    );
    assert_clean("the TUI", &rest);
}

/// The app's own OSC 8 hyperlinks (`ESC ] 8 ; ; URL ESC \`, for footnote
/// links) are allowed when their URL is printable ASCII only: those are
/// cut out, and whatever remains must be clean. A feed's own OSC 8, or a
/// link whose URL carries a control character, stays and fails the check.
fn strip_app_hyperlinks(raw: &[u8]) -> (Vec<u8>, usize) {
    const OPEN: &[u8] = b"\x1b]8;;";
    let mut out = Vec::with_capacity(raw.len());
    let mut links = 0;
    let mut i = 0;
    while i < raw.len() {
        if raw[i..].starts_with(OPEN) {
            let url_start = i + OPEN.len();
            let url_len = raw[url_start..]
                .iter()
                .take_while(|b| (0x21..=0x7e).contains(*b))
                .count();
            let end = url_start + url_len;
            // The feeds' own OSC 8 payloads point at exactly this URL (the
            // real links in their HTML have a query): never an app link.
            let feed_payload = &raw[url_start..end] == b"https://evil.example/osc8";
            if raw[end..].starts_with(b"\x1b\\") && !feed_payload {
                links += 1;
                i = end + 2;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    (out, links)
}

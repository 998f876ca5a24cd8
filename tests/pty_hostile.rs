//! Hostile feeds (issue 6, item 3): an RSS feed whose titles, author,
//! description, link and channel title carry terminal escape sequences as
//! numeric character references (and as entities inside CDATA HTML, which
//! only decode when the HTML is rendered), and a JSON Feed with the same as
//! raw `\u001b` escapes. The real binary refreshes them, then the TUI opens
//! every article in a pseudo-terminal while every byte it writes is kept.
//! None of the feed's control sequences may reach the terminal; the
//! readable text around them must.

mod common_pty;

use std::path::Path;

use common_pty::{PtyApp, file_url, run_ok, write_config};

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

#[test]
fn no_control_sequence_from_a_feed_reaches_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let rss = file_url(&Path::new(FIXTURES).join("hostile.rss"));
    let json = file_url(&Path::new(FIXTURES).join("hostile.json"));
    // OSC 8 links on: the app's own hyperlinks must not carry feed bytes.
    let config = write_config(
        tmp.path(),
        &[("evil-rss", &rss), ("evil-json", &json)],
        "[ui]\nosc8_links = true\nmouse = false\n",
    );
    let out = run_ok(&config, &data, &["refresh"]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("4 new") && summary.contains("0 failed"),
        "both hostile feeds parse: {summary}"
    );

    let mut app = PtyApp::spawn(&config, &data, 80, 24);
    app.wait_for_text(&[
        "evil-rss",
        "evil-json",
        "Safe title one",
        "Safe json title",
        "Safe title two",
        "Safe json html title",
    ]);

    // Open each article in list order (newest first), read it, go back.
    app.send(b"\t");
    let bodies = [
        ["Body one starts.", "Body one ends."],
        ["Json body starts.", "Json body ends."],
        ["Body two starts", "Body two ends."],
        ["Json html body starts.", "Json html body ends."],
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
    // The feeds pane, each feed selected (their titles and errors show).
    app.send(b"\t");
    app.send(b"j");
    app.send(b"j");
    app.send(b"q");
    let status = app.wait_exit();
    assert!(status.success(), "keruen exited with {status:?}");

    let raw = app.raw();
    assert!(raw.len() > 1000, "the TUI drew something");

    // The feeds' distinctive payloads, byte for byte.
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
    for (what, bytes) in payloads {
        if let Some(at) = find(&raw, bytes) {
            panic!("{what} reached the terminal: …{}…", around(&raw, at));
        }
    }
    // Everything written is UTF-8, so no stray C1 byte hides in it, and
    // no C1 control (U+0080–U+009F) is written as a character either.
    let text = std::str::from_utf8(&raw).expect("the terminal output is UTF-8");
    if let Some(c) = text.chars().find(|c| ('\u{80}'..='\u{9f}').contains(c)) {
        panic!("C1 control {c:?} reached the terminal");
    }
    // OSC payloads are removed whole, not left behind as visible junk.
    assert!(
        !text.contains("pwned"),
        "an OSC 0 payload's text was shown: …{}…",
        around(&raw, find(&raw, b"pwned").unwrap_or(0))
    );
}

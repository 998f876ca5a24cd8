//! What the headless commands print, run as the real binary against a
//! cache refreshed from a local feed file: every command ends quietly when
//! its reader goes away (`keruen list | head -1`), and no escape sequence or
//! NUL from the config (a feed name, a tag) reaches stdout or stderr.

use serde_json::Value;

use crate::common::run_binary;
use run_binary::fixture;

/// Every command that prints, with the arguments it needs.
fn commands(id: &str) -> Vec<Vec<String>> {
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        v(&["list"]),
        v(&["list", "--json"]),
        v(&["list", "--count"]),
        v(&["search", "Алматы"]),
        v(&["search", "--json", "Алматы"]),
        v(&["top"]),
        v(&["top", "--json"]),
        v(&["related", id]),
        v(&["related", "--json", id]),
        v(&["check-config"]),
        v(&["export"]),
        v(&["refresh"]),
        v(&["refresh", "--json"]),
        v(&["show", id]),
        v(&["show", "--json", id]),
        v(&["mark", id, "--star"]),
        v(&["open", id]),
        v(&["completions", "bash"]),
        v(&["man"]),
    ]
}

#[test]
fn every_command_ends_quietly_when_its_reader_goes_away() {
    // Enough items that the text is more than a pipe buffer holds.
    let f = fixture(400);
    let id = f.first_id();
    for args in commands(&id) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = f.run_closed(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

fn assert_inert(args: &[&str], bytes: &[u8], stream: &str) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c != '\n' && (c.is_control() || keruen::sanitize::is_forbidden(c)))
        .collect();
    assert!(bad.is_empty(), "{args:?} {stream} holds {bad:?}: {text}");
}

#[test]
fn no_escape_from_the_config_reaches_the_terminal() {
    let f = fixture(3);
    let id = f.first_id();
    let mut saw_name = 0;
    for args in commands(&id) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = f.command(&args).env("BROWSER", "true").output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert_inert(&args, &out.stdout, "stdout");
        assert_inert(&args, &out.stderr, "stderr");
        if String::from_utf8_lossy(&out.stdout).contains("News") {
            saw_name += 1;
        }
    }
    // The name is shown (cleaned), not dropped: the test is not vacuous.
    assert!(
        saw_name >= 8,
        "the feed name was printed by {saw_name} commands"
    );
    // Error texts quote config values too.
    let out = f.run(&["refresh", "--feed", "nothing-by-this-name"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("News"));
    assert_inert(&["refresh", "--feed"], &out.stderr, "stderr");
}

#[test]
fn json_keeps_the_name_with_its_controls_escaped() {
    let f = fixture(1);
    let out = f.run(&["list", "--json"]);
    assert_inert(&["list", "--json"], &out.stdout, "stdout");
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    // JSON is data: a script gets the name as configured.
    assert_eq!(
        list[0]["feed_name"].as_str().unwrap(),
        "Evil\u{1b}]52;c;aGFja2Vk\u{7} News\u{1b}[2J\u{9b}2J\u{1}\u{7f}"
    );
}

//! What the headless commands print, run as the real binary against a
//! cache refreshed from a local feed file: every command ends quietly when
//! its reader goes away (`keruen list | head -1`), and no escape sequence or
//! NUL from the config (a feed name, a tag) reaches stdout or stderr.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod run_binary;
use run_binary::keruen;

/// A feed name carrying an OSC 52 clipboard write, a screen clear, an
/// 8-bit CSI and a NUL-like control (TOML cannot hold a raw NUL; U+0001
/// and U+007F are the controls it can).
const EVIL_NAME: &str = r#"Evil\u001b]52;c;aGFja2Vk\u0007 News\u001b[2J\u009b2J\u0001\u007f"#;
const EVIL_TAG: &str = r#"t\u001b[31mag"#;

struct Fixture {
    _dir: tempfile::TempDir,
    config: PathBuf,
    data: PathBuf,
}

impl Fixture {
    fn run(&self, args: &[&str]) -> Output {
        keruen(&self.config, &self.data, args)
    }

    /// The command with its standard output a pipe whose reader is gone.
    fn run_closed(&self, args: &[&str]) -> Output {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        Command::new(env!("CARGO_BIN_EXE_keruen"))
            .arg("--config")
            .arg(&self.config)
            .arg("--data-dir")
            .arg(&self.data)
            .args(args)
            .env_remove("KERUEN_CONFIG")
            .env_remove("KERUEN_DATA_DIR")
            .env("BROWSER", "true")
            .env_remove("SSH_CONNECTION")
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("run keruen")
    }

    fn first_id(&self) -> String {
        let out = self.run(&["list", "--json"]);
        let list: Value = serde_json::from_slice(&out.stdout).expect("list --json");
        list[0]["id"].as_i64().expect("an id").to_string()
    }
}

fn rss(items: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><link>https://example.kz/</link>",
    );
    for i in 0..items {
        s.push_str(&format!(
            "<item><title>Алматы жаңалығы {i}</title><link>https://example.kz/{i}</link>\
             <guid>https://example.kz/{i}</guid><author>Автор {i}</author>\
             <pubDate>Mon, 30 Nov 2026 1{}:00:00 +0000</pubDate>\
             <description>Мәтін {i}: Алматыда жаңа саябақ ашылды.</description></item>",
            i % 10
        ));
    }
    s.push_str("</channel></rss>");
    s
}

/// A config with one hostile feed over a local file of `items` items,
/// refreshed once so that the cache holds them.
fn fixture(items: usize) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.xml");
    std::fs::write(&feed, rss(items)).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[feeds]]\nname = \"{EVIL_NAME}\"\nurl = \"{}\"\ntags = [\"{EVIL_TAG}\"]\n",
            feed.display()
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    let f = Fixture {
        config,
        data,
        _dir: dir,
    };
    let out = f.run(&["refresh"]);
    assert!(out.status.success(), "refresh: {out:?}");
    f
}

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
        let out = f.run(&args);
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

//! Running the real `keruen` binary from integration tests, with the
//! config and cache given on the command line and the environment's
//! `KERUEN_CONFIG` / `KERUEN_DATA_DIR` removed, so a developer's own
//! settings never leak into a test. [`fixture`] gives a config and a cache
//! refreshed from a local feed file, for the commands that read the cache.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The locale variables that choose the interface language: removed, so
/// tests read English unless they set one.
pub const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// Runs `keruen --config CONFIG --data-dir DATA ARGS…` to completion.
pub fn keruen(config: &Path, data: &Path, args: &[&str]) -> Output {
    keruen_with_env(config, data, args, &[])
}

/// [`keruen`] with extra environment variables (e.g. `LANG`).
pub fn keruen_with_env(config: &Path, data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_keruen"));
    for var in LOCALE_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    cmd.arg("--config")
        .arg(config)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("KERUEN_CONFIG")
        .env_remove("KERUEN_DATA_DIR")
        .output()
        .expect("run keruen")
}

/// [`keruen`], as exit code (-1 when killed by a signal), stdout and stderr.
pub fn keruen_text(config: &Path, data: &Path, args: &[&str]) -> (i32, String, String) {
    let out = keruen(config, data, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}

/// A feed name carrying an OSC 52 clipboard write, a screen clear, an
/// 8-bit CSI and a NUL-like control (TOML cannot hold a raw NUL; U+0001
/// and U+007F are the controls it can).
pub const EVIL_NAME: &str = r#"Evil\u001b]52;c;aGFja2Vk\u0007 News\u001b[2J\u009b2J\u0001\u007f"#;
pub const EVIL_TAG: &str = r#"t\u001b[31mag"#;

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub config: PathBuf,
    pub data: PathBuf,
}

impl Fixture {
    pub fn run(&self, args: &[&str]) -> Output {
        keruen(&self.config, &self.data, args)
    }

    /// The binary with this fixture's config and cache, ready to run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_keruen"));
        c.arg("--config")
            .arg(&self.config)
            .arg("--data-dir")
            .arg(&self.data)
            .args(args)
            .env_remove("KERUEN_CONFIG")
            .env_remove("KERUEN_DATA_DIR")
            .env_remove("SSH_CONNECTION")
            .stdin(Stdio::null());
        c
    }

    /// The command with its standard output a pipe whose reader is gone.
    pub fn run_closed(&self, args: &[&str]) -> Output {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        self.command(args)
            .env("BROWSER", "true")
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("run keruen")
    }

    /// The directory the fixture's files are in.
    pub fn dir(&self) -> &Path {
        self._dir.path()
    }

    pub fn first_id(&self) -> String {
        let out = self.run(&["list", "--json"]);
        let list: Value = serde_json::from_slice(&out.stdout).expect("list --json");
        list[0]["id"].as_i64().expect("an id").to_string()
    }
}

/// An RSS document of `items` items, item `i` dated `i + 1` hours ago.
pub fn rss(items: usize) -> String {
    let now = chrono::Utc::now();
    let mut s = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><link>https://example.kz/</link>",
    );
    for i in 0..items {
        s.push_str(&format!(
            "<item><title>Алматы жаңалығы {i}</title><link>https://example.kz/{i}</link>\
             <guid>https://example.kz/{i}</guid><author>Автор {i}</author>\
             <pubDate>{}</pubDate>\
             <description>Мәтін {i}: Алматыда жаңа саябақ ашылды.</description></item>",
            (now - chrono::Duration::hours(i as i64 + 1)).to_rfc2822()
        ));
    }
    s.push_str("</channel></rss>");
    s
}

/// A config with one hostile feed over a local file of `items` items,
/// refreshed once so that the cache holds them.
pub fn fixture(items: usize) -> Fixture {
    fixture_with(EVIL_NAME, EVIL_TAG, items)
}

/// [`fixture`] with this feed name and tag (TOML basic-string escapes allowed).
pub fn fixture_with(name: &str, tag: &str, items: usize) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.xml");
    std::fs::write(&feed, rss(items)).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[feeds]]\nname = \"{name}\"\nurl = \"{}\"\ntags = [\"{tag}\"]\n",
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

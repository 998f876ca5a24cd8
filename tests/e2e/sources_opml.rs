//! `keruen import` / `keruen export` through the binary: feeds appended to
//! a commented config without losing a byte of it, folders ↔ tags, and an
//! export → import round trip that gives back the same feeds.

use std::path::{Path, PathBuf};

use keruen::config;

use crate::common::run_binary;
use run_binary::keruen_text;

const CONFIG: &str = "# my keruen config — comments must survive\n\
[fetch]\nconcurrency = 4 # be gentle\n\n\
[[feeds]]\nname = \"inform\"\nurl = \"https://www.inform.kz/rss\"\ntags = [\"kz\"]\n\n\
[[feeds]]\nname = \"hn\"\nurl = \"https://hn.algolia.com/api/v1/search?tags=front_page\"\nkind = \"json\"\n\
[feeds.map]\nitems = \"hits\"\n\n\
# feeds I might add later:\n# [[feeds]]\n# name = \"tass\"\n";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources")
        .join(name)
}

#[test]
fn import_appends_and_keeps_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, CONFIG).unwrap();
    let opml = fixture("subscriptions.opml");
    let (code, out, err) = keruen_text(&cfg, dir.path(), &["import", opml.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported 4 feeds"), "{out}");
    assert!(out.contains("1 already there, 1 skipped"), "{out}");
    assert!(err.contains("skipped: Local"), "{err}");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.starts_with(CONFIG), "{text}");
    let s = config::load(&cfg).unwrap();
    let got: Vec<(&str, &str, Vec<&str>)> = s
        .feeds
        .iter()
        .skip(2)
        .map(|f| {
            (
                f.name.as_str(),
                f.url.as_str(),
                f.tags.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Kazinform",
                "https://www.inform.kz/rss/kaz.xml",
                vec!["Қазақстан"]
            ),
            (
                "Tengri",
                "https://tengrinews.kz/news.rss",
                vec!["Қазақстан", "Өңірлер"]
            ),
            (
                "Lobsters",
                "https://lobste.rs/rss",
                vec!["Tech", "programming", "news"]
            ),
            ("Tengri (2)", "https://tengrinews.kz/tech.rss", vec!["Tech"]),
        ]
    );
    // Importing again adds nothing.
    let (code, out, _) = keruen_text(&cfg, dir.path(), &["import", opml.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to import (5 feeds already"), "{out}");
}

#[test]
fn export_then_import_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, CONFIG).unwrap();
    let opml = fixture("subscriptions.opml");
    assert_eq!(
        keruen_text(&cfg, dir.path(), &["import", opml.to_str().unwrap()]).0,
        0
    );
    let (code, exported, err) = keruen_text(&cfg, dir.path(), &["export"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        exported.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">")
    );
    assert!(
        err.contains("not exported (other readers cannot use it): hn (kind \"json\")"),
        "{err}"
    );
    let file = dir.path().join("out.opml");
    std::fs::write(&file, &exported).unwrap();

    let fresh = dir.path().join("fresh.toml");
    std::fs::write(&fresh, "# empty\n").unwrap();
    let (code, out, err) = keruen_text(&fresh, dir.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let before = config::load(&cfg).unwrap();
    let after = config::load(&fresh).unwrap();
    let key = |s: &config::Settings| {
        let mut v: Vec<(String, String, Vec<String>)> = s
            .feeds
            .iter()
            .filter(|f| f.map.is_none())
            .map(|f| (f.name.clone(), f.url.to_string(), f.tags.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(key(&before), key(&after));
    assert_eq!(after.feeds.len(), 5);
}

#[test]
fn bad_opml_is_reported_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, CONFIG).unwrap();
    let bad = dir.path().join("bad.opml");
    std::fs::write(&bad, "<rss version=\"2.0\"><channel/></rss>").unwrap();
    let (code, _, err) = keruen_text(&cfg, dir.path(), &["import", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("root element is <rss>, expected <opml>"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), CONFIG);
}

//! newsboat-style urls files given with `--urls`: their feeds join the
//! config's once each, and a name the config already uses is an error that
//! names the file and the name.

use crate::common::run_binary::keruen_text;

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn thousands_of_urls_join_the_config_once_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write(
        dir.path(),
        "config.toml",
        "[[feeds]]\nname = \"x\"\nurl = \"https://x.kz/rss\"\n",
    );
    // 2,000 feeds, each listed twice, and the config's own feed again.
    let mut urls = String::from("https://x.kz/rss\n");
    for i in 0..2000 {
        urls.push_str(&format!("https://n{i}.kz/rss\nhttps://n{i}.kz/rss\n"));
    }
    let urls = write(dir.path(), "urls", &urls);
    let data = dir.path().join("data");
    let (code, out, err) = keruen_text(
        &config,
        &data,
        &["--urls", &urls.display().to_string(), "export"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("xmlUrl=").count(), 2001, "{err}");
    assert_eq!(out.matches("xmlUrl=\"https://x.kz/rss\"").count(), 1);
    assert_eq!(out.matches("xmlUrl=\"https://n1999.kz/rss\"").count(), 1);
}

#[test]
fn a_name_the_config_already_uses_is_an_error_naming_file_and_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Names compare trimmed and without case, as everywhere in the config.
    let config = write(
        dir.path(),
        "config.toml",
        "[[feeds]]\nname = \"A.kz/RSS\"\nurl = \"https://other.kz/feed\"\n",
    );
    let urls = write(dir.path(), "urls", "https://a.kz/rss\n");
    let data = dir.path().join("data");
    let (code, out, err) = keruen_text(
        &config,
        &data,
        &["--urls", &urls.display().to_string(), "export"],
    );
    assert_ne!(code, 0, "{out}");
    assert!(err.contains(&urls.display().to_string()), "{err}");
    assert!(err.contains("a.kz/rss"), "{err}");
}

//! The CLI verbs a script uses, run as the real binary against a cache
//! refreshed from a local feed file: search arguments, names and ids,
//! `show`, `mark` and `open`.

use crate::common::run_binary;
use run_binary::{Fixture, fixture_with};

fn plain() -> Fixture {
    fixture_with("ClusterA", "kz", 5)
}

fn stdout(f: &Fixture, args: &[&str]) -> (i32, String, String) {
    let out = f.run(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_query_means_the_same_as_one_argument_or_many() {
    let f = plain();
    let many = stdout(
        &f,
        &["search", "--json", "Алматы", "since:7d", "feed:clustera"],
    );
    let one = stdout(&f, &["search", "--json", "Алматы since:7d feed:clustera"]);
    assert_eq!(many.0, 0, "{many:?}");
    assert_eq!(one, many);
    let hits: serde_json::Value = serde_json::from_str(&one.1).unwrap();
    assert_eq!(hits.as_array().map(Vec::len), Some(5), "{hits}");
}

#[test]
fn a_word_with_a_hyphen_leaves_articles_out_without_dashes() {
    let f = plain();
    // Item 3's title is "Алматы жаңалығы 3": leaving out "3" leaves four.
    let (code, out, err) = stdout(&f, &["search", "Алматы", "-3", "--json", "-n", "10"]);
    assert_eq!(code, 0, "{err}");
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    let titles: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["article"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(!titles.iter().any(|t| t.ends_with(" 3")), "{titles:?}");
}

#[test]
fn feed_names_on_the_command_line_ignore_case() {
    let f = plain();
    let (code, out, err) = stdout(&f, &["refresh", "--feed", "clustera"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ClusterA: "), "{out}");
    // One feed is "1 feed", not "1 feeds".
    assert!(out.contains("\n1 feed in "), "{out}");
    let (code, out, err) = stdout(&f, &["list", "--feed", "CLUSTERA", "--count"]);
    assert_eq!((code, out.trim()), (0, "5"), "{err}");
}

#[test]
fn an_unknown_article_id_is_said_in_words() {
    let f = plain();
    for verb in [&["related"][..], &["show"], &["open"], &["mark", "--read"]] {
        let args: Vec<&str> = verb.iter().copied().chain(["99999"]).collect();
        let (code, _, err) = stdout(&f, &args);
        assert_ne!(code, 0);
        assert!(err.contains("no article with id 99999"), "{verb:?}: {err}");
        assert!(!err.contains("ArticleId"), "{verb:?}: {err}");
    }
}

fn list(f: &Fixture) -> Vec<serde_json::Value> {
    let out = f.run(&["list", "--json", "-n", "100"]);
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap()
}

#[test]
fn show_prints_the_article_as_plain_text_and_json() {
    let f = plain();
    let id = f.first_id();
    let (code, out, err) = stdout(&f, &["show", &id]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Алматы жаңалығы 0", "{out}");
    assert_eq!(lines[1], "Feed:   ClusterA");
    assert_eq!(lines[2], "Author: Автор 0");
    assert!(lines[3].starts_with("Date:   "), "{out}");
    assert_eq!(lines[4], "Link:   https://example.kz/0");
    assert_eq!(lines[5], format!("Id:     {id}"));
    assert!(
        out.contains("Мәтін 0: Алматыда жаңа саябақ ашылды."),
        "{out}"
    );
    assert!(!out.contains('<'), "HTML in the text: {out}");

    let (code, out, err) = stdout(&f, &["show", "--json", &id]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["id"].to_string(), id);
    assert_eq!(v["title"], "Алматы жаңалығы 0");
    assert_eq!(v["feed_name"], "ClusterA");
    assert_eq!(v["link"], "https://example.kz/0");
    assert!(
        v["text"].as_str().unwrap().contains("Алматыда жаңа саябақ"),
        "{v}"
    );
}

#[test]
fn mark_sets_read_and_starred_through_the_store() {
    let f = plain();
    let ids: Vec<String> = list(&f).iter().map(|a| a["id"].to_string()).collect();
    let (code, out, err) = stdout(&f, &["mark", &ids[0], &ids[1], "--read"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "2 articles marked read");
    let (_, unread, _) = stdout(&f, &["list", "--unread", "--count"]);
    assert_eq!(unread.trim(), "3");
    let (code, out, _) = stdout(&f, &["mark", &ids[1], "--unread"]);
    assert_eq!((code, out.trim()), (0, "1 article marked unread"));
    let (_, unread, _) = stdout(&f, &["list", "--unread", "--count"]);
    assert_eq!(unread.trim(), "4");

    assert_eq!(stdout(&f, &["mark", &ids[2], "--star"]).0, 0);
    let starred: Vec<String> = list(&f)
        .iter()
        .filter(|a| a["starred"] == true)
        .map(|a| a["id"].to_string())
        .collect();
    assert_eq!(starred, [ids[2].clone()]);
    assert_eq!(stdout(&f, &["mark", &ids[2], "--unstar"]).0, 0);
    assert!(list(&f).iter().all(|a| a["starred"] == false));

    // One unknown id: nothing is changed, and the error names it.
    let (code, _, err) = stdout(&f, &["mark", &ids[3], "424242", "--read"]);
    assert_ne!(code, 0);
    assert!(err.contains("no article with id 424242"), "{err}");
    let (_, unread, _) = stdout(&f, &["list", "--unread", "--count"]);
    assert_eq!(unread.trim(), "4");
    // Exactly one of the four states.
    assert_ne!(stdout(&f, &["mark", &ids[0]]).0, 0);
    assert_ne!(stdout(&f, &["mark", &ids[0], "--read", "--star"]).0, 0);
}

#[test]
fn open_runs_the_browser_with_the_link() {
    let f = plain();
    let id = f.first_id();
    let seen = f.dir().join("opened.txt");
    let script = f.dir().join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", seen.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = f
        .command(&["open", &id])
        .env("BROWSER", &script)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    // The browser is waited for, so its work is done when keruen returns.
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap(),
        "https://example.kz/0"
    );
}

#[test]
fn completions_and_the_man_page_need_no_config() {
    let dir = tempfile::tempdir().unwrap();
    // A config that does not exist (given explicitly, so an error for
    // every other command) does not stop these.
    let missing = dir.path().join("missing.toml");
    let run = |args: &[&str]| {
        let out = run_binary::keruen(&missing, dir.path(), args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let bash = run(&["completions", "bash"]);
    assert!(
        bash.contains("_keruen()") && bash.contains("--unstar"),
        "{bash}"
    );
    assert!(run(&["completions", "zsh"]).starts_with("#compdef keruen"));
    assert!(run(&["completions", "fish"]).contains("complete -c keruen"));
    let man = run(&["man"]);
    assert!(man.contains(".TH keruen 1"), "{man}");
    for verb in ["show", "mark", "open", "search"] {
        assert!(man.contains(&format!(".SS \"keruen {verb}\"")), "{verb}");
    }
    assert!(
        !man.contains("keruen\\-show(1)"),
        "points at a page not installed"
    );
    assert!(
        !run_binary::keruen(&missing, dir.path(), &["list"])
            .status
            .success()
    );
}

#[test]
fn times_are_shown_in_the_local_zone() {
    use chrono::{DateTime, Utc};
    let f = plain();
    let first = &list(&f)[0];
    let id = first["id"].to_string();
    let date: DateTime<Utc> = first["published"].as_str().unwrap().parse().unwrap();
    let almaty = date.with_timezone(&chrono_tz::Asia::Almaty);
    let run = |tz: &str, args: &[&str]| {
        let out = f.command(args).env("TZ", tz).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let listed = run("Asia/Almaty", &["list", "-n", "1"]);
    let local = almaty.format("%Y-%m-%d %H:%M").to_string();
    assert!(listed.contains(&local), "{local} not in {listed}");
    let shown = run("Asia/Almaty", &["show", &id]);
    let full = format!("Date:   {}", almaty.format("%Y-%m-%d %H:%M %:z"));
    assert!(shown.contains(&full), "{full} not in {shown}");
    let found = run("Asia/Almaty", &["search", "Алматы", "-n", "10"]);
    let line = found
        .lines()
        .find(|l| l.ends_with(&format!("[id {id}]")))
        .unwrap_or_else(|| panic!("no id {id} in {found}"));
    assert!(line.contains(&local), "{local} not in {line}");
    // The same article in UTC.
    let utc = run("UTC", &["show", &id]);
    let full = format!("Date:   {}", date.format("%Y-%m-%d %H:%M UTC"));
    assert!(utc.contains(&full), "{full} not in {utc}");
}

#[test]
fn check_config_reports_every_error_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[[feeds]]\nname = \"page\"\nurl = \"https://a.kz/\"\nkind = \"html\"\n\
         [[feeds]]\nname = \"b\"\nurl = \"ftp://b.kz/rss\"\n\
         [[feeds]]\nname = \"c\"\nurl = \"https://c.kz/rss\"\ntimezone = \"Asia/Almati\"\n",
    )
    .unwrap();
    let (code, _, err) = run_binary::keruen_text(&config, dir.path(), &["check-config"]);
    assert_ne!(code, 0);
    let path = config.display().to_string();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with(&format!("keruen: {path}:4:8: `feeds[0].kind`: a kind = \"html\" feed needs a [feeds.select] table")), "{err}");
    assert!(!err.contains("out of range"), "{err}");
    assert!(
        lines[1].starts_with(&format!("{path}:7:7: `feeds[1].url`")),
        "{err}"
    );
    assert!(
        lines[2].starts_with(&format!("{path}:11:12: `feeds[2].timezone`")),
        "{err}"
    );

    // [keys]: each bad entry, at its line and column.
    std::fs::write(
        &config,
        "[keys]\nj = \"scroll_dwon\"\nctrl-q = \"quit\"\n\"bad key!\" = \"quit\"\n",
    )
    .unwrap();
    let (code, _, err) = run_binary::keruen_text(&config, dir.path(), &["check-config"]);
    assert_ne!(code, 0);
    assert!(
        err.contains(&format!("{path}:2:5: [keys] \"j\" = \"scroll_dwon\"")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{path}:4:14: [keys] \"bad key!\"")),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn a_refresh_waiting_for_another_says_so_while_it_waits() {
    use std::io::BufRead;
    let f = plain();
    // Hold the cache's refresh lock as another keruen (the TUI) would.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(f.data.join("cache.refresh-lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = f
        .command(&["refresh", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let line = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("a line on stderr while waiting");
    assert!(
        line.contains("another keruen is refreshing this cache; waiting"),
        "{line}"
    );
    // Still waiting: nothing refreshed yet.
    assert!(child.try_wait().unwrap().is_none());
    drop(lock);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("\"finished\""), "{stdout}");
}

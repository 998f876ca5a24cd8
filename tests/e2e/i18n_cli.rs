//! The headless commands in Kazakh, Russian and English, run as the real
//! binary with only the locale changed (`LC_ALL`, `LC_MESSAGES` and `LANG`
//! cleared first): `list`, `search`, `top`, `related`, `check-config`,
//! `show`, `mark`, errors, `--help`; and `--json`, which never changes.

use std::path::PathBuf;
use std::process::Output;

use crate::common::run_binary;

const KK: &[(&str, &str)] = &[("LANG", "kk_KZ.UTF-8")];
const RU: &[(&str, &str)] = &[("LANG", "ru_RU.UTF-8")];
const EN: &[(&str, &str)] = &[("LANG", "en_US.UTF-8")];

/// An RSS feed whose items report views (media:statistics), dated hours ago.
fn rss(items: &[(&str, &str, u64, i64)]) -> String {
    let now = chrono::Utc::now();
    let mut s = String::from(
        r#"<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title><link>https://example.kz/</link>"#,
    );
    for (guid, title, views, hours) in items {
        s.push_str(&format!(
            "<item><title>{title}</title><link>https://example.kz/{guid}</link><guid>{guid}</guid>\
             <author>Айгерім Сапарова</author><pubDate>{}</pubDate>\
             <description>{title}. Қала әкімдігі хабарлады.</description>\
             <media:statistics views=\"{views}\"/></item>",
            (now - chrono::Duration::hours(*hours)).to_rfc2822()
        ));
    }
    s.push_str("</channel></rss>");
    s
}

struct Cache {
    _dir: tempfile::TempDir,
    config: PathBuf,
    data: PathBuf,
}

/// Two feeds carrying the same story (12 000 + 345 views, 3 hours old),
/// and one more story in the first; refreshed once.
fn cache() -> Cache {
    let dir = tempfile::tempdir().unwrap();
    let story = "Алматыда жаңа саябақ ашылды";
    let a = dir.path().join("a.xml");
    std::fs::write(
        &a,
        rss(&[
            ("a1", story, 12_000, 3),
            ("a2", "Астанада халықаралық форум өтті", 40, 5),
        ]),
    )
    .unwrap();
    let b = dir.path().join("b.xml");
    std::fs::write(&b, rss(&[("b1", story, 345, 3)])).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[feeds]]\nname = \"tengri\"\nurl = \"{}\"\n\n[[feeds]]\nname = \"inform\"\nurl = \"{}\"\n",
            a.display(),
            b.display()
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    let c = Cache {
        _dir: dir,
        config,
        data,
    };
    assert!(c.run(&["refresh"], EN).status.success());
    c
}

impl Cache {
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        run_binary::keruen_with_env(&self.config, &self.data, args, env)
    }

    /// (stdout, stderr) of a run that must succeed.
    fn ok(&self, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
        let out = self.run(args, env);
        assert!(out.status.success(), "{args:?} {env:?}: {out:?}");
        text(out)
    }

    /// stderr of a run that must fail.
    fn fails(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let out = self.run(args, env);
        assert!(!out.status.success(), "{args:?} {env:?}: {out:?}");
        text(out).1
    }

    fn id_of(&self, guid: &str) -> String {
        let (json, _) = self.ok(&["list", "--json"], EN);
        let list: serde_json::Value = serde_json::from_str(&json).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["guid"] == guid || a["link"].as_str().is_some_and(|l| l.ends_with(guid)))
            .and_then(|a| a["id"].as_i64())
            .unwrap_or_else(|| panic!("no {guid} in {json}"))
            .to_string()
    }
}

fn text(out: Output) -> (String, String) {
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn top_says_why_in_each_language() {
    let c = cache();
    let (kk, _) = c.ok(&["top"], KK);
    assert!(
        kk.contains("12,3 мың рет қаралды · 2 дереккөз · 3 сағат бұрын"),
        "{kk}"
    );
    let (ru, _) = c.ok(&["top"], RU);
    assert!(
        ru.contains("12,3 тыс. просмотров · 2 источника · 3 часа назад"),
        "{ru}"
    );
    let (en, _) = c.ok(&["top"], EN);
    assert!(en.contains("12.3k views · 2 sources · 3h ago"), "{en}");
    // A story with one source: its views in the plural the number wants.
    assert!(ru.contains("40 просмотров · 5 часов назад"), "{ru}");
    assert!(kk.contains("40 рет қаралды · 5 сағат бұрын"), "{kk}");
    let (none, _) = c.ok(&["top", "--since", "1m"], KK);
    assert_eq!(none.trim(), "бұл аралықта жаңалық жоқ");
}

#[test]
fn list_and_search_errors_and_notes_in_kazakh_and_russian() {
    let c = cache();
    let kk = c.fails(&["list", "--feed", "kazinform"], KK);
    assert_eq!(kk.trim(), "keruen: қате: кэште «kazinform» деген арна жоқ");
    let ru = c.fails(&["list", "--feed", "kazinform"], RU);
    assert_eq!(ru.trim(), "keruen: ошибка: в кэше нет ленты «kazinform»");
    // The articles themselves are the same in every language.
    let (kk, _) = c.ok(&["list"], KK);
    let (en, _) = c.ok(&["list"], EN);
    assert_eq!(kk, en);

    let out = c.run(&["search", "жоқсөз"], KK);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(out).1.trim(), "ештеңе табылмады");
    let out = c.run(&["search", "жоқсөз"], RU);
    assert_eq!(text(out).1.trim(), "ничего не найдено");
    let ru = c.fails(&["search", "саябақ", "tag:спорт"], RU);
    assert!(
        ru.contains("tag:спорт — такого тега нет ни у одной ленты; используемые теги: (нет)"),
        "{ru}"
    );
    let kk = c.fails(&["search", "саябақ", "feed:kaz"], KK);
    assert!(
        kk.contains("feed:kaz — мұндай арна жоқ; кэштегі арналар: "),
        "{kk}"
    );
    let kk = c.fails(&["search", "саябақ", "-n", "көп"], KK);
    assert!(kk.contains("-n \"көп\": бұл сан емес"), "{kk}");

    // No cache yet: the note names it, in the reader's language.
    let empty = tempfile::tempdir().unwrap();
    let out = run_binary::keruen_with_env(&c.config, &empty.path().join("none"), &["list"], RU);
    assert!(
        text(out)
            .1
            .contains("пуст; сначала запустите `keruen refresh`")
    );
}

#[test]
fn check_config_summarises_in_kazakh_and_russian() {
    let c = cache();
    let path = c.config.display().to_string();
    let (kk, _) = c.ok(&["check-config"], KK);
    assert!(
        kk.starts_with(&format!("{path}: қате жоқ\n2 арна:\n")),
        "{kk}"
    );
    assert!(kk.contains("\nкэш: "), "{kk}");
    let (ru, _) = c.ok(&["check-config"], RU);
    assert!(
        ru.starts_with(&format!("{path}: ошибок нет\n2 ленты:\n")),
        "{ru}"
    );
    // The errors quote the file as it is; the frame around them is Kazakh.
    std::fs::write(
        &c.config,
        "[[feeds]]\nname = \"a\"\nurl = \"ftp://a.kz/rss\"\n",
    )
    .unwrap();
    let kk = c.fails(&["check-config"], KK);
    assert!(
        kk.starts_with(&format!("keruen: қате: {path}:3:7: `feeds[0].url`")),
        "{kk}"
    );
    // No file where the platform puts it: the built-in defaults, in Russian.
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_keruen"));
    for var in run_binary::LOCALE_VARS {
        cmd.env_remove(var);
    }
    let out = cmd
        .args(["--data-dir"])
        .arg(&c.data)
        .arg("check-config")
        .env_remove("KERUEN_CONFIG")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("LANG", "ru_RU.UTF-8")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let (ru, _) = text(out);
    assert!(
        ru.contains("используются встроенные настройки по умолчанию"),
        "{ru}"
    );
}

#[test]
fn show_mark_and_related_in_kazakh_and_russian() {
    let c = cache();
    let id = c.id_of("a1");
    let (kk, _) = c.ok(&["show", &id], KK);
    let lines: Vec<&str> = kk.lines().collect();
    assert_eq!(lines[0], "Алматыда жаңа саябақ ашылды");
    assert_eq!(lines[1], "Арна:    tengri");
    assert_eq!(lines[2], "Автор:   Айгерім Сапарова");
    assert!(
        lines[3].starts_with("Күні:    ") && lines[3].contains(" жылғы "),
        "{kk}"
    );
    assert_eq!(lines[4], "Сілтеме: https://example.kz/a1");
    assert_eq!(lines[5], format!("Нөмірі:  {id}"));
    let (ru, _) = c.ok(&["show", &id], RU);
    assert!(
        ru.contains("\nЛента:  tengri\n") && ru.contains("\nСсылка: https://"),
        "{ru}"
    );
    let (en, _) = c.ok(&["show", &id], EN);
    assert!(en.contains("\nFeed:   tengri\nAuthor: Айгерім"), "{en}");

    let other = c.id_of("a2");
    let (ru, _) = c.ok(&["mark", &id, &other, "--read"], RU);
    assert_eq!(ru.trim(), "2 статьи отмечены как прочитанные");
    let (kk, _) = c.ok(&["mark", &id, "--star"], KK);
    assert_eq!(kk.trim(), "1 мақала таңдаулыға қосылды");
    let (en, _) = c.ok(&["mark", &id, "--unstar"], EN);
    assert_eq!(en.trim(), "1 article marked unstarred");

    let (ru, _) = c.ok(&["related", &other], RU);
    assert!(
        ru.starts_with("Новости, похожие на «Астанада халықаралық форум өтті»:\n"),
        "{ru}"
    );
    let kk = c.fails(&["show", "999999"], KK);
    assert!(kk.starts_with("keruen: қате: "), "{kk}");
}

#[test]
fn open_without_a_browser_says_why_in_russian() {
    let c = cache();
    let id = c.id_of("a1");
    let out = run_binary::keruen_with_env(
        &c.config,
        &c.data,
        &["open", &id],
        &[
            ("LANG", "ru_RU.UTF-8"),
            ("SSH_CONNECTION", "10.0.0.1 1 10.0.0.2 22"),
            ("BROWSER", ""),
            ("DISPLAY", ""),
            ("WAYLAND_DISPLAY", ""),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let (stdout, stderr) = text(out);
    assert_eq!(stdout.trim(), "https://example.kz/a1");
    assert!(
        stderr.contains("keruen: не открыто (Вход по SSH, браузер не задан"),
        "{stderr}"
    );
}

#[test]
fn json_is_the_same_bytes_in_every_language() {
    let c = cache();
    let id = c.id_of("a1");
    for args in [
        vec!["list", "--json"],
        vec!["search", "--json", "саябақ"],
        vec!["show", "--json", &id],
        vec!["related", "--json", &id],
    ] {
        let (kk, _) = c.ok(&args, KK);
        let (ru, _) = c.ok(&args, RU);
        let (en, _) = c.ok(&args, EN);
        assert_eq!(kk, en, "{args:?}");
        assert_eq!(ru, en, "{args:?}");
    }
    // Top's score decays with the clock between two runs; everything else,
    // the why included, is the same data in every language.
    let top = |env| {
        let (json, _) = c.ok(&["top", "--json"], env);
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        for e in v.as_array_mut().unwrap() {
            e.as_object_mut().unwrap().remove("score");
        }
        v
    };
    let (kk, en) = (top(KK), top(EN));
    assert_eq!(kk, en);
    assert_eq!(en[0]["why"]["views"], 12_345, "{en}");
    assert_eq!(en[0]["why"]["sources"], 2, "{en}");
    assert!(
        en[0]["why"]["first_seen"].as_str().unwrap().ends_with('Z'),
        "{en}"
    );
}

#[test]
fn help_in_kazakh_and_russian() {
    let c = cache();
    let (kk, _) = c.ok(&["--help"], KK);
    assert!(kk.contains("Қолданылуы: keruen"), "{kk}");
    assert!(
        kk.contains("Командалар:") && kk.contains("Опциялар:"),
        "{kk}"
    );
    assert!(
        kk.contains("Кэштен толық мәтінді іздеу, ең сәйкесі басында"),
        "{kk}"
    );
    let (ru, _) = c.ok(&["check-config", "--help"], RU);
    assert!(ru.starts_with("Проверить файл настроек"), "{ru}");
    assert!(ru.contains("Использование: keruen check-config"), "{ru}");
    assert!(
        ru.contains("-h, --help") && ru.contains("Показать справку"),
        "{ru}"
    );
    let (ru, _) = c.ok(&["search", "--help"], RU);
    assert!(ru.contains("Наибольшее число результатов"), "{ru}");
    assert!(ru.contains("«Алматы» находит «Алматыда»"), "{ru}");
    let (kk, _) = c.ok(&["show", "-h"], KK);
    assert!(
        kk.contains("Аргументтер:\n  <ARTICLE>  Мақаланың нөмірі"),
        "{kk}"
    );
    // LC_ALL wins over LANG for --help as for everything else.
    let (en, _) = c.ok(
        &["--help"],
        &[("LANG", "kk_KZ.UTF-8"), ("LC_ALL", "en_GB.UTF-8")],
    );
    assert!(
        en.contains("Usage: keruen") && en.contains("Print help"),
        "{en}"
    );
}

#[test]
fn a_waiting_refresh_says_so_in_kazakh() {
    use std::io::BufRead;
    let c = cache();
    // Hold the cache's refresh lock as another keruen (the TUI) would.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(c.data.join("cache.refresh-lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_keruen"));
    for var in run_binary::LOCALE_VARS {
        cmd.env_remove(var);
    }
    let mut child = cmd
        .arg("--config")
        .arg(&c.config)
        .arg("--data-dir")
        .arg(&c.data)
        .arg("refresh")
        .env_remove("KERUEN_CONFIG")
        .env_remove("KERUEN_DATA_DIR")
        .env("LANG", "kk_KZ.UTF-8")
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
    assert_eq!(
        line,
        "keruen: осы кэшті басқа keruen жаңартып жатыр; оның аяқталуы күтілуде"
    );
    drop(lock);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

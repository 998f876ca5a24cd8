//! The interface in Kazakh and Russian: whole screens on TestBackend at
//! 80x24 and 40x12, the CLI's refresh summary, and the real binary in a
//! PTY with `LANG=kk_KZ.UTF-8`.

use crate::common;
use crate::common::pty;
use crate::common::run_binary;

use common::*;
use keruen::app::{self, AppState, Msg};
use keruen::config::settings::ThemeName;
use keruen::i18n::Lang;
use keruen::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_segmentation::UnicodeSegmentation;

/// A first start: no feed in the config or the cache.
fn welcome_in(lang: Lang, w: u16, h: u16) -> AppState {
    let (mut s, _) = app::init(keruen::app::Keymap::defaults(), now(), false);
    s.lang = lang;
    s.setup = keruen::app::state::Setup {
        config_path: "/home/aigerim/.config/keruen/config.toml".into(),
        config_exists: false,
        configured_feeds: 0,
    };
    settle(&mut s, Msg::Resize(w, h));
    app::update(&mut s, Msg::FeedsLoaded(Vec::new()));
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: Vec::new(),
        },
    );
    s
}

fn screen(state: &AppState, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::from_name(ThemeName::Default);
    terminal.draw(|f| ui::render(state, &theme, f)).unwrap();
    let text = terminal.backend().to_string();
    // Every row holds whole graphemes: nothing cut in the middle of one
    // (a cut would leave a lone combining mark or a half-drawn wide char).
    for line in text.lines() {
        for g in line.graphemes(true) {
            assert!(
                !g.starts_with(|c: char| ('\u{300}'..='\u{36f}').contains(&c)),
                "a grapheme was cut in {line:?}"
            );
        }
    }
    text
}

fn with_reader(s: &mut AppState) {
    press(s, "tab");
    press(s, "enter");
    settle(
        s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    app::update(
        s,
        Msg::RelatedLoaded {
            reports: Vec::new(),
            article: keruen::domain::ArticleId(1),
            related: related_to_first(),
        },
    );
}

fn with_top(s: &mut AppState) {
    press(s, "tab");
    press(s, "t");
    app::update(
        s,
        Msg::TopLoaded {
            tag: None,
            entries: top_entries(),
        },
    );
}

#[test]
fn main_screens_in_kazakh_and_russian() {
    for (lang, tag) in [(Lang::Kk, "kk"), (Lang::Ru, "ru")] {
        for (w, h) in [(80u16, 24u16), (40, 12)] {
            let s = loaded_in(lang, w, h);
            insta::assert_snapshot!(format!("{tag}_feeds_{w}x{h}"), screen(&s, w, h));
            let mut s = loaded_in(lang, w, h);
            with_reader(&mut s);
            insta::assert_snapshot!(format!("{tag}_reader_{w}x{h}"), screen(&s, w, h));
            let mut s = loaded_in(lang, w, h);
            with_top(&mut s);
            insta::assert_snapshot!(format!("{tag}_top_{w}x{h}"), screen(&s, w, h));
            let mut s = loaded_in(lang, w, h);
            press(&mut s, "?");
            insta::assert_snapshot!(format!("{tag}_help_{w}x{h}"), screen(&s, w, h));
            let s = welcome_in(lang, w, h);
            insta::assert_snapshot!(format!("{tag}_welcome_{w}x{h}"), screen(&s, w, h));
        }
    }
}

#[test]
fn the_screens_speak_the_chosen_language_only() {
    let kk = screen(&loaded_in(Lang::Kk, 80, 24), 80, 24);
    assert!(
        kk.contains("Арналар") && kk.contains("Барлық мақалалар"),
        "{kk}"
    );
    assert!(
        !kk.contains("Feeds") && !kk.contains("All articles"),
        "{kk}"
    );
    let ru = screen(&loaded_in(Lang::Ru, 80, 24), 80, 24);
    assert!(ru.contains("Ленты") && ru.contains("Все статьи"), "{ru}");
    let en = screen(&loaded_in(Lang::En, 80, 24), 80, 24);
    assert!(en.contains("Feeds") && en.contains("All articles"), "{en}");
    let mut top = loaded_in(Lang::Kk, 80, 24);
    with_top(&mut top);
    let top = screen(&top, 80, 24);
    assert!(top.contains("Топ жаңалықтар · 7 күн"), "{top}");
    let mut reader = loaded_in(Lang::Ru, 80, 24);
    with_reader(&mut reader);
    let reader = screen(&reader, 80, 24);
    assert!(reader.contains("Похожие новости"), "{reader}");
}

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tengri</title><link>https://example.kz/</link>
<item><title>Алматыда жаңа саябақ ашылды</title><link>https://example.kz/1</link><guid>kz-1</guid></item>
<item><title>Астанада форум өтті</title><link>https://example.kz/2</link><guid>kz-2</guid></item>
</channel></rss>"#;

fn one_feed(dir: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let feed = dir.join("kz.xml");
    std::fs::write(&feed, FEED).unwrap();
    let config = dir.join("config.toml");
    let url = pty::file_url(&feed);
    std::fs::write(
        &config,
        format!("{extra}\n[[feeds]]\nname = \"tengri\"\nurl = \"{url}\"\n"),
    )
    .unwrap();
    config
}

fn refresh_summary(lang_env: &[(&str, &str)], extra: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let config = one_feed(tmp.path(), extra);
    let out =
        run_binary::keruen_with_env(&config, &tmp.path().join("data"), &["refresh"], lang_env);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_refresh_summary_follows_the_locale() {
    let kk = refresh_summary(&[("LANG", "kk_KZ.UTF-8")], "");
    assert!(kk.contains("tengri: 2 жаңа, 0 жаңартылды"), "{kk}");
    assert!(kk.contains("1 арна") && kk.contains("0 қате"), "{kk}");
    let ru = refresh_summary(&[("LANG", "ru_RU.UTF-8")], "");
    assert!(ru.contains("tengri: новых 2, обновлено 0"), "{ru}");
    assert!(
        ru.contains("1 лента за ") && ru.contains("с ошибкой 0"),
        "{ru}"
    );
    // LC_ALL wins over LANG; a locale keruen has no catalogue for is English.
    let en = refresh_summary(&[("LANG", "ru_RU.UTF-8"), ("LC_ALL", "de_DE.UTF-8")], "");
    assert!(
        en.contains("tengri: 2 new, 0 updated") && en.contains("1 feed in "),
        "{en}"
    );
    // The config's ui.language wins over the locale.
    let kk = refresh_summary(&[("LANG", "ru_RU.UTF-8")], "[ui]\nlanguage = \"kk\"\n");
    assert!(kk.contains("2 жаңа"), "{kk}");
}

#[test]
fn json_output_stays_language_neutral() {
    let tmp = tempfile::tempdir().unwrap();
    let config = one_feed(tmp.path(), "");
    let data = tmp.path().join("data");
    let run = |lang: &str, args: &[&str]| {
        let out = run_binary::keruen_with_env(&config, &data, args, &[("LANG", lang)]);
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let kk = run("kk_KZ.UTF-8", &["refresh", "--json"]);
    assert!(kk.contains("\"event\"") && !kk.contains("жаңа,"), "{kk}");
    let kk = run("kk_KZ.UTF-8", &["list", "--json"]);
    let en = run("C", &["list", "--json"]);
    assert_eq!(kk, en);
}

#[test]
fn an_unknown_language_in_the_config_is_refused_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let config = one_feed(tmp.path(), "[ui]\nlanguage = \"kz\"\n");
    let out = run_binary::keruen(&config, &tmp.path().join("data"), &["check-config"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("ui.language") && err.contains(":2:12"),
        "{err}"
    );
}

#[test]
fn the_tui_speaks_kazakh_under_a_kazakh_locale() {
    let tmp = tempfile::tempdir().unwrap();
    let config = one_feed(tmp.path(), "[fetch]\nrefresh_interval = \"off\"\n");
    let data = tmp.path().join("data");
    pty::run_ok(&config, &data, &["refresh"]);
    let mut app = pty::PtyApp::spawn_with_env(&config, &data, 80, 24, &[("LANG", "kk_KZ.UTF-8")]);
    app.wait_for_text(&["Арналар", "Барлық мақалалар", "Алматыда жаңа саябақ ашылды"]);
    app.wait_for_text(&["анықтама"]);
    app.send(b"q");
    assert!(app.wait_exit().success());
}

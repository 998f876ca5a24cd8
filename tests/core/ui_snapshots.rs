//! Whole-screen snapshots of the TUI on ratatui's TestBackend: each pane
//! state at 80x24, the main screen at 200x50, with Kazakh, Russian, CJK and
//! very long titles; and tiny terminals that must not panic.

use crate::common;

use common::*;
use keruen::app::{self, AppState, Msg};
use keruen::config::settings::ThemeName;
use keruen::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(state: &AppState, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::from_name(ThemeName::Default);
    terminal.draw(|f| ui::render(state, &theme, f)).unwrap();
    terminal
}

fn screen(state: &AppState, w: u16, h: u16) -> String {
    draw(state, w, h).backend().to_string()
}

#[test]
fn feeds_focused_80x24() {
    let s = loaded(80, 24);
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn article_list_focused_80x24() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "j");
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn reader_open_80x24() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    let effects = press(&mut s, "enter");
    answer_reads(&mut s, effects);
    settle(
        &mut s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    let t = draw(&s, 80, 24);
    insta::assert_snapshot!(t.backend().to_string());
    // Link text is styled (underlined), the words around it are not.
    let buf = t.backend().buffer();
    let modifier = |x: u16, y: u16| buf[(x, y)].modifier;
    assert_eq!(buf[(2, 7)].symbol(), "ғ");
    assert!(modifier(2, 7).contains(ratatui::style::Modifier::UNDERLINED));
    assert!(!modifier(2, 6).contains(ratatui::style::Modifier::UNDERLINED));
}

#[test]
fn help_overlay_80x24() {
    let mut s = loaded(80, 24);
    press(&mut s, "?");
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn filter_and_refresh_progress_80x24() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    app::update(
        &mut s,
        Msg::Refresh(app::RefreshEvent::Started { total: 40 }),
    );
    for _ in 0..12 {
        app::update(
            &mut s,
            Msg::Refresh(app::RefreshEvent::FeedDone {
                feed: keruen::domain::FeedId(99),
                name: "x".into(),
                outcome: keruen::domain::FeedOutcome::NotModified,
            }),
        );
    }
    press(&mut s, "/");
    for c in "алм".chars() {
        press(&mut s, &c.to_string());
    }
    press(&mut s, "enter");
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn main_screen_200x50() {
    let mut s = loaded(200, 50);
    press(&mut s, "tab");
    insta::assert_snapshot!(screen(&s, 200, 50));
}

#[test]
fn tiny_terminals_do_not_panic() {
    // (TestBackend cannot print a 0x0 buffer, so these are only drawn.)
    for (w, h) in [
        (20, 5),
        (1, 1),
        (2, 2),
        (5, 1),
        (1, 5),
        (10, 3),
        (59, 4),
        (0, 0),
    ] {
        let mut s = loaded(w, h);
        draw(&s, w, h);
        press(&mut s, "tab");
        draw(&s, w, h);
        press(&mut s, "enter");
        settle(
            &mut s,
            Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
        );
        draw(&s, w, h);
        press(&mut s, "?");
        draw(&s, w, h);
    }
    let s = loaded(20, 5);
    insta::assert_snapshot!(screen(&s, 20, 5));
}

#[test]
fn every_theme_renders_and_mono_has_no_colour() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    for name in [ThemeName::Default, ThemeName::Ansi16, ThemeName::Mono] {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let theme = Theme::from_name(name);
        terminal.draw(|f| ui::render(&s, &theme, f)).unwrap();
        let buf = terminal.backend().buffer();
        let coloured = buf
            .content()
            .iter()
            .any(|c| c.fg != ratatui::style::Color::Reset || c.bg != ratatui::style::Color::Reset);
        assert_eq!(coloured, name != ThemeName::Mono, "{name:?}");
    }
}

#[test]
fn wide_characters_stay_aligned() {
    // CJK counts two columns a character: the date and the border after
    // the CJK title land in the same columns as on every other row.
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    let t = draw(&s, 80, 24);
    let buf = t.backend().buffer();
    // The right border of the article pane is on the CJK title's row too.
    let cjk_row = (0..24)
        .find(|&y| (0..80).any(|x| buf[(x, y)].symbol() == "東"))
        .unwrap();
    assert_eq!(buf[(79, cjk_row)].symbol(), "│");
    let kz_row = (0..24)
        .find(|&y| (0..80).any(|x| buf[(x, y)].symbol() == "Қ"))
        .unwrap();
    for row in [cjk_row, kz_row] {
        assert_eq!(
            buf[(78, row)].symbol(),
            if row == cjk_row { "8" } else { "m" }
        );
        assert_eq!(
            buf[(77, row)].symbol(),
            if row == cjk_row { "1" } else { "5" }
        );
    }
}

/// Figures for a 100k-article list (run with `--ignored --nocapture`;
/// ignored because timings on a shared machine make a poor assertion).
#[test]
#[ignore]
fn large_list_timings() {
    use std::time::Instant;
    let many: Vec<_> = (0..100_000)
        .map(|i| {
            let title = if i % 3 == 0 {
                format!("Қазақстанда жаңа мектептер ашылды {i}")
            } else {
                format!("В Алматы открылся новый парк {i}")
            };
            article(i, 1 + i % 3, "tengrinews", &title, i, i % 2 == 0)
        })
        .collect();
    let mut s = loaded(200, 50);
    let t = Instant::now();
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: many.clone(),
        },
    );
    println!("load 100k: {:?}", t.elapsed());
    press(&mut s, "tab");
    let t = Instant::now();
    press(&mut s, "/");
    press(&mut s, "А");
    println!("filter keystroke over 100k: {:?}", t.elapsed());
    press(&mut s, "esc");
    let t = Instant::now();
    for _ in 0..100 {
        press(&mut s, "pgdn");
    }
    println!("100 page-downs: {:?}", t.elapsed());
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let theme = Theme::default();
    let t = Instant::now();
    for _ in 0..100 {
        terminal.draw(|f| ui::render(&s, &theme, f)).unwrap();
    }
    println!("render 200x50: {:?} per frame", t.elapsed() / 100);
    let mut fresh = vec![article(999_999, 1, "tengrinews", "new", 0, false)];
    fresh.extend(many);
    let t = Instant::now();
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: fresh,
        },
    );
    println!("reload 100k keeping selection: {:?}", t.elapsed());
}

#[test]
fn top_stories_80x24() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "t");
    // Before the ranking arrives.
    insta::assert_snapshot!("top_stories_loading_80x24", screen(&s, 80, 24));
    app::update(
        &mut s,
        Msg::TopLoaded {
            tag: None,
            entries: top_entries(),
        },
    );
    press(&mut s, "j");
    insta::assert_snapshot!(screen(&s, 80, 24));
}

/// An empty pane's note wraps in a narrow terminal instead of losing its
/// end, the key that fills the pane.
#[test]
fn an_empty_top_says_its_whole_note_at_40_columns() {
    let mut s = loaded_in(keruen::i18n::Lang::Ru, 40, 12);
    press(&mut s, "tab");
    press(&mut s, "t");
    app::update(
        &mut s,
        Msg::TopLoaded {
            tag: None,
            entries: Vec::new(),
        },
    );
    let text = screen(&s, 40, 12);
    let joined: String = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '"' || c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.contains("новостей нет"), "{text}");
    assert!(joined.contains("чтобы обновить"), "{text}");
    assert!(!text.contains('…'), "{text}");
}

#[test]
fn reader_with_related_stories_80x24() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    let effects = press(&mut s, "enter");
    answer_reads(&mut s, effects);
    settle(
        &mut s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            reports: Vec::new(),
            article: keruen::domain::ArticleId(1),
            related: related_to_first(),
        },
    );
    // `]` picks a related story and scrolls it into view.
    for _ in 0..3 {
        press(&mut s, "]");
    }
    let t = draw(&s, 80, 24);
    insta::assert_snapshot!(t.backend().to_string());
    // The picked story (the third, on the last two text rows) is highlighted.
    let theme = Theme::from_name(ThemeName::Default);
    let buf = t.backend().buffer();
    assert_eq!(buf[(5, 20)].symbol(), "М");
    assert_eq!(buf[(5, 20)].bg, theme.selected.bg.unwrap());
    assert_ne!(buf[(5, 18)].bg, theme.selected.bg.unwrap());
}

#[test]
fn top_stories_tiny_terminals_do_not_panic() {
    let mut s = loaded(80, 24);
    press(&mut s, "t");
    app::update(
        &mut s,
        Msg::TopLoaded {
            tag: None,
            entries: top_entries(),
        },
    );
    for (w, h) in [(20, 5), (1, 1), (5, 20), (200, 50)] {
        settle(&mut s, Msg::Resize(w, h));
        screen(&s, w, h);
    }
}

#[test]
fn footnote_urls_become_osc8_hyperlinks_when_enabled() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "enter");
    settle(
        &mut s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    // Off (the default in tests): plain cells.
    let plain = draw(&s, 80, 24);
    assert!(!plain.backend().to_string().contains('\u{1b}'));
    s.osc8_links = true;
    let t = draw(&s, 80, 24);
    let buf = t.backend().buffer();
    // "[1]: " takes 5 columns from x = 2 on the footnote row.
    let y = (0..24)
        .find(|&y| buf[(2, y)].symbol() == "[" && buf[(3, y)].symbol() == "1")
        .expect("footnote row");
    let cell = &buf[(7, y)];
    let url = "https://example.kz/schools";
    assert_eq!(
        cell.symbol(),
        format!("\u{1b}]8;;{url}\u{1b}\\{url}\u{1b}]8;;\u{1b}\\")
    );
    assert_eq!(
        cell.diff_option,
        ratatui::buffer::CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(26).unwrap())
    );
    // The rest of the screen is unchanged.
    assert_eq!(buf[(6, y)].symbol(), " ");
    assert_eq!(buf[(33, y)].symbol(), " ");
}

/// The OSC 8 cells through the real crossterm backend into a terminal
/// emulator: the screen must read exactly as without links, also after
/// scrolling (the diff then rewrites the moved footnotes).
#[test]
fn osc8_links_draw_the_same_screen_on_a_real_backend() {
    use ratatui::backend::CrosstermBackend;
    use ratatui::layout::Rect;
    use ratatui::{TerminalOptions, Viewport};

    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "enter");
    settle(
        &mut s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    settle(&mut s, Msg::Resize(80, 12));
    s.osc8_links = true;
    let theme = Theme::from_name(ThemeName::Default);
    let out = Shared::default();
    let mut term = Terminal::with_options(
        CrosstermBackend::new(out.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 80, 12)),
        },
    )
    .unwrap();
    let nz = |n| std::num::NonZeroU16::new(n).unwrap();
    let mut vt = vt100::Parser::new(nz(12), nz(80), 0);
    let plain_text = |s: &AppState| {
        let mut plain = s.clone();
        plain.osc8_links = false;
        let t = draw(&plain, 80, 12);
        let buf = t.backend().buffer();
        (0..12)
            .map(|y| {
                (0..80)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    for step in 0..6 {
        term.draw(|f| ui::render(&s, &theme, f)).unwrap();
        let out = std::mem::take(&mut *out.0.lock().unwrap());
        if step > 0 {
            assert!(!out.is_empty());
        }
        vt.process(&out);
        let shown: Vec<String> = vt
            .screen()
            .rows(0, 80)
            .map(|r| r.trim_end().to_string())
            .collect();
        assert_eq!(shown, plain_text(&s), "after {step} scrolls");
        press(&mut s, "j");
    }
    let all = vt.screen().contents();
    assert!(all.contains("[1]: https://example.kz/schools"), "{all}");
}

/// A writer the test can read while the backend owns a clone.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn help_overlay_40x12_scrolls_and_says_where() {
    let mut s = loaded(40, 12);
    press(&mut s, "?");
    let top = screen(&s, 40, 12);
    press(&mut s, "pgdn");
    let page2 = screen(&s, 40, 12);
    press(&mut s, "G");
    let end = screen(&s, 40, 12);
    insta::assert_snapshot!(format!("{top}\n{page2}\n{end}"));
}

#[test]
fn failing_feed_selected_says_why_80x24() {
    let mut s = loaded(80, 24);
    for _ in 0..4 {
        press(&mut s, "j"); // broken-feed
    }
    insta::assert_snapshot!(screen(&s, 80, 24));
}

#[test]
fn long_status_message_is_cut_then_shown_whole_40x12() {
    let mut s = loaded(40, 12);
    app::update(
        &mut s,
        Msg::Error(
            "refresh failed: cannot open the cache at /home/user/.local/share/keruen/cache.db: \
             database is locked (another keruen is writing)"
                .into(),
        ),
    );
    let cut = screen(&s, 40, 12);
    press(&mut s, "!");
    let whole = screen(&s, 40, 12);
    insta::assert_snapshot!(format!("{cut}\n{whole}"));
}

#[test]
fn welcome_80x24_and_40x12() {
    let (mut s, _) = app::init(keruen::app::Keymap::defaults(), now(), false);
    s.setup.config_path = "/home/user/.config/keruen/config.toml".into();
    app::update(&mut s, Msg::FeedsLoaded(Vec::new()));
    settle(&mut s, Msg::Resize(80, 24));
    let wide = screen(&s, 80, 24);
    settle(&mut s, Msg::Resize(40, 12));
    let small = screen(&s, 40, 12);
    press(&mut s, "a");
    for c in "tengrinews.kz".chars() {
        press(&mut s, &c.to_string());
    }
    let prompt = screen(&s, 40, 12);
    insta::assert_snapshot!(format!("{wide}\n{small}\n{prompt}"));
}

#[test]
fn link_nothing_can_open_shows_whole_80x24() {
    let mut s = loaded(80, 24);
    app::update(
        &mut s,
        Msg::NotOpened {
            url: "https://tengrinews.example/news/2026/12/04/a-long-path-that-goes-on-and-on-and-on?utm_source=rss&id=12345".into(),
            reason: "Over SSH with no browser set ($BROWSER or ui.browser): URL copied".into(),
        },
    );
    insta::assert_snapshot!(screen(&s, 80, 24));
}

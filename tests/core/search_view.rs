//! The TUI's global search view (`S`): the prompt, `Effect::Search`, the
//! results and their answers (stale ones ignored), parse errors in the
//! status bar, opening a hit, going back; and a snapshot at 80x24.

use crate::common;

use common::*;
use keruen::app::{self, AppState, Effect, Msg, Pane};
use keruen::config::settings::ThemeName;
use keruen::domain::ArticleId;
use keruen::search_query::{MATCH_END, MATCH_START};
use keruen::store::SearchHit;
use keruen::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn hl(word: &str) -> String {
    format!("{MATCH_START}{word}{MATCH_END}")
}

/// Three hits: a Kazakh and a Russian article from `articles()` (ids 1 and
/// 2, both unread) and a read one only the search knows (id 40).
fn hits() -> Vec<SearchHit> {
    let all = articles();
    let mut old = article(
        40,
        1,
        "tengrinews",
        "Мектеп жанындағы саябақ жабылды",
        60 * 24 * 20,
        true,
    );
    old.starred = true;
    vec![
        SearchHit {
            article: all[0].clone(),
            snippet: format!(
                "Бүгін елімізде жаңа {} ашылды. Оқушылар мен мұғалімдер жаңа ғимараттарға…",
                hl("мектептер")
            ),
            rank: -3.2,
        },
        SearchHit {
            article: all[1].clone(),
            snippet: format!(
                "…рядом с новой {} в Алматы открылся парк,\nгде {} ученики",
                hl("школой"),
                hl("мектеп")
            ),
            rank: -1.5,
        },
        SearchHit {
            article: old,
            snippet: format!("{} жанындағы саябақ уақытша жабылды", hl("Мектеп")),
            rank: -0.7,
        },
    ]
}

fn type_text(s: &mut AppState, text: &str) {
    for ch in text.chars() {
        let spec = if ch == ' ' {
            "space".to_string()
        } else {
            ch.to_string()
        };
        press(s, &spec);
    }
}

/// `S`, the query typed, Enter; returns the effects of Enter.
fn search_for(s: &mut AppState, query: &str) -> Vec<Effect> {
    press(s, "S");
    press(s, "ctrl-u");
    type_text(s, query);
    press(s, "enter")
}

fn with_results() -> AppState {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    search_for(&mut s, "мектеп");
    app::update(
        &mut s,
        Msg::SearchResults {
            query: "мектеп".into(),
            hits: hits(),
            unindexed: 0,
        },
    );
    s
}

fn draw(state: &AppState, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::from_name(ThemeName::Default);
    terminal.draw(|f| ui::render(state, &theme, f)).unwrap();
    terminal
}

fn status_line(state: &AppState) -> String {
    let t = draw(state, 80, 24);
    let buf = t.backend().buffer();
    (0..80).map(|x| buf[(x, 23)].symbol().to_string()).collect()
}

#[test]
fn s_opens_the_prompt_and_typing_edits_the_query() {
    let mut s = loaded(80, 24);
    let effects = press(&mut s, "S");
    assert!(effects.is_empty());
    assert_eq!(s.focus, Pane::Search);
    assert!(s.search.editing);
    // Keys bound to commands are text here: j does not move, q does not quit.
    type_text(&mut s, "Қазақ jq");
    assert_eq!(s.search.query, "Қазақ jq");
    assert!(!s.quitting);
    press(&mut s, "backspace");
    press(&mut s, "backspace");
    press(&mut s, "backspace");
    type_text(&mut s, " since:7d");
    assert_eq!(s.search.query, "Қазақ since:7d");
    assert!(status_line(&s).contains("Search: Қазақ since:7d▏"));
    let effects = press(&mut s, "enter");
    assert_eq!(effects, vec![Effect::Search("Қазақ since:7d".into())]);
    assert!(!s.search.editing);
    assert_eq!(s.search.pending.as_deref(), Some("Қазақ since:7d"));
    // ctrl-u clears the prompt; the last query is there to edit on S.
    press(&mut s, "S");
    assert_eq!(s.search.query, "Қазақ since:7d");
    press(&mut s, "ctrl-u");
    assert_eq!(s.search.query, "");
}

#[test]
fn results_are_listed_and_stale_answers_ignored() {
    let mut s = loaded(80, 24);
    search_for(&mut s, "мектеп");
    // An answer to some other (older) query is dropped.
    app::update(
        &mut s,
        Msg::SearchResults {
            query: "мек".into(),
            hits: hits()[..1].to_vec(),
            unindexed: 0,
        },
    );
    assert!(s.search.items.is_empty());
    assert!(s.search.shown.is_none());
    app::update(
        &mut s,
        Msg::SearchResults {
            query: "мектеп".into(),
            hits: hits(),
            unindexed: 0,
        },
    );
    assert_eq!(s.search.items.len(), 3);
    assert_eq!(s.search.shown.as_deref(), Some("мектеп"));
    press(&mut s, "j");
    press(&mut s, "j");
    press(&mut s, "j");
    assert_eq!(s.selected_hit().unwrap().article.id, ArticleId(40));
    // A new query: its answer replaces the list; the old one's late
    // answer (or error) is ignored.
    press(&mut s, "/");
    assert!(s.search.editing);
    type_text(&mut s, " жаңа");
    assert_eq!(
        press(&mut s, "enter"),
        vec![Effect::Search("мектеп жаңа".into())]
    );
    app::update(
        &mut s,
        Msg::SearchError {
            query: "мектеп".into(),
            message: "late".into(),
        },
    );
    assert!(s.search.error.is_none());
    app::update(
        &mut s,
        Msg::SearchResults {
            query: "мектеп жаңа".into(),
            hits: hits()[..1].to_vec(),
            unindexed: 0,
        },
    );
    assert_eq!(s.search.items.len(), 1);
    assert_eq!(s.search.view.selected, 0);
}

#[test]
fn a_parse_error_shows_in_the_status_bar_until_the_next_search() {
    let mut s = loaded(80, 24);
    search_for(&mut s, "since:abc");
    let message = "since:abc is not a duration; use e.g. since:7d, since:24h or since:90m";
    app::update(
        &mut s,
        Msg::SearchError {
            query: "since:abc".into(),
            message: message.into(),
        },
    );
    assert_eq!(s.search.error.as_deref(), Some(message));
    let line = status_line(&s);
    assert!(line.contains("! since:abc is not a duration"), "{line}");
    // Fixing the query clears it.
    press(&mut s, "/");
    press(&mut s, "ctrl-u");
    type_text(&mut s, "since:7d");
    press(&mut s, "enter");
    assert!(s.search.error.is_none());
    assert!(!status_line(&s).contains("not a duration"));
}

#[test]
fn enter_opens_the_hit_marks_it_read_and_esc_comes_back() {
    let mut s = with_results();
    let unread_before = s.feeds.items[1].unread;
    press(&mut s, "j");
    let effects = press(&mut s, "enter");
    assert_eq!(
        effects.clone(),
        vec![
            Effect::LoadArticle(ArticleId(2)),
            Effect::LoadRelated(ArticleId(2)),
            Effect::SetRead {
                ids: vec![ArticleId(2)],
                read: true
            },
        ]
    );
    // The store answers with what it changed; the count follows that.
    answer_reads(&mut s, effects);
    assert_eq!(s.focus, Pane::Reader);
    assert_eq!(s.reader.as_ref().unwrap().return_to, Pane::Search);
    // Read everywhere it shows: the hit, the article list, the feed count.
    assert!(s.search.items[1].article.read);
    assert!(
        s.articles
            .items
            .iter()
            .any(|a| a.id == ArticleId(2) && a.read)
    );
    assert_eq!(s.feeds.items[1].unread, unread_before - 1);
    // Esc: back to the results, selection kept; again: back to the list.
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Search);
    assert_eq!(s.search.view.selected, 1);
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Articles);
    assert!(!s.quitting);
    // A read hit opens without another SetRead; `q` leaves the view too.
    press(&mut s, "S");
    press(&mut s, "esc"); // leave the prompt; the results stay
    assert_eq!(s.focus, Pane::Search);
    press(&mut s, "G");
    let effects = press(&mut s, "enter");
    assert_eq!(
        effects,
        vec![
            Effect::LoadArticle(ArticleId(40)),
            Effect::LoadRelated(ArticleId(40))
        ]
    );
    press(&mut s, "q");
    press(&mut s, "q");
    assert_eq!(s.focus, Pane::Articles);
    assert!(!s.quitting);
}

#[test]
fn esc_in_a_first_empty_prompt_cancels_the_view() {
    let mut s = loaded(80, 24);
    press(&mut s, "S");
    type_text(&mut s, "abc");
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Feeds);
    assert!(!s.search.editing);
}

#[test]
fn views_replace_each_other_so_esc_never_loops() {
    // From the reader: the article closes, Esc goes to its list.
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "enter");
    assert_eq!(s.focus, Pane::Reader);
    press(&mut s, "S");
    assert!(s.reader.is_none());
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Articles);

    // Top stories ↔ search: each replaces the other.
    let mut s = with_results();
    press(&mut s, "t");
    assert_eq!(s.focus, Pane::Top);
    press(&mut s, "S");
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Search);
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Top);
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Articles);

    // S in a reader opened from the results goes back to them.
    let mut s = with_results();
    press(&mut s, "enter");
    press(&mut s, "S");
    assert_eq!(s.focus, Pane::Search);
    press(&mut s, "esc");
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Articles);
}

#[test]
fn star_read_and_next_unread_act_on_the_selected_hit() {
    let mut s = with_results();
    assert_eq!(
        press(&mut s, "s"),
        vec![Effect::SetStarred {
            id: ArticleId(1),
            starred: true
        }]
    );
    assert!(s.search.items[0].article.starred);
    press(&mut s, "m");
    assert!(s.search.items[0].article.read);
    press(&mut s, "n");
    assert_eq!(s.search.view.selected, 1);
    press(&mut s, "n");
    assert_eq!(s.search.view.selected, 1, "the only unread one left");
    let effects = press(&mut s, "o");
    assert_eq!(
        effects,
        vec![Effect::OpenUrl("https://vlast.kz.example/a/2".into())]
    );
}

#[test]
fn search_results_80x24() {
    let mut s = with_results();
    press(&mut s, "j");
    let t = draw(&s, 80, 24);
    insta::assert_snapshot!(t.backend().to_string());
    let buf = t.backend().buffer();
    let theme = Theme::from_name(ThemeName::Default);
    // The markers are never drawn.
    for y in 0..24 {
        for x in 0..80 {
            let sym = buf[(x, y)].symbol();
            assert!(!sym.contains([MATCH_START, MATCH_END]), "marker at {x},{y}");
        }
    }
    // Matched words carry the highlight; the words around them do not.
    let row_of = |needle: &str| {
        (0..24u16)
            .find(|&y| {
                let line: String = (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect();
                line.contains(needle)
            })
            .unwrap()
    };
    let y = row_of("Бүгін елімізде");
    let line: String = (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect();
    // Cyrillic letters are one column each: char index = column.
    let start = line[..line.find("мектептер").unwrap()].chars().count() as u16;
    assert_eq!(buf[(start, y)].bg, theme.highlight.bg.unwrap());
    assert_eq!(buf[(start - 2, y)].bg, ratatui::style::Color::Reset);
}

#[test]
fn search_view_in_tiny_terminals_does_not_panic() {
    let mut s = with_results();
    for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 7), (200, 50)] {
        settle(&mut s, Msg::Resize(w, h));
        draw(&s, w, h);
        press(&mut s, "j");
    }
}

#[test]
fn search_prompt_and_parse_error_80x24() {
    let mut s = loaded(80, 24);
    press(&mut s, "S");
    type_text(&mut s, "парламент since:abc");
    insta::assert_snapshot!(
        "search_prompt_80x24",
        draw(&s, 80, 24).backend().to_string()
    );
    press(&mut s, "enter");
    app::update(
        &mut s,
        Msg::SearchError {
            query: "парламент since:abc".into(),
            message: "since:abc is not a duration; use e.g. since:7d, since:24h or since:90m"
                .into(),
        },
    );
    insta::assert_snapshot!("search_error_80x24", draw(&s, 80, 24).backend().to_string());
}

#[test]
fn a_finished_refresh_runs_the_shown_query_again_keeping_the_cursor() {
    let mut s = with_results();
    press(&mut s, "G");
    let effects = app::update(
        &mut s,
        Msg::Refresh(app::RefreshEvent::Finished(Default::default())),
    );
    assert!(
        effects.contains(&Effect::Search("мектеп".into())),
        "{effects:?}"
    );
    // New hits arrive above: the cursor stays on the same article.
    let mut more = hits();
    more.insert(0, hits()[2].clone());
    more[0].article.id = ArticleId(41);
    app::update(
        &mut s,
        Msg::SearchResults {
            query: "мектеп".into(),
            hits: more,
            unindexed: 0,
        },
    );
    assert_eq!(s.search.items.len(), 4);
    assert_eq!(s.selected_hit().unwrap().article.id, ArticleId(40));
    // Closed, the view is not searched again.
    press(&mut s, "esc");
    let effects = app::update(
        &mut s,
        Msg::Refresh(app::RefreshEvent::Finished(Default::default())),
    );
    assert!(!effects.iter().any(|e| matches!(e, Effect::Search(_))));
}

#[test]
fn a_click_selects_a_hit_and_a_second_click_opens_it() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut s = with_results();
    let click = |row| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Rows start at 1 inside the border, three rows per hit: row 5 is
    // the second hit's snippet.
    assert_eq!(app::update(&mut s, click(5)), vec![]);
    assert_eq!(s.search.view.selected, 1);
    assert_eq!(s.focus, Pane::Search);
    // Below the last hit: nothing.
    assert_eq!(app::update(&mut s, click(20)), vec![]);
    assert_eq!(s.search.view.selected, 1);
    let effects = app::update(&mut s, click(4));
    assert_eq!(effects[0], Effect::LoadArticle(ArticleId(2)));
    assert_eq!(s.focus, Pane::Reader);
}

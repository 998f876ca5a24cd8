//! The background search indexer as `update` drives it: one
//! `Effect::IndexPending` at a time while articles wait, paused during a
//! refresh and started again at its end, a failure shown and not retried in
//! a loop, and a search run while some articles were unindexed saying so
//! and running again once they are all indexed.

use crate::common;

use common::*;
use keruen::app::{self, AppState, Effect, Msg, Pane};
use keruen::config::settings::ThemeName;
use keruen::domain::RefreshEvent;
use keruen::store::SearchHit;
use keruen::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(state: &AppState, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::from_name(ThemeName::Default);
    terminal.draw(|f| ui::render(state, &theme, f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `S`, `query`, Enter: the search view waiting for its answer.
fn searching(s: &mut AppState, query: &str) {
    press(s, "S");
    for ch in query.chars() {
        press(s, &ch.to_string());
    }
    assert_eq!(press(s, "enter"), vec![Effect::Search(query.into())]);
}

fn one_hit() -> Vec<SearchHit> {
    vec![SearchHit {
        article: articles()[0].clone(),
        snippet: String::new(),
        rank: 1.0,
    }]
}

#[test]
fn the_indexer_asks_step_by_step_until_nothing_waits() {
    let (mut s, effects) = app::init(keruen::app::Keymap::defaults(), now(), false);
    assert!(effects.contains(&Effect::IndexPending));
    assert!(s.search.indexing);
    assert_eq!(
        app::update(&mut s, Msg::Indexed(Ok(1_200))),
        vec![Effect::IndexPending]
    );
    assert_eq!(s.search.unindexed, 1_200);
    assert_eq!(
        app::update(&mut s, Msg::Indexed(Ok(1_000))),
        vec![Effect::IndexPending]
    );
    assert_eq!(app::update(&mut s, Msg::Indexed(Ok(0))), vec![]);
    assert!(!s.search.indexing);
    assert_eq!(s.search.unindexed, 0);
}

#[test]
fn a_refresh_pauses_the_indexer_and_its_end_starts_it_again() {
    let mut s = loaded(80, 24);
    app::update(&mut s, Msg::Refresh(RefreshEvent::Started { total: 3 }));
    assert!(s.refresh.running);
    // The step answered during the refresh: no next step (its writer needs
    // the lock, and it brings more to index).
    assert_eq!(app::update(&mut s, Msg::Indexed(Ok(500))), vec![]);
    assert!(!s.search.indexing);
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert_eq!(
        effects
            .iter()
            .filter(|e| **e == Effect::IndexPending)
            .count(),
        1,
        "{effects:?}"
    );
    assert!(s.search.indexing);
    // A second end (a queued refresh) does not start a second chain.
    let again = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert!(!again.contains(&Effect::IndexPending), "{again:?}");
}

#[test]
fn a_failed_step_is_shown_and_not_retried_until_a_refresh_ends() {
    let mut s = loaded(80, 24);
    let effects = app::update(
        &mut s,
        Msg::Indexed(Err("database disk image is malformed".into())),
    );
    assert_eq!(effects, vec![]);
    assert!(!s.search.indexing);
    let error = s.last_error.clone().unwrap_or_default();
    assert!(
        error.contains("cache") && error.contains("database disk image is malformed"),
        "{error}"
    );
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert!(effects.contains(&Effect::IndexPending), "{effects:?}");
}

#[test]
fn hits_found_while_articles_wait_say_so_and_are_searched_again_when_all_are_indexed() {
    let mut s = loaded(80, 24);
    searching(&mut s, "мектеп");
    app::update(
        &mut s,
        Msg::SearchResults {
            query: "мектеп".into(),
            hits: one_hit(),
            unindexed: 4_800,
        },
    );
    assert_eq!(s.focus, Pane::Search);
    let shown = screen(&s, 80, 24);
    assert!(shown.contains("4800 not indexed yet"), "{shown}");
    // Steps go on; the title follows the count.
    assert_eq!(
        app::update(&mut s, Msg::Indexed(Ok(4_600))),
        vec![Effect::IndexPending]
    );
    assert!(screen(&s, 80, 24).contains("4600 not indexed yet"));
    // All indexed: the query runs again, and the note goes with its answer.
    assert_eq!(
        app::update(&mut s, Msg::Indexed(Ok(0))),
        vec![Effect::Search("мектеп".into())]
    );
    app::update(
        &mut s,
        Msg::SearchResults {
            query: "мектеп".into(),
            hits: one_hit(),
            unindexed: 0,
        },
    );
    assert!(!screen(&s, 80, 24).contains("not indexed"));
    // Complete hits are not searched again for nothing.
    assert_eq!(app::update(&mut s, Msg::Indexed(Ok(0))), vec![]);
}

#[test]
fn nothing_found_while_articles_wait_says_why_it_may_be_so() {
    let mut s = loaded_in(keruen::i18n::Lang::Kk, 80, 24);
    searching(&mut s, "жер");
    app::update(
        &mut s,
        Msg::SearchResults {
            query: "жер".into(),
            hits: Vec::new(),
            unindexed: 250,
        },
    );
    let shown = screen(&s, 80, 24);
    assert!(shown.contains("әлі индекстелмеген: 250"), "{shown}");
}

//! The background linker of story links as `update` drives it: one
//! `Effect::LinkPending` at a time while articles wait (from the start:
//! an upgraded cache waits whole), paused during a refresh and started
//! again at its end, and a failure shown and
//! not retried in a loop.

use crate::common;

use common::*;
use keruen::app::{self, Effect, Msg};
use keruen::domain::RefreshEvent;

#[test]
fn the_linker_starts_with_the_reader_and_asks_step_by_step_until_nothing_waits() {
    let (mut s, effects) = app::init(keruen::app::Keymap::defaults(), now(), false);
    assert_eq!(
        effects
            .iter()
            .filter(|e| **e == Effect::LinkPending)
            .count(),
        1,
        "{effects:?}"
    );
    assert!(s.links.running);
    // The search indexer's answers do not drive the linker.
    assert!(!app::update(&mut s, Msg::Indexed(Ok(0))).contains(&Effect::LinkPending));
    assert_eq!(
        app::update(&mut s, Msg::Linked(Ok(80_000))),
        vec![Effect::LinkPending]
    );
    assert_eq!(s.links.waiting, 80_000);
    assert_eq!(
        app::update(&mut s, Msg::Linked(Ok(75_000))),
        vec![Effect::LinkPending]
    );
    assert_eq!(app::update(&mut s, Msg::Linked(Ok(0))), vec![]);
    assert!(!s.links.running);
    assert_eq!(s.links.waiting, 0);
}

#[test]
fn a_refresh_pauses_the_linker_and_its_end_starts_it_again_once() {
    let mut s = loaded(80, 24);
    app::update(&mut s, Msg::Refresh(RefreshEvent::Started { total: 3 }));
    // The step answered during the refresh: no next step (its writer needs
    // the lock, and it brings more to link).
    assert_eq!(app::update(&mut s, Msg::Linked(Ok(500))), vec![]);
    assert!(!s.links.running);
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    let count = |effects: &[Effect], e: &Effect| effects.iter().filter(|x| *x == e).count();
    assert_eq!(count(&effects, &Effect::LinkPending), 1, "{effects:?}");
    assert!(s.links.running);
    // A second end (a queued refresh) does not start a second chain.
    let again = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert_eq!(count(&again, &Effect::LinkPending), 0, "{again:?}");
}

#[test]
fn a_failed_step_is_shown_and_not_retried_until_a_refresh_ends() {
    let mut s = loaded(80, 24);
    let effects = app::update(
        &mut s,
        Msg::Linked(Err("database disk image is malformed".into())),
    );
    assert_eq!(effects, vec![]);
    assert!(!s.links.running);
    let error = s.last_error.clone().unwrap_or_default();
    assert!(
        error.contains("database disk image is malformed"),
        "{error}"
    );
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert!(effects.contains(&Effect::LinkPending), "{effects:?}");
}

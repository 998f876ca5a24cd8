//! The background packer of old texts as `update` drives it: one
//! `Effect::PackTexts` at a time while old texts are left (from the start:
//! a cache of an older version has all of them loose), never while a
//! refresh writes (a first refresh's backlog is all old enough to pack,
//! and the refresh must not wait for that), started again at a refresh's
//! end, and a failure shown and not retried in a loop.

use crate::common;

use common::*;
use keruen::app::{self, Effect, Msg};
use keruen::domain::RefreshEvent;

fn count(effects: &[Effect]) -> usize {
    effects.iter().filter(|e| **e == Effect::PackTexts).count()
}

#[test]
fn the_packer_starts_with_the_reader_and_steps_while_texts_are_left() {
    let (mut s, effects) = app::init(keruen::app::Keymap::defaults(), now(), false);
    assert_eq!(count(&effects), 1, "{effects:?}");
    assert!(s.pack.running);
    // Other workers' answers do not drive it.
    assert_eq!(count(&app::update(&mut s, Msg::Linked(Ok(0)))), 0);
    assert_eq!(
        app::update(&mut s, Msg::Packed(Ok(true))),
        vec![Effect::PackTexts]
    );
    assert_eq!(app::update(&mut s, Msg::Packed(Ok(false))), vec![]);
    assert!(!s.pack.running);
}

#[test]
fn a_refresh_pauses_the_packer_and_its_end_starts_it_again_once() {
    let mut s = loaded(80, 24);
    app::update(&mut s, Msg::Refresh(RefreshEvent::Started { total: 3 }));
    // More is left, but the refresh writes: no next step until its end.
    assert_eq!(app::update(&mut s, Msg::Packed(Ok(true))), vec![]);
    assert!(!s.pack.running);
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert_eq!(count(&effects), 1, "{effects:?}");
    // A second end (a queued refresh) does not start a second chain.
    let again = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert_eq!(count(&again), 0, "{again:?}");
}

#[test]
fn a_failed_step_is_shown_and_not_retried_until_a_refresh_ends() {
    let mut s = loaded(80, 24);
    let effects = app::update(&mut s, Msg::Packed(Err("disk I/O error".into())));
    assert_eq!(effects, vec![]);
    assert!(!s.pack.running);
    let error = s.last_error.clone().unwrap_or_default();
    assert!(error.contains("disk I/O error"), "{error}");
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert_eq!(count(&effects), 1, "{effects:?}");
}

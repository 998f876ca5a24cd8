//! When the reader refreshes by itself: once at start when the cache is
//! stale, then every `fetch.refresh_interval`. The runtime only relays its
//! timer (`Msg::AutoRefreshDue`); whether to refresh is decided here, from
//! the state, so the event loop has one path for every message.

use chrono::{DateTime, Utc};

use super::msg::Effect;
use super::state::AppState;
pub use super::state::AutoRefresh;

/// `Msg::AutoRefreshDue`: the interval passed. Refresh what is due unless a
/// refresh runs already or there is nothing to refresh (the welcome
/// screen): neither is worth a notice, the user asked for nothing.
pub(super) fn on_due(state: &mut AppState) -> Vec<Effect> {
    if state.auto_refresh.every.is_none() || state.refresh.running || state.welcome() {
        return Vec::new();
    }
    due_refresh()
}

/// The reader's own refresh: only the feeds due by their schedule (the
/// user's `R` forces every feed).
fn due_refresh() -> Vec<Effect> {
    vec![Effect::StartRefresh {
        feeds: None,
        due_only: true,
    }]
}

/// After a feed list from the cache: the first one decides the start-up
/// refresh.
pub(super) fn after_feeds_loaded(state: &mut AppState) -> Vec<Effect> {
    if state.auto_refresh.startup_checked {
        return Vec::new();
    }
    state.auto_refresh.startup_checked = true;
    if needs_startup_refresh(state, state.now) && !state.refresh.running {
        return due_refresh();
    }
    Vec::new()
}

/// Refresh at start when some feed has never been fetched (a configured
/// feed the cache does not know yet counts: on a first start the cache has
/// none), or its last success is older than the refresh interval.
pub fn needs_startup_refresh(state: &AppState, now: DateTime<Utc>) -> bool {
    let Some(every) = state.auto_refresh.every else {
        return false;
    };
    let known: std::collections::HashSet<&str> =
        state.feeds.items.iter().map(|f| f.url.as_str()).collect();
    state
        .auto_refresh
        .configured_urls
        .iter()
        .any(|u| !known.contains(u.as_str()))
        || state
            .feeds
            .items
            .iter()
            .any(|f| f.last_success.is_none_or(|t| now - t > every))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Keymap;
    use chrono::Duration;

    fn state_with(every: Option<std::time::Duration>, now: DateTime<Utc>) -> AppState {
        let mut state = AppState::new(Keymap::default(), now, false);
        state.auto_refresh = AutoRefresh::new(every, vec!["https://a.example/rss".into()]);
        state
    }

    #[test]
    fn a_first_start_refreshes_feeds_the_cache_does_not_know_yet() {
        let now: DateTime<Utc> = "2026-12-04T12:00:00Z".parse().unwrap();
        let half_hour = Some(std::time::Duration::from_secs(30 * 60));
        let mut state = state_with(half_hour, now);
        // An empty cache: nothing listed yet, but a feed is configured.
        assert!(needs_startup_refresh(&state, now));
        state.feeds.items = vec![summary(Some(now - Duration::minutes(5)))];
        assert!(!needs_startup_refresh(&state, now), "fresh enough");
        state.feeds.items = vec![summary(Some(now - Duration::hours(2)))];
        assert!(needs_startup_refresh(&state, now), "older than 30 min");
        state.feeds.items = vec![summary(None)];
        assert!(needs_startup_refresh(&state, now), "never fetched");
        assert!(!needs_startup_refresh(&state_with(None, now), now), "off");
    }

    fn summary(last_success: Option<DateTime<Utc>>) -> crate::domain::FeedSummary {
        crate::domain::FeedSummary {
            id: crate::domain::FeedId(1),
            name: "a".into(),
            url: "https://a.example/rss".into(),
            tags: Vec::new(),
            title: None,
            total: 0,
            unread: 0,
            last_error: None,
            last_success,
        }
    }

    #[test]
    fn the_first_feed_list_decides_the_startup_refresh_once() {
        use crate::app::{Msg, update};
        let now: DateTime<Utc> = "2026-12-04T12:00:00Z".parse().unwrap();
        let mut state = state_with(Some(std::time::Duration::from_secs(1800)), now);
        let stale = vec![summary(Some(now - Duration::hours(2)))];
        let effects = update(&mut state, Msg::FeedsLoaded(stale.clone()));
        assert!(
            effects.contains(&Effect::StartRefresh {
                feeds: None,
                due_only: true
            }),
            "{effects:?}"
        );
        // A reload later (after that refresh, say) does not start another.
        let effects = update(&mut state, Msg::FeedsLoaded(stale));
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::StartRefresh { .. })),
            "{effects:?}"
        );
        // Off: no refresh at start either.
        let mut off = state_with(None, now);
        let effects = update(&mut off, Msg::FeedsLoaded(vec![summary(None)]));
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::StartRefresh { .. })),
            "{effects:?}"
        );
    }

    #[test]
    fn the_interval_refreshes_all_unless_one_runs_or_it_is_off() {
        use crate::app::{Msg, RefreshEvent, update};
        let now: DateTime<Utc> = "2026-12-04T12:00:00Z".parse().unwrap();
        let mut state = state_with(Some(std::time::Duration::from_secs(1800)), now);
        state.feeds.items = vec![summary(Some(now))];
        assert_eq!(
            update(&mut state, Msg::AutoRefreshDue),
            vec![Effect::StartRefresh {
                feeds: None,
                due_only: true
            }]
        );
        update(&mut state, Msg::Refresh(RefreshEvent::Started { total: 1 }));
        assert_eq!(update(&mut state, Msg::AutoRefreshDue), Vec::new());
        assert_eq!(state.notice, None, "no notice for a skipped auto refresh");
        let mut off = state_with(None, now);
        off.feeds.items = vec![summary(Some(now))];
        assert_eq!(update(&mut off, Msg::AutoRefreshDue), Vec::new());
        // Nothing configured, nothing cached: the welcome screen stays quiet.
        let mut welcome = AppState::new(Keymap::default(), now, false);
        welcome.auto_refresh = AutoRefresh::new(Some(std::time::Duration::from_secs(60)), vec![]);
        assert_eq!(update(&mut welcome, Msg::AutoRefreshDue), Vec::new());
        assert_eq!(welcome.notice, None);
    }
}

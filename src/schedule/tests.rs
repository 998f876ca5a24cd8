//! `next_due` rule by rule, and what `observe` learns.

use super::learn::{Answer, Observation, observe};
use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{s}: {e}"))
}

const MIN: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

/// Fetched at 10:00 UTC on Wednesday 2026-12-02, nothing else known.
fn fetched() -> FeedState {
    FeedState {
        last_attempt: Some(at("2026-12-02T10:00:00Z")),
        ..FeedState::default()
    }
}

fn due(state: &FeedState) -> Due {
    next_due(state, at("2026-12-02T10:00:00Z"))
}

#[test]
fn never_fetched_is_due_now() {
    let now = at("2026-12-02T10:00:00Z");
    let d = next_due(&FeedState::default(), now);
    assert_eq!((d.at, d.reason), (now, Reason::New));
    assert!(d.is_due(now));
}

#[test]
fn without_an_estimate_the_floor_applies() {
    let d = due(&fetched());
    assert_eq!(
        (d.at, d.reason),
        (at("2026-12-02T10:30:00Z"), Reason::Learned)
    );
    assert!(!d.is_due(at("2026-12-02T10:20:00Z")));
    // Within the slack: a cron job 30 minutes later still fetches it.
    assert!(d.is_due(at("2026-12-02T10:29:00Z")));
}

#[test]
fn learned_interval_is_a_third_of_the_change_interval_within_bounds() {
    let mut s = fetched();
    s.change_interval = Some(6 * HOUR);
    assert_eq!(due(&s).at, at("2026-12-02T12:00:00Z"));
    s.change_interval = Some(10 * MIN);
    assert_eq!(due(&s).at, at("2026-12-02T10:30:00Z"), "floor");
    s.change_interval = Some(30 * 24 * HOUR);
    assert_eq!(due(&s).at, at("2026-12-02T22:00:00Z"), "ceiling");
}

#[test]
fn unchanged_answers_back_off() {
    let mut s = fetched();
    s.change_interval = Some(3 * HOUR);
    let first = due(&s).at;
    s.unchanged = 2;
    let later = due(&s).at;
    // 1 h × 1.25² = 1 h 33 min 45 s.
    assert_eq!(first, at("2026-12-02T11:00:00Z"));
    assert_eq!(later, at("2026-12-02T11:33:45Z"));
    s.unchanged = 1000;
    assert_eq!(due(&s).at, at("2026-12-02T22:00:00Z"), "still bounded");
}

#[test]
fn ttl_delays_and_is_capped() {
    let mut s = fetched();
    s.hints.ttl = Some(2 * HOUR);
    let d = due(&s);
    assert_eq!((d.at, d.reason), (at("2026-12-02T12:00:00Z"), Reason::Ttl));
    s.hints.ttl = Some(5 * MIN);
    assert_eq!(due(&s).reason, Reason::Learned, "a short ttl never hurries");
    s.hints.ttl = Some(365 * 24 * HOUR);
    assert_eq!(due(&s).at, at("2026-12-03T10:00:00Z"), "capped at a day");
}

#[test]
fn syndication_period_delays() {
    let mut s = fetched();
    s.hints.update_period = Some(4 * HOUR);
    let d = due(&s);
    assert_eq!(
        (d.at, d.reason),
        (at("2026-12-02T14:00:00Z"), Reason::UpdatePeriod)
    );
}

#[test]
fn cache_control_delays_and_is_capped() {
    let mut s = fetched();
    s.fresh_until = Some(at("2026-12-02T13:00:00Z"));
    let d = due(&s);
    assert_eq!(
        (d.at, d.reason),
        (at("2026-12-02T13:00:00Z"), Reason::CacheControl)
    );
    s.fresh_until = Some(at("2030-01-01T00:00:00Z"));
    assert_eq!(due(&s).at, at("2026-12-03T10:00:00Z"));
}

#[test]
fn retry_after_wins_over_everything_even_a_fixed_interval() {
    let mut s = fetched();
    s.policy.fixed = Some(5 * MIN);
    s.retry_until = Some(at("2026-12-02T15:00:00Z"));
    let d = due(&s);
    assert_eq!(
        (d.at, d.reason),
        (at("2026-12-02T15:00:00Z"), Reason::RetryAfter)
    );
    s.retry_until = Some(at("2099-01-01T00:00:00Z"));
    assert_eq!(due(&s).at, at("2026-12-09T10:00:00Z"), "capped at a week");
}

#[test]
fn a_fixed_interval_ignores_learning_and_hints() {
    let mut s = fetched();
    s.policy.fixed = Some(10 * MIN);
    s.change_interval = Some(30 * 24 * HOUR);
    s.hints.ttl = Some(6 * HOUR);
    s.fresh_until = Some(at("2026-12-02T20:00:00Z"));
    s.hints.skip_hours = 1 << 10;
    let d = due(&s);
    assert_eq!(
        (d.at, d.reason),
        (at("2026-12-02T10:10:00Z"), Reason::Fixed)
    );
}

#[test]
fn failures_back_off_doubling_to_the_ceiling() {
    let mut s = fetched();
    s.failures = 1;
    assert_eq!(due(&s).at, at("2026-12-02T10:30:00Z"));
    s.failures = 3;
    let d = due(&s);
    assert_eq!(
        (d.at, d.reason),
        (at("2026-12-02T12:00:00Z"), Reason::Backoff)
    );
    s.failures = 40;
    assert_eq!(due(&s).at, at("2026-12-02T22:00:00Z"));
}

#[test]
fn skip_hours_move_the_time_to_the_next_open_hour_gmt() {
    let mut s = fetched();
    // Due 10:30; hours 10, 11 and 12 GMT are skipped.
    s.hints.skip_hours = (1 << 10) | (1 << 11) | (1 << 12);
    let d = due(&s);
    assert_eq!(
        (d.at, d.reason),
        (at("2026-12-02T13:00:00Z"), Reason::SkipHours)
    );
    // Skipping every hour says nothing usable.
    s.hints.skip_hours = 0x00FF_FFFF;
    assert_eq!(due(&s).at, at("2026-12-02T10:30:00Z"));
}

#[test]
fn skip_days_move_the_time_to_the_next_open_day() {
    let mut s = fetched();
    // 2026-12-02 is a Wednesday (bit 2); Thursday (bit 3) is skipped too.
    s.hints.skip_days = (1 << 2) | (1 << 3);
    let d = due(&s);
    assert_eq!(
        (d.at, d.reason),
        (at("2026-12-04T00:00:00Z"), Reason::SkipDays)
    );
}

#[test]
fn rate_from_dates_uses_the_span_or_the_silence() {
    let now = at("2026-12-02T10:00:00Z");
    let hourly: Vec<_> = (0..5)
        .map(|h| now - TimeDelta::hours(h) - TimeDelta::minutes(10))
        .collect();
    assert_eq!(rate_from_dates(&hourly, now), Some(HOUR));
    let dormant = vec![at("2026-06-01T00:00:00Z"), at("2026-05-31T23:00:00Z")];
    assert!(rate_from_dates(&dormant, now).is_some_and(|r| r > 100 * 24 * HOUR));
    let future = vec![at("2027-01-01T00:00:00Z")];
    assert_eq!(rate_from_dates(&future, now), None);
}

#[test]
fn observe_learns_from_dates_and_counts_unchanged_and_failures() {
    let now = at("2026-12-02T10:00:00Z");
    let dates: Vec<_> = (0..4)
        .map(|i| now - TimeDelta::hours(6 * i) - TimeDelta::minutes(1))
        .collect();
    let read = Observation::new(Answer::Read { new: 4, dates });
    let s = observe(&FeedState::default(), &read, now);
    assert_eq!(s.change_interval, Some(6 * HOUR));
    assert_eq!(s.last_attempt, Some(now));
    assert_eq!(next_due(&s, now).at, at("2026-12-02T12:00:00Z"));

    let later = now + TimeDelta::hours(2);
    let s = observe(&s, &Observation::new(Answer::NotModified), later);
    assert_eq!((s.unchanged, s.failures), (1, 0));
    let s = observe(&s, &Observation::new(Answer::Failed), later);
    assert_eq!((s.unchanged, s.failures), (1, 1));
    assert_eq!(
        s.change_interval,
        Some(6 * HOUR),
        "a failure teaches nothing"
    );
}

#[test]
fn observe_without_dates_learns_from_when_news_was_seen() {
    let t0 = at("2026-12-02T00:00:00Z");
    let news = Observation::new(Answer::Read {
        new: 1,
        dates: Vec::new(),
    });
    let s = observe(&FeedState::default(), &news, t0);
    assert_eq!((s.change_interval, s.last_change), (None, Some(t0)));
    let s = observe(&s, &news, t0 + TimeDelta::hours(4));
    assert_eq!(s.change_interval, Some(4 * HOUR));
    let s = observe(&s, &news, t0 + TimeDelta::hours(6));
    assert_eq!(s.change_interval, Some(3 * HOUR), "half old, half new");
}

#[test]
fn observe_keeps_retry_after_and_cache_freshness_of_the_last_answer() {
    let now = at("2026-12-02T10:00:00Z");
    let mut obs = Observation::new(Answer::Failed);
    obs.retry_until = Some(at("2026-12-02T11:00:00Z"));
    let s = observe(&FeedState::default(), &obs, now);
    assert_eq!(next_due(&s, now).reason, Reason::RetryAfter);
    // The next answer that carries none clears it.
    let s = observe(&s, &Observation::new(Answer::NotModified), now);
    assert_eq!(s.retry_until, None);
}

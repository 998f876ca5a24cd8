//! When to fetch each feed again: a pure rule over what was observed.
//!
//! [`next_due`] takes a feed's [`FeedState`] (what earlier fetches saw,
//! what the feed and the server said about their own freshness, the user's
//! wish) and gives the time the feed is next worth fetching, with the rule
//! that decided it. `learn::observe` turns one fetch into the next state.
//! Nothing here does I/O or reads the clock: the refresh, the TUI and the
//! simulation all pass `now`.
//!
//! How the rules combine (docs/scheduling.md has the table):
//! - a feed never fetched is due now;
//! - a per-feed `refresh_interval` is the user's explicit wish and is a
//!   fixed interval: the feed is checked that often, whatever it learned or
//!   the feed's hints say; only a server's Retry-After and the backoff
//!   after failures push it later (the server would refuse anyway);
//! - otherwise the interval is learned (a third of the time between the
//!   feed's changes, stretched a quarter per unchanged answer), between the
//!   floor (`fetch.refresh_interval`, the most often any feed is polled)
//!   and the ceiling; RSS `<ttl>`, `sy:updatePeriod`/`sy:updateFrequency`
//!   and `Cache-Control: max-age`/`Expires` only ever push it later, each
//!   bounded by [`HINT_CAP`]; `skipHours`/`skipDays` (GMT, as the RSS spec
//!   says) move it out of the hours and days the publisher skips.

pub mod learn;

use std::time::Duration;

use chrono::{DateTime, Datelike, TimeDelta, Timelike, Utc};
use serde::Serialize;

/// The most often an adaptive feed is polled when the config sets no
/// `fetch.refresh_interval` (the TUI then does not refresh by itself, but
/// `keruen refresh` from cron still asks what is due).
pub const DEFAULT_FLOOR: Duration = Duration::from_secs(30 * 60);
/// The longest a learned interval grows: a dormant feed is still looked
/// at twice a day, so a story it starts again is at most this late.
pub const CEILING: Duration = Duration::from_secs(12 * 3600);
/// The most a feed's or server's own freshness hint (ttl, sy:*,
/// Cache-Control, Expires) may delay the next fetch: a misconfigured
/// `max-age` of a year must not silence a feed.
pub const HINT_CAP: Duration = Duration::from_secs(24 * 3600);
/// The most a Retry-After is honoured (kept across runs).
pub const RETRY_CAP: Duration = Duration::from_secs(7 * 24 * 3600);
/// A feed due this little after `now` counts as due: a cron job every 30
/// minutes must not skip a feed fetched 30 minutes minus a few seconds ago.
pub const DUE_SLACK: Duration = Duration::from_secs(2 * 60);
/// Items whose dates estimate a feed's rate of change.
const RATE_ITEMS: usize = 20;

/// What a feed says about its own schedule (RSS channel elements).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FeedHints {
    /// RSS `<ttl>`: minutes the channel may be cached before refreshing.
    pub ttl: Option<Duration>,
    /// `sy:updatePeriod` / `sy:updateFrequency`: the period divided by the
    /// number of updates in it.
    pub update_period: Option<Duration>,
    /// RSS `<skipHours>`: bit `h` set = hour `h` (0–23, GMT) is skipped.
    pub skip_hours: u32,
    /// RSS `<skipDays>`: bit 0 = Monday … bit 6 = Sunday.
    pub skip_days: u8,
}

impl FeedHints {
    pub fn is_empty(&self) -> bool {
        *self == FeedHints::default()
    }
}

/// The user's side of the schedule, from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// The most often an adaptive feed is polled.
    pub floor: Duration,
    /// The longest a learned interval grows (never below `floor`).
    pub ceiling: Duration,
    /// The feed's own `refresh_interval`: a fixed interval.
    pub fixed: Option<Duration>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            floor: DEFAULT_FLOOR,
            ceiling: CEILING,
            fixed: None,
        }
    }
}

/// Everything the schedule knows about one feed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedState {
    pub policy: Policy,
    /// The last fetch, whatever its outcome.
    pub last_attempt: Option<DateTime<Utc>>,
    /// Estimated mean time between the feed's changes.
    pub change_interval: Option<Duration>,
    /// When the feed last changed (its newest item's date, or when a fetch
    /// first saw new items).
    pub last_change: Option<DateTime<Utc>>,
    /// Answers in a row without anything new (304s and unchanged 200s).
    pub unchanged: u32,
    /// Failed fetches in a row.
    pub failures: u32,
    pub hints: FeedHints,
    /// What the last response's Cache-Control max-age / Expires allow.
    pub fresh_until: Option<DateTime<Utc>>,
    /// What a 429/503's Retry-After asked for (kept across runs).
    pub retry_until: Option<DateTime<Utc>>,
}

/// The rule that set a due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Never fetched.
    New,
    /// The feed's own `refresh_interval`.
    Fixed,
    /// The learned interval (floor and ceiling included).
    Learned,
    /// RSS `<ttl>`.
    Ttl,
    /// `sy:updatePeriod` / `sy:updateFrequency`.
    UpdatePeriod,
    /// `Cache-Control: max-age` or `Expires`.
    CacheControl,
    /// Backoff after failed fetches.
    Backoff,
    /// A server's Retry-After (429/503).
    RetryAfter,
    /// Moved out of an hour of `<skipHours>`.
    SkipHours,
    /// Moved out of a day of `<skipDays>`.
    SkipDays,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::New => "new",
            Reason::Fixed => "fixed",
            Reason::Learned => "learned",
            Reason::Ttl => "ttl",
            Reason::UpdatePeriod => "update_period",
            Reason::CacheControl => "cache_control",
            Reason::Backoff => "backoff",
            Reason::RetryAfter => "retry_after",
            Reason::SkipHours => "skip_hours",
            Reason::SkipDays => "skip_days",
        }
    }
}

/// When a feed is next due, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    pub at: DateTime<Utc>,
    pub reason: Reason,
}

impl Due {
    /// Whether a refresh at `now` should fetch the feed (see [`DUE_SLACK`]).
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.at <= plus(now, DUE_SLACK)
    }
}

/// When `feed` is next worth fetching, and the rule that decided it.
pub fn next_due(feed: &FeedState, now: DateTime<Utc>) -> Due {
    let Some(last) = feed.last_attempt else {
        return Due {
            at: now,
            reason: Reason::New,
        };
    };
    let policy = &feed.policy;
    let mut due = match policy.fixed {
        Some(every) => Due {
            at: plus(last, every),
            reason: Reason::Fixed,
        },
        None => adaptive(feed, last),
    };
    if feed.failures > 0 {
        // Doubling from the feed's own interval: a broken feed costs a few
        // requests a day, and a fixed one comes back within the ceiling.
        let base = policy.fixed.unwrap_or(policy.floor);
        let factor = 2u32.saturating_pow(feed.failures.saturating_sub(1).min(16));
        let wait = base.saturating_mul(factor).min(ceiling(policy).max(base));
        later(&mut due, plus(last, wait), Reason::Backoff);
    }
    if let Some(retry) = feed.retry_until {
        later(
            &mut due,
            retry.min(plus(last, RETRY_CAP)),
            Reason::RetryAfter,
        );
    }
    if policy.fixed.is_none() {
        due = outside_skipped(due, &feed.hints);
    }
    due
}

/// The learned interval, then the feed's and server's hints, latest wins.
fn adaptive(feed: &FeedState, last: DateTime<Utc>) -> Due {
    let mut due = Due {
        at: plus(last, learned_interval(feed)),
        reason: Reason::Learned,
    };
    let cap = plus(last, HINT_CAP);
    let hints = [
        (feed.hints.ttl, Reason::Ttl),
        (feed.hints.update_period, Reason::UpdatePeriod),
    ];
    for (hint, reason) in hints {
        if let Some(wait) = hint {
            later(&mut due, plus(last, wait).min(cap), reason);
        }
    }
    if let Some(fresh) = feed.fresh_until {
        later(&mut due, fresh.min(cap), Reason::CacheControl);
    }
    due
}

/// A third of the time between changes (a change waits a sixth of it on
/// average), a quarter longer per unchanged answer in a row, between the
/// floor and the ceiling. A feed with no estimate yet starts at the floor.
pub fn learned_interval(feed: &FeedState) -> Duration {
    let policy = &feed.policy;
    let base = feed.change_interval.map_or(policy.floor, |c| c / 3);
    let stretch = 1.25f64.powi(i32::try_from(feed.unchanged.min(24)).unwrap_or(24));
    let wait = Duration::try_from_secs_f64(base.as_secs_f64() * stretch).unwrap_or(CEILING);
    wait.clamp(policy.floor, ceiling(policy))
}

fn ceiling(policy: &Policy) -> Duration {
    policy.ceiling.max(policy.floor)
}

fn later(due: &mut Due, at: DateTime<Utc>, reason: Reason) {
    if at > due.at {
        *due = Due { at, reason };
    }
}

/// Move `due` to the first hour (GMT) that neither `<skipHours>` nor
/// `<skipDays>` excludes. A feed that skips every hour of the week has
/// said nothing usable, and keeps its time.
fn outside_skipped(due: Due, hints: &FeedHints) -> Due {
    let (hours, days) = (hints.skip_hours & 0x00FF_FFFF, hints.skip_days & 0x7F);
    if (hours == 0 && days == 0) || hours == 0x00FF_FFFF || days == 0x7F {
        return due;
    }
    let mut at = due.at;
    let mut reason = due.reason;
    // A week of hours is enough to leave any pattern of skips.
    for _ in 0..(24 * 8) {
        let day = at.weekday().num_days_from_monday();
        let skip_day = days & (1 << day) != 0;
        let skip_hour = hours & (1 << at.hour()) != 0;
        if !skip_day && !skip_hour {
            return Due { at, reason };
        }
        reason = if skip_day {
            Reason::SkipDays
        } else {
            Reason::SkipHours
        };
        let hour_start = at
            .with_minute(0)
            .and_then(|t| t.with_second(0))
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(at);
        at = plus(hour_start, Duration::from_secs(3600));
    }
    due
}

/// The mean time between changes that a feed's item dates show: the span
/// of its newest items over their number, or the time since the newest if
/// that is longer (a feed silent for a month is not an hourly one). Dates
/// in the future (a wrong clock, scheduled posts) are left out.
pub fn rate_from_dates(dates: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
    let mut past: Vec<DateTime<Utc>> = dates
        .iter()
        .copied()
        .filter(|d| *d <= plus(now, Duration::from_secs(5 * 60)))
        .collect();
    past.sort_unstable_by(|a, b| b.cmp(a));
    past.truncate(RATE_ITEMS);
    let newest = *past.first()?;
    let since_newest = (now - newest).to_std().unwrap_or(Duration::ZERO);
    let oldest = *past.last()?;
    let gaps = u32::try_from(past.len().saturating_sub(1)).unwrap_or(u32::MAX);
    let rate = if gaps == 0 {
        since_newest
    } else {
        (newest - oldest).to_std().unwrap_or(Duration::ZERO) / gaps
    };
    Some(rate.max(since_newest))
}

/// `t + d`, saturating: a config of centuries or a damaged row must not
/// overflow (chrono panics on it).
pub fn plus(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    TimeDelta::from_std(d)
        .ok()
        .and_then(|d| t.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests;

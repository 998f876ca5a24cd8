//! One fetch → the feed's next [`FeedState`]: what the schedule learns.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{FeedHints, FeedState, RETRY_CAP, plus, rate_from_dates};

/// What one fetch of a feed saw.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A body was read and parsed: `new` items were not stored before;
    /// `dates` are the items' published (else updated) dates.
    Read { new: u64, dates: Vec<DateTime<Utc>> },
    /// 304 Not Modified.
    NotModified,
    /// The fetch failed (a 429/503 included).
    Failed,
}

/// One fetch: its answer and what the feed and the server said with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub answer: Answer,
    /// The feed's own hints, when a body was read (`None` keeps the old).
    pub hints: Option<FeedHints>,
    /// Cache-Control max-age / Expires of this response.
    pub fresh_until: Option<DateTime<Utc>>,
    /// Retry-After of a 429/503 (or of an earlier one on the same host).
    pub retry_until: Option<DateTime<Utc>>,
}

impl Observation {
    pub fn new(answer: Answer) -> Observation {
        Observation {
            answer,
            hints: None,
            fresh_until: None,
            retry_until: None,
        }
    }
}

/// How much a newly observed interval moves the estimate of a feed
/// without dates (the rest stays with what was learned before).
const NEW_WEIGHT: f64 = 0.5;

/// The state after `obs`, seen at `now`. The policy is kept: it comes from
/// the config, not from fetches.
pub fn observe(state: &FeedState, obs: &Observation, now: DateTime<Utc>) -> FeedState {
    let mut next = state.clone();
    next.last_attempt = Some(now);
    // A Retry-After is for this moment on: a later answer replaces it.
    next.retry_until = obs.retry_until.map(|t| t.min(plus(now, RETRY_CAP)));
    next.fresh_until = obs.fresh_until;
    if let Some(hints) = obs.hints {
        next.hints = hints;
    }
    match &obs.answer {
        Answer::Failed => next.failures = next.failures.saturating_add(1),
        Answer::NotModified => {
            next.failures = 0;
            next.unchanged = next.unchanged.saturating_add(1);
        }
        Answer::Read { new, dates } => {
            next.failures = 0;
            let newest = dates.iter().copied().filter(|d| *d <= now).max();
            if *new == 0 {
                next.unchanged = next.unchanged.saturating_add(1);
            } else {
                next.unchanged = 0;
                next.change_interval = match rate_from_dates(dates, now) {
                    // The items' own dates: a rate from the first fetch on.
                    Some(rate) => Some(rate),
                    // No dates: the time between the fetches that saw news.
                    None => blend(state.change_interval, state.last_change, now),
                };
                next.last_change = Some(newest.unwrap_or(now));
            }
        }
    }
    next
}

/// The estimate moved toward the interval just observed (a feed without
/// item dates learns only from when its changes were seen).
fn blend(
    old: Option<Duration>,
    last_change: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<Duration> {
    let seen = (now - last_change?).to_std().ok()?;
    Some(match old {
        None => seen,
        Some(old) => Duration::try_from_secs_f64(
            old.as_secs_f64() * (1.0 - NEW_WEIGHT) + seen.as_secs_f64() * NEW_WEIGHT,
        )
        .unwrap_or(seen),
    })
}

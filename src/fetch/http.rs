//! One HTTP(S) fetch: conditional GET, 429/503 retries within the total time
//! limit, and a body read in chunks that stops at the cap.

use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Response, StatusCode};
use tokio::time::Instant;
use url::Url;

use super::errors::{self, failure};
use super::{
    FetchFailure, FetchOutcome, FetchedBody, Fetcher, ResponseMeta, Validators, freshness, words,
};
use crate::config::settings::FetchSettings;
use crate::domain::FailureKind;

/// Requests made for one fetch at most (the first plus two retries).
const MAX_ATTEMPTS: u32 = 3;
/// Longest Retry-After we wait out; a longer one fails the feed for now.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(5);
/// First backoff when a 429/503 carries no Retry-After; doubles each time.
const BASE_BACKOFF: Duration = Duration::from_secs(1);

/// One fetch, following redirects itself so that every hop is a request
/// of its own host (see `hosts`: a redirect to another host counts there,
/// the final host included), retrying short 429/503 waits.
pub(crate) async fn fetch(
    fetcher: &Fetcher,
    url: &Url,
    validators: &Validators,
) -> (FetchOutcome, ResponseMeta) {
    let settings = &fetcher.settings;
    let mut meta = ResponseMeta::default();
    let mut current = url.clone();
    let mut redirects = 0;
    let mut attempt = 1;
    // Waiting for a slot on a busy host is not the feed's fault, so the
    // total limit starts once the first slot is ours and is moved on by
    // every later wait for a slot.
    let mut deadline: Option<Instant> = None;
    loop {
        if let Some(left) = fetcher.hosts.blocked_for(&current) {
            // Another fetch of this run met a 429/503 on this host.
            if left > MAX_RETRY_WAIT {
                meta.retry_until = Some(crate::schedule::plus(chrono::Utc::now(), left));
                return (FetchOutcome::Failed(host_blocked(left)), meta);
            }
            tokio::time::sleep(left).await;
        }
        let asked_at = Instant::now();
        let permit = fetcher.hosts.acquire(&current).await;
        let until = match deadline {
            None => Instant::now() + settings.total_timeout,
            Some(d) => d + asked_at.elapsed(),
        };
        deadline = Some(until);
        let step = tokio::time::timeout_at(until, hop(fetcher, &current, validators)).await;
        drop(permit);
        let step = match step {
            Ok(step) => step,
            Err(_elapsed) => return (FetchOutcome::Failed(errors::total_timeout(settings)), meta),
        };
        match step {
            Hop::Done(outcome, fresh_until) => {
                meta.fresh_until = fresh_until;
                return (outcome, meta);
            }
            Hop::Redirect(next) => {
                redirects += 1;
                if redirects > settings.max_redirects {
                    let refused = errors::RedirectRefused::TooMany(settings.max_redirects);
                    return (
                        FetchOutcome::Failed(failure(FailureKind::Redirect, refused.to_string())),
                        meta,
                    );
                }
                current = next;
            }
            Hop::Retry(status, asked) => {
                if let Some(asked) = asked {
                    fetcher.hosts.block(&current, Instant::now() + asked);
                }
                match plan_retry(status, asked, attempt, Instant::now(), until) {
                    Ok(wait) => {
                        tracing::debug!(url = %current, ?wait, "retrying after {status}");
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                    }
                    Err(message) => {
                        meta.retry_until =
                            asked.map(|a| crate::schedule::plus(chrono::Utc::now(), a));
                        return (
                            FetchOutcome::Failed(failure(FailureKind::Http, message)),
                            meta,
                        );
                    }
                }
            }
        }
    }
}

/// What one request (one hop) came to.
enum Hop {
    /// The fetch's outcome, with the response's freshness.
    Done(FetchOutcome, Option<chrono::DateTime<chrono::Utc>>),
    /// A redirect to follow (scheme already checked).
    Redirect(Url),
    /// A 429/503 and its Retry-After.
    Retry(StatusCode, Option<Duration>),
}

async fn hop(fetcher: &Fetcher, url: &Url, validators: &Validators) -> Hop {
    let settings = &fetcher.settings;
    let response = match request(fetcher, url, validators).send().await {
        Ok(response) => response,
        Err(err) => {
            return Hop::Done(
                FetchOutcome::Failed(errors::classify(&err, settings, url)),
                None,
            );
        }
    };
    let status = response.status();
    tracing::debug!(%url, %status, "response");
    let now = chrono::Utc::now();
    if status == StatusCode::NOT_MODIFIED {
        let fresh = freshness::fresh_until(response.headers(), now);
        return Hop::Done(FetchOutcome::NotModified, fresh);
    }
    if status.is_success() {
        let fresh = freshness::fresh_until(response.headers(), now);
        return Hop::Done(read_body(response, settings, url).await, fresh);
    }
    if status.is_redirection() {
        return match redirect_target(&response) {
            Ok(next) => Hop::Redirect(next),
            Err(refused) => Hop::Done(FetchOutcome::Failed(refused), None),
        };
    }
    if status != StatusCode::TOO_MANY_REQUESTS && status != StatusCode::SERVICE_UNAVAILABLE {
        return Hop::Done(
            FetchOutcome::Failed(failure(FailureKind::Http, errors::status_message(status))),
            None,
        );
    }
    // The response (and its connection) is let go before any wait.
    Hop::Retry(status, retry_after(response.headers(), now))
}

fn host_blocked(left: Duration) -> FetchFailure {
    failure(
        FailureKind::Http,
        format!(
            "rate limited (HTTP 429/503 earlier on this host); server asks to retry after {} s",
            round_up_to_secs(left).as_secs()
        ),
    )
}

fn request(fetcher: &Fetcher, url: &Url, validators: &Validators) -> reqwest::RequestBuilder {
    let mut builder = fetcher.feed_client.get(url.clone());
    // A stored validator that is not a valid header value (a damaged cache)
    // is skipped: the fetch then is simply unconditional, instead of failing.
    let conditional = [
        (header::IF_NONE_MATCH, &validators.etag),
        (header::IF_MODIFIED_SINCE, &validators.last_modified),
    ];
    for (name, value) in conditional {
        if let Some(value) = value.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            builder = builder.header(name, value);
        }
    }
    builder
}

/// Reads the (already decompressed) body chunk by chunk and gives up as soon
/// as it passes the cap, so a compression bomb never inflates in memory.
async fn read_body(mut response: Response, settings: &FetchSettings, url: &Url) -> FetchOutcome {
    let cap = settings.max_body_bytes;
    // Known only for uncompressed bodies: reqwest hides the length of a body
    // it decompresses, since the header counts compressed bytes.
    let announced = response.content_length();
    if announced.is_some_and(|len| len > cap) {
        return FetchOutcome::Failed(errors::too_large(cap));
    }
    let content_type = header_text(response.headers(), header::CONTENT_TYPE);
    let validators = Validators {
        etag: header_text(response.headers(), header::ETAG),
        last_modified: header_text(response.headers(), header::LAST_MODIFIED),
    };
    let final_url = response.url().clone();
    let cap_len = usize::try_from(cap).unwrap_or(usize::MAX);
    // Pre-size from the announced length, but never trust it for more than a
    // modest allocation up front.
    let initial = announced
        .and_then(|len| usize::try_from(len).ok())
        .unwrap_or(64 * 1024)
        .min(cap_len)
        .min(4 * 1024 * 1024);
    let mut bytes = Vec::with_capacity(initial);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if chunk.len() > cap_len - bytes.len() {
                    return FetchOutcome::Failed(errors::too_large(cap));
                }
                grow_within(&mut bytes, chunk.len(), cap_len);
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(err) => return FetchOutcome::Failed(errors::classify(&err, settings, url)),
        }
    }
    FetchOutcome::Fetched(FetchedBody {
        bytes,
        content_type,
        final_url,
        validators,
    })
}

/// The body of any response, within the cap (for `api`, which wants the
/// body whatever the status).
pub(crate) async fn read_capped(
    response: Response,
    settings: &FetchSettings,
    url: &Url,
) -> Result<Vec<u8>, FetchFailure> {
    match read_body(response, settings, url).await {
        FetchOutcome::Fetched(body) => Ok(body.bytes),
        FetchOutcome::Failed(failure) => Err(failure),
        FetchOutcome::NotModified => Ok(Vec::new()),
    }
}

/// Makes room for `extra` more bytes, doubling as Vec does but never past
/// `cap`, so a body near the cap costs the cap and not twice it.
fn grow_within(bytes: &mut Vec<u8>, extra: usize, cap: usize) {
    let needed = bytes.len() + extra;
    if needed > bytes.capacity() {
        let target = bytes.capacity().saturating_mul(2).max(needed).min(cap);
        bytes.reserve_exact(target - bytes.len());
    }
}

/// Where a 3xx sends us: http(s) only (a feed must never be able to send
/// us to file:// or anything else); a 3xx without Location, or with one
/// that is no URL, is a failure in words.
fn redirect_target(response: &Response) -> Result<Url, FetchFailure> {
    let status = response.status();
    let Some(location) = header_text(response.headers(), header::LOCATION) else {
        return Err(failure(FailureKind::Http, errors::status_message(status)));
    };
    match response.url().join(&location) {
        Ok(target) if matches!(target.scheme(), "http" | "https") => Ok(target),
        Ok(target) => Err(failure(
            FailureKind::Redirect,
            errors::RedirectRefused::Scheme(words::one_line(target.as_str())).to_string(),
        )),
        Err(_) => Err(failure(
            FailureKind::Redirect,
            format!(
                "{} to a location that cannot be followed: {}",
                errors::status_message(status),
                words::one_line(&location)
            ),
        )),
    }
}

/// A header's value as text, if it is visible ASCII (validators are sent
/// back verbatim, so anything else is not worth keeping).
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_string)
}

/// Retry-After as a wait from `now`: delay-seconds or an HTTP date (a date
/// in the past means "now"). `None` if absent or unreadable.
pub(crate) fn retry_after(
    headers: &HeaderMap,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<Duration> {
    let text = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long numbers still mean "a long time".
        let secs = text.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs));
    }
    // IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") is valid RFC 2822.
    let when = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - now;
    let millis = u64::try_from(wait.num_milliseconds()).unwrap_or(0);
    Some(Duration::from_millis(millis))
}

/// The wait before the next attempt, or the failure message if the server
/// asks for more than we will wait, or the attempts or time are used up.
pub(crate) fn plan_retry(
    status: StatusCode,
    asked: Option<Duration>,
    attempt: u32,
    now: Instant,
    deadline: Instant,
) -> Result<Duration, String> {
    let what = if status == StatusCode::TOO_MANY_REQUESTS {
        "rate limited (HTTP 429)".to_string()
    } else {
        errors::status_message(status)
    };
    if attempt >= MAX_ATTEMPTS {
        return Err(format!("{what}, still after {attempt} attempts"));
    }
    let wait = asked.unwrap_or(BASE_BACKOFF * 2u32.pow(attempt - 1));
    let fits_in_time = now.checked_add(wait).is_some_and(|at| at < deadline);
    if wait <= MAX_RETRY_WAIT && fits_in_time {
        return Ok(wait);
    }
    Err(match asked {
        // In seconds, as the server said it (and never less than it asked).
        Some(asked) => format!(
            "{what}; server asks to retry after {} s",
            round_up_to_secs(asked).as_secs()
        ),
        None => what,
    })
}

fn round_up_to_secs(d: Duration) -> Duration {
    if d.subsec_nanos() == 0 {
        d
    } else {
        Duration::from_secs(d.as_secs().saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(retry_after).unwrap(),
        );
        map
    }

    #[test]
    fn growth_stops_at_the_cap() {
        let mut bytes = Vec::with_capacity(600);
        bytes.extend_from_slice(&[0; 600]);
        grow_within(&mut bytes, 100, 1000);
        assert_eq!(bytes.capacity(), 1000);
        let mut small = Vec::with_capacity(10);
        small.extend_from_slice(&[0; 10]);
        grow_within(&mut small, 5, 1000);
        assert!(small.capacity() >= 15 && small.capacity() <= 20);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers("Thu, 01 Jan 2026 00:00:30 GMT"), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(&headers("Wed, 31 Dec 2025 23:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn short_waits_are_retried_long_ones_fail_in_words() {
        let now = Instant::now();
        let deadline = now + Duration::from_secs(60);
        let s429 = StatusCode::TOO_MANY_REQUESTS;
        assert_eq!(
            plan_retry(s429, Some(Duration::from_secs(2)), 1, now, deadline),
            Ok(Duration::from_secs(2))
        );
        assert_eq!(
            plan_retry(s429, Some(Duration::from_secs(120)), 1, now, deadline),
            Err("rate limited (HTTP 429); server asks to retry after 120 s".to_string())
        );
        assert_eq!(
            plan_retry(s429, None, 2, now, deadline),
            Ok(Duration::from_secs(2)),
            "backoff doubles without Retry-After"
        );
        assert!(plan_retry(s429, Some(Duration::ZERO), MAX_ATTEMPTS, now, deadline).is_err());
        let short_deadline = now + Duration::from_secs(1);
        assert!(
            plan_retry(s429, Some(Duration::from_secs(2)), 1, now, short_deadline).is_err(),
            "a wait past the total limit is not taken"
        );
        assert_eq!(
            plan_retry(
                StatusCode::SERVICE_UNAVAILABLE,
                Some(Duration::from_secs(9)),
                1,
                now,
                deadline
            ),
            Err("HTTP 503 Service Unavailable; server asks to retry after 9 s".to_string())
        );
    }
}

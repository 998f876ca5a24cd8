//! How long a response says it stays fresh (RFC 9111 §4.2.1 for a private
//! cache): `Cache-Control: max-age` minus `Age`, else `Expires` measured
//! against the server's own `Date` (so a wrong clock on either side does
//! not move it). `no-store` / `no-cache` say nothing about when the
//! content changes, so they give no freshness.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{self, HeaderMap};

/// Until when the response is fresh, seen at `now`; `None` when the
/// headers say nothing usable (or that it is already stale).
pub(crate) fn fresh_until(headers: &HeaderMap, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let lifetime = lifetime(headers, now)?;
    let age = header_str(headers, header::AGE)
        .and_then(|a| a.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_secs);
    let left = lifetime.checked_sub(age).filter(|d| !d.is_zero())?;
    Some(crate::schedule::plus(now, left))
}

fn lifetime(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let mut max_age = None;
    // Every Cache-Control header, every comma-separated directive.
    for value in headers.get_all(header::CACHE_CONTROL) {
        let Ok(text) = value.to_str() else { continue };
        for directive in text.split(',') {
            let (name, arg) = match directive.split_once('=') {
                Some((n, a)) => (n.trim(), Some(a.trim().trim_matches('"'))),
                None => (directive.trim(), None),
            };
            if name.eq_ignore_ascii_case("no-store") || name.eq_ignore_ascii_case("no-cache") {
                return None;
            }
            if name.eq_ignore_ascii_case("max-age") {
                // A bad value makes the response stale (RFC 9111 §4.2.1).
                max_age = Some(arg.and_then(|a| a.parse::<u64>().ok()).unwrap_or(0));
            }
        }
    }
    if let Some(secs) = max_age {
        return Some(Duration::from_secs(secs));
    }
    let expires = http_date(header_str(headers, header::EXPIRES)?)?;
    let date = header_str(headers, header::DATE)
        .and_then(http_date)
        .unwrap_or(now);
    (expires - date).to_std().ok()
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name)?.to_str().ok().map(str::trim)
}

/// An HTTP date (IMF-fixdate is valid RFC 2822); anything else ("0", "-1")
/// is not a date, which RFC 9111 reads as "already expired".
fn http_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn fresh(pairs: &[(&'static str, &'static str)]) -> Option<i64> {
        fresh_until(&headers(pairs), now()).map(|t| (t - now()).num_seconds())
    }

    #[test]
    fn max_age_minus_age() {
        assert_eq!(
            fresh(&[("cache-control", "public, max-age=600")]),
            Some(600)
        );
        assert_eq!(
            fresh(&[("cache-control", "max-age=\"600\""), ("age", "100")]),
            Some(500)
        );
        assert_eq!(
            fresh(&[("cache-control", "max-age=60"), ("age", "100")]),
            None
        );
        assert_eq!(fresh(&[("cache-control", "max-age=soon")]), None);
    }

    #[test]
    fn max_age_wins_over_expires_and_no_cache_gives_nothing() {
        let both = [
            ("cache-control", "max-age=60"),
            ("expires", "Wed, 02 Dec 2026 12:00:00 GMT"),
        ];
        assert_eq!(fresh(&both), Some(60));
        assert_eq!(fresh(&[("cache-control", "no-cache, max-age=600")]), None);
        assert_eq!(
            fresh(&[("cache-control", "private"), ("cache-control", "no-store")]),
            None
        );
    }

    #[test]
    fn expires_is_measured_against_the_servers_date() {
        // The server's clock is an hour behind ours: still two hours fresh.
        let skewed = [
            ("date", "Wed, 02 Dec 2026 09:00:00 GMT"),
            ("expires", "Wed, 02 Dec 2026 11:00:00 GMT"),
        ];
        assert_eq!(fresh(&skewed), Some(7200));
        assert_eq!(fresh(&[("expires", "0")]), None);
        assert_eq!(
            fresh(&[("expires", "Wed, 02 Dec 2026 10:30:00 GMT")]),
            Some(1800)
        );
        assert_eq!(
            fresh(&[
                ("date", "Wed, 02 Dec 2026 09:00:00 GMT"),
                ("expires", "Wed, 02 Dec 2026 08:00:00 GMT")
            ]),
            None
        );
    }
}

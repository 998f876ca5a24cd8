//! Per-host politeness, the one place every HTTP request of a fetch passes
//! (each hop of a redirect chain included, see `http`):
//! - at most `per_host` requests in flight to one host (and port);
//! - two requests to one host start at least `gap` apart;
//! - a host that answered 429/503 with a Retry-After is not asked again
//!   before then by this process (`block`).
//!
//! Hosts are independent: waiting on one never holds back another.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::Url;

#[derive(Clone)]
pub(crate) struct HostLimits {
    per_host: usize,
    gap: Duration,
    // A std Mutex is enough: it is held only to look up or insert an entry
    // or to read and move a time, never across an await.
    hosts: Arc<Mutex<HashMap<String, Arc<Host>>>>,
}

struct Host {
    slots: Arc<Semaphore>,
    /// The earliest start of the next request to this host.
    next_start: Mutex<Instant>,
    /// Retry-After of this host's last 429/503, if still ahead.
    blocked_until: Mutex<Option<Instant>>,
}

/// A request slot on one host; the slot is freed when this is dropped.
pub(crate) struct HostPermit {
    _slot: Option<OwnedSemaphorePermit>,
}

impl HostLimits {
    pub(crate) fn new(per_host: usize, gap: Duration) -> HostLimits {
        HostLimits {
            per_host: per_host.max(1),
            gap,
            hosts: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn host(&self, url: &Url) -> Arc<Host> {
        // A poisoned map is still a valid map: a panic elsewhere cannot
        // leave it half-updated, since insert is the only mutation.
        let mut map = self
            .hosts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.entry(host_key(url))
            .or_insert_with(|| {
                Arc::new(Host {
                    slots: Arc::new(Semaphore::new(self.per_host)),
                    next_start: Mutex::new(Instant::now()),
                    blocked_until: Mutex::new(None),
                })
            })
            .clone()
    }

    /// Waits for a slot on the URL's host and for the host's gap.
    pub(crate) async fn acquire(&self, url: &Url) -> HostPermit {
        let host = self.host(url);
        // INVARIANT (enforced here and nowhere else): every request a fetch
        // sends holds a permit of its own URL's host while it is in flight,
        // so no host ever has more than `per_host` requests at once; and
        // starts are reserved under the host's lock `gap` apart, so two
        // requests to a host never start closer than `gap`. The semaphore
        // is never closed; `None` would only let the request go unthrottled.
        let slot = Arc::clone(&host.slots).acquire_owned().await.ok();
        if !self.gap.is_zero() {
            let start = {
                let mut next = lock(&host.next_start);
                let start = (*next).max(Instant::now());
                *next = start + self.gap;
                start
            };
            tokio::time::sleep_until(start).await;
        }
        HostPermit { _slot: slot }
    }

    /// Remember that the URL's host asked not to be called before `until`.
    pub(crate) fn block(&self, url: &Url, until: Instant) {
        let host = self.host(url);
        let mut blocked = lock(&host.blocked_until);
        *blocked = Some(blocked.map_or(until, |b| b.max(until)));
    }

    /// How long the URL's host still asked to be left alone, if at all.
    pub(crate) fn blocked_for(&self, url: &Url) -> Option<Duration> {
        let host = self.host(url);
        let until = (*lock(&host.blocked_until))?;
        let left = until.saturating_duration_since(Instant::now());
        (!left.is_zero()).then_some(left)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The values are plain times: a panic elsewhere cannot leave one torn.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Host plus port: two servers on one machine are limited separately.
pub(crate) fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    #[test]
    fn key_includes_the_default_port() {
        let a = Url::parse("https://Example.org/feed").unwrap();
        let b = Url::parse("https://example.org:443/other").unwrap();
        assert_eq!(host_key(&a), host_key(&b));
        let c = Url::parse("http://example.org/feed").unwrap();
        assert_ne!(host_key(&a), host_key(&c));
    }

    #[tokio::test]
    async fn second_permit_waits_when_per_host_is_one() {
        let limits = HostLimits::new(1, Duration::ZERO);
        let url = Url::parse("http://127.0.0.1:9/feed").unwrap();
        let first = limits.acquire(&url).await;
        let other_host = Url::parse("http://127.0.0.2:9/feed").unwrap();
        // Polled once: another host's free slot is granted at once.
        assert!(limits.acquire(&other_host).now_or_never().is_some());
        let waiting = limits.acquire(&url).now_or_never();
        assert!(
            waiting.is_none(),
            "a second slot on the same host was granted"
        );
        drop(first);
        let _again = limits.acquire(&url).await;
    }

    #[tokio::test(start_paused = true)]
    async fn starts_on_one_host_are_a_gap_apart_other_hosts_are_not_held() {
        let gap = Duration::from_secs(2);
        let limits = HostLimits::new(4, gap);
        let a = Url::parse("http://a.example/1").unwrap();
        let b = Url::parse("http://b.example/1").unwrap();
        let t0 = Instant::now();
        drop(limits.acquire(&a).await);
        drop(limits.acquire(&a).await);
        let second = Instant::now() - t0;
        drop(limits.acquire(&b).await);
        assert_eq!(second, gap, "the second start on a host waits the gap");
        assert_eq!(Instant::now() - t0, gap, "another host does not wait");
    }

    #[tokio::test(start_paused = true)]
    async fn a_block_lasts_until_its_time() {
        let limits = HostLimits::new(1, Duration::ZERO);
        let a = Url::parse("http://a.example/1").unwrap();
        assert_eq!(limits.blocked_for(&a), None);
        limits.block(&a, Instant::now() + Duration::from_secs(30));
        assert_eq!(limits.blocked_for(&a), Some(Duration::from_secs(30)));
        tokio::time::advance(Duration::from_secs(31)).await;
        assert_eq!(limits.blocked_for(&a), None);
    }
}

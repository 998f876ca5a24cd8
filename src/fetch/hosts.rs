//! Per-host request limits: at most `per_host` requests in flight to one
//! host (and port) at a time, however many feeds the caller fetches at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use url::Url;

#[derive(Clone)]
pub(crate) struct HostLimits {
    per_host: usize,
    // A std Mutex is enough: it is held only to look up or insert an entry,
    // never across an await.
    semaphores: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
}

impl HostLimits {
    pub(crate) fn new(per_host: usize) -> HostLimits {
        HostLimits {
            per_host: per_host.max(1),
            semaphores: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Waits for a slot on the URL's host. The slot is freed when the permit
    /// is dropped. `None` only if the semaphore were closed, which never
    /// happens; the caller then proceeds unthrottled rather than failing.
    pub(crate) async fn acquire(&self, url: &Url) -> Option<OwnedSemaphorePermit> {
        let semaphore = {
            // A poisoned map is still a valid map: a panic elsewhere cannot
            // leave it half-updated, since insert is the only mutation.
            let mut map = self
                .semaphores
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            map.entry(host_key(url))
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        semaphore.acquire_owned().await.ok()
    }
}

/// Host plus port: two servers on one machine are limited separately.
fn host_key(url: &Url) -> String {
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
        let limits = HostLimits::new(1);
        let url = Url::parse("http://127.0.0.1:9/feed").unwrap();
        let first = limits.acquire(&url).await;
        assert!(first.is_some());
        let other_host = Url::parse("http://127.0.0.2:9/feed").unwrap();
        assert!(limits.acquire(&other_host).await.is_some());
        // Polled once: a free slot would be granted at once.
        let waiting = limits.acquire(&url).now_or_never();
        assert!(
            waiting.is_none(),
            "a second slot on the same host was granted"
        );
        drop(first);
        assert!(limits.acquire(&url).await.is_some());
    }
}

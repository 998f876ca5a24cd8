//! The calls every backend makes: one request through the fetch client
//! (its timeouts and body cap), failures turned into `SyncError`s that
//! name the server, and JSON read from a bounded body.

use serde::de::DeserializeOwned;
use url::Url;

use super::SyncError;
use crate::domain::FailureKind;
use crate::fetch::{ApiBody, ApiMethod, ApiResponse, Fetcher};
use crate::sanitize;

pub(super) struct Api {
    pub(super) fetcher: Fetcher,
    /// "Fever API at http://…" (sanitised, no query string).
    pub(super) server: String,
}

impl Api {
    pub(super) fn new(fetcher: Fetcher, what: &str, url: &Url) -> Api {
        let mut shown = url.clone();
        shown.set_query(None);
        let _ = shown.set_password(None);
        Api {
            fetcher,
            server: format!("{what} at {}", sanitize::line(shown.as_str())),
        }
    }

    /// One call; any status comes back (the caller knows what a 401 means
    /// for its API); a network failure is `ServerDown`.
    pub(super) async fn call(
        &self,
        method: ApiMethod,
        url: &Url,
        auth: Option<&str>,
        body: ApiBody,
    ) -> Result<ApiResponse, SyncError> {
        self.fetcher
            .api(method, url, auth, body)
            .await
            .map_err(|f| match f.kind {
                FailureKind::Connect | FailureKind::Timeout => SyncError::ServerDown {
                    server: self.server.clone(),
                    cause: sanitize::line(&f.message),
                },
                _ => SyncError::Protocol {
                    server: self.server.clone(),
                    what: sanitize::line(&f.message),
                },
            })
    }

    /// A 2xx answer's body as JSON of type `T`.
    pub(super) fn json<T: DeserializeOwned>(&self, r: &ApiResponse) -> Result<T, SyncError> {
        self.ok(r)?;
        serde_json::from_slice(&r.bytes)
            .map_err(|e| self.protocol(format!("not the JSON expected ({e})")))
    }

    /// Fails on a non-2xx status, quoting the start of the body.
    pub(super) fn ok(&self, r: &ApiResponse) -> Result<(), SyncError> {
        if (200..300).contains(&r.status) {
            return Ok(());
        }
        let what = format!("HTTP {}{}", r.status, excerpt(&r.bytes));
        Err(match r.status {
            502..=504 => SyncError::ServerDown {
                server: self.server.clone(),
                cause: what,
            },
            _ => SyncError::Refused {
                server: self.server.clone(),
                what,
            },
        })
    }

    pub(super) fn protocol(&self, what: impl Into<String>) -> SyncError {
        SyncError::Protocol {
            server: self.server.clone(),
            what: sanitize::line(&what.into()),
        }
    }
}

/// ": <first 80 characters of the body>", sanitised, or nothing.
pub(super) fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(400)]);
    let line = sanitize::line_capped(text.trim(), 80);
    if line.is_empty() {
        String::new()
    } else {
        format!(": {line}")
    }
}

/// A JSON id that may be a number or a string, as text.
pub(super) fn id_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A JSON flag that may be a bool, 0/1 or "0"/"1".
pub(super) fn flag(v: Option<&serde_json::Value>) -> bool {
    match v {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::Number(n)) => n.as_i64().is_some_and(|n| n != 0),
        Some(serde_json::Value::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A unix time in seconds (number or numeric string).
pub(super) fn unix_time(v: Option<&serde_json::Value>) -> Option<chrono::DateTime<chrono::Utc>> {
    let secs = match v? {
        serde_json::Value::Number(n) => n.as_i64()?,
        serde_json::Value::String(s) => s.parse().ok()?,
        _ => return None,
    };
    chrono::DateTime::from_timestamp(secs, 0)
}

/// A JSON string field, if present and non-empty.
pub(super) fn text(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

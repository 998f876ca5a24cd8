//! HTTP (and file://) fetching with conditional GET, caps and limits.
//! Owns the one reqwest client. Knows nothing of parsing or the store.
//!
//! - `http`: one request with retries on 429/503 and the capped body read;
//! - `errors`: reqwest errors and refused redirects → kind + message;
//! - `hosts`: per-host politeness (slots, gap, Retry-After), which every
//!   hop of a redirect chain passes; `freshness`: Cache-Control / Expires;
//! - `file`: local files; `words`: message text;
//! - `tls`: the TLS setup every client of the process shares, prepared in
//!   the background from the start of a command that fetches.

mod api;
mod errors;
mod file;
mod freshness;
mod hosts;
mod http;
mod stream;
pub mod tls;
mod words;

use std::sync::Arc;

pub use api::{ApiBody, ApiMethod, ApiResponse};
use reqwest::header::{self, HeaderMap, HeaderValue};
pub use stream::Streamed;
use url::Url;

use crate::config::settings::FetchSettings;
use crate::domain::FailureKind;
pub use crate::domain::Validators;

/// A successfully read body.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedBody {
    /// The body, decompressed, at most `max_body_bytes` long.
    pub bytes: Vec<u8>,
    /// The Content-Type header, if any (carries the HTTP charset).
    pub content_type: Option<String>,
    /// The URL after redirects; the base URI for relative links.
    pub final_url: Url,
    /// Validators from this response, to store for the next refresh.
    pub validators: Validators,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchFailure {
    pub kind: FailureKind,
    /// One line in words, e.g. "timed out after 20 s" or "HTTP 500 Internal Server Error".
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FetchOutcome {
    NotModified,
    Fetched(FetchedBody),
    Failed(FetchFailure),
}

#[derive(Debug, thiserror::Error)]
pub enum FetchSetupError {
    #[error("could not build the HTTP client: {0}")]
    Client(String),
}

/// What a response said about when to ask again, for the schedule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResponseMeta {
    /// Cache-Control max-age / Expires of the final response.
    pub fresh_until: Option<chrono::DateTime<chrono::Utc>>,
    /// A 429/503's Retry-After that was not waited out (this fetch's, or
    /// an earlier one's on the same host).
    pub retry_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// The shared clients plus the per-host limits. Cheap to clone (Arc inside).
#[derive(Clone)]
pub struct Fetcher {
    /// For API calls: follows redirects itself.
    client: reqwest::Client,
    /// For feeds and pages: follows no redirect, so `http` takes every hop
    /// through the per-host limits.
    feed_client: reqwest::Client,
    settings: Arc<FetchSettings>,
    hosts: hosts::HostLimits,
}

/// What we ask servers for: feeds first, then anything.
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";

impl Fetcher {
    pub fn new(settings: &FetchSettings) -> Result<Fetcher, FetchSetupError> {
        let tls = tls::config()?;
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static(ACCEPT));
        let build = |redirect| {
            reqwest::Client::builder()
                .tls_backend_preconfigured(tls.clone())
                .user_agent(settings.user_agent.as_str())
                .default_headers(headers.clone())
                .connect_timeout(settings.connect_timeout)
                // Applies to the wait for the headers and to every body read.
                .read_timeout(settings.read_timeout)
                .redirect(redirect)
                .gzip(true)
                .brotli(true)
                .build()
                .map_err(|err| FetchSetupError::Client(err.to_string()))
        };
        Ok(Fetcher {
            client: build(errors::redirect_policy(settings.max_redirects))?,
            feed_client: build(reqwest::redirect::Policy::none())?,
            settings: Arc::new(settings.clone()),
            hosts: hosts::HostLimits::new(settings.per_host.get(), settings.per_host_gap),
        })
    }

    /// The settings this fetcher was built with.
    pub fn settings(&self) -> &FetchSettings {
        &self.settings
    }

    /// Fetch one URL. Never panics; every failure becomes `FetchOutcome::Failed`.
    pub async fn fetch(&self, url: &Url, validators: &Validators) -> FetchOutcome {
        self.fetch_with_meta(url, validators).await.0
    }

    /// [`Fetcher::fetch`], with what the response said about when to ask
    /// again.
    pub async fn fetch_with_meta(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> (FetchOutcome, ResponseMeta) {
        let (outcome, meta) = match url.scheme() {
            "http" | "https" => http::fetch(self, url, validators).await,
            "file" => (
                file::fetch(url, &self.settings).await,
                ResponseMeta::default(),
            ),
            other => (
                FetchOutcome::Failed(errors::failure(
                    FailureKind::Other,
                    format!(
                        "unsupported URL scheme {}:// (use http, https or file)",
                        words::one_line(other)
                    ),
                )),
                ResponseMeta::default(),
            ),
        };
        if let FetchOutcome::Failed(failure) = &outcome {
            tracing::debug!(%url, kind = failure.kind.as_str(), message = %failure.message, "fetch failed");
        }
        (outcome, meta)
    }
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

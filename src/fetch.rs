//! HTTP (and file://) fetching with conditional GET, caps and limits.
//! Owns the one reqwest client. Knows nothing of parsing or the store.

use url::Url;

use crate::config::settings::FetchSettings;
use crate::domain::FailureKind;

/// Cache validators kept per feed and sent back as If-None-Match / If-Modified-Since.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

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

/// One shared client plus the per-host limits. Cheap to clone (Arc inside).
#[derive(Clone)]
pub struct Fetcher {
    _settings: FetchSettings,
}

impl Fetcher {
    pub fn new(settings: &FetchSettings) -> Result<Fetcher, FetchSetupError> {
        Ok(Fetcher {
            _settings: settings.clone(),
        })
    }

    /// Fetch one URL. Never panics; every failure becomes `FetchOutcome::Failed`.
    pub async fn fetch(&self, _url: &Url, _validators: &Validators) -> FetchOutcome {
        FetchOutcome::Failed(FetchFailure {
            kind: FailureKind::Other,
            message: "TODO: fetch not implemented yet".into(),
        })
    }
}

//! Turning reqwest errors and refused redirects into a `FetchFailure` with a
//! kind the UI can act on and a message in words.

use std::error::Error as StdError;
use std::io;

use reqwest::redirect;
use url::Url;

use super::{FetchFailure, words};
use crate::config::settings::FetchSettings;
use crate::domain::FailureKind;

/// Why our redirect policy stopped a chain. Carried through reqwest's error
/// as its source, and found again by `classify`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RedirectRefused {
    #[error("too many redirects (more than {0})")]
    TooMany(usize),
    #[error("redirect to unsupported scheme {0}")]
    Scheme(String),
}

/// At most `max` redirects, and only to http/https: a feed must never be
/// able to send us to file:// or anything else.
pub(crate) fn redirect_policy(max: usize) -> redirect::Policy {
    redirect::Policy::custom(move |attempt| {
        let next = attempt.url();
        if !matches!(next.scheme(), "http" | "https") {
            let shown = words::one_line(next.as_str());
            return attempt.error(RedirectRefused::Scheme(shown));
        }
        // `previous` starts with the original URL, so it holds one more
        // entry than the redirects followed so far.
        if attempt.previous().len() > max {
            return attempt.error(RedirectRefused::TooMany(max));
        }
        attempt.follow()
    })
}

pub(crate) fn failure(kind: FailureKind, message: impl Into<String>) -> FetchFailure {
    FetchFailure {
        kind,
        message: message.into(),
    }
}

/// "HTTP 500 Internal Server Error" (the canonical reason, never the
/// server's own reason phrase, which is foreign text).
pub(crate) fn status_message(status: reqwest::StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

pub(crate) fn total_timeout(settings: &FetchSettings) -> FetchFailure {
    failure(
        FailureKind::Timeout,
        format!(
            "timed out after {} (total limit)",
            words::duration(settings.total_timeout)
        ),
    )
}

pub(crate) fn too_large(cap: u64) -> FetchFailure {
    failure(
        FailureKind::TooLarge,
        format!(
            "body larger than {} (after decompression)",
            words::bytes(cap)
        ),
    )
}

/// Classifies a reqwest error, most specific cause first.
pub(crate) fn classify(err: &reqwest::Error, settings: &FetchSettings, url: &Url) -> FetchFailure {
    if let Some(refused) = find_in_chain::<RedirectRefused>(err) {
        return failure(FailureKind::Redirect, refused.to_string());
    }
    if err.is_redirect() {
        return failure(
            FailureKind::Redirect,
            format!("redirect failed: {}", innermost(err)),
        );
    }
    if err.is_timeout() {
        return if err.is_connect() {
            failure(
                FailureKind::Timeout,
                format!(
                    "could not connect within {} (connect limit)",
                    words::duration(settings.connect_timeout)
                ),
            )
        } else {
            failure(
                FailureKind::Timeout,
                format!(
                    "no data for {} (read limit)",
                    words::duration(settings.read_timeout)
                ),
            )
        };
    }
    if err.is_connect() {
        return failure(FailureKind::Connect, connect_message(err, url));
    }
    if err.is_decode() {
        return failure(
            FailureKind::Other,
            format!("could not decode the body: {}", innermost(err)),
        );
    }
    if err.is_body() {
        // The connection broke while the body was arriving.
        return failure(
            FailureKind::Connect,
            format!("connection lost while reading the body: {}", innermost(err)),
        );
    }
    if err.is_builder() {
        return failure(
            FailureKind::Other,
            format!("bad request URL: {}", innermost(err)),
        );
    }
    failure(
        FailureKind::Connect,
        format!("request failed: {}", innermost(err)),
    )
}

fn connect_message(err: &reqwest::Error, url: &Url) -> String {
    if err.is_dns() {
        let host = url.host_str().unwrap_or("");
        return format!("could not resolve host {}", words::one_line(host));
    }
    if let Some(tls) = find_in_chain::<rustls::Error>(err) {
        return format!("TLS failed: {}", words::one_line(&tls.to_string()));
    }
    if let Some(io_err) = find_in_chain::<io::Error>(err) {
        return match io_err.kind() {
            io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
            io::ErrorKind::ConnectionReset => "connection reset".to_string(),
            io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
                "host unreachable".to_string()
            }
            _ => format!("could not connect: {}", words::io_error(io_err)),
        };
    }
    format!("could not connect: {}", innermost(err))
}

/// The first error of type `T` among the causes.
fn find_in_chain<T: StdError + 'static>(err: &reqwest::Error) -> Option<&T> {
    causes(err).find_map(|cause| cause.downcast_ref::<T>())
}

/// Every cause below `err`. An io::Error's `source()` skips the error it
/// wraps (where rustls puts its own), so that one is visited explicitly.
fn causes<'a>(err: &'a reqwest::Error) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    let mut next: Option<&'a (dyn StdError + 'static)> = err.source();
    std::iter::from_fn(move || {
        let current = next?;
        let wrapped = current
            .downcast_ref::<io::Error>()
            .and_then(|io_err| io_err.get_ref())
            .map(|inner| inner as &(dyn StdError + 'static));
        next = wrapped.or_else(|| current.source());
        Some(current)
    })
}

/// The deepest cause's text: reqwest's own Display ("error sending
/// request for url …") says less than the cause at the bottom.
fn innermost(err: &reqwest::Error) -> String {
    let deepest: &dyn StdError = causes(err).last().unwrap_or(err);
    match deepest.downcast_ref::<io::Error>() {
        Some(io_err) => words::io_error(io_err),
        None => words::one_line(&deepest.to_string()),
    }
}

//! A GET read piece by piece, for downloads (podcast episodes, video): the
//! same client, connect and read timeouts and redirect policy as a feed
//! fetch, but no total timeout (a film takes longer than a feed) and no
//! body held in memory; the caller caps the bytes it writes. A start
//! offset is sent as `Range: bytes=N-`, and `identity` is asked for so the
//! offsets are the file's bytes, not a compressed stream's.

use reqwest::header::{self, HeaderValue};
use url::Url;

use super::errors;
use super::{FetchFailure, Fetcher};
use crate::domain::FailureKind;

/// An answer whose body is still to be read.
pub struct Streamed {
    pub status: u16,
    /// Where the body starts in the whole file: the Content-Range start
    /// of a 206, else 0 (a server that ignored the Range sends it all).
    pub start: u64,
    /// The whole file's size, when the server says (Content-Range total,
    /// else Content-Length of a 200).
    pub total: Option<u64>,
    pub final_url: Url,
    url: Url,
    response: reqwest::Response,
}

impl Fetcher {
    /// GET `url`, from byte `from` when it is not 0. Any status comes
    /// back (the caller decides); only a transport failure is an error.
    pub async fn get_stream(&self, url: &Url, from: u64) -> Result<Streamed, FetchFailure> {
        let settings = &*self.settings;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(errors::failure(
                FailureKind::Other,
                "only http and https URLs are downloaded",
            ));
        }
        let mut request = self
            .client
            .get(url.clone())
            .header(header::ACCEPT, HeaderValue::from_static("*/*"))
            .header(
                header::ACCEPT_ENCODING,
                HeaderValue::from_static("identity"),
            );
        if from > 0 {
            request = request.header(header::RANGE, format!("bytes={from}-"));
        }
        let response = request
            .send()
            .await
            .map_err(|err| errors::classify(&err, settings, url))?;
        let status = response.status().as_u16();
        let range = response
            .headers()
            .get(header::CONTENT_RANGE)
            .and_then(|v| v.to_str().ok())
            .and_then(content_range);
        let (start, total) = match (status, range) {
            (206, Some((start, total))) => (start, total),
            _ => (0, response.content_length()),
        };
        Ok(Streamed {
            status,
            start,
            total,
            final_url: response.url().clone(),
            url: url.clone(),
            response,
        })
    }
}

impl Streamed {
    /// The next piece of the body; `None` at its end. Each wait is bounded
    /// by the client's read timeout.
    pub async fn chunk(&mut self, fetcher: &Fetcher) -> Result<Option<Vec<u8>>, FetchFailure> {
        match self.response.chunk().await {
            Ok(piece) => Ok(piece.map(|b| b.to_vec())),
            Err(err) => Err(errors::classify(&err, fetcher.settings(), &self.url)),
        }
    }

    /// "HTTP 404 Not Found" for a status that is no success.
    pub fn status_failure(&self) -> FetchFailure {
        let status = self.response.status();
        errors::failure(FailureKind::Http, errors::status_message(status))
    }
}

/// `bytes START-END/TOTAL` (TOTAL may be `*`) → (START, TOTAL).
fn content_range(v: &str) -> Option<(u64, Option<u64>)> {
    let rest = v.trim().strip_prefix("bytes")?.trim_start();
    let (span, total) = rest.split_once('/')?;
    let (start, _end) = span.split_once('-')?;
    let start = start.trim().parse().ok()?;
    let total = total.trim().parse().ok();
    Some((start, total))
}

#[cfg(test)]
mod tests {
    use super::content_range;

    #[test]
    fn content_ranges() {
        assert_eq!(content_range("bytes 100-199/200"), Some((100, Some(200))));
        assert_eq!(content_range("bytes 5-9/*"), Some((5, None)));
        assert_eq!(content_range("bytes */200"), None);
        assert_eq!(content_range("items 1-2/3"), None);
    }
}

//! One picture, from URL to something the reader can draw: the disk
//! cache, else a fetch through `fetch` (its timeouts, redirect rules and a
//! smaller byte cap), then — on the blocking pool, never the UI thread —
//! the header check, the decode and the encoding for the terminal.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use url::Url;

use super::cache::{self, DiskCache};
use super::decode::{self, MAX_PIXELS};
use super::detect::Encoder;
use super::picture::{ImageFailure, Picture};
use crate::config::settings::{FetchSettings, ImageProtocol};
use crate::fetch::{FetchOutcome, FetchSetupError, Fetcher, Validators};
use crate::sanitize;

/// Largest picture fetched: 8 MiB (or the feed cap, if smaller). A news
/// photo is a few hundred KiB.
pub const MAX_IMAGE_BYTES: u64 = 8 * 1024 * 1024;

/// Fetches, caches, decodes and encodes pictures. Cheap to clone.
#[derive(Clone)]
pub struct ImageLoader {
    fetcher: Fetcher,
    cache: DiskCache,
    protocol: ImageProtocol,
    /// Made on the first picture, not at start: nothing about pictures
    /// runs for a user who never asks for one.
    encoder: Arc<OnceLock<Encoder>>,
    max_pixels: u64,
}

impl ImageLoader {
    /// A loader with its own client (the feed client's settings, with the
    /// picture byte cap) and its cache in `data_dir/images`.
    pub fn new(
        fetch: &FetchSettings,
        protocol: ImageProtocol,
        data_dir: &Path,
    ) -> Result<ImageLoader, FetchSetupError> {
        let settings = FetchSettings {
            max_body_bytes: fetch.max_body_bytes.min(MAX_IMAGE_BYTES),
            ..fetch.clone()
        };
        Ok(ImageLoader {
            fetcher: Fetcher::new(&settings)?,
            cache: DiskCache::new(data_dir.join("images"), cache::DEFAULT_CAP),
            protocol,
            encoder: Arc::new(OnceLock::new()),
            max_pixels: MAX_PIXELS,
        })
    }

    /// The picture at `url`, fitted into `cols` × `rows` cells. File and
    /// CPU work (the cache, decoding, encoding) runs on the blocking pool.
    pub async fn load(&self, url: &str, cols: u16, rows: u16) -> Result<Picture, ImageFailure> {
        let cache = self.cache.clone();
        let key = url.to_string();
        let cached = blocking(move || Ok(cache.get(&key))).await?;
        let fetched = match cached {
            Some(bytes) => (bytes, false),
            None => (self.fetch(url).await?, true),
        };
        let (this, url) = (self.clone(), url.to_string());
        blocking(move || {
            let (bytes, fresh) = fetched;
            if fresh {
                // Refuse a bomb before it takes cache room, and keep only
                // what will decode.
                let (w, h) = decode::dimensions(&bytes)?;
                decode::check(w, h, this.max_pixels)?;
                if let Err(e) = this.cache.put(&url, &bytes) {
                    tracing::debug!(error = %e, "picture not cached");
                }
            }
            this.encode(&bytes, cols, rows)
        })
        .await
    }

    async fn fetch(&self, url: &str) -> Result<Vec<u8>, ImageFailure> {
        let parsed = Url::parse(url).map_err(|e| ImageFailure::Fetch(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ImageFailure::Fetch(format!(
                "{}: not an http(s) URL",
                sanitize::line(parsed.scheme())
            )));
        }
        match self.fetcher.fetch(&parsed, &Validators::default()).await {
            FetchOutcome::Fetched(body) => Ok(body.bytes),
            FetchOutcome::Failed(f) => Err(ImageFailure::Fetch(sanitize::line(&f.message))),
            // No validators were sent, so a 304 is the server's mistake.
            FetchOutcome::NotModified => Err(ImageFailure::Fetch("HTTP 304".into())),
        }
    }

    /// Decode (under the pixel cap) and encode for the terminal: CPU work,
    /// run on the blocking pool.
    fn encode(&self, bytes: &[u8], cols: u16, rows: u16) -> Result<Picture, ImageFailure> {
        let image = decode::decode(bytes, self.max_pixels)?;
        let encoder = self
            .encoder
            .get_or_init(|| Encoder::for_terminal(self.protocol));
        let protocol = encoder
            .encode(image, cols, rows)
            .map_err(|e| ImageFailure::Damaged(sanitize::line(&e)))?;
        Ok(Picture::new(protocol))
    }
}

/// Run `f` on the blocking pool; a panic there becomes a failure.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ImageFailure> + Send + 'static,
) -> Result<T, ImageFailure> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ImageFailure::Damaged(sanitize::line(&e.to_string())))?
}

impl std::fmt::Debug for ImageLoader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImageLoader")
            .field("cache", &self.cache.dir())
            .field("protocol", &self.protocol)
            .finish_non_exhaustive()
    }
}

//! `file://` feeds: a local file read like a body, under the same cap and
//! total time limit, with no validators.

use std::io::Read;
use std::path::Path;

use url::Url;

use super::errors::{self, failure};
use super::{FetchOutcome, FetchedBody, Validators, words};
use crate::config::settings::FetchSettings;
use crate::domain::FailureKind;

enum ReadError {
    TooLarge,
    Io(std::io::Error),
}

pub(crate) async fn fetch(url: &Url, settings: &FetchSettings) -> FetchOutcome {
    let path = match url.to_file_path() {
        Ok(path) => path,
        Err(()) => {
            return FetchOutcome::Failed(failure(
                FailureKind::Other,
                format!("not a local file path: {}", words::one_line(url.as_str())),
            ));
        }
    };
    let cap = settings.max_body_bytes;
    let reading_path = path.clone();
    // Blocking file reads stay off the async workers. A read that hangs (a
    // FIFO nobody writes to) is abandoned at the total limit.
    let task = tokio::task::spawn_blocking(move || read_capped(&reading_path, cap));
    let result = match tokio::time::timeout(settings.total_timeout, task).await {
        Err(_elapsed) => return FetchOutcome::Failed(errors::total_timeout(settings)),
        Ok(Err(join_error)) => {
            return FetchOutcome::Failed(failure(
                FailureKind::Other,
                format!("cannot read {}: {join_error}", shown(&path)),
            ));
        }
        Ok(Ok(result)) => result,
    };
    match result {
        Ok(bytes) => FetchOutcome::Fetched(FetchedBody {
            bytes,
            content_type: None,
            final_url: url.clone(),
            validators: Validators::default(),
        }),
        Err(ReadError::TooLarge) => FetchOutcome::Failed(errors::too_large(cap)),
        Err(ReadError::Io(err)) => FetchOutcome::Failed(failure(
            FailureKind::Other,
            format!("cannot read {}: {}", shown(&path), words::io_error(&err)),
        )),
    }
}

/// Reads at most `cap` bytes; one byte more means the file is too large.
/// Works for files whose size lies (/proc) or that never end (/dev/zero).
fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let size_hint = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size_hint > cap {
        return Err(ReadError::TooLarge);
    }
    let initial = usize::try_from(size_hint.min(cap)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(initial);
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

fn shown(path: &Path) -> String {
    words::one_line(&path.display().to_string())
}

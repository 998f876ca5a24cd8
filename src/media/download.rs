//! One download: resumable with HTTP Range into `NAME.part`, renamed to
//! `NAME` once complete. A `.part` left by a pause, a failure or a kill is
//! continued from its length; a server that ignores the Range (answers 200
//! with the whole file) or starts elsewhere is followed: the file is
//! rewritten from where the answer starts. Every read is bounded by the
//! client's read timeout, and the bytes by `cap`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncSeekExt, AsyncWriteExt};
use url::Url;

use super::names::{free_path, part_of};
use crate::fetch::Fetcher;
use crate::sanitize;

/// What one run of a download came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Complete, at this path (maybe not the one planned: a file that
    /// appeared there meanwhile is never replaced).
    Done(PathBuf),
    /// Stopped on request; the `.part` stays for a resume.
    Paused,
    /// Failed with this (sanitised) reason; the `.part` stays.
    Failed(String),
}

/// Progress as it is made: bytes of the whole file written, and its size
/// when known.
pub trait Progress {
    fn update(&mut self, received: u64, total: Option<u64>);
}

impl<F: FnMut(u64, Option<u64>)> Progress for F {
    fn update(&mut self, received: u64, total: Option<u64>) {
        self(received, total)
    }
}

/// Download `url` to `dest` (through `dest.part`). `stop` pauses it
/// between two pieces.
pub async fn run(
    fetcher: &Fetcher,
    url: &Url,
    dest: &Path,
    cap: u64,
    stop: &Arc<AtomicBool>,
    progress: &mut (dyn Progress + Send),
) -> Outcome {
    match attempt(fetcher, url, dest, cap, stop, progress).await {
        Ok(outcome) => outcome,
        Err(reason) => Outcome::Failed(sanitize::line_capped(&reason, sanitize::MAX_ERROR)),
    }
}

async fn attempt(
    fetcher: &Fetcher,
    url: &Url,
    dest: &Path,
    cap: u64,
    stop: &Arc<AtomicBool>,
    progress: &mut (dyn Progress + Send),
) -> Result<Outcome, String> {
    let part = part_of(dest);
    let have = tokio::fs::metadata(&part).await.map_or(0, |m| m.len());
    let mut answer = fetcher.get_stream(url, have).await.map_err(|f| f.message)?;
    // 416: what we have is no prefix the server knows (the file changed,
    // or the part is whole already but was never renamed): start over.
    if answer.status == 416 && have > 0 {
        answer = fetcher.get_stream(url, 0).await.map_err(|f| f.message)?;
    }
    if !(200..300).contains(&answer.status) {
        return Err(answer.status_failure().message);
    }
    // A 206 starting at or before what we have is continued there; a 200
    // (the server ignored the Range) or any other start rewrites the file.
    let at = if answer.status == 206 && answer.start <= have {
        answer.start
    } else {
        0
    };
    if let Some(total) = answer.total
        && total > cap
    {
        return Err(too_large(cap));
    }
    let mut file = tokio::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(&part)
        .await
        .map_err(|e| io_error(&part, &e))?;
    file.set_len(at).await.map_err(|e| io_error(&part, &e))?;
    file.seek(std::io::SeekFrom::Start(at))
        .await
        .map_err(|e| io_error(&part, &e))?;
    let mut received = at;
    progress.update(received, answer.total);
    loop {
        if stop.load(Ordering::Relaxed) {
            file.flush().await.map_err(|e| io_error(&part, &e))?;
            return Ok(Outcome::Paused);
        }
        let Some(piece) = answer.chunk(fetcher).await.map_err(|f| f.message)? else {
            break;
        };
        received += piece.len() as u64;
        if received > cap {
            return Err(too_large(cap));
        }
        file.write_all(&piece)
            .await
            .map_err(|e| io_error(&part, &e))?;
        progress.update(received, answer.total);
    }
    file.flush().await.map_err(|e| io_error(&part, &e))?;
    file.sync_all().await.map_err(|e| io_error(&part, &e))?;
    drop(file);
    if let Some(total) = answer.total
        && received < total
    {
        return Err(format!(
            "the server closed the connection after {received} of {total} bytes; resume to continue"
        ));
    }
    // Never replace a file that appeared at `dest` meanwhile.
    let final_path = if tokio::fs::try_exists(dest).await.unwrap_or(true) {
        let dir = dest.parent().unwrap_or(Path::new("."));
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        free_path(dir, &name)
    } else {
        dest.to_path_buf()
    };
    tokio::fs::rename(&part, &final_path)
        .await
        .map_err(|e| io_error(&final_path, &e))?;
    Ok(Outcome::Done(final_path))
}

fn too_large(cap: u64) -> String {
    format!("larger than the download cap of {cap} bytes ([media] max_download)")
}

fn io_error(path: &Path, e: &std::io::Error) -> String {
    format!("{}: {e}", path.display())
}

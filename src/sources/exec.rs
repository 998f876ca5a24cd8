//! Command sources (`url = "exec:COMMAND"`, newsboat's exec:) and filters
//! (`filter = "COMMAND"`, bytes piped through a command before parsing).
//!
//! The command runs under `sh -c` in its own process group with the same
//! bounds as a download: the total timeout and the body cap. On either the
//! whole group is killed, so a pipeline's children do not linger. A failure
//! names the exit status and the last line the command wrote to stderr.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use url::Url;

use crate::domain::FailureKind;
use crate::sanitize;

/// How much of stderr is kept to quote its last line.
const STDERR_TAIL: usize = 8 * 1024;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ExecError {
    #[error("cannot run `{command}`: {reason}")]
    Spawn { command: String, reason: String },
    #[error("`{command}` did not finish within {} s and was stopped", timeout.as_secs_f64())]
    Timeout { command: String, timeout: Duration },
    #[error("`{command}` wrote more than {cap} bytes and was stopped")]
    TooLarge { command: String, cap: u64 },
    #[error("`{command}` {status}{}", stderr.as_ref().map(|s| format!(": {s}")).unwrap_or_default())]
    Failed {
        command: String,
        /// "exited with status 2", "was killed by signal 9".
        status: String,
        /// The last non-empty line of stderr.
        stderr: Option<String>,
    },
}

impl ExecError {
    pub fn kind(&self) -> FailureKind {
        match self {
            ExecError::Timeout { .. } => FailureKind::Timeout,
            ExecError::TooLarge { .. } => FailureKind::TooLarge,
            ExecError::Spawn { .. } | ExecError::Failed { .. } => FailureKind::Other,
        }
    }
}

/// The command of an `exec:` URL as the user wrote it. The URL parser
/// percent-encodes non-ASCII bytes, controls and (after `?`/`#`) spaces and
/// quotes; only those escapes are undone, so a literal `%41` stays.
pub fn command_of(url: &Url) -> String {
    let raw = url.as_str();
    let raw = raw.strip_prefix("exec:").unwrap_or(raw);
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = raw
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            && (b <= b' ' || b >= 0x7F || matches!(b, b'"' | b'\'' | b'<' | b'>' | b'`'))
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Run `command` with `sh -c`, feeding it `input` on stdin (none: stdin is
/// /dev/null), and return its stdout. Bounded by `timeout` and `cap` bytes.
pub async fn run(
    command: &str,
    input: Option<Vec<u8>>,
    timeout: Duration,
    cap: u64,
) -> Result<Vec<u8>, ExecError> {
    let shown = sanitize::line_capped(command, 200);
    let mut cmd = tokio::process::Command::new("sh");
    cmd.arg("-c")
        .arg(command)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    #[cfg(unix)]
    cmd.process_group(0);
    let mut child = cmd.spawn().map_err(|e| ExecError::Spawn {
        command: shown.clone(),
        reason: e.to_string(),
    })?;
    let pid = child.id();
    if let (Some(mut stdin), Some(bytes)) = (child.stdin.take(), input) {
        // A command that does not read its input gets EPIPE here; that is
        // its business, not an error of ours.
        tokio::spawn(async move {
            let _ = stdin.write_all(&bytes).await;
        });
    }
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let work = async {
        let (out, err) = tokio::try_join!(read_capped(stdout, cap), read_tail(stderr))?;
        let status = child.wait().await.map_err(|e| Some(e.to_string()))?;
        Ok::<_, Option<String>>((out, err, status))
    };
    let result = tokio::time::timeout(timeout, work).await;
    let (out, err, status) = match result {
        Err(_elapsed) => {
            kill_group(pid);
            return Err(ExecError::Timeout {
                command: shown,
                timeout,
            });
        }
        Ok(Err(None)) => {
            kill_group(pid);
            return Err(ExecError::TooLarge {
                command: shown,
                cap,
            });
        }
        Ok(Err(Some(reason))) => {
            kill_group(pid);
            return Err(ExecError::Spawn {
                command: shown,
                reason,
            });
        }
        Ok(Ok(done)) => done,
    };
    if status.success() {
        return Ok(out);
    }
    let stderr = String::from_utf8_lossy(&err)
        .lines()
        .map(sanitize::line)
        .rfind(|l| !l.is_empty())
        .map(|l| sanitize::cap(l, 300));
    let status = match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::process::ExitStatusExt;
                format!(
                    "was killed by signal {}",
                    status.signal().unwrap_or_default()
                )
            }
            #[cfg(not(unix))]
            {
                "was killed".to_string()
            }
        }
    };
    Err(ExecError::Failed {
        command: shown,
        status,
        stderr,
    })
}

/// Reads all of `r`; `Err(None)` as soon as it passes `cap` bytes.
async fn read_capped<R: AsyncRead + Unpin>(
    r: Option<R>,
    cap: u64,
) -> Result<Vec<u8>, Option<String>> {
    let Some(r) = r else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    let mut limited = r.take(cap.saturating_add(1));
    limited
        .read_to_end(&mut out)
        .await
        .map_err(|e| Some(e.to_string()))?;
    if out.len() as u64 > cap {
        return Err(None);
    }
    Ok(out)
}

/// Reads all of `r`, keeping only its last `STDERR_TAIL` bytes.
async fn read_tail<R: AsyncRead + Unpin>(r: Option<R>) -> Result<Vec<u8>, Option<String>> {
    let Some(mut r) = r else {
        return Ok(Vec::new());
    };
    let mut tail = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = r.read(&mut buf).await.map_err(|e| Some(e.to_string()))?;
        if n == 0 {
            return Ok(tail);
        }
        tail.extend_from_slice(&buf[..n]);
        if tail.len() > STDERR_TAIL {
            tail.drain(..tail.len() - STDERR_TAIL);
        }
    }
}

/// Kill the command's whole process group (it was started as the leader
/// of a new one), so children of a pipeline stop with it.
fn kill_group(pid: Option<u32>) {
    #[cfg(unix)]
    if let Some(pid) = pid.and_then(|p| i32::try_from(p).ok()).filter(|p| *p > 0) {
        // SAFETY: kill(2) with a negative pid signals that process group;
        // it touches no memory of ours.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    #[cfg(not(unix))]
    let _ = pid;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_is_taken_from_the_url_as_written() {
        let u = Url::parse("exec:~/bin/news.sh --region 'Алматы' | grep -v \"#x\"").unwrap();
        assert_eq!(
            command_of(&u),
            "~/bin/news.sh --region 'Алматы' | grep -v \"#x\""
        );
        let u = Url::parse("exec:printf %41").unwrap();
        assert_eq!(command_of(&u), "printf %41");
    }
}

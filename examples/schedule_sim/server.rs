//! The loopback server: HTTP/1.1 with keep-alive on 127.0.0.1, answering
//! from the model at the simulation's virtual time (ETag → 304,
//! Cache-Control, 429 + Retry-After), counting requests and body bytes.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::model::{self, Answer, Feed, Secs};

pub struct Shared {
    pub feeds: Vec<Feed>,
    pub now: AtomicI64,
    /// Requests at virtual times before this are counted.
    pub count_until: Secs,
    pub last_ok: Mutex<Vec<Option<Secs>>>,
    pub requests: AtomicU64,
    pub body_bytes: AtomicU64,
    pub not_modified: AtomicU64,
    pub too_many: AtomicU64,
}

/// Listen on 127.0.0.1 (an ephemeral port); the port.
pub async fn start(shared: Arc<Shared>) -> std::io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            let shared = shared.clone();
            tokio::spawn(async move {
                let _ = connection(stream, &shared).await;
            });
        }
    });
    Ok(port)
}

async fn connection(stream: tokio::net::TcpStream, shared: &Shared) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut line = String::new();
    loop {
        line.clear();
        if read.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut inm = None;
        loop {
            line.clear();
            if read.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("if-none-match")
            {
                inm = Some(value.trim().to_string());
            }
        }
        let response = respond(shared, &target, inm.as_deref());
        write.write_all(response.as_bytes()).await?;
    }
}

fn respond(shared: &Shared, target: &str, inm: Option<&str>) -> String {
    let id: Option<usize> = target.strip_prefix("/f/").and_then(|n| n.parse().ok());
    let Some((id, feed)) = id.and_then(|i| shared.feeds.get(i).map(|f| (i, f))) else {
        return "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".into();
    };
    let now = shared.now.load(Ordering::SeqCst);
    let counted = now < shared.count_until;
    if counted {
        shared.requests.fetch_add(1, Ordering::Relaxed);
    }
    let last_ok = {
        let mut all = shared.last_ok.lock().unwrap_or_else(|p| p.into_inner());
        let before = all[id];
        if !(feed.rate_limited && before.is_some_and(|t| now - t < model::RATE_LIMIT_WINDOW)) {
            all[id] = Some(now);
        }
        before
    };
    let cache = feed
        .max_age
        .map(|s| format!("Cache-Control: max-age={s}\r\n"))
        .unwrap_or_default();
    match model::answer(feed, id, now, inm, last_ok) {
        Answer::TooMany => {
            if counted {
                shared.too_many.fetch_add(1, Ordering::Relaxed);
            }
            format!(
                "HTTP/1.1 429 Too Many Requests\r\nRetry-After: {}\r\nContent-Length: 0\r\n\r\n",
                model::RETRY_AFTER
            )
        }
        Answer::NotModified => {
            if counted {
                shared.not_modified.fetch_add(1, Ordering::Relaxed);
            }
            format!("HTTP/1.1 304 Not Modified\r\n{cache}Content-Length: 0\r\n\r\n")
        }
        Answer::Ok { etag, body } => {
            if counted {
                shared
                    .body_bytes
                    .fetch_add(body.len() as u64, Ordering::Relaxed);
            }
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: {etag}\r\n{cache}Content-Length: {}\r\n\r\n{body}",
                body.len()
            )
        }
    }
}

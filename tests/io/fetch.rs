//! The fetcher against loopback servers: wiremock for ordinary responses, a
//! raw std TcpListener for slow or stalled ones. Nothing leaves 127.0.0.1.
//! This file: conditional GET, decoding, statuses, redirects, retries,
//! connect failures and file:// URLs. `limits`: time limits, caps, per-host.

mod limits;
mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use keruen::domain::FailureKind;
use keruen::fetch::{FetchOutcome, Validators};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use support::*;

#[tokio::test]
async fn first_fetch_keeps_validators_and_second_sends_them_back() {
    let server = MockServer::start().await;
    let etag = "\"v1-abc\"";
    let last_modified = "Wed, 21 Oct 2025 07:28:00 GMT";
    // Mounted first, so it wins whenever the conditional headers are present.
    Mock::given(method("GET"))
        .and(path("/feed.xml"))
        // A closure, not `header()`: that matcher splits values at commas,
        // and an HTTP date has one.
        .and(move |request: &Request| {
            request
                .headers
                .get("if-none-match")
                .is_some_and(|v| v == etag)
                && request
                    .headers
                    .get("if-modified-since")
                    .is_some_and(|v| v == last_modified)
        })
        .respond_with(ResponseTemplate::new(304))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/feed.xml"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", etag)
                .insert_header("last-modified", last_modified)
                .insert_header("content-type", "application/rss+xml; charset=windows-1251")
                .set_body_bytes(b"<rss version=\"2.0\"/>".to_vec()),
        )
        .mount(&server)
        .await;

    let settings = settings();
    let fetcher = fetcher(&settings);
    let feed = url(&server, "/feed.xml");
    let first = fetched(fetcher.fetch(&feed, &Validators::default()).await);
    assert_eq!(first.bytes, b"<rss version=\"2.0\"/>");
    assert_eq!(
        first.content_type.as_deref(),
        Some("application/rss+xml; charset=windows-1251")
    );
    assert_eq!(first.final_url, feed);
    assert_eq!(
        first.validators,
        Validators {
            etag: Some(etag.into()),
            last_modified: Some(last_modified.into()),
        }
    );

    let second = fetcher.fetch(&feed, &first.validators).await;
    assert_eq!(second, FetchOutcome::NotModified);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests[0].headers.get("if-none-match").is_none());
    assert!(requests[0].headers.get("if-modified-since").is_none());
    assert_eq!(requests[1].headers.get("if-none-match").unwrap(), etag);
    assert_eq!(
        requests[1].headers.get("if-modified-since").unwrap(),
        last_modified
    );
    assert_eq!(
        requests[0].headers.get("user-agent").unwrap(),
        settings.user_agent.as_str()
    );
}

#[tokio::test]
async fn gzip_body_is_decompressed() {
    use flate2::write::GzEncoder;
    let text =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Жаңалықтар</title></feed>".repeat(50);
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    let gzipped = encoder.finish().unwrap();
    assert!(gzipped.len() < text.len() / 4);
    let server = serve_one(
        "/atom",
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "gzip")
            .set_body_bytes(gzipped),
    )
    .await;

    let body = fetched(get(&url(&server, "/atom")).await);
    assert_eq!(body.bytes, text.as_bytes());
    let requests = server.received_requests().await.unwrap();
    let accept_encoding = requests[0].headers.get("accept-encoding").unwrap();
    assert!(accept_encoding.to_str().unwrap().contains("gzip"));
}

#[tokio::test]
async fn server_error_is_http_with_the_status_in_words() {
    let server = serve_one(
        "/broken",
        ResponseTemplate::new(500).set_body_string("oops"),
    )
    .await;
    let failure = failed(get(&url(&server, "/broken")).await);
    assert_eq!(failure.kind, FailureKind::Http);
    assert_eq!(failure.message, "HTTP 500 Internal Server Error");
}

#[tokio::test]
async fn redirect_loop_fails_after_the_limit() {
    let server = serve_one(
        "/loop",
        ResponseTemplate::new(302).insert_header("location", "/loop"),
    )
    .await;
    let failure = failed(get(&url(&server, "/loop")).await);
    assert_eq!(failure.kind, FailureKind::Redirect);
    assert_eq!(failure.message, "too many redirects (more than 10)");
    // The original request plus the ten redirects we follow.
    assert_eq!(server.received_requests().await.unwrap().len(), 11);
}

#[tokio::test]
async fn redirect_to_file_is_refused() {
    let server = serve_one(
        "/sneaky",
        ResponseTemplate::new(301).insert_header("location", "file:///etc/passwd"),
    )
    .await;
    let failure = failed(get(&url(&server, "/sneaky")).await);
    assert_eq!(failure.kind, FailureKind::Redirect);
    assert_eq!(
        failure.message,
        "redirect to unsupported scheme file:///etc/passwd"
    );
}

#[tokio::test]
async fn redirect_is_followed_and_final_url_reported() {
    let server = serve([
        (
            "/old",
            ResponseTemplate::new(301).insert_header("location", "/new/feed"),
        ),
        (
            "/new/feed",
            ResponseTemplate::new(200).set_body_string("moved"),
        ),
    ])
    .await;
    let body = fetched(get(&url(&server, "/old")).await);
    assert_eq!(body.bytes, b"moved");
    assert_eq!(body.final_url, url(&server, "/new/feed"));
}

#[tokio::test]
async fn rate_limit_with_short_retry_after_is_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/busy"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/busy"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let body = fetched(get(&url(&server, "/busy")).await);
    assert_eq!(body.bytes, b"ok");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn rate_limit_with_long_retry_after_fails_at_once() {
    let server = serve_one(
        "/busy",
        ResponseTemplate::new(429).insert_header("retry-after", "3600"),
    )
    .await;
    let started = Instant::now();
    let failure = failed(get(&url(&server, "/busy")).await);
    assert_eq!(failure.kind, FailureKind::Http);
    assert_eq!(
        failure.message,
        "rate limited (HTTP 429); server asks to retry after 3600 s"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn persistent_503_gives_up_after_three_attempts() {
    let server = serve_one(
        "/down",
        ResponseTemplate::new(503).insert_header("retry-after", "0"),
    )
    .await;
    let failure = failed(get(&url(&server, "/down")).await);
    assert_eq!(failure.kind, FailureKind::Http);
    assert_eq!(
        failure.message,
        "HTTP 503 Service Unavailable, still after 3 attempts"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn refused_connection_is_connect() {
    // A port that was just free: nothing listens there any more.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let target = Url::parse(&format!("http://127.0.0.1:{port}/feed")).unwrap();
    let failure = failed(get(&target).await);
    assert_eq!(failure.kind, FailureKind::Connect);
    assert_eq!(failure.message, "connection refused");
}

#[tokio::test]
async fn file_url_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("local feed.xml");
    std::fs::write(&file, "<rss version=\"2.0\"><channel/></rss>").unwrap();
    let target = Url::from_file_path(&file).unwrap();
    let body = fetched(get(&target).await);
    assert_eq!(body.bytes, b"<rss version=\"2.0\"><channel/></rss>");
    assert_eq!(body.final_url, target);
    assert_eq!(body.validators, Validators::default());
    assert_eq!(body.content_type, None);
}

#[tokio::test]
async fn missing_file_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gone.xml");
    let target = Url::from_file_path(&file).unwrap();
    let failure = failed(get(&target).await);
    assert_eq!(failure.kind, FailureKind::Other);
    assert_eq!(
        failure.message,
        format!("cannot read {}: No such file or directory", file.display())
    );
}

#[tokio::test]
async fn unsupported_scheme_is_refused_without_a_request() {
    let target = Url::parse("ftp://127.0.0.1/feed.xml").unwrap();
    let failure = failed(get(&target).await);
    assert_eq!(failure.kind, FailureKind::Other);
    assert_eq!(
        failure.message,
        "unsupported URL scheme ftp:// (use http, https or file)"
    );
}

#[tokio::test]
async fn damaged_validator_is_skipped_not_fatal() {
    let server = serve_one("/feed", ResponseTemplate::new(200).set_body_string("ok")).await;
    let damaged = Validators {
        etag: Some("\"bad\nvalue\"".into()),
        last_modified: None,
    };
    let body = fetched(
        fetcher(&settings())
            .fetch(&url(&server, "/feed"), &damaged)
            .await,
    );
    assert_eq!(body.bytes, b"ok");
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("if-none-match").is_none());
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_a_tls_failure() {
    // Answers in plain HTTP whatever arrives: the TLS handshake (with the
    // ring provider installed by Fetcher::new) must fail cleanly.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut hello = [0u8; 512];
            let _ = stream.read(&mut hello);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let target = Url::parse(&format!("https://127.0.0.1:{port}/feed")).unwrap();
    let failure = failed(get(&target).await);
    assert_eq!(failure.kind, FailureKind::Connect);
    assert!(
        failure.message.starts_with("TLS failed: "),
        "{}",
        failure.message
    );
    assert_one_line(&failure);
}

#[tokio::test]
async fn brotli_body_is_decompressed() {
    let text = "{\"title\": \"Новости дня\"}\n".repeat(100);
    let server = serve_one(
        "/json",
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "br")
            .set_body_bytes(brotli(text.as_bytes())),
    )
    .await;
    let body = fetched(get(&url(&server, "/json")).await);
    assert_eq!(body.bytes, text.as_bytes());
}

#[tokio::test]
async fn corrupt_gzip_is_a_clear_failure() {
    let server = serve_one(
        "/corrupt",
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "gzip")
            .set_body_bytes(b"\x1f\x8b\x08\x00this is not deflate data".to_vec()),
    )
    .await;
    let failure = failed(get(&url(&server, "/corrupt")).await);
    assert_eq!(failure.kind, FailureKind::Other);
    assert!(
        failure.message.starts_with("could not decode the body: "),
        "{}",
        failure.message
    );
    assert_one_line(&failure);
}

//! The bounds: total and read time limits, the body cap (plain, streamed,
//! gzip and brotli bombs, files) and the per-host request limit.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use keruen::domain::FailureKind;
use keruen::fetch::Validators;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::*;
use crate::common::alone::in_own_process;

#[tokio::test]
async fn slow_server_hits_the_total_limit() {
    let server = serve_one(
        "/slow",
        ResponseTemplate::new(200).set_delay(Duration::from_secs(5)),
    )
    .await;
    let mut settings = settings();
    settings.total_timeout = Duration::from_millis(300);
    let started = Instant::now();
    let failure = failed(
        fetcher(&settings)
            .fetch(&url(&server, "/slow"), &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Timeout);
    assert_eq!(failure.message, "timed out after 300 ms (total limit)");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn slow_drip_body_is_cut_off_at_the_total_limit() {
    // Each byte arrives well within the read limit, but the body would take
    // a minute.
    let target = drip_server(
        "HTTP/1.1 200 OK\r\nContent-Length: 600\r\n\r\n",
        600,
        Duration::from_millis(100),
    );
    let mut settings = settings();
    settings.read_timeout = Duration::from_secs(5);
    settings.total_timeout = Duration::from_millis(700);
    let started = Instant::now();
    let failure = failed(
        fetcher(&settings)
            .fetch(&target, &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Timeout);
    assert_eq!(failure.message, "timed out after 700 ms (total limit)");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn stalled_body_hits_the_read_limit() {
    // Headers, then silence.
    let target = drip_server(
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
        1,
        Duration::from_secs(30),
    );
    let mut settings = settings();
    settings.read_timeout = Duration::from_millis(300);
    settings.total_timeout = Duration::from_secs(20);
    let started = Instant::now();
    let failure = failed(
        fetcher(&settings)
            .fetch(&target, &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Timeout);
    assert_eq!(failure.message, "no data for 300 ms (read limit)");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_one_line(&failure);
}

#[tokio::test]
async fn oversized_body_is_too_large() {
    let server = serve_one(
        "/big",
        ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 5000]),
    )
    .await;
    let mut settings = settings();
    settings.max_body_bytes = 1024;
    let failure = failed(
        fetcher(&settings)
            .fetch(&url(&server, "/big"), &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::TooLarge);
    assert_eq!(
        failure.message,
        "body larger than 1 KiB (after decompression)"
    );
}

#[tokio::test]
async fn body_exactly_at_the_cap_is_accepted() {
    let server = serve_one(
        "/exact",
        ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 1024]),
    )
    .await;
    let mut settings = settings();
    settings.max_body_bytes = 1024;
    let body = fetched(
        fetcher(&settings)
            .fetch(&url(&server, "/exact"), &Validators::default())
            .await,
    );
    assert_eq!(body.bytes.len(), 1024);
}

#[tokio::test]
async fn chunked_body_without_length_is_capped_while_streaming() {
    // No Content-Length, so only the running count can stop it.
    let target = drip_server(
        "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n",
        4096,
        Duration::ZERO,
    );
    let mut settings = settings();
    settings.max_body_bytes = 1000;
    let failure = failed(
        fetcher(&settings)
            .fetch(&target, &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::TooLarge);
    assert_eq!(
        failure.message,
        "body larger than 1000 bytes (after decompression)"
    );
}

#[tokio::test]
async fn oversized_file_is_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.xml");
    std::fs::write(&file, vec![b'x'; 2048]).unwrap();
    let mut settings = settings();
    settings.max_body_bytes = 1024;
    let target = Url::from_file_path(&file).unwrap();
    let failure = failed(
        fetcher(&settings)
            .fetch(&target, &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::TooLarge);
}

#[tokio::test]
async fn gzip_bomb_stops_at_the_cap_quickly() {
    let bomb = gzip_zeros(64);
    assert!(
        bomb.len() < MIB / 4,
        "bomb is {} bytes on the wire",
        bomb.len()
    );
    let server = serve_one(
        "/bomb",
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "gzip")
            .set_body_bytes(bomb),
    )
    .await;
    let mut settings = settings();
    settings.max_body_bytes = MIB as u64;
    let started = Instant::now();
    let failure = failed(
        fetcher(&settings)
            .fetch(&url(&server, "/bomb"), &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::TooLarge);
    assert_eq!(
        failure.message,
        "body larger than 1 MiB (after decompression)"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn four_gib_gzip_bomb_fails_alone_while_another_feed_is_fetched() {
    // The peak RSS below is the whole process's: measured in a process of
    // its own, so the other tests of this binary do not count.
    if !in_own_process(
        module_path!(),
        "four_gib_gzip_bomb_fails_alone_while_another_feed_is_fetched",
    ) {
        return;
    }
    let bomb = gzip_zeros(4096);
    assert!(
        bomb.len() < 8 * MIB,
        "bomb is {} bytes on the wire",
        bomb.len()
    );
    let server = serve([
        (
            "/bomb",
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_bytes(bomb),
        ),
        (
            "/fine",
            ResponseTemplate::new(200).set_body_string("<rss/>"),
        ),
    ])
    .await;
    let mut settings = settings();
    settings.total_timeout = Duration::from_secs(30);
    let fetcher = fetcher(&settings);
    let started = Instant::now();
    let (bomb_url, fine_url) = (url(&server, "/bomb"), url(&server, "/fine"));
    let no_validators = Validators::default();
    let (bomb, fine) = tokio::join!(
        fetcher.fetch(&bomb_url, &no_validators),
        fetcher.fetch(&fine_url, &no_validators),
    );
    let failure = failed(bomb);
    assert_eq!(failure.kind, FailureKind::TooLarge);
    assert_eq!(
        failure.message,
        "body larger than 16 MiB (after decompression)"
    );
    assert!(started.elapsed() < settings.total_timeout);
    assert_eq!(fetched(fine).bytes, b"<rss/>");
    // Inflating the bomb would take 4 GiB; the bound is loose (the server
    // and the runtime count too) but still far below that.
    if let Some(peak) = peak_rss_bytes() {
        assert!(peak < 1024 * MIB as u64, "peak RSS {peak} bytes");
    }
}

#[tokio::test]
async fn brotli_bomb_stops_at_the_cap() {
    let server = MockServer::start().await;
    // 16 MiB of zeros compress to a few bytes.
    let bomb = brotli(&vec![0u8; 16 * MIB]);
    assert!(
        bomb.len() < 1024,
        "bomb is {} bytes on the wire",
        bomb.len()
    );
    Mock::given(path("/bomb"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "br")
                .set_body_bytes(bomb),
        )
        .mount(&server)
        .await;
    let mut settings = settings();
    settings.max_body_bytes = MIB as u64;
    let failure = failed(
        fetcher(&settings)
            .fetch(&url(&server, "/bomb"), &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::TooLarge);
    assert_eq!(
        failure.message,
        "body larger than 1 MiB (after decompression)"
    );
}

async fn max_in_flight(per_host: usize, fetches: usize) -> usize {
    let server = MockServer::start().await;
    let counter = std::sync::Arc::new(InFlight {
        delay: Duration::from_millis(400),
        arrivals: Mutex::new(Vec::new()),
        max: AtomicUsize::new(0),
    });
    Mock::given(method("GET"))
        .respond_with(ArcRespond(counter.clone()))
        .mount(&server)
        .await;
    let mut settings = settings();
    settings.per_host = std::num::NonZeroUsize::new(per_host).unwrap();
    let fetcher = fetcher(&settings);
    let urls: Vec<Url> = (0..fetches)
        .map(|i| url(&server, &format!("/feed/{i}")))
        .collect();
    let no_validators = Validators::default();
    let outcomes =
        futures::future::join_all(urls.iter().map(|u| fetcher.fetch(u, &no_validators))).await;
    for outcome in outcomes {
        assert_eq!(fetched(outcome).bytes, b"ok");
    }
    counter.max.load(Ordering::SeqCst)
}

#[tokio::test]
async fn per_host_limit_of_one_serialises_requests() {
    assert_eq!(max_in_flight(1, 3).await, 1);
}

#[tokio::test]
async fn per_host_limit_of_two_allows_two_at_once() {
    assert_eq!(max_in_flight(2, 4).await, 2);
}

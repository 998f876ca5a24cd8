//! The fetcher against loopback servers: wiremock for ordinary responses, a
//! raw std TcpListener for slow or stalled ones. Nothing leaves 127.0.0.1.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use keruen::config::settings::FetchSettings;
use keruen::domain::FailureKind;
use keruen::fetch::{FetchFailure, FetchOutcome, FetchedBody, Fetcher, Validators};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const MIB: usize = 1024 * 1024;

fn settings() -> FetchSettings {
    FetchSettings::default()
}

fn fetcher(settings: &FetchSettings) -> Fetcher {
    Fetcher::new(settings).expect("client builds")
}

fn url(server: &MockServer, p: &str) -> Url {
    Url::parse(&format!("{}{p}", server.uri())).unwrap()
}

fn fetched(outcome: FetchOutcome) -> FetchedBody {
    match outcome {
        FetchOutcome::Fetched(body) => body,
        other => panic!("expected Fetched, got {other:?}"),
    }
}

fn failed(outcome: FetchOutcome) -> FetchFailure {
    match outcome {
        FetchOutcome::Failed(failure) => failure,
        other => panic!("expected Failed, got {other:?}"),
    }
}

fn assert_one_line(failure: &FetchFailure) {
    assert!(
        !failure.message.chars().any(char::is_control),
        "message is not one clean line: {:?}",
        failure.message
    );
}

/// Gzip of `mib` MiB of zeros, built in O(wire size): one MiB is deflated
/// once (sync-flushed, so it ends byte-aligned and refers to nothing before
/// it) and that chunk repeated, then closed with an empty final block.
fn gzip_zeros(mib: usize) -> Vec<u8> {
    use flate2::write::DeflateEncoder;
    let zeros = vec![0u8; MIB];
    let mut encoder = DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&zeros).unwrap();
    encoder.flush().unwrap();
    let chunk = encoder.get_ref().clone();

    let mut one_mib_crc = flate2::Crc::new();
    one_mib_crc.update(&zeros);
    let mut crc = flate2::Crc::new();
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    for _ in 0..mib {
        out.extend_from_slice(&chunk);
        crc.combine(&one_mib_crc);
    }
    // Final stored block of length 0: BFINAL=1, BTYPE=00, LEN=0, NLEN=!0.
    out.extend_from_slice(&[0x01, 0x00, 0x00, 0xff, 0xff]);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&((mib * MIB) as u32).to_le_bytes());
    out
}

#[test]
fn gzip_zeros_helper_makes_a_valid_gzip() {
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&gzip_zeros(3)[..])
        .read_to_end(&mut decoded)
        .expect("valid gzip with a correct trailer");
    assert_eq!(decoded.len(), 3 * MIB);
    assert!(decoded.iter().all(|&b| b == 0));
}

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
    let server = MockServer::start().await;
    let text =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Жаңалықтар</title></feed>".repeat(50);
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    let gzipped = encoder.finish().unwrap();
    assert!(gzipped.len() < text.len() / 4);
    Mock::given(path("/atom"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_bytes(gzipped),
        )
        .mount(&server)
        .await;

    let body = fetched(
        fetcher(&settings())
            .fetch(&url(&server, "/atom"), &Validators::default())
            .await,
    );
    assert_eq!(body.bytes, text.as_bytes());
    let requests = server.received_requests().await.unwrap();
    let accept_encoding = requests[0].headers.get("accept-encoding").unwrap();
    assert!(accept_encoding.to_str().unwrap().contains("gzip"));
}

#[tokio::test]
async fn server_error_is_http_with_the_status_in_words() {
    let server = MockServer::start().await;
    Mock::given(path("/broken"))
        .respond_with(ResponseTemplate::new(500).set_body_string("oops"))
        .mount(&server)
        .await;
    let failure = failed(
        fetcher(&settings())
            .fetch(&url(&server, "/broken"), &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Http);
    assert_eq!(failure.message, "HTTP 500 Internal Server Error");
}

#[tokio::test]
async fn slow_server_hits_the_total_limit() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
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
async fn oversized_body_is_too_large() {
    let server = MockServer::start().await;
    Mock::given(path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 5000]))
        .mount(&server)
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
    let server = MockServer::start().await;
    Mock::given(path("/exact"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 1024]))
        .mount(&server)
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
async fn gzip_bomb_stops_at_the_cap_quickly() {
    let server = MockServer::start().await;
    let bomb = gzip_zeros(64);
    assert!(
        bomb.len() < MIB / 4,
        "bomb is {} bytes on the wire",
        bomb.len()
    );
    Mock::given(path("/bomb"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_bytes(bomb),
        )
        .mount(&server)
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

/// Peak resident memory of this test process, where Linux reports it.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[tokio::test]
async fn four_gib_gzip_bomb_fails_alone_while_another_feed_is_fetched() {
    let server = MockServer::start().await;
    let bomb = gzip_zeros(4096);
    assert!(
        bomb.len() < 8 * MIB,
        "bomb is {} bytes on the wire",
        bomb.len()
    );
    Mock::given(path("/bomb"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_bytes(bomb),
        )
        .mount(&server)
        .await;
    Mock::given(path("/fine"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<rss/>"))
        .mount(&server)
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
    // Inflating the bomb would take 4 GiB; other tests in this binary run
    // alongside, so the bound is loose but still far below that.
    if let Some(peak) = peak_rss_bytes() {
        assert!(peak < 1024 * MIB as u64, "peak RSS {peak} bytes");
    }
}

#[tokio::test]
async fn redirect_loop_fails_after_the_limit() {
    let server = MockServer::start().await;
    Mock::given(path("/loop"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/loop"))
        .mount(&server)
        .await;
    let failure = failed(
        fetcher(&settings())
            .fetch(&url(&server, "/loop"), &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Redirect);
    assert_eq!(failure.message, "too many redirects (more than 10)");
    // The original request plus the ten redirects we follow.
    assert_eq!(server.received_requests().await.unwrap().len(), 11);
}

#[tokio::test]
async fn redirect_to_file_is_refused() {
    let server = MockServer::start().await;
    Mock::given(path("/sneaky"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "file:///etc/passwd"))
        .mount(&server)
        .await;
    let failure = failed(
        fetcher(&settings())
            .fetch(&url(&server, "/sneaky"), &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Redirect);
    assert_eq!(
        failure.message,
        "redirect to unsupported scheme file:///etc/passwd"
    );
}

#[tokio::test]
async fn redirect_is_followed_and_final_url_reported() {
    let server = MockServer::start().await;
    Mock::given(path("/old"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/new/feed"))
        .mount(&server)
        .await;
    Mock::given(path("/new/feed"))
        .respond_with(ResponseTemplate::new(200).set_body_string("moved"))
        .mount(&server)
        .await;
    let body = fetched(
        fetcher(&settings())
            .fetch(&url(&server, "/old"), &Validators::default())
            .await,
    );
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
    let body = fetched(
        fetcher(&settings())
            .fetch(&url(&server, "/busy"), &Validators::default())
            .await,
    );
    assert_eq!(body.bytes, b"ok");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn rate_limit_with_long_retry_after_fails_at_once() {
    let server = MockServer::start().await;
    Mock::given(path("/busy"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let failure = failed(
        fetcher(&settings())
            .fetch(&url(&server, "/busy"), &Validators::default())
            .await,
    );
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
    let server = MockServer::start().await;
    Mock::given(path("/down"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let failure = failed(
        fetcher(&settings())
            .fetch(&url(&server, "/down"), &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Http);
    assert_eq!(
        failure.message,
        "HTTP 503 Service Unavailable, still after 3 attempts"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// Counts requests in flight: each is answered after `delay`, so a request
/// that arrived more than `delay` ago is done.
struct InFlight {
    delay: Duration,
    arrivals: Mutex<Vec<Instant>>,
    max: AtomicUsize,
}

impl Respond for InFlight {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let now = Instant::now();
        let mut arrivals = self.arrivals.lock().unwrap();
        arrivals.retain(|arrived| *arrived + self.delay > now);
        arrivals.push(now);
        self.max.fetch_max(arrivals.len(), Ordering::SeqCst);
        ResponseTemplate::new(200)
            .set_body_string("ok")
            .set_delay(self.delay)
    }
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

struct ArcRespond(std::sync::Arc<InFlight>);

impl Respond for ArcRespond {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}

#[tokio::test]
async fn per_host_limit_of_one_serialises_requests() {
    assert_eq!(max_in_flight(1, 3).await, 1);
}

#[tokio::test]
async fn per_host_limit_of_two_allows_two_at_once() {
    assert_eq!(max_in_flight(2, 4).await, 2);
}

#[tokio::test]
async fn refused_connection_is_connect() {
    // A port that was just free: nothing listens there any more.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let target = Url::parse(&format!("http://127.0.0.1:{port}/feed")).unwrap();
    let failure = failed(
        fetcher(&settings())
            .fetch(&target, &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Connect);
    assert_eq!(failure.message, "connection refused");
}

/// A raw loopback server for one connection: reads the request head, writes
/// `head`, then the body one byte every `pace` until `body_bytes` are sent
/// or the client hangs up. Runs on its own thread.
fn drip_server(head: &'static str, body_bytes: usize, pace: Duration) -> Url {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        read_request_head(&mut stream);
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        for _ in 0..body_bytes {
            // The pacing is the server's behaviour under test, not a wait.
            std::thread::sleep(pace);
            if stream
                .write_all(b"x")
                .and_then(|()| stream.flush())
                .is_err()
            {
                return;
            }
        }
    });
    Url::parse(&format!("http://127.0.0.1:{port}/feed")).unwrap()
}

fn read_request_head(stream: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !seen.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => seen.push(byte[0]),
            _ => return,
        }
    }
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
async fn file_url_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("local feed.xml");
    std::fs::write(&file, "<rss version=\"2.0\"><channel/></rss>").unwrap();
    let target = Url::from_file_path(&file).unwrap();
    let body = fetched(
        fetcher(&settings())
            .fetch(&target, &Validators::default())
            .await,
    );
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
    let failure = failed(
        fetcher(&settings())
            .fetch(&target, &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Other);
    assert_eq!(
        failure.message,
        format!("cannot read {}: No such file or directory", file.display())
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
async fn unsupported_scheme_is_refused_without_a_request() {
    let target = Url::parse("ftp://127.0.0.1/feed.xml").unwrap();
    let failure = failed(
        fetcher(&settings())
            .fetch(&target, &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Other);
    assert_eq!(
        failure.message,
        "unsupported URL scheme ftp:// (use http, https or file)"
    );
}

#[tokio::test]
async fn damaged_validator_is_skipped_not_fatal() {
    let server = MockServer::start().await;
    Mock::given(path("/feed"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
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
    let failure = failed(
        fetcher(&settings())
            .fetch(&target, &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Connect);
    assert!(
        failure.message.starts_with("TLS failed: "),
        "{}",
        failure.message
    );
    assert_one_line(&failure);
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        lgwin: 24,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).unwrap();
    out
}

#[tokio::test]
async fn brotli_body_is_decompressed() {
    let server = MockServer::start().await;
    let text = "{\"title\": \"Новости дня\"}\n".repeat(100);
    Mock::given(path("/json"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "br")
                .set_body_bytes(brotli(text.as_bytes())),
        )
        .mount(&server)
        .await;
    let body = fetched(
        fetcher(&settings())
            .fetch(&url(&server, "/json"), &Validators::default())
            .await,
    );
    assert_eq!(body.bytes, text.as_bytes());
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

#[tokio::test]
async fn corrupt_gzip_is_a_clear_failure() {
    let server = MockServer::start().await;
    Mock::given(path("/corrupt"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_bytes(b"\x1f\x8b\x08\x00this is not deflate data".to_vec()),
        )
        .mount(&server)
        .await;
    let failure = failed(
        fetcher(&settings())
            .fetch(&url(&server, "/corrupt"), &Validators::default())
            .await,
    );
    assert_eq!(failure.kind, FailureKind::Other);
    assert!(
        failure.message.starts_with("could not decode the body: "),
        "{}",
        failure.message
    );
    assert_one_line(&failure);
}

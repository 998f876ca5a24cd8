//! Helpers for the fetch tests: settings, one plain fetch, outcome unwrapping, compression
//! bombs built cheaply, and loopback servers wiremock cannot imitate.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use keruen::config::settings::FetchSettings;
use keruen::fetch::{FetchFailure, FetchOutcome, FetchedBody, Fetcher, Validators};
use url::Url;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

pub use crate::common::http::{serve, serve_one};

pub const MIB: usize = 1024 * 1024;

pub fn settings() -> FetchSettings {
    FetchSettings::default()
}

pub fn fetcher(settings: &FetchSettings) -> Fetcher {
    Fetcher::new(settings).expect("client builds")
}

/// One fetch of `target` with the default settings and no validators: the
/// call most tests make.
pub async fn get(target: &Url) -> FetchOutcome {
    fetcher(&settings())
        .fetch(target, &Validators::default())
        .await
}

pub fn url(server: &MockServer, p: &str) -> Url {
    Url::parse(&format!("{}{p}", server.uri())).unwrap()
}

pub fn fetched(outcome: FetchOutcome) -> FetchedBody {
    match outcome {
        FetchOutcome::Fetched(body) => body,
        other => panic!("expected Fetched, got {other:?}"),
    }
}

pub fn failed(outcome: FetchOutcome) -> FetchFailure {
    match outcome {
        FetchOutcome::Failed(failure) => failure,
        other => panic!("expected Failed, got {other:?}"),
    }
}

pub fn assert_one_line(failure: &FetchFailure) {
    assert!(
        !failure.message.chars().any(char::is_control),
        "message is not one clean line: {:?}",
        failure.message
    );
}

/// Gzip of `mib` MiB of zeros, built in O(wire size): one MiB is deflated
/// once (sync-flushed, so it ends byte-aligned and refers to nothing before
/// it) and that chunk repeated, then closed with an empty final block.
pub fn gzip_zeros(mib: usize) -> Vec<u8> {
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

pub fn brotli(data: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        lgwin: 24,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).unwrap();
    out
}

/// Peak resident memory of this test process, where Linux reports it.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Counts requests in flight: each is answered after `delay`, so a request
/// that arrived more than `delay` ago is done.
pub struct InFlight {
    pub delay: Duration,
    pub arrivals: Mutex<Vec<Instant>>,
    pub max: AtomicUsize,
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

pub struct ArcRespond(pub std::sync::Arc<InFlight>);

impl Respond for ArcRespond {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}

/// A raw loopback server for one connection: reads the request head, writes
/// `head`, then the body one byte every `pace` until `body_bytes` are sent
/// or the client hangs up. Runs on its own thread.
pub fn drip_server(head: &'static str, body_bytes: usize, pace: Duration) -> Url {
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

pub fn read_request_head(stream: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !seen.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => seen.push(byte[0]),
            _ => return,
        }
    }
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

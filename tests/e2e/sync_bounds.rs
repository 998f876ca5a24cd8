//! A sync server's answers are bounded like feeds: a body over the cap
//! (`[fetch] max_body`) and a server that never answers fail in words,
//! naming the server, and keep the queue. The "servers" here are plain
//! loopback sockets that misbehave on purpose.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

fn keruen(config: &str, dir: &std::path::Path) -> std::process::Output {
    let path = dir.join("config.toml");
    std::fs::write(&path, config).unwrap();
    Command::new(env!("CARGO_BIN_EXE_keruen"))
        .arg("-c")
        .arg(&path)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("sync")
        .env("KERUEN_TEST_PW", "secret-password-1")
        .env("no_proxy", "127.0.0.1")
        .output()
        .unwrap()
}

fn config(port: u16, fetch: &str) -> String {
    format!(
        "[sync]\nkind = \"fever\"\nurl = \"http://127.0.0.1:{port}/fever/?api\"\nuser = \"u\"\n\
         password_env = \"KERUEN_TEST_PW\"\n[fetch]\n{fetch}"
    )
}

#[test]
fn a_body_over_the_cap_fails_in_words() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = s.read(&mut buf);
        let body = format!("{{\"auth\":1,\"pad\":\"{}\"}}", "x".repeat(3 << 20));
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{body}"
        );
    });
    let dir = tempfile::tempdir().unwrap();
    let out = keruen(&config(port, "max_body = \"1 MiB\"\n"), dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("Fever API at http://127.0.0.1:"), "{err}");
    assert!(err.contains("larger than 1 MiB"), "{err}");
    assert!(!err.contains("secret-password-1"), "{err}");
    server.join().unwrap();
}

#[test]
fn a_server_that_never_answers_times_out_in_words() {
    // Accepted by the kernel, never read or answered.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let out = keruen(
        &config(port, "read_timeout = \"1s\"\ntotal_timeout = \"2s\"\n"),
        dir.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot be reached"), "{err}");
    assert!(err.contains("1 s") || err.contains("2 s"), "{err}");
    drop(listener);
}

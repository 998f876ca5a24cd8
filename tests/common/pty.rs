//! Shared helpers for the tests that run the real `keruen` binary: write a
//! config, run a headless command, and drive the TUI in a pseudo-terminal
//! whose output feeds a vt100 emulator (and is also kept raw, byte for
//! byte, so tests can look for sequences that must never be written).
//!
//! Waiting is always "poll until a condition holds or a deadline passes":
//! the reader thread signals a condvar on every chunk, so a waiter wakes as
//! soon as the screen changes, never after a fixed sleep.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long any single wait may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(10);

pub const BIN: &str = env!("CARGO_BIN_EXE_keruen");

/// A `file://` URL for a local file (absolute path).
pub fn file_url(path: &Path) -> String {
    url::Url::from_file_path(path)
        .expect("absolute path")
        .to_string()
}

/// Write a config with the given `(name, url)` feeds and periodic refresh
/// off (so the TUI never starts a refresh of its own), plus `extra` TOML.
pub fn write_config(dir: &Path, feeds: &[(&str, &str)], extra: &str) -> PathBuf {
    let mut text = String::from("[fetch]\nrefresh_interval = \"off\"\n\n");
    text.push_str(extra);
    text.push('\n');
    for (name, url) in feeds {
        text.push_str(&format!(
            "[[feeds]]\nname = \"{name}\"\nurl = \"{url}\"\n\n"
        ));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

/// A `keruen --config C --data-dir D` command with the environment
/// overrides removed, ready for more arguments.
pub fn keruen(config: &Path, data: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("--config")
        .arg(config)
        .arg("--data-dir")
        .arg(data)
        .env_remove("KERUEN_CONFIG")
        .env_remove("KERUEN_DATA_DIR");
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Run a headless command to completion.
pub fn run(config: &Path, data: &Path, args: &[&str]) -> Output {
    keruen(config, data)
        .args(args)
        .output()
        .expect("run keruen")
}

/// Run a headless command and fail the test unless it exits 0.
pub fn run_ok(config: &Path, data: &Path, args: &[&str]) -> Output {
    let out = run(config, data, args);
    assert!(
        out.status.success(),
        "keruen {args:?} failed ({}):\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// What the reader thread shares with the test.
struct Output_ {
    parser: vt100::Parser,
    raw: Vec<u8>,
    eof: bool,
}

struct Shared {
    out: Mutex<Output_>,
    changed: Condvar,
}

/// The TUI running in a pseudo-terminal.
pub struct PtyApp {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    shared: Arc<Shared>,
    /// The terminal's local flags before keruen started (cooked mode).
    pub initial_flags: Option<u64>,
}

impl PtyApp {
    /// Start `keruen --config C --data-dir D` (no subcommand: the TUI) in a
    /// `cols` x `rows` terminal.
    pub fn spawn(config: &Path, data: &Path, cols: u16, rows: u16) -> PtyApp {
        PtyApp::spawn_with(Some(config), data, cols, rows, &[])
    }

    /// As `spawn`, with `env` set in the child (e.g. `LANG`; the locale
    /// variables are otherwise removed, so the TUI speaks English).
    pub fn spawn_with_env(
        config: &Path,
        data: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> PtyApp {
        PtyApp::spawn_with(Some(config), data, cols, rows, env)
    }

    /// As `spawn`, with `env` set in the child (after the variables a test
    /// must not inherit are removed). `config: None` passes no `--config`:
    /// the platform's place is used (point `XDG_CONFIG_HOME` and `HOME`
    /// into the test's directory).
    pub fn spawn_with(
        config: Option<&Path>,
        data: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> PtyApp {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(BIN);
        if let Some(config) = config {
            cmd.arg("--config");
            cmd.arg(config);
        }
        cmd.arg("--data-dir");
        cmd.arg(data);
        cmd.env("TERM", "xterm-256color");
        for var in [
            "SSH_CONNECTION",
            "SSH_TTY",
            "DISPLAY",
            "WAYLAND_DISPLAY",
            "BROWSER",
            "NO_COLOR",
            "KERUEN_CONFIG",
            "KERUEN_DATA_DIR",
            "KERUEN_LOG",
            "LC_ALL",
            "LC_MESSAGES",
            "LANG",
        ] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        std::fs::create_dir_all(data).expect("create data dir");
        cmd.cwd(data);
        let initial_flags = termios_flags(pair.master.as_ref());
        let child = pair.slave.spawn_command(cmd).expect("spawn keruen in pty");
        // Only the child keeps the slave open, so the reader sees EOF when
        // the child exits.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let answers = Arc::clone(&writer);
        let rows = NonZeroU16::new(rows).expect("rows > 0");
        let cols = NonZeroU16::new(cols).expect("cols > 0");
        let shared = Arc::new(Shared {
            out: Mutex::new(Output_ {
                parser: vt100::Parser::new(rows, cols, 0),
                raw: Vec::new(),
                eof: false,
            }),
            changed: Condvar::new(),
        });
        let for_thread = Arc::clone(&shared);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // Like a real terminal, answer cursor-position queries (DSR,
            // `ESC [ 6 n`; crossterm asks when ratatui clears), or the app
            // waits for its 2 s timeout.
            const DSR: &[u8] = b"\x1b[6n";
            let mut scanned = 0;
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => 0,
                    Ok(n) => n,
                };
                let mut out = for_thread.out.lock().unwrap_or_else(|e| e.into_inner());
                if n == 0 {
                    out.eof = true;
                    for_thread.changed.notify_all();
                    return;
                }
                out.raw.extend_from_slice(&buf[..n]);
                out.parser.process(&buf[..n]);
                // Scan from just before the new bytes: a query may span reads.
                let from = scanned.min(out.raw.len()).saturating_sub(DSR.len() - 1);
                let queries = out.raw[from..]
                    .windows(DSR.len())
                    .filter(|w| *w == DSR)
                    .count();
                scanned = out.raw.len();
                if queries > 0 {
                    let (row, col) = out.parser.screen().cursor_position();
                    let reply = format!("\x1b[{};{}R", row + 1, col + 1);
                    let mut w = answers.lock().unwrap_or_else(|e| e.into_inner());
                    for _ in 0..queries {
                        let _ = w.write_all(reply.as_bytes());
                    }
                    let _ = w.flush();
                }
                for_thread.changed.notify_all();
            }
        });
        PtyApp {
            child,
            master: pair.master,
            writer,
            shared,
            initial_flags,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Output_> {
        self.shared.out.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wait until `cond` holds on the screen; fail with the screen shown.
    pub fn wait_for(&self, what: &str, cond: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        let mut out = self.lock();
        loop {
            if cond(out.parser.screen()) {
                return;
            }
            let now = Instant::now();
            if now >= deadline || out.eof {
                panic!(
                    "waited {DEADLINE:?} for {what} ({}); screen:\n{}",
                    if out.eof {
                        "keruen exited"
                    } else {
                        "timed out"
                    },
                    out.parser.screen().contents()
                );
            }
            out = self
                .shared
                .changed
                .wait_timeout(out, deadline - now)
                .expect("lock")
                .0;
        }
    }

    /// Wait until every one of `texts` is on the screen.
    pub fn wait_for_text(&self, texts: &[&str]) {
        self.wait_for(&format!("{texts:?} on screen"), |s| {
            let c = s.contents();
            texts.iter().all(|t| c.contains(t))
        });
    }

    /// The screen as plain text, rows joined by newlines.
    pub fn screen_text(&self) -> String {
        self.lock().parser.screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.lock().parser.screen().alternate_screen()
    }

    /// Every byte the binary has written to the terminal so far.
    pub fn raw(&self) -> Vec<u8> {
        self.lock().raw.clone()
    }

    /// Resize the terminal (the kernel sends SIGWINCH) and the emulator.
    pub fn resize(&self, cols: u16, rows: u16) {
        let mut out = self.lock();
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
        out.parser.set_size(
            NonZeroU16::new(rows).expect("rows > 0"),
            NonZeroU16::new(cols).expect("cols > 0"),
        );
    }

    /// Whether the process has closed the terminal (exited).
    pub fn exited(&self) -> bool {
        self.lock().eof
    }

    /// Type keys (raw bytes, as a terminal would send them).
    pub fn send(&mut self, bytes: &[u8]) {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush pty");
    }

    /// The local-mode flags (ICANON, ECHO, ...) of the terminal, read with
    /// tcgetattr on the master: raw mode clears ICANON and ECHO. Compared
    /// as opaque bits, so no termios constants are needed.
    pub fn local_flags(&self) -> Option<u64> {
        termios_flags(self.master.as_ref())
    }

    /// Wait for the process to exit and for all its output to be read.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        {
            let mut out = self.lock();
            while !out.eof {
                let now = Instant::now();
                if now >= deadline {
                    let screen = out.parser.screen().contents();
                    drop(out);
                    let _ = self.child.kill();
                    panic!("keruen did not exit within {DEADLINE:?}; screen:\n{screen}");
                }
                out = self
                    .shared
                    .changed
                    .wait_timeout(out, deadline - now)
                    .expect("lock")
                    .0;
            }
        }
        // The output is closed, so the process is gone or going: reap it.
        self.child.wait().expect("wait for keruen")
    }
}

#[cfg(unix)]
fn termios_flags(master: &dyn MasterPty) -> Option<u64> {
    master
        .get_termios()
        .map(|t| u64::from(t.local_flags.bits()))
}

#[cfg(not(unix))]
fn termios_flags(_master: &dyn MasterPty) -> Option<u64> {
    None
}

impl Drop for PtyApp {
    fn drop(&mut self) {
        // Never leave a keruen behind when a test fails half-way.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

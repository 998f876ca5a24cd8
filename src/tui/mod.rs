//! The terminal: enter (raw mode, alternate screen, optional mouse
//! capture), restore (idempotent, safe to call from anywhere), and a panic
//! hook that restores the terminal before the panic message is printed, so
//! the message is readable and the shell is usable afterwards.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

mod quiet;
pub use quiet::QuietBackend;

/// True between `enter` and `restore`: makes `restore` idempotent and lets
/// the panic hook know whether there is anything to undo.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

/// The reader's terminal: crossterm over stdout, quiet when a frame
/// changes nothing (see `quiet`).
pub type Tui = Terminal<QuietBackend<CrosstermBackend<io::Stdout>>>;

/// Switch the terminal to raw mode and the alternate screen (and capture
/// the mouse when `mouse`), and return a ratatui terminal over stdout.
/// On error, whatever was already changed is undone.
pub fn enter(mouse: bool) -> io::Result<Tui> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    let entered = if mouse {
        MOUSE.store(true, Ordering::SeqCst);
        execute!(out, EnterAlternateScreen, EnableMouseCapture)
    } else {
        execute!(out, EnterAlternateScreen)
    };
    if let Err(e) = entered {
        restore();
        return Err(e);
    }
    match Terminal::new(QuietBackend::new(CrosstermBackend::new(io::stdout()))) {
        Ok(mut t) => {
            // A hidden cursor and a clean first frame. Not `Terminal::clear`:
            // it asks the terminal for the cursor position, and a terminal
            // (or wrapper) that never answers would stall start-up for 2 s.
            let _ = t.hide_cursor();
            let _ = execute!(
                io::stdout(),
                crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
            );
            Ok(t)
        }
        Err(e) => {
            restore();
            Err(e)
        }
    }
}

/// Put the terminal back as it was. Safe to call more than once and from
/// the panic hook; errors are ignored because there is nothing better to
/// do with them while leaving.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, LeaveAlternateScreen, crossterm::cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Whether `enter` has run without a matching `restore`.
pub fn is_active() -> bool {
    ACTIVE.load(Ordering::SeqCst)
}

/// Install a panic hook that restores the terminal first, then runs the
/// previous hook (which prints the message to stderr, now readable).
/// Install once, before `enter`.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// The OSC 52 sequence that asks the terminal to put `text` on the system
/// clipboard. Works over SSH and inside tmux (with `set-clipboard on`).
/// `text` is sent base64-encoded, so nothing in it can act on the terminal.
pub fn osc52_sequence(text: &str) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{encoded}\x07")
}

/// Copy `text` to the clipboard with OSC 52 (see `osc52_sequence`).
pub fn copy_osc52(text: &str) -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(osc52_sequence(text).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(osc52_sequence(plain), format!("\x1b]52;c;{encoded}\x07"));
        }
    }

    #[test]
    fn osc52_wraps_base64() {
        assert_eq!(osc52_sequence("foo"), "\x1b]52;c;Zm9v\x07");
        // An escape in the text cannot reach the terminal raw.
        assert!(!osc52_sequence("a\x1b]0;x\x07").contains("\x1b]0"));
    }

    #[test]
    fn restore_without_enter_is_a_no_op() {
        // Must not touch a terminal (tests run without one) nor panic.
        restore();
        restore();
        assert!(!is_active());
    }
}

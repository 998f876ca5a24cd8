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

/// True between `enter` and `restore`: makes `restore` idempotent and lets
/// the panic hook know whether there is anything to undo.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

pub type Tui = Terminal<CrosstermBackend<io::Stdout>>;

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
    match Terminal::new(CrosstermBackend::new(io::stdout())) {
        Ok(mut t) => {
            // A hidden cursor and a clean first frame.
            let _ = t.hide_cursor();
            let _ = t.clear();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_without_enter_is_a_no_op() {
        // Must not touch a terminal (tests run without one) nor panic.
        restore();
        restore();
        assert!(!is_active());
    }
}

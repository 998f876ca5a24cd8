//! A backend that writes nothing when nothing changed.
//!
//! The reader redraws on every clock tick (relative dates, notices), and
//! most ticks change no cell. ratatui's diff then hands the backend no
//! cells, yet crossterm's backend still writes its colour reset after the
//! (empty) run, and the terminal hides the cursor again on every frame:
//! 25 bytes four times a second, forever, down every SSH session, and a
//! screen that never goes quiet for tools that wait for it to settle.
//! This wrapper drops exactly those writes: an empty draw, and a cursor
//! hidden/shown/moved to where it already is. Everything else passes
//! through unchanged.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// Wraps a backend; see the module header.
pub struct QuietBackend<B> {
    inner: B,
    /// What the terminal's cursor is known to be, `None` when unknown
    /// (at start, or after output that may have changed it).
    hidden: Option<bool>,
    at: Option<Position>,
}

impl<B> QuietBackend<B> {
    pub fn new(inner: B) -> Self {
        QuietBackend {
            inner,
            hidden: None,
            at: None,
        }
    }

    /// The wrapped backend.
    pub fn inner(&self) -> &B {
        &self.inner
    }
}

impl<B: Backend> Backend for QuietBackend<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        // Printing moves the cursor.
        self.at = None;
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.at = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if self.hidden == Some(true) {
            return Ok(());
        }
        self.inner.hide_cursor()?;
        self.hidden = Some(true);
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        if self.hidden == Some(false) {
            return Ok(());
        }
        self.inner.show_cursor()?;
        self.hidden = Some(false);
        Ok(())
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        let position = position.into();
        if self.at == Some(position) {
            return Ok(());
        }
        self.inner.set_cursor_position(position)?;
        self.at = Some(position);
        Ok(())
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.at = None;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.at = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::io::Write;
    use std::rc::Rc;

    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    use ratatui::widgets::Paragraph;

    use super::QuietBackend;

    /// Everything the terminal was sent, readable while it is in use.
    #[derive(Clone, Default)]
    struct Sent(Rc<RefCell<Vec<u8>>>);

    impl Write for Sent {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Sent {
        fn len(&self) -> usize {
            self.0.borrow().len()
        }
        fn since(&self, from: usize) -> String {
            String::from_utf8_lossy(&self.0.borrow()[from..]).into_owned()
        }
    }

    fn terminal() -> (Terminal<QuietBackend<CrosstermBackend<Sent>>>, Sent) {
        let sent = Sent::default();
        let mut t = Terminal::with_options(
            QuietBackend::new(CrosstermBackend::new(sent.clone())),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 3)),
            },
        )
        .unwrap();
        t.hide_cursor().unwrap();
        (t, sent)
    }

    fn text(text: &'static str) -> impl FnOnce(&mut ratatui::Frame) {
        move |f: &mut ratatui::Frame| f.render_widget(Paragraph::new(text), f.area())
    }

    #[test]
    fn a_frame_that_changes_nothing_writes_nothing() {
        let (mut t, sent) = terminal();
        t.draw(text("Жаңалықтар")).unwrap();
        let first = sent.len();
        assert!(first > 0, "the first frame is written");
        for _ in 0..3 {
            t.draw(text("Жаңалықтар")).unwrap();
        }
        assert_eq!(sent.since(first), "", "unchanged frames wrote bytes");
        t.draw(text("Новости")).unwrap();
        assert!(
            sent.since(first).contains("Новости"),
            "a changed frame is written"
        );
    }

    #[test]
    fn a_cursor_left_where_it_is_is_not_moved_again_but_one_drawn_over_is() {
        let (mut t, sent) = terminal();
        let frame = |word: &'static str| {
            move |f: &mut ratatui::Frame| {
                f.render_widget(Paragraph::new(word), f.area());
                f.set_cursor_position((3, 1));
            }
        };
        t.draw(frame("a")).unwrap();
        let after_first = sent.len();
        t.draw(frame("a")).unwrap();
        assert_eq!(
            sent.since(after_first),
            "",
            "same cursor, same cells: no bytes"
        );
        // Printing new cells moves the real cursor: it must be put back,
        // so this frame ends with a cursor move again.
        t.draw(frame("b")).unwrap();
        let out = sent.since(after_first);
        assert!(
            out.ends_with("\x1b[2;4H"),
            "cursor not put back after drawing: {out:?}"
        );
    }
}

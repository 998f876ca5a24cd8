//! The one way the headless commands write: every line of text goes through
//! `sanitize::text` (a feed name from the config is as untrusted as a title
//! from a server), JSON escapes every terminal-active character, and a
//! reader that went away (`keruen list | head -1`) stops the command
//! quietly instead of panicking as `println!` does.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::sanitize;

/// Standard output was closed by its reader. Not a failure: `main` ends
/// the process quietly with status 0 when a command stops with it.
#[derive(Debug, thiserror::Error)]
#[error("standard output was closed")]
pub struct OutputClosed;

/// True when `e` (or anything in its chain) is [`OutputClosed`].
pub fn is_output_closed(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.is::<OutputClosed>())
}

/// Buffered standard output for one command.
pub struct Out {
    inner: Box<dyn Write>,
}

impl Out {
    pub fn stdout() -> Out {
        Out {
            inner: Box::new(io::BufWriter::new(io::stdout().lock())),
        }
    }

    /// Writes into `w` instead (tests).
    pub fn to_writer(w: impl Write + 'static) -> Out {
        Out { inner: Box::new(w) }
    }

    /// One line of text, made terminal-safe.
    pub fn line(&mut self, s: impl AsRef<str>) -> anyhow::Result<()> {
        let mut text = sanitize::text(s.as_ref());
        text.push('\n');
        self.write(text.as_bytes())
    }

    /// Text without a newline added (its own newlines kept), terminal-safe.
    pub fn text(&mut self, s: impl AsRef<str>) -> anyhow::Result<()> {
        self.write(sanitize::text(s.as_ref()).as_bytes())
    }

    /// A line the caller built from pieces it already passed through
    /// `sanitize` plus keruen's own styling (e.g. bold around matches).
    pub fn styled_line(&mut self, s: &str) -> anyhow::Result<()> {
        self.write(s.as_bytes())?;
        self.write(b"\n")
    }

    /// keruen's own generated documents (completion scripts, the man
    /// page), written as they are: no text from outside is in them.
    pub fn own_document(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        self.write(bytes)
    }

    /// `value` as indented JSON, then a newline.
    pub fn json(&mut self, value: &impl Serialize) -> anyhow::Result<()> {
        let bytes = to_json(value, SafeFormatter(PrettyFormatter::new()))?;
        self.write(&bytes)?;
        self.write(b"\n")
    }

    /// `value` as one line of JSON, then a newline.
    pub fn json_line(&mut self, value: &impl Serialize) -> anyhow::Result<()> {
        let bytes = to_json(value, SafeFormatter(CompactFormatter))?;
        self.write(&bytes)?;
        self.write(b"\n")
    }

    /// Push what is buffered to the reader (before a slow step, and at the end).
    pub fn flush(&mut self) -> anyhow::Result<()> {
        self.inner.flush().map_err(closed_or)
    }

    fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        self.inner.write_all(bytes).map_err(closed_or)
    }
}

fn closed_or(e: io::Error) -> anyhow::Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        anyhow::Error::new(OutputClosed)
    } else {
        anyhow::Error::new(e).context("cannot write to standard output")
    }
}

/// A line on standard error, terminal-safe. Errors writing it are ignored:
/// there is nowhere left to report them.
pub fn warn(s: impl AsRef<str>) {
    let mut text = sanitize::text(s.as_ref());
    text.push('\n');
    let _ = io::stderr().write_all(text.as_bytes());
}

/// keruen's own control sequences on standard error (the progress line),
/// written as they are; errors ignored as in [`warn`].
pub fn stderr_control(s: &str) {
    let mut err = io::stderr();
    let _ = err.write_all(s.as_bytes()).and_then(|()| err.flush());
}

fn to_json<F: Formatter>(value: &impl Serialize, formatter: F) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    value.serialize(&mut ser)?;
    Ok(bytes)
}

/// serde_json escapes only C0 controls, '"' and '\'; DEL, C1 (an 8-bit CSI
/// is U+009B), bidi overrides and the other characters `sanitize` forbids
/// would reach a terminal raw when JSON is printed to one. They are written
/// as `\uXXXX` escapes: the same string to a JSON reader, inert on a screen.
struct SafeFormatter<F>(F);

impl<F: Formatter> Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest
            .char_indices()
            .find(|&(_, c)| sanitize::is_forbidden(c))
        {
            writer.write_all(&rest.as_bytes()[..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| io::ErrorKind::Other)?
                .extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    const HOSTILE: &str = "a\u{1b}]52;c;aGk=\u{7}b\u{1b}[2Jc\u{0}d\u{9b}2Je\u{202e}f\u{7f}";

    #[test]
    fn text_lines_lose_every_control() {
        let buf = Shared::default();
        let mut out = Out::to_writer(buf.clone());
        out.line(HOSTILE).unwrap();
        let got = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        // The 8-bit CSI goes alone (sanitize removes each C1 control by
        // itself); "2J" without its introducer is plain text.
        assert_eq!(got, "abcd2Jef\n");
    }

    #[test]
    fn json_escapes_what_serde_lets_through() {
        let buf = Shared::default();
        let mut out = Out::to_writer(buf.clone());
        out.json_line(&serde_json::json!({ "name": HOSTILE, "tag": "\u{e0041}" }))
            .unwrap();
        let got = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert!(
            !got.chars()
                .any(|c| c.is_control() && c != '\n' || sanitize::is_forbidden(c)),
            "{got:?}"
        );
        // Still the same strings to a JSON reader.
        let back: serde_json::Value = serde_json::from_str(&got).unwrap();
        assert_eq!(back["name"], HOSTILE);
        assert_eq!(back["tag"], "\u{e0041}");
    }

    #[test]
    fn a_closed_reader_is_output_closed() {
        let mut out = Out::to_writer(Closed);
        let e = out.line("x").unwrap_err();
        assert!(is_output_closed(&e));
        assert!(is_output_closed(&e.context("listing")));
    }
}

//! Turning durations, sizes and foreign error text into short one-line words
//! for failure messages that the UI and CLI show as they are.

use std::time::Duration;

/// Longest message part taken from foreign text (error chains, URLs).
const MAX_FOREIGN_CHARS: usize = 160;

/// "20 s", "300 ms", "1.5 s", "5 min", "2 h".
pub(crate) fn duration(d: Duration) -> String {
    let millis = d.as_millis();
    if millis < 1000 {
        format!("{millis} ms")
    } else if !millis.is_multiple_of(1000) && millis < 10_000 {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        let secs = d.as_secs();
        if secs < 120 {
            format!("{secs} s")
        } else if secs < 2 * 3600 {
            format!("{} min", secs.div_ceil(60))
        } else {
            format!("{} h", secs.div_ceil(3600))
        }
    }
}

/// "16 MiB", "512 KiB", "1000 bytes".
pub(crate) fn bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    const GIB: u64 = 1024 * 1024 * 1024;
    if n >= GIB && n.is_multiple_of(GIB) {
        format!("{} GiB", n / GIB)
    } else if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= KIB && n.is_multiple_of(KIB) {
        format!("{} KiB", n / KIB)
    } else if n >= 10 * MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else {
        format!("{n} bytes")
    }
}

/// Foreign text (an error's Display, a URL) made safe for a one-line message:
/// control characters (which could steer a terminal) become spaces, runs of
/// whitespace collapse, and long text is cut with an ellipsis.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_FOREIGN_CHARS + 4));
    let mut count = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_control() || c.is_whitespace() || is_bidi_control(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if count >= MAX_FOREIGN_CHARS {
            out.push('…');
            return out;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// Bidi overrides and isolates reorder what follows them on screen.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// An io::Error's text without the " (os error 2)" suffix the OS adds.
pub(crate) fn io_error(err: &std::io::Error) -> String {
    let text = err.to_string();
    let trimmed = match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text.as_str(),
    };
    one_line(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(Duration::from_millis(300)), "300 ms");
        assert_eq!(duration(Duration::from_secs(20)), "20 s");
        assert_eq!(duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(duration(Duration::from_secs(300)), "5 min");
        assert_eq!(duration(Duration::from_secs(3 * 3600)), "3 h");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(bytes(16 * 1024 * 1024), "16 MiB");
        assert_eq!(bytes(512 * 1024), "512 KiB");
        assert_eq!(bytes(1000), "1000 bytes");
    }

    #[test]
    fn foreign_text_becomes_one_safe_line() {
        assert_eq!(one_line("a\n\tb\u{1b}[31m  c\u{202e}d"), "a b [31m c d");
        let long = "x".repeat(500);
        let cut = one_line(&long);
        assert_eq!(cut.chars().count(), MAX_FOREIGN_CHARS + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn io_errors_lose_the_os_error_number() {
        let err = std::io::Error::from_raw_os_error(2);
        assert_eq!(io_error(&err), "No such file or directory");
    }
}

//! The one sanitising boundary for text from the network (see DESIGN.md).
//! Every source runs every text field through these before it is stored,
//! and every error message that quotes remote text goes through [`line`].
//!
//! What is removed, and why:
//! * whole escape sequences introduced by ESC (CSI, OSC, DCS/SOS/PM/APC
//!   strings, two-char escapes): dropping only the ESC byte would leave e.g.
//!   an OSC 52 payload behind as visible junk. A control string that is
//!   never terminated loses only its introducer: the rest is kept as text;
//! * C0 controls (except newline in bodies; tab is expanded), DEL and C1,
//!   each alone: a C1 code point in decoded text is almost always a
//!   windows-1252 byte read as Latin-1 (0x9C œ, 0x9F Ÿ, 0x9B ›), so reading
//!   it as a sequence introducer would eat real text after it, while
//!   removing it alone leaves nothing a terminal could act on;
//! * bidi embeddings, overrides, isolates and marks, which can reorder what
//!   the terminal shows (the "Trojan Source" trick);
//! * other invisible format characters that let text pretend to be something
//!   else: BOM / zero-width no-break space, interlinear annotations, the
//!   Unicode "tag" block, noncharacters.

use url::Url;

/// Longest title kept, in chars.
pub const MAX_TITLE: usize = 1_000;
/// Longest author, category or feed name kept, in chars.
pub const MAX_NAME: usize = 300;
/// Longest error message kept, in chars.
pub const MAX_ERROR: usize = 2_000;
/// Longest summary kept, in chars.
pub const MAX_SUMMARY: usize = 64 * 1024;
/// Longest body kept, in chars.
pub const MAX_CONTENT: usize = 2 * 1024 * 1024;
/// Longest URL accepted, in bytes; a longer one is dropped, not cut (a cut
/// URL points somewhere else).
pub const MAX_URL: usize = 4_096;

/// Columns between tab stops when a body's tabs are expanded.
const TAB_WIDTH: usize = 4;

/// A one-line field (title, author, feed name, error message): strips
/// terminal-active characters and folds all whitespace runs (newlines too)
/// to one space, trimmed at both ends.
pub fn line(s: &str) -> String {
    let scrubbed = scrub(s);
    let mut out = String::with_capacity(scrubbed.len());
    for word in scrubbed
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A multi-line body (summary, content): strips terminal-active characters,
/// keeps newlines (CR LF and lone CR become LF), expands tabs to spaces.
pub fn text(s: &str) -> String {
    // Fast path: most bodies have nothing to remove, fold or expand; one
    // scan and one copy instead of rebuilding the string char by char.
    if all_plain_text(s) {
        return s.to_owned();
    }
    let scrubbed = scrub(s);
    let mut out = String::with_capacity(scrubbed.len());
    let mut column = 0usize;
    let mut chars = scrubbed.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                column = 0;
            }
            '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                column = 0;
            }
            '\t' => {
                let spaces = TAB_WIDTH - column % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// [`line`], then cut to at most `max_chars` chars.
pub fn line_capped(s: &str, max_chars: usize) -> String {
    cap(line(s), max_chars)
}

/// [`text`], then cut to at most `max_chars` chars.
pub fn text_capped(s: &str, max_chars: usize) -> String {
    cap(text(s), max_chars)
}

/// [`text_capped`] of an owned string: a text with nothing to change (most
/// article bodies) is returned as it is, not copied.
pub fn text_capped_owned(s: String, max_chars: usize) -> String {
    if all_plain_text(&s) {
        cap(s, max_chars)
    } else {
        text_capped(&s, max_chars)
    }
}

/// Cuts `s` to at most `max_chars` chars at a char boundary; a cut string
/// ends with '…' (counted in the limit) so the reader sees it was cut.
pub fn cap(mut s: String, max_chars: usize) -> String {
    if max_chars == 0 {
        return String::new();
    }
    // Fast path: byte length bounds the char count.
    if s.len() <= max_chars {
        return s;
    }
    if let Some((cut, _)) = s.char_indices().nth(max_chars - 1) {
        // Only cut if there is more than one char from here on.
        if s[cut..].chars().nth(1).is_some() {
            s.truncate(cut);
            s.push('…');
        }
    }
    s
}

/// A link field that must be absolute: http(s) only, sanitised, at most
/// [`MAX_URL`] bytes. `None` for anything else (javascript:, data:, file:…).
pub fn url(s: &str) -> Option<String> {
    url_in(None, s)
}

/// A link field, resolved against `base` when it is relative. The result is
/// the URL's serialisation, which percent-encodes anything a terminal could
/// act on; only http and https are kept.
pub fn url_in(base: Option<&Url>, s: &str) -> Option<String> {
    let cleaned = line(s);
    if cleaned.is_empty() || cleaned.len() > MAX_URL {
        return None;
    }
    let parsed = match Url::parse(&cleaned) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(&cleaned).ok()?,
        Err(_) => return None,
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let out = String::from(parsed);
    (out.len() <= MAX_URL).then_some(out)
}

/// True for every char the sanitisers never let through (besides '\n' and
/// '\t', which [`line`] and [`text`] treat as whitespace).
pub fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{00}'..='\u{08}' | '\u{0B}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        // Arabic letter mark, LRM/RLM, embeddings/overrides, isolates.
        | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        // Invisible operators / word joiner and deprecated format controls.
        | '\u{2060}'..='\u{2064}' | '\u{206A}'..='\u{206F}'
        // BOM / ZWNBSP, interlinear annotation, object replacement-like specials.
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        // Tag characters (invisible "ASCII smuggling").
        | '\u{E0000}'..='\u{E007F}'
    ) || is_noncharacter(c)
}

/// A char `text` keeps exactly as it is: printable ASCII, newline, or a
/// non-ASCII char that is neither forbidden nor a line separator `text`
/// normalises. Latin-1 letters through Cyrillic (U+00A0–U+05FF) are
/// answered without the range table: they are most of the text we read.
fn is_plain_text_char(c: char) -> bool {
    if c.is_ascii() {
        return c == '\n' || (' '..='~').contains(&c);
    }
    ('\u{A0}'..'\u{600}').contains(&c) || !(is_forbidden(c) || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// Bytes that are plain whatever their neighbours: printable ASCII, LF,
/// continuation bytes, and the lead bytes of U+00C0..U+05FF. Range tests
/// rather than a table: over a block of bytes they compile to vector
/// compares, where a table is a load per byte (1.8% of a first refresh's
/// CPU went to this scan).
#[inline]
fn plain_byte(b: u8) -> bool {
    (b == b'\n')
        | (b.wrapping_sub(0x20) <= 0x7E - 0x20)
        | (b.wrapping_sub(0x80) <= 0xBF - 0x80)
        | (b.wrapping_sub(0xC3) <= 0xD7 - 0xC3)
}

/// `s.chars().all(is_plain_text_char)`, reading bytes: ASCII and the
/// two-byte range up to U+05FF (Latin-1 letters through Cyrillic, most of
/// what feeds hold) are answered without decoding a char.
fn all_plain_text(s: &str) -> bool {
    let bytes = s.as_bytes();
    // 32 bytes at a time while each is plain on its own (printable ASCII,
    // LF, a lead byte of U+00C0..U+05FF or any continuation byte): no
    // branch per byte, and a char cut at a block edge is fine, since both
    // halves are. The first block with anything else goes the exact way.
    let mut i = 0;
    for block in bytes.chunks_exact(32) {
        if !block.iter().fold(true, |all, &b| all & plain_byte(b)) {
            break;
        }
        i += 32;
    }
    // Back to the start of the char the exact scan resumes in.
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' | 0x20..=0x7E => i += 1,
            0x00..=0x7F => return false,
            // U+00C0..U+05FF: all plain.
            0xC3..=0xD7 => i += 2,
            // U+0080..U+00BF: the C1 controls (U+0080..U+009F) are not.
            0xC2 => {
                if bytes.get(i + 1).is_none_or(|&next| next < 0xA0) {
                    return false;
                }
                i += 2;
            }
            _ => match s.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_plain_text_char(c) => i += c.len_utf8(),
                _ => return false,
            },
        }
    }
    true
}

fn is_noncharacter(c: char) -> bool {
    let v = c as u32;
    (0xFDD0..=0xFDEF).contains(&v) || (v & 0xFFFE) == 0xFFFE
}

/// Removes escape sequences and forbidden chars; keeps whitespace controls
/// (tab, LF, CR, VT, FF) and the line/paragraph separators for the callers
/// to fold or normalise.
fn scrub(s: &str) -> String {
    // Fast path: most text has nothing to remove.
    if !s
        .chars()
        .any(|c| !is_plain_text_char(c) && is_forbidden(c) && !is_kept_whitespace(c))
    {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1B}' => skip_escape(&mut chars),
            c if is_kept_whitespace(c) => out.push(c),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn is_kept_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Called after an ESC: skips the rest of the sequence it starts.
fn skip_escape(chars: &mut Chars<'_>) {
    let Some(&next) = chars.peek() else { return };
    match next {
        '[' => {
            chars.next();
            skip_csi_body(chars);
        }
        // A control string: skipped whole when it is terminated; an
        // unterminated one loses only its two-char introducer, so the text
        // after it survives (it is scrubbed like any other text).
        ']' | 'P' | 'X' | '^' | '_' => {
            chars.next();
            let mut ahead = chars.clone();
            if skip_string(&mut ahead) {
                *chars = ahead;
            }
        }
        // nF escape: intermediates then one final byte (e.g. ESC ( B).
        '\u{20}'..='\u{2F}' => {
            while chars
                .next_if(|c| ('\u{20}'..='\u{2F}').contains(c))
                .is_some()
            {}
            chars.next_if(|c| ('\u{30}'..='\u{7E}').contains(c));
        }
        // SS2/SS3 select one char from another set: drop that char as well.
        'N' | 'O' => {
            chars.next();
            chars.next_if(|c| !c.is_control());
        }
        // Two-char escape (ESC 7, ESC c, ESC =, ESC \ …).
        '\u{30}'..='\u{7E}' => {
            chars.next();
        }
        // A lone ESC: drop just it; the next char is handled normally.
        _ => {}
    }
}

/// Skips CSI parameters, intermediates and the final byte. A char outside
/// the CSI grammar ends the sequence without being consumed, as in a terminal.
fn skip_csi_body(chars: &mut Chars<'_>) {
    while chars
        .next_if(|c| ('\u{20}'..='\u{3F}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7E}').contains(c));
}

/// Skips a control string up to and including its terminator: BEL, ESC \,
/// or 8-bit ST. CAN and SUB abort it, as in a terminal. False when the input
/// ends first: the string was never terminated.
fn skip_string(chars: &mut Chars<'_>) -> bool {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9C}' | '\u{18}' | '\u{1A}' => return true,
            '\u{1B}' => {
                chars.next_if_eq(&'\\');
                return true;
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_text_is_sanitised_as_borrowed_text() {
        for s in [
            "plain Қазақ text\nwith lines",
            "tab\there\r\nand CRLF",
            "escape \u{1b}[31mred\u{1b}[0m and C1 \u{9b}2J",
            "",
            "long ё text ".repeat(20).as_str(),
        ] {
            for max in [0, 5, 1000] {
                assert_eq!(
                    text_capped_owned(s.to_string(), max),
                    text_capped(s, max),
                    "{s:?}"
                );
            }
        }
    }

    /// The byte scan answers exactly as the char test, for every char of
    /// the Basic Multilingual Plane and some beyond, alone and in text.
    #[test]
    fn byte_scan_agrees_with_the_char_test() {
        let chars = (0u32..0x1_0000)
            .chain([0x1_F600, 0x1_FFFE, 0xE_0001, 0x10_FFFF])
            .filter_map(char::from_u32);
        for c in chars {
            let long = |shift: usize| {
                format!(
                    "{}{}{c}{}",
                    "a".repeat(shift),
                    "Қазақ ".repeat(4),
                    "ё text".repeat(4)
                )
            };
            for s in [
                c.to_string(),
                format!("Қазақ {c} text\n"),
                format!("{c}ё"),
                long(0),
                long(1),
                long(7),
            ] {
                assert_eq!(
                    all_plain_text(&s),
                    s.chars().all(is_plain_text_char),
                    "U+{:04X} in {s:?}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn line_folds_whitespace_and_trims() {
        assert_eq!(line("  a\n\tb \r\n c  "), "a b c");
        assert_eq!(line("\u{2028}x\u{A0}y"), "x y");
        assert_eq!(line(""), "");
    }

    #[test]
    fn text_keeps_newlines_and_expands_tabs() {
        assert_eq!(text("a\tb\n\tc"), "a   b\n    c");
        assert_eq!(text("ab\tc"), "ab  c");
        assert_eq!(text("x\r\ny\rz"), "x\ny\nz");
    }

    #[test]
    fn csi_sequences_vanish_whole() {
        assert_eq!(
            line("red \u{1B}[31;1mALERT\u{1B}[0m done"),
            "red ALERT done"
        );
        assert_eq!(line("a\u{1B}[2Jb"), "ab");
        // 8-bit C1 controls go alone: what follows them is text.
        assert_eq!(line("a\u{9B}31mb"), "a31mb");
        // Cursor movement with a private marker.
        assert_eq!(line("a\u{1B}[?1049hb"), "ab");
    }

    #[test]
    fn osc_payload_does_not_leak() {
        // OSC 52 clipboard write, BEL-terminated.
        assert_eq!(line("x\u{1B}]52;c;ZXZpbA==\u{07}y"), "xy");
        // OSC 8 hyperlink, ST-terminated.
        assert_eq!(
            line("\u{1B}]8;;http://evil\u{1B}\\click\u{1B}]8;;\u{1B}\\"),
            "click"
        );
        // 7-bit OSC terminated by 8-bit ST.
        assert_eq!(line("a\u{1B}]0;title\u{9C}b"), "ab");
        // Unterminated: only the introducer goes, the rest is text.
        assert_eq!(line("keep\u{1B}]0;rest"), "keep0;rest");
    }

    #[test]
    fn dcs_apc_pm_sos_strings_vanish() {
        for intro in ['P', 'X', '^', '_'] {
            let s = format!("a\u{1B}{intro}payload\u{1B}\\b");
            assert_eq!(line(&s), "ab", "intro {intro}");
        }
    }

    #[test]
    fn two_char_and_nf_escapes_vanish() {
        assert_eq!(line("a\u{1B}cb"), "ab");
        assert_eq!(line("a\u{1B}(Bb"), "ab");
        assert_eq!(line("a\u{1B}"), "a");
        assert_eq!(line("a\u{1B}\u{1B}[1mb"), "ab");
    }

    #[test]
    fn controls_bidi_and_invisibles_are_stripped() {
        assert_eq!(line("a\u{07}\u{00}\u{7F}\u{85}\u{81}b"), "a b");
        assert_eq!(line("abc\u{202E}fed\u{202C}"), "abcfed");
        assert_eq!(line("\u{2066}x\u{2069}\u{200F}\u{061C}"), "x");
        assert_eq!(text("\u{FEFF}body\u{E0041}"), "body");
    }

    #[test]
    fn cyrillic_and_kazakh_pass_through() {
        let s = "Қазақстан — жаңалықтар, Президент 🇰🇿";
        assert_eq!(line(s), s);
        assert_eq!(text(s), s);
    }

    #[test]
    fn cap_cuts_at_char_boundaries() {
        assert_eq!(cap("abc".into(), 3), "abc");
        assert_eq!(cap("abcd".into(), 3), "ab…");
        assert_eq!(cap("жжжж".into(), 4), "жжжж");
        assert_eq!(cap("жжжжж".into(), 4), "жжж…");
        assert_eq!(cap("x".into(), 0), "");
        assert_eq!(
            line_capped(&"я".repeat(5000), MAX_TITLE).chars().count(),
            MAX_TITLE
        );
    }

    #[test]
    fn urls_are_http_only_and_resolved() {
        let base = Url::parse("https://example.com/feed/rss").ok();
        assert_eq!(url("https://a.b/x y").as_deref(), Some("https://a.b/x%20y"));
        assert_eq!(url("javascript:alert(1)"), None);
        assert_eq!(url("file:///etc/passwd"), None);
        assert_eq!(url("/relative"), None);
        assert_eq!(
            url_in(base.as_ref(), "../a?b=1").as_deref(),
            Some("https://example.com/a?b=1")
        );
        assert_eq!(
            url_in(None, "http://x.org/\u{1B}]52;c;AA\u{07}p").as_deref(),
            Some("http://x.org/p")
        );
        assert_eq!(url(&format!("http://x.org/{}", "a".repeat(MAX_URL))), None);
    }
}

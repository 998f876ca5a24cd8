//! Bytes → UTF-8 text before any parser sees them.
//!
//! feed-rs reads no HTTP charset, cannot read UTF-16/32 and re-decodes by
//! the XML declaration, so keruen decides the encoding itself, in the order
//! XML 1.0 (appendix F) and RFC 7303 give: a byte order mark, then the
//! unmistakable NUL patterns of UTF-16/32, then the HTTP charset, then the
//! XML declaration, then UTF-8. The result's XML declaration is rewritten to
//! say UTF-8 so nothing decodes it a second time. Bad bytes become U+FFFD;
//! decoding never fails.
//!
//! A document that is valid UTF-8 already and whose declarations name
//! UTF-8 (in any of its labels: `utf-8`, `UTF8`…) is the text as it came,
//! borrowed, not copied: a copy of every body, and a second one by the
//! declarations' rewrite, were ~1.5% of a first refresh's CPU
//! (docs/performance.md, "First refresh: the serial start and end").

use std::borrow::Cow;
use std::sync::OnceLock;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use regex::Regex;

/// What decoding produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<'a> {
    /// The document as UTF-8, without BOM, XML declaration saying UTF-8;
    /// the bytes themselves when nothing had to change.
    pub text: Cow<'a, str>,
    /// Name of the encoding that was used (e.g. "windows-1251", "UTF-32LE").
    pub encoding: &'static str,
    /// Whether some bytes were malformed and replaced by U+FFFD.
    pub had_errors: bool,
}

#[derive(Clone, Copy)]
enum Utf32 {
    Le,
    Be,
}

enum Choice {
    Standard(&'static Encoding, usize),
    Utf32(Utf32, usize),
}

/// Decodes a feed document to UTF-8. `content_type` is the HTTP
/// Content-Type header, if any.
pub fn decode<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Decoded<'a> {
    let (text, encoding, had_errors) = match choose(bytes, content_type) {
        Choice::Utf32(order, skip) => {
            let (text, had_errors) = decode_utf32(&bytes[skip..], order);
            let name = match order {
                Utf32::Le => "UTF-32LE",
                Utf32::Be => "UTF-32BE",
            };
            (Cow::Owned(text), name, had_errors)
        }
        Choice::Standard(enc, skip) => {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[skip..]);
            (text, enc.name(), had_errors)
        }
    };
    Decoded {
        text: rewrite_declaration(text),
        encoding,
        had_errors,
    }
}

fn choose(bytes: &[u8], content_type: Option<&str>) -> Choice {
    // UTF-32 BOMs first: FF FE 00 00 would otherwise read as a UTF-16LE BOM.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Choice::Utf32(Utf32::Le, 4);
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Choice::Utf32(Utf32::Be, 4);
    }
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return Choice::Standard(enc, len);
    }
    // No BOM: '<' or '{' next to NULs can only be UTF-16/32.
    match bytes.get(..4) {
        Some([b, 0, 0, 0]) if is_start(*b) => return Choice::Utf32(Utf32::Le, 0),
        Some([0, 0, 0, b]) if is_start(*b) => return Choice::Utf32(Utf32::Be, 0),
        Some([b, 0, _, 0]) if is_start(*b) => return Choice::Standard(UTF_16LE, 0),
        Some([0, b, 0, _]) if is_start(*b) => return Choice::Standard(UTF_16BE, 0),
        _ => {}
    }
    if let Some(enc) = content_type.and_then(http_charset) {
        return Choice::Standard(enc, 0);
    }
    if let Some(enc) = declared_encoding(bytes) {
        // A UTF-16 label on bytes that are ASCII-compatible (we saw no NULs
        // above) is a lie; `output_encoding` maps it to UTF-8.
        return Choice::Standard(enc.output_encoding(), 0);
    }
    Choice::Standard(UTF_8, 0)
}

fn is_start(b: u8) -> bool {
    matches!(b, b'<' | b'{' | b' ' | b'\n' | b'\r' | b'\t')
}

/// The `charset` parameter of a Content-Type value, if encoding_rs knows it.
/// Tolerates quotes and spaces around '=' (`charset = "us-ascii"`).
pub fn http_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once(['=', ':'])?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let label = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        Encoding::for_label(label.as_bytes())
    })
}

fn declaration_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Leading junk/whitespace is allowed: the lenient pass handles it.
        Regex::new(r#"^[^<]{0,64}<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']"#)
            .unwrap_or_else(|e| panic!("static regex: {e}"))
    })
}

/// The encoding named by the XML declaration, read as ASCII.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(512)];
    let head = String::from_utf8_lossy(head);
    let caps = declaration_regex().captures(&head)?;
    Encoding::for_label(caps.get(1)?.as_str().trim().as_bytes())
}

/// Any XML declaration (`<?xml` then whitespace, as quick-xml recognises
/// one) up to its first `?>`.
fn any_declaration_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?s)<\?xml\s.*?\?>").unwrap_or_else(|e| panic!("static regex: {e}"))
    })
}

/// A declaration whose attributes are all well-formed, so that they can be
/// read one by one exactly as quick-xml reads them.
fn well_formed_declaration_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"^<\?xml(?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\?>$"#)
            .unwrap_or_else(|e| panic!("static regex: {e}"))
    })
}

fn attribute_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?P<name>[\w.:-]+)(?P<eq>\s*=\s*)(?P<value>"[^"]*"|'[^']*')"#)
            .unwrap_or_else(|e| panic!("static regex: {e}"))
    })
}

/// One declaration made harmless: its encoding says UTF-8 when its
/// attributes are well-formed; otherwise the name `encoding` is spoilt, so
/// that quick-xml cannot find such an attribute however the quotes nest.
fn neutralise_declaration(decl: &str) -> String {
    if !well_formed_declaration_regex().is_match(decl) {
        return decl.replace("encoding", "encodinq");
    }
    attribute_regex()
        .replace_all(decl, |c: &regex::Captures<'_>| {
            let value = &c["value"];
            if &c["name"] == "encoding" && !names_utf8(&value[1..value.len() - 1]) {
                let quote = &value[..1];
                format!("encoding{}{quote}UTF-8{quote}", &c["eq"])
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

/// Makes the declaration say UTF-8, which the text now is.
fn rewrite_declaration(mut text: Cow<'_, str>) -> Cow<'_, str> {
    let range = declaration_regex()
        .captures(&text)
        .and_then(|c| c.get(1))
        .filter(|label| !names_utf8(label.as_str()))
        .map(|m| m.range());
    if let Some(range) = range {
        text.to_mut().replace_range(range, "UTF-8");
    }
    // A stray declaration further on, or one the regex above cannot read
    // (found by fuzzing): feed-rs switches quick-xml's decoder at every
    // declaration it meets, which re-decodes our UTF-8 wrongly or, once the
    // sniffing prefix is consumed, panics. Making each say UTF-8 (or no
    // encoding) turns the switch into a no-op. (One quoted inside CDATA is
    // rewritten as well; a cheap price for not panicking.) Only the ones
    // that change are written: the text stays borrowed when none does.
    let mut fixed: Option<String> = None;
    let mut copied = 0;
    for decl in any_declaration_regex().find_iter(&text) {
        let neutral = neutralise_declaration(decl.as_str());
        if neutral != decl.as_str() {
            let out = fixed.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..decl.start()]);
            out.push_str(&neutral);
            copied = decl.end();
        }
    }
    match fixed {
        None => text,
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
    }
}

/// Whether an encoding label names UTF-8 (`utf-8`, `UTF8`,
/// `unicode-1-1-utf-8`…): a declaration so labelled needs no rewrite, the
/// XML parsers reading every such label as UTF-8.
fn names_utf8(label: &str) -> bool {
    Encoding::for_label(label.trim().as_bytes()) == Some(UTF_8)
}

fn decode_utf32(bytes: &[u8], order: Utf32) -> (String, bool) {
    let mut had_errors = !bytes.len().is_multiple_of(4);
    let mut out = String::with_capacity(bytes.len() / 4);
    for chunk in bytes.chunks_exact(4) {
        let arr = [chunk[0], chunk[1], chunk[2], chunk[3]];
        let v = match order {
            Utf32::Le => u32::from_le_bytes(arr),
            Utf32::Be => u32::from_be_bytes(arr),
        };
        match char::from_u32(v) {
            Some(c) => out.push(c),
            None => {
                had_errors = true;
                out.push('\u{FFFD}');
            }
        }
    }
    if !bytes.len().is_multiple_of(4) {
        out.push('\u{FFFD}');
    }
    (out, had_errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{KOI8_R, WINDOWS_1251};

    const DOC: &str =
        "<?xml version=\"1.0\" encoding=\"ENC\"?><rss><title>Новости Қазақстан</title></rss>";

    #[test]
    fn utf8_passes_through_uncopied_with_its_declaration_as_it_was() {
        for label in ["utf-8", "UTF-8", "utf8", "unicode-1-1-utf-8"] {
            let doc = DOC.replace("ENC", label);
            let d = decode(doc.as_bytes(), None);
            assert_eq!(d.text, doc);
            assert!(matches!(d.text, Cow::Borrowed(_)), "{label}: not copied");
            assert_eq!(d.encoding, "UTF-8");
            assert!(!d.had_errors);
        }
    }

    #[test]
    fn a_utf8_body_declaring_another_encoding_is_rewritten_to_say_utf8() {
        let doc = DOC.replace("ENC", "windows-1251");
        let d = decode(doc.as_bytes(), Some("application/rss+xml; charset=utf-8"));
        assert_eq!(d.text, DOC.replace("ENC", "UTF-8"));
        // A later declaration too (quick-xml switches at each one).
        let twice = format!("{doc}<x>{}</x>", DOC.replace("ENC", "koi8-r"));
        let d = decode(twice.as_bytes(), Some("text/xml; charset=utf-8"));
        assert!(
            !d.text.contains("1251") && !d.text.contains("koi8"),
            "{}",
            d.text
        );
        assert_eq!(d.text.matches("encoding=\"UTF-8\"").count(), 2);
        // Malformed bytes are replaced, never borrowed.
        let d = decode(b"<rss>\xff</rss>", None);
        assert_eq!(d.text, "<rss>\u{FFFD}</rss>");
        assert!(d.had_errors);
    }

    #[test]
    fn declared_windows_1251_is_honoured() {
        let src = DOC
            .replace("ENC", "windows-1251")
            .replace("Қазақстан", "Россия");
        let (bytes, _, _) = WINDOWS_1251.encode(&src);
        let d = decode(&bytes, None);
        assert!(
            d.text.contains("<title>Новости Россия</title>"),
            "{}",
            d.text
        );
        assert!(d.text.contains("encoding=\"UTF-8\""));
        assert_eq!(d.encoding, "windows-1251");
    }

    #[test]
    fn http_charset_beats_the_declaration() {
        let src = DOC.replace("ENC", "utf-8").replace("Қазақстан", "Россия");
        let (bytes, _, _) = KOI8_R.encode(&src);
        let d = decode(&bytes, Some("application/rss+xml; charset=\"KOI8-R\""));
        assert!(d.text.contains("Новости Россия"), "{}", d.text);
    }

    #[test]
    fn bom_beats_everything() {
        let src = DOC.replace("ENC", "windows-1251");
        let mut bytes = vec![0xFF, 0xFE];
        for u in src.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, Some("text/xml; charset=koi8-r"));
        assert!(d.text.starts_with("<?xml"));
        assert!(d.text.contains("Қазақстан"));
        let mut be = vec![0xFE, 0xFF];
        for u in src.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be, None).text, d.text);
    }

    #[test]
    fn utf16_and_utf32_without_bom_are_sniffed() {
        let src = DOC.replace("ENC", "utf-16");
        let le: Vec<u8> = src.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert!(decode(&le, None).text.contains("Қазақстан"));
        let be32: Vec<u8> = src.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
        let d = decode(&be32, None);
        assert!(d.text.contains("Қазақстан"));
        assert_eq!(d.encoding, "UTF-32BE");
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        let d = decode(b"<rss><title>a\xFF\xFEb</title></rss>", None);
        assert!(d.had_errors);
        assert!(d.text.contains("a\u{FFFD}\u{FFFD}b"));
    }

    #[test]
    fn charset_parameter_variants() {
        for ct in [
            "text/xml;charset= \"us-ascii\"",
            "text/xml;charset = us-ascii",
            "text/xml; charset='us-ascii'",
        ] {
            assert!(http_charset(ct).is_some(), "{ct}");
        }
        assert!(http_charset("text/xml").is_none());
        assert!(http_charset("text/xml; charset=bogus-thing").is_none());
    }

    #[test]
    fn later_declarations_are_rewritten_too() {
        let src = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><title>a</title>\
                   <?xml version='1.0' encoding = 'ISO-8859-1' ?><?xml\tencoding=\"x>y\"?>\
                   <?xml-stylesheet href=\"s.xsl\"?><p>encoding=\"koi8-r\"</p></rss>";
        let d = decode(src.as_bytes(), None);
        // The first already names UTF-8 and is left as it was.
        assert_eq!(
            d.text,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><title>a</title>\
             <?xml version='1.0' encoding = 'UTF-8' ?><?xml\tencoding=\"UTF-8\"?>\
             <?xml-stylesheet href=\"s.xsl\"?><p>encoding=\"koi8-r\"</p></rss>"
        );
        // Quotes nested so that no simple pattern finds the real attribute:
        // the name is spoilt instead.
        let odd = "<r/><?xml version='encoding=' encoding=\"latin1\"'?>";
        assert_eq!(
            decode(odd.as_bytes(), None).text,
            "<r/><?xml version='encodinq=' encodinq=\"latin1\"'?>"
        );
    }
}

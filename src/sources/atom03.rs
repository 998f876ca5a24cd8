//! Atom 0.3 content modes. An Atom 0.3 text or content element says how its
//! body is written with `mode`: `xml` (inline markup, the default),
//! `escaped` (markup written as escaped text) or `base64` (the bytes of a
//! document of the element's `type`, base64-encoded). Atom 1.0, which
//! feed-rs reads once the lenient repair renamed the namespace, has no
//! `mode`: it would show an escaped body as text of the wrong type and a
//! base64 body as its raw letters. Here each such element is rewritten into
//! its Atom 1.0 form: the body as escaped text, with `type="html"` when the
//! declared type is HTML and `type="text"` otherwise.

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
use regex::Regex;

/// The document with every `mode="escaped"` or `mode="base64"` element of
/// the Atom text constructs and content rewritten, or `None` when there is
/// none. Run after the 0.3 names were renamed to their 1.0 ones.
pub(super) fn decode_modes(doc: &str) -> Option<String> {
    static START: OnceLock<Option<Regex>> = OnceLock::new();
    let start = START
        .get_or_init(|| {
            // An element that may carry a mode, with or without a prefix.
            Regex::new(
                r"<((?:[A-Za-z_][\w.-]*:)?(?:title|subtitle|tagline|summary|content|rights|copyright|info|atom03-info))(\s[^>]*)?>",
            )
            .ok()
        })
        .as_ref()?;
    let mut out = String::new();
    let mut last = 0;
    let mut from = 0;
    while let Some(c) = start.captures_at(doc, from) {
        let (Some(tag), Some(name)) = (c.get(0), c.get(1)) else {
            break;
        };
        from = tag.end();
        let attrs = attributes(c.get(2).map_or("", |m| m.as_str()));
        let Some(mode) = value(&attrs, "mode").map(str::to_ascii_lowercase) else {
            continue;
        };
        if mode != "escaped" && mode != "base64" {
            continue;
        }
        // An escaped or base64 body holds no element, so the first end tag
        // of the same name closes it.
        let close = format!("</{}>", name.as_str());
        let Some(body_len) = doc[tag.end()..].find(&close) else {
            continue;
        };
        let body = &doc[tag.end()..tag.end() + body_len];
        let end = tag.end() + body_len + close.len();
        let html = value(&attrs, "type").is_some_and(|t| t.to_ascii_lowercase().contains("html"));
        let kept: String = attrs
            .iter()
            .filter(|(k, _)| k != "mode" && k != "type")
            .map(|(k, v)| format!(" {k}={v}"))
            .collect();
        let kind = if html { "html" } else { "text" };
        let body = if mode == "base64" {
            match decode_base64(body) {
                Some(text) => escape(&text),
                // Not base64 after all: the element goes rather than show
                // its letters as the text.
                None => {
                    out.push_str(&doc[last..tag.start()]);
                    last = end;
                    from = end;
                    continue;
                }
            }
        } else {
            body.to_owned()
        };
        out.push_str(&doc[last..tag.start()]);
        out.push_str(&format!(
            "<{}{kept} type=\"{kind}\">{body}{close}",
            name.as_str()
        ));
        last = end;
        from = end;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&doc[last..]);
    Some(out)
}

/// `name="value"` pairs as written (the value with its quotes).
fn attributes(s: &str) -> Vec<(String, String)> {
    static ATTR: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(attr) = ATTR
        .get_or_init(|| Regex::new(r#"([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')"#).ok())
        .as_ref()
    else {
        return Vec::new();
    };
    attr.captures_iter(s)
        .map(|c| (c[1].to_owned(), c[2].to_owned()))
        .collect()
}

fn value<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v[1..v.len() - 1].trim())
}

/// The text of a base64 body: whitespace (line breaks) ignored, padding
/// optional, the bytes read as UTF-8 (invalid sequences replaced).
fn decode_base64(body: &str) -> Option<String> {
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let letters: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = LENIENT
        .decode(&letters)
        .or_else(|_| general_purpose::URL_SAFE_NO_PAD.decode(letters.trim_end_matches('=')))
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Text as XML character data.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_escaped_bodies_become_atom_1_text() {
        let doc = r#"<feed><entry><title mode="escaped" type="text/html">A &lt;b&gt;B&lt;/b&gt;</title>
            <content mode="base64" type="text/html">
              RXhhbXBsZSA8Yj5BdG9tPC9iPg==
            </content><summary mode='xml'>x</summary></entry></feed>"#;
        let out = decode_modes(doc).unwrap_or_default();
        assert!(
            out.contains(r#"<title type="html">A &lt;b&gt;B&lt;/b&gt;</title>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<content type="html">Example &lt;b&gt;Atom&lt;/b&gt;</content>"#),
            "{out}"
        );
        assert!(out.contains("<summary mode='xml'>x</summary>"), "{out}");
    }

    #[test]
    fn plain_text_types_stay_text_and_bad_base64_goes() {
        let doc = r#"<entry><content mode="base64">0K3RgtC+IEEgJiBC</content>
            <summary mode="base64">not base64 !</summary></entry>"#;
        let out = decode_modes(doc).unwrap_or_default();
        assert!(
            out.contains(r#"<content type="text">Это A &amp; B</content>"#),
            "{out}"
        );
        assert!(!out.contains("summary"), "{out}");
        assert_eq!(decode_modes("<entry><content>x</content></entry>"), None);
    }
}

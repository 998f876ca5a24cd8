//! Values as feed-rs makes them: gathered text, attributes, dates, people.

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesRef, BytesStart};

use super::{Aside, Read};
use crate::sources::feed_model::{RawPerson, RawText};

/// The content up to the first end tag, if it holds nothing but text,
/// references and CDATA sections.
pub(super) fn content_before_end_tag(s: &str) -> Option<&str> {
    let mut from = 0;
    loop {
        let at = from + s.get(from..)?.find('<')?;
        let tail = &s[at..];
        if tail.starts_with("</") {
            return Some(&s[..at]);
        }
        let cdata = tail.strip_prefix("<![CDATA[")?;
        from = at + "<![CDATA[".len() + cdata_end(cdata)? + "]]>".len();
    }
}

/// Where a CDATA section's `]]>` is: a SIMD search (`memchr::memmem`),
/// as a CDATA section is most of a feed's bytes where it is used, and
/// `str::find` with a `&str` cost 1.4% of a first refresh's CPU here.
fn cdata_end(s: &str) -> Option<usize> {
    memchr::memmem::find(s.as_bytes(), b"]]>")
}

/// What feed-rs gathers from an element's raw content: text, references
/// resolved (unknown entities kept as written) and CDATA, `None` when there
/// is none of them. Markup other than CDATA would end feed-rs's text early,
/// and a reference without its `;` fails the document: both step aside.
///
/// The delimiters are found as bytes (`memchr`): an ASCII byte is never
/// part of another character in UTF-8, so each hit is a char boundary.
/// `str::find` with a set of chars decodes every character on the way:
/// ~7% of a first refresh's CPU in the profile, on text of two bytes a
/// letter; with `memchr` the refresh took 5% less CPU (1.63 → 1.55 s,
/// `scripts/first_refresh_ab.py`, 7 rounds).
pub(super) fn gather(raw: &str) -> Read<Option<String>> {
    let mut out: Option<String> = None;
    let mut rest = raw;
    while !rest.is_empty() {
        let Some(at) = memchr::memchr2(b'&', b'<', rest.as_bytes()) else {
            out.get_or_insert_default().push_str(rest);
            break;
        };
        if at > 0 {
            out.get_or_insert_default().push_str(&rest[..at]);
        }
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = cdata_end(after).ok_or(Aside)?;
            if end > 0 {
                out.get_or_insert_default().push_str(&after[..end]);
            }
            rest = &after[end + 3..];
        } else if rest.starts_with('<') {
            return Err(Aside);
        } else {
            // A reference, as quick-xml reads one: up to the first `;`
            // unless `&` or `<` comes before it.
            let end = memchr::memchr3(b';', b'&', b'<', &rest.as_bytes()[1..]).ok_or(Aside)? + 1;
            if rest.as_bytes()[end] != b';' {
                return Err(Aside);
            }
            let name = &rest[1..end];
            push_reference(out.get_or_insert_default(), &BytesRef::new(name))?;
            rest = &rest[end + 1..];
        }
    }
    Ok(out)
}

/// A reference (`&name;`) resolved as feed-rs resolves it: a character
/// reference to its char (an invalid one fails the document), a predefined
/// entity to its text, any other entity kept as written.
pub(super) fn push_reference(buf: &mut String, reference: &BytesRef<'_>) -> Read<()> {
    match reference.resolve_char_ref().map_err(|_| Aside)? {
        Some(ch) => buf.push(ch),
        None => {
            let name: &str = reference;
            match quick_xml::escape::resolve_predefined_entity(name) {
                Some(s) => buf.push_str(s),
                None => {
                    buf.push('&');
                    buf.push_str(name);
                    buf.push(';');
                }
            }
        }
    }
    Ok(())
}

/// The first attribute called `name`, unescaped (as written if it cannot be).
pub(super) fn attr(start: &BytesStart<'_>, name: &str) -> Option<String> {
    start
        .attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.as_ref() == name)
        .map(|a| unescaped(&a.value))
}

pub(super) fn unescaped(value: &str) -> String {
    quick_xml::escape::unescape(value)
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| value.to_string())
}

pub(super) fn plain(text: String) -> RawText {
    RawText {
        content: text.trim().to_string(),
        html: false,
    }
}

/// An RSS author or dc:creator. feed-rs splits "mail@host (Name)" with a
/// pattern of its own; such values are left to it.
pub(super) fn person(raw: &str) -> Read<RawPerson> {
    if raw.contains('@') {
        return Err(Aside);
    }
    Ok(RawPerson {
        name: Some(raw.trim().to_string()),
        email: None,
    })
}

/// A date in strict RFC 3339 or RFC 2822, which feed-rs's lenient parser
/// reads the same way; anything needing its repairs is left to it.
pub(super) fn date(text: &str) -> Read<DateTime<Utc>> {
    let t = text.trim();
    DateTime::parse_from_rfc3339(t)
        .or_else(|_| DateTime::parse_from_rfc2822(t))
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| Aside)
}

//! Enclosures as a feed declares them: RSS `<enclosure>`, Media RSS
//! `media:content` (alone or in a `media:group`) and `media:thumbnail`,
//! Atom `<link rel="enclosure">`, JSON Feed `attachments`, with
//! `itunes:duration` for an episode's play time.
//!
//! They are read by the extras pass (`extras`), which sees the same events
//! whichever reader (the one-pass reader or feed-rs) read the document, so
//! the two readers cannot disagree about them; feed-rs's own media model
//! merges and drops objects (a `media:thumbnail` without `media:content`,
//! an `<enclosure>` beside `media:content`) and is not used for this.
//!
//! [`finish`] turns what was read into `domain::Enclosure`s: URLs resolved
//! against the feed's final URL and kept only when http(s), MIME types
//! checked for their shape, sizes and durations read as numbers, the same
//! URL listed once.

use quick_xml::events::BytesStart;
use url::Url;

use crate::domain::{Enclosure, MediaKind};
use crate::sanitize;

const NS_MEDIA: &str = "http://search.yahoo.com/mrss/";

/// More than this per item is junk (or an attack on the store).
pub const MAX_PER_ITEM: usize = 32;

/// An enclosure as written, before checking.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEnclosure {
    pub url: String,
    pub mime: Option<String>,
    pub length: Option<String>,
    pub duration: Option<String>,
    /// Media RSS `medium` ("audio", "video", "image"…).
    pub medium: Option<String>,
    /// A `media:thumbnail`: an image whatever its URL says.
    pub thumbnail: bool,
}

/// An enclosure element inside an item, if `e` is one.
pub(super) fn from_element(
    e: &BytesStart<'_>,
    local: &str,
    ns: Option<&str>,
) -> Option<RawEnclosure> {
    let attr = |name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name && a.key.prefix().is_none())
            .map(|a| {
                quick_xml::escape::unescape(&a.value)
                    .map(|v| v.trim().to_owned())
                    .unwrap_or_else(|_| a.value.trim().to_owned())
            })
            .filter(|v| !v.is_empty())
    };
    let raw = match (ns, local) {
        (None, "enclosure") => RawEnclosure {
            url: attr("url")?,
            mime: attr("type"),
            length: attr("length"),
            ..RawEnclosure::default()
        },
        (Some(NS_MEDIA), "content") => RawEnclosure {
            url: attr("url")?,
            mime: attr("type"),
            length: attr("fileSize"),
            duration: attr("duration"),
            medium: attr("medium"),
            thumbnail: false,
        },
        (Some(NS_MEDIA), "thumbnail") => RawEnclosure {
            url: attr("url")?,
            thumbnail: true,
            ..RawEnclosure::default()
        },
        // Atom (in an Atom feed, or an atom:link inside an RSS item).
        (_, "link") if attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("enclosure")) => {
            RawEnclosure {
                url: attr("href")?,
                mime: attr("type"),
                length: attr("length"),
                ..RawEnclosure::default()
            }
        }
        _ => return None,
    };
    Some(raw)
}

/// A JSON Feed item's `attachments`.
pub(super) fn from_json(item: &serde_json::Value) -> Vec<RawEnclosure> {
    let Some(list) = item.get("attachments").and_then(|v| v.as_array()) else {
        return Vec::new();
    };
    let text = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => Some(s.trim().to_owned()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    list.iter()
        .take(MAX_PER_ITEM * 2)
        .filter_map(|a| {
            Some(RawEnclosure {
                url: text(a.get("url"))?,
                mime: text(a.get("mime_type")),
                length: text(a.get("size_in_bytes")),
                duration: text(a.get("duration_in_seconds")),
                ..RawEnclosure::default()
            })
        })
        .collect()
}

/// The checked enclosures of one item, in document order, one per URL (a
/// later mention fills in what an earlier one left out). `episode_duration`
/// is the item's `itunes:duration`, the play time of its audio or video
/// when the enclosure declares none.
pub fn finish(raw: &[RawEnclosure], episode_duration: Option<&str>, base: &Url) -> Vec<Enclosure> {
    let mut out: Vec<Enclosure> = Vec::new();
    for r in raw {
        let Some(url) = sanitize::url_in(Some(base), &r.url) else {
            continue;
        };
        let mime = r.mime.as_deref().and_then(mime_type);
        let kind = kind_of(mime.as_deref(), r.medium.as_deref(), r.thumbnail);
        let found = Enclosure {
            url,
            length: r.length.as_deref().and_then(byte_length),
            duration_secs: r.duration.as_deref().and_then(duration_secs),
            mime_type: mime,
            kind,
        };
        let room = out.len() < MAX_PER_ITEM;
        match out.iter_mut().find(|e| e.url == found.url) {
            Some(known) => {
                known.mime_type = known.mime_type.take().or(found.mime_type);
                known.length = known.length.or(found.length);
                known.duration_secs = known.duration_secs.or(found.duration_secs);
                if known.kind == MediaKind::Other {
                    known.kind = found.kind;
                }
            }
            None if room => out.push(found),
            None => {}
        }
    }
    if let Some(d) = episode_duration.and_then(duration_secs) {
        for e in &mut out {
            if matches!(e.kind, MediaKind::Audio | MediaKind::Video) && e.duration_secs.is_none() {
                e.duration_secs = Some(d);
            }
        }
    }
    out
}

/// `type/subtype` (parameters dropped), lower case, when it has the shape
/// RFC 6838 gives a media type name; anything else is no type.
fn mime_type(s: &str) -> Option<String> {
    let essence = s.split(';').next().unwrap_or_default().trim();
    let (top, sub) = essence.split_once('/')?;
    let token = |t: &str| {
        !t.is_empty()
            && t.len() <= 127
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    (token(top) && token(sub)).then(|| essence.to_ascii_lowercase())
}

fn kind_of(mime: Option<&str>, medium: Option<&str>, thumbnail: bool) -> MediaKind {
    if thumbnail {
        return MediaKind::Image;
    }
    let from = |s: &str| match s.split('/').next().unwrap_or_default() {
        "audio" => Some(MediaKind::Audio),
        "video" => Some(MediaKind::Video),
        "image" => Some(MediaKind::Image),
        _ => None,
    };
    mime.and_then(from)
        .or_else(|| {
            medium
                .map(str::to_ascii_lowercase)
                .as_deref()
                .and_then(from)
        })
        .unwrap_or(MediaKind::Other)
}

/// A declared size: digits only; 0 (a common "unknown") is none.
fn byte_length(s: &str) -> Option<u64> {
    s.trim().parse::<u64>().ok().filter(|&n| n > 0)
}

/// Seconds as written by Media RSS (`"1234"`, `"1234.5"`), JSON Feed or
/// iTunes (`"1:02:03"`, `"62:03"`, `"3723"`); anything else is none.
fn duration_secs(s: &str) -> Option<u64> {
    let s = s.trim();
    let mut total: u64 = 0;
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let value = if last {
            let secs: f64 = part.parse().ok()?;
            if !secs.is_finite() || !(0.0..=1e12).contains(&secs) {
                return None;
            }
            secs.floor() as u64
        } else {
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse::<u64>().ok()?
        };
        total = total.checked_mul(60)?.checked_add(value)?;
    }
    (total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://pod.example/feeds/main.xml").unwrap_or_else(|e| panic!("{e}"))
    }

    fn raw(url: &str) -> RawEnclosure {
        RawEnclosure {
            url: url.into(),
            ..RawEnclosure::default()
        }
    }

    #[test]
    fn urls_are_resolved_and_only_http_kept() {
        let got = finish(
            &[
                raw("/ep/1.mp3"),
                raw("javascript:alert(1)"),
                raw("file:///etc/passwd"),
                raw("ftp://x/y"),
                raw("https://cdn.example/a b.mp3"),
            ],
            None,
            &base(),
        );
        let urls: Vec<&str> = got.iter().map(|e| e.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://pod.example/ep/1.mp3",
                "https://cdn.example/a%20b.mp3"
            ]
        );
    }

    #[test]
    fn fields_are_checked() {
        let mut r = raw("https://x.example/a");
        r.mime = Some("Audio/MPEG; charset=x".into());
        r.length = Some("0".into());
        r.duration = Some("1:02:03".into());
        let e = &finish(&[r.clone()], None, &base())[0];
        assert_eq!(e.mime_type.as_deref(), Some("audio/mpeg"));
        assert_eq!(e.kind, MediaKind::Audio);
        assert_eq!(e.length, None);
        assert_eq!(e.duration_secs, Some(3723));
        r.mime = Some("audio\u{1b}[31m/mp3".into());
        r.length = Some("-5".into());
        r.duration = Some("NaN".into());
        let e = &finish(&[r], None, &base())[0];
        assert_eq!(e.mime_type, None);
        assert_eq!(e.length, None);
        assert_eq!(e.duration_secs, None);
    }

    #[test]
    fn durations() {
        for (s, want) in [
            ("3723", Some(3723)),
            ("62:03", Some(3723)),
            ("01:02:03", Some(3723)),
            ("12.7", Some(12)),
            ("1:2:3:4", None),
            ("", None),
            ("a:10", None),
            ("1e400", None),
            ("-1", None),
        ] {
            assert_eq!(duration_secs(s), want, "{s:?}");
        }
    }

    #[test]
    fn the_same_url_is_listed_once_and_merged() {
        let mut a = raw("https://x.example/e.mp3");
        a.length = Some("100".into());
        let mut b = raw("https://x.example/e.mp3");
        b.mime = Some("audio/mpeg".into());
        let got = finish(&[a, b], Some("60"), &base());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].length, Some(100));
        assert_eq!(got[0].kind, MediaKind::Audio);
        assert_eq!(got[0].duration_secs, Some(60), "itunes:duration fills in");
    }

    #[test]
    fn thumbnails_are_images_and_the_count_is_capped() {
        let mut t = raw("https://x.example/t.jpg");
        t.thumbnail = true;
        assert_eq!(finish(&[t], None, &base())[0].kind, MediaKind::Image);
        let many: Vec<RawEnclosure> = (0..100)
            .map(|i| raw(&format!("https://x.example/{i}")))
            .collect();
        assert_eq!(finish(&many, None, &base()).len(), MAX_PER_ITEM);
    }
}

//! The feed-level signals of when to fetch again: RSS `<ttl>`,
//! `<skipHours>`, `<skipDays>` and the syndication module's
//! `sy:updatePeriod` / `sy:updateFrequency`.
//!
//! They are channel elements, which feeds write before their items (and
//! now and then after them), so only the head before the first item and
//! the tail after the last are read: a second walk over a large feed's
//! items would cost a share of the parse for four small numbers.

use std::time::Duration;

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

use crate::schedule::FeedHints;

const SY: &str = "http://purl.org/rss/1.0/modules/syndication/";
/// Longest head or tail read: channel metadata is small; a feed whose first
/// item comes later than this has no usable hints there.
const REGION_CAP: usize = 64 * 1024;

/// The schedule hints of a feed document (raw bytes, any ASCII-compatible
/// encoding). Unreadable or absent values are left out.
pub fn scan(bytes: &[u8]) -> FeedHints {
    let head_end = first_of(bytes, &[b"<item", b"<entry"]).unwrap_or(bytes.len());
    let head = &bytes[..head_end.min(REGION_CAP)];
    let mut found = Found::default();
    read_region(head, &mut found);
    if let Some(last) = last_of(bytes, &[b"</item>", b"</entry>"]) {
        let tail = &bytes[last..];
        read_region(&tail[..tail.len().min(REGION_CAP)], &mut found);
    }
    found.hints()
}

#[derive(Default)]
struct Found {
    ttl: Option<Duration>,
    period: Option<Duration>,
    frequency: Option<u32>,
    skip_hours: u32,
    skip_days: u8,
}

impl Found {
    fn hints(&self) -> FeedHints {
        // The syndication module's defaults: "daily", once.
        let update_period = match (self.period, self.frequency) {
            (None, None) => None,
            (period, frequency) => {
                let period = period.unwrap_or(Duration::from_secs(24 * 3600));
                Some(period / frequency.unwrap_or(1).max(1))
            }
        };
        FeedHints {
            ttl: self.ttl,
            update_period,
            skip_hours: self.skip_hours,
            skip_days: self.skip_days,
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    Ttl,
    Hour,
    Day,
    Period,
    Frequency,
}

/// Read one region: a piece of a document, which may start or stop in the
/// middle of an element (a reader error ends the region quietly).
fn read_region(region: &[u8], found: &mut Found) {
    let text = String::from_utf8_lossy(region);
    let mut reader = NsReader::from_str(&text);
    // The parents of the open element, by local name (only the last two
    // matter: `skipHours` › `hour`, `channel` › `ttl`).
    let mut parents: Vec<String> = Vec::new();
    let mut field: Option<(Field, String)> = None;
    loop {
        let Ok((ns, event)) = reader.read_resolved_event() else {
            return;
        };
        match event {
            Event::Start(e) => {
                let local = e.local_name().as_ref().to_string();
                let sy = match ns {
                    ResolveResult::Bound(ns) => ns.as_ref() == SY,
                    // The tail has lost the root's declarations.
                    ResolveResult::Unknown(prefix) => prefix == "sy",
                    ResolveResult::Unbound => false,
                };
                let parent = parents.last().map(String::as_str);
                field = match (sy, local.as_str(), parent) {
                    (false, "ttl", Some("channel") | None) => Some(Field::Ttl),
                    (false, "hour", Some("skipHours")) => Some(Field::Hour),
                    (false, "day", Some("skipDays")) => Some(Field::Day),
                    (true, "updatePeriod", _) => Some(Field::Period),
                    (true, "updateFrequency", _) => Some(Field::Frequency),
                    _ => None,
                }
                .map(|f| (f, String::new()));
                parents.push(local);
            }
            Event::Text(t) => {
                if let Some((_, buf)) = field.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::CData(t) => {
                if let Some((_, buf)) = field.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(_) => {
                if let Some((f, value)) = field.take() {
                    apply(f, value.trim(), found);
                }
                parents.pop();
            }
            Event::Eof => return,
            _ => {}
        }
    }
}

fn apply(field: Field, value: &str, found: &mut Found) {
    match field {
        Field::Ttl => {
            if let Ok(minutes) = value.parse::<u64>()
                && minutes > 0
            {
                found.ttl = Some(Duration::from_secs(minutes.saturating_mul(60)));
            }
        }
        // 0–23 by the spec; 24 is a common way to write midnight.
        Field::Hour => {
            if let Ok(hour) = value.parse::<u32>()
                && hour <= 24
            {
                found.skip_hours |= 1 << (hour % 24);
            }
        }
        Field::Day => {
            const DAYS: [&str; 7] = [
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ];
            if let Some(i) = DAYS.iter().position(|d| d.eq_ignore_ascii_case(value)) {
                found.skip_days |= 1 << i;
            }
        }
        Field::Period => {
            let hours = match value.to_ascii_lowercase().as_str() {
                "hourly" => 1,
                "daily" => 24,
                "weekly" => 7 * 24,
                "monthly" => 30 * 24,
                "yearly" => 365 * 24,
                _ => return,
            };
            found.period = Some(Duration::from_secs(hours * 3600));
        }
        Field::Frequency => {
            if let Ok(n) = value.parse::<u32>()
                && n > 0
            {
                found.frequency = Some(n);
            }
        }
    }
}

/// Where the first element named by one of `needles` (`<item`) starts:
/// the name must end there, so RSS 1.0's `<items>` list is not an item.
/// One walk over the `<` of the head only: looking for each needle over
/// the whole document (an RSS feed has no `<entry`) was 5% of a first
/// refresh's CPU.
fn first_of(bytes: &[u8], needles: &[&[u8]]) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = bytes[at..].iter().position(|&b| b == b'<') {
        let i = at + i;
        let rest = &bytes[i..];
        let named = needles.iter().any(|n| {
            rest.starts_with(n)
                && matches!(
                    rest.get(n.len()),
                    Some(b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
                )
        });
        if named {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Where the tail after the last of `needles` (`</item>`) begins, walking
/// back over the `<` of the tail only. The last `<` that opens a needle
/// also gives the furthest end: two needles that both open with `<` cannot
/// start one byte apart and overlap.
fn last_of(bytes: &[u8], needles: &[&[u8]]) -> Option<usize> {
    let mut end = bytes.len();
    while let Some(i) = bytes[..end].iter().rposition(|&b| b == b'<') {
        if let Some(n) = needles.iter().find(|n| bytes[i..].starts_with(n)) {
            return Some(i + n.len());
        }
        end = i;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    #[test]
    fn reads_ttl_skip_hours_and_days_from_the_channel_head() {
        let doc = br#"<?xml version="1.0"?><rss version="2.0"><channel>
            <title>x</title><ttl> 90 </ttl>
            <skipHours><hour>0</hour><hour>1</hour><hour>24</hour><hour>25</hour></skipHours>
            <skipDays><day>Saturday</day><day>sunday</day><day>Caturday</day></skipDays>
            <item><title>a</title><ttl>5</ttl></item></channel></rss>"#;
        let h = scan(doc);
        assert_eq!(h.ttl, Some(Duration::from_secs(90 * 60)));
        assert_eq!(h.skip_hours, 0b11);
        assert_eq!(h.skip_days, (1 << 5) | (1 << 6));
    }

    #[test]
    fn reads_the_syndication_module_with_any_prefix_and_its_defaults() {
        let doc = br#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
            xmlns="http://purl.org/rss/1.0/" xmlns:s="http://purl.org/rss/1.0/modules/syndication/">
            <channel><items><rdf:Seq/></items><s:updatePeriod>hourly</s:updatePeriod><s:updateFrequency>2</s:updateFrequency>
            </channel><item/></rdf:RDF>"#;
        assert_eq!(scan(doc).update_period, Some(HOUR / 2));
        let only_frequency =
            br#"<rss xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>
            <sy:updateFrequency>4</sy:updateFrequency></channel></rss>"#;
        assert_eq!(scan(only_frequency).update_period, Some(6 * HOUR));
    }

    #[test]
    fn reads_channel_elements_after_the_items() {
        let doc = br#"<rss><channel><title>x</title><item><title>a</title></item>
            <ttl>60</ttl><skipHours><hour>3</hour></skipHours></channel></rss>"#;
        let h = scan(doc);
        assert_eq!((h.ttl, h.skip_hours), (Some(HOUR), 1 << 3));
    }

    /// The walks over `<` find what the searches over every byte found.
    #[test]
    fn head_and_tail_bounds_follow_the_element_names() {
        let doc = b"<rss><channel><items/><itemx/><item >a</item><entry/>b</entry></item>z";
        assert_eq!(first_of(doc, &[b"<item", b"<entry"]), Some(30));
        assert_eq!(first_of(b"<entry>", &[b"<item", b"<entry"]), Some(0));
        // A name cut off at the end of the bytes is no element.
        assert_eq!(first_of(b"<a><item", &[b"<item"]), None);
        assert_eq!(first_of(b"no markup", &[b"<item"]), None);
        let end = doc.len() - 1;
        assert_eq!(last_of(doc, &[b"</item>", b"</entry>"]), Some(end));
        assert_eq!(
            last_of(b"<i></entry>x</item", &[b"</item>", b"</entry>"]),
            Some(11)
        );
        assert_eq!(last_of(b"<rss/>", &[b"</item>"]), None);
    }

    #[test]
    fn nothing_usable_is_no_hint() {
        assert!(scan(b"<rss><channel><ttl>soon</ttl><ttl>0</ttl></channel></rss>").is_empty());
        assert!(scan(b"{\"version\": \"https://jsonfeed.org/version/1.1\"}").is_empty());
        assert!(scan(b"\xff\xfe<\x00").is_empty());
    }
}

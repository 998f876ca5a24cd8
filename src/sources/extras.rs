//! A second, light pass over a feed for the signals feed-rs ignores:
//! `slash:comments`, `thr:total`, Atom `link rel="replies" thr:count`, a
//! numeric RSS `<comments>`, media:statistics / media:starRating wherever
//! they sit, and the JSON Feed `_stats` extension object. Items are reported
//! in document order with their guid/id so the caller can pair them with
//! feed-rs's entries.

use std::collections::HashMap;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::enclosures::{self, RawEnclosure};
use crate::domain::Signals;

const NS_SLASH: &str = "http://purl.org/rss/1.0/modules/slash/";
const NS_THREAD: &str = "http://purl.org/syndication/thread/1.0";
const NS_MEDIA: &str = "http://search.yahoo.com/mrss/";
const NS_ATOM: &str = "http://www.w3.org/2005/Atom";
const NS_XHTML: &str = "http://www.w3.org/1999/xhtml";
const NS_DC: &str = "http://purl.org/dc/elements/1.1/";
const NS_DCTERMS: &str = "http://purl.org/dc/terms/";
const NS_ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";

/// What the second pass found for one item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemExtras {
    /// The item's guid / id as written, trimmed; `None` when it has none.
    pub id: Option<String>,
    pub signals: Signals,
    /// `dc:title` or `media:title`, a fallback when the item has no `<title>`.
    pub title: Option<String>,
    /// Text of an Atom `<link>` written without `href` (a common mistake).
    pub link: Option<String>,
    /// An RSS `<guid>` that is a permalink (`isPermaLink` absent or "true",
    /// as RSS 2.0 defines it), as written: the article's URL when the item
    /// has no `<link>`. feed-rs reads the guid but not the attribute.
    pub permalink: Option<String>,
    /// `dcterms:created`/`issued`/`modified` or `dc:date`, a fallback when
    /// feed-rs found no date.
    pub date: Option<DateTime<Utc>>,
    /// Enclosures as written (see `enclosures::finish`).
    pub enclosures: Vec<RawEnclosure>,
    /// `itunes:duration`, the episode's play time as written.
    pub episode_duration: Option<String>,
}

/// The items of a document with their extra signals, in document order.
#[derive(Debug, Default)]
pub struct Extras {
    /// `dc:title` of the channel, a fallback for the feed title.
    pub feed_title: Option<String>,
    items: Vec<ItemExtras>,
    by_id: HashMap<String, usize>,
}

impl Extras {
    fn new(items: Vec<ItemExtras>, feed_title: Option<String>) -> Extras {
        let mut by_id = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(id) = &item.id {
                by_id.entry(id.clone()).or_insert(i);
            }
        }
        Extras {
            feed_title,
            items,
            by_id,
        }
    }

    /// Signals for the entry at `index` whose document id is `id` (empty if
    /// none): matched by id when it is unique enough, else by position.
    pub fn signals_for(&self, index: usize, id: &str) -> Signals {
        self.item(index, id)
            .map(|item| item.signals)
            .unwrap_or_default()
    }

    /// The extras of the entry at `index` whose document id is `id`.
    pub fn item(&self, index: usize, id: &str) -> Option<&ItemExtras> {
        let id = id.trim();
        let by_id = (!id.is_empty())
            .then(|| self.by_id.get(id))
            .flatten()
            .and_then(|&i| self.items.get(i));
        by_id.or_else(|| self.items.get(index))
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Whether the document may carry signals only [`scan`] finds; a cheap
/// substring test so feeds without them skip the second pass.
pub fn may_have_signals(text: &str) -> bool {
    [NS_SLASH, NS_THREAD, NS_MEDIA, "<comments", "\"_stats\""]
        .iter()
        .any(|m| text.contains(m))
}

/// Whether the document may carry enclosures (read by [`scan`] too).
pub fn may_have_enclosures(text: &str) -> bool {
    ["enclosure", NS_MEDIA, "\"attachments\""]
        .iter()
        .any(|m| text.contains(m))
}

/// Scans an XML or JSON document (already UTF-8) for extra signals.
/// Never fails: a document it cannot read yields no extras.
pub fn scan(text: &str) -> Extras {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if trimmed.starts_with('{') {
        Extras::new(scan_json(trimmed), None)
    } else {
        let (items, feed_title) = scan_xml(text);
        Extras::new(items, feed_title)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    Id,
    SlashComments,
    ThreadTotal,
    RssComments,
    DcTitle,
    LinkText,
    Date,
    /// An RSS guid; true when it is a permalink.
    Guid(bool),
    EpisodeDuration,
}

#[derive(Default)]
struct Partial {
    id: Option<String>,
    slash: Option<u64>,
    thread: Option<u64>,
    replies: Option<u64>,
    rss_comments: Option<u64>,
    views: Option<u64>,
    rating: Option<f64>,
    dc_title: Option<String>,
    link_text: Option<String>,
    permalink: Option<String>,
    date: Option<DateTime<Utc>>,
    enclosures: Vec<RawEnclosure>,
    episode_duration: Option<String>,
}

impl Partial {
    fn finish(self) -> ItemExtras {
        ItemExtras {
            id: self.id,
            signals: Signals {
                views: self.views,
                comments: self
                    .slash
                    .or(self.thread)
                    .or(self.replies)
                    .or(self.rss_comments),
                score: None,
                rating: self.rating,
            },
            title: self.dc_title,
            link: self.link_text,
            permalink: self.permalink,
            date: self.date,
            enclosures: self.enclosures,
            episode_duration: self.episode_duration,
        }
    }
}

fn scan_xml(text: &str) -> (Vec<ItemExtras>, Option<String>) {
    let mut reader = NsReader::from_str(text);
    let mut scanner = XmlScanner::default();
    while let Ok((ns, event)) = reader.read_resolved_event() {
        if matches!(event, Event::Eof) {
            break;
        }
        scanner.event(bound(&ns), &event);
    }
    scanner.finish_parts()
}

/// The namespace URI an element is bound to, if any.
pub(super) fn bound<'n>(ns: &ResolveResult<'n>) -> Option<&'n str> {
    match ns {
        ResolveResult::Bound(n) => Some(n.0),
        _ => None,
    }
}

/// The XML side of the pass, fed one event at a time, so that a reader
/// already walking the document (`feed_fast`) can share its walk instead of
/// a second one. Fed the events of an `NsReader` with its default settings,
/// up to the first error or the end.
#[derive(Default)]
pub(super) struct XmlScanner {
    items: Vec<ItemExtras>,
    depth: usize,
    /// Depth of the open item element, if we are inside one.
    item_depth: Option<usize>,
    current: Partial,
    capture: Option<(Field, String)>,
    feed_title: Option<String>,
    feed_title_buf: Option<String>,
}

impl XmlScanner {
    /// One event, with the namespace its element is bound to (`None` for
    /// events other than start/empty/end).
    pub(super) fn event(&mut self, ns: Option<&str>, event: &Event<'_>) {
        match event {
            Event::Start(e) => {
                self.depth += 1;
                let local = local_name(e);
                match self.item_depth {
                    None if is_item(local, ns) => {
                        self.item_depth = Some(self.depth);
                        self.current = Partial::default();
                    }
                    Some(d) => {
                        element_in_item(e, local, ns, &mut self.current);
                        self.capture = field_of(local, ns, self.depth == d + 1)
                            .filter(|f| *f != Field::LinkText || is_textual_link(e))
                            .map(|f| match f {
                                Field::Guid(_) => Field::Guid(is_permalink(e)),
                                f => f,
                            })
                            .map(|f| (f, String::new()));
                    }
                    // Channel-level dc:title (rss > channel > dc:title).
                    None if self.depth <= 3
                        && self.feed_title.is_none()
                        && ns == Some(NS_DC)
                        && local == "title" =>
                    {
                        self.feed_title_buf = Some(String::new());
                    }
                    None => {}
                }
            }
            Event::Empty(e) if self.item_depth.is_some() => {
                let local = local_name(e);
                element_in_item(e, local, ns, &mut self.current);
            }
            Event::Text(t) => {
                if let Some((_, buf)) = self.capture.as_mut() {
                    buf.push_str(t);
                } else if let Some(buf) = self.feed_title_buf.as_mut() {
                    buf.push_str(t);
                }
            }
            Event::CData(t) => {
                if let Some((_, buf)) = self.capture.as_mut() {
                    buf.push_str(t);
                }
            }
            Event::End(_) => {
                if let Some((field, buf)) = self.capture.take() {
                    store(field, buf.trim(), &mut self.current);
                }
                if let Some(buf) = self.feed_title_buf.take() {
                    self.feed_title = Some(buf.trim().to_owned()).filter(|t| !t.is_empty());
                }
                if self.item_depth == Some(self.depth) {
                    self.items.push(std::mem::take(&mut self.current).finish());
                    self.item_depth = None;
                }
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn finish_parts(self) -> (Vec<ItemExtras>, Option<String>) {
        (self.items, self.feed_title)
    }

    /// What was found, as [`scan`] would report it for the same events.
    pub(super) fn finish(self) -> Extras {
        let (items, feed_title) = self.finish_parts();
        Extras::new(items, feed_title)
    }
}

/// An RSS guid whose `isPermaLink` is absent (RSS 2.0's default, true) or
/// "true"; "false" or any other value is no claim that the guid is a URL.
fn is_permalink(e: &BytesStart<'_>) -> bool {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "isPermaLink")
        .is_none_or(|a| a.value.trim().eq_ignore_ascii_case("true"))
}

/// An Atom link with its URL as text: no href, rel absent or alternate.
fn is_textual_link(e: &BytesStart<'_>) -> bool {
    let mut rel_ok = true;
    for a in e.attributes().flatten() {
        match a.key.local_name().as_ref() {
            "href" => return false,
            "rel" => rel_ok = a.value.trim().is_empty() || a.value.trim() == "alternate",
            _ => {}
        }
    }
    rel_ok
}

fn local_name<'e>(e: &'e BytesStart<'_>) -> &'e str {
    e.local_name().into_inner()
}

fn is_item(local: &str, ns: Option<&str>) -> bool {
    matches!(local, "item" | "entry" | "ITEM") && ns != Some(NS_XHTML)
}

/// The text-valued fields we want, by element.
fn field_of(local: &str, ns: Option<&str>, direct_child: bool) -> Option<Field> {
    match (ns, local) {
        (Some(NS_SLASH), "comments") => Some(Field::SlashComments),
        (Some(NS_THREAD), "total") => Some(Field::ThreadTotal),
        // feed-rs keeps media:title only next to media:content.
        (Some(NS_MEDIA), "title") => Some(Field::DcTitle),
        (Some(NS_ITUNES), "duration") if direct_child => Some(Field::EpisodeDuration),
        (Some(NS_MEDIA), _) | (Some(NS_SLASH), _) | (Some(NS_THREAD), _) => None,
        (_, "comments") if direct_child => Some(Field::RssComments),
        (_, "guid") if direct_child => Some(Field::Guid(true)),
        (Some(NS_DC), "title") if direct_child => Some(Field::DcTitle),
        (Some(NS_DC), "date") if direct_child => Some(Field::Date),
        (None, "pubDate") if direct_child => Some(Field::Date),
        (None | Some(NS_ATOM), "published" | "updated") if direct_child => Some(Field::Date),
        (Some(NS_DCTERMS), "created" | "issued" | "modified" | "date") if direct_child => {
            Some(Field::Date)
        }
        (Some(NS_ATOM), "link") if direct_child => Some(Field::LinkText),
        (None | Some(NS_ATOM), "id") if direct_child => Some(Field::Id),
        _ => None,
    }
}

/// Signals carried in attributes (media:statistics, media:starRating,
/// Atom replies links).
fn element_in_item(e: &BytesStart<'_>, local: &str, ns: Option<&str>, p: &mut Partial) {
    let attr = |name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .map(|a| a.value.trim().to_owned())
    };
    if p.enclosures.len() < enclosures::MAX_PER_ITEM * 2
        && let Some(found) = enclosures::from_element(e, local, ns)
    {
        p.enclosures.push(found);
    }
    match (ns, local) {
        (Some(NS_MEDIA), "statistics") => {
            if let Some(v) = attr("views").as_deref().and_then(parse_count) {
                p.views = Some(v);
            }
        }
        (Some(NS_MEDIA), "starRating") => {
            if let Some(v) = attr("average").and_then(|s| s.parse::<f64>().ok()) {
                p.rating = v.is_finite().then_some(v);
            }
        }
        (_, "link") if attr("rel").as_deref() == Some("replies") => {
            let count = e
                .attributes()
                .flatten()
                .find(|a| a.key.0.ends_with(":count"))
                .and_then(|a| parse_count(a.value.trim()));
            if let Some(c) = count {
                p.replies = Some(p.replies.unwrap_or(0) + c);
            }
        }
        _ => {}
    }
}

fn store(field: Field, value: &str, p: &mut Partial) {
    match field {
        Field::Id => {
            if !value.is_empty() {
                p.id = Some(value.to_owned());
            }
        }
        Field::Guid(permalink) => {
            if !value.is_empty() {
                p.id = Some(value.to_owned());
                p.permalink = permalink.then(|| value.to_owned());
            }
        }
        Field::SlashComments => p.slash = parse_count(value).or(p.slash),
        Field::ThreadTotal => p.thread = parse_count(value).or(p.thread),
        Field::DcTitle => {
            if p.dc_title.is_none() && !value.is_empty() {
                p.dc_title = Some(value.to_owned());
            }
        }
        Field::LinkText => {
            if p.link_text.is_none() && !value.is_empty() {
                p.link_text = Some(value.to_owned());
            }
        }
        Field::Date => p.date = p.date.or_else(|| parse_date(value)),
        Field::EpisodeDuration => {
            if p.episode_duration.is_none() && !value.is_empty() {
                p.episode_duration = Some(value.to_owned());
            }
        }
        // Usually a URL; only a plain number is a count.
        Field::RssComments => p.rss_comments = parse_count(value).or(p.rss_comments),
    }
}

/// Dates feed-rs does not read, as regional sites write them: RFC 3339 /
/// RFC 2822 (for dc/dcterms elements), `10.10.2023`, `10.10.2023 14:05`,
/// `Sat, Dec 16 2023 02:02:33 PM`, `2023-10-10 14:05:00`, bare ISO dates.
/// Times without a zone are taken as UTC; an hour of 24 is 00 of the next
/// day (see [`super::dates`]).
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    parse_date_in(s, None)
}

/// [`parse_date`], reading the forms without a zone in `zone` (UTC when
/// `None`).
pub fn parse_date_in(s: &str, zone: Option<chrono_tz::Tz>) -> Option<DateTime<Utc>> {
    super::dates::end_of_day(s, |t| parse_date_as_written(t, zone))
}

fn parse_date_as_written(s: &str, zone: Option<chrono_tz::Tz>) -> Option<DateTime<Utc>> {
    use super::dates::in_zone;
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s).or_else(|_| DateTime::parse_from_rfc2822(s)) {
        return Some(d.with_timezone(&Utc));
    }
    const DATETIMES: &[&str] = &[
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%a, %b %d %Y %I:%M:%S %p",
        "%b %d %Y %I:%M:%S %p",
    ];
    if let Some(d) = DATETIMES
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    {
        return Some(in_zone(d, zone));
    }
    ["%d.%m.%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| in_zone(d, zone))
}

/// A non-negative count, tolerating thousands separators ("1,234", "1 234").
fn parse_count(s: &str) -> Option<u64> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{A0}' | '\u{202F}' | '_'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn scan_json(text: &str) -> Vec<ItemExtras> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let Some(items) = doc.get("items").and_then(|v| v.as_array()) else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| {
            let id = item.get("id").and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.trim().to_owned()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
            let stats = item.get("_stats");
            let get = |k: &str| stats.and_then(|s| s.get(k));
            ItemExtras {
                id: id.filter(|s| !s.is_empty()),
                title: None,
                link: None,
                permalink: None,
                enclosures: enclosures::from_json(item),
                episode_duration: None,
                date: item
                    .get("date_published")
                    .or_else(|| item.get("date_modified"))
                    .and_then(|v| v.as_str())
                    .and_then(parse_date),
                signals: Signals {
                    views: get("views").and_then(json_count),
                    comments: get("comments").and_then(json_count),
                    score: get("score")
                        .or_else(|| get("points"))
                        .and_then(|v| v.as_i64()),
                    rating: get("rating")
                        .and_then(|v| v.as_f64())
                        .filter(|v| v.is_finite()),
                },
            }
        })
        .collect()
}

fn json_count(v: &serde_json::Value) -> Option<u64> {
    match v {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => parse_count(s.trim()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_slash_thr_and_numeric_comments() {
        let doc = r#"<rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
              xmlns:thr="http://purl.org/syndication/thread/1.0"><channel>
            <item><guid>a</guid><slash:comments>12</slash:comments><comments>http://x/c</comments></item>
            <item><guid>b</guid><thr:total>3</thr:total></item>
            <item><comments> 1,204 </comments></item>
            <item><comments>http://x/c</comments></item>
        </channel></rss>"#;
        let ex = scan(doc);
        assert_eq!(ex.len(), 4);
        assert_eq!(ex.signals_for(0, "a").comments, Some(12));
        assert_eq!(ex.signals_for(1, "b").comments, Some(3));
        assert_eq!(ex.signals_for(2, "").comments, Some(1204));
        assert_eq!(ex.signals_for(3, "").comments, None);
        // Matching by id wins over position.
        assert_eq!(ex.signals_for(0, "b").comments, Some(3));
    }

    #[test]
    fn atom_media_group_and_replies_link() {
        let doc = r#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"
              xmlns:thr="http://purl.org/syndication/thread/1.0">
            <entry><id>e1</id><media:group><media:community>
              <media:starRating average="4.5"/><media:statistics views="900"/>
            </media:community></media:group>
            <link rel="replies" href="x" thr:count="7"/></entry>
        </feed>"#;
        let ex = scan(doc);
        let s = ex.signals_for(0, "e1");
        assert_eq!(s.views, Some(900));
        assert_eq!(s.rating, Some(4.5));
        assert_eq!(s.comments, Some(7));
    }

    #[test]
    fn json_stats_extension() {
        let doc = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
            {"id":"1","_stats":{"views":10,"comments":"2"}},{"id":2}]}"#;
        let ex = scan(doc);
        assert_eq!(ex.signals_for(0, "1").views, Some(10));
        assert_eq!(ex.signals_for(0, "1").comments, Some(2));
        assert!(ex.signals_for(1, "2").is_empty());
    }

    #[test]
    fn regional_date_formats() {
        let day = |s: &str| parse_date(s).map(|d| d.format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(day("10.10.2023").as_deref(), Some("2023-10-10 00:00"));
        assert_eq!(day("10.10.2023 14:05").as_deref(), Some("2023-10-10 14:05"));
        assert_eq!(
            day("Sat, Dec 16 2023 02:02:33 PM").as_deref(),
            Some("2023-12-16 14:02")
        );
        assert_eq!(
            day("2003-12-31T10:14:55Z").as_deref(),
            Some("2003-12-31 10:14")
        );
        assert_eq!(day("yesterday"), None);
    }

    #[test]
    fn broken_documents_yield_what_was_read() {
        let ex = scan(
            "<rss><channel><item><guid>a</guid><slash:comments>1</slash:comments></item><item>",
        );
        assert!(ex.len() <= 1);
        assert!(scan("{not json").is_empty());
    }
}

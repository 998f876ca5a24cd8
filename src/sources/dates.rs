//! Feed dates: RFC 3339 (Atom, JSON Feed), RFC 822/2822 (RSS) and RFC 1123,
//! read as leniently as feed-rs reads them, with one rule of our own: an
//! hour of 24 is the end of the day. `24:00:00` on day D is 00:00 of D + 1
//! (ISO 8601 allows it; RFC 3339's grammar does not, and feed-rs reads it
//! as 00:00 of D, 24 hours early). A time past it (`24:30`) is read the same
//! way, as a clock that ran past midnight without turning the day.
//!
//! feed-rs takes [`parse`] as its timestamp parser, and the other date
//! readers (the extras pass, JSON and HTML mappings) use [`end_of_day`], so
//! every path reads the same text as the same instant.

use std::sync::OnceLock;

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use chrono::{DateTime, Duration, Utc};
use regex::Regex;

/// A date as feed-rs would read it, except that hour 24 is the next day.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    end_of_day(text, lenient)
}

/// `read(text)`, but a time of day with hour 24 is read as hour 0 of the
/// next day: `read` sees the text with the hour written as 00, and the day
/// is added to what it returns. With a fixed offset a day is 24 hours, so
/// adding them to the instant is exact.
pub fn end_of_day(
    text: &str,
    read: impl Fn(&str) -> Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    let Some(at) = hour_24(text) else {
        return read(text);
    };
    let mut midnight = String::with_capacity(text.len());
    midnight.push_str(&text[..at]);
    midnight.push_str("00");
    midnight.push_str(&text[at + 2..]);
    read(&midnight).and_then(|d| d.checked_add_signed(Duration::days(1)))
}

/// Where the hour "24" of a time of day starts: after a `T`, a space or the
/// start of the text, followed by `:` and two digits of minutes.
fn hour_24(text: &str) -> Option<usize> {
    static HOUR_24: OnceLock<Option<Regex>> = OnceLock::new();
    let re = HOUR_24
        .get_or_init(|| Regex::new(r"(?:^|[Tt\s])(24):[0-5][0-9]").ok())
        .as_ref()?;
    re.captures(text)?.get(1).map(|m| m.start())
}

/// feed-rs's lenient reading (RFC 3339, then RFC 2822, then RFC 1123, each
/// after its clean-ups), kept equal to it so that the fast reader, which
/// steps aside for any date it cannot read strictly, agrees with it.
fn lenient(text: &str) -> Option<DateTime<Utc>> {
    let fixes = fixes()?;
    let clean = |subs: &[(Regex, &str)]| {
        let mut cleaned = text.trim().to_string();
        for (re, to) in subs {
            cleaned = re.replace(&cleaned, *to).into_owned();
        }
        cleaned
    };
    DateTime::parse_from_rfc3339(clean(&fixes.rfc3339).trim())
        .or_else(|_| DateTime::parse_from_rfc2822(&clean(&fixes.rfc2822)))
        .or_else(|_| DateTime::parse_from_str(&clean(&fixes.rfc1123), "%d %b %Y %H:%M:%S %z"))
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

struct Fixes {
    rfc3339: Vec<(Regex, &'static str)>,
    rfc2822: Vec<(Regex, &'static str)>,
    rfc1123: Vec<(Regex, &'static str)>,
}

fn fixes() -> Option<&'static Fixes> {
    static FIXES: OnceLock<Option<Fixes>> = OnceLock::new();
    FIXES
        .get_or_init(|| {
            let subs = |list: &[(&str, &'static str)]| {
                list.iter()
                    .map(|(re, to)| Regex::new(re).map(|re| (re, *to)))
                    .collect::<Result<Vec<_>, _>>()
                    .ok()
            };
            Some(Fixes {
                rfc3339: subs(&[
                    // A missing colon in the offset.
                    (r"(\+|-)(\d{2})(\d{2})", "${1}${2}:${3}"),
                    // A date alone: midnight UTC.
                    (r"-\d{2}$", "${0}T00:00:00+00:00"),
                ])?,
                rfc2822: subs(&[
                    ("(UTC|-0000$)", "+0000"),
                    // A wrong or long weekday name says nothing the date
                    // does not.
                    ("(Sun|Mon|Tue|Wed|Thu|Fri|Sat)[a-z]*, ", ""),
                    (
                        "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*",
                        "$1",
                    ),
                    // Month before day.
                    (
                        "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{1,2}) (\\d{4})",
                        "$2 $1 $3",
                    ),
                    // (feed-rs turns " 24:" into " 00:" here, a day early;
                    // `end_of_day` has read hour 24 before this runs.)
                    (" ([0-9]):", " 0${1}:"),
                ])?,
                rfc1123: subs(&[(" Z$", " +0000"), ("^[[:alpha:]]{3}, ", "")])?,
            })
        })
        .as_ref()
}

/// A wall-clock time in `zone` (UTC when `None`): the one rule every
/// reader of dates written without a zone uses. In the hour a clock is put
/// back the earlier reading is taken; a time that does not exist (skipped
/// when it is put forward) is read as UTC rather than lost.
pub fn in_zone(d: NaiveDateTime, zone: Option<Tz>) -> DateTime<Utc> {
    zone.and_then(|z| z.from_local_datetime(&d).earliest())
        .map_or_else(|| d.and_utc(), |d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> String {
        parse(s).map(|d| d.to_rfc3339()).unwrap_or_default()
    }

    #[test]
    fn hour_24_is_the_next_day() {
        assert_eq!(
            at("Sun, 31 Dec 2023 24:00:00 GMT"),
            "2024-01-01T00:00:00+00:00"
        );
        assert_eq!(at("2023-12-31T24:00:00Z"), "2024-01-01T00:00:00+00:00");
        assert_eq!(at("2024-02-28T24:00:00+06:00"), "2024-02-28T18:00:00+00:00");
        assert_eq!(
            at("28 Feb 2024 24:30:00 +0000"),
            "2024-02-29T00:30:00+00:00"
        );
        // Not a time of day.
        assert_eq!(at("2024-01-01T10:24:00Z"), "2024-01-01T10:24:00+00:00");
        assert_eq!(at("24:00"), "");
    }

    #[test]
    fn other_dates_read_as_feed_rs_reads_them() {
        for s in [
            "Mon, 03 Apr 2023 01:02:03 GMT",
            "Thurs, 13 Jul 2011 07:38:00 GMT",
            "Wed, 25 August 2012 3:04:05 UTC",
            "Aug 25 2012 03:04:05 -0000",
            "2023-04-03T01:02:03+0600",
            "2023-04-03",
            "Tue, 15 Nov 2022 20:15:04 Z",
        ] {
            assert!(parse(s).is_some(), "{s}");
        }
        assert_eq!(parse("yesterday"), None);
    }
}

//! Dates and counts as JSON APIs and web pages write them: a configured
//! chrono format or a common form for dates; "1 234 просмотра", "12,5K",
//! "3 тыс." for counts. Shared by the `json` and `html` sources.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::dates::in_zone;

/// Formats with a meaning of their own besides chrono's `%` patterns.
const NAMED_FORMATS: &[&str] = &["unix", "unix_ms", "rfc3339", "rfc2822"];

/// Checks a `date_format` value; the error says what is wrong with it.
pub fn check_date_format(format: &str) -> Result<(), String> {
    if NAMED_FORMATS.contains(&format) {
        return Ok(());
    }
    if !format.contains('%') {
        return Err(
            "it has no % field; write e.g. \"%d.%m.%Y %H:%M\", or one of \"unix\", \"unix_ms\", \"rfc3339\", \"rfc2822\""
                .into(),
        );
    }
    if StrftimeItems::new(format).any(|i| matches!(i, Item::Error)) {
        return Err(
            "it has an unknown % field; see chrono's strftime list (%Y %m %d %H %M %S %z …)".into(),
        );
    }
    Ok(())
}

/// A date from text. With a format, only that format is accepted (a time
/// without a zone is UTC; a format without a time means midnight). Without
/// one: RFC 3339, RFC 2822, unix seconds, the common forms of
/// `extras::parse_date`, and "today/yesterday HH:MM" in Kazakh, Russian and
/// English (relative to `now`).
/// An hour of 24 is 00 of the next day (see [`super::dates`]).
pub fn parse_date(text: &str, format: Option<&str>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    parse_date_in(text, format, now, None)
}

/// [`parse_date`], reading a date written without a zone (and "today
/// 14:05") in `zone` (the feed's `timezone`) instead of UTC.
pub fn parse_date_in(
    text: &str,
    format: Option<&str>,
    now: DateTime<Utc>,
    zone: Option<Tz>,
) -> Option<DateTime<Utc>> {
    super::dates::end_of_day(text, |t| parse_date_as_written(t, format, now, zone))
}

fn parse_date_as_written(
    text: &str,
    format: Option<&str>,
    now: DateTime<Utc>,
    zone: Option<Tz>,
) -> Option<DateTime<Utc>> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    match format {
        Some("unix") => s.parse::<f64>().ok().and_then(|n| from_unix(n, false)),
        Some("unix_ms") => s.parse::<f64>().ok().and_then(|n| from_unix(n, true)),
        Some("rfc3339") => DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|d| d.with_timezone(&Utc)),
        Some("rfc2822") => DateTime::parse_from_rfc2822(s)
            .ok()
            .map(|d| d.with_timezone(&Utc)),
        Some(f) => with_format(s, f, zone),
        None => {
            if let Ok(n) = s.parse::<f64>() {
                return from_unix(n, n.abs() > 1e11);
            }
            super::extras::parse_date_in(s, zone)
                .or_else(|| relative_day(s, now, zone))
                .or_else(|| time_ago(s, now))
        }
    }
}

fn with_format(s: &str, f: &str, zone: Option<Tz>) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_str(s, f) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
        return Some(in_zone(d, zone));
    }
    NaiveDate::parse_from_str(s, f)
        .ok()
        .map(|d| in_zone(d.and_time(NaiveTime::MIN), zone))
}

/// Seconds (or milliseconds) since 1970 → a date; `None` when out of range.
pub fn from_unix(n: f64, millis: bool) -> Option<DateTime<Utc>> {
    if !n.is_finite() {
        return None;
    }
    let ms = if millis { n } else { n * 1000.0 };
    if !(-1e15..=1e15).contains(&ms) {
        return None;
    }
    DateTime::from_timestamp_millis(ms as i64)
}

/// "Сегодня, 14:05", "Бүгін 09:30", "Today 14:05", "Вчера в 23:10",
/// "Кеше 18:00", "Yesterday, 7:45".
fn relative_day(s: &str, now: DateTime<Utc>, zone: Option<Tz>) -> Option<DateTime<Utc>> {
    let lower = s.to_lowercase();
    const TODAY: &[&str] = &["сегодня", "бүгін", "today"];
    const YESTERDAY: &[&str] = &["вчера", "кеше", "yesterday"];
    let (rest, days_back) = if let Some(w) = TODAY.iter().find(|w| lower.starts_with(**w)) {
        (&lower[w.len()..], 0)
    } else if let Some(w) = YESTERDAY.iter().find(|w| lower.starts_with(**w)) {
        (&lower[w.len()..], 1)
    } else {
        return None;
    };
    let time = rest
        .trim_start_matches(|c: char| c == ',' || c.is_whitespace())
        .trim_start_matches("в ")
        .trim_start_matches("at ")
        .trim();
    let time = NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    // "Today" is the site's day, where its clock says "14:05".
    let today = match zone {
        Some(z) => now.with_timezone(&z).date_naive(),
        None => now.date_naive(),
    };
    let day = today - Duration::days(days_back);
    Some(in_zone(day.and_time(time), zone))
}

/// "5 минут назад", "2 сағат бұрын", "3 hours ago", "1 день назад".
fn time_ago(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let [n, unit, tail] = words.as_slice() else {
        return None;
    };
    if !matches!(*tail, "назад" | "бұрын" | "ago") {
        return None;
    }
    let n: i64 = n.parse().ok()?;
    let unit = unit.trim_end_matches('.');
    let seconds = if unit.starts_with("сек") || unit.starts_with("second") || unit == "s" {
        1
    } else if unit.starts_with("мин") || unit.starts_with("minute") || unit == "min" {
        60
    } else if unit.starts_with("час") || unit == "сағат" || unit.starts_with("hour") || unit == "h"
    {
        3600
    } else if matches!(unit, "день" | "дня" | "дней" | "күн") || unit.starts_with("day")
    {
        86_400
    } else {
        return None;
    };
    Some(now - Duration::seconds(n.checked_mul(seconds)?))
}

/// The first number in `text`, with thousands separators and a multiplier
/// suffix: "1 234 просмотра" → 1234, "12,5K" → 12500, "3 тыс." → 3000,
/// "1.2M" → 1200000, "1,234" → 1234. `None` when there is no number.
pub fn parse_count(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let negative = text[..start].trim_end().ends_with('-');
    let body = &text[start..];
    // The number: digits and separators, a separator only between digits.
    let mut end = 0;
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            end = i + c.len_utf8();
        } else if is_separator(c)
            && chars
                .get(k + 1)
                .is_some_and(|(_, next)| next.is_ascii_digit())
        {
            continue;
        } else {
            break;
        }
    }
    let number = &body[..end];
    let multiplier = multiplier(&body[end..]);
    let value = if multiplier.is_some() {
        // With a suffix the last ',' or '.' is a decimal point ("12,5K").
        decimal_last(number)
    } else {
        grouped(number)
    }?;
    let value = value * multiplier.unwrap_or(1.0);
    Some(if negative { -value } else { value })
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | ',' | '.' | '\'' | '\u{A0}' | '\u{202F}' | '\u{2009}' | '_'
    )
}

/// "12,5" / "1.2" / "1 200,5" → the number, the last ',' or '.' as point.
fn decimal_last(number: &str) -> Option<f64> {
    let point = number.rfind([',', '.']);
    let mut digits = String::new();
    for (i, c) in number.char_indices() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if Some(i) == point {
            digits.push('.');
        }
    }
    digits.parse().ok()
}

/// Without a suffix: a separator followed by exactly three digits groups
/// thousands ("1,234", "1 234"); another is a decimal point ("4.5").
fn grouped(number: &str) -> Option<f64> {
    let mut digits = String::new();
    let parts: Vec<&str> = number.split(is_separator).collect();
    let last = parts.len().saturating_sub(1);
    for (k, part) in parts.iter().enumerate() {
        if k > 0 && k == last && part.len() != 3 {
            digits.push('.');
        }
        digits.push_str(part);
    }
    digits.parse().ok()
}

/// A multiplier word right after the number: k/K/к/тыс/мың → 1e3,
/// M/м/млн → 1e6, B/млрд → 1e9.
fn multiplier(rest: &str) -> Option<f64> {
    let word: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    match word.as_str() {
        "k" | "к" | "тыс" | "мың" | "thousand" => Some(1e3),
        "m" | "м" | "млн" | "million" | "mln" => Some(1e6),
        "b" | "млрд" | "billion" | "bn" => Some(1e9),
        _ => None,
    }
}

/// A count as the signals want it: non-negative, whole.
pub fn to_count(x: f64) -> Option<u64> {
    (0.0..1.8e19).contains(&x).then(|| x.round() as u64)
}

/// A score: any sign, whole.
pub fn to_score(x: f64) -> Option<i64> {
    (x.is_finite() && x.abs() < 9.2e18).then(|| x.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_without_a_zone_are_read_in_the_feeds_zone() {
        let now = "2026-12-04T12:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let almaty = Some(chrono_tz::Asia::Almaty);
        let utc = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let at = |text: &str, format: Option<&str>| parse_date_in(text, format, now, almaty);
        // 22:02 in Almaty (UTC+5) is 17:02 UTC, with a format or without.
        assert_eq!(
            at("04.12.2026 22:02", Some("%d.%m.%Y %H:%M")),
            Some(utc("2026-12-04T17:02:00Z"))
        );
        assert_eq!(
            at("04.12.2026 22:02", None),
            Some(utc("2026-12-04T17:02:00Z"))
        );
        assert_eq!(at("2026-12-04", None), Some(utc("2026-12-03T19:00:00Z")));
        // "Today" is the site's day: at 12:00 UTC it is 17:00 there.
        assert_eq!(at("Бүгін 09:30", None), Some(utc("2026-12-04T04:30:00Z")));
        // A date that names its zone keeps it.
        assert_eq!(
            at("2026-12-04T22:02:00+03:00", None),
            Some(utc("2026-12-04T19:02:00Z"))
        );
        // Without a zone configured: UTC, as before.
        assert_eq!(
            parse_date("04.12.2026 22:02", None, now),
            Some(utc("2026-12-04T22:02:00Z"))
        );
    }

    #[test]
    fn counts_from_page_text() {
        for (text, want) in [
            ("1 234 просмотра", 1234.0),
            ("1\u{A0}234", 1234.0),
            ("12,5K", 12_500.0),
            ("12.5k views", 12_500.0),
            ("3 тыс.", 3_000.0),
            ("2,1 мың рет қаралды", 2_100.0),
            ("1.2M", 1_200_000.0),
            ("1,234", 1234.0),
            ("Просмотров: 987", 987.0),
            ("4.5", 4.5),
            ("42 comments", 42.0),
            ("5 мин назад", 5.0),
        ] {
            assert_eq!(parse_count(text), Some(want), "{text}");
        }
        assert_eq!(parse_count("нет"), None);
        assert_eq!(parse_count(""), None);
    }

    #[test]
    fn hour_24_is_the_next_day_in_mapped_dates() {
        let now = Utc::now();
        let at = |s: &str, f: Option<&str>| parse_date(s, f, now).map(|d| d.to_rfc3339());
        let new_year = Some("2024-01-01T00:00:00+00:00".to_string());
        assert_eq!(at("2023-12-31T24:00:00Z", None), new_year);
        assert_eq!(at("2023-12-31T24:00:00Z", Some("rfc3339")), new_year);
        assert_eq!(
            at("Sun, 31 Dec 2023 24:00:00 +0000", Some("rfc2822")),
            new_year
        );
        assert_eq!(at("31.12.2023 24:00", None), new_year);
        assert_eq!(at("31/12/2023 24:00", Some("%d/%m/%Y %H:%M")), new_year);
    }

    #[test]
    fn dates_with_and_without_format() {
        let now = DateTime::parse_from_rfc3339("2024-03-10T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let d = |s: &str, f: Option<&str>| parse_date(s, f, now).map(|d| d.to_rfc3339());
        assert_eq!(
            d("05.03.2024 14:30", Some("%d.%m.%Y %H:%M")).as_deref(),
            Some("2024-03-05T14:30:00+00:00")
        );
        assert_eq!(
            d("05.03.2024", Some("%d.%m.%Y")).as_deref(),
            Some("2024-03-05T00:00:00+00:00")
        );
        assert_eq!(d("2024-03-05", Some("%d.%m.%Y")), None);
        assert_eq!(
            d("1709649000", None).as_deref(),
            Some("2024-03-05T14:30:00+00:00")
        );
        assert_eq!(
            d("1709649000000", Some("unix_ms")).as_deref(),
            Some("2024-03-05T14:30:00+00:00")
        );
        assert_eq!(
            d("2024-03-05T14:30:00.000Z", None).as_deref(),
            Some("2024-03-05T14:30:00+00:00")
        );
        assert_eq!(
            d("Сегодня, 09:15", None).as_deref(),
            Some("2024-03-10T09:15:00+00:00")
        );
        assert_eq!(
            d("Кеше 18:00", None).as_deref(),
            Some("2024-03-09T18:00:00+00:00")
        );
        assert_eq!(
            d("5 минут назад", None).as_deref(),
            Some("2024-03-10T11:55:00+00:00")
        );
        assert_eq!(
            d("2 сағат бұрын", None).as_deref(),
            Some("2024-03-10T10:00:00+00:00")
        );
        assert_eq!(
            d("3 days ago", None).as_deref(),
            Some("2024-03-07T12:00:00+00:00")
        );
        assert_eq!(d("soon", None), None);
        assert_eq!(d("5 apples ago", None), None);
    }

    #[test]
    fn date_formats_are_checked() {
        assert!(check_date_format("%d.%m.%Y").is_ok());
        assert!(check_date_format("unix").is_ok());
        assert!(check_date_format("dd.mm.yyyy").is_err());
        assert!(check_date_format("%Q").is_err());
    }
}

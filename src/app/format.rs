//! Small pure formatters shared by the reader text (built in `update`) and
//! the UI: compact numbers, signal lines, dates, width-aware truncation.

use chrono::{DateTime, Datelike, Local, Utc};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::Signals;
use crate::i18n::{Lang, time, why};

/// "12.3k views · 45 comments · 310 points · ★4.5" ("12,3 мың рет
/// қаралды · 45 пікір", "12,3 тыс. просмотров · 45 комментариев"), or ""
/// when none.
pub fn signals_text(lang: Lang, s: &Signals) -> String {
    why::signal_parts(lang, s).join(" · ")
}

/// How long ago, compactly: "now", "5m", "3h", "2d" ("3 сағ", "3 ч");
/// older than a week the local date ("Nov 03", "3 қараша", "3 ноября", with
/// the year when it is another year). Future dates (clock skew at the
/// source) read as "now".
pub fn relative_date(lang: Lang, date: DateTime<Utc>, now: DateTime<Utc>) -> String {
    time::ago_short(lang, date, now).unwrap_or_else(|| calendar_date(lang, date, now))
}

/// The local calendar date, with the year only when it is not this year's.
pub fn calendar_date(lang: Lang, date: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let (date, now) = (local(date), local(now));
    time::date(lang, date.date_naive(), date.year() != now.year())
}

/// An absolute date for the reader's meta line, in local time with its
/// offset: "2026-12-04 22:02 +05:00" ("… UTC" where local time is UTC);
/// Kazakh and Russian name the month ("4 декабря 2026, 22:02 +05:00").
pub fn full_date(lang: Lang, date: DateTime<Utc>) -> String {
    let date = local(date);
    let zone = if date.offset().local_minus_utc() == 0 {
        "UTC".to_string()
    } else {
        date.format("%:z").to_string()
    };
    match lang {
        Lang::En => format!("{} {zone}", date.format("%Y-%m-%d %H:%M")),
        Lang::Kk | Lang::Ru => format!(
            "{}, {} {zone}",
            time::date(lang, date.date_naive(), true),
            date.format("%H:%M")
        ),
    }
}

/// A date in lists (the CLI's `list` and `search`): local, to the minute.
pub fn short_date(date: DateTime<Utc>) -> String {
    local(date).format("%Y-%m-%d %H:%M").to_string()
}

/// `date` in the system's time zone (`TZ` honoured, else /etc/localtime):
/// times are shown as the reader's clock shows them, stored as UTC.
fn local(date: DateTime<Utc>) -> DateTime<Local> {
    date.with_timezone(&Local)
}

/// Cut `s` to at most `width` terminal columns, ending in "…" when cut.
/// Wide (CJK) characters count two columns and are never split.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// Word-wrap plain text to `width` columns; words longer than a line are
/// broken by character.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split_whitespace() {
        let ww = word.width();
        if used > 0 && used + 1 + ww <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + ww;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if ww <= width {
            line.push_str(word);
            used = ww;
            continue;
        }
        for ch in word.chars() {
            let cw = ch.width().unwrap_or(0);
            if used + cw > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(ch);
            used += cw;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::numbers;
    use chrono::TimeZone;

    #[test]
    fn compact_numbers() {
        let en = |n| numbers::compact(Lang::En, n).shown;
        assert_eq!(en(950), "950");
        assert_eq!(en(1_000), "1k");
        assert_eq!(en(12_345), "12.3k");
        assert_eq!(en(123_456), "123k");
        assert_eq!(en(4_560_000), "4.6M");
    }

    #[test]
    fn signals_line() {
        let s = Signals {
            views: Some(12_300),
            comments: Some(45),
            score: None,
            rating: None,
        };
        assert_eq!(signals_text(Lang::En, &s), "12.3k views · 45 comments");
        assert_eq!(
            signals_text(Lang::Kk, &s),
            "12,3 мың рет қаралды · 45 пікір"
        );
        assert_eq!(
            signals_text(Lang::Ru, &s),
            "12,3 тыс. просмотров · 45 комментариев"
        );
        assert_eq!(signals_text(Lang::En, &Signals::default()), "");
        let one = Signals {
            comments: Some(1),
            score: Some(1),
            ..Signals::default()
        };
        assert_eq!(signals_text(Lang::En, &one), "1 comment · 1 point");
        assert_eq!(signals_text(Lang::Ru, &one), "1 комментарий · 1 балл");
        let down = Signals {
            score: Some(-3),
            ..Signals::default()
        };
        assert_eq!(signals_text(Lang::Ru, &down), "-3 балла");
    }

    #[test]
    fn relative_dates() {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        let ago = |s: i64| relative_date(Lang::En, now - chrono::Duration::seconds(s), now);
        assert_eq!(ago(-30), "now");
        assert_eq!(ago(30), "now");
        assert_eq!(ago(5 * 60), "5m");
        assert_eq!(ago(3 * 3600), "3h");
        assert_eq!(ago(2 * 86_400), "2d");
        assert_eq!(ago(20 * 86_400), "Nov 08");
        assert_eq!(ago(400 * 86_400), "2025-10-24");
        let kk = |s: i64| relative_date(Lang::Kk, now - chrono::Duration::seconds(s), now);
        assert_eq!(kk(3 * 3600), "3 сағ");
        assert_eq!(kk(20 * 86_400), "8 қараша");
        let ru = |s: i64| relative_date(Lang::Ru, now - chrono::Duration::seconds(s), now);
        assert_eq!(ru(400 * 86_400), "24 октября 2025");
    }

    #[test]
    fn truncate_counts_columns() {
        assert_eq!(truncate("Қазақстан", 20), "Қазақстан");
        assert_eq!(truncate("Қазақстанда жаңа", 8), "Қазақст…");
        assert_eq!(truncate("日本語のニュース", 7), "日本語…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abcdef", 1), "…");
    }

    #[test]
    fn wrap_by_width() {
        assert_eq!(
            wrap("В Алматы открылся новый парк", 12),
            ["В Алматы", "открылся", "новый парк"]
        );
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 10), [""]);
    }
}

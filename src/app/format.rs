//! Small pure formatters shared by the reader text (built in `update`) and
//! the UI: compact numbers, signal lines, dates, width-aware truncation.

use chrono::{DateTime, Local, Utc};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::Signals;

/// 950 → "950", 12_345 → "12.3k", 4_560_000 → "4.6M".
pub fn compact(n: u64) -> String {
    if n < 1_000 {
        n.to_string()
    } else if n < 1_000_000 {
        trim_point(n as f64 / 1_000.0, "k")
    } else if n < 1_000_000_000 {
        trim_point(n as f64 / 1_000_000.0, "M")
    } else {
        trim_point(n as f64 / 1_000_000_000.0, "G")
    }
}

fn trim_point(v: f64, unit: &str) -> String {
    if v >= 100.0 {
        format!("{v:.0}{unit}")
    } else {
        let s = format!("{v:.1}");
        format!("{}{unit}", s.strip_suffix(".0").unwrap_or(&s))
    }
}

pub use crate::plural::{count as count_of, word as plural_word};

/// "1 view", "12.3k views": a compact count and its noun.
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", compact(n), plural_word(n, one, many))
}

/// "12.3k views · 45 comments · 310 points · ★4.5", or "" when none.
pub fn signals_text(s: &Signals) -> String {
    let mut parts = Vec::new();
    if let Some(v) = s.views {
        parts.push(plural(v, "view", "views"));
    }
    if let Some(c) = s.comments {
        parts.push(plural(c, "comment", "comments"));
    }
    if let Some(p) = s.score {
        let word = plural_word(p.unsigned_abs(), "point", "points");
        let n = if p < 0 {
            format!("-{}", compact(p.unsigned_abs()))
        } else {
            compact(p.unsigned_abs())
        };
        parts.push(format!("{n} {word}"));
    }
    if let Some(r) = s.rating.filter(|r| r.is_finite()) {
        parts.push(format!("★{r:.1}"));
    }
    parts.join(" · ")
}

/// How long ago, compactly: "now", "5m", "3h", "2d"; older than a week the
/// local date ("Nov 03", or "2024-11-03" in another year). Future dates
/// (clock skew at the source) read as "now".
pub fn relative_date(date: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - date).num_seconds();
    if secs < 60 {
        "now".to_string()
    } else if secs < 3_600 {
        format!("{}m", secs / 60)
    } else if secs < 86_400 {
        format!("{}h", secs / 3_600)
    } else if secs < 7 * 86_400 {
        format!("{}d", secs / 86_400)
    } else {
        let (date, now) = (local(date), local(now));
        if date.format("%Y").to_string() == now.format("%Y").to_string() {
            date.format("%b %d").to_string()
        } else {
            date.format("%Y-%m-%d").to_string()
        }
    }
}

/// An absolute date for the reader's meta line, in local time with its
/// offset: "2026-12-04 22:02 +05:00" ("… UTC" where local time is UTC).
pub fn full_date(date: DateTime<Utc>) -> String {
    let date = local(date);
    if date.offset().local_minus_utc() == 0 {
        date.format("%Y-%m-%d %H:%M UTC").to_string()
    } else {
        date.format("%Y-%m-%d %H:%M %:z").to_string()
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
    use chrono::TimeZone;

    #[test]
    fn compact_numbers() {
        assert_eq!(compact(950), "950");
        assert_eq!(compact(1_000), "1k");
        assert_eq!(compact(12_345), "12.3k");
        assert_eq!(compact(123_456), "123k");
        assert_eq!(compact(4_560_000), "4.6M");
    }

    #[test]
    fn signals_line() {
        let s = Signals {
            views: Some(12_300),
            comments: Some(45),
            score: None,
            rating: None,
        };
        assert_eq!(signals_text(&s), "12.3k views · 45 comments");
        assert_eq!(signals_text(&Signals::default()), "");
        let one = Signals {
            comments: Some(1),
            score: Some(1),
            ..Signals::default()
        };
        assert_eq!(signals_text(&one), "1 comment · 1 point");
    }

    #[test]
    fn relative_dates() {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        let ago = |s: i64| relative_date(now - chrono::Duration::seconds(s), now);
        assert_eq!(ago(-30), "now");
        assert_eq!(ago(30), "now");
        assert_eq!(ago(5 * 60), "5m");
        assert_eq!(ago(3 * 3600), "3h");
        assert_eq!(ago(2 * 86_400), "2d");
        assert_eq!(ago(20 * 86_400), "Nov 08");
        assert_eq!(ago(400 * 86_400), "2025-10-24");
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

//! Human-written durations ("30s", "20m", "1h30m", "7d") and sizes
//! ("16 MiB", "512 kB").
//!
//! A small parser of our own rather than `humantime`: the accepted grammar is
//! a few lines, we want exactly the units the docs list (no "months", whose
//! length is ambiguous), and the config error can then say precisely what
//! was accepted.

use std::time::Duration;

/// The units a duration may use, with their length in milliseconds.
const DURATION_UNITS: &[(&str, u64)] = &[
    ("ms", 1),
    ("s", 1_000),
    ("m", 60_000),
    ("h", 3_600_000),
    ("d", 86_400_000),
    ("w", 604_800_000),
];

/// Parse "30s", "20m", "12h", "7d", "2w", "500ms", or a sequence such as
/// "1h30m" / "1h 30m". Each part is a whole number followed by a unit.
/// Returns `None` for anything else, including a bare number (ambiguous:
/// seconds? minutes?) and overflow.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    let mut total_ms: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let number: u64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = &rest[..unit_len];
        let per = DURATION_UNITS
            .iter()
            .find(|(name, _)| *name == unit)
            .map(|(_, ms)| *ms)?;
        total_ms = total_ms.checked_add(number.checked_mul(per)?)?;
        rest = rest[unit_len..].trim_start();
    }
    Some(Duration::from_millis(total_ms))
}

/// Write a duration the way `parse_duration` reads it, largest units first
/// (for messages and round-trip tests). "2w" is written "14d".
pub fn format_duration(d: Duration) -> String {
    let mut ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    if ms == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    // Weeks are left out: "90d" reads better than "12w6d".
    for (name, per) in DURATION_UNITS.iter().rev().filter(|(n, _)| *n != "w") {
        if ms >= *per {
            out.push_str(&format!("{}{}", ms / per, name));
            ms %= per;
        }
    }
    out
}

/// Size units, case-insensitive. Decimal prefixes are powers of 1000 and
/// binary ones powers of 1024, as their names say.
const SIZE_UNITS: &[(&str, u64)] = &[
    ("b", 1),
    ("kb", 1_000),
    ("kib", 1 << 10),
    ("mb", 1_000_000),
    ("mib", 1 << 20),
    ("gb", 1_000_000_000),
    ("gib", 1 << 30),
];

/// Parse "16 MiB", "16MiB", "512 kB", "1048576 B" or "1048576" (bytes).
pub fn parse_size(text: &str) -> Option<u64> {
    let s = text.trim();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let number: u64 = s[..digits].parse().ok()?;
    let unit = s[digits..].trim().to_ascii_lowercase();
    if unit.is_empty() {
        return Some(number);
    }
    let per = SIZE_UNITS
        .iter()
        .find(|(name, _)| *name == unit)
        .map(|(_, n)| *n)?;
    number.checked_mul(per)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("20m"), Some(Duration::from_secs(1200)));
        assert_eq!(parse_duration("12h"), Some(Duration::from_secs(43_200)));
        assert_eq!(parse_duration("7d"), Some(Duration::from_secs(604_800)));
        assert_eq!(parse_duration("2w"), Some(Duration::from_secs(1_209_600)));
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration(" 1h 30m "), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("10 s"), Some(Duration::from_secs(10)));
    }

    #[test]
    fn bad_durations() {
        for bad in [
            "",
            "30",
            "s",
            "10 sec",
            "1.5h",
            "-1s",
            "1y",
            "1h30",
            "1H",
            "ten minutes",
            "99999999999999999999s",
            "18446744073709551615w",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn duration_round_trip() {
        for s in [
            "30s",
            "20m",
            "12h",
            "90d",
            "1h30m",
            "17d",
            "1d1h1m1s1ms",
            "1s500ms",
            "0s",
        ] {
            let d = parse_duration(s).unwrap();
            assert_eq!(format_duration(d), s);
            assert_eq!(parse_duration(&format_duration(d)), Some(d));
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16 MiB"), Some(16 * 1024 * 1024));
        assert_eq!(parse_size("16MiB"), Some(16 * 1024 * 1024));
        assert_eq!(parse_size("16 mib"), Some(16 * 1024 * 1024));
        assert_eq!(parse_size("512 kB"), Some(512_000));
        assert_eq!(parse_size("1 GiB"), Some(1 << 30));
        assert_eq!(parse_size("100 B"), Some(100));
        assert_eq!(parse_size("100"), Some(100));
        for bad in ["", "MiB", "16 MeB", "1.5 MiB", "-1", "99999999999 GiB"] {
            assert_eq!(parse_size(bad), None, "{bad:?}");
        }
    }
}

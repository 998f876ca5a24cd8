//! Enclosures as a person reads them: the kind, the size in the
//! language's units, the play time. Pure functions of the language.

use crate::domain::{Enclosure, MediaKind};
use crate::i18n::{FluentValue, Lang, ids, numbers};

/// The kind's name ("Audio", "Аудио"…).
pub fn kind(lang: Lang, kind: MediaKind) -> String {
    lang.s(match kind {
        MediaKind::Audio => ids::MEDIA_AUDIO,
        MediaKind::Video => ids::MEDIA_VIDEO,
        MediaKind::Image => ids::MEDIA_IMAGE,
        MediaKind::Other => ids::MEDIA_FILE,
    })
}

/// The one-column mark the article list shows for an article with media.
pub fn marker(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Audio => "♪",
        MediaKind::Video => "▶",
        MediaKind::Image | MediaKind::Other => "◆",
    }
}

/// A byte count in the largest unit that keeps it ≥ 1: "512 B", "23.8 MB"
/// ("23,8 МБ"). Decimal units (1 MB = 1 000 000 bytes), as players and
/// file managers show them.
pub fn size(lang: Lang, bytes: u64) -> String {
    let (id, div) = match bytes {
        0..1_000 => (ids::SIZE_BYTES, 1.0),
        1_000..1_000_000 => (ids::SIZE_KB, 1e3),
        1_000_000..1_000_000_000 => (ids::SIZE_MB, 1e6),
        _ => (ids::SIZE_GB, 1e9),
    };
    let n = if div == 1.0 {
        numbers::grouped(lang, bytes)
    } else {
        numbers::decimal(lang, bytes as f64 / div, 1)
    };
    lang.t(id, &[("n", FluentValue::from(n))])
}

/// A speed: a size per second.
pub fn speed(lang: Lang, bytes_per_sec: u64) -> String {
    lang.t(
        ids::SPEED_PER_SECOND,
        &[("size", FluentValue::from(size(lang, bytes_per_sec)))],
    )
}

/// A play time as a clock shows it: "41:35", "1:02:03".
pub fn duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// "[1] Audio · audio/mpeg · 23.8 MB · 1:02:03" for enclosure `n` (from 1).
pub fn enclosure_line(lang: Lang, n: usize, e: &Enclosure) -> String {
    let mut parts = vec![kind(lang, e.kind)];
    parts.extend(e.mime_type.clone());
    parts.extend(e.length.map(|b| size(lang, b)));
    parts.extend(e.duration_secs.map(duration));
    format!("[{n}] {}", parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations() {
        assert_eq!(size(Lang::En, 512), "512 B");
        assert_eq!(size(Lang::En, 24_986_239), "25.0 MB");
        assert_eq!(size(Lang::Ru, 1_500), "1,5 КБ");
        assert_eq!(size(Lang::Kk, 2_000_000_000), "2,0 ГБ");
        assert_eq!(duration(3723), "1:02:03");
        assert_eq!(duration(95), "1:35");
    }

    #[test]
    fn an_enclosure_line_names_what_is_known() {
        let e = Enclosure {
            url: "https://x.example/a.mp3".into(),
            mime_type: Some("audio/mpeg".into()),
            length: Some(2_500_000),
            duration_secs: Some(61),
            kind: MediaKind::Audio,
        };
        assert_eq!(
            enclosure_line(Lang::En, 1, &e),
            "[1] Audio · audio/mpeg · 2.5 MB · 1:01"
        );
        let bare = Enclosure {
            mime_type: None,
            length: None,
            duration_secs: None,
            kind: MediaKind::Other,
            ..e
        };
        assert_eq!(enclosure_line(Lang::Kk, 2, &bare), "[2] Файл");
    }
}

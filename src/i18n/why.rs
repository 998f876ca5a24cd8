//! The words of a top story's "why" line and of an article's signals:
//! "12.3k views · 4 sources · 3h ago", "12,3 мың рет қаралды · 4 дереккөз ·
//! 3 сағат бұрын", "12,3 тыс. просмотров · 4 источника · 3 часа назад".
//!
//! Ranking hands over the figures ([`StoryWhy`]); the wording happens here,
//! at the edge (the TUI's Top view, `keruen top`), so every language writes
//! its own numbers, plurals and ages from the same data.

use chrono::{DateTime, Utc};

use super::{FluentValue, Id, Lang, ids, numbers, time};
use crate::domain::{Signals, StoryWhy};

/// The story's line: its signals, how fast it gains views, how many feeds
/// carry it (when more than one), and its age.
pub fn line(lang: Lang, why: &StoryWhy, now: DateTime<Utc>) -> String {
    let mut parts = signal_parts(lang, &why.signals);
    // Below one view an hour the rate says nothing a reader can use.
    if let Some(rate) = why.views_per_hour.filter(|v| v.is_finite() && *v >= 1.0) {
        parts.push(counted_signed(
            lang,
            ids::WHY_VIEWS_PER_HOUR,
            rate.round() as u64,
            false,
        ));
    }
    if why.sources > 1 {
        parts.push(lang.t(
            ids::WHY_SOURCES,
            &[("count", FluentValue::from(why.sources))],
        ));
    }
    parts.push(time::age(lang, why.first_seen, now));
    parts.join(" · ")
}

/// Each signal an article or story reports, worded: views, comments,
/// points (negative ones too), rating ("★4.5", "★4,5").
pub fn signal_parts(lang: Lang, s: &Signals) -> Vec<String> {
    let mut parts = Vec::with_capacity(4);
    if let Some(v) = s.views {
        parts.push(numbers::counted(lang, ids::SIGNAL_VIEWS, v));
    }
    if let Some(c) = s.comments {
        parts.push(numbers::counted(lang, ids::SIGNAL_COMMENTS, c));
    }
    if let Some(p) = s.score {
        parts.push(counted_signed(
            lang,
            ids::SIGNAL_POINTS,
            p.unsigned_abs(),
            p < 0,
        ));
    }
    if let Some(r) = s.rating.filter(|r| r.is_finite()) {
        parts.push(format!("★{}", numbers::decimal(lang, r, 1)));
    }
    parts
}

/// A signal message for `n`, written with a minus when `negative` (the
/// plural follows the number without its sign: "-1 point", "-3 балла").
fn counted_signed(lang: Lang, id: Id, n: u64, negative: bool) -> String {
    let numbers::Shown { shown, compact } = numbers::compact(lang, n);
    let shown = if negative { format!("-{shown}") } else { shown };
    lang.t(
        id,
        &[
            ("count", FluentValue::from(n)),
            ("shown", FluentValue::from(shown)),
            (
                "compact",
                FluentValue::from(if compact { "yes" } else { "no" }),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap()
    }

    fn story(views: Option<u64>, sources: usize, hours: i64) -> StoryWhy {
        StoryWhy {
            signals: Signals {
                views,
                ..Signals::default()
            },
            views_per_hour: None,
            sources,
            first_seen: now() - chrono::Duration::hours(hours),
        }
    }

    #[test]
    fn the_seed_pages_example_in_three_languages() {
        let why = story(Some(12_300), 4, 3);
        assert_eq!(
            line(Lang::En, &why, now()),
            "12.3k views · 4 sources · 3h ago"
        );
        assert_eq!(
            line(Lang::Kk, &why, now()),
            "12,3 мың рет қаралды · 4 дереккөз · 3 сағат бұрын"
        );
        assert_eq!(
            line(Lang::Ru, &why, now()),
            "12,3 тыс. просмотров · 4 источника · 3 часа назад"
        );
    }

    #[test]
    fn russian_plurals_of_sources_and_rates() {
        let mut why = story(None, 21, 1);
        why.views_per_hour = Some(2.4);
        assert_eq!(
            line(Lang::Ru, &why, now()),
            "+2 просмотра в час · 21 источник · 1 час назад"
        );
        why.views_per_hour = Some(1_234.0);
        why.sources = 5;
        assert_eq!(
            line(Lang::Ru, &why, now()),
            "+1\u{a0}234 просмотра в час · 5 источников · 1 час назад"
        );
        why.views_per_hour = Some(12_345.0);
        assert!(line(Lang::Ru, &why, now()).starts_with("+12,3 тыс. просмотров в час"));
        assert!(line(Lang::Kk, &why, now()).starts_with("сағатына +12,3 мың рет қаралды"));
        assert!(line(Lang::En, &why, now()).starts_with("+12.3k views/h"));
    }

    #[test]
    fn one_source_and_no_signals_leave_only_the_age() {
        // A week-old story in a 30-day window still reads as an age, not a date.
        assert_eq!(line(Lang::En, &story(None, 1, 24 * 9), now()), "9d ago");
        assert_eq!(
            line(Lang::Kk, &story(None, 1, 24 * 9), now()),
            "9 күн бұрын"
        );
        let slow = StoryWhy {
            views_per_hour: Some(0.4),
            ..story(None, 1, 0)
        };
        assert_eq!(line(Lang::Ru, &slow, now()), "сейчас");
    }

    #[test]
    fn signals_with_signs_and_ratings() {
        let s = Signals {
            views: None,
            comments: Some(1),
            score: Some(-3),
            rating: Some(4.25),
        };
        assert_eq!(
            signal_parts(Lang::Ru, &s),
            ["1 комментарий", "-3 балла", "★4,2"]
        );
        assert_eq!(
            signal_parts(Lang::En, &s),
            ["1 comment", "-3 points", "★4.2"]
        );
    }
}

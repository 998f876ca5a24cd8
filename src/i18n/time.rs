//! Times as each language writes them: how long ago, and calendar dates
//! with the month's name.
//!
//! These take times already in the reader's zone (a `NaiveDateTime`) or a
//! span: choosing the zone is the caller's business, so that a test can
//! pin it and the same rule serves the CLI and the TUI.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{FluentValue, Lang, ids};

/// How long ago `then` was, compactly for lists ("5m", "5 мин", "5 мин"),
/// or `None` past a week (show the date instead). A time in the future
/// (a source's clock runs ahead) is "now".
pub fn ago_short(lang: Lang, then: DateTime<Utc>, now: DateTime<Utc>) -> Option<String> {
    ago(
        lang,
        then,
        now,
        [
            ids::TIME_MINUTES_SHORT,
            ids::TIME_HOURS_SHORT,
            ids::TIME_DAYS_SHORT,
        ],
    )
}

/// How long ago, in words, for the reader ("2 сағат бұрын", "2 часа назад").
pub fn ago_long(lang: Lang, then: DateTime<Utc>, now: DateTime<Utc>) -> Option<String> {
    ago(
        lang,
        then,
        now,
        [
            ids::TIME_MINUTES_AGO,
            ids::TIME_HOURS_AGO,
            ids::TIME_DAYS_AGO,
        ],
    )
}

/// How old a story is, in words, however old ("9 күн бұрын"): a Top
/// window may reach back past the week where lists switch to dates.
pub fn age(lang: Lang, then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let ids = [
        ids::TIME_MINUTES_AGO,
        ids::TIME_HOURS_AGO,
        ids::TIME_DAYS_AGO,
    ];
    in_units(lang, (now - then).num_seconds(), ids)
}

fn ago(
    lang: Lang,
    then: DateTime<Utc>,
    now: DateTime<Utc>,
    units: [super::Id; 3],
) -> Option<String> {
    let secs = (now - then).num_seconds();
    (secs < 7 * 86_400).then(|| in_units(lang, secs, units))
}

/// An age of `secs` in its largest whole unit (a negative age is "now").
fn in_units(lang: Lang, secs: i64, [minutes, hours, days]: [super::Id; 3]) -> String {
    let (id, n) = if secs < 60 {
        return lang.s(ids::TIME_NOW);
    } else if secs < 3_600 {
        (minutes, secs / 60)
    } else if secs < 86_400 {
        (hours, secs / 3_600)
    } else {
        (days, secs / 86_400)
    };
    lang.t(id, &[("n", FluentValue::from(n))])
}

/// "4 желтоқсан", "4 декабря", "Dec 04"; with the year when `with_year`.
pub fn date(lang: Lang, day: NaiveDate, with_year: bool) -> String {
    let month = lang.s(ids::MONTHS[day.month0() as usize]);
    let mut args = vec![
        ("day", FluentValue::from(day.day().to_string())),
        ("day2", FluentValue::from(format!("{:02}", day.day()))),
        ("month", FluentValue::from(month)),
    ];
    if with_year {
        args.push(("month2", FluentValue::from(format!("{:02}", day.month()))));
        args.push(("year", FluentValue::from(day.year().to_string())));
        lang.t(ids::DATE_DAY_MONTH_YEAR, &args)
    } else {
        lang.t(ids::DATE_DAY_MONTH, &args)
    }
}

//! Numbers as each language writes them.
//!
//! English keeps keruen's compact style ("950", "12.3k", "4.6M"). Kazakh
//! and Russian write a decimal comma and group thousands with a no-break
//! space, as the seed page does: "1 234 рет қаралды", "12,3 мың",
//! "12,3 тыс. просмотров". Below 10 000 they write the number whole; from
//! there on, abbreviated.

use super::{FluentValue, Lang, ids};

/// A number ready for a message: `shown` as written, whether it was
/// abbreviated, and the count that picks the plural.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub shown: String,
    pub compact: bool,
}

/// The no-break space that groups digits in Kazakh and Russian (CLDR).
pub const GROUP_SEPARATOR: char = '\u{a0}';

/// `n` with its thousands grouped: "1 234 567" (kk, ru), "1,234,567" (en).
pub fn grouped(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::En => ',',
        Lang::Kk | Lang::Ru => GROUP_SEPARATOR,
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `v` with `places` decimals, written with the language's decimal mark.
pub fn decimal(lang: Lang, v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    match lang {
        Lang::En => s,
        Lang::Kk | Lang::Ru => s.replace('.', ","),
    }
}

/// A count the way a list shows it (see the module header).
pub fn compact(lang: Lang, n: u64) -> Shown {
    let whole_below = match lang {
        Lang::En => 1_000,
        Lang::Kk | Lang::Ru => 10_000,
    };
    if n < whole_below {
        return Shown {
            shown: grouped(lang, n),
            compact: false,
        };
    }
    // The unit is chosen after rounding, so 999 950 reads "1M", not "1000k".
    const UNITS: [(f64, super::Id); 3] = [
        (1e3, ids::NUMBER_THOUSANDS),
        (1e6, ids::NUMBER_MILLIONS),
        (1e9, ids::NUMBER_BILLIONS),
    ];
    let mut k = 0;
    while k + 1 < UNITS.len() && rounded(n as f64 / UNITS[k].0) >= 1_000.0 {
        k += 1;
    }
    let (div, unit) = UNITS[k];
    let value = rounded(n as f64 / div);
    let figure = if value >= 100.0 {
        format!("{value:.0}")
    } else {
        let s = decimal(lang, value, 1);
        s.strip_suffix(".0")
            .or_else(|| s.strip_suffix(",0"))
            .map(str::to_string)
            .unwrap_or(s)
    };
    Shown {
        shown: lang.t(unit, &[("n", FluentValue::from(figure))]),
        compact: true,
    }
}

/// `v` as it will be shown: one decimal below 100, none from there on.
fn rounded(v: f64) -> f64 {
    if v < 99.95 {
        (v * 10.0).round() / 10.0
    } else {
        v.round()
    }
}

/// "12,3 мың рет қаралды": a signal message (`ids::SIGNAL_*`) for `n`.
pub fn counted(lang: Lang, id: super::Id, n: u64) -> String {
    let Shown { shown, compact } = compact(lang, n);
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

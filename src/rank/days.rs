//! Days of the week: a title that names one says on which day its event
//! happened, as a date does ("Singapore shares open lower on Thursday" /
//! "… on Tuesday", "Chinese shares close higher Tuesday" / "… lower
//! Thursday"). Markets, weather and daily briefings repeat one headline
//! every day with another day in it, so two titles that each name days
//! and share none report two days' events, however alike their words.
//!
//! The day names are a closed class of each language, looked up like the
//! event words of `opposites`: their forms go through the titles' own
//! stemming (`Fingerprint::of`), and a title's terms are matched by their
//! stored id, so no fingerprint changes. Russian `среда` (Wednesday) is
//! left out: it is also "environment" (`окружающей среды`), and its case
//! forms stem alike. Abbreviations (`Mon`, `Wed`, `Sat`, `Sun`) are left
//! out too: `wed`, `sat` are verbs and `Sun` a newspaper.

use std::sync::LazyLock;

use super::FastMap;
use super::fingerprint::Fingerprint;

/// The forms of each day, Monday first: English, Russian (nominative,
/// genitive, accusative: "в пятницу", "до пятницы"), then after `|`
/// Kazakh (whose case endings the Kazakh stemmer strips: "сейсенбіде").
const DAYS: [&str; 7] = [
    "monday понедельник понедельника | дүйсенбі",
    "tuesday вторник вторника | сейсенбі",
    "wednesday | сәрсенбі",
    "thursday четверг четверга | бейсенбі",
    "friday пятница пятницу пятницы | жұма",
    "saturday суббота субботу субботы | сенбі",
    "sunday воскресенье воскресенья | жексенбі",
];

/// Term id → the bit of its day (Monday is bit 0).
static DAY_BITS: LazyLock<FastMap<u64, u8>> = LazyLock::new(|| {
    let mut out: FastMap<u64, u8> = FastMap::default();
    for (k, forms) in DAYS.iter().enumerate() {
        let (others, kazakh) = forms.split_once('|').unwrap_or((forms, ""));
        // A title's first word is stemmed as a name ("Пятница" keeps
        // its stem, not Snowball's), so the capitalised form is listed
        // too; a Kazakh form is read in a Kazakh text ("және" is a stop
        // word that makes it one, as in `opposites`).
        let words = others
            .split_whitespace()
            .flat_map(|w| [w.to_string(), capitalised(w)])
            .chain(kazakh.split_whitespace().map(|w| format!("және {w}")));
        for form in words {
            let f = Fingerprint::of(&form, None, None);
            // Terms only: a marker (an alias of initials) is no day.
            for &word in f.stems.iter().filter(|&&w| !Fingerprint::is_marker(w)) {
                *out.entry(Fingerprint::stem_id(word)).or_default() |= 1 << k;
            }
        }
    }
    out
});

/// `word` with its first letter in capitals.
pub(super) fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The day bits of a term (0 for most terms).
pub fn day(stem_id: u64) -> u8 {
    DAY_BITS.get(&stem_id).copied().unwrap_or(0)
}

/// Whether two titles' day bits name days and none in common.
pub fn differ(a: u8, b: u8) -> bool {
    a != 0 && b != 0 && a & b == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(title: &str) -> u8 {
        Fingerprint::of(title, None, None)
            .stems
            .iter()
            .map(|&w| day(Fingerprint::stem_id(w)))
            .fold(0, |a, b| a | b)
    }

    #[test]
    fn each_language_names_its_days() {
        assert_eq!(bits("Singapore shares open lower on Thursday"), 1 << 3);
        assert_eq!(bits("Saturday's vote"), 1 << 5);
        assert_eq!(bits("Выборы пройдут в воскресенье"), 1 << 6);
        assert_eq!(bits("Пятница стала выходным"), 1 << 4);
        assert_eq!(bits("Митинг назначен на пятницу"), 1 << 4);
        assert_eq!(bits("Сайлау жексенбіде өтеді"), 1 << 6);
        assert_eq!(bits("Сейсенбі күні Астанада жиын өтті"), 1 << 1);
        assert_eq!(bits("Oil prices rise"), 0);
    }

    #[test]
    fn two_days_differ_one_day_or_none_does_not() {
        assert!(differ(
            bits("Singapore shares open 0.83% higher on Wednesday"),
            bits("Singapore shares open 0.06% lower on Tuesday")
        ));
        assert!(differ(
            bits("Биржа закрылась ростом в понедельник"),
            bits("Биржа закрылась ростом во вторник")
        ));
        assert!(!differ(
            bits("Rudd calls election for Saturday"),
            bits("Rudd calls Saturday poll")
        ));
        assert!(!differ(
            bits("Rudd calls election"),
            bits("Rudd calls Saturday poll")
        ));
        // "Среда" is also the environment: not a day.
        assert_eq!(bits("Загрязнение окружающей среды"), 0);
    }
}

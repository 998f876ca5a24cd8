//! Numbers written in words, composed as the three languages compose them.
//!
//! Kazakh, Russian and English all say a number from its largest part
//! down: groups of up to three digits, each followed by its scale
//! ("екі мың он үшінші" = 2 × 1000 + 10 + 3; "три миллиона двести тысяч";
//! "two hundred twenty thousand"), and inside a group the hundreds, then
//! the tens, then the units. [`Numeral`] folds the words of one number
//! into its value by that grammar, and refuses a word that cannot
//! continue it ("он он", "five two"), which then starts a number of its
//! own.
//!
//! Also here, because they are the same grammar seen from the word:
//! - scale words (thousand, тысяча, мың, million, миллион, миллиард…),
//!   which multiply the group before them;
//! - "one" (one, один, бір), which is as often an article ("бір адам" =
//!   a person) as a count, so it counts only when a scale or a hundred
//!   follows it ("бір мың", "one hundred"): [`Part::One`] is tentative;
//! - Kazakh ordinals: `-ыншы/-інші` after a consonant, `-ншы/-нші` after
//!   a vowel ("бесінші", "алтыншы", "жиырмасыншы" keeps the buffer
//!   `-сы-`) — the ordinal names the same number as the cardinal;
//! - grammatical endings hyphenated to digits ("2013-інші", "10000-нан",
//!   "5-го"): [`is_digit_ending`], so "2013-інші жылы" and "екі мың он
//!   үшінші жылы" give the same terms.

use super::words::{Lang, number_word};

/// What one number word contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// one, один, бір: a count only if a scale or a hundred follows.
    One,
    /// 2–9 (and the collective numerals, "екеуі", "двое").
    Unit(u64),
    /// 10–19 ("он", "ten", "двенадцать").
    Teen(u64),
    /// 20, 30 … 90.
    Tens(u64),
    /// hundred, жүз, сто: multiplies a unit before it ("сегіз жүз").
    Hundred,
    /// A Russian hundreds word (двести … девятьсот): one word, no unit.
    Hundreds(u64),
    /// thousand, мың, тысяча, million…; `plural` for forms that are only
    /// plural ("thousands", "тысячи", "миллионов"), which alone say
    /// "many", not a number.
    Scale { value: u64, plural: bool },
    /// A number written in digits (an integer below 1000), which a scale
    /// word may follow ("5 тысяч", "10 мың").
    Digits(u64),
    /// A decimal below 1000 in thousandths, which a scale word may follow
    /// ("1,5 млрд", "$6.3 billion").
    Decimal(u64),
}

impl Part {
    /// The part a simple number word's value stands for (`words::number_word`).
    pub fn of_value(n: u32) -> Part {
        let n = u64::from(n);
        match n {
            1 => Part::One,
            2..=9 => Part::Unit(n),
            10..=19 => Part::Teen(n),
            100 => Part::Hundred,
            _ if n < 100 => Part::Tens(n),
            _ if n < 1000 => Part::Hundreds(n),
            _ => Part::Scale {
                value: n,
                plural: false,
            },
        }
    }
}

/// One number being read word by word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numeral {
    /// The groups already multiplied by their scale.
    total: u64,
    /// The group being read (below 1000).
    group: u64,
    /// The smallest scale used so far: scales only go down.
    scale: u64,
    last: Part,
}

impl Numeral {
    /// A number starting with `part`.
    pub fn start(part: Part) -> Numeral {
        let mut n = Numeral {
            total: 0,
            group: 0,
            scale: u64::MAX,
            last: part,
        };
        match part {
            Part::One => n.group = 1,
            Part::Unit(v) | Part::Teen(v) | Part::Tens(v) | Part::Hundreds(v) | Part::Digits(v) => {
                n.group = v;
            }
            Part::Hundred => n.group = 100,
            Part::Decimal(_) => {}
            Part::Scale { value, .. } => {
                n.total = value;
                n.scale = value;
            }
        }
        n
    }

    /// Adds the next word's part if it continues this number by the
    /// grammar above; false (and no change) if it starts another.
    pub fn push(&mut self, part: Part) -> bool {
        let Some((total, group)) = self.continued_by(part) else {
            return false;
        };
        if let Part::Scale { value, .. } = part {
            self.scale = value;
        }
        self.total = total;
        self.group = group;
        self.last = part;
        true
    }

    /// The (total, group) after `part`, if it continues this number.
    fn continued_by(&self, part: Part) -> Option<(u64, u64)> {
        let (total, g) = (self.total, self.group);
        let after_big = matches!(
            self.last,
            Part::Hundred | Part::Hundreds(_) | Part::Scale { .. }
        );
        // "1,5 млрд": only a scale follows a decimal, when the product is whole.
        if let Part::Decimal(th) = self.last {
            let Part::Scale { value, .. } = part else {
                return None;
            };
            let m = th.checked_mul(value)?;
            return m.is_multiple_of(1000).then_some((m / 1000, 0));
        }
        match part {
            // Units follow a ten ("жиырма бес", "он бір"), a hundred or a
            // scale, in a group with no units yet.
            Part::One | Part::Unit(_) => {
                let after_ten = matches!(self.last, Part::Tens(_) | Part::Teen(10));
                let v = if let Part::Unit(v) = part { v } else { 1 };
                ((after_ten || after_big) && g.is_multiple_of(10)).then_some((total, g + v))
            }
            // Tens and teens follow a hundred or a scale, before any ten.
            Part::Teen(v) | Part::Tens(v) => {
                (after_big && g.is_multiple_of(100)).then_some((total, g + v))
            }
            // "сегіз жүз": a hundred multiplies the unit before it, or
            // starts the group after a scale ("мың жүз").
            Part::Hundred => match self.last {
                Part::One | Part::Unit(_) if g < 10 => Some((total, g * 100)),
                Part::Scale { .. } if g == 0 => Some((total, 100)),
                _ => None,
            },
            Part::Hundreds(v) => {
                (matches!(self.last, Part::Scale { .. }) && g == 0).then_some((total, v))
            }
            // A scale multiplies the group before it; scales only go down.
            Part::Scale { value, .. } if g > 0 && value < self.scale => {
                Some((g.checked_mul(value)?.checked_add(total)?, 0))
            }
            Part::Scale { .. } | Part::Digits(_) | Part::Decimal(_) => None,
        }
    }

    /// The number read so far, or `None` while it is only a tentative
    /// "one" or a plural scale word alone ("бір адам", "тысячи людей").
    pub fn value(&self) -> Option<u64> {
        match self.last {
            Part::One if self.total == 0 && self.group == 1 => None,
            Part::Scale { plural: true, .. } if self.scale == self.total => None,
            _ => Some(self.total + self.group),
        }
    }
}

/// Scale words, folded, with their values. Russian ones decline by their
/// ending after these stems; Kazakh ones take suffixes, which the Kazakh
/// stemmer strips (asking on the way). Their abbreviations ("млн", "bn")
/// reach here as these words (`abbrev`).
const SCALES: &[(&str, u64)] = &[
    ("thousand", 1_000),
    ("million", 1_000_000),
    ("billion", 1_000_000_000),
    ("trillion", 1_000_000_000_000),
    ("тысяч", 1_000),
    ("мың", 1_000),
    ("миллион", 1_000_000),
    ("миллиард", 1_000_000_000),
    ("триллион", 1_000_000_000_000),
];

/// Russian hundreds (nominative and the common oblique form).
const HUNDREDS_RU: &[(&str, u64)] = &[
    ("двести", 200),
    ("двухсот", 200),
    ("триста", 300),
    ("трехсот", 300),
    ("четыреста", 400),
    ("четырехсот", 400),
    ("пятьсот", 500),
    ("пятисот", 500),
    ("шестьсот", 600),
    ("шестисот", 600),
    ("семьсот", 700),
    ("семисот", 700),
    ("восемьсот", 800),
    ("восьмисот", 800),
    ("девятьсот", 900),
    ("девятисот", 900),
];

/// A scale word of any of the three languages (its stem and a declension
/// ending: "тысяча", "тысячи", "миллионов", "millions").
fn scale(lang: Lang, word: &str) -> Option<Part> {
    for &(stem, value) in SCALES {
        let Some(ending) = word.strip_prefix(stem) else {
            continue;
        };
        let plural = match lang {
            Lang::En => match ending {
                "" => false,
                "s" => true,
                _ => continue,
            },
            // Kazakh endings are stripped before this is asked.
            Lang::Kk if !ending.is_empty() => continue,
            Lang::Kk => false,
            // тысяча/тысячу/тысячей; миллион/миллиона/миллионом — one; the
            // plural forms say "many" unless a count comes before them.
            Lang::Ru => match ending {
                "" => stem == "тысяч",
                "а" | "у" | "ей" | "е" | "ом" => false,
                "и" | "ы" | "ов" | "ам" | "ами" | "ах" => true,
                _ => continue,
            },
        };
        return Some(Part::Scale { value, plural });
    }
    None
}

/// Scale abbreviations written straight after a figure ("$250m",
/// "$250-M", "5k", "1bn", "10 млн"): the standard abbreviations of
/// `abbrev` read as their words, and "k", "m" and "b", which alone are
/// too often metres and other units to be read as scales.
pub fn attached_scale(word: &str) -> Option<Part> {
    let single = match word {
        "k" => Some(1_000),
        "m" => Some(1_000_000),
        "b" => Some(1_000_000_000),
        _ => None,
    };
    if let Some(value) = single {
        return Some(Part::Scale {
            value,
            plural: false,
        });
    }
    let lang = if word.is_ascii() { Lang::En } else { Lang::Ru };
    scale(lang, super::abbrev::full_form(lang, word)?)
}

/// The part a number in digits (as `text::normalise_number` writes it)
/// plays before a scale word: an integer or a decimal below 1000.
pub fn figure(number: &str) -> Option<Part> {
    if let Ok(v) = number.parse::<u64>() {
        return (v < 1000).then_some(Part::Digits(v));
    }
    let (whole, frac) = number.split_once('.')?;
    let whole: u64 = whole.parse().ok()?;
    if whole >= 1000 || frac.is_empty() || frac.len() > 3 {
        return None;
    }
    let frac_value: u64 = frac.parse().ok()?;
    let th = whole * 1000 + frac_value * 10u64.pow(3 - frac.len() as u32);
    Some(Part::Decimal(th))
}

/// A figure with a scale abbreviation in one word ("1bn", "2.5m", "5k"):
/// its value, when whole.
pub fn figure_with_scale(word: &str) -> Option<u64> {
    let split = word.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    let (digits, suffix) = word.split_at(split);
    let digits = digits.replace(',', ".");
    let mut n = Numeral::start(figure(&digits)?);
    (n.push(attached_scale(suffix)?))
        .then(|| n.value())
        .flatten()
}

/// The words for one: counted only when a scale or hundred follows.
fn is_one(lang: Lang, word: &str) -> bool {
    match lang {
        Lang::En => word == "one",
        Lang::Ru => matches!(word, "один" | "одна" | "одно" | "одного" | "одной" | "одну"),
        Lang::Kk => word == "бір",
    }
}

/// Kazakh ordinal endings, the longest first: "-сыншы" keeps the buffer
/// vowel of "жиырмасыншы".
const KK_ORDINAL: &[&str] = &["сыншы", "сінші", "ыншы", "інші", "ншы", "нші"];

/// The number part a folded word of `lang` stands for: a number word
/// (`words::number_word`), a scale word, "one", a Russian hundreds word,
/// or a Kazakh ordinal of any of them.
pub fn part(lang: Lang, word: &str) -> Option<Part> {
    if let Some(n) = number_word(lang, word) {
        return Some(Part::of_value(n));
    }
    if is_one(lang, word) {
        return Some(Part::One);
    }
    if lang == Lang::Ru
        && let Some(&(_, v)) = HUNDREDS_RU.iter().find(|(w, _)| *w == word)
    {
        return Some(Part::Hundreds(v));
    }
    if let Some(s) = scale(lang, word) {
        return Some(s);
    }
    if lang == Lang::Kk {
        for ending in KK_ORDINAL {
            if let Some(base) = word.strip_suffix(ending)
                && base.chars().nth(1).is_some()
                && let Some(p) = part_plain(base)
            {
                return Some(p);
            }
        }
    }
    None
}

/// A Kazakh cardinal without endings (for the ordinals).
fn part_plain(word: &str) -> Option<Part> {
    number_word(Lang::Kk, word)
        .map(Part::of_value)
        .or_else(|| is_one(Lang::Kk, word).then_some(Part::One))
        .or_else(|| scale(Lang::Kk, word))
}

/// Whether `word`, a slice of `text`, is hyphenated to a figure before
/// it ("2013-інші", "$250-M").
pub fn hyphenated_to_figure(text: &str, word: &str) -> bool {
    let start = (word.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    if start < 2 || start > text.len() {
        return false;
    }
    let before = &text.as_bytes()[..start];
    before[before.len() - 1] == b'-' && before[before.len() - 2].is_ascii_digit()
}

/// Whether `word`, hyphenated to a figure in `text`, is a grammatical
/// ending of that number ("2013-інші", "10000-нан", "5-го", "2-х") rather
/// than a word of its own: Cyrillic, and at most five letters (Russian
/// compounds such as "5-летний" are longer and stay words).
pub fn is_digit_ending(text: &str, word: &str) -> bool {
    hyphenated_to_figure(text, word)
        && word.chars().count() <= 5
        && word.chars().all(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lang: Lang, words: &str) -> Vec<u64> {
        let mut out: Vec<Numeral> = Vec::new();
        for w in words.split_whitespace() {
            let p = part(lang, w).unwrap_or_else(|| panic!("{w} is not a number word"));
            if !out.last_mut().is_some_and(|n| n.push(p)) {
                out.push(Numeral::start(p));
            }
        }
        out.iter().filter_map(Numeral::value).collect()
    }

    #[test]
    fn kazakh_numbers_compose_by_groups() {
        assert_eq!(read(Lang::Kk, "сегіз жүз он тоғыз"), vec![819]);
        assert_eq!(read(Lang::Kk, "бір мың тоғыз жүз елу бес"), vec![1955]);
        assert_eq!(read(Lang::Kk, "екі мың он үшінші"), vec![2013]);
        assert_eq!(read(Lang::Kk, "екі мың жиырмасыншы"), vec![2020]);
        assert_eq!(
            read(Lang::Kk, "үш жүз жетпіс миллиард"),
            vec![370_000_000_000]
        );
        assert_eq!(
            read(Lang::Kk, "үш триллион үш жүз жетпіс жеті миллиард"),
            vec![3_377_000_000_000]
        );
        assert_eq!(read(Lang::Kk, "елу үш мың бес жүз отыз"), vec![53_530]);
        assert_eq!(read(Lang::Kk, "бір триллион"), vec![1_000_000_000_000]);
        assert_eq!(read(Lang::Kk, "он мың"), vec![10_000]);
    }

    #[test]
    fn russian_and_english_numbers_compose_by_groups() {
        assert_eq!(read(Lang::Ru, "три миллиона двести тысяч"), vec![3_200_000]);
        assert_eq!(read(Lang::Ru, "двести двадцать пять"), vec![225]);
        assert_eq!(read(Lang::Ru, "одна тысяча девятьсот"), vec![1900]);
        assert_eq!(read(Lang::Ru, "пять тысяч"), vec![5000]);
        assert_eq!(read(Lang::En, "two hundred twenty thousand"), vec![220_000]);
        assert_eq!(read(Lang::En, "one hundred"), vec![100]);
        assert_eq!(read(Lang::En, "five million"), vec![5_000_000]);
    }

    #[test]
    fn words_that_cannot_continue_a_number_start_another() {
        // Two counts side by side stay two numbers.
        assert_eq!(read(Lang::En, "five two"), vec![5, 2]);
        assert_eq!(read(Lang::Kk, "он он"), vec![10, 10]);
        assert_eq!(read(Lang::Kk, "екі үш"), vec![2, 3]);
        // Scales only go down: "мың мың" is two thousands ("бес мың алты"
        // is 5006, so the second scale starts the next number).
        assert_eq!(read(Lang::Kk, "бес мың мың"), vec![5000, 1000]);
        assert_eq!(read(Lang::Kk, "бес мың алты"), vec![5006]);
        assert_eq!(read(Lang::Ru, "двадцать тридцать"), vec![20, 30]);
    }

    #[test]
    fn one_and_plural_scales_alone_are_not_numbers() {
        assert_eq!(read(Lang::Kk, "бір"), Vec::<u64>::new());
        assert_eq!(read(Lang::Ru, "тысячи"), Vec::<u64>::new());
        assert_eq!(read(Lang::En, "millions"), Vec::<u64>::new());
        assert_eq!(read(Lang::Ru, "две тысячи"), vec![2000]);
        assert_eq!(read(Lang::Kk, "мың"), vec![1000]);
        assert_eq!(read(Lang::Ru, "тысяча"), vec![1000]);
    }

    #[test]
    fn kazakh_ordinals_name_their_cardinal() {
        for (word, n) in [
            ("бірінші", Part::One),
            ("екінші", Part::Unit(2)),
            ("үшінші", Part::Unit(3)),
            ("бесінші", Part::Unit(5)),
            ("алтыншы", Part::Unit(6)),
            ("тоғызыншы", Part::Unit(9)),
            ("оныншы", Part::Teen(10)),
            ("жиырмасыншы", Part::Tens(20)),
            ("отызыншы", Part::Tens(30)),
        ] {
            assert_eq!(part(Lang::Kk, word), Some(n), "{word}");
        }
        // Not every word ending in -ншы is an ordinal.
        assert_eq!(part(Lang::Kk, "басшы"), None);
        assert_eq!(part(Lang::Kk, "жүргінші"), None);
    }

    #[test]
    fn figures_take_scales_written_or_abbreviated() {
        let both = |a: Part, b: Part| {
            let mut n = Numeral::start(a);
            n.push(b).then(|| n.value()).flatten()
        };
        let bn = attached_scale("bn").unwrap_or(Part::One);
        assert_eq!(
            both(figure("1.0").unwrap_or(Part::One), bn),
            Some(1_000_000_000)
        );
        assert_eq!(
            both(figure("1.5").unwrap_or(Part::One), bn),
            Some(1_500_000_000)
        );
        let million = part(Lang::En, "million").unwrap_or(Part::One);
        assert_eq!(
            both(figure("250").unwrap_or(Part::One), million),
            Some(250_000_000)
        );
        assert_eq!(figure_with_scale("250m"), Some(250_000_000));
        assert_eq!(figure_with_scale("1bn"), Some(1_000_000_000));
        assert_eq!(figure_with_scale("2.5k"), Some(2_500));
        assert_eq!(figure_with_scale("5km"), None);
        // An abbreviation is a whole word: "TNS" is a name, not "trillions".
        assert_eq!(part(Lang::En, "tns"), None);
        assert_eq!(attached_scale("tns"), None);
        assert_eq!(attached_scale("млн"), part(Lang::Ru, "миллион"));
        assert_eq!(figure("1234"), None);
        assert_eq!(figure("6.31"), Some(Part::Decimal(6310)));
    }

    #[test]
    fn short_cyrillic_endings_after_a_hyphenated_digit_are_endings() {
        let text = "2013-інші жылы 10000-нан астам, 5-летний план, 10-year plan";
        let word = |w: &str| &text[text.find(w).unwrap_or(0)..][..w.len()];
        assert!(is_digit_ending(text, word("інші")));
        assert!(is_digit_ending(text, word("нан")));
        assert!(!is_digit_ending(text, word("летний")));
        assert!(!is_digit_ending(text, word("year")));
        assert!(!is_digit_ending(text, word("жылы")));
    }
}

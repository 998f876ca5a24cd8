//! Abbreviations newsrooms write for the same word ("млрд" / "миллиардов",
//! "долл." / "долларов", "bn" / "billion"): each is read as its full word,
//! so it stems to the same term. Only standard abbreviations of amounts and
//! units, which mean one word wherever they stand, and the two of country
//! names that Russian news uses as often as the names (РФ = Россия, КНР =
//! Китай; "КНДР" is not "Корея": that would make it South Korea too).

use super::words::Lang;

const RU: &[(&str, &str)] = &[
    ("тыс", "тысяча"),
    ("млн", "миллион"),
    ("млрд", "миллиард"),
    ("трлн", "триллион"),
    ("долл", "доллар"),
    ("руб", "рубль"),
    ("км", "километр"),
    ("кг", "килограмм"),
    ("чел", "человек"),
    ("рф", "россия"),
    ("кнр", "китай"),
];

const EN: &[(&str, &str)] = &[
    ("mln", "million"),
    ("mn", "million"),
    ("bn", "billion"),
    ("bln", "billion"),
    ("trln", "trillion"),
    ("tn", "trillion"),
    ("pct", "percent"),
];

/// The full word a case-folded abbreviation stands for, if it is one.
pub fn full_form(lang: Lang, word: &str) -> Option<&'static str> {
    // Every abbreviation is at most 4 letters (8 bytes in Cyrillic): most
    // words skip the lookup.
    if word.len() > 8 {
        return None;
    }
    let table = match lang {
        Lang::Ru | Lang::Kk => RU,
        Lang::En => EN,
    };
    table
        .iter()
        .find(|(a, _)| *a == word)
        .map(|(_, full)| *full)
}

/// A year written with the Russian "г." (год) or "гг." glued to it
/// ("2013г.") as its digits; any other word unchanged.
pub fn year_digits(word: &str) -> &str {
    let digits = word
        .strip_suffix("гг")
        .or_else(|| word.strip_suffix('г'))
        .unwrap_or(word);
    if !digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits
    } else {
        word
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::stem_set;

    #[test]
    fn abbreviations_stem_as_their_words() {
        assert_eq!(stem_set("5 млрд долл."), stem_set("5 миллиардов долларов"));
        assert_eq!(stem_set("50 руб."), stem_set("50 рублей"));
        assert_eq!(stem_set("3 тыс. человек"), stem_set("3 тысячи человек"));
        assert_eq!(stem_set("$5 bn deal"), stem_set("$5 billion deal"));
        assert_eq!(
            stem_set("Санкции против РФ"),
            stem_set("Санкции против России")
        );
        assert_eq!(stem_set("бюджет до 2020г."), stem_set("бюджет до 2020 г."));
        assert_eq!(super::year_digits("2020г"), "2020");
        assert_eq!(super::year_digits("рг"), "рг");
    }
}

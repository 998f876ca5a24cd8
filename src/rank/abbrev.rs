//! Abbreviations newsrooms write for the same word ("млрд" / "миллиардов",
//! "долл." / "долларов", "bn" / "billion"): each is read as its full word,
//! so it stems to the same term. Only standard abbreviations of amounts and
//! units, which mean one word wherever they stand, and the two of country
//! names that Russian news uses as often as the names (РФ = Россия, КНР =
//! Китай; "КНДР" is not "Корея": that would make it South Korea too); and
//! in Kazakh text the Kazakh abbreviations of names as the Russian ones
//! (ҚР = РК, АҚШ = США, КСРО = СССР, ТЖМ = МЧС…).

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

/// Kazakh abbreviations of names read as the Russian ones they translate
/// (both official, and Kazakhstani news writes each in its language): a
/// Kazakh and a Russian report of one event then share the name ("ҚР ТЖМ"
/// / "МЧС РК", "АҚШ" / "США", "КСРО" / "СССР"). Only in a Kazakh text.
const KK: &[(&str, &str)] = &[
    ("қр", "рк"),
    ("ақш", "сша"),
    ("ксро", "ссср"),
    ("бұұ", "оон"),
    ("тмд", "снг"),
    ("қхр", "китай"),
    ("ео", "ес"),
    ("тжм", "мчс"),
    ("іім", "мвд"),
    ("сім", "мид"),
    ("ұқк", "кнб"),
    ("бақ", "сми"),
    ("жоо", "вуз"),
    ("ұбт", "ент"),
    ("шқо", "вко"),
    ("бқо", "зко"),
    ("сқо", "ско"),
    ("оқо", "юко"),
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
    let tables: &[&[(&str, &str)]] = match lang {
        Lang::Ru => &[RU],
        Lang::Kk => &[KK, RU],
        Lang::En => &[EN],
    };
    tables
        .iter()
        .flat_map(|t| t.iter())
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

    #[test]
    fn kazakh_abbreviations_of_names_meet_the_russian_ones() {
        let shared = |kk: &str, ru: &str| {
            let (a, b) = (stem_set(kk), stem_set(ru));
            a.iter().any(|t| b.contains(t))
        };
        assert!(shared("АҚШ-та әскери ұшақ құлады", "Ураган в США"));
        assert!(shared("ҚР ТЖМ хабарлады", "сообщили в МЧС"));
        assert!(shared("ҚР ТЖМ хабарлады", "МЧС РК"));
        assert!(shared("КСРО билік органдары", "власти СССР"));
        assert!(shared("ШҚО-да автобус өртенді", "В ВКО загорелся автобус"));
        assert!(shared("ҚХР делегациясы келді", "делегация КНР"));
        // Only in a Kazakh text: a Russian "ЕО" stays itself.
        assert_ne!(stem_set("ЕО и ЕС"), stem_set("ЕС"));
    }
}

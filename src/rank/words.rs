//! Word lists and folds of the three languages: stop words, number words,
//! month names, and the transliteration fold that makes one name spelt in
//! Kazakh Cyrillic, Russian Cyrillic or Latin one key
//! (Тоқаев / Токаев / Tokayev, Алматы / Almaty).

use std::collections::{HashMap, HashSet};

use std::sync::LazyLock;

/// Words that carry no topic, per language, compared after case folding
/// and ё→е. Number words are not here: they are facts (see `number`).
const STOP_EN: &str = "a an and are as at be been being but by for from has have had he her his \
    him in into is it its of on or over she says said say that the their them they this these \
    those to was were will would with after about amid new not no than who whom what which how \
    why when where we you your our us i me my up out off more most also just can could may might \
    should shall do does did so if then there here all any some such only own same too very";
const STOP_RU: &str = "и в во на с со по к ко о об обо от до из за для не ни что как это этот \
    эта эти этого этой его ее их а но или же ли бы у при над под про без также уже был была были \
    было будет будут он она оно они мы вы я ты так то все всех всё чем где когда после более может \
    могут есть между перед через свой своего свою своих который которая которые которых только \
    еще ещё даже вот там тут себя себе нам вам им ей ему него нее них";
const STOP_KK: &str = "және мен бен пен да де та те бұл сол осы үшін деп ол олар біз сіз сен \
    мен ма ме ба бе па пе жоқ бар емес еді қазір тағы ғана туралы арқылы бойынша кейін дейін неге \
    қалай жаңа енді әлі тек сондай мұндай оның оны оған онда одан барлық біраз кез кезде соң \
    қатысты байланысты";

static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [STOP_EN, STOP_RU, STOP_KK]
        .iter()
        .flat_map(|list| list.split_whitespace())
        .collect()
});

/// Longest stop word in bytes: longer words skip the set lookup.
const MAX_STOP_WORD_BYTES: usize = 24;

/// Whether a case-folded word is a stop word of any of the three languages.
pub fn is_stop_word(word: &str) -> bool {
    word.len() <= MAX_STOP_WORD_BYTES && STOP_WORDS.contains(word)
}

/// Number words from two to twenty, the tens and a hundred, as folded
/// surface forms with their values. Russian numerals decline, so their
/// case forms are listed; Kazakh ones take suffixes, which the Kazakh
/// stemmer strips (asking this list on the way). "One" (one, один, бір) is
/// left out on purpose: in all three languages it is as often an article
/// or a pronoun ("one of", "один из", "бір" = "a") as a count.
const NUMBERS_EN: &[(&str, u32)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
];

/// Russian: nominative, then the oblique forms.
const NUMBERS_RU: &[(&str, u32)] = &[
    ("два", 2),
    ("две", 2),
    ("двух", 2),
    ("двум", 2),
    ("двумя", 2),
    ("двое", 2),
    ("двоих", 2),
    ("три", 3),
    ("трех", 3),
    ("трем", 3),
    ("тремя", 3),
    ("трое", 3),
    ("троих", 3),
    ("четыре", 4),
    ("четырех", 4),
    ("четырем", 4),
    ("четырьмя", 4),
    ("четверо", 4),
    ("пятеро", 5),
    ("шестеро", 6),
    ("семеро", 7),
    ("сорок", 40),
    ("сорока", 40),
    ("пятьдесят", 50),
    ("пятидесяти", 50),
    ("шестьдесят", 60),
    ("шестидесяти", 60),
    ("семьдесят", 70),
    ("семидесяти", 70),
    ("восемьдесят", 80),
    ("восьмидесяти", 80),
    ("девяносто", 90),
    ("девяноста", 90),
    ("сто", 100),
    ("ста", 100),
];

/// Russian numerals in -ь decline as -ь/-и/-ью (пять, пяти, пятью).
const NUMBERS_RU_SOFT: &[(&str, u32)] = &[
    ("пять", 5),
    ("шесть", 6),
    ("семь", 7),
    ("девять", 9),
    ("десять", 10),
    ("одиннадцать", 11),
    ("двенадцать", 12),
    ("тринадцать", 13),
    ("четырнадцать", 14),
    ("пятнадцать", 15),
    ("шестнадцать", 16),
    ("семнадцать", 17),
    ("восемнадцать", 18),
    ("девятнадцать", 19),
    ("двадцать", 20),
    ("тридцать", 30),
];

const NUMBERS_KK: &[(&str, u32)] = &[
    ("екі", 2),
    ("үш", 3),
    ("төрт", 4),
    ("бес", 5),
    ("алты", 6),
    ("жеті", 7),
    ("сегіз", 8),
    ("тоғыз", 9),
    ("он", 10),
    ("жиырма", 20),
    ("отыз", 30),
    ("қырық", 40),
    ("елу", 50),
    ("алпыс", 60),
    ("жетпіс", 70),
    ("сексен", 80),
    ("тоқсан", 90),
    ("жүз", 100),
    // Collective numerals: "екеуі" (the two of them).
    ("екеу", 2),
    ("үшеу", 3),
    ("төртеу", 4),
    ("бесеу", 5),
];

/// Word → value, one map per language (looked up by `&str`, no allocation).
#[derive(Default)]
struct ByLang([HashMap<String, u32>; 3]);

impl ByLang {
    fn insert(&mut self, (lang, word): (Lang, String), value: u32) {
        self.0[lang as usize].insert(word, value);
    }

    fn get(&self, lang: Lang, word: &str) -> Option<u32> {
        self.0[lang as usize].get(word).copied()
    }
}

/// Which language a word is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ru,
    Kk,
}

static NUMBERS: LazyLock<ByLang> = LazyLock::new(|| {
    let mut m = ByLang::default();
    for &(w, v) in NUMBERS_EN {
        m.insert((Lang::En, w.to_string()), v);
    }
    for &(w, v) in NUMBERS_RU {
        m.insert((Lang::Ru, w.to_string()), v);
    }
    for &(w, v) in NUMBERS_RU_SOFT {
        let base = w.trim_end_matches('ь');
        for form in [w.to_string(), format!("{base}и"), format!("{w}ю")] {
            m.insert((Lang::Ru, form), v);
        }
    }
    // восемь declines with a fleeting е: восьми, восемью.
    for form in ["восемь", "восьми", "восемью"] {
        m.insert((Lang::Ru, form.to_string()), 8);
    }
    for &(w, v) in NUMBERS_KK {
        m.insert((Lang::Kk, w.to_string()), v);
    }
    m
});

/// The value of a folded number word of `lang`, if it is one.
pub fn number_word(lang: Lang, word: &str) -> Option<u32> {
    if word.len() > 40 {
        return None;
    }
    NUMBERS.get(lang, word)
}

/// Month names as folded forms → month number. English "March" and "May"
/// are left out (a verb and a modal far more often than a date).
const MONTHS_EN: &[&str] = &[
    "january",
    "february",
    "",
    "april",
    "",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// Russian months in the nominative; the case forms are derived.
const MONTHS_RU: &[&str] = &[
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
/// Kazakh months (their case forms reach here through the stemmer).
const MONTHS_KK: &[&str] = &[
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

/// Standard abbreviations of month names (newsrooms write "Sept. 7",
/// "7 дек."), as (abbreviation, month). English "jan" (a given name),
/// "mar" and "may" (words), and Russian "май", "март" (already whole),
/// are left out.
const MONTH_ABBREVIATIONS: &[(Lang, &str, u32)] = &[
    (Lang::En, "feb", 2),
    (Lang::En, "apr", 4),
    (Lang::En, "jun", 6),
    (Lang::En, "jul", 7),
    (Lang::En, "aug", 8),
    (Lang::En, "sep", 9),
    (Lang::En, "sept", 9),
    (Lang::En, "oct", 10),
    (Lang::En, "nov", 11),
    (Lang::En, "dec", 12),
    (Lang::Ru, "янв", 1),
    (Lang::Ru, "фев", 2),
    (Lang::Ru, "февр", 2),
    (Lang::Ru, "апр", 4),
    (Lang::Ru, "авг", 8),
    (Lang::Ru, "сент", 9),
    (Lang::Ru, "окт", 10),
    (Lang::Ru, "нояб", 11),
    (Lang::Ru, "дек", 12),
];

static MONTHS: LazyLock<ByLang> = LazyLock::new(|| {
    let mut m = ByLang::default();
    for &(lang, w, month) in MONTH_ABBREVIATIONS {
        m.insert((lang, w.to_string()), month);
    }
    for (i, w) in MONTHS_EN.iter().enumerate() {
        if !w.is_empty() {
            m.insert((Lang::En, w.to_string()), i as u32 + 1);
        }
    }
    for (i, w) in MONTHS_RU.iter().enumerate() {
        // январь, января, январе, январю; май, мая, мае, маю; март, марта…
        let base = w.trim_end_matches(['ь', 'й']);
        let forms = if base.len() < w.len() {
            vec![
                w.to_string(),
                format!("{base}я"),
                format!("{base}е"),
                format!("{base}ю"),
            ]
        } else {
            vec![
                w.to_string(),
                format!("{w}а"),
                format!("{w}е"),
                format!("{w}у"),
            ]
        };
        for f in forms {
            m.insert((Lang::Ru, f), i as u32 + 1);
        }
    }
    for (i, w) in MONTHS_KK.iter().enumerate() {
        m.insert((Lang::Kk, w.to_string()), i as u32 + 1);
    }
    m
});

/// The month number of a folded month name of `lang`.
pub fn month_word(lang: Lang, word: &str) -> Option<u32> {
    if word.len() > 40 {
        return None;
    }
    MONTHS.get(lang, word)
}

/// One key for a stem in any of the three scripts, so that a name spelt
/// in Kazakh, Russian or Latin letters compares equal:
///
/// 1. Kazakh letters become their nearest Russian ones (ә→а, ғ→г, қ→к,
///    ң→н, ө→о, ұ ү→у, һ→х, і→и);
/// 2. Cyrillic is transliterated to Latin (ж→zh, х→kh, ц→ts, ч→ch, ш→sh,
///    щ→shch, ю→yu, я→ya; ъ ь dropped);
/// 3. the spellings that transliterations disagree on are levelled: kh→h
///    (Khabarovsk/Хабаровск), y and j dropped (Tokayev/Токаев → tokaev,
///    й/ы/y), doubled letters single (Hassan/Хасан), and trailing vowels
///    dropped (Almaty/Алматы after either stemmer).
///
/// Inside one language this changes no distinctions a headline relies on
/// (the letters merged are spelling variants), so every stem goes through
/// it; across scripts it is what makes names meet.
pub fn translit_key(stem: &str, out: &mut String) {
    out.clear();
    if stem.chars().all(|c| c.is_ascii_digit() || c == '.') {
        out.push_str(stem);
        return;
    }
    let mut latin = String::with_capacity(stem.len() + 4);
    for c in stem.chars() {
        let s: &str = match c {
            'а' | 'ә' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ғ' => "g",
            'д' => "d",
            'е' | 'э' | 'ё' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' => "i",
            'й' => "y",
            'к' | 'қ' => "k",
            'л' => "l",
            'м' => "m",
            'н' | 'ң' => "n",
            'о' | 'ө' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ұ' | 'ү' => "u",
            'ф' => "f",
            'х' | 'һ' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            _ => {
                latin.push(c);
                continue;
            }
        };
        latin.push_str(s);
    }
    let latin = latin.replace("kh", "h");
    let mut prev: Option<char> = None;
    for c in latin.chars() {
        if c == 'y' || c == 'j' || Some(c) == prev {
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    while out.chars().count() > 3 && out.ends_with(['a', 'e', 'i', 'o', 'u']) {
        out.pop();
    }
    if out.is_empty() {
        // A stem of only dropped letters keeps a key of its own.
        out.push_str(stem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        let mut out = String::new();
        translit_key(s, &mut out);
        out
    }

    #[test]
    fn names_meet_across_scripts() {
        assert_eq!(key("тоқаев"), key("токаев"));
        assert_eq!(key("токаев"), key("tokayev"));
        assert_eq!(key("алмат"), key("almati"));
        assert_eq!(key("хабаровск"), key("khabarovsk"));
        assert_eq!(key("6.31"), "6.31");
        assert_ne!(key("нефт"), key("газ"));
    }

    #[test]
    fn number_words_of_three_languages() {
        assert_eq!(number_word(Lang::Kk, "екі"), Some(2));
        assert_eq!(number_word(Lang::Ru, "двух"), Some(2));
        assert_eq!(number_word(Lang::En, "two"), Some(2));
        assert_eq!(number_word(Lang::Kk, "үш"), Some(3));
        assert_eq!(number_word(Lang::Ru, "три"), Some(3));
        assert_eq!(number_word(Lang::Ru, "пятнадцати"), Some(15));
        assert_eq!(number_word(Lang::Ru, "восьми"), Some(8));
        assert_eq!(number_word(Lang::En, "twenty"), Some(20));
        // "он" is "he" in Russian, ten in Kazakh.
        assert_eq!(number_word(Lang::Ru, "он"), None);
        assert_eq!(number_word(Lang::Kk, "он"), Some(10));
        assert_eq!(number_word(Lang::En, "one"), None);
    }

    #[test]
    fn months_in_their_case_forms() {
        assert_eq!(month_word(Lang::Ru, "января"), Some(1));
        assert_eq!(month_word(Lang::Ru, "мая"), Some(5));
        assert_eq!(month_word(Lang::Ru, "марте"), Some(3));
        assert_eq!(month_word(Lang::En, "june"), Some(6));
        assert_eq!(month_word(Lang::En, "may"), None);
        assert_eq!(month_word(Lang::Kk, "желтоқсан"), Some(12));
    }

    #[test]
    fn stop_words_of_three_languages() {
        for w in [
            "жаңа",
            "және",
            "бойынша",
            "туралы",
            "үшін",
            "мен",
            "бен",
            "пен",
        ] {
            assert!(is_stop_word(w), "{w}");
        }
        assert!(is_stop_word("the") && is_stop_word("который"));
        assert!(!is_stop_word("нефть"));
    }
}

//! The one folding rule for matching what a person types against text:
//! the `/` filter folds with it, and search (`search_query`) spells its
//! е/ё alternatives by the same rule, so both find the same words.
//!
//! - Case is ignored in every script (Kazakh Ә/ә, Қ/қ, І/і, Russian Ё/ё…).
//! - Latin accents are ignored (café = cafe, İ = i), as the search index's
//!   `remove_diacritics` does; Cyrillic letters keep theirs (й is not и).
//! - Russian writes ё or е for the same letter, so е and ё are one letter —
//!   except in a word with a letter only Kazakh has, where ё is its own
//!   letter (Kazakh writes ё only in a few Russian loans).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Letters of the Kazakh alphabet that Russian does not have.
pub const KAZAKH_ONLY: &str = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";

/// Whether е and ё are the same letter in `word` (not a Kazakh word).
pub fn yo_is_e(word: &str) -> bool {
    !word.chars().any(|c| KAZAKH_ONLY.contains(c))
}

/// `text` folded for matching: lowercase, Latin accents off, ё as е in
/// the words where they are one letter. Fold the query and the text alike
/// and compare with `contains`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        for l in c.to_lowercase() {
            if is_latin_with_accent(l) {
                out.extend(l.nfd().filter(|m| !is_combining_mark(*m)));
            } else if !(is_combining_mark(l) && out.chars().last().is_some_and(is_latin)) {
                out.push(l);
            }
        }
    }
    if !out.contains('ё') {
        return out;
    }
    // Per word: a word is a run of alphanumeric characters.
    let mut folded = String::with_capacity(out.len());
    let mut word = String::new();
    let flush = |word: &mut String, folded: &mut String| {
        if yo_is_e(word) {
            folded.extend(word.chars().map(|c| if c == 'ё' { 'е' } else { c }));
        } else {
            folded.push_str(word);
        }
        word.clear();
    };
    for c in out.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut folded);
            folded.push(c);
        }
    }
    flush(&mut word, &mut folded);
    folded
}

/// The first character of `fold` of a word starting with `c`, before the
/// word's е/ё rule (which may still make a leading ё an е): a cheap test
/// that a word cannot match a folded needle, without folding the word.
pub fn fold_first(c: char) -> Option<char> {
    let l = c.to_lowercase().next()?;
    if is_latin_with_accent(l) {
        l.nfd().find(|m| !is_combining_mark(*m))
    } else {
        Some(l)
    }
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

fn is_latin_with_accent(c: char) -> bool {
    !c.is_ascii() && is_latin(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_of_kazakh_and_russian_letters() {
        assert_eq!(
            fold("ҚАЗАҚСТАН Әлемі ІЗДЕУ Ұлы Үміт Өмір Ғылым Ңң Һ"),
            "қазақстан әлемі іздеу ұлы үміт өмір ғылым ңң һ"
        );
        assert_eq!(fold("АЛМАТЫ Ёлка"), "алматы елка");
    }

    #[test]
    fn yo_is_e_in_russian_words_only() {
        assert_eq!(fold("Отчёт"), fold("отчет"));
        assert_eq!(fold("всё, ёж"), "все, еж");
        // A Kazakh word keeps its ё; the Russian word beside it folds.
        assert_eq!(fold("ёқ ёж"), "ёқ еж");
        // й stays (Cyrillic keeps its marks).
        assert_eq!(fold("Май"), "май");
    }

    #[test]
    fn fold_first_is_the_first_character_of_the_fold() {
        for word in [
            "Қазақстан",
            "Ёлка",
            "ёқ",
            "École",
            "İstanbul",
            "Ölke",
            "ß",
            "Ǆemal",
            "5G",
            "ǅ",
            "Ωmega",
            "\u{0301}a",
            "Ⅻ",
        ] {
            let first = word.chars().next().and_then(fold_first);
            let folded = fold(word).chars().next();
            let yo = first == Some('ё') && folded == Some('е');
            assert!(first == folded || yo, "{word}: {first:?} vs {folded:?}");
        }
    }

    #[test]
    fn latin_accents_and_dotted_i() {
        assert_eq!(fold("Café NAÏVE"), "cafe naive");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Şymkent Ölke"), "symkent olke");
    }
}

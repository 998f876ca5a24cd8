//! Which script a word is written in, for the names rule of
//! `similar::Window::contradict`.
//!
//! Kazakh and Russian news write a foreign name either in Latin letters
//! (`Facebook`, `Atlantic Council`, `IT`) or spelt in Cyrillic by its
//! sound (`Фейсбук`, `Атлантик каунсэл`, `АйТи`). The transliteration fold
//! (`words::translit_key`) bridges a Cyrillic spelling and a Latin
//! romanisation of one name (`Токаев` / `Tokayev`), but not an English
//! spelling and its Cyrillic rendering by ear: `facebook` and `fejsbuk`
//! share no key. So a name in one script that the other title does not
//! contain says nothing when the other title uses no word of that script:
//! it could only have written the name in another one.

/// Whether `word` is written in Latin letters: it has a letter, and every
/// letter is Latin (ASCII, Latin-1 and Latin Extended, as `Nūr`, `Şahin`).
/// A word mixing scripts (a Latin `A` typed into `Aстана`) is not.
pub fn is_latin(word: &str) -> bool {
    let mut lettered = false;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if !is_latin_letter(c) {
            return false;
        }
        lettered = true;
    }
    lettered
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c != '×' && c != '÷'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::RankSettings;
    use crate::domain::{ArticleId, FeedId, Signals};
    use crate::rank::{RankArticle, cluster::same_story_pairs};
    use chrono::{TimeZone, Utc};

    /// The clusterer's "same story?" answer for each pair of titles.
    fn same(pairs: &[(&str, &str)]) -> Vec<bool> {
        let articles: Vec<RankArticle> = pairs
            .iter()
            .flat_map(|(a, b)| [*a, *b])
            .enumerate()
            .map(|(i, title)| RankArticle {
                id: ArticleId(i as i64),
                feed_id: FeedId(i as i64),
                title: title.to_string(),
                summary: None,
                link: None,
                date: Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap(),
                signals: Signals::default(),
                fingerprint: None,
            })
            .collect();
        let idx: Vec<(usize, usize)> = (0..pairs.len()).map(|k| (2 * k, 2 * k + 1)).collect();
        same_story_pairs(&articles, &idx, &RankSettings::default())
    }

    #[test]
    fn a_name_the_other_title_could_only_spell_in_cyrillic_is_not_a_contradiction() {
        // Real sentences of Kazakh TV news (KazNERD), each spelt two ways:
        // each side has a name the other lacks, in another script.
        assert_eq!(
            same(&[
                (
                    "Мәселен, «Фейсбук» желісінде Қанат Нұрғалиев есімімен тіркелген қолданушы дауыс беруге шақырған.",
                    "Мәселен, Facebook желісінде Қанат Нұрғалиев есімімен тіркелген қолданушы дауыс беруге шақырған.",
                ),
                // An acronym spelt by its letters' names.
                (
                    "Мұндайда АйТи-саланың маманы шаруасын смартфондағы қосымша арқылы жүргізеді.",
                    "Мұндайда IT-саланың маманы шаруасын смартфондағы қосымша арқылы жүргізеді.",
                ),
            ]),
            [true, true]
        );
    }

    #[test]
    fn names_the_other_title_could_have_spelt_still_contradict() {
        // Both titles use Latin (or both only Cyrillic) for their names:
        // different names are different news.
        assert_eq!(
            same(&[
                (
                    "Мәселен, Facebook желісінде Қанат Нұрғалиев есімімен тіркелген қолданушы дауыс беруге шақырған.",
                    "Мәселен, Twitter желісінде Қанат Нұрғалиев есімімен тіркелген қолданушы дауыс беруге шақырған.",
                ),
                (
                    "Мәселен, «Фейсбук» желісінде Қанат Нұрғалиев есімімен тіркелген қолданушы дауыс беруге шақырған.",
                    "Мәселен, «Твиттер» желісінде Қанат Нұрғалиев есімімен тіркелген қолданушы дауыс беруге шақырған.",
                ),
            ]),
            [false, false]
        );
    }

    #[test]
    fn latin_words_are_those_whose_letters_are_all_latin() {
        for w in ["Facebook", "IT", "Nūr", "Şahin", "G20", "Kia"] {
            assert!(is_latin(w), "{w}");
        }
        for w in ["Фейсбук", "АйТи", "Қазақстан", "Aстана", "2013", "", "東京"]
        {
            assert!(!is_latin(w), "{w}");
        }
    }
}

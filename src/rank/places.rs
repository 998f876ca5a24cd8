//! Russian adjectives of places read as the place, and the words of the
//! four directions read as one term in Russian and Kazakh.
//!
//! Russian names a place in an attribute by an adjective far more often
//! than English does: "Саратовской области" is the Saratov region,
//! "Вологодский полицейский" a policeman from Vologda, "Астанинский завод"
//! a factory in Astana. Kazakh, like English, puts the name itself there
//! ("Астанадағы зауыт", "Шығыс Қазақстан облысы"), and another Russian
//! report of one event writes "в Вологде". So a report that says the place
//! by its adjective and one that says its name should share the place.
//!
//! The adjective of a place is the place + `-ск-` + an adjective ending
//! (`Павлодар` → `павлодарский`, `Саратов` → `саратовской`); a place in
//! `-ия` gives `-ийск-` (`Сирия` → `сирийский`, `Россия` → `российский`),
//! in `-ай` `-айск-` (`Китай` → `китайский`), and one ending in a vowel
//! usually `-инск-` (`Астана` → `астанинский`, `Алматы` → `алматинский`,
//! `Караганда` → `карагандинский`). Read backwards: the word without
//! `-ск-` and its ending, without a final `-й` (whose vowel the
//! transliteration fold then drops, as it drops the `-я` of `Сирия`), and
//! without `-ин` when at least five letters remain (so `пекинский` stays
//! `пекин`, `берлинский` `берлин`: a short stem in `-ин` is the name's
//! own). Only when what remains is at least four letters and ends in a
//! consonant: the adjectives of common nouns in `-еск-` (`человеческий`,
//! `политический`) and short ones (`детский`, `мужской`) are left as
//! they are. Irregular ones (`московский`, `актюбинский`) do not meet
//! their place.

/// Adjective endings after `-ск-`, longest first, then the case endings
/// of a town's name in `-ск` (`Омск`, `Красноярск`), which was an
/// adjective of a place itself and shares `-ском` with one ("под
/// Красноярском", "в Красноярском крае"): both read as `краснояр`.
const ENDINGS: &[&str] = &[
    "ими", "ыми", "ого", "его", "ому", "ему", "ий", "ый", "ой", "ая", "ое", "ую", "ые", "ие", "ых",
    "их", "ым", "им", "ом", "ем", "ей", "яя", "а", "у", "е", "",
];

fn is_vowel(c: char) -> bool {
    "аеёиоуыэюяәөұүіaeiou".contains(c)
}

/// A town's name in `-ск` (`Хабаровск`, `Khabarovsk`, `Новосибирскіде`
/// once its Kazakh case is off) without the `-ск`, as the Russian one
/// reads (`russian_place`): Kazakh and English texts write the Russian
/// name, uninflected or with their own endings, and must meet it.
/// Neither language ends its own words in a consonant + `sk`/`ск` of four
/// letters before (`task`, `risk`, `kiosk` have a vowel there). Kazakh
/// adds a vowel after the cluster before its endings.
pub fn town_in_sk(stem: &str) -> Option<&str> {
    let stem = stem
        .strip_suffix('і')
        .or_else(|| stem.strip_suffix('ы'))
        .unwrap_or(stem);
    let base = stem
        .strip_suffix("ск")
        .or_else(|| stem.strip_suffix("sk"))?;
    let last = base.chars().next_back()?;
    (base.chars().count() >= 4 && !is_vowel(last)).then_some(base)
}

/// The place a folded (lowercase) Russian word names, when it is an
/// adjective of a place (see the module docs): `вологодский` → `вологод`,
/// `российских` → `росси`, `астанинский` → `астан`.
pub fn russian_place(word: &str) -> Option<&str> {
    let stem = ENDINGS
        .iter()
        .find_map(|e| word.strip_suffix(e))?
        .strip_suffix("ск")?;
    let last = stem.chars().next_back()?;
    if stem.chars().count() < 4 || is_vowel(last) {
        return None;
    }
    if let Some(s) = stem.strip_suffix('й') {
        return Some(s);
    }
    match stem.strip_suffix("ин") {
        Some(s) if s.chars().count() >= 5 => Some(s),
        _ => Some(stem),
    }
}

/// Russian stems of the directions as adjectives (Snowball's, and a
/// name's without its case ending: `Восточно-`, `Восточный`) → the noun.
/// "Восточно-Казахстанская область" is "Шығыс Қазақстан облысы"; "на
/// юге", "южный" are one direction.
const RU_DIRECTIONS: &[(&str, &str)] = &[
    ("восточн", "восток"),
    ("восточны", "восток"),
    ("западн", "запад"),
    ("западны", "запад"),
    ("северн", "север"),
    ("северны", "север"),
    ("южн", "юг"),
    ("южны", "юг"),
];

/// English adjectives of the directions and the abbreviations of the
/// points between them (folded) → the noun: "northern Syria" and "north
/// Syria", "NW Pakistan" and "northwest Pakistan" are one place.
const EN_DIRECTIONS: &[(&str, &str)] = &[
    ("northern", "north"),
    ("southern", "south"),
    ("eastern", "east"),
    ("western", "west"),
    ("northeastern", "northeast"),
    ("northwestern", "northwest"),
    ("southeastern", "southeast"),
    ("southwestern", "southwest"),
    ("nw", "northwest"),
    ("ne", "northeast"),
    ("sw", "southwest"),
    ("se", "southeast"),
];

/// The direction a folded English word names, as the noun (`EN_DIRECTIONS`).
pub fn english_direction(word: &str) -> Option<&'static str> {
    EN_DIRECTIONS
        .iter()
        .find(|(adj, _)| *adj == word)
        .map(|(_, noun)| *noun)
}

/// The direction a Russian stem names, as the Russian noun.
pub fn russian_direction(stem: &str) -> Option<&'static str> {
    RU_DIRECTIONS
        .iter()
        .find(|(adj, _)| *adj == stem)
        .map(|(_, noun)| *noun)
}

#[cfg(test)]
mod tests {
    use super::super::text::stem_set;
    use super::*;

    #[test]
    fn adjectives_of_places_give_the_place() {
        assert_eq!(russian_place("вологодский"), Some("вологод"));
        assert_eq!(russian_place("саратовской"), Some("саратов"));
        assert_eq!(russian_place("российских"), Some("росси"));
        assert_eq!(russian_place("астанинский"), Some("астан"));
        assert_eq!(russian_place("карагандинской"), Some("караганд"));
        // A short stem in -ин is the name's own.
        assert_eq!(russian_place("пекинский"), Some("пекин"));
        // A town in -ск and its adjective.
        assert_eq!(russian_place("красноярском"), Some("краснояр"));
        assert_eq!(russian_place("красноярске"), Some("краснояр"));
        assert_eq!(russian_place("красноярск"), Some("краснояр"));
        assert_eq!(town_in_sk("khabarovsk"), Some("khabarov"));
        assert_eq!(town_in_sk("новосибирск"), Some("новосибир"));
        assert_eq!(town_in_sk("kiosk"), None);
        assert_eq!(town_in_sk("risk"), None);
    }

    #[test]
    fn adjectives_of_common_nouns_and_other_words_are_left_alone() {
        for w in [
            "человеческий",
            "политической",
            "детский",
            "мужской",
            "поиском",
            "риск",
            "отпуска",
            "минском",
            "области",
            "вологда",
        ] {
            assert_eq!(russian_place(w), None, "{w}");
        }
    }

    #[test]
    fn a_place_and_its_adjective_are_one_term() {
        for (a, b) in [
            (
                "Вологодский полицейский задержан",
                "Под Вологдой задержали полицейского",
            ),
            ("сирийская оппозиция", "оппозиция Сирии"),
            ("Астанинский завод", "завод в Астане"),
            (
                "Восточно-Казахстанской области",
                "Шығыс Қазақстан облысында",
            ),
            ("на севере страны", "Северный регион"),
            ("Хабаровском крае", "Khabarovsk"),
            ("Новосибирскіде өрт", "пожар в Новосибирске"),
            ("Петропавлда өрт", "пожар в Петропавловске"),
        ] {
            let (x, y) = (stem_set(a), stem_set(b));
            assert!(
                x.iter().any(|t| y.contains(t) && t.len() > 3),
                "{a} / {b}: {x:?} {y:?}"
            );
        }
        // Both words of the region meet.
        let (x, y) = (
            stem_set("Восточно-Казахстанской области"),
            stem_set("Шығыс Қазақстан облысы"),
        );
        assert!(
            x.iter().filter(|t| y.contains(t)).count() >= 2,
            "{x:?} {y:?}"
        );
    }
}

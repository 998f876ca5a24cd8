//! A Kazakh stemmer: strips the inflectional suffix chain of a noun (and the
//! past-tense ending of a verb, which has the same shapes as the accusative).
//!
//! Kazakh is agglutinative: a noun is `root + plural + possessive + case`,
//! each part optional, in that order, and each suffix comes in variants
//! chosen by **vowel harmony** (back vowels а о ұ ы take back suffixes,
//! front vowels ә е ө ү і front ones) and by the sound the stem ends in
//! (л/д/т, н/д/т, ғ/қ, г/к…). So "облыстарының" is облыс + тар (plural) +
//! ы (his/its) + ның (genitive), "Қазақстандағы" is Қазақстан + дағы (the
//! locative with the adjectival -ғы: "in Kazakhstan"), "әкімдігінің" is
//! әкімдік + і + нің, with the final к of the root voiced to г before a
//! vowel.
//!
//! The stemmer strips from the end, one slot at a time — case, then
//! possessive, then plural — taking the longest suffix of the slot whose
//! vowels agree with the last vowel of what remains, and only while the
//! remaining stem keeps at least `MIN_STEM` letters and a vowel. A stem
//! whose last letter was voiced by a vowel suffix (ғ, г, б) gets its
//! dictionary form back (қ, к, п). Loanwords that break harmony lose only
//! suffixes that agree with their last vowel; that is the safe direction
//! (an unstripped suffix costs recall, a wrong strip could merge words).

/// Letters a stem keeps at least.
pub const MIN_STEM: usize = 3;

const BACK: &str = "аоұыяю";
const FRONT: &str = "әеөүіэ";

/// Case endings, with the adjectival locative -ғы/-гі and the
/// instrumental. Those after a 3rd-person possessive take an н.
const CASES: &[&str] = &[
    // locative + ғы/гі ("…дағы": "which is in …")
    "ндағы",
    "ндегі",
    "дағы",
    "дегі",
    "тағы",
    "тегі", // ablative
    "ндан",
    "нден",
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен", // genitive
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің", // locative
    "нда",
    "нде",
    "да",
    "де",
    "та",
    "те", // dative
    "ға",
    "ге",
    "қа",
    "ке",
    "на",
    "не", // accusative (and the past tense -ды/-ді/-ты/-ті)
    "ны",
    "ні",
    "ды",
    "ді",
    "ты",
    "ті", // instrumental
    "менен",
    "мен",
    "бен",
    "пен", // accusative after a possessive
    "н",
];

/// Possessive endings (my, your, his/its, our…).
const POSSESSIVES: &[&str] = &[
    "ымыз", "іміз", "мыз", "міз", "ыңыз", "іңіз", "ңыз", "ңіз", "сы", "сі", "ым", "ім", "ың", "ің",
    "ы", "і",
];

/// Plural endings.
const PLURALS: &[&str] = &["лар", "лер", "дар", "дер", "тар", "тер"];

/// Whether a folded word is Kazakh by its letters (ә ғ қ ң ө ұ ү һ і are
/// not in the Russian alphabet).
pub fn has_kazakh_letters(text: &str) -> bool {
    text.chars().any(|c| "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(c))
}

/// The stem of a folded (lowercase) Kazakh word.
pub fn stem(word: &str) -> String {
    let mut out = word.to_string();
    stem_with(&mut out, |_| false);
    out
}

/// Strips `word` in place; `stop(form)` is asked before each strip and ends
/// the stripping when it says so (the caller's word lists, e.g. number
/// words, see the forms on the way: "алтыға" → "алты", not "алт").
pub fn stem_with(word: &mut String, mut stop: impl FnMut(&str) -> bool) {
    for slot in [CASES, POSSESSIVES, PLURALS] {
        if stop(word) {
            return;
        }
        if let Some(len) = strip_len(word, slot) {
            word.truncate(len);
        }
    }
    if stop(word) {
        return;
    }
    restore_final_consonant(word);
}

/// Byte length of `word` without the longest suffix of `slot` that agrees
/// in harmony and leaves a valid stem.
fn strip_len(word: &str, slot: &[&str]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for suffix in slot {
        let Some(rest) = word.strip_suffix(suffix) else {
            continue;
        };
        if best.is_some_and(|b| b <= rest.len()) {
            continue;
        }
        // -стан is the place-name suffix (Қазақстан, Өзбекстан,
        // Ауғанстан), not a stem + ablative -тан.
        let place = *suffix == "тан" && rest.ends_with('с');
        if !place && valid_stem(rest) && harmonises(rest, suffix) && assimilates(rest, suffix) {
            best = Some(rest.len());
        }
    }
    best
}

fn valid_stem(stem: &str) -> bool {
    (stem.chars().count() >= MIN_STEM && stem.chars().any(is_vowel)) || SHORT_ROOTS.contains(&stem)
}

/// Nouns of two letters, whose suffixed forms the three-letter guard would
/// keep whole: Kazakh roots are mostly of one syllable, and a few common
/// ones are a vowel and a consonant or the reverse — `ел` (country,
/// people: "елде", "елдер", "еліміздің"), `үй` (house: "үйде", "Ақ
/// үйдің"), `іс` (affair, case: "Ішкі істер", "істі қарады"), `су`
/// (water: "суға", "суы"), `ән` (song: "әндері"). Only nouns whose forms
/// are no other common word: not `ас` (its "асты" is also "under it"),
/// `ет` (also the verb "to do"), `ат` ("атты" is also "named"), `ай`
/// (month names say it), nor pronouns (`өз`, `ол`).
const SHORT_ROOTS: &[&str] = &["ел", "үй", "іс", "су", "ән"];

fn is_vowel(c: char) -> bool {
    BACK.contains(c) || FRONT.contains(c) || "уиё".contains(c)
}

/// A suffix without a harmonic vowel (н, мен…) agrees with anything; one
/// with a vowel must match the last harmonic vowel of the stem.
fn harmonises(stem: &str, suffix: &str) -> bool {
    let class = |s: &str| {
        s.chars().rev().find_map(|c| {
            if BACK.contains(c) {
                Some(true)
            } else if FRONT.contains(c) {
                Some(false)
            } else {
                None
            }
        })
    };
    // мен/бен/пен (with) is neutral: it never changes by harmony.
    if matches!(suffix, "мен" | "бен" | "пен" | "менен") {
        return true;
    }
    // A Russian surname in -ов/-ев takes either row, by how it is said
    // rather than by its last letter ("Тоқаевтың", "Бекмамбетовтің").
    if stem.ends_with("ов") || stem.ends_with("ев") {
        return true;
    }
    match (class(stem), class(suffix)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

const VOICELESS: &str = "кқпстфхцчшщһ";

/// Whether the suffix's first sound fits the sound the stem ends in, as
/// Kazakh chooses among a suffix's variants: т/қ/к/п after a voiceless
/// consonant (and after в, said [ф] at the end of a word), д/ғ/г/б after
/// a vowel or voiced consonant, л after a vowel
/// or р/у/й; the genitive and accusative -ның/-ны after a vowel (the
/// genitive and ablative also after м/н/ң); the other н-forms (-нда,
/// -ндағы, -на, -н) only after a 3rd-person possessive -ы/-і; the
/// possessive -сы after a vowel, -ы/-ым/-ың after a consonant, -м/-ң after
/// a vowel. So "алматы" is not "алма" + accusative -ты (-ты needs a
/// voiceless consonant before it) and "Қазақстандағы" is not "Қазақста" +
/// -ндағы.
fn assimilates(stem: &str, suffix: &str) -> bool {
    let Some(last) = stem.chars().last() else {
        return false;
    };
    // у at the end of a stem is said [uw] or [w], a glide: it takes the
    // variants that follow a voiced consonant ("суы", "судың", "суды",
    // "оқуы", "сайлаудың"; "сулар" as after р/й).
    let vowel = is_vowel(last) && last != 'у';
    let voiceless = VOICELESS.contains(last);
    // в ends only loanwords and Russian surnames, and is said [ф] there:
    // Kazakh writes the voiceless variants after it ("Тоқаевтың",
    // "Назарбаевқа", "Киевте"), and some writers the voiced ones.
    // The same holds for б/г/д: Kazakh spells its own words' final stops
    // voiceless (кітап, тарақ), so a final б/г/д ends a loanword, said
    // voiceless there too ("шоколадтың", "заводқа", "клубта").
    let devoiced = "вбгд".contains(last);
    let nasal = "мнң".contains(last);
    let possessive = "ыі".contains(last);
    match suffix {
        "мен" | "бен" | "пен" | "менен" => true,
        "ның" | "нің" => vowel || nasal,
        "ны" | "ні" => vowel,
        "нан" | "нен" => nasal || possessive,
        s if s.starts_with('н') => possessive,
        s if s.starts_with(['т', 'қ', 'к', 'п']) => voiceless || devoiced,
        // After a vowel the genitive takes н- (-ның) and the plural л-
        // (-лар, as after р/у/й): their д-forms follow a voiced consonant
        // only ("адамдар", "жердің"), so "Павлодар" is not "Павло" +
        // -дар. (-ды after a vowel is the past tense: "хабарлады".)
        "дар" | "дер" => !voiceless && !vowel && !"руй".contains(last),
        "дың" | "дің" => !voiceless && !vowel,
        s if s.starts_with(['д', 'ғ', 'г', 'б']) => !voiceless,
        s if s.starts_with('л') => vowel || "руй".contains(last),
        s if s.starts_with(['с', 'м', 'ң']) => vowel,
        s if s.starts_with(['ы', 'і']) => !vowel,
        _ => true,
    }
}

/// The adjective suffix of a place (and of its people): -лық/-лік after a
/// vowel or р/у/й, -дық/-дік after a voiced consonant, -тық/-тік after a
/// voiceless one, agreeing in harmony ("қазақстандық", "ақтөбелік",
/// "ауғандық", its voiced form before a vowel -лығ/-дығ/-тығ already
/// restored by `stem_with`). Returns the byte length of the stem without
/// it, when a valid stem remains.
pub fn without_adjective_suffix(stem: &str) -> Option<usize> {
    const ADJECTIVE: &[&str] = &["лық", "лік", "дық", "дік", "тық", "тік"];
    strip_len(stem, ADJECTIVE)
}

/// Voiced finals ғ/г/б before a vowel suffix go back to қ/к/п
/// ("әкімдігі" → "әкімдік", "кітабы" → "кітап").
fn restore_final_consonant(stem: &mut String) {
    let replacement = match stem.chars().last() {
        Some('ғ') => 'қ',
        Some('г') => 'к',
        Some('б') => 'п',
        _ => return,
    };
    stem.pop();
    stem.push(replacement);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_case_possessive_and_plural_chains() {
        assert_eq!(stem("қазақстандағы"), "қазақстан");
        assert_eq!(stem("облыстарының"), "облыс");
        assert_eq!(stem("әкімдігінің"), "әкімдік");
        assert_eq!(stem("облыстың"), "облыс");
        assert_eq!(stem("облыстар"), "облыс");
        // A final в takes the voiceless variants, a surname in -ов/-ев
        // either row.
        assert_eq!(stem("тоқаевтың"), "тоқаев");
        assert_eq!(stem("назарбаевқа"), "назарбаев");
        assert_eq!(stem("бекмамбетовтің"), "бекмамбетов");
        assert_eq!(stem("киевте"), "киев");
        assert_eq!(stem("қазақстанның"), "қазақстан");
        assert_eq!(stem("қазақстанда"), "қазақстан");
        assert_eq!(stem("қазақстан"), "қазақстан");
        assert_eq!(stem("өзбекстаннан"), "өзбекстан");
        assert_eq!(stem("мектептерге"), "мектеп");
        assert_eq!(stem("алматыда"), stem("алматы"));
        assert_eq!(stem("президентінің"), "президент");
        assert_eq!(stem("министрлігі"), "министрлік");
    }

    #[test]
    fn the_d_forms_of_plural_and_genitive_follow_a_voiced_consonant() {
        // After a vowel these are -лар, -ның, -ны: a name ending in
        // vowel + дар keeps it.
        assert_eq!(stem("павлодардағы"), "павлодар");
        assert_eq!(stem("павлодар"), "павлодар");
        // Still stripped after a voiced consonant, as before.
        assert_eq!(stem("адамдар"), "адам");
        assert_eq!(stem("жердің"), "жер");
        assert_eq!(stem("жерлер"), "жер");
    }

    #[test]
    fn a_loanword_ending_in_a_voiced_stop_takes_the_voiceless_variants() {
        assert_eq!(stem("шоколадтың"), "шоколад");
        assert_eq!(stem("заводқа"), "завод");
        assert_eq!(stem("клубта"), stem("клуб"));
        // A native stem ending in a vowel or voiced sonorant is as before.
        assert_eq!(stem("алматыда"), stem("алматы"));
        assert_eq!(stem("қаланың"), "қала");
    }

    #[test]
    fn harmony_and_minimum_length_guard_the_root() {
        // -де is front, the stem's last vowel back: not a locative.
        assert_eq!(stem("қаладе"), "қаладе");
        // Stripping -да would leave a two-letter stem.
        assert_eq!(stem("ода"), "ода");
        assert_eq!(stem("су"), "су");
        // No vowel left: not a stem.
        assert_eq!(stem("тсда"), "тсда");
    }

    #[test]
    fn two_letter_noun_roots_lose_their_suffixes() {
        for (root, forms) in [
            (
                "ел",
                &["елдерде", "елге", "елдің", "еліміздің", "елдері"][..],
            ),
            ("үй", &["үйлерге", "үйде", "үйдегі", "үйі"][..]),
            ("іс", &["істер", "істерді", "ісі", "істің"][..]),
            ("су", &["суға", "суы", "сулар", "судың"][..]),
            ("ән", &["әндері", "әнді"][..]),
        ] {
            for form in forms {
                assert_eq!(stem(form), root, "{form}");
            }
        }
        // Other two-letter stems are still too short to be cut to.
        assert_eq!(stem("ерте"), "ерте");
        assert_eq!(stem("ата"), "ата");
        assert_eq!(stem("астында"), "аст");
        assert_eq!(stem("елу"), "елу");
    }

    #[test]
    fn the_caller_can_stop_at_a_known_form() {
        let mut w = "алтыға".to_string();
        stem_with(&mut w, |f| f == "алты");
        assert_eq!(w, "алты");
    }

    #[test]
    fn kazakh_letters_mark_kazakh_text() {
        assert!(has_kazakh_letters("Қазақстан"));
        assert!(!has_kazakh_letters("Казахстан"));
    }
}

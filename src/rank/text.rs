//! Unicode tokenising and normalising for Kazakh, Russian and English text.
//!
//! Both clustering and related stories compare *stems*, not surface words:
//! Kazakh and Russian are highly inflected ("Қазақстан", "Қазақстанның",
//! "Қазақстанда"; "президент", "президента", "президентом"), so a full
//! morphological analyser would be needed to lemmatise them properly. A cheap
//! and language-agnostic approximation works well for news titles: keep a
//! short prefix of each word and drop a trailing vowel-like ending from it.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

/// Characters kept from the start of a word. Six keeps most Kazakh/Russian
/// roots apart while cutting off case and plural endings
/// ("қазақстанның" → "қазақс", "президента" → "презид").
pub const STEM_PREFIX: usize = 6;

/// A stem never gets shorter than this by ending-stripping.
const MIN_STEM: usize = 3;

/// Short function words that carry no topic, per language, separated by
/// spaces. Compared after case folding and ё→е, before stemming.
const STOP_WORDS_EN: &str = "a an and are as at be been but by for from has have had he her his \
    in into is it its of on or over she says said that the their they this to was were will with \
    after about amid new not no than who what how why we you";
const STOP_WORDS_RU: &str = "и в во на с со по к ко о об обо от до из за для не ни что как это \
    этот эта его ее их а но или же ли бы у при над под про без также уже был была были будет он \
    она они мы вы я так то все всех чем где когда после более может есть между перед через";
const STOP_WORDS_KK: &str = "және мен бен пен да де та те бұл сол осы үшін деп ол олар біз сіз \
    ма ме ба бе па пе жоқ бар емес еді қазір тағы ғана туралы арқылы бойынша кейін дейін неге \
    қалай";

/// Longest stop word in bytes: longer words skip the set lookup.
const MAX_STOP_WORD_BYTES: usize = 14;

static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [STOP_WORDS_EN, STOP_WORDS_RU, STOP_WORDS_KK]
        .iter()
        .flat_map(|list| list.split_whitespace())
        .collect()
});

/// Endings stripped from the end of a prefix-stem (repeatedly, down to
/// `MIN_STEM` chars): vowels of the three alphabets, soft/hard signs, й and
/// the English plural s. "нефть"/"нефти" → "нефт", "банк"/"банкі" → "банк",
/// "price"/"prices" → "pric".
const STRIPPABLE_ENDINGS: &str = "аеиоуыэюяьъйәіөүұaeiouys";

/// Whether a case-folded word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    word.len() <= MAX_STOP_WORD_BYTES && STOP_WORDS.contains(word)
}

/// Removes HTML tags and decodes the few entities common in feed summaries.
/// Not a sanitiser: it only has to produce words for tokenising, so tags
/// become spaces (keeping words on both sides apart) and unknown entities
/// are left as text.
pub fn strip_tags(text: &str) -> Cow<'_, str> {
    // A fold instead of `any` so the scan vectorises (titles rarely match).
    let markup = text
        .bytes()
        .fold(false, |seen, b| seen | (b == b'<') | (b == b'&'));
    if !markup {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        if in_tag {
            if c == '>' {
                in_tag = false;
            }
        } else if c == '<' {
            in_tag = true;
            out.push(' ');
        } else if c == '&' {
            let (decoded, used) = decode_entity(rest);
            out.push_str(decoded);
            rest = &rest[used..];
            continue;
        } else {
            out.push(c);
        }
        rest = &rest[len..];
    }
    Cow::Owned(out)
}

/// Decodes an entity at the start of `s` (which starts with '&'); returns the
/// replacement and how many bytes were consumed.
fn decode_entity(s: &str) -> (&'static str, usize) {
    const ENTITIES: &[(&str, &str)] = &[
        ("&amp;", "&"),
        ("&nbsp;", " "),
        ("&quot;", "\""),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&laquo;", " "),
        ("&raquo;", " "),
        ("&mdash;", " "),
        ("&ndash;", " "),
    ];
    for (name, value) in ENTITIES {
        if s.starts_with(name) {
            return (value, name.len());
        }
    }
    ("&", 1)
}

/// Case-folds a word and folds ё into е (Russian texts use both spellings).
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Light stemmer: a prefix of `STEM_PREFIX` chars, then trailing vowel-like
/// endings stripped. Numbers are kept whole. Expects a folded word.
pub fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, word.chars().all(is_digit), &mut out);
    out
}

fn stem_into(word: &str, numeric: bool, out: &mut String) {
    out.clear();
    if numeric {
        out.push_str(word);
        return;
    }
    let end = word
        .char_indices()
        .nth(STEM_PREFIX)
        .map_or(word.len(), |(i, _)| i);
    out.push_str(&word[..end]);
    let mut len = out.chars().count();
    while len > MIN_STEM && out.ends_with(|c: char| STRIPPABLE_ENDINGS.contains(c)) {
        out.pop();
        len -= 1;
    }
}

/// Reusable buffers, so that tokenising many texts allocates only for new
/// vocabulary (callers get `&str` stems and intern them).
#[derive(Debug, Default)]
pub struct Stemmer {
    folded: String,
    stem: String,
}

impl Stemmer {
    /// Calls `f(stem, entity)` for each word of `text`: HTML stripped, split
    /// on Unicode word boundaries and then on any non-alphanumeric char
    /// inside a word ("Kazakhstan's" → "kazakhstan", "3.5" → "3", "5"),
    /// case-folded, ё→е, stop words and one-letter words dropped (numbers
    /// kept). `entity` is true for capitalised words other than the first:
    /// mostly names of people, places and organisations.
    ///
    /// Returns true when `text` looks like a Title Case headline (most
    /// words after the first capitalised), where `entity` says nothing.
    pub fn for_each(&mut self, text: &str, mut f: impl FnMut(&str, bool)) -> bool {
        let plain = strip_tags(text);
        let (mut lettered, mut capitalised) = (0usize, 0usize);
        // In Latin, Cyrillic and punctuation, a UAX #29 word that we then
        // split at non-alphanumerics is exactly a run of alphanumerics, and
        // finding runs directly is several times faster. Other scripts
        // (CJK, Thai…) need the real word boundaries.
        let words: Box<dyn Iterator<Item = &str>> = if plain.chars().all(is_simple_script) {
            Box::new(
                plain
                    .split(|c: char| !is_word_char(c))
                    .filter(|w| !w.is_empty()),
            )
        } else {
            Box::new(
                plain
                    .split_word_bounds()
                    .filter(|w| w.chars().any(is_word_char)),
            )
        };
        for (index, word) in words.enumerate() {
            let first = word.chars().next();
            let upper = first.is_some_and(char::is_uppercase);
            if index > 0 && first.is_some_and(char::is_alphabetic) {
                lettered += 1;
                capitalised += usize::from(upper);
            }
            for part in word.split(|c: char| !is_word_char(c)) {
                if part.is_empty() {
                    continue;
                }
                fold_into(part, &mut self.folded);
                let numeric = self.folded.chars().all(is_digit);
                let short = self.folded.chars().nth(1).is_none();
                if (short && !numeric) || is_stop_word(&self.folded) {
                    continue;
                }
                stem_into(&self.folded, numeric, &mut self.stem);
                f(&self.stem, upper && index > 0);
            }
        }
        lettered >= 3 && capitalised * 10 > lettered * 6
    }
}

/// `char::is_alphanumeric` with fast paths for ASCII and Cyrillic, which
/// are nearly all the text we see (the generic lookup dominated profiles).
fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        // Cyrillic letters, minus the combining/historic signs U+0482–U+0489.
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Latin, Greek, Cyrillic (U+0000–U+052F) and general punctuation.
fn is_simple_script(c: char) -> bool {
    (c as u32) < 0x0530 || ('\u{2000}'..='\u{206F}').contains(&c)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

/// Lowercases into `out`, folding ё into е; fast paths for ASCII and basic
/// Cyrillic, `char::to_lowercase` for the rest (Kazakh letters included).
fn fold_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            'а'..='я' => out.push(c),
            'Ё' | 'ё' => out.push('е'),
            // А..Я → а..я is a fixed offset of 0x20.
            'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// The stems of `text`, in order, with repeats.
pub fn stems(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    Stemmer::default().for_each(text, |s, _| out.push(s.to_string()));
    out
}

/// The distinct stems of `text`, sorted.
pub fn stem_set(text: &str) -> Vec<String> {
    let mut out = stems(text);
    out.sort_unstable();
    out.dedup();
    out
}

/// Distinct stems of the capitalised words of a title other than its first
/// word ("Алматы", "OPEC", "США"), sorted. Empty for Title Case headlines,
/// where capitals say nothing.
pub fn entity_stems(title: &str) -> Vec<String> {
    let mut out = Vec::new();
    let title_case = Stemmer::default().for_each(title, |s, entity| {
        if entity {
            out.push(s.to_string());
        }
    });
    if title_case {
        return Vec::new();
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_case_endings_share_a_stem() {
        assert_eq!(stems("Қазақстанның"), stems("Қазақстанда"));
        assert_eq!(stems("Қазақстанның"), vec!["қазақс"]);
        assert_eq!(stems("Алматыда"), stems("Алматы"));
        assert_eq!(stems("банкі"), stems("банк"));
    }

    #[test]
    fn russian_inflections_share_a_stem() {
        assert_eq!(stems("Президент"), stems("президента"));
        assert_eq!(stems("нефти"), stems("нефть"));
        assert_eq!(stems("Астане"), stems("Астана"));
    }

    #[test]
    fn kazakh_capitals_fold() {
        assert_eq!(fold("ӘҒҚҢӨҰҮҺІ"), "әғқңөұүһі");
        assert_eq!(fold("ЁЛКА Ёж"), "елка еж");
    }

    #[test]
    fn stop_words_and_punctuation_are_dropped() {
        assert_eq!(
            stems("The price of oil, and the rates!"),
            vec!["pric", "oil", "rat"]
        );
        assert_eq!(
            stems("Токаев и Путин в Астане"),
            vec!["токаев", "путин", "астан"]
        );
        assert_eq!(
            stems("Kazakhstan's GDP 3.5%"),
            vec!["kazakh", "gdp", "3", "5"]
        );
    }

    #[test]
    fn html_is_stripped_before_tokenising() {
        assert_eq!(
            strip_tags("<p>Oil&nbsp;<b>prices</b></p>&amp;gas"),
            " Oil  prices  &gas"
        );
        assert_eq!(stems("<a href=\"https://x.kz\">Нефть</a>"), vec!["нефт"]);
        assert!(matches!(strip_tags("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn entities_are_non_initial_capitalised_words() {
        assert_eq!(
            entity_stems("В Алматы произошло землетрясение"),
            vec!["алмат"]
        );
        assert_eq!(
            entity_stems("Oil prices jump as OPEC+ agrees"),
            vec!["opec"]
        );
        assert_eq!(
            entity_stems("Касым-Жомарт Токаев подписал закон"),
            vec!["жомарт", "токаев"]
        );
        assert!(entity_stems("Токаев подписал закон").is_empty());
        // Title Case carries no entity information.
        assert!(entity_stems("Oil Prices Jump After Saudi Arabia Extends Cuts").is_empty());
    }

    #[test]
    fn other_scripts_use_unicode_word_boundaries() {
        // Each ideograph is its own (one-letter, dropped) word under UAX
        // #29, katakana runs are words; a plain run split would give one
        // word "東京タワー".
        assert_eq!(stems("東京タワー news"), vec!["タワー", "new"]);
        assert_eq!(stems("Алматы — қала №1"), vec!["алмат", "қал", "1"]);
    }

    #[test]
    fn stem_set_is_sorted_and_distinct() {
        assert_eq!(stem_set("oil oil gas"), vec!["gas", "oil"]);
    }
}

//! An acronym is the initials of the words of the name it stands for:
//! "UN" is "United Nations", "GE" "General Electric", "HK" "Hong Kong",
//! "ООН" "Организация Объединённых Наций", "ВБ" "Всемирный банк", "АҚШ"
//! "Америка Құрама Штаттары". Newsrooms write either, so two reports of
//! one event may share the name only through its initials.
//!
//! A name begins with a capital and runs on without punctuation. In
//! English each of its words is capitalised ("Bank of England"); in
//! Russian and Kazakh only the first, as a rule ("Всемирный банк",
//! "Министерство иностранных дел"). Function words inside it give no
//! letter ("Bank of England" is BoE, "Министерство по чрезвычайным
//! ситуациям" МЧС). Where the name ends the text does not say, so from
//! each capitalised word the initials of its first two and three words
//! are read (an acronym of four letters or more is rarely spelt out in a
//! headline, and mostly of a foreign name: "НАТО", "ОБСЕ"; on the
//! labelled headlines every acronym met spelt out had two or three). A
//! Title Case headline capitalises every word, so its runs say nothing
//! of names: none are read there.
//!
//! The initials are keyed as an acronym word of the text would be
//! (`text::acronym_key`: Kazakh `АҚШ` is read as `США`), and stored in the
//! fingerprint as an **alias**: a marker (neither title nor lead flag, so
//! older code reading the fingerprint ignores it, as the question's),
//! never a term of the vector. It counts only between two titles, as
//! evidence that one mentions a name the other writes as its acronym
//! (`similar::Window::contradict`, `anchored`): so "General Electric" is
//! no longer a name "GE posts 9% profit drop" lacks. Two letters of
//! initials are ambiguous ("Harry Kane" and "Hong Kong" are both "HK";
//! the transliteration fold drops more: `PA` and `P` are one key), so an
//! alias never adds weight or meets another alias: it only answers for
//! the acronym the other title writes.

use super::text;
use super::words::Lang;

/// Content words a run's initials are read from: two or three.
const MIN_WORDS: usize = 2;
const MAX_WORDS: usize = 3;

/// Calls `f` with the key of each run of initials of `title` (see the
/// module docs) and whether its words are in Latin letters; a key may be
/// handed out twice.
pub(crate) fn initials(title: &str, mut f: impl FnMut(&str, bool)) {
    let plain = text::strip_tags(title);
    let plain = text::join_initialisms(&plain);
    let plain: &str = &plain;
    // An acronym is read as one only in a text not all in capitals.
    if !plain.chars().any(char::is_lowercase) {
        return;
    }
    let kazakh = super::kazakh::has_kazakh_letters(plain);
    let words: Vec<&str> = text::words(plain).collect();
    if text::is_title_case(plain, &words) {
        return;
    }
    let start_of = |w: &str| (w.as_ptr() as usize).wrapping_sub(plain.as_ptr() as usize);
    // Whether nothing but spaces or one hyphen stands between two words.
    let joined = |a: &str, b: &str| {
        let gap = plain.get(start_of(a) + a.len()..start_of(b)).unwrap_or(",");
        let gap = gap.trim_matches(' ');
        gap.is_empty() || gap == "-"
    };
    // Buffers reused for every word and run of the title.
    let (mut letters, mut key) = (String::new(), String::new());
    let (mut folded, mut stemmed) = (String::new(), String::new());
    for (i, &first) in words.iter().enumerate() {
        if !starts_name(first) {
            continue;
        }
        let latin = super::script::is_latin(first);
        letters.clear();
        letters.extend(first.chars().next());
        let mut count = 1;
        let mut last = first;
        for &w in &words[i + 1..] {
            let Some(c) = w.chars().next() else { break };
            if !joined(last, w)
                || !c.is_alphabetic()
                || is_acronym(w)
                || super::script::is_latin(w) != latin
            {
                break;
            }
            last = w;
            text::fold_into(w, &mut folded);
            if text::is_stop_word(&folded) {
                // "Bank of England", "Министерство по чрезвычайным…".
                continue;
            }
            if latin && !c.is_uppercase() {
                break;
            }
            letters.extend(c.to_uppercase());
            count += 1;
            if count >= MIN_WORDS {
                let lang = if latin {
                    Lang::En
                } else if kazakh {
                    Lang::Kk
                } else {
                    Lang::Ru
                };
                text::acronym_key(lang, &letters, &mut folded, &mut stemmed, &mut key);
                if !key.is_empty() {
                    f(&key, latin);
                }
            }
            if count == MAX_WORDS {
                break;
            }
        }
    }
}

/// A capitalised word that is not itself an acronym ("United", "Всемирный").
fn starts_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.next().is_some()
        && word.chars().all(char::is_alphabetic)
        && !is_acronym(word)
}

/// All capitals, two letters or more ("UN", "ООН").
fn is_acronym(word: &str) -> bool {
    word.chars().nth(1).is_some() && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(title: &str) -> Vec<String> {
        let mut out = Vec::new();
        initials(title, |k, _| out.push(k.to_string()));
        out
    }

    /// The key of the one name of `title` (its acronym).
    fn acronym(title: &str) -> String {
        let mut names = Vec::new();
        text::Stemmer::default().for_each(title, |t| {
            if t.entity {
                names.push(t.key.to_string());
            }
        });
        assert_eq!(names.len(), 1, "{title}: {names:?}");
        names.remove(0)
    }

    #[test]
    fn a_name_spelt_out_gives_its_acronym_in_each_language() {
        for (spelt, short) in [
            (
                "White diamond breaks record in Hong Kong auction",
                "Diamond fetches record at HK auction",
            ),
            ("Shares of General Electric fall", "shares of GE fall"),
            ("Всемирный банк понизил прогноз", "прогноз понизил ВБ"),
            (
                "Глава Министерства иностранных дел прибыл в Токио",
                "глава МИД прибыл в столицу",
            ),
            ("Америка Құрама Штаттарының елшісі келді", "елші АҚШ келді"),
        ] {
            let want = acronym(short);
            assert!(
                keys(spelt).contains(&want),
                "{spelt}: {:?} vs {want}",
                keys(spelt)
            );
        }
    }

    #[test]
    fn title_case_and_all_capitals_give_none() {
        assert!(keys("Death Toll In Bangladesh Collapse Rises To 194").is_empty());
        assert!(keys("GENERAL ELECTRIC POSTS PROFIT").is_empty());
    }

    #[test]
    fn punctuation_ends_a_name() {
        // "Hong, Kong" is no name.
        assert!(keys("visit to Hong, Kong shares").is_empty());
    }
}

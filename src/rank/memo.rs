//! A bounded per-thread memo of word → term.
//!
//! News vocabulary repeats heavily: of the ~2 million words a first refresh
//! of 500 feeds tokenises, most are words seen a moment before. Stemming
//! (Snowball, the Kazakh suffix chains), the stop-word and number-word
//! lookups and the transliteration fold were over a third of that
//! refresh's CPU; a hash lookup of the folded word replaces them all for a
//! word already met on the thread.
//!
//! The term of a word depends only on the folded word, the language it is
//! read in and, for Russian, whether it was capitalised (names lose only
//! their case ending): that triple is the key, so a memo hit yields
//! exactly what computing the term would. The memo forgets everything when
//! it reaches `CAPACITY` words, which bounds its memory (a few MB per
//! thread) without a per-entry age.

use std::cell::RefCell;

use super::FastMap;
use super::numerals::Part;
use super::words::Lang;

/// Words remembered per thread before the memo starts over.
const CAPACITY: usize = 16_384;

/// Longest folded word remembered, in bytes; longer ones (URLs, run-on
/// tokens) rarely repeat and are computed each time.
const MAX_WORD_BYTES: usize = 48;

/// What one folded word is, as far as terms go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Term {
    /// A stop word (dropped).
    Stop,
    /// A plain term: the stem through the transliteration fold.
    Plain(Box<str>),
    /// A number word, as the part of a number it is.
    Number(Part),
    /// A month name, with its term ("m3").
    Month(Box<str>),
}

/// Which of the four ways of reading a word applies.
fn slot(lang: Lang, name: bool) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Ru if name => 1,
        Lang::Ru => 2,
        Lang::Kk => 3,
    }
}

#[derive(Default)]
struct Memo {
    maps: [FastMap<Box<str>, Term>; 4],
    len: usize,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// The term of `word` (folded) read in `lang`, capitalised or not (`name`
/// matters only for Russian): from the thread's memo, else `compute`d and
/// remembered. `f` sees the term.
pub(super) fn with_term<R>(
    lang: Lang,
    name: bool,
    word: &str,
    compute: impl FnOnce() -> Term,
    f: impl FnOnce(&Term) -> R,
) -> R {
    if word.len() > MAX_WORD_BYTES {
        return f(&compute());
    }
    let slot = slot(lang, name);
    MEMO.with(|memo| {
        // A re-entrant call (none today) would find the memo borrowed:
        // it computes without it rather than panicking.
        let Ok(mut memo) = memo.try_borrow_mut() else {
            return f(&compute());
        };
        if let Some(term) = memo.maps[slot].get(word) {
            return f(term);
        }
        let term = compute();
        let out = f(&term);
        if memo.len >= CAPACITY {
            for map in &mut memo.maps {
                map.clear();
            }
            memo.len = 0;
        }
        memo.maps[slot].insert(word.into(), term);
        memo.len += 1;
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_word_is_computed_once_and_the_memo_stays_bounded() {
        let mut computed = 0;
        for _ in 0..3 {
            let got = with_term(
                Lang::Ru,
                false,
                "нефти",
                || {
                    computed += 1;
                    Term::Plain("neft".into())
                },
                Term::clone,
            );
            assert_eq!(got, Term::Plain("neft".into()));
        }
        assert_eq!(computed, 1);
        // A capitalised Russian word is another key (names stem otherwise).
        let name = with_term(Lang::Ru, true, "нефти", || Term::Stop, Term::clone);
        assert_eq!(name, Term::Stop);
        for i in 0..CAPACITY + 10 {
            with_term(
                Lang::En,
                false,
                &format!("w{i}"),
                || Term::Number(Part::Unit(2)),
                |_| (),
            );
        }
        MEMO.with(|m| assert!(m.borrow().len <= CAPACITY));
    }
}

//! What clustering needs from an article, computed once when the article is
//! stored instead of on every ranking.
//!
//! Tokenising titles and parsing links was about 60% of computing Top
//! stories over a week of a big cache; with fingerprints stored beside the
//! articles, ranking reads a few integers per article instead. An article
//! without a fingerprint (an old cache, a test) is fingerprinted on the fly,
//! so results never depend on whether one was stored.
//!
//! Stored form (`encode`, version 3): a version byte, the canonical-URL
//! hash (8 bytes little-endian, 0 = no link), then the 32-bit hash of
//! each distinct term of the title and the lead text (4 bytes
//! little-endian each, ascending), then one byte of flags per term: 5
//! bytes a term, where version 2 stored an 8-byte word (`hash << 5 |
//! flags`, 59 bits of hash). A term's 32-bit hash is bits 27..58 of the
//! 64-bit one, which version 2 holds, so a version-2 blob still reads
//! (`decode` narrows it): old caches keep working without being
//! rewritten. A narrowed blob has the terms of the stemmer that wrote it:
//! without the `LATIN` flag (its names keep contradicting a spelling in
//! the other script, as they did) and without the Kazakh abbreviations and
//! place names read as the Russian ones; articles stored since have both. 32 bits
//! are plenty for a window's terms (~27,000 a week of a big cache: two of
//! them share a hash once in ~12 such windows, and then only make two
//! words one term). A blob of another version or length decodes to `None`
//! and is recomputed, so changing the stemmer only needs a new `VERSION`.

use std::ops::ControlFlow;

use super::canonical::canonical_url;
use super::text::Stemmer;

/// Bump when stemming, entity detection, canonical URLs or the hash change.
/// 2: Snowball/Kazakh stems, transliteration keys, number words, months,
/// lead-text terms. 3: 32-bit hashes, flags in a byte of their own
/// (version 2 blobs are still read, see the module docs); the `LATIN`
/// flag; in Kazakh text, abbreviations and names of places read as the
/// Russian ones (`abbrev`, `exonyms`).
pub const VERSION: u8 = 3;

/// The version whose blobs are read and narrowed (the same terms as
/// `VERSION`, wider words).
const WIDE_VERSION: u8 = 2;

/// Flag bits of a term word; the term's 32-bit hash is above them. The
/// stored form keeps the flags in a byte of their own, so up to 8 fit
/// without changing it.
pub const NUMERIC: u64 = 1;
/// A name: a capitalised word other than the first, or an acronym, in a
/// title (see `text::Token::entity`).
pub const ENTITY: u64 = 2;
/// A month name.
pub const DATE: u64 = 4;
/// The term is in the title.
pub const TITLE: u64 = 8;
/// The term is in the lead text.
pub const LEAD: u64 = 16;
/// A title word of the term is written in Latin letters (`script`).
pub const LATIN: u64 = 32;
const FLAG_BITS: u32 = 6;
const FLAG_MASK: u64 = (1 << FLAG_BITS) - 1;

/// Version 2's words: `stable_hash << 5 | flags`, the five flags above
/// `LATIN`.
const WIDE_FLAG_BITS: u32 = 5;
const WIDE_FLAG_MASK: u64 = (1 << WIDE_FLAG_BITS) - 1;

/// Distinct lead-text terms kept: the first paragraph says what the story
/// is; the rest adds cost and little signal.
pub const LEAD_TERMS: usize = 48;

/// An article's clustering features.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    /// Hash of the canonical URL of the link (see `canonical::canonical_url`).
    pub url: Option<u64>,
    /// One word per distinct term: `term_hash << FLAG_BITS | flags`, sorted.
    pub stems: Vec<u64>,
}

/// The key of the marker a title that asks a question carries
/// (`is_question`): no word stems to it, since `?` splits words.
const QUESTION: &str = "?";

/// Whether a title asks a question: its last sentence ends with a question
/// mark (brackets and `!` after it aside). A question does not report an
/// event ("Will Putin's Election Victory in Russia Be Greeted with
/// Protests?", "А что будет после Игр?") and is not the report it asks
/// about. A question in quotes that close the title is someone's words
/// the title reports ("Медведев: «Денег нет?»"), unless the whole title
/// is in quotes.
pub fn is_question(title: &str) -> bool {
    const OPEN: [char; 5] = ['"', '\'', '«', '“', '‘'];
    const CLOSE: [char; 5] = ['"', '\'', '»', '”', '’'];
    let bare = |t: &str| -> String {
        t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '!'))
            .to_string()
    };
    let end = bare(title);
    let unquoted = end.trim_end_matches(CLOSE);
    if unquoted.len() < end.len() && !title.trim_start().starts_with(OPEN) {
        return false;
    }
    bare(unquoted).ends_with(['?', '？'])
}

impl Fingerprint {
    /// Fingerprints a title, its lead text (see `rank::lead_text`) and link.
    pub fn of(title: &str, lead: Option<&str>, link: Option<&str>) -> Fingerprint {
        Fingerprint::with_hash(title, lead, link, |key| u64::from(term_hash(key)))
    }

    /// `of`, with `hash` giving a term's id (the words of version 2 in
    /// the tests).
    fn with_hash(
        title: &str,
        lead: Option<&str>,
        link: Option<&str>,
        hash: impl Fn(&[u8]) -> u64,
    ) -> Fingerprint {
        let url = link
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| stable_hash(canonical_url(l).as_bytes()));
        let mut stems: Vec<u64> = Vec::with_capacity(16);
        let mut stemmer = Stemmer::default();
        let word = |key: &str, flags: u64| (hash(key.as_bytes()) << FLAG_BITS) | flags;
        stemmer.for_each(title, |t| {
            let flags = TITLE
                | if t.number { NUMERIC } else { 0 }
                | if t.entity { ENTITY } else { 0 }
                | if t.date { DATE } else { 0 }
                | if t.latin { LATIN } else { 0 };
            stems.push(word(t.key, flags));
        });
        if is_question(title) {
            stems.push(word(QUESTION, 0));
        }
        if let Some(lead) = lead {
            let mut seen: Vec<u64> = Vec::with_capacity(LEAD_TERMS);
            // The words after the last term kept are never stemmed.
            stemmer.terms_until(lead, |key| {
                let w = word(key, LEAD);
                if !seen.iter().any(|&s| s >> FLAG_BITS == w >> FLAG_BITS) {
                    seen.push(w);
                }
                if seen.len() < LEAD_TERMS {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(())
                }
            });
            stems.extend(seen);
        }
        stems.sort_unstable();
        merge_equal_terms(&mut stems);
        // The initials of the title's names (`acronyms`), as aliases: a
        // marker with the name's flags, unless the text has the term.
        let real = stems.len();
        super::acronyms::initials(title, |key, latin| {
            let w = word(key, ENTITY | if latin { LATIN } else { 0 });
            let id = w >> FLAG_BITS;
            if !stems[..real].iter().any(|&s| s >> FLAG_BITS == id) {
                stems.push(w);
            }
        });
        if stems.len() > real {
            stems.sort_unstable();
            merge_equal_terms(&mut stems);
        }
        Fingerprint { url, stems }
    }

    /// The stored form (see the module docs).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(9 + 5 * self.stems.len());
        out.push(VERSION);
        out.extend_from_slice(&self.url.unwrap_or(0).to_le_bytes());
        for &s in &self.stems {
            // The id is a 32-bit hash (`term_hash`): nothing is cut.
            out.extend_from_slice(&((s >> FLAG_BITS) as u32).to_le_bytes());
        }
        out.extend(self.stems.iter().map(|&s| (s & FLAG_MASK) as u8));
        out
    }

    /// Reads the stored form, of this version or the wide one before it;
    /// `None` for another version or a damaged blob.
    pub fn decode(bytes: &[u8]) -> Option<Fingerprint> {
        let (&version, rest) = bytes.split_first()?;
        let (url, terms) = rest.split_first_chunk::<8>()?;
        let url = Some(u64::from_le_bytes(*url)).filter(|&u| u != 0);
        let stems = match version {
            VERSION => decode_terms(terms)?,
            WIDE_VERSION => decode_wide_terms(terms)?,
            _ => return None,
        };
        Some(Fingerprint { url, stems })
    }

    /// The word's flags (`NUMERIC` … `LATIN`), as the stored form keeps
    /// them; `u64::from` of it answers the flag tests below as the word
    /// does.
    pub fn flags(word: u64) -> u8 {
        (word & FLAG_MASK) as u8
    }

    /// The term's identity without its flags.
    pub fn stem_id(word: u64) -> u64 {
        word >> FLAG_BITS
    }

    /// Whether a word is a marker of the title (in neither the title's
    /// terms nor the lead's: `is_question`), not a term to weigh.
    pub fn is_marker(word: u64) -> bool {
        word & (TITLE | LEAD) == 0
    }

    /// Whether a marker is an alias of the title: the initials of a name
    /// it spells out (`acronyms`), a name of the title when some title of
    /// the window writes that acronym (`similar::Window::build`).
    pub fn is_alias(word: u64) -> bool {
        Fingerprint::is_marker(word) && word & ENTITY != 0
    }

    /// Whether a marker says the title asks a question.
    pub fn is_question_mark(word: u64) -> bool {
        Fingerprint::is_marker(word)
            && word >> FLAG_BITS == u64::from(term_hash(QUESTION.as_bytes()))
    }

    pub fn is_date(word: u64) -> bool {
        word & DATE != 0
    }

    pub fn in_title(word: u64) -> bool {
        word & TITLE != 0
    }

    pub fn in_lead(word: u64) -> bool {
        word & LEAD != 0
    }

    pub fn is_numeric(word: u64) -> bool {
        word & NUMERIC != 0
    }

    pub fn is_entity(word: u64) -> bool {
        word & ENTITY != 0
    }

    pub fn is_latin(word: u64) -> bool {
        word & LATIN != 0
    }
}

/// Merges the flags of words of one term (sorted `stems`), keeping one
/// word per term.
fn merge_equal_terms(stems: &mut Vec<u64>) {
    stems.dedup_by(|later, kept| {
        let same = *later >> FLAG_BITS == *kept >> FLAG_BITS;
        if same {
            *kept |= *later & FLAG_MASK;
        }
        same
    });
}

/// Version 3 terms: the hashes, then the flags.
fn decode_terms(bytes: &[u8]) -> Option<Vec<u64>> {
    if !bytes.len().is_multiple_of(5) {
        return None;
    }
    let (hashes, flags) = bytes.split_at(bytes.len() / 5 * 4);
    let stems: Vec<u64> = hashes
        .chunks_exact(4)
        .zip(flags)
        .map(|(h, &f)| {
            let h = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
            u64::from(h) << FLAG_BITS | u64::from(f)
        })
        .collect();
    // A blob whose terms are not ascending and distinct, or with flags
    // no build sets, was not written by `encode`.
    let ordered = stems
        .windows(2)
        .all(|w| w[0] >> FLAG_BITS < w[1] >> FLAG_BITS);
    (ordered && flags.iter().all(|&f| u64::from(f) & !FLAG_MASK == 0)).then_some(stems)
}

/// Version 2 terms (8-byte words of 59-bit hashes), narrowed to this
/// version's: the same terms `of` gives now, as the hash of this version
/// is the top 32 of the 59 bits. Two terms whose hashes agree there
/// become one, as they would now.
fn decode_wide_terms(bytes: &[u8]) -> Option<Vec<u64>> {
    if !bytes.len().is_multiple_of(8) {
        return None;
    }
    let mut stems = Vec::with_capacity(bytes.len() / 8);
    let mut last = None;
    for c in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        // A blob that is not sorted and distinct was not written by the
        // version-2 `encode`.
        if last.is_some_and(|l| l >> WIDE_FLAG_BITS >= word >> WIDE_FLAG_BITS) {
            return None;
        }
        last = Some(word);
        stems.push(narrow(word));
    }
    merge_equal_terms(&mut stems);
    Some(stems)
}

/// A version-2 word (`stable_hash << 5 | flags`) as a word of this
/// version: its bits 32..63 (bits 27..58 of the hash) are `term_hash`;
/// its five flags are this version's, `LATIN` unset.
pub(crate) fn narrow(word: u64) -> u64 {
    (word >> 32) << FLAG_BITS | (word & WIDE_FLAG_MASK)
}

/// A term's id in fingerprints: bits 27..58 of `stable_hash`, the top 32
/// of the 59 that version 2 stored (so its words narrow to these).
pub fn term_hash(key: &[u8]) -> u32 {
    (stable_hash(key) >> 27) as u32
}

/// A hash that must never change between builds or machines (it is stored):
/// 64-bit FNV-1a followed by the SplitMix64 finaliser, so short stems that
/// differ in one byte still differ in the high bits kept by `<< 5`. Never 0
/// for a non-empty input in practice; 0 is reserved for "no link".
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_that_asks_is_a_question_in_each_language() {
        for title in [
            "Will Putin's Election Victory in Russia Be Greeted with Protests?",
            "The end of the Hong Kong protests?",
            "«А что будет после Игр?»",
            "Доллар по 100 рублям?! ",
            "Жаңа оқу жылы қашан басталады?",
        ] {
            assert!(is_question(title), "{title}");
        }
        for title in [
            "Putin claims victory in Russia's presidential election",
            "Медведев в Крыму: «Денег нет?»",
            "«Вопрос: где наши деньги?» - Путин выступил на форуме",
            "Оқу жылы 1 қыркүйекте басталады",
        ] {
            assert!(!is_question(title), "{title}");
        }
    }

    #[test]
    fn a_question_is_a_marker_not_a_term() {
        let asks = Fingerprint::of("The end of the Hong Kong protests?", None, None);
        let says = Fingerprint::of("The end of the Hong Kong protests", None, None);
        let markers: Vec<u64> = asks
            .stems
            .iter()
            .copied()
            .filter(|&w| Fingerprint::is_marker(w))
            .collect();
        // The question, and "Hong Kong"'s initials (`acronyms`).
        assert_eq!(markers.len(), 2);
        assert_eq!(
            markers
                .iter()
                .filter(|&&w| Fingerprint::is_question_mark(w))
                .count(),
            1
        );
        assert!(!says.stems.iter().any(|&w| Fingerprint::is_question_mark(w)));
        // The terms are the statement's; the marker survives storing.
        let terms: Vec<u64> = asks
            .stems
            .iter()
            .copied()
            .filter(|&w| !Fingerprint::is_question_mark(w))
            .collect();
        assert_eq!(terms, says.stems);
        assert_eq!(Fingerprint::decode(&asks.encode()), Some(asks));
    }

    #[test]
    fn a_names_initials_are_an_alias_stored_as_a_marker() {
        let f = Fingerprint::of("Shares of General Electric fall", None, None);
        let aliases: Vec<u64> = f
            .stems
            .iter()
            .copied()
            .filter(|&w| Fingerprint::is_alias(w))
            .collect();
        let mut ge = Vec::new();
        Stemmer::default().for_each("shares of GE fall", |t| {
            if t.entity {
                ge.push(u64::from(term_hash(t.key.as_bytes())));
            }
        });
        // "GE", and "SG", "SGE" from the first word on.
        assert_eq!(ge.len(), 1);
        assert_eq!(aliases.len(), 3);
        assert!(aliases.iter().any(|&w| w >> FLAG_BITS == ge[0]));
        assert!(aliases.iter().all(|&w| Fingerprint::is_marker(w)));
        assert!(!aliases.iter().any(|&w| Fingerprint::is_question_mark(w)));
        assert_eq!(Fingerprint::decode(&f.encode()), Some(f));
    }

    #[test]
    fn inflected_titles_share_stems_and_links_their_canonical_form() {
        let a = Fingerprint::of(
            "Қазақстанның президенті Алматыда",
            None,
            Some("https://www.x.kz/a/1?utm_source=tg"),
        );
        let b = Fingerprint::of(
            "Қазақстанда президент Алматы",
            None,
            Some("http://x.kz/a/1/"),
        );
        assert_eq!(a.url, b.url);
        assert!(a.url.is_some());
        let ids = |f: &Fingerprint| {
            f.stems
                .iter()
                .filter(|&&s| !Fingerprint::is_marker(s))
                .map(|&s| s >> FLAG_BITS)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(ids(&a).len(), 3);
        assert_ne!(
            Fingerprint::of("x", None, Some("https://x.kz/a/2")).url,
            a.url,
            "a different article has a different key"
        );
    }

    #[test]
    fn flags_mark_numbers_names_months_and_where_a_term_is() {
        let f = Fingerprint::of(
            "Землетрясение магнитудой 5 в Алматы 3 марта",
            Some("Толчки ощутили жители Алматы"),
            None,
        );
        // The terms' flags (an alias, "Землетрясение магнитудой"'s
        // initials, is a marker with a name's flag: `acronyms`).
        let count = |flag: u64| {
            f.stems
                .iter()
                .filter(|&&s| !Fingerprint::is_marker(s) && s & flag != 0)
                .count()
        };
        assert_eq!(count(NUMERIC), 2);
        assert_eq!(count(ENTITY), 1);
        assert_eq!(count(DATE), 1);
        // алмат is in both, толчк/ощут/жител only in the lead.
        assert_eq!(count(LEAD), 4);
        assert_eq!(
            f.stems
                .iter()
                .filter(|&&s| s & LEAD != 0 && s & TITLE == 0)
                .count(),
            3
        );
        let title_case = Fingerprint::of(
            "Oil Prices Jump After Saudi Arabia Extends Cuts",
            None,
            None,
        );
        assert!(title_case.stems.iter().all(|&s| !Fingerprint::is_entity(s)));
    }

    #[test]
    fn round_trips_and_rejects_other_versions_and_damage() {
        let f = Fingerprint::of(
            "Oil prices rise in Astana",
            Some("Lead"),
            Some("https://x.kz/1"),
        );
        let bytes = f.encode();
        assert_eq!(bytes.len(), 9 + 5 * f.stems.len(), "5 bytes a term");
        assert_eq!(Fingerprint::decode(&bytes), Some(f.clone()));
        let none = Fingerprint::of("", None, None);
        assert_eq!(Fingerprint::decode(&none.encode()), Some(none));
        let mut other = f.encode();
        other[0] = VERSION + 1;
        assert_eq!(Fingerprint::decode(&other), None);
        other[0] = 1;
        assert_eq!(Fingerprint::decode(&other), None);
        assert_eq!(Fingerprint::decode(&bytes[..bytes.len() - 3]), None);
        assert_eq!(Fingerprint::decode(&bytes[..bytes.len() - 5]), None);
        assert_eq!(Fingerprint::decode(&[]), None);
        assert_eq!(Fingerprint::decode(&[VERSION, 0, 0]), None);
        // Two hashes swapped: not ascending.
        let mut unsorted = f.encode();
        let (a, b) = unsorted[9..].split_at_mut(4);
        a.swap_with_slice(&mut b[..4]);
        assert_eq!(Fingerprint::decode(&unsorted), None);
        // A flag bit no build sets.
        let mut flagged = f.encode();
        let last = flagged.len() - 1;
        flagged[last] |= 0x80;
        assert_eq!(Fingerprint::decode(&flagged), None);
    }

    /// The stored form of version 2: 8-byte words of 59-bit hashes.
    /// The version-2 `of` for these texts: `stable_hash << 5 | flags`
    /// without `LATIN`. Hashing with `stable_hash >> 1` puts bits 1..58 of
    /// the hash where version 2 has them; bit 0 (which narrowing drops)
    /// stays 0.
    fn wide_of(title: &str, lead: Option<&str>, link: Option<&str>) -> Fingerprint {
        let f = Fingerprint::with_hash(title, lead, link, |k| stable_hash(k) >> 1);
        Fingerprint {
            url: f.url,
            stems: f
                .stems
                .iter()
                .map(|&w| (w & !FLAG_MASK) | (w & WIDE_FLAG_MASK))
                .collect(),
        }
    }

    fn encode_wide(f: &Fingerprint) -> Vec<u8> {
        let mut out = vec![WIDE_VERSION];
        out.extend_from_slice(&f.url.unwrap_or(0).to_le_bytes());
        for s in &f.stems {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out
    }

    #[test]
    fn a_version_2_blob_reads_as_the_fingerprint_of_its_text_today() {
        // What caches written before version 3 hold: the same terms with
        // 59-bit hashes (the version-2 `of`).
        let cases = [
            (
                "Землетрясение магнитудой 5 в Алматы 3 марта",
                Some("Толчки ощутили жители Алматы; президент Тоқаев"),
                Some("https://www.x.kz/a/1?utm_source=tg"),
            ),
            ("Oil Prices Jump After OPEC+ Extends Cuts", None, None),
            ("Қазақстанның президенті Алматыда", Some(""), None),
            ("", None, None),
        ];
        for (title, lead, link) in cases {
            let wide = wide_of(title, lead, link);
            assert!(wide.stems.iter().any(|&w| w >> 37 != 0) || wide.stems.is_empty());
            let mut now = Fingerprint::of(title, lead, link);
            // Version 2 had no `LATIN`: the rest is the same.
            for s in &mut now.stems {
                *s &= !LATIN;
            }
            assert_eq!(Fingerprint::decode(&encode_wide(&wide)), Some(now.clone()));
            assert_eq!(now.stems.len(), wide.stems.len(), "{title}");
            // Damage to a version-2 blob is still noticed.
            let blob = encode_wide(&wide);
            assert_eq!(Fingerprint::decode(&blob[..blob.len() - 1]), None);
            if wide.stems.len() > 1 {
                let mut unsorted = blob.clone();
                let (a, b) = unsorted[9..].split_at_mut(8);
                a.swap_with_slice(&mut b[..8]);
                assert_eq!(Fingerprint::decode(&unsorted), None);
            }
        }
        // Two wide words whose top 32 bits agree are one term now, with
        // the flags of both.
        let a = (5u64 << 32) | (1 << 10) | TITLE;
        let b = (5u64 << 32) | (2 << 10) | LEAD | NUMERIC;
        let blob = encode_wide(&Fingerprint {
            url: None,
            stems: vec![a, b],
        });
        assert_eq!(
            Fingerprint::decode(&blob).map(|f| f.stems),
            Some(vec![5 << FLAG_BITS | TITLE | LEAD | NUMERIC])
        );
    }

    #[test]
    fn the_stored_hash_never_changes() {
        // Stored in caches: a change here needs a new VERSION.
        assert_eq!(
            stable_hash(b"\xd0\xbd\xd0\xb5\xd1\x84\xd1\x82"),
            stable_hash("нефт".as_bytes())
        );
        // FNV-1a + SplitMix64 of "oil", checked against an independent implementation.
        assert_eq!(stable_hash(b"oil"), 0xbfb9_d190_6c33_0444);
        assert_eq!(term_hash(b"oil"), 0xf73a_320d);
    }
}

//! What clustering needs from an article, computed once when the article is
//! stored instead of on every ranking.
//!
//! Tokenising titles and parsing links was about 60% of computing Top
//! stories over a week of a big cache; with fingerprints stored beside the
//! articles, ranking reads a few integers per article instead. An article
//! without a fingerprint (an old cache, a test) is fingerprinted on the fly,
//! so results never depend on whether one was stored.
//!
//! Stored form (`encode`): a version byte, the canonical-URL hash (8 bytes
//! little-endian, 0 = no link), then one 8-byte word per distinct term of
//! the title and the lead text. A blob of another version or length decodes
//! to `None` and is recomputed, so changing the stemmer only needs a new
//! `VERSION`.

use std::ops::ControlFlow;

use super::canonical::canonical_url;
use super::text::Stemmer;

/// Bump when stemming, entity detection, canonical URLs or the hash change.
/// 2: Snowball/Kazakh stems, transliteration keys, number words, months,
/// lead-text terms. 3: the `LATIN` flag; in Kazakh text, abbreviations
/// and names of places read as the Russian ones (`abbrev`, `exonyms`).
pub const VERSION: u8 = 3;

/// Flag bits of a term word; the hash of the term is in the other 58 bits.
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

/// Distinct lead-text terms kept: the first paragraph says what the story
/// is; the rest adds cost and little signal.
pub const LEAD_TERMS: usize = 48;

/// An article's clustering features.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    /// Hash of the canonical URL of the link (see `canonical::canonical_url`).
    pub url: Option<u64>,
    /// One word per distinct term: `hash << FLAG_BITS | flags`, sorted.
    pub stems: Vec<u64>,
}

impl Fingerprint {
    /// Fingerprints a title, its lead text (see `rank::lead_text`) and link.
    pub fn of(title: &str, lead: Option<&str>, link: Option<&str>) -> Fingerprint {
        let url = link
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| stable_hash(canonical_url(l).as_bytes()));
        let mut stems: Vec<u64> = Vec::with_capacity(16);
        let mut stemmer = Stemmer::default();
        let word = |key: &str, flags: u64| (stable_hash(key.as_bytes()) << FLAG_BITS) | flags;
        stemmer.for_each(title, |t| {
            let flags = TITLE
                | if t.number { NUMERIC } else { 0 }
                | if t.entity { ENTITY } else { 0 }
                | if t.date { DATE } else { 0 }
                | if t.latin { LATIN } else { 0 };
            stems.push(word(t.key, flags));
        });
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
        // One word per term, with the flags of all its occurrences.
        stems.dedup_by(|later, kept| {
            let same = *later >> FLAG_BITS == *kept >> FLAG_BITS;
            if same {
                *kept |= *later & ((1 << FLAG_BITS) - 1);
            }
            same
        });
        Fingerprint { url, stems }
    }

    /// The stored form (see the module docs).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(9 + 8 * self.stems.len());
        out.push(VERSION);
        out.extend_from_slice(&self.url.unwrap_or(0).to_le_bytes());
        for s in &self.stems {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out
    }

    /// Reads the stored form; `None` for another version or a damaged blob.
    pub fn decode(bytes: &[u8]) -> Option<Fingerprint> {
        let (&version, rest) = bytes.split_first()?;
        if version != VERSION || rest.len() < 8 || rest.len() % 8 != 0 {
            return None;
        }
        let mut words = rest
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        let url = words.next().filter(|&u| u != 0);
        let stems: Vec<u64> = words.collect();
        // A blob that is not sorted and distinct was not written by `encode`.
        if stems
            .windows(2)
            .any(|w| w[0] >> FLAG_BITS >= w[1] >> FLAG_BITS)
        {
            return None;
        }
        Some(Fingerprint { url, stems })
    }

    /// The term's identity without its flags.
    pub fn stem_id(word: u64) -> u64 {
        word >> FLAG_BITS
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
        let ids = |f: &Fingerprint| f.stems.iter().map(|&s| s >> FLAG_BITS).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(a.stems.len(), 3);
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
        let count = |flag: u64| f.stems.iter().filter(|&&s| s & flag != 0).count();
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
        assert_eq!(Fingerprint::decode(&f.encode()), Some(f.clone()));
        let none = Fingerprint::of("", None, None);
        assert_eq!(Fingerprint::decode(&none.encode()), Some(none));
        let mut other = f.encode();
        other[0] = VERSION + 1;
        assert_eq!(Fingerprint::decode(&other), None);
        let bytes = f.encode();
        assert_eq!(Fingerprint::decode(&bytes[..bytes.len() - 3]), None);
        assert_eq!(Fingerprint::decode(&[]), None);
        let mut unsorted = f.encode();
        let n = unsorted.len();
        let (a, b) = unsorted[9..].split_at_mut(8);
        a.swap_with_slice(&mut b[..8]);
        assert_eq!(n, unsorted.len());
        assert_eq!(Fingerprint::decode(&unsorted), None);
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
    }
}

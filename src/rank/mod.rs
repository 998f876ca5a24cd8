//! Ranking: story clustering, the popularity score behind "Top stories", and
//! related stories. Pure functions over plain structs: no I/O, no clock (the
//! caller passes `now`), so every result is reproducible in tests.
//!
//! - [`text`]: Unicode tokenising, case folding and stemming for Kazakh,
//!   Russian and English ([`kazakh`], [`words`]).
//! - [`canonical`]: canonical URLs (tracking, AMP and mobile variants removed).
//! - [`cluster`]: the same story across feeds.
//! - [`score`]: the popularity score and its explanation ([`top_stories`]).
//! - [`related`]: BM25 "similar news" ([`RelatedIndex`]).
//!
//! docs/ranking.md explains the formula with a worked example.

pub mod abbrev;
mod acronyms;
mod candidates;
pub mod canonical;
pub mod cluster;
mod days;
mod demonyms;
pub mod eval;
mod exonyms;
pub mod fingerprint;
mod gazetteer;
mod irregular;
pub mod kazakh;
pub mod kept;
pub mod kept_plan;
mod memo;
pub mod numerals;
pub mod opposites;
mod places;
pub mod related;
pub mod score;
mod script;
pub mod similar;
mod terms_golden;
pub mod text;
pub mod words;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{ArticleId, FeedId, Signals};

pub use canonical::canonical_url;
pub use cluster::{Cluster, cluster, title_similarity};
pub use fingerprint::Fingerprint;
pub use related::RelatedIndex;
pub use score::{
    Explanation, Parts, TopStory, top_stories, top_stories_growing, top_stories_of,
    top_stories_with,
};

/// What ranking needs to know about an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankArticle {
    pub id: ArticleId,
    pub feed_id: FeedId,
    /// Empty, with `link` and `summary` `None`, when read for clustering
    /// only (`store::RankFields::Clustering`) and a fingerprint is present.
    pub title: String,
    /// Plain text or HTML (tags are stripped for tokenising).
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    /// Published date, else when the article was first seen.
    pub date: DateTime<Utc>,
    #[serde(default)]
    pub signals: Signals,
    /// Clustering features stored with the article; computed from `title`
    /// and `link` when absent.
    #[serde(skip)]
    pub fingerprint: Option<Fingerprint>,
}

/// The most of a lead that grouping reads, in characters.
pub const LEAD_CHARS: usize = 600;

/// The lead text of an article for grouping: the first paragraph of its
/// summary, else of its content (a blank line or a closing `</p>` ends
/// it), at most `LEAD_CHARS` characters cut at a space. A lead is what a
/// newsroom puts first; feeds often carry the whole article as the summary,
/// and stemming every word of it cost more than the rest of a refresh
/// while the later paragraphs' words mostly dilute the story's own.
pub fn lead_text<'a>(summary: Option<&'a str>, content: Option<&'a str>) -> Option<&'a str> {
    let text = [summary, content]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty())?;
    Some(cap_chars(first_paragraph(text), LEAD_CHARS))
}

/// `text` up to the end of its first paragraph that holds any text (an
/// empty `<p></p>` or a heading-only line does not end the lead).
fn first_paragraph(text: &str) -> &str {
    let mut from = 0;
    loop {
        match paragraph_end(text, from) {
            None => return text,
            Some(end) if has_text(&text[..end]) => return text[..end].trim_end(),
            Some(end) => from = end,
        }
    }
}

/// The end of the first `</p>`, `</P>`, blank line or CRLF blank line in
/// `text` at or after `from`: one pass that stops at the first, where a
/// search per mark read every summary to its end for each. No two marks
/// overlap so that a later start ends sooner, so the first to start is the
/// first to end.
fn paragraph_end(text: &str, from: usize) -> Option<usize> {
    const MARKS: [&[u8]; 4] = [b"</p>", b"</P>", b"\n\n", b"\r\n\r\n"];
    let bytes = text.as_bytes();
    (from..bytes.len())
        .filter(|&i| matches!(bytes[i], b'<' | b'\n' | b'\r'))
        .find_map(|i| {
            MARKS
                .iter()
                .find(|m| bytes[i..].starts_with(m))
                .map(|m| i + m.len())
        })
}

/// Whether `html` holds a letter or digit outside its tags.
fn has_text(html: &str) -> bool {
    let mut in_tag = false;
    html.chars().any(|c| match c {
        '<' => {
            in_tag = true;
            false
        }
        '>' => {
            in_tag = false;
            false
        }
        c => !in_tag && c.is_alphanumeric(),
    })
}

/// At most `max` characters of `text`, cut after the last whitespace when
/// there is one (so no word is cut in half).
fn cap_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        None => text,
        Some((cut, _)) => {
            let head = &text[..cut];
            match head.rfind(char::is_whitespace) {
                Some(space) if space > 0 => head[..space].trim_end(),
                _ => head,
            }
        }
    }
}

/// Hash maps keyed by words and ids on the hot path of clustering and
/// indexing. SipHash (the std default) resists hash flooding but costs more
/// than the rest of tokenising a word; these maps are built from local data
/// and live for one call, so a multiply-rotate hash is enough.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, BuildWordHasher>;

pub(crate) type BuildWordHasher = std::hash::BuildHasherDefault<WordHasher>;

/// A multiply-rotate hasher over 8-byte chunks (FxHash-style).
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_i64(&mut self, i: i64) {
        self.add(i as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod lead_tests {
    use super::{LEAD_CHARS, lead_text};

    #[test]
    fn the_lead_is_the_first_paragraph_with_text_of_the_summary_else_the_content() {
        let summary = "<p></p><p><b>Алматы</b> әкімдігі жаңа жоба туралы хабарлады.</p>\
                       <p>Екінші абзац басқа туралы.</p>";
        let lead = lead_text(Some(summary), Some("<p>Content</p>")).unwrap();
        assert!(
            lead.contains("әкімдігі") && !lead.contains("Екінші"),
            "{lead}"
        );
        assert_eq!(
            lead_text(Some("  "), Some("First para.\n\nSecond para.")),
            Some("First para.")
        );
        assert_eq!(lead_text(None, None), None);
        assert_eq!(lead_text(Some(" \n"), Some("")), None);
    }

    #[test]
    fn the_paragraph_ends_at_the_first_mark_whichever_it_is() {
        use super::paragraph_end;
        // What a search per mark with the earliest end finds.
        let by_search = |text: &str, from: usize| {
            ["</p>", "</P>", "\n\n", "\r\n\r\n"]
                .iter()
                .filter_map(|m| text[from..].find(m).map(|i| from + i + m.len()))
                .min()
        };
        for text in [
            "a</p>b\n\nc",
            "a\n\n\nb</P>",
            "a\r\n\r\n\nb",
            "a\n\r\n\r\nb",
            "<p>Қала</p>",
            "no mark < here \r\n only",
            "",
            "x\n\r\n\r\n\n\n</p></P>",
        ] {
            for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(
                    paragraph_end(text, from),
                    by_search(text, from),
                    "{text:?} {from}"
                );
            }
        }
    }

    #[test]
    fn a_long_lead_is_cut_at_a_space_within_the_bound_and_a_cut_start_gives_the_same_lead() {
        let body = "Правительство утвердило ".repeat(60);
        let lead = lead_text(Some(&body), None).unwrap();
        assert!(lead.chars().count() <= LEAD_CHARS);
        assert!(lead.ends_with("утвердило"), "cut mid-word: {lead:?}");
        // The store reads only the first LEAD_CHARS + 1 characters of a
        // summary for ranking: the lead from that start is the same.
        let start: String = body.chars().take(LEAD_CHARS + 1).collect();
        assert_eq!(lead_text(Some(&start), None), Some(lead));
    }
}

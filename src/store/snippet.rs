//! Search snippets, made here rather than by FTS5: the index is
//! contentless (see `schema`, v9), so it knows which articles match but
//! keeps no text to cut an excerpt from. The few hits shown are cut from
//! their stored text instead, the way FTS5's `snippet()` would: the column
//! with the most matched terms, a window of `tokens` words placed around
//! the matches, each matched word wrapped in `MATCH_START` … `MATCH_END`,
//! and `…` where the text was cut.
//!
//! Words are what FTS5's `unicode61` tokenizer takes them to be (runs of
//! letters and digits), compared folded by `text_fold` (case, Latin
//! accents, е/ё), the rule the query side spells its alternatives by.

use crate::search_query::{MATCH_END, MATCH_START, SearchQuery, Term};

/// What a query looks for, folded: words matched by prefix (or whole, when
/// too short to be a prefix) and phrases matched word by word.
pub(super) struct Needles {
    /// Each term: its words, and whether its last word is a prefix.
    terms: Vec<(Vec<String>, bool)>,
}

/// Words shorter than this match whole (see `search_query`).
const MIN_PREFIX_CHARS: usize = 2;

impl Needles {
    pub(super) fn of(q: &SearchQuery) -> Needles {
        let terms = q
            .terms
            .iter()
            .filter_map(|t| match t {
                Term::Word(w) => {
                    let words = words_of(w);
                    let prefix = w.chars().filter(|c| c.is_alphanumeric()).count()
                        >= MIN_PREFIX_CHARS
                        && words.len() == 1;
                    Some((words, prefix))
                }
                Term::Phrase(p) => Some((words_of(p), false)),
                Term::Exclude(_) => None,
            })
            .filter(|(w, _)| !w.is_empty())
            .collect();
        Needles { terms }
    }

    /// Token ranges of a column that some term matches, with the term's
    /// index.
    fn hits(&self, col: &mut Column<'_>) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (t, (needle, prefix)) in self.terms.iter().enumerate() {
            let n = needle.len();
            if n == 0 || n > col.len() {
                continue;
            }
            let Some(first) = needle[0].chars().next() else {
                continue;
            };
            for start in 0..=col.len() - n {
                // Most words of a long text cannot match: their first
                // letter already differs, and folding them is the cost.
                if !col.may_start_with(start, first) {
                    continue;
                }
                let ok = (0..n).all(|k| {
                    let have = col.word(start + k);
                    let w = needle[k].as_str();
                    if k + 1 == n && *prefix {
                        have.starts_with(w)
                    } else {
                        have == w
                    }
                });
                if ok {
                    out.push((start, start + n, t));
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// One column's words: their byte ranges, and each word folded when a
/// needle first needs it (a 20 KB body has thousands of words, a needle
/// looks at the few that start with its letter).
struct Column<'t> {
    text: &'t str,
    ranges: Vec<(usize, usize)>,
    /// `text_fold::fold_first` of each word's first character.
    first: Vec<Option<char>>,
    folded: Vec<Option<String>>,
}

impl<'t> Column<'t> {
    fn new(text: &'t str) -> Column<'t> {
        let ranges = ranges(text);
        let first = ranges
            .iter()
            .map(|&(s, _)| {
                text[s..]
                    .chars()
                    .next()
                    .and_then(crate::text_fold::fold_first)
            })
            .collect();
        let folded = vec![None; ranges.len()];
        Column {
            text,
            ranges,
            first,
            folded,
        }
    }

    fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether word `i` folded may start with `c` (a folded letter).
    fn may_start_with(&self, i: usize, c: char) -> bool {
        match self.first[i] {
            Some(f) => f == c || (f == 'ё' && c == 'е'),
            None => true,
        }
    }

    fn word(&mut self, i: usize) -> &str {
        let (s, e) = self.ranges[i];
        let text = self.text;
        self.folded[i].get_or_insert_with(|| fold(&text[s..e]))
    }
}

/// The folded words of a query term.
fn words_of(text: &str) -> Vec<String> {
    ranges(text)
        .into_iter()
        .map(|(s, e)| fold(&text[s..e]))
        .collect()
}

/// The byte ranges of the words of `text` (runs of letters and digits).
fn ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// `char::is_alphanumeric`, answered at once for the basic Russian
/// letters (А–я, all alphabetic): the standard library looks every other
/// non-ASCII letter up in its tables, the largest cost of cutting a 20 KB
/// Cyrillic body into words (6% of a search's CPU on the 1M cache).
fn is_word_char(c: char) -> bool {
    ('\u{0410}'..='\u{044F}').contains(&c) || c.is_alphanumeric()
}

/// The folding rule search and the `/` filter share (`text_fold`): case,
/// Latin accents, е/ё.
fn fold(word: &str) -> String {
    crate::text_fold::fold(word)
}

/// A matched token range and its term: (first token, end, term index).
type Hit = (usize, usize, usize);

/// A column's score: (column, distinct terms, hits, the hits).
type Best = (usize, usize, usize, Vec<Hit>);

/// The snippet of one hit: `columns` are title, author and body text.
pub(super) fn make(needles: &Needles, columns: &[&str], tokens_wanted: usize) -> String {
    let mut cols: Vec<Column<'_>> = columns.iter().map(|c| Column::new(c)).collect();
    // The column with the most distinct terms matched, then the most hits;
    // the first such column on a tie (the title before the body).
    let mut best: Option<Best> = None;
    for (i, col) in cols.iter_mut().enumerate() {
        let hits = needles.hits(col);
        let mut distinct: Vec<usize> = hits.iter().map(|h| h.2).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let key = (distinct.len(), hits.len());
        if best
            .as_ref()
            .is_none_or(|b| key > (b.1, b.2) && !hits.is_empty())
        {
            best = Some((i, key.0, key.1, hits));
        }
    }
    let Some((col, _, _, hits)) = best else {
        return String::new();
    };
    // Nothing matched anywhere (a word the tokenizers split differently):
    // the start of the longest text, as FTS5 would show.
    let col = if hits.is_empty() {
        (0..columns.len())
            .max_by_key(|&i| (cols[i].len(), usize::MAX - i))
            .unwrap_or(0)
    } else {
        col
    };
    let toks = &cols[col].ranges;
    let text = columns[col];
    if toks.is_empty() {
        return String::new();
    }
    let n = tokens_wanted.max(1);
    let start = window_start(&hits, toks.len(), n);
    let end = (start + n).min(toks.len());
    let mut out = String::with_capacity(text.len().min(n * 12));
    if start > 0 {
        out.push('…');
    }
    let mut at = toks[start].0;
    for (k, (s, e)) in toks.iter().enumerate().take(end).skip(start) {
        out.push_str(&text[at..*s]);
        let marked = hits.iter().any(|&(a, b, _)| a <= k && k < b);
        if marked {
            out.push(MATCH_START);
        }
        out.push_str(&text[*s..*e]);
        if marked {
            out.push(MATCH_END);
        }
        at = *e;
    }
    if end < toks.len() {
        out.push('…');
    } else {
        out.push_str(&text[at..]);
    }
    out
}

/// The first token of the window: the one holding the most distinct terms
/// (earliest on a tie), with its hits centred in it.
fn window_start(hits: &[(usize, usize, usize)], len: usize, n: usize) -> usize {
    if len <= n || hits.is_empty() {
        return 0;
    }
    let mut best = (0usize, 0usize, 0usize); // (distinct, first hit, last hit end)
    for (i, &(first, _, _)) in hits.iter().enumerate() {
        let mut seen: Vec<usize> = Vec::new();
        let mut last = first;
        for &(a, b, t) in &hits[i..] {
            if b > first + n {
                break;
            }
            if !seen.contains(&t) {
                seen.push(t);
            }
            last = last.max(b).max(a);
        }
        if seen.len() > best.0 {
            best = (seen.len(), first, last);
        }
    }
    let (_, first, last) = best;
    let slack = n.saturating_sub(last - first);
    first.saturating_sub(slack / 2).min(len - n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_letter_test_agrees_with_the_standard_one() {
        for c in ('\u{0}'..='\u{2FFF}').chain(['\u{1F600}', '\u{10FFFF}']) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn snip(q: &str, cols: &[&str]) -> String {
        let q = SearchQuery::parse(q).unwrap();
        make(&Needles::of(&q), cols, 16)
            .replace(MATCH_START, "[")
            .replace(MATCH_END, "]")
    }

    #[test]
    fn short_text_whole_with_marked_prefix_matches() {
        assert_eq!(
            snip("алмат", &["Алматыда қар жауды", "", ""]),
            "[Алматыда] қар жауды"
        );
    }

    #[test]
    fn the_column_with_the_match_is_chosen() {
        assert_eq!(
            snip("снегопад", &["Погода", "", "Завтра сильный снегопад."]),
            "Завтра сильный [снегопад]."
        );
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let body = (0..100)
            .map(|i| {
                if i == 50 {
                    "Қазақстан".to_string()
                } else {
                    format!("w{i}")
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let s = snip("қазақстан", &["t", "", &body]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("[Қазақстан]"), "{s}");
        assert_eq!(s.matches(' ').count(), 15, "{s}");
    }

    #[test]
    fn phrases_match_word_by_word_and_exclusions_are_not_marked() {
        assert_eq!(
            snip(
                "\"central bank\" -rates",
                &["The Central Bank keeps rates", "", ""]
            ),
            "The [Central] [Bank] keeps rates"
        );
    }

    #[test]
    fn case_accents_and_yo_fold() {
        assert_eq!(snip("cafe", &["Le Café", "", ""]), "Le [Café]");
        assert_eq!(
            snip("елка", &["Новогодняя ёлка", "", ""]),
            "Новогодняя [ёлка]"
        );
        assert_eq!(snip("ЙОГУРТ", &["йогурт", "", ""]), "[йогурт]");
    }
}

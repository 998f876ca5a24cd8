//! The search query language, shared by `keruen search` and the TUI:
//!
//! - free words: each matches words *starting* with it, so the inflected
//!   forms of Kazakh and Russian match (`Алматы` finds `Алматыда`);
//! - `"quoted phrases"`: those words, in that order, exactly;
//! - `-word`: leave out articles with a word starting with it;
//! - filters: `feed:NAME`, `tag:TAG` (a value with spaces can be quoted:
//!   `feed:"Tengri News"`), `unread`, `starred` (also `is:unread`,
//!   `is:starred`), `since:7d` (any duration `config` accepts);
//! - to search for a word that is also a filter, quote it: `"unread"`.
//!
//! Case and Latin accents never matter (the index folds them). User text
//! is always quoted into the FTS5 expression, so no input can break it.

use std::time::Duration;

use crate::config::units::parse_duration;

/// Marks the start of a matched word in a snippet (see `store::SearchHit`).
pub const MATCH_START: char = '\u{1}';
/// Marks the end of a matched word in a snippet.
pub const MATCH_END: char = '\u{2}';

/// Results returned when the caller does not choose.
pub const DEFAULT_LIMIT: usize = 50;

/// Words shorter than this (in characters) match whole words only: a
/// one-letter prefix would match most of the index.
const MIN_PREFIX_CHARS: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Matches any word starting with it (when long enough, see above).
    Word(String),
    /// Matches these words in this order.
    Phrase(String),
    /// `-word`: articles with a word starting with it are left out.
    Exclude(String),
}

/// A query's FTS5 expression in its parts (see `fts_parts_expanded`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtsParts {
    /// Each word or phrase: an FTS5 expression that matches it (one term,
    /// or its spellings and spelled-out prefixes joined by OR). All must
    /// match.
    pub wanted: Vec<String>,
    /// Each `-word`: an expression no match may have.
    pub excluded: Vec<String>,
}

impl FtsParts {
    /// The whole MATCH expression: every wanted part, none excluded.
    pub fn expr(&self) -> String {
        let mut expr = self.wanted.join(" AND ");
        for x in &self.excluded {
            expr.push_str(" NOT ");
            expr.push_str(x);
        }
        expr
    }
}

/// A parsed query. Build one with `SearchQuery::parse` or by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// All must match (AND).
    pub terms: Vec<Term>,
    /// Only this feed (name, case-insensitive).
    pub feed: Option<String>,
    /// Only feeds with this tag (case-insensitive).
    pub tag: Option<String>,
    pub unread: bool,
    pub starred: bool,
    /// Only articles dated within this much before now.
    pub since: Option<Duration>,
    /// At most this many hits.
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            terms: Vec::new(),
            feed: None,
            tag: None,
            unread: false,
            starred: false,
            since: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the search is empty; type some words, or a filter such as unread or since:7d")]
    Empty,
    #[error("since:{0} is not a duration; use e.g. since:7d, since:24h or since:90m")]
    BadDuration(String),
    #[error("{0}: needs a value, e.g. {0}:news (quote a value with spaces: {0}:\"two words\")")]
    MissingValue(&'static str),
    #[error(
        "{0}: is not a filter; use feed:, tag:, since:, unread or starred (put \"{0}:…\" in quotes to search for the text)"
    )]
    UnknownFilter(String),
    #[error("the quote opened at character {0} is never closed; add a closing \"")]
    UnclosedQuote(usize),
    #[error("{0}:{1} appears twice with different values; keep one")]
    Repeated(&'static str, String),
}

impl SearchQuery {
    /// Parse a query string (see the module docs for the syntax).
    pub fn parse(text: &str) -> Result<SearchQuery, QueryError> {
        let mut q = SearchQuery::default();
        for token in tokenize(text)? {
            match token {
                Token::Quoted(p) => {
                    if has_word(&p) {
                        q.terms.push(Term::Phrase(p));
                    }
                }
                Token::Bare(w) => q.apply_bare(w)?,
                Token::Filter(name, value) => q.apply_filter(&name, value)?,
            }
        }
        if q.is_empty() {
            return Err(QueryError::Empty);
        }
        Ok(q)
    }

    /// True when the query has neither words nor filters.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.feed.is_none()
            && self.tag.is_none()
            && !self.unread
            && !self.starred
            && self.since.is_none()
    }

    fn apply_bare(&mut self, w: String) -> Result<(), QueryError> {
        match w.as_str() {
            "unread" => self.unread = true,
            "starred" => self.starred = true,
            _ => {
                // A trailing `*` is what every word does anyway.
                let w = w.trim_end_matches('*');
                match w.strip_prefix('-') {
                    Some(x) if has_word(x) => self.terms.push(Term::Exclude(x.to_string())),
                    _ if has_word(w) => self.terms.push(Term::Word(w.to_string())),
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn apply_filter(&mut self, name: &str, value: Option<String>) -> Result<(), QueryError> {
        let set = |slot: &mut Option<String>, key: &'static str, value: Option<String>| {
            let v = value
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .ok_or(QueryError::MissingValue(key))?;
            match slot {
                Some(old) if old.to_lowercase() != v.to_lowercase() => {
                    Err(QueryError::Repeated(key, v))
                }
                _ => {
                    *slot = Some(v);
                    Ok(())
                }
            }
        };
        match name.to_ascii_lowercase().as_str() {
            "feed" => set(&mut self.feed, "feed", value),
            "tag" => set(&mut self.tag, "tag", value),
            "since" => {
                let v = value.ok_or(QueryError::MissingValue("since"))?;
                let d = parse_duration(&v).ok_or(QueryError::BadDuration(v))?;
                self.since = Some(d);
                Ok(())
            }
            "is" => match value.as_deref().map(str::to_ascii_lowercase).as_deref() {
                Some("unread") => {
                    self.unread = true;
                    Ok(())
                }
                Some("starred") => {
                    self.starred = true;
                    Ok(())
                }
                _ => Err(QueryError::UnknownFilter(format!(
                    "is:{}",
                    value.unwrap_or_default()
                ))),
            },
            _ => Err(QueryError::UnknownFilter(name.to_string())),
        }
    }

    /// The FTS5 MATCH expression for the words and phrases (minus the
    /// exclusions), or `None` when the query has no word or phrase. Every
    /// term is a quoted string (quotes inside doubled), so FTS5 operators in
    /// user text are just text.
    pub fn fts_match(&self) -> Option<String> {
        self.fts_match_expanded(&mut |_| None)
    }

    /// `fts_match`, where each prefix (a word long enough to be one, in
    /// each of its spellings) may be spelled out as the index terms it
    /// covers: `expand` returns them, or `None` to keep the prefix. Both
    /// expressions match the same articles when the list is complete;
    /// exact terms let FTS5 skip to the rows it needs, where a prefix
    /// makes it merge every matching term's whole list first.
    pub fn fts_match_expanded(
        &self,
        expand: &mut dyn FnMut(&str) -> Option<Vec<String>>,
    ) -> Option<String> {
        self.fts_parts_expanded(expand).map(|p| p.expr())
    }

    /// `fts_match_expanded` in its parts: each word or phrase as its own
    /// FTS5 expression (what the search's rank weighs one by one), and
    /// the exclusions; `None` when the query has no word or phrase.
    pub fn fts_parts_expanded(
        &self,
        expand: &mut dyn FnMut(&str) -> Option<Vec<String>>,
    ) -> Option<FtsParts> {
        let wanted: Vec<String> = self
            .terms
            .iter()
            .filter_map(|t| match t {
                Term::Word(w) => Some(fts_word(w, expand)),
                Term::Phrase(p) => Some(any_of(yo_variants(p).iter().map(|v| quote(v)))),
                Term::Exclude(_) => None,
            })
            .collect();
        if wanted.is_empty() {
            return None;
        }
        let excluded = self.excluded().map(|x| fts_word(x, expand)).collect();
        Some(FtsParts { wanted, excluded })
    }

    /// For a query without words or phrases: the MATCH expression of the
    /// articles to leave out (FTS5 cannot express "everything but"), if any.
    pub fn fts_exclude(&self) -> Option<String> {
        if self.fts_match().is_some() {
            return None;
        }
        let parts: Vec<String> = self
            .excluded()
            .map(|x| fts_word(x, &mut |_| None))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" OR "))
    }

    fn excluded(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().filter_map(|t| match t {
            Term::Exclude(x) => Some(x.as_str()),
            _ => None,
        })
    }
}

/// A word as a prefix query, when it is long enough to be one, in both
/// its е and ё spellings (see `yo_variants`); a prefix `expand` spells out
/// becomes its exact terms (an empty list: the spelling matches nothing).
fn fts_word(w: &str, expand: &mut dyn FnMut(&str) -> Option<Vec<String>>) -> String {
    let prefix = w.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_PREFIX_CHARS;
    let mut terms = Vec::new();
    for v in yo_variants(w) {
        if !prefix {
            terms.push(quote(&v));
            continue;
        }
        match expand(&v) {
            Some(exact) => terms.extend(exact.iter().map(|t| quote(t))),
            None => terms.push(format!("{}*", quote(&v))),
        }
    }
    if terms.is_empty() {
        // No spelling matches: still a valid term, one that matches
        // nothing (the prefix itself, which no index term starts with).
        return format!("{}*", quote(w));
    }
    // The spellings differ at an е/ё, so their term lists never overlap.
    any_of(terms.into_iter())
}

/// One FTS5 term, or several joined by OR in parentheses.
fn any_of(terms: impl Iterator<Item = String>) -> String {
    let terms: Vec<String> = terms.collect();
    match terms.as_slice() {
        [one] => one.clone(),
        _ => format!("({})", terms.join(" OR ")),
    }
}

/// Russian writes ё or е for the same letter ("ёлка" / "елка", "всё" /
/// "все") and the index keeps what the feed wrote (FTS5's diacritic folding
/// does not cover Cyrillic). So a term is searched in every spelling of its
/// first `MAX_YO` е/ё letters: at most 2^3 = 8 alternatives, of which the
/// spellings no article uses cost one index lookup each. Kazakh words
/// (a letter only Kazakh has) keep their one spelling: Kazakh writes ё
/// only in a few Russian loans.
fn yo_variants(term: &str) -> Vec<String> {
    const MAX_YO: usize = 3;
    // The filter's rule too (`text_fold`): one rule for both.
    if !crate::text_fold::yo_is_e(term) {
        return vec![term.to_string()];
    }
    let at: Vec<usize> = term
        .char_indices()
        .filter(|(_, c)| matches!(c, 'е' | 'Е' | 'ё' | 'Ё'))
        .map(|(i, _)| i)
        .take(MAX_YO)
        .collect();
    (0..1usize << at.len())
        .map(|mask| {
            let mut out = String::with_capacity(term.len() + at.len());
            for (i, c) in term.char_indices() {
                match at.iter().position(|&p| p == i) {
                    Some(k) if mask & (1 << k) != 0 => out.push('ё'),
                    Some(_) => out.push('е'),
                    None => out.push(c),
                }
            }
            out
        })
        .collect()
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Whether the text holds something the index tokenizes into a word; a
/// term of punctuation only would match nothing (or confuse FTS5).
fn has_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

enum Token {
    Quoted(String),
    Bare(String),
    /// `name:value`; the value may have been quoted.
    Filter(String, Option<String>),
}

/// Split on whitespace, keeping "quoted text" together, and recognise
/// `name:value` filters (see `filter_name`: "10:30" and URLs stay words).
/// A quote inside a word is just a character of it.
fn tokenize(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' {
            chars.next();
            out.push(Token::Quoted(read_quoted(&mut chars, text, start)?));
            continue;
        }
        // A bare word, up to whitespace; `name:"value with spaces"` continues.
        let mut word = String::new();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            if c == '"'
                && let Some(name) = filter_name(&word)
            {
                chars.next();
                let value = read_quoted(&mut chars, text, i)?;
                out.push(Token::Filter(name, Some(value)));
                word.clear();
                break;
            }
            word.push(c);
            chars.next();
        }
        if word.is_empty() {
            continue;
        }
        match filter_name(&word) {
            Some(name) => {
                let value = &word[name.len() + 1..];
                out.push(Token::Filter(
                    name.clone(),
                    (!value.is_empty()).then(|| value.to_string()),
                ));
            }
            None => out.push(Token::Bare(word)),
        }
    }
    Ok(out)
}

/// `feed` for "feed:…": the name must be ASCII letters and end the word's
/// first segment; `https://x` is not a filter (its value starts with '/').
fn filter_name(word: &str) -> Option<String> {
    let (name, value) = word.split_once(':')?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if value.starts_with('/') {
        return None;
    }
    Some(name.to_string())
}

fn read_quoted(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    text: &str,
    open: usize,
) -> Result<String, QueryError> {
    let mut s = String::new();
    for (_, c) in chars.by_ref() {
        if c == '"' {
            return Ok(s);
        }
        s.push(c);
    }
    Err(QueryError::UnclosedQuote(text[..open].chars().count() + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &SearchQuery) -> Vec<Term> {
        q.terms.clone()
    }

    #[test]
    fn words_phrases_and_filters() {
        let q = SearchQuery::parse(
            "Алматы \"Тоқаев мәлімдеме\" feed:tengri tag:kz unread starred since:7d",
        )
        .unwrap();
        assert_eq!(
            words(&q),
            [
                Term::Word("Алматы".into()),
                Term::Phrase("Тоқаев мәлімдеме".into())
            ]
        );
        assert_eq!(q.feed.as_deref(), Some("tengri"));
        assert_eq!(q.tag.as_deref(), Some("kz"));
        assert!(q.unread && q.starred);
        assert_eq!(q.since, Some(Duration::from_secs(7 * 86_400)));
        assert_eq!(
            q.fts_match().unwrap(),
            "\"Алматы\"* AND \"Тоқаев мәлімдеме\""
        );
    }

    #[test]
    fn quoted_filter_values_and_is_forms() {
        let q = SearchQuery::parse("feed:\"Tengri News\" is:unread x").unwrap();
        assert_eq!(q.feed.as_deref(), Some("Tengri News"));
        assert!(q.unread);
        assert_eq!(q.fts_match().unwrap(), "\"x\"");
    }

    #[test]
    fn e_and_yo_spellings_are_both_searched() {
        let q = SearchQuery::parse("Ёлка").unwrap();
        assert_eq!(q.fts_match().unwrap(), "(\"елка\"* OR \"ёлка\"*)");
        let q = SearchQuery::parse("\"всё ок\"").unwrap();
        assert_eq!(q.fts_match().unwrap(), "(\"все ок\" OR \"всё ок\")");
        // At most three letters vary, so a long word stays at 8 terms.
        let q = SearchQuery::parse("ееееее").unwrap();
        assert_eq!(q.fts_match().unwrap().matches(" OR ").count(), 7);
        assert_eq!(
            SearchQuery::parse("oil").unwrap().fts_match().unwrap(),
            "\"oil\"*"
        );
    }

    #[test]
    fn fts_syntax_in_input_is_quoted() {
        let q = SearchQuery::parse("a\"b NEAR( OR * -x ^y").unwrap();
        assert_eq!(
            q.fts_match().unwrap(),
            "\"a\"\"b\"* AND \"NEAR(\"* AND \"OR\"* AND \"^y\" NOT \"x\""
        );
        let e = SearchQuery::parse("NEAR( col:x* ab").unwrap_err();
        assert_eq!(e, QueryError::UnknownFilter("col".into()));
        assert_eq!(
            SearchQuery::parse("x \"open").unwrap_err(),
            QueryError::UnclosedQuote(3)
        );
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(
            SearchQuery::parse("x since:abc").unwrap_err().to_string(),
            "since:abc is not a duration; use e.g. since:7d, since:24h or since:90m"
        );
        assert_eq!(
            SearchQuery::parse("feed:").unwrap_err(),
            QueryError::MissingValue("feed")
        );
        assert_eq!(SearchQuery::parse("  ").unwrap_err(), QueryError::Empty);
        assert_eq!(SearchQuery::parse("— …").unwrap_err(), QueryError::Empty);
        assert_eq!(
            SearchQuery::parse("feed:a feed:b").unwrap_err(),
            QueryError::Repeated("feed", "b".into())
        );
    }

    #[test]
    fn urls_and_times_are_words() {
        let q = SearchQuery::parse("https://tengrinews.kz 10:30").unwrap();
        assert_eq!(q.terms.len(), 2);
        assert!(q.feed.is_none());
    }

    #[test]
    fn minus_excludes() {
        let q = SearchQuery::parse("алматы -гороскоп -x").unwrap();
        assert_eq!(
            q.fts_match().unwrap(),
            "\"алматы\"* NOT \"гороскоп\"* NOT \"x\""
        );
        assert_eq!(q.fts_exclude(), None);
        let q = SearchQuery::parse("unread -гороскоп -реклама").unwrap();
        assert_eq!(q.fts_match(), None);
        assert_eq!(
            q.fts_exclude().unwrap(),
            "\"гороскоп\"* OR (\"реклама\"* OR \"рёклама\"*)"
        );
        // A lone "-" is punctuation, not an exclusion.
        assert_eq!(SearchQuery::parse("- a").unwrap().terms.len(), 1);
    }

    #[test]
    fn quoted_filter_word_is_a_term() {
        let q = SearchQuery::parse("\"unread\"").unwrap();
        assert!(!q.unread);
        assert_eq!(q.terms, [Term::Phrase("unread".into())]);
    }
}

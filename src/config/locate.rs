//! Turning byte spans from the TOML parser into what a person needs: a line
//! and column, the dotted key path (`feeds[2].url`), a description of the
//! value found there, and "did you mean" suggestions.
//!
//! toml's deserialisation errors carry a span but not a public key path, so
//! the path is recovered by searching the spanned document for the entry at
//! that span.

use std::fmt;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A key path such as `feeds[2].url`. Indices count from 0.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyPath(pub Vec<Segment>);

impl KeyPath {
    pub fn key(mut self, k: &str) -> KeyPath {
        self.0.push(Segment::Key(k.to_string()));
        self
    }

    pub fn index(mut self, i: usize) -> KeyPath {
        self.0.push(Segment::Index(i));
        self
    }

    /// The path with indices replaced by `[]` and, under `keys`, any key by
    /// `*`: the form the schema tables in `raw.rs` use.
    pub fn normalised(&self) -> String {
        let mut out = String::new();
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Index(_) => out.push_str("[]"),
                Segment::Key(k) => {
                    if i > 0 {
                        out.push('.');
                    }
                    if i == 1 && matches!(self.0.first(), Some(Segment::Key(t)) if t == "keys") {
                        out.push('*');
                    } else {
                        out.push_str(k);
                    }
                }
            }
        }
        out
    }

    /// The path without its last segment.
    pub fn parent(&self) -> KeyPath {
        let mut p = self.0.clone();
        p.pop();
        KeyPath(p)
    }

    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(k)) => Some(k),
            _ => None,
        }
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    if is_bare_key(k) {
                        f.write_str(k)?;
                    } else {
                        write!(f, "{k:?}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

fn is_bare_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// 1-based line and column (in characters, so Cyrillic text counts right)
/// of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// What sits at an offset: its key path and, when the offset is on a value,
/// that value.
pub struct Hit<'a, 'i> {
    pub path: KeyPath,
    pub value: Option<&'a DeValue<'i>>,
}

/// Find the entry at `offset`: first a key or scalar value whose span holds
/// it, else the innermost table or array whose span starts there (toml
/// reports errors about a whole table, like a missing field, at the table).
pub fn find<'a, 'i>(doc: &'a DeTable<'i>, offset: usize) -> Option<Hit<'a, 'i>> {
    find_leaf_in_table(doc, offset, KeyPath::default())
        .or_else(|| find_container_in_table(doc, offset, KeyPath::default()))
}

fn find_leaf_in_table<'a, 'i>(
    table: &'a DeTable<'i>,
    offset: usize,
    path: KeyPath,
) -> Option<Hit<'a, 'i>> {
    for (k, v) in table.iter() {
        let here = path.clone().key(k.get_ref());
        if k.span().contains(&offset) {
            return Some(Hit {
                path: here,
                value: None,
            });
        }
        if let Some(hit) = find_leaf_in_value(v, offset, here) {
            return Some(hit);
        }
    }
    None
}

fn find_leaf_in_value<'a, 'i>(
    v: &'a Spanned<DeValue<'i>>,
    offset: usize,
    path: KeyPath,
) -> Option<Hit<'a, 'i>> {
    match v.get_ref() {
        DeValue::Table(t) => find_leaf_in_table(t, offset, path),
        DeValue::Array(items) => {
            // An inline array's span covers its items; for an array of
            // tables it need not, so search the items either way.
            for (i, item) in items.iter().enumerate() {
                if let Some(hit) = find_leaf_in_value(item, offset, path.clone().index(i)) {
                    return Some(hit);
                }
            }
            if v.span().contains(&offset) && !items.iter().any(|i| i.get_ref().is_table()) {
                return Some(Hit {
                    path,
                    value: Some(v.get_ref()),
                });
            }
            None
        }
        scalar => v.span().contains(&offset).then_some(Hit {
            path,
            value: Some(scalar),
        }),
    }
}

fn find_container_in_table<'a, 'i>(
    table: &'a DeTable<'i>,
    offset: usize,
    path: KeyPath,
) -> Option<Hit<'a, 'i>> {
    for (k, v) in table.iter() {
        let here = path.clone().key(k.get_ref());
        if let Some(hit) = find_container_in_value(v, offset, here) {
            return Some(hit);
        }
    }
    None
}

fn find_container_in_value<'a, 'i>(
    v: &'a Spanned<DeValue<'i>>,
    offset: usize,
    path: KeyPath,
) -> Option<Hit<'a, 'i>> {
    let inner = match v.get_ref() {
        DeValue::Table(t) => find_container_in_table(t, offset, path.clone()),
        DeValue::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_container_in_value(item, offset, path.clone().index(i))),
        _ => None,
    };
    inner.or_else(|| {
        (v.span().contains(&offset) || v.span().start == offset).then_some(Hit {
            path,
            value: Some(v.get_ref()),
        })
    })
}

/// The key path of the last key that starts on the same line as `offset`
/// and before it: for a syntax error in `theme = mono`, that is `ui.theme`.
/// Used with the partial document toml recovers from a broken file.
pub fn key_on_line(doc: &DeTable<'_>, text: &str, offset: usize) -> Option<KeyPath> {
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let mut best: Option<(usize, KeyPath)> = None;
    collect_keys(doc, KeyPath::default(), &mut |start, path| {
        if (line_start..=offset).contains(&start) && best.as_ref().is_none_or(|(s, _)| start >= *s)
        {
            best = Some((start, path));
        }
    });
    best.map(|(_, p)| p)
}

fn collect_keys(table: &DeTable<'_>, path: KeyPath, f: &mut dyn FnMut(usize, KeyPath)) {
    for (k, v) in table.iter() {
        let here = path.clone().key(k.get_ref());
        f(k.span().start, here.clone());
        match v.get_ref() {
            DeValue::Table(t) => collect_keys(t, here, f),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let DeValue::Table(t) = item.get_ref() {
                        collect_keys(t, here.clone().index(i), f);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A value as the user wrote it, with its type: `string "8"`, `integer 8`.
pub fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("string {:?}", s.as_ref()),
        DeValue::Integer(i) => format!("integer {}", i.as_str()),
        DeValue::Float(x) => format!("number {}", x.as_str()),
        DeValue::Boolean(b) => format!("boolean {b}"),
        DeValue::Datetime(d) => format!("date-time {d}"),
        DeValue::Array(_) => "an array".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

/// The closest candidate to `word`, if it is close enough to be a likely
/// typo (edit distance counting a swap of neighbours as one edit, so
/// "rnak" is one typo from "rank"): at most a third of the word's length in edits (at least 1, so
/// short keys still get suggestions), or a case-insensitive match.
pub fn suggest(word: &str, candidates: &[&str]) -> Option<String> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (strsim::osa_distance(&lower, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nname = \"Қазақ\" x";
        let off = text.find('x').unwrap();
        assert_eq!(line_col(text, off), (2, 16));
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, text.len() + 10), (2, 17));
    }

    #[test]
    fn suggestions() {
        let keys = ["concurrency", "per_host", "user_agent", "url"];
        assert_eq!(suggest("concurency", &keys).as_deref(), Some("concurrency"));
        assert_eq!(suggest("useragent", &keys).as_deref(), Some("user_agent"));
        assert_eq!(suggest("urll", &keys).as_deref(), Some("url"));
        assert_eq!(suggest("URL", &keys).as_deref(), Some("url"));
        assert_eq!(suggest("colour", &keys), None);
        // A swap is one edit; characters, not bytes, are counted.
        assert_eq!(suggest("rnak", &["rank"]).as_deref(), Some("rank"));
        assert_eq!(suggest("Қазақ", &["қазақ"]).as_deref(), Some("қазақ"));
    }

    #[test]
    fn finds_key_paths() {
        let text = "[fetch]\nconcurrency = 4\n[[feeds]]\nname = \"a\"\n[[feeds]]\nname = \"b\"\ntags = [\"x\", 5]\n";
        let doc = DeTable::parse(text).unwrap();
        let at = |needle: &str| {
            let hit = find(doc.get_ref(), text.find(needle).unwrap()).unwrap();
            (hit.path.to_string(), hit.value.map(describe))
        };
        assert_eq!(at("concurrency"), ("fetch.concurrency".into(), None));
        assert_eq!(
            at("4"),
            ("fetch.concurrency".into(), Some("integer 4".into()))
        );
        assert_eq!(
            at("\"b\""),
            ("feeds[1].name".into(), Some("string \"b\"".into()))
        );
        assert_eq!(
            at("5]"),
            ("feeds[1].tags[1]".into(), Some("integer 5".into()))
        );
        let p = KeyPath::default()
            .key("feeds")
            .index(1)
            .key("tags")
            .index(0);
        assert_eq!(p.normalised(), "feeds[].tags[]");
        let p = KeyPath::default().key("keys").key("ctrl r");
        assert_eq!(p.to_string(), "keys.\"ctrl r\"");
        assert_eq!(p.normalised(), "keys.*");
    }
}

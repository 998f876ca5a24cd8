//! Spelling a search word's prefix out as the index terms it covers.
//!
//! FTS5 answers a prefix query (`"прези"*`) by merging the whole list of
//! every term starting with it into one list first, whatever part of it
//! the query then reads: for a word in half of a million articles that is
//! 40 ms before the first row, and bm25 does it a second time to count
//! the matches. The same terms written out (`"президент" OR …`) are read
//! as they are, so a query bounded to the newest rows (`search_window`)
//! reads only those. The terms come from the index's own vocabulary, and
//! the word is cut and folded by the index's own tokenizer (a small table
//! in the connection's temp schema), so the two expressions match the
//! same articles.

use rusqlite::Connection;

/// The tokenizer `article_fts` was made with (schema v9); the probe table
/// must cut and fold words exactly as the index did.
pub(super) const TOKENIZE: &str = "unicode61 remove_diacritics 2";

/// Most terms a prefix is spelled out as. A short prefix of a real
/// vocabulary covers thousands; each costs a seek (0.2–0.5 ms on the 1M
/// cache) and an OR of thousands costs more than the merge, so beyond this
/// FTS5's own prefix query is kept.
const MAX_TERMS: usize = 32;

/// The index terms starting with `word` (as the index folds it), or
/// `None` when the prefix query should be kept: the word is not one token
/// (`co-op*` is a phrase), or it covers more than `MAX_TERMS` terms.
/// An empty list: no article has such a word.
pub(super) fn expand(conn: &Connection, word: &str) -> rusqlite::Result<Option<Vec<String>>> {
    ensure_tables(conn)?;
    let Some(token) = single_token(conn, word)? else {
        return Ok(None);
    };
    // The vocabulary is in byte order, so the terms with this prefix
    // follow each other from the first one at or after it. One seek per
    // term: the `instance` table reads a term's first entry only, where
    // the `row` table would count its whole list first.
    let mut next = conn
        .prepare_cached("SELECT term FROM temp.article_fts_instances WHERE term >= ?1 LIMIT 1")?;
    let mut out: Vec<String> = Vec::new();
    let mut from = token.clone();
    loop {
        let mut rows = next.query([&from])?;
        let Some(row) = rows.next()? else { break };
        let Ok(term) = row.get_ref(0)?.as_str() else {
            return Ok(None);
        };
        if !term.starts_with(token.as_str()) {
            break;
        }
        if out.len() == MAX_TERMS {
            return Ok(None);
        }
        // The least string after this term: no term holds U+0001 (the
        // tokenizer splits at control characters).
        from = format!("{term}\u{1}");
        out.push(term.to_string());
    }
    Ok(Some(out))
}

/// The one token the index makes of `word`, or `None` for none or several.
fn single_token(conn: &Connection, word: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("DELETE FROM temp.search_probe")?
        .execute([])?;
    conn.prepare_cached("INSERT INTO temp.search_probe (rowid, w) VALUES (1, ?1)")?
        .execute([word])?;
    let tokens: Vec<String> = conn
        .prepare_cached("SELECT term FROM temp.search_probe_tokens LIMIT 2")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match <[String; 1]>::try_from(tokens) {
        Ok([t]) => Some(t),
        Err(_) => None,
    })
}

/// The probe table, its token list and the index's term list, in the
/// connection's temp schema (private to it, gone when it closes).
fn ensure_tables(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_probe
             USING fts5(w, tokenize = '{TOKENIZE}');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_probe_tokens
             USING fts5vocab(search_probe, instance);
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_fts_instances
             USING fts5vocab(main, article_fts, instance);"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn index(s: &Store, id: i64, text: &str) {
        crate::store::search::index(&s.conn, id, false, text, None, None, None).unwrap();
    }

    #[test]
    fn the_probe_folds_words_as_the_index_does() {
        let s = Store::open_in_memory().unwrap();
        let sql: String = s
            .conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'article_fts'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(sql.contains(TOKENIZE), "{sql}");
        index(&s, 1, "ҚАЗАҚСТАН Қазақстанда Café ÉLAN ёлка");
        let e = |w: &str| expand(&s.conn, w).unwrap();
        assert_eq!(
            e("Қазақстан"),
            Some(vec!["қазақстан".to_string(), "қазақстанда".to_string()])
        );
        assert_eq!(e("CAFÉ"), Some(vec!["cafe".to_string()]));
        assert_eq!(e("élan"), Some(vec!["elan".to_string()]));
        // ё is not folded by the index (the query spells both).
        assert_eq!(e("ёл"), Some(vec!["ёлка".to_string()]));
        assert_eq!(e("ел"), Some(Vec::new()));
        // Two tokens: a phrase, left to FTS5.
        assert_eq!(e("co-op"), None);
    }

    #[test]
    fn a_prefix_of_too_many_terms_is_kept() {
        let s = Store::open_in_memory().unwrap();
        let words: Vec<String> = (0..=MAX_TERMS).map(|i| format!("term{i}")).collect();
        index(&s, 1, &words.join(" "));
        assert_eq!(expand(&s.conn, "term").unwrap(), None);
        assert_eq!(
            expand(&s.conn, "term1").unwrap().map(|v| v.len()),
            // term1, term10..term19, term60..: as many as start with "term1".
            Some(words.iter().filter(|w| w.starts_with("term1")).count())
        );
    }
}

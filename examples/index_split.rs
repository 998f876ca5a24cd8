//! What a search index split by column would weigh, and what its phrases
//! would cost, on a sample of a cache's newest articles:
//! `index_split DIR SCRATCH.db [--articles N]`.
//!
//! Layouts measured (each merged into one segment, pages counted with
//! dbstat, as `index_variants` does):
//! - `full`: today's index, title, author and body with positions;
//! - `ta_full`: title and author alone, with positions (the columns the
//!   rank weighs, and phrases in them stay exact);
//! - `body_none`: the body alone, no positions, no columns;
//! - `body_pairs_none`: every adjacent word pair of the body as one term
//!   (`a_b`), no positions: what a phrase index of pairs would add.
//!
//! And the cost of a phrase without positions: the candidates (articles
//! with every word of the phrase in the body) are read from the store and
//! the phrase looked for in their plain text; the time per candidate is
//! what a phrase query would pay per co-occurrence.
//! Prints one JSON line per layout and per phrase.

use std::time::Instant;

use anyhow::{Context, Result};
use keruen::domain::ArticleId;
use keruen::store::{ArticleQuery, Store, plain_body};

const PHRASES: [&str; 4] = [
    "ауа райы",
    "жер сілкінісі",
    "железная дорога",
    "central bank",
];

/// Words as a plain split would cut them: letters and digits, lowercased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn bytes_of(conn: &rusqlite::Connection, prefix: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?1",
        [format!("{prefix}%")],
        |r| r.get(0),
    )?)
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().context("DIR")?);
    let scratch = args.next().context("SCRATCH.db")?;
    let mut n = 100_000usize;
    while let Some(a) = args.next() {
        if a == "--articles" {
            n = args.next().context("N")?.parse()?;
        }
    }
    let store = Store::open(&dir.join("data").join("cache.db"))?;
    let list = store.articles(&ArticleQuery {
        limit: Some(n),
        ..ArticleQuery::default()
    })?;
    let started = Instant::now();
    let mut docs: Vec<(i64, String, Option<String>, String)> = Vec::with_capacity(list.len());
    for a in &list {
        let full = store.article(ArticleId(a.id.0))?;
        let body = plain_body(full.description.as_deref(), full.content.as_deref());
        docs.push((a.id.0, a.title.clone(), a.author.clone(), body));
    }
    let read_ms = started.elapsed().as_secs_f64() * 1e3;
    eprintln!("read {} articles in {read_ms:.0} ms", docs.len());
    let _ = std::fs::remove_file(&scratch);
    let conn = rusqlite::Connection::open(&scratch)?;
    let tok = "tokenize = 'unicode61 remove_diacritics 2'";
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE full USING fts5(title, author, body, content = '',
             contentless_delete = 1, {tok});
         CREATE VIRTUAL TABLE ta_full USING fts5(title, author, content = '',
             contentless_delete = 1, {tok});
         CREATE VIRTUAL TABLE body_none USING fts5(body, content = '',
             contentless_delete = 1, detail = none, {tok});
         CREATE VIRTUAL TABLE body_pairs_none USING fts5(body, content = '',
             contentless_delete = 1, detail = none,
             tokenize = 'unicode61 remove_diacritics 2 tokenchars _');"
    ))?;
    let t = Instant::now();
    let tx = conn.unchecked_transaction()?;
    {
        let mut full =
            tx.prepare("INSERT INTO full (rowid, title, author, body) VALUES (?1, ?2, ?3, ?4)")?;
        let mut ta =
            tx.prepare("INSERT INTO ta_full (rowid, title, author) VALUES (?1, ?2, ?3)")?;
        let mut body = tx.prepare("INSERT INTO body_none (rowid, body) VALUES (?1, ?2)")?;
        let mut pairs = tx.prepare("INSERT INTO body_pairs_none (rowid, body) VALUES (?1, ?2)")?;
        for (id, title, author, text) in &docs {
            full.execute(rusqlite::params![id, title, author, text])?;
            ta.execute(rusqlite::params![id, title, author])?;
            body.execute(rusqlite::params![id, text])?;
            let w = words(text);
            let joined: Vec<String> = w.windows(2).map(|p| format!("{}_{}", p[0], p[1])).collect();
            pairs.execute(rusqlite::params![id, joined.join(" ")])?;
        }
    }
    tx.commit()?;
    for name in ["full", "ta_full", "body_none", "body_pairs_none"] {
        conn.execute_batch(&format!("INSERT INTO {name} ({name}) VALUES ('optimize')"))?;
    }
    eprintln!("indexed in {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    for name in ["full", "ta_full", "body_none", "body_pairs_none"] {
        let bytes = bytes_of(&conn, name)?;
        let docsize = bytes_of(&conn, &format!("{name}_docsize"))?;
        println!(
            "{}",
            serde_json::json!({ "layout": name, "articles": docs.len(), "bytes": bytes,
                "docsize_bytes": docsize, "bytes_per_article": bytes as f64 / docs.len() as f64 })
        );
    }

    // Phrases without positions: candidates from the body's words, each
    // verified against its stored text.
    for phrase in PHRASES {
        let ws = words(phrase);
        let and = ws
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" AND ");
        let exact: i64 = conn.query_row(
            "SELECT count(*) FROM full WHERE full MATCH ?1",
            [format!("{{body}} : \"{phrase}\"")],
            |r| r.get(0),
        )?;
        let candidates: Vec<i64> = conn
            .prepare("SELECT rowid FROM body_none WHERE body_none MATCH ?1 ORDER BY rowid DESC")?
            .query_map([&and], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let t = Instant::now();
        let mut found = 0usize;
        for id in &candidates {
            let full = store.article(ArticleId(*id))?;
            let body = plain_body(full.description.as_deref(), full.content.as_deref());
            let w = words(&body);
            if w.windows(ws.len()).any(|win| win == ws.as_slice()) {
                found += 1;
            }
        }
        let verify_ms = t.elapsed().as_secs_f64() * 1e3;
        let pair = format!("\"{}\"", ws.join("_"));
        let pairs: i64 = conn.query_row(
            "SELECT count(*) FROM body_pairs_none WHERE body_pairs_none MATCH ?1",
            [&pair],
            |r| r.get(0),
        )?;
        println!(
            "{}",
            serde_json::json!({ "phrase": phrase, "with_phrase_in_body": exact,
                "candidates": candidates.len(), "verified": found, "pair_term_rows": pairs,
                "verify_ms": verify_ms,
                "us_per_candidate": verify_ms * 1e3 / candidates.len().max(1) as f64 })
        );
    }
    Ok(())
}

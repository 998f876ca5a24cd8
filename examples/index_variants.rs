//! What the search index would weigh and cost in other FTS5 layouts, on a
//! sample of a cache's newest articles: `index_variants DIR SCRATCH.db
//! [--articles N]`. Each layout indexes the same plain bodies
//! (`plain_body`, as `Store` indexes them), is merged into one segment
//! (`optimize`, so layouts compare alike), then its pages are counted
//! (dbstat) and a few of the statements search runs are timed on it.
//! Prints one JSON line per layout.

use std::time::Instant;

use anyhow::{Context, Result};
use keruen::domain::ArticleId;
use keruen::store::{ArticleQuery, Store, plain_body};

const LAYOUTS: [(&str, &str); 4] = [
    ("full", ""),
    ("full_no_docsize", ", columnsize = 0"),
    ("column", ", detail = column"),
    ("none", ", detail = none"),
];

/// (label, MATCH expression) of the statements timed.
const PROBES: [(&str, &str); 5] = [
    ("word: newest 10,000", "\"президент\""),
    ("word in titles", "{title} : (\"президент\")"),
    ("two words", "\"строительство\" AND \"мост\""),
    ("phrase", "\"ауа райы\""),
    ("phrase as two words", "\"ауа\" AND \"райы\""),
];

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
    eprintln!("read {} articles in {:?}", docs.len(), started.elapsed());
    let _ = std::fs::remove_file(&scratch);
    let conn = rusqlite::Connection::open(&scratch)?;
    for (name, extra) in LAYOUTS {
        let made = conn.execute_batch(&format!(
            "CREATE VIRTUAL TABLE v_{name} USING fts5(title, author, body,
                 content = '', contentless_delete = 1,
                 tokenize = 'unicode61 remove_diacritics 2'{extra})"
        ));
        if let Err(e) = made {
            println!(
                "{}",
                serde_json::json!({ "layout": name, "error": e.to_string() })
            );
            continue;
        }
        let t = Instant::now();
        let tx = conn.unchecked_transaction()?;
        {
            let mut ins = tx.prepare(&format!(
                "INSERT INTO v_{name} (rowid, title, author, body) VALUES (?1, ?2, ?3, ?4)"
            ))?;
            for (id, title, author, body) in &docs {
                ins.execute(rusqlite::params![id, title, author, body])?;
            }
        }
        tx.commit()?;
        conn.execute_batch(&format!(
            "INSERT INTO v_{name} (v_{name}) VALUES ('optimize')"
        ))?;
        let index_ms = t.elapsed().as_secs_f64() * 1e3;
        let bytes: i64 = conn.query_row(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?1",
            [format!("v_{name}%")],
            |r| r.get(0),
        )?;
        let docsize: i64 = conn
            .query_row(
                "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?1",
                [format!("v_{name}_docsize")],
                |r| r.get(0),
            )
            .unwrap_or(0);
        let mut probes = serde_json::Map::new();
        for (label, expr) in PROBES {
            let sql = format!(
                "SELECT count(*) FROM (SELECT rowid FROM v_{name} WHERE v_{name} MATCH ?1
                 ORDER BY rowid DESC LIMIT 10000)"
            );
            let mut times = Vec::new();
            let mut found = Err(String::new());
            for _ in 0..5 {
                let t = Instant::now();
                found = conn
                    .query_row(&sql, [expr], |r| r.get::<_, i64>(0))
                    .map_err(|e| e.to_string());
                times.push(t.elapsed().as_secs_f64() * 1e3);
            }
            times.sort_by(f64::total_cmp);
            probes.insert(
                label.to_string(),
                match found {
                    Ok(rows) => serde_json::json!({ "rows": rows, "median_ms": times[2] }),
                    Err(e) => serde_json::json!({ "error": e }),
                },
            );
        }
        println!(
            "{}",
            serde_json::json!({ "layout": name, "articles": docs.len(), "bytes": bytes,
                "docsize_bytes": docsize, "index_ms": index_ms, "probes": probes })
        );
    }
    Ok(())
}

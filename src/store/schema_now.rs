//! A new cache's schema in one step: `schema_now.sql`, what the steps of
//! `schema` build on an empty file, written out once.
//!
//! Why: a new cache replayed every step since v1 (27 transactions, three
//! of them rebuilding `articles` with `ALTER TABLE … RENAME`, each of
//! which re-reads the whole schema): ~20 ms of CPU at the start of a first
//! refresh (and of every test's store), during which nothing else can run
//! (docs/performance.md, "First refresh: the serial start and end"). The
//! script is that result as plain `CREATE` statements, run in one
//! transaction.
//!
//! Why it cannot drift from the steps: the test (`schema_now_check`) builds one file by
//! the steps and one by the script and requires every schema object and
//! every row of every table (the search index's own tables included) to be
//! equal, and the script names the version it is. A new step makes the
//! test fail until the script is written again from the steps:
//! `KERUEN_BLESS_SCHEMA=1 cargo test --lib schema_now`. Caches that exist
//! still take the steps they miss.

use rusqlite::Connection;

/// The script, first line `-- keruen schema vN`.
pub(super) const SCRIPT: &str = include_str!("schema_now.sql");

/// Whether the script is this build's schema (it always is, once the test
/// below passes; checked so a mistake makes new caches take the steps
/// instead of being wrong).
pub(super) fn current(version: i64) -> bool {
    SCRIPT.lines().next() == Some(header(version).as_str())
}

pub(super) fn header(version: i64) -> String {
    format!("-- keruen schema v{version}")
}

/// Whether `conn` is a database with nothing in it yet, which the script
/// can make schema `version` in one step.
pub(super) fn fits(conn: &Connection, version: i64) -> rusqlite::Result<bool> {
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    Ok(objects == 0 && current(version))
}

/// Write the whole schema and its `version` into `conn`, an empty
/// database, inside the caller's transaction.
pub(super) fn create(conn: &Connection, version: i64) -> rusqlite::Result<()> {
    conn.execute_batch(SCRIPT)?;
    conn.pragma_update(None, "user_version", version)
}

/// The script that rebuilds what `conn` holds: its objects in the order
/// SQLite lists them (tables before what refers to them), then the rows
/// of its ordinary tables. A virtual table's own tables are made by it.
#[cfg(test)]
pub(super) fn script_of(conn: &Connection, version: i64) -> rusqlite::Result<String> {
    let mut out = header(version);
    out.push('\n');
    let virtuals: Vec<String> = column(
        conn,
        "SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%'",
    )?;
    let shadow = |name: &str| {
        virtuals.iter().any(|v| {
            name.strip_prefix(v.as_str())
                .is_some_and(|r| r.starts_with('_'))
        })
    };
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid",
    )?;
    let objects = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, String, String)>>>()?;
    let mut tables = Vec::new();
    for (kind, name, sql) in objects {
        if kind == "table" && shadow(&name) {
            continue;
        }
        out.push_str(&sql);
        out.push_str(";\n");
        if kind == "table" && !virtuals.contains(&name) {
            tables.push(name);
        }
    }
    for table in tables {
        for row in rows(conn, &table)? {
            out.push_str(&format!("INSERT INTO \"{table}\" VALUES ({row});\n"));
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(super) fn column(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// Every row of `table`, each as its values quoted for SQL, in rowid
/// order when it has one.
#[cfg(test)]
pub(super) fn rows(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let names: Vec<String> = column(
        conn,
        &format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
    )?;
    let quoted: Vec<String> = names.iter().map(|n| format!("quote(\"{n}\")")).collect();
    column(
        conn,
        &format!(
            "SELECT {} FROM \"{table}\" ORDER BY 1",
            quoted.join(" || ', ' || ")
        ),
    )
}

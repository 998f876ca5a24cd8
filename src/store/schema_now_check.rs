//! The test that holds `schema_now.sql` to what the steps of `schema`
//! build (see `schema_now`): a module of its own, so neither of the two
//! needs the other beyond `schema` calling the script.

use rusqlite::Connection;

use super::schema::{self, SCHEMA_VERSION};
use super::schema_now::{SCRIPT, column, current, header, rows, script_of};

/// Every object and every row of every table, the search index's own
/// included, and the pragmas a file keeps.
fn everything(conn: &Connection) -> Vec<String> {
    let mut all: Vec<String> = column(
        conn,
        "SELECT type || ' ' || name || ' ' || tbl_name || ': ' || coalesce(sql, '')
         FROM sqlite_schema ORDER BY type, name",
    )
    .unwrap();
    let tables = column(
        conn,
        "SELECT name FROM sqlite_schema WHERE type = 'table'
           AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
    )
    .unwrap();
    for t in tables {
        all.extend(
            rows(conn, &t)
                .unwrap()
                .into_iter()
                .map(|r| format!("{t}: {r}")),
        );
    }
    for pragma in ["user_version", "auto_vacuum", "journal_mode", "page_size"] {
        let v: String = conn
            .query_row(
                &format!("SELECT CAST(\"{pragma}\" AS TEXT) FROM pragma_{pragma}"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        all.push(format!("{pragma} = {v}"));
    }
    all
}

fn new_file(dir: &std::path::Path, name: &str) -> Connection {
    let c = Connection::open(dir.join(name)).unwrap();
    c.execute_batch("PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL;")
        .unwrap();
    c
}

#[test]
fn the_script_builds_what_the_steps_build() {
    let dir = tempfile::tempdir().unwrap();
    let mut by_steps = new_file(dir.path(), "steps.db");
    schema::migrate_by_steps(&mut by_steps, "steps.db").unwrap();
    let written = script_of(&by_steps, SCHEMA_VERSION).unwrap();
    if std::env::var_os("KERUEN_BLESS_SCHEMA").is_some() && written != SCRIPT {
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/schema_now.sql");
        std::fs::write(file, &written).unwrap();
    }
    assert!(
        written == SCRIPT,
        "src/store/schema_now.sql is not what the steps build; write it again with \
         `KERUEN_BLESS_SCHEMA=1 cargo test --lib schema_now` and read the diff"
    );
    assert!(current(SCHEMA_VERSION));
    let mut by_script = new_file(dir.path(), "script.db");
    schema::migrate(&mut by_script, "script.db").unwrap();
    assert_eq!(everything(&by_script), everything(&by_steps));
}

#[test]
fn the_script_is_a_whole_schema_and_knows_its_version() {
    assert!(SCRIPT.contains("CREATE TABLE feeds"));
    assert!(SCRIPT.contains("CREATE VIRTUAL TABLE article_fts"));
    assert!(!SCRIPT.contains("CREATE TABLE 'article_fts_data'"));
    assert_eq!(SCRIPT.lines().next(), Some(header(SCHEMA_VERSION).as_str()));
}

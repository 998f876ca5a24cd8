//! What the file has: the schema steps that are safe to run again ask it
//! before they add, rename or drop a table or a column.

use rusqlite::Connection;

/// Whether the file has a table named `name`.
pub(super) fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
        [name],
        |r| r.get(0),
    )
}

/// Whether `table` has a column named `column`.
pub(super) fn has_column(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)",
        [table, column],
        |r| r.get(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_columns_a_table_has() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (a INTEGER, b TEXT);")
            .unwrap();
        assert!(has_column(&c, "t", "a").unwrap());
        assert!(has_column(&c, "t", "b").unwrap());
        assert!(!has_column(&c, "t", "c").unwrap());
        assert!(!has_column(&c, "missing", "a").unwrap());
        assert!(has_table(&c, "t").unwrap());
        assert!(!has_table(&c, "missing").unwrap());
    }
}

//! Authors and categories kept once, as ids into a table of names
//! (schema v25).
//!
//! Why: a feed has a few authors and categories and repeats them on every
//! article. As text in each row they took ~22 bytes a row on the 1M
//! cache; as ids they take one or two (docs/performance.md, "Names").
//!
//! Where: `article_names (id, name UNIQUE)`, and `articles.author_id`,
//! `articles.category_id`. Readers get the text back in SQL through
//! `name_of!` (one primary-key lookup per row read, for the rows a list
//! shows). The writer looks a name up once per feed's update (`Names`),
//! so a first refresh pays one lookup per distinct name of a feed, not one
//! per article.
//!
//! Unused names: retention deletes the names no article uses any more
//! (`sweep`), once the table holds more than `SWEEP_FLOOR` of them: below
//! that they take under a megabyte, and the sweep reads every article row.
//! A table still large after a sweep (a feed giving every article its own
//! author) is swept again only when it has doubled.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

/// An article's author or category name, in SQL, from its id column.
macro_rules! name_of {
    ($id:literal) => {
        concat!("(SELECT name FROM article_names WHERE id = ", $id, ")")
    };
}
pub(super) use name_of;

/// An article's author and category, as two SQL columns (`a` the article).
macro_rules! author_and_category {
    () => {
        concat!(
            crate::store::names::name_of!("a.author_id"),
            ", ",
            crate::store::names::name_of!("a.category_id")
        )
    };
}
pub(super) use author_and_category;

/// Names at most kept without a sweep (see the module docs).
pub(super) const SWEEP_FLOOR: i64 = 10_000;

/// One update's names, looked up or added once each.
#[derive(Default)]
pub(super) struct Names {
    ids: HashMap<String, i64>,
}

impl Names {
    /// The id of `name` (added when new), `None` for no name. Ids are
    /// remembered only for this update's transaction: a sweep in another
    /// process may delete a name between two transactions.
    pub(super) fn id(
        &mut self,
        tx: &Connection,
        name: Option<&str>,
    ) -> rusqlite::Result<Option<i64>> {
        let Some(name) = name else {
            return Ok(None);
        };
        if let Some(&id) = self.ids.get(name) {
            return Ok(Some(id));
        }
        let found: Option<i64> = tx
            .prepare_cached("SELECT id FROM article_names WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO article_names (name) VALUES (?1)")?
                    .execute([name])?;
                tx.last_insert_rowid()
            }
        };
        self.ids.insert(name.to_owned(), id);
        Ok(Some(id))
    }
}

/// v25: the names table, each article's author and category moved into it
/// and their text columns dropped (each a rewrite of every row: ~10 s on
/// the 1M cache). Safe to run again: a file without the text columns is
/// left as it is.
pub(super) fn v25(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS article_names (
             id   INTEGER PRIMARY KEY,
             name TEXT NOT NULL UNIQUE
         ) STRICT;",
    )?;
    if author_column(conn)? != "a.author" {
        return Ok(());
    }
    conn.execute_batch(
        "ALTER TABLE articles ADD COLUMN author_id INTEGER;
         ALTER TABLE articles ADD COLUMN category_id INTEGER;
         INSERT OR IGNORE INTO article_names (name)
             SELECT author FROM articles WHERE author IS NOT NULL
             UNION SELECT category FROM articles WHERE category IS NOT NULL;
         UPDATE articles SET
             author_id = (SELECT id FROM article_names WHERE name = articles.author),
             category_id = (SELECT id FROM article_names WHERE name = articles.category)
         WHERE author IS NOT NULL OR category IS NOT NULL;
         ALTER TABLE articles DROP COLUMN author;
         ALTER TABLE articles DROP COLUMN category;",
    )
}

/// How a step written before v25 reads an article's author: the text
/// column, or, in a file already past v25 whose version was set back by
/// hand, its name.
pub(super) fn author_column(conn: &Connection) -> rusqlite::Result<&'static str> {
    Ok(
        if super::table_info::has_column(conn, "articles", "author")? {
            "a.author"
        } else {
            name_of!("a.author_id")
        },
    )
}

/// Delete the names no article uses, when there are more than `floor`;
/// returns how many names are left, or `None` when it did not look.
pub(super) fn sweep(conn: &Connection, floor: i64) -> rusqlite::Result<Option<i64>> {
    let n: i64 = conn.query_row("SELECT count(*) FROM article_names", [], |r| r.get(0))?;
    if n <= floor {
        return Ok(None);
    }
    // One walk of the article rows; the subquery is made once.
    let gone = conn.execute(
        "DELETE FROM article_names WHERE id NOT IN (
             SELECT author_id FROM articles WHERE author_id IS NOT NULL
             UNION SELECT category_id FROM articles WHERE category_id IS NOT NULL)",
        [],
    )?;
    Ok(Some(n - gone as i64))
}

//! Connection setup and schema migrations.
//!
//! The schema version lives in `PRAGMA user_version`. `MIGRATIONS[i]` takes
//! the database from version `i` to `i + 1`; each runs in its own
//! transaction together with the version bump, so a crash leaves the file at
//! one version or the next, never between.

use rusqlite::{Connection, TransactionBehavior};

use super::{At, StoreError};

/// Version 1: feeds, articles, signal history.
///
/// Notes on the layout:
/// - times are unix seconds (INTEGER), which is compact and sorts;
/// - `sort_date` = coalesce(published, first_seen), kept by the writer, so
///   the "newest first" lists walk an index instead of sorting;
/// - the long texts (`summary`, `content`) live in `article_texts`, one row
///   per article, so list rows stay small; their type is ANY because they
///   are TEXT when short and a compressed BLOB when long (see `codec`);
/// - partial indexes cover only unread / starred rows, which keeps them small.
const V1: &str = "
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    tags          TEXT NOT NULL DEFAULT '[]',
    position      INTEGER NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    title         TEXT,
    site_link     TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_success  INTEGER,
    last_attempt  INTEGER,
    last_error    TEXT,
    last_update   INTEGER
) STRICT;

CREATE TABLE articles (
    id         INTEGER PRIMARY KEY,
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    sort_date  INTEGER NOT NULL,
    read       INTEGER NOT NULL DEFAULT 0,
    starred    INTEGER NOT NULL DEFAULT 0,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    published  INTEGER,
    updated    INTEGER,
    views      INTEGER,
    comments   INTEGER,
    score      INTEGER,
    rating     REAL,
    key        TEXT NOT NULL,
    title      TEXT NOT NULL,
    link       TEXT,
    author     TEXT,
    category   TEXT,
    UNIQUE (feed_id, key)
) STRICT;

-- The long texts, apart: list rows stay a few hundred bytes, so a page
-- holds many of them and listing or ranking 100k articles reads a few
-- thousand pages instead of one (or more) per article.
CREATE TABLE article_texts (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    summary    ANY,
    content    ANY
) STRICT;

CREATE INDEX articles_by_feed_date ON articles (feed_id, sort_date);
CREATE INDEX articles_by_date ON articles (sort_date);
CREATE INDEX articles_unread_by_date ON articles (sort_date) WHERE read = 0;
-- `read` is in the key so unread counts are answered from the index alone.
CREATE INDEX articles_unread_by_feed ON articles (feed_id, read) WHERE read = 0;
CREATE INDEX articles_starred_by_date ON articles (sort_date) WHERE starred = 1;

-- One row each time a source reports a different signal value (and one
-- when the article first appears), so growth can be computed later.
CREATE TABLE signal_samples (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    views      INTEGER,
    comments   INTEGER,
    score      INTEGER,
    PRIMARY KEY (article_id, at)
) STRICT, WITHOUT ROWID;
";

/// Version 2: full-text search over title, author and the plain text of
/// summary + content (see `search`). The index keeps its own copy of the
/// text because the stored bodies are compressed; rowid = `articles.id`.
/// `unicode61` folds case for Cyrillic including the Kazakh letters
/// (Ә Ғ Қ Ң Ө Ұ Ү Һ І), and `remove_diacritics 2` folds Latin accents. A
/// trigger drops an article's entry whenever the article row goes, so
/// retention and feed deletion (cascades fire triggers) keep it in sync.
const V2: &str = "
CREATE VIRTUAL TABLE article_fts USING fts5(
    title, author, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;
";

/// Version 3: articles wait in `fts_pending` to be indexed, so a refresh
/// pays only for one small insert per article; the first search (or an
/// idle moment) indexes them in batches (see `search::catch_up`).
const V3: &str = "
CREATE TABLE fts_pending (article_id INTEGER PRIMARY KEY);
CREATE TRIGGER fts_pending_delete AFTER DELETE ON articles BEGIN
    DELETE FROM fts_pending WHERE article_id = old.id;
END;
";

/// Version 4: each article's clustering fingerprint (`rank::fingerprint`),
/// written with the article so Top stories need not tokenise titles; the
/// migration fingerprints the articles already stored.
///
/// (A covering date index holding the fingerprint and signals made the Top
/// read 2x faster, but every views change then rewrote an index entry:
/// +60% on a refresh where views move, +30% on inserts. Refresh matters
/// more; see docs/ranking.md.)
const V4: &str = "ALTER TABLE articles ADD COLUMN fingerprint BLOB;";

/// Version 5: sync with a server (see `store::sync`).
/// - `sync_queue`: every local read/unread/star/unstar change of an article
///   the server knows, written in the transaction of the change itself, so
///   a kill or an offline spell loses nothing; rows go once the server
///   confirmed them. `at` is the change time in unix milliseconds.
/// - `sync_items` / `sync_feeds`: the server's id of an article / a feed.
/// - `sync_state`: the account and its sync point (key → value).
/// - `sync_gone`: server ids of articles retention removed, so a sync does
///   not fetch an old unread item again only for retention to remove it.
/// - `feeds.synced`: the feed is a server subscription, so a refresh that
///   no longer finds it in the config does not hide it.
const V5: &str = "
CREATE TABLE IF NOT EXISTS sync_queue (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    field      TEXT NOT NULL CHECK (field IN ('read', 'starred')),
    value      INTEGER NOT NULL,
    at         INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS sync_queue_by_article ON sync_queue (article_id, field);
CREATE TABLE IF NOT EXISTS sync_items (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    remote_id  TEXT NOT NULL UNIQUE
) STRICT;
CREATE TABLE IF NOT EXISTS sync_feeds (
    feed_id   INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
    remote_id TEXT NOT NULL UNIQUE
) STRICT;
CREATE TABLE IF NOT EXISTS sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS sync_gone (remote_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS sync_items_gone AFTER DELETE ON sync_items BEGIN
    INSERT OR IGNORE INTO sync_gone (remote_id) VALUES (old.remote_id);
END;
";

/// `feeds.synced` of version 5, added only where missing: the step is
/// written to be safe to run over a file that already has the sync tables
/// (a cache whose version number was set back by hand or by a test).
fn add_synced_column(conn: &Connection) -> rusqlite::Result<()> {
    if !super::table_info::has_column(conn, "feeds", "synced")? {
        conn.execute_batch("ALTER TABLE feeds ADD COLUMN synced INTEGER NOT NULL DEFAULT 0;")?;
    }
    Ok(())
}

/// v6: `articles.title_derived`, whether an article's title was derived
/// (the item had none and the reader made one from its text or link), so
/// the UI can show it as such. Added by `add_title_derived_column`, only
/// where missing, like `feeds.synced` of v5.
const V6: &str = "";

fn add_title_derived_column(conn: &Connection) -> rusqlite::Result<()> {
    if !super::table_info::has_column(conn, "articles", "title_derived")? {
        conn.execute_batch(
            "ALTER TABLE articles ADD COLUMN title_derived INTEGER NOT NULL DEFAULT 0;",
        )?;
    }
    Ok(())
}

/// v7: fingerprints of version 2 (Snowball/Kazakh stems, lead text):
/// computed once here rather than on every ranking of an old cache.
const V7: &str = "";

/// v9: the search index keeps no copy of the text. Version 2's table
/// stored title, author and the plain body a second time (FTS5's
/// `article_fts_content`), about as large as the compressed texts and the
/// index together; a contentless table keeps only the index, and snippets
/// are cut from the stored texts of the few hits shown (`snippet`).
/// `contentless_delete` lets the delete trigger and re-indexing remove an
/// entry by rowid alone, as before. The new index is built from the
/// articles by queueing them all (`search::catch_up` indexes them at the
/// next search, in short transactions), so the step itself is quick. Safe
/// to run again: it only ever drops the index, never an article.
const V9: &str = "
DROP TRIGGER IF EXISTS article_fts_delete;
DROP TABLE IF EXISTS article_fts;
CREATE VIRTUAL TABLE article_fts USING fts5(
    title, author, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;
CREATE TABLE IF NOT EXISTS fts_pending (article_id INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO fts_pending (article_id) SELECT id FROM articles;
";

/// v12: the signal history by time. Top stories read the samples of the
/// last hours (views gained per hour); the table's key is (article, time),
/// so that read walked the whole history, a year of it on a big cache,
/// where this index finds the recent hours' samples alone.
const V12: &str = "
CREATE INDEX IF NOT EXISTS signal_samples_by_time ON signal_samples (at);
";

/// One schema step: SQL, then optionally Rust code in the same transaction
/// (for work SQL cannot do, such as decompressing texts to index them).
struct Migration {
    sql: &'static str,
    then: Option<fn(&Connection) -> rusqlite::Result<()>>,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: V1,
        then: None,
    },
    Migration {
        sql: V2,
        then: Some(super::search::backfill),
    },
    Migration {
        sql: V3,
        then: None,
    },
    Migration {
        sql: V4,
        then: Some(backfill_fingerprints),
    },
    Migration {
        sql: V5,
        then: Some(add_synced_column),
    },
    Migration {
        sql: V6,
        then: Some(add_title_derived_column),
    },
    Migration {
        sql: V7,
        then: Some(backfill_fingerprints),
    },
    // v8: enclosures and the download queue (see `media`).
    Migration {
        sql: super::media::V8,
        then: Some(super::media::add_media_column),
    },
    // v9: the contentless search index (see `V9`).
    Migration {
        sql: V9,
        then: None,
    },
    // v10: each feed's schedule state (see `schedule`).
    Migration {
        sql: "",
        then: Some(super::schedule::add_schedule_table),
    },
    // v11: per-feed counts kept by triggers (see `counts`).
    Migration {
        sql: "",
        then: Some(super::counts::add_counts_table),
    },
    // v12: the signal history by time (see `V12`).
    Migration {
        sql: V12,
        then: None,
    },
    // v13: read/starred in a narrow table of their own (see `flags`).
    Migration {
        sql: "",
        then: Some(super::flags::add_flags_table),
    },
    // v14: the texts' compression dictionaries (see `text_dict`). Only a
    // table: texts already stored stay as they are and still read.
    Migration {
        sql: super::text_dict::V14,
        then: None,
    },
    // v16 (v15 is the flags' step of another change; this one goes after
    // it): the search index's block versions (see `search_idf`). Only a
    // table and a trigger: the index stays as it is.
    Migration {
        sql: super::search_idf::V16,
        then: None,
    },
    // v16: no step. The number was kept for rewriting the fingerprints,
    // which turned out to need none: version-2 ones are read as they are
    // (see `rank::fingerprint`). Caches at v16 exist, so it stays.
    Migration {
        sql: "",
        then: None,
    },
    // v17: the search index with the body as its first column (see
    // `search_layout`). Checks the layout first, so safe in any order.
    Migration {
        sql: "",
        then: Some(super::search_layout::body_first),
    },
    // v18: unread counts per span of dates instead of the partial unread
    // index, and the flags table rewritten in id order (see `unread_spans`).
    Migration {
        sql: "",
        then: Some(super::unread_spans::v18),
    },
    // v19: the article rows without the key's text and with fingerprints
    // kept apart for recent articles only (see `size_layout`). Rebuilds
    // `articles`: ~12 s on a 1M cache (docs/performance.md).
    Migration {
        sql: "",
        then: Some(super::size_layout::v19),
    },
    // v20: kept story links, their queue and their triggers (see
    // `story_links`). Queues every article; the links come in steps.
    Migration {
        sql: super::story_links::V20,
        then: None,
    },
    // v21: text blocks (see `text_blocks`): a table, two partial indexes
    // and the triggers counting each block's members. Texts stay as they
    // are; the packer moves old ones into blocks in steps.
    Migration {
        sql: super::text_blocks::V21,
        then: None,
    },
    // v22: v21's insert trigger dropped (see `text_blocks::V22`).
    Migration {
        sql: super::text_blocks::V22,
        then: None,
    },
    // v23: smaller article rows (see `v23`).
    Migration {
        sql: "",
        then: Some(v23),
    },
    // v24: each text block's feed and newest date, and the index of the
    // small ones, so old blocks can be merged (see `text_merge`).
    Migration {
        sql: "",
        then: Some(super::text_merge::v24),
    },
    // v25: authors and categories as ids into a table of names (see
    // `names`). Rewrites every article row.
    Migration {
        sql: "",
        then: Some(super::names::v25),
    },
    // v26: the times an article was seen as offsets (see
    // `convert::first_seen!`). Rewrites every article row.
    Migration {
        sql: "",
        then: Some(super::convert::v26),
    },
    // v27: a new article's flags, queue place and counts written by its
    // insert, not by triggers (see `new_rows`). Only drops triggers.
    Migration {
        sql: super::new_rows::V27,
        then: None,
    },
    // v28: how many stored articles each feed's latest document named, so
    // retention skips the feeds with nothing to remove (see `retention`).
    Migration {
        sql: "",
        then: Some(super::retention::v28),
    },
];

/// v23: smaller article rows, rewritten in place (docs/performance.md,
/// "Block ends and links"): the keys' hashes of 32 bits (`identity`),
/// `published` as its offset from `sort_date` (`update`), links relative
/// to their feed's origin (`link_form`). The room rows leave stays in
/// their pages until those are rewritten (`VACUUM`) or retention empties
/// them. Safe to run again: a file with `feeds.link_origin` is left as it
/// is (an offset taken twice would be wrong), and the hashes are made
/// from the keys while the links are still whole.
fn v23(conn: &Connection) -> rusqlite::Result<()> {
    if super::link_form::has_origins(conn)? {
        return Ok(());
    }
    super::identity::narrow_hashes(conn)?;
    super::update::published_as_offset(conn)?;
    super::link_form::v23(conn)
}

fn backfill_fingerprints(conn: &Connection) -> rusqlite::Result<()> {
    // A file already in v19's layout (a test or a hand set its version
    // back) keeps fingerprints apart, for recent articles only
    // (`fingerprints`); the ones it lacks are computed when read.
    if !super::table_info::has_column(conn, "articles", "fingerprint")? {
        return Ok(());
    }
    let mut read = conn.prepare(
        "SELECT a.id, a.title, a.link, t.summary, t.content FROM articles a
         LEFT JOIN article_texts t ON t.article_id = a.id",
    )?;
    let mut write = conn.prepare("UPDATE articles SET fingerprint = ?2 WHERE id = ?1")?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let title: String = r.get(1)?;
        let link: Option<String> = r.get(2)?;
        let summary = super::codec::column(r, 3)?;
        let content = super::codec::column(r, 4)?;
        let lead = crate::rank::lead_text(summary.as_deref(), content.as_deref());
        let f = crate::rank::Fingerprint::of(&title, lead, link.as_deref());
        write.execute(rusqlite::params![id, f.encode()])?;
    }
    Ok(())
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Pragmas for every connection. The first statement reads the file header,
/// so a file that is not a database fails here, before anything is written.
pub(super) fn configure(conn: &Connection, path: &str) -> Result<(), StoreError> {
    let version = user_version(conn).at(path)?;
    check_not_newer(version, path)?;
    let pages: i64 = conn
        .pragma_query_value(None, "page_count", |r| r.get(0))
        .at(path)?;
    if pages == 0 {
        // Only possible before the first table exists: lets retention hand
        // freed pages back to the file system.
        conn.pragma_update(None, "auto_vacuum", "INCREMENTAL")
            .at(path)?;
    }
    // WAL: readers (the UI) never block the writer (the refresh) and a
    // crash never loses a committed transaction. In-memory databases answer
    // "memory", which is fine.
    let _mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .at(path)?;
    // With WAL, NORMAL is durable across application crashes; only a power
    // loss may drop the last transactions, never corrupt the file.
    conn.pragma_update(None, "synchronous", "NORMAL").at(path)?;
    conn.pragma_update(None, "foreign_keys", true).at(path)?;
    Ok(())
}

fn check_not_newer(found: i64, path: &str) -> Result<(), StoreError> {
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_string(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Apply every missing migration, one transaction each. The version is
/// re-read under the write lock so two instances starting at once do not
/// both run the same step.
pub(super) fn migrate(conn: &mut Connection, path: &str) -> Result<(), StoreError> {
    migrate_with(conn, path, Script::ForAnEmptyFile)
}

/// [`migrate`], but an empty file too takes every step (for the test that
/// holds `schema_now` to them).
#[cfg(test)]
pub(super) fn migrate_by_steps(conn: &mut Connection, path: &str) -> Result<(), StoreError> {
    migrate_with(conn, path, Script::Never)
}

fn migrate_with(conn: &mut Connection, path: &str, script: Script) -> Result<(), StoreError> {
    // The common case takes no write lock, so opening never waits for
    // another instance's refresh.
    if user_version(conn).at(path)? == SCHEMA_VERSION {
        return Ok(());
    }
    // Foreign keys off while steps run: a step that rebuilds a table
    // (v19's `articles`) drops the old one, which with them on would first
    // delete its rows and cascade to every table pointing at them. The
    // pragma cannot change inside a transaction, hence here. Steps keep
    // the ids, so every reference stays valid.
    conn.pragma_update(None, "foreign_keys", false).at(path)?;
    let stepped = steps(conn, path, script);
    conn.pragma_update(None, "foreign_keys", true).at(path)?;
    stepped?;
    // A step may have dropped a table (v9 dropped the search index with
    // its copy of the texts): give those pages back to the file system
    // now, as retention does, instead of leaving them on the free list
    // for the life of the file. Outside the steps' transactions; a no-op
    // for a file not in incremental auto-vacuum mode.
    super::retention::incremental_vacuum(conn).at(path)
}

/// Whether an empty file gets this build's schema in one step.
#[derive(Clone, Copy, PartialEq)]
enum Script {
    ForAnEmptyFile,
    #[cfg(test)]
    Never,
}

/// The missing steps, one transaction each; an empty file's in one
/// (`schema_now`).
fn steps(conn: &mut Connection, path: &str, script: Script) -> Result<(), StoreError> {
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        let version = user_version(&tx).at(path)?;
        check_not_newer(version, path)?;
        // Under the write lock: two instances creating one file at once
        // see it empty only one at a time.
        if version == 0
            && script == Script::ForAnEmptyFile
            && super::schema_now::fits(&tx, SCHEMA_VERSION).at(path)?
        {
            super::schema_now::create(&tx, SCHEMA_VERSION).at(path)?;
            return tx.commit().at(path);
        }
        let Some(step) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
        else {
            // Up to date (a negative version cannot be written by us; treat
            // it as "nothing to do" rather than guess).
            return tx.commit().at(path);
        };
        tx.execute_batch(step.sql).at(path)?;
        if let Some(then) = step.then {
            then(&tx).at(path)?;
        }
        tx.pragma_update(None, "user_version", version + 1)
            .at(path)?;
        tx.commit().at(path)?;
    }
}

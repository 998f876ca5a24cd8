//! The SQLite cache: schema and migrations, upserts, read/starred state,
//! retention. One `Store` wraps one connection; it is `Send` but not `Sync`,
//! so the refresh keeps one writer and the UI opens its own reader.
//!
//! Files of this module, one concern each:
//! - `schema`: connection setup (pragmas) and the ordered migrations;
//! - `schema_now`: a new cache's schema in one step (the steps' result);
//! - `create`: a new cache built aside and linked into place, whole;
//! - `wal`: the log's checkpoints on a connection of their own;
//! - `table_info`: whether a table has a column (steps safe to run again);
//! - `codec`: how long texts are kept (compressed when that pays);
//! - `text_dict`: the cache's compression dictionaries for those texts;
//! - `text_train`: training a cache's dictionary, recompressing its texts;
//! - `text_blocks`: old texts of one feed compressed together in blocks,
//!   and `row_texts`, the one way every reader decodes an article's texts;
//! - `text_walk`: many articles' texts read in one walk, each block
//!   decompressed once (ranking, fingerprints, the search indexer);
//! - `text_pack`: packing old texts into those blocks in bounded steps,
//!   and redoing blocks retention left mostly empty;
//! - `text_frame`: a block's frame fitted to its pages, and its row;
//! - `text_merge`: a feed's old small blocks merged into large ones;
//! - `convert`: time and number conversions between Rust and SQLite;
//! - `counts`: each feed's total and unread counts, kept by triggers;
//! - `flags`: each article's read/starred flags, in a narrow table of
//!   their own (marking many read writes few pages);
//! - `feeds`: feed rows, fetch state (validators, errors), the feed list;
//! - `update`: applying one parsed feed (upsert articles, signal history);
//! - `batch`: several feeds' updates in one transaction (group commit);
//! - `history`: reading the signal history;
//! - `query`: listing and reading articles, read/starred state;
//! - `rank_input`: the windows of articles Top and related stories rank;
//! - `fingerprints`: clustering fingerprints, kept for recent articles;
//! - `names`: authors and categories kept once, as ids into a table;
//! - `new_rows`: a new article's flags, queue place and counts, written
//!   by its insert (no insert triggers: no statement journal);
//! - `identity`: an article's key within its feed (hashed, its text kept
//!   only where it is not the link);
//! - `size_layout`: the v19 step that put the rows in that layout;
//! - `retention`: removing old articles, maintenance;
//! - `schedule`: each feed's schedule state (what its fetches taught);
//! - `search`: the full-text index and search;
//! - `search_rank`: a search's rank (where each word occurs, weighed by
//!   how rare it is) and reading the best rows once;
//! - `search_idf`: how many articles match each word, kept per block of
//!   the index as articles come and go;
//! - `search_terms`: spelling a search prefix out as the index terms it
//!   covers (exact terms read only the rows a bounded ranking needs);
//! - `search_window`: ranking only a search's newest matches when it
//!   matches many;
//! - `snippet`: search snippets cut from the stored texts (the index is contentless);
//! - `sync`: the change queue, server ids and sync point (for `crate::sync`).
//! - `media`: enclosures and the download queue;
//! - `sync_queue`: writing the change queue, for `query` (every read/star
//!   change) and `sync` alike;
//! - `writers`: the write lock shared fairly between ordinary writes and
//!   background steps.

mod batch;
mod codec;
mod convert;
mod counts;
mod create;
mod feeds;
mod fingerprints;
mod flags;
mod history;
mod identity;
mod link_form;
mod mark_many;
mod media;
mod names;
mod new_rows;
mod query;
mod rank_input;
mod retention;
mod schedule;
mod schema;
mod schema_now;
#[cfg(test)]
mod schema_now_check;
mod search;
mod search_idf;
mod search_layout;
mod search_rank;
mod search_terms;
mod search_window;
mod size_layout;
mod snippet;
mod story_links;
mod sync;
mod sync_queue;
mod table_info;
mod text_blocks;
mod text_dict;
mod text_fit;
mod text_frame;
mod text_merge;
mod text_pack;
mod text_train;
mod text_walk;
mod unread_spans;
mod update;
mod wal;
mod writers;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::domain::{ArticleId, FeedId};

pub use batch::WriteBatch;
pub use codec::{PreparedTexts, prepare_texts, prepare_texts_fingerprinted};
pub use feeds::FeedLabel;
pub use fingerprints::FINGERPRINT_HORIZON;
pub use history::SignalSample;
pub use identity::key_hash;
pub use rank_input::RankFields;
pub use schema::SCHEMA_VERSION;
pub use search::{BODY_CAP, SearchHit, plain_body};
pub use search_window::RANK_WINDOW;
pub use story_links::{KeptLinks, LINK_BATCH, LINK_HORIZON, LINK_REFERENCE};
pub use sync::{Field, PendingChange, RemoteArticle, StateCounts, SyncedFeed};
pub use text_frame::{BLOCK_MEMBERS, MAX_MEMBERS, MIN_MEMBERS, PackStats};
pub use text_merge::{COLD_AGE, COLD_MEMBERS};
pub use text_pack::{PACK_AGE, PACK_STEP};
pub use text_train::TrainWatch;
pub use wal::Checkpoints;

/// Granularity, in seconds, of an article's "last seen in its feed" time:
/// an unchanged article is rewritten at most once per step (see `update`).
const LAST_SEEN_STEP: i64 = 24 * 3600;

/// How often opening retries a lock SQLite gives up on at once (10, 20, …
/// ms apart: under a second in all).
const OPEN_RETRIES: u64 = 12;

/// How long a second instance waits for the write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cache database {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "cache database {path} was written by a newer keruen (schema {found}, this build knows {known}); upgrade keruen or use another --data-dir"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("no feed with id {} in the cache", .0.0)]
    NoSuchFeed(FeedId),
    /// A write of the same group commit failed, so the whole group was
    /// rolled back (see `batch`); the feed is fetched again next time.
    #[error("not stored, the cache write of its group failed: {0}")]
    BatchRolledBack(String),
    #[error("no article with id {} in the cache", .0.0)]
    NoSuchArticle(ArticleId),
    #[error("no download with id {} in the queue", .0.0)]
    NoSuchDownload(crate::domain::DownloadId),
    /// The file exists but is not a SQLite database (or is damaged beyond
    /// reading). It is never wiped: the user decides what to do with it.
    #[error(
        "cache database {path} is not a SQLite database or is damaged; it was left untouched: move it away (keruen then starts a new cache) or use another --data-dir"
    )]
    NotADatabase { path: String },
    /// SQLite cannot open the file at all: a directory in its place, or no
    /// permission. Its own message only repeats "unable to open database
    /// file", so say what to look at.
    #[error(
        "cache database {path} cannot be opened: is it a directory, or a file you may not read and write? Fix that, or use another --data-dir"
    )]
    CannotOpen { path: String },
    /// The cache directory could not be created.
    #[error("cache directory {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// What one feed update changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateStats {
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// Which articles to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleQuery {
    pub feed: Option<FeedId>,
    pub unread_only: bool,
    pub starred_only: bool,
    /// Only articles dated at or after this.
    pub since: Option<DateTime<Utc>>,
    pub limit: Option<usize>,
    pub offset: usize,
}

pub struct Store {
    conn: Connection,
    encoder: codec::Encoder,
    /// Shown in every error, so the user knows which file is meant.
    path: String,
    /// Search's document counts (see `search_idf`).
    doc_counts: std::cell::RefCell<search_idf::DocCounts>,
    /// Feeds a budgeted `pack_texts` found old texts of and had no time
    /// left for: the next call goes on with them (`text_pack`).
    pack_feeds: Vec<i64>,
    /// Retention sweeps unused names past this many (`names`).
    names_floor: i64,
}

impl Store {
    /// The schema steps `open` would take on the cache at `path`, as
    /// (its version, this build's), without changing the file; `None` for
    /// a cache already at this build's version, or none yet (a new one is
    /// made at once). Lets the reader say it is upgrading before a step
    /// that takes seconds on a big cache (v17 re-queues every article).
    pub fn pending_migration(path: &Path) -> Result<Option<(i64, i64)>, StoreError> {
        if !path.exists() {
            return Ok(None);
        }
        let shown = path.display().to_string();
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .at(&shown)?;
        let found = schema::user_version(&conn).at(&shown)?;
        Ok((found > 0 && found < SCHEMA_VERSION).then_some((found, SCHEMA_VERSION)))
    }

    /// Open (creating if needed) the cache at `path`, migrating the schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.display().to_string(),
                source,
            })?;
        }
        create::create_if_missing(path)?;
        // Two instances creating the same file at once can meet a lock
        // SQLite does not wait for (switching a new file to WAL while the
        // other sets it up): try again, a bounded number of times.
        let mut attempts = 0;
        loop {
            let conn = Connection::open(path).at(&shown)?;
            match Store::setup(conn, shown.clone()) {
                Err(StoreError::Sqlite { source, .. })
                    if attempts < OPEN_RETRIES
                        && source.sqlite_error_code()
                            == Some(rusqlite::ErrorCode::DatabaseBusy) =>
                {
                    attempts += 1;
                    std::thread::sleep(Duration::from_millis(10 * attempts));
                }
                other => return other,
            }
        }
    }

    pub fn open_in_memory() -> Result<Store, StoreError> {
        let shown = ":memory:".to_string();
        let conn = Connection::open_in_memory().at(&shown)?;
        Store::setup(conn, shown)
    }

    fn setup(conn: Connection, path: String) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT).at(&path)?;
        // `rarray`: a list of ids bound as one parameter (`new_rows`).
        rusqlite::vtab::array::load_module(&conn).at(&path)?;
        // Enough for every distinct statement of this module, so the
        // per-item statements of an update are never re-prepared.
        conn.set_prepared_statement_cache_capacity(64);
        let mut store = Store {
            conn,
            encoder: codec::Encoder::new(),
            path,
            doc_counts: Default::default(),
            pack_feeds: Vec::new(),
            names_floor: names::SWEEP_FLOOR,
        };
        schema::configure(&store.conn, &store.path)?;
        schema::migrate(&mut store.conn, &store.path)?;
        let dict = text_dict::open(&store.conn, &store.path).at(&store.path)?;
        store.encoder.use_dict(dict);
        Ok(store)
    }

    /// The path shown in errors (`:memory:` for an in-memory store).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// How SQLite runs the list query for `q`, one line per step; lets
    /// tests and benchmarks check that lists never sort the whole table.
    pub fn explain_articles(&self, q: &ArticleQuery) -> Result<Vec<String>, StoreError> {
        query::explain_list(&self.conn, q).at(&self.path)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        schema::user_version(&self.conn).at(&self.path)
    }

    /// Bound this connection's page cache to `kib` KiB (SQLite's default
    /// is 2 MB a connection), for a connection that only scans: its pages
    /// come again from the file system's cache, and the reader's memory
    /// holds no second copy of them.
    pub fn limit_page_cache(&self, kib: u32) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "cache_size", -i64::from(kib))
            .at(&self.path)
    }

    /// Run `reads` in one read transaction: every read sees the cache as
    /// of the first, whatever other connections commit meanwhile (a
    /// refresh's writer), so a view assembled from several queries (Top
    /// stories: its rows, links, fingerprints, signals) is of one state.
    /// A write inside takes the write lock as any deferred transaction's
    /// does and is committed with it.
    pub fn read_snapshot<T>(
        &self,
        reads: impl FnOnce(&Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Deferred,
        )
        .at(&self.path)?;
        let out = reads(self)?;
        tx.commit().at(&self.path)?;
        Ok(out)
    }

    /// This connection's page cache size, as `PRAGMA cache_size` reports
    /// it (negative: KiB; positive: pages).
    pub fn page_cache_size(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .at(&self.path)
    }
}

/// Begin a write transaction that takes the write lock at once. A deferred
/// transaction that reads first and writes later can fail with "database is
/// locked" without waiting, when another instance wrote in between; an
/// immediate one waits (up to the busy timeout) instead.
fn write_tx<'c>(
    conn: &'c mut Connection,
    path: &str,
) -> Result<rusqlite::Transaction<'c>, StoreError> {
    // Counted while it asks, so background steps let it go first
    // (`writers`).
    let _asking = writers::GATE.asking();
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .at(path)
}

/// A background step's write transaction (packing, indexing, linking):
/// the process's writes already asking for the lock go first
/// (`writers`).
fn background_tx<'c>(
    conn: &'c mut Connection,
    path: &str,
) -> Result<rusqlite::Transaction<'c>, StoreError> {
    writers::begin(conn).at(path)
}

/// Attach the database path to SQLite errors, and tell "not a database"
/// apart so the message can say what to do.
trait At<T> {
    fn at(self, path: &str) -> Result<T, StoreError>;
}

impl<T> At<T> for Result<T, rusqlite::Error> {
    fn at(self, path: &str) -> Result<T, StoreError> {
        self.map_err(|source| match source.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase)
            | Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::NotADatabase {
                path: path.to_string(),
            },
            Some(rusqlite::ErrorCode::CannotOpen) => StoreError::CannotOpen {
                path: path.to_string(),
            },
            _ => StoreError::Sqlite {
                path: path.to_string(),
                source,
            },
        })
    }
}

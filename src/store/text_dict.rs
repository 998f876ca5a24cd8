//! Compression dictionaries for the stored texts (see `codec`).
//!
//! A feed's articles share most of their bytes with each other: the same
//! HTML wrappers, the same words of one or three languages. Texts are
//! compressed one by one (each must read back alone), so a compressor
//! that starts every text from nothing finds little to share; a zstd
//! dictionary trained on the cache's own texts gives it that shared part
//! up front. On the generated 1M-article cache this halves the compressed
//! texts again against raw deflate (docs/performance.md).
//!
//! Where dictionaries live: the `text_dicts` table, one row per
//! dictionary, keyed by the id zstd writes into the dictionary and into
//! every frame compressed with it. A stored text therefore names its own
//! dictionary: old texts stay readable when a newer dictionary is trained,
//! and no column of `article_texts` changes.
//!
//! When: a cache gets its dictionary once it holds enough text to train on
//! (`Store::train_text_dict`, run by the refresh writer after retention);
//! until then texts are zstd frames without a dictionary. Texts written
//! before (raw deflate of older versions, or frames without a dictionary)
//! stay as they are and go with retention; `Store::recompress_texts`
//! rewrites them in bounded batches when asked.
//!
//! Dictionaries are kept per process in a registry keyed by id, so the
//! free `codec::decode` used by every reader needs no connection. A
//! process that meets an id it has not loaded (another instance trained it
//! meanwhile) reloads the table of the caches it opened.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use rusqlite::{Connection, OptionalExtension};
use zstd::zstd_safe::{CDict, DDict};

use super::{At, Store, StoreError, write_tx};

/// Compression level with a dictionary: on feed HTML, level 3 costs
/// about the CPU of the raw deflate level 1 it replaced (the dictionary
/// does much of the matching) and stores ~0.55× its bytes.
pub(super) const LEVEL: i32 = 3;
/// Level without one (a new cache's first texts): zstd's fast level -1
/// costs about deflate level 1's CPU and stores ~0.9× its bytes, where
/// level 3 would cost ~1.6× the CPU of a first refresh's compression.
pub(super) const LEVEL_NO_DICT: i32 = -1;

/// Version 14's table (see the module docs). `created` orders the
/// dictionaries: the newest compresses new texts.
pub(super) const V14: &str = "
CREATE TABLE IF NOT EXISTS text_dicts (
    id      INTEGER PRIMARY KEY,
    dict    BLOB NOT NULL,
    created INTEGER NOT NULL
) STRICT;
";

/// Train once this much long text is stored (newest texts first), and
/// on that much: on the bench corpus a dictionary from 1 MB compresses as
/// well as one from 2 MB, and training takes ~90 ms of CPU instead of
/// ~180; fewer samples make a dictionary that fits the first feeds only.
const TRAIN_BYTES: usize = 1 << 20;
/// The dictionary's size: zstd's advice is about 1/100 of the samples.
const DICT_SIZE: usize = 64 * 1024;
/// Texts shorter than this are not compressed (see `codec`), so they are
/// no use as samples either.
const SAMPLE_MIN: usize = 256;

/// A dictionary, prepared for both directions.
pub(super) struct Dict {
    pub(super) id: u32,
    bytes: Vec<u8>,
    pub(super) cdict: CDict<'static>,
    pub(super) ddict: DDict<'static>,
}

impl Dict {
    fn new(bytes: Vec<u8>) -> Option<Dict> {
        let id = zstd::zstd_safe::get_dict_id_from_dict(&bytes)?.get();
        Some(Dict {
            id,
            cdict: CDict::try_create(&bytes, LEVEL)?,
            ddict: DDict::try_create(&bytes)?,
            bytes,
        })
    }
}

impl std::fmt::Debug for Dict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Dict({:#x}, {} bytes)", self.id, self.bytes.len())
    }
}

#[derive(Default)]
struct Registry {
    by_id: HashMap<u32, Arc<Dict>>,
    /// The dictionary new texts are compressed with on parser threads
    /// (`codec::prepare_texts`): the newest of the last cache opened or
    /// trained. The writer stores it in its cache before writing a text
    /// compressed with it (`ensure_stored`).
    current: Option<Arc<Dict>>,
    /// Caches opened by this process, to reload on an unknown id.
    paths: Vec<String>,
}

static REGISTRY: RwLock<Option<Registry>> = RwLock::new(None);

fn with_registry<T>(f: impl FnOnce(&mut Registry) -> T) -> T {
    let mut guard = REGISTRY.write().unwrap_or_else(PoisonError::into_inner);
    f(guard.get_or_insert_with(Registry::default))
}

/// The registered dictionary of `id`: a read lock, so reading threads
/// (the reader's, the ranking's) never wait for each other.
fn lookup(id: u32) -> Option<Arc<Dict>> {
    let guard = REGISTRY.read().unwrap_or_else(PoisonError::into_inner);
    guard.as_ref()?.by_id.get(&id).cloned()
}

/// Register a dictionary read from a cache or just trained; the same id
/// seen again keeps the first copy (ids are a hash of the content).
fn register(bytes: Vec<u8>) -> Option<Arc<Dict>> {
    let id = zstd::zstd_safe::get_dict_id_from_dict(&bytes)?.get();
    if let Some(d) = lookup(id) {
        return Some(d);
    }
    let dict = Arc::new(Dict::new(bytes)?);
    Some(with_registry(|r| {
        r.by_id
            .entry(id)
            .or_insert_with(|| Arc::clone(&dict))
            .clone()
    }))
}

/// The dictionary for frames of `id`, reloading the opened caches' tables
/// once if this process has not seen it.
pub(super) fn decoder(id: u32) -> Option<Arc<Dict>> {
    if let Some(d) = lookup(id) {
        return Some(d);
    }
    let paths = with_registry(|r| r.paths.clone());
    for path in paths {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
        if let Ok(conn) = Connection::open_with_flags(&path, flags) {
            let _ = load_all(&conn);
        }
    }
    lookup(id)
}

/// The dictionary parser threads compress with, if any.
pub(super) fn current() -> Option<Arc<Dict>> {
    with_registry(|r| r.current.clone())
}

/// Register every dictionary of a cache; returns the newest.
fn load_all(conn: &Connection) -> rusqlite::Result<Option<Arc<Dict>>> {
    let mut stmt = conn.prepare("SELECT dict FROM text_dicts ORDER BY created, id")?;
    let mut rows = stmt.query([])?;
    let mut newest = None;
    while let Some(r) = rows.next()? {
        let bytes: Vec<u8> = r.get(0)?;
        // A row that is not a dictionary (damage) is skipped: texts naming
        // it fail to read, nothing else does.
        if let Some(d) = register(bytes) {
            newest = Some(d);
        }
    }
    Ok(newest)
}

fn has_table(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'text_dicts')",
        [],
        |r| r.get(0),
    )
}

/// At open: load the cache's dictionaries and make its newest the one new
/// texts are compressed with. Returns that newest.
pub(super) fn open(conn: &Connection, path: &str) -> rusqlite::Result<Option<Arc<Dict>>> {
    if !has_table(conn)? {
        return Ok(None);
    }
    let newest = load_all(conn)?;
    with_registry(|r| {
        if path != ":memory:" && !r.paths.iter().any(|p| p == path) {
            r.paths.push(path.to_string());
        }
        if newest.is_some() {
            r.current = newest.clone();
        }
    });
    Ok(newest)
}

/// Make sure the cache holds dictionary `dict`, within the caller's
/// transaction, before a text compressed with it is written there.
/// (Called once per feed of a refresh: the lookup by id comes first, so
/// the dictionary's bytes are bound only the first time.)
pub(super) fn ensure_stored(conn: &Connection, dict: &Dict, now: i64) -> rusqlite::Result<()> {
    let held: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM text_dicts WHERE id = ?1)")?
        .query_row([dict.id], |r| r.get(0))?;
    if !held {
        conn.prepare_cached("INSERT INTO text_dicts (id, dict, created) VALUES (?1, ?2, ?3)")?
            .execute(rusqlite::params![dict.id, dict.bytes, now])?;
    }
    Ok(())
}

/// About `TRAIN_BYTES` of the newest long texts, as samples.
fn samples(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT summary, content FROM article_texts ORDER BY article_id DESC")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    let mut total = 0usize;
    while let Some(r) = rows.next()? {
        for i in 0..2 {
            if let Some(text) = super::codec::column(r, i)?
                && text.len() >= SAMPLE_MIN
            {
                total += text.len();
                out.push(text);
            }
        }
        if total >= TRAIN_BYTES {
            break;
        }
    }
    Ok(out)
}

fn now_ts() -> i64 {
    super::convert::to_ts(chrono::Utc::now())
}

impl Store {
    /// Train this cache's text dictionary if it has none yet and holds
    /// enough text to train on; later texts are compressed with it.
    /// Returns whether one was trained. Cheap when there is nothing to do
    /// (one indexed lookup); a training reads ~1 MB of texts and takes
    /// ~100 ms of CPU, once in the life of a cache.
    pub fn train_text_dict(&mut self) -> Result<bool, StoreError> {
        let path = self.path.as_str();
        let have: Option<i64> = self
            .conn
            .query_row("SELECT id FROM text_dicts LIMIT 1", [], |r| r.get(0))
            .optional()
            .at(path)?;
        if have.is_some() {
            return Ok(false);
        }
        let samples = samples(&self.conn).at(path)?;
        if samples.iter().map(String::len).sum::<usize>() < TRAIN_BYTES {
            return Ok(false);
        }
        // Training fails on samples too alike or too few to learn from;
        // the cache then simply goes on without a dictionary.
        let Ok(bytes) = zstd::dict::from_samples(&samples, DICT_SIZE) else {
            return Ok(false);
        };
        let Some(dict) = register(bytes) else {
            return Ok(false);
        };
        let tx = write_tx(&mut self.conn, path)?;
        ensure_stored(&tx, &dict, now_ts()).at(path)?;
        tx.commit().at(path)?;
        with_registry(|r| r.current = Some(Arc::clone(&dict)));
        self.encoder.use_dict(Some(dict));
        Ok(true)
    }

    /// Rewrite up to `limit` stored texts of articles after `after` (an
    /// article id; 0 to start) in today's form: deflate from older
    /// versions, and frames without the current dictionary, compressed
    /// again with it. One transaction; returns the last article id seen,
    /// or `None` when the table is done. The pages freed go back to the
    /// file system at the end of each batch.
    pub fn recompress_texts(
        &mut self,
        after: i64,
        limit: usize,
    ) -> Result<Option<i64>, StoreError> {
        let path = self.path.as_str();
        let tx = write_tx(&mut self.conn, path)?;
        let mut last = None;
        {
            let mut read = tx
                .prepare(
                    "SELECT article_id, summary, content FROM article_texts
                     WHERE article_id > ?1 ORDER BY article_id LIMIT ?2",
                )
                .at(path)?;
            let mut write = tx
                .prepare(
                    "UPDATE article_texts SET summary = ?2, content = ?3 WHERE article_id = ?1",
                )
                .at(path)?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let mut rows = read.query(rusqlite::params![after, limit]).at(path)?;
            while let Some(r) = rows.next().at(path)? {
                let id: i64 = r.get(0).at(path)?;
                last = Some(id);
                let stale = [1, 2]
                    .iter()
                    .any(|&i| r.get_ref(i).is_ok_and(|v| self.encoder.is_stale(v)));
                if !stale {
                    continue;
                }
                let summary = super::codec::column(r, 1).at(path)?;
                let content = super::codec::column(r, 2).at(path)?;
                let summary = self.encoder.encode(summary.as_deref());
                let content = self.encoder.encode(content.as_deref());
                write
                    .execute(rusqlite::params![id, summary, content])
                    .at(path)?;
            }
        }
        tx.commit().at(path)?;
        super::retention::incremental_vacuum(&self.conn).at(path)?;
        Ok(last)
    }
}

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
//! (`Store::train_text_dict` in `text_train`): the refresh writer trains as
//! soon as its commits hold enough (`TrainWatch`), so most of a new
//! cache's first refresh is already compressed with it, and tries again
//! after retention at the end of every refresh of a cache without one;
//! until then texts are zstd frames without a dictionary. Texts written
//! before (raw deflate of older versions, or frames without a dictionary)
//! stay as they are and go with retention; `Store::recompress_texts`
//! (also `text_train`)
//! rewrites them in bounded batches when asked.
//!
//! Dictionaries are kept per process in a registry keyed by id, so the
//! free `codec::decode` used by every reader needs no connection. A
//! process that meets an id it has not loaded (another instance trained it
//! meanwhile) reloads the table of the caches it opened.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use rusqlite::Connection;
use zstd::zstd_safe::{CDict, DDict};

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

/// A dictionary, prepared for both directions.
pub(super) struct Dict {
    pub(super) id: u32,
    bytes: Vec<u8>,
    pub(super) cdict: CDict<'static>,
    pub(super) ddict: DDict<'static>,
    /// For text blocks (`text_pack`), at their higher level: made the
    /// first time a block is packed (most processes never pack one).
    packing: std::sync::OnceLock<Option<CDict<'static>>>,
}

impl Dict {
    fn new(bytes: Vec<u8>) -> Option<Dict> {
        let id = zstd::zstd_safe::get_dict_id_from_dict(&bytes)?.get();
        Some(Dict {
            id,
            cdict: CDict::try_create(&bytes, LEVEL)?,
            ddict: DDict::try_create(&bytes)?,
            packing: std::sync::OnceLock::new(),
            bytes,
        })
    }

    /// The dictionary prepared for compressing at `level` (`text_pack`'s;
    /// one level per process, the first asked).
    pub(super) fn cdict_at(&self, level: i32) -> Option<&CDict<'static>> {
        self.packing
            .get_or_init(|| CDict::try_create(&self.bytes, level))
            .as_ref()
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
pub(super) fn register(bytes: Vec<u8>) -> Option<Arc<Dict>> {
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

/// At open: load the cache's dictionaries and make its newest the one new
/// texts are compressed with. Returns that newest.
pub(super) fn open(conn: &Connection, path: &str) -> rusqlite::Result<Option<Arc<Dict>>> {
    if !super::table_info::has_table(conn, "text_dicts")? {
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

/// Make `dict` the one new texts of this process are compressed with.
pub(super) fn set_current(dict: &Arc<Dict>) {
    with_registry(|r| r.current = Some(Arc::clone(dict)));
}

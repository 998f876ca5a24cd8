//! Training a cache's text dictionary and rewriting its stored texts in
//! today's form: the `Store` operations over `text_dict`'s registry that
//! read texts back through `codec` (kept apart so the registry, which the
//! codec itself uses, does not depend on the codec).

use rusqlite::{Connection, OptionalExtension};

use super::text_dict::{ensure_stored, register, set_current};
use super::{At, Store, StoreError, write_tx};

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
        set_current(&dict);
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

//! Training a cache's text dictionary and rewriting its stored texts in
//! today's form: the `Store` operations over `text_dict`'s registry that
//! read texts back through `codec` (kept apart so the registry, which the
//! codec itself uses, does not depend on the codec).

use rusqlite::Connection;

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

/// fastCover's parameters, fixed: segment size `k`, d-mer size `d`, and
/// `f`, the log2 of its frequency table's entries (6 bytes each).
/// `zstd::dict::from_samples` searched k over five values, training a
/// dictionary and compressing a quarter of the samples with each: ~90 ms of
/// CPU at the end of a first refresh, and a 6 MiB table (f = 20) that was
/// the refresh's peak memory. One training with k = 1024, d = 8, f = 16
/// takes a few ms and 384 KiB; its dictionary compressed held-out
/// texts of the bench corpus 1.6% larger than the searched one
/// (docs/performance.md).
const FAST_COVER: (u32, u32, u32) = (1024, 8, 16);

/// Train a dictionary of at most `DICT_SIZE` bytes on `samples`, or `None`
/// when zstd finds nothing to learn (too few or too alike).
fn train(samples: &[String]) -> Option<Vec<u8>> {
    use zstd::zstd_safe::zstd_sys::{
        ZDICT_fastCover_params_t, ZDICT_isError, ZDICT_params_t, ZDICT_trainFromBuffer_fastCover,
    };
    let flat: Vec<u8> = samples.iter().flat_map(|s| s.bytes()).collect();
    let sizes: Vec<usize> = samples.iter().map(String::len).collect();
    let count = u32::try_from(sizes.len()).ok()?;
    let (k, d, f) = FAST_COVER;
    let params = ZDICT_fastCover_params_t {
        k,
        d,
        f,
        steps: 0,
        nbThreads: 0,
        // Set by zstd itself for a single training (all samples train).
        splitPoint: 1.0,
        accel: 1,
        shrinkDict: 0,
        shrinkDictMaxRegression: 0,
        zParams: ZDICT_params_t {
            compressionLevel: super::text_dict::LEVEL,
            notificationLevel: 0,
            // zstd derives the id from the dictionary's content.
            dictID: 0,
        },
    };
    let mut dict = vec![0u8; DICT_SIZE];
    // SAFETY: the pointers and lengths describe live buffers: `dict` is
    // writable for its full length, `flat` holds exactly the sum of
    // `sizes`, and `sizes` has `count` entries; zstd reads and writes only
    // within them and keeps no pointer after returning.
    let written = unsafe {
        ZDICT_trainFromBuffer_fastCover(
            dict.as_mut_ptr().cast(),
            dict.len(),
            flat.as_ptr().cast(),
            sizes.as_ptr(),
            count,
            params,
        )
    };
    // SAFETY: a pure function of the returned code.
    if unsafe { ZDICT_isError(written) } != 0 || written > dict.len() {
        return None;
    }
    dict.truncate(written);
    Some(dict)
}

/// About `TRAIN_BYTES` of the newest long texts, as samples.
fn samples(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        // Texts in blocks (`text_blocks`) are old: the newest are loose.
        conn.prepare(
            "SELECT summary, content FROM article_texts
             WHERE typeof(content) <> 'integer' ORDER BY article_id DESC",
        )?;
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

/// Watches a refresh's writes into a cache that has no dictionary yet, so
/// the writer can train one as soon as enough text is stored, not at the
/// end: on a first refresh every text after that point is compressed with
/// the dictionary (level 3 with it costs about what level -1 without one
/// does, for ~23% fewer bytes on the bench corpus; docs/performance.md).
/// Counts what `samples` would take (texts of `SAMPLE_MIN` bytes or more),
/// so when it says "due" the committed cache holds enough to train on.
#[derive(Debug)]
pub struct TrainWatch {
    /// Bytes of long text still to see; `None` once the cache has a
    /// dictionary or a training was tried.
    left: Option<usize>,
}

impl TrainWatch {
    /// A watch for `store`: idle when it already has a dictionary.
    pub fn new(store: &Store) -> Result<TrainWatch, StoreError> {
        let have = has_dict(&store.conn).at(&store.path)?;
        Ok(TrainWatch {
            left: (!have).then_some(TRAIN_BYTES),
        })
    }

    /// Count the long texts of a feed about to be stored.
    pub fn saw(&mut self, parsed: &crate::domain::ParsedFeed) {
        if let Some(left) = &mut self.left {
            let long = parsed
                .items
                .iter()
                .flat_map(|i| [i.summary.as_deref(), i.content.as_deref()])
                .flatten()
                .map(str::len)
                .filter(|&n| n >= SAMPLE_MIN)
                .sum::<usize>();
            *left = left.saturating_sub(long);
        }
    }

    /// Whether enough was seen (and committed, when asked after a commit)
    /// to train now.
    pub fn due(&self) -> bool {
        self.left == Some(0)
    }

    /// A training was tried: watch no more (the end of the refresh tries
    /// once again if it did not take).
    pub fn tried(&mut self) {
        self.left = None;
    }
}

/// Whether the cache has a texts' dictionary (one indexed lookup).
fn has_dict(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM text_dicts)", [], |r| r.get(0))
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
        if has_dict(&self.conn).at(path)? {
            return Ok(false);
        }
        let samples = samples(&self.conn).at(path)?;
        if samples.iter().map(String::len).sum::<usize>() < TRAIN_BYTES {
            return Ok(false);
        }
        // Training fails on samples too alike or too few to learn from;
        // the cache then simply goes on without a dictionary.
        let Some(bytes) = train(&samples) else {
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

#[cfg(test)]
mod tests {
    use super::*;
    use zstd::zstd_safe::{CCtx, CDict};

    /// Texts alike in their markup and words, different in their order.
    fn texts(seed: u64, n: usize) -> Vec<String> {
        const WORDS: [&str; 12] = [
            "Қазақстан",
            "үкімет",
            "жаңалықтар",
            "новости",
            "правительство",
            "news",
            "government",
            "Алматы",
            "министр",
            "parliament",
            "экономика",
            "бюджет",
        ];
        let mut x = seed;
        (0..n)
            .map(|_| {
                let mut t = String::from("<div class=\"article-body\"><p>");
                for _ in 0..60 {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    t.push_str(WORDS[(x >> 33) as usize % WORDS.len()]);
                    t.push(' ');
                }
                t.push_str("</p><p class=\"source\">Дереккөз: агенттік</p></div>");
                t
            })
            .collect()
    }

    fn compressed(texts: &[String], dict: Option<&[u8]>) -> usize {
        let mut cctx = CCtx::create();
        let cdict = dict.map(|d| CDict::create(d, super::super::text_dict::LEVEL));
        texts
            .iter()
            .map(|t| {
                let mut out = Vec::with_capacity(t.len() * 2);
                match &cdict {
                    Some(c) => cctx.compress_using_cdict(&mut out, t.as_bytes(), c),
                    None => cctx.compress(&mut out, t.as_bytes(), 3),
                }
                .unwrap()
            })
            .sum()
    }

    #[test]
    fn fixed_fast_cover_training_learns_what_held_out_texts_share() {
        let dict = train(&texts(1, 600)).expect("trained");
        assert!(dict.len() <= DICT_SIZE);
        assert!(zstd::zstd_safe::get_dict_id_from_dict(&dict).is_some());
        let held_out = texts(2, 200);
        let (with, without) = (
            compressed(&held_out, Some(&dict)),
            compressed(&held_out, None),
        );
        assert!(with * 10 < without * 8, "{without} -> {with} bytes");
    }

    #[test]
    fn nothing_to_learn_is_no_dictionary() {
        assert_eq!(train(&[]), None);
        assert_eq!(train(&["x".repeat(300)]), None);
    }
}

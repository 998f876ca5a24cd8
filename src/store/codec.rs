//! How the long texts (summary, content) are kept: short ones as TEXT,
//! long ones as a compressed BLOB when that saves a useful amount.
//!
//! The BLOB is a zstd frame, compressed with the cache's own
//! dictionary once it has one (see `text_dict`): feed texts share most of
//! their bytes with each other (HTML wrappers, the words of a few
//! languages), which texts compressed one by one cannot otherwise use. On
//! the generated 1M-article kk/ru/en cache that is 0.48× the size of raw
//! deflate at level 1, for less CPU per text.
//!
//! Caches written before hold raw deflate BLOBs; they still read. The two
//! are told apart by the first four bytes: a zstd frame starts with its
//! magic number 28 B5 2F FD, and no raw deflate stream can: a first byte
//! 0x28 opens a stored block, whose length (bytes 2–3) and its complement
//! (bytes 4–5) would then have to be 0x2FB5 and 0x??FD, which do not
//! complement each other.

use std::io::Read;
use std::sync::Arc;

use flate2::read::DeflateDecoder;
use flate2::{Decompress, FlushDecompress, Status};
use rusqlite::types::{FromSqlError, ToSqlOutput, Value, ValueRef};
use zstd::zstd_safe::{CCtx, DCtx};

use super::text_dict::{self, Dict, LEVEL_NO_DICT};
use crate::rank::Fingerprint;

/// Below this, compression headers eat most of the gain.
const MIN_COMPRESS: usize = 256;

/// The first bytes of every zstd frame.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// A text no larger than this is ever decoded: a damaged frame header
/// must not make a reader allocate gigabytes.
const MAX_TEXT: u64 = 256 << 20;

fn is_zstd(blob: &[u8]) -> bool {
    blob.starts_with(&ZSTD_MAGIC)
}

/// The dictionary a frame names (`None`: compressed without one).
fn frame_dict(blob: &[u8]) -> Option<u32> {
    zstd::zstd_safe::get_dict_id_from_frame(blob).map(|id| id.get())
}

/// A reusable compressor and decompressor: setting one up costs more than
/// handling a typical article, so one pair is kept per store (the writer's
/// hot path) and per parser thread; reads for display use `decode`.
pub(super) struct Encoder {
    cctx: CCtx<'static>,
    dctx: DCtx<'static>,
    /// The dictionary new texts are compressed with (the cache's newest).
    dict: Option<Arc<Dict>>,
    /// For comparing with texts an older version stored as raw deflate.
    inflate: Decompress,
    scratch: Vec<u8>,
}

impl Encoder {
    pub(super) fn new() -> Encoder {
        Encoder {
            cctx: CCtx::create(),
            dctx: DCtx::create(),
            dict: None,
            inflate: Decompress::new(false),
            scratch: Vec::new(),
        }
    }

    /// Compress new texts with `dict` from now on.
    pub(super) fn use_dict(&mut self, dict: Option<Arc<Dict>>) {
        self.dict = dict;
    }

    /// The dictionary new texts are compressed with (text blocks too).
    pub(super) fn dict(&self) -> Option<&Arc<Dict>> {
        self.dict.as_ref()
    }

    /// The id of the dictionary new texts are compressed with.
    pub(super) fn dict_id(&self) -> Option<u32> {
        self.dict.as_ref().map(|d| d.id)
    }

    /// Encode a text for storage.
    pub(super) fn encode<'t>(&mut self, text: Option<&'t str>) -> Option<ToSqlOutput<'t>> {
        let text = text?;
        Some(match self.compress(text) {
            Some(blob) => ToSqlOutput::from(blob),
            None => ToSqlOutput::from(text),
        })
    }

    /// The stored form of a text when compression pays, else `None`
    /// (the text is then stored as it is).
    pub(super) fn compress(&mut self, text: &str) -> Option<Vec<u8>> {
        if text.len() >= MIN_COMPRESS {
            self.zstd(text.as_bytes())
        } else {
            None
        }
    }

    /// Compressed bytes, or `None` if they would not save at least 1/8:
    /// the output buffer is only that large, so a poor result simply does
    /// not fit.
    fn zstd(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(bytes.len() - bytes.len() / 8);
        let done = match &self.dict {
            Some(d) => self.cctx.compress_using_cdict(&mut out, bytes, &d.cdict),
            None => self.cctx.compress(&mut out, bytes, LEVEL_NO_DICT),
        };
        done.ok().map(|_| out)
    }

    /// Whether a stored value is not in the form new texts get: raw
    /// deflate, a frame without the current dictionary, or a long TEXT
    /// that the dictionary may now compress (see `recompress_texts`).
    pub(super) fn is_stale(&self, stored: ValueRef<'_>) -> bool {
        match stored {
            ValueRef::Blob(b) => !is_zstd(b) || frame_dict(b) != self.dict_id(),
            ValueRef::Text(t) => self.dict.is_some() && t.len() >= MIN_COMPRESS,
            _ => false,
        }
    }
}

/// A parsed feed's long texts, compressed ahead of the write. Compressing
/// is about a third of a first refresh's store work; done on the parser
/// threads (see `prepare_texts`), it leaves the single writer only inserts.
#[derive(Debug, Default)]
pub struct PreparedTexts {
    /// Per item: summary and content in stored form (`None` = plain text).
    items: Vec<[Option<Vec<u8>>; 2]>,
    /// Per item: the encoded `rank::Fingerprint` of its title, lead and
    /// link; `None`: left to the story linker's background steps (what a
    /// refresh does, see `prepare_texts`).
    fingerprints: Option<Vec<Vec<u8>>>,
    /// The dictionary the texts were compressed with: the writer stores
    /// it in its cache first (`WriteBatch::update`).
    dict: Option<Arc<Dict>>,
}

impl PreparedTexts {
    /// Item `i`'s summary (`field` 0) or content (1) as it is to be stored.
    pub(super) fn get<'t>(
        &'t self,
        i: usize,
        field: usize,
        text: Option<&'t str>,
    ) -> Option<ToSqlOutput<'t>> {
        let text = text?;
        Some(match self.items.get(i).and_then(|f| f[field].as_deref()) {
            Some(blob) => ToSqlOutput::from(blob),
            None => ToSqlOutput::from(text),
        })
    }

    /// The dictionary the texts were compressed with, if any.
    pub(super) fn dict(&self) -> Option<&Dict> {
        self.dict.as_deref()
    }

    /// Item `i`'s encoded fingerprint, if prepared.
    pub(super) fn fingerprint(&self, i: usize) -> Option<&[u8]> {
        self.fingerprints.as_ref()?.get(i).map(Vec::as_slice)
    }

    /// Whether new articles' fingerprints are left to the story linker
    /// (`story_links`), which computes them from the stored texts.
    pub(super) fn fingerprints_deferred(&self) -> bool {
        self.fingerprints.is_none()
    }
}

/// An item's clustering fingerprint in stored form.
pub(super) fn fingerprint(item: &crate::domain::NewArticle) -> Vec<u8> {
    let lead = crate::rank::lead_text(item.summary.as_deref(), item.content.as_deref());
    Fingerprint::of(&item.title, lead, item.link.as_deref()).encode()
}

thread_local! {
    /// One compressor per parser thread: setting one up costs more than an article.
    static PREPARER: std::cell::RefCell<Encoder> = std::cell::RefCell::new(Encoder::new());
}

/// Compress a parsed feed's texts on the calling thread (a parser thread).
///
/// New articles' fingerprints are not computed here: stemming titles and
/// leads was a quarter of a first refresh's CPU, and only Top stories and
/// related stories read them, both after the story linker's background
/// steps (`Store::link_some`), which compute and store them from the
/// stored texts (`fingerprints::fill_recent`). Until then a ranking
/// computes the missing ones itself (`fingerprints::fill_missing`), so
/// its result is the same either way.
pub fn prepare_texts(parsed: &crate::domain::ParsedFeed) -> PreparedTexts {
    prepare(parsed, false)
}

/// `prepare_texts`, fingerprints included (tools that write a cache no
/// linker will step through, such as the 1M-article generator).
pub fn prepare_texts_fingerprinted(parsed: &crate::domain::ParsedFeed) -> PreparedTexts {
    prepare(parsed, true)
}

fn prepare(parsed: &crate::domain::ParsedFeed, fingerprints: bool) -> PreparedTexts {
    PREPARER.with(|enc| {
        let mut enc = enc.borrow_mut();
        let dict = text_dict::current();
        enc.use_dict(dict.clone());
        PreparedTexts {
            dict,
            items: parsed
                .items
                .iter()
                .map(|item| {
                    [
                        item.summary.as_deref().and_then(|t| enc.compress(t)),
                        item.content.as_deref().and_then(|t| enc.compress(t)),
                    ]
                })
                .collect(),
            fingerprints: fingerprints.then(|| parsed.items.iter().map(fingerprint).collect()),
        }
    })
}

impl Encoder {
    /// Whether a stored value holds exactly `text`, without building a
    /// String: an unchanged refresh compares every article's texts, so
    /// this is the cost of a refresh where nothing changed.
    pub(super) fn same_text(&mut self, stored: &Value, text: Option<&str>) -> bool {
        match (stored, text) {
            (Value::Null, None) => true,
            (Value::Text(s), Some(t)) => s == t,
            (Value::Blob(b), Some(t)) => self.inflates_to(b, t.as_bytes()),
            _ => false,
        }
    }

    /// Decompress into a buffer one byte larger than `expected`: a longer
    /// output cannot finish, so it compares unequal without growing.
    fn inflates_to(&mut self, blob: &[u8], expected: &[u8]) -> bool {
        self.scratch.clear();
        self.scratch.reserve(expected.len() + 1);
        let done = if is_zstd(blob) {
            match frame_dict(blob) {
                None => self.dctx.decompress(&mut self.scratch, blob).is_ok(),
                Some(id) => match text_dict::decoder(id) {
                    Some(d) => self
                        .dctx
                        .decompress_using_ddict(&mut self.scratch, blob, &d.ddict)
                        .is_ok(),
                    None => false,
                },
            }
        } else {
            self.inflate.reset(false);
            matches!(
                self.inflate
                    .decompress_vec(blob, &mut self.scratch, FlushDecompress::Finish),
                Ok(Status::StreamEnd)
            )
        };
        done && self.scratch == expected
    }
}

/// Why a stored text could not be read.
#[derive(Debug, thiserror::Error)]
pub(super) enum CodecError {
    #[error("stored text names compression dictionary {0:#x}, which the cache does not hold")]
    UnknownDict(u32),
    #[error("damaged stored text: {0}")]
    Damaged(String),
    /// An article's texts name a block the cache does not hold.
    #[error("stored text is in text block {0}, which the cache does not hold")]
    NoBlock(i64),
    #[error("text block {block} does not hold article {article}'s texts")]
    NotInBlock { block: i64, article: i64 },
}

thread_local! {
    /// One decompression context per reading thread.
    static READER: std::cell::RefCell<DCtx<'static>> = std::cell::RefCell::new(DCtx::create());
}

/// Decompress a zstd frame written by `Encoder`.
fn unzstd(blob: &[u8]) -> Result<String, CodecError> {
    String::from_utf8(unzstd_bytes(blob)?).map_err(|e| CodecError::Damaged(e.to_string()))
}

/// Decompress a zstd frame (a text's, or a text block's): its dictionary
/// from the registry, its size bounded by `MAX_TEXT`.
pub(super) fn unzstd_bytes(blob: &[u8]) -> Result<Vec<u8>, CodecError> {
    if !is_zstd(blob) {
        return Err(CodecError::Damaged("not a zstd frame".into()));
    }
    let size = match zstd::zstd_safe::get_frame_content_size(blob) {
        Ok(Some(n)) if n <= MAX_TEXT => n as usize,
        _ => return Err(CodecError::Damaged("no usable content size".into())),
    };
    let dict = match frame_dict(blob) {
        Some(id) => Some(text_dict::decoder(id).ok_or(CodecError::UnknownDict(id))?),
        None => None,
    };
    let mut out = Vec::with_capacity(size);
    READER
        .with(|dctx| {
            let mut dctx = dctx.borrow_mut();
            match &dict {
                Some(d) => dctx.decompress_using_ddict(&mut out, blob, &d.ddict),
                None => dctx.decompress(&mut out, blob),
            }
        })
        .map_err(|code| CodecError::Damaged(zstd::zstd_safe::get_error_name(code).to_string()))?;
    Ok(out)
}

/// Decode a stored text (TEXT as is, BLOB decompressed: zstd, or raw
/// deflate from older versions).
pub(super) fn decode(v: ValueRef<'_>) -> Result<Option<String>, FromSqlError> {
    match v {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => String::from_utf8(t.to_vec())
            .map(Some)
            .map_err(|e| FromSqlError::Other(Box::new(e))),
        ValueRef::Blob(b) if is_zstd(b) => unzstd(b)
            .map(Some)
            .map_err(|e| FromSqlError::Other(Box::new(e))),
        ValueRef::Blob(b) => {
            let mut out = String::with_capacity(b.len() * 3);
            DeflateDecoder::new(b)
                .read_to_string(&mut out)
                .map_err(|e| FromSqlError::Other(Box::new(e)))?;
            Ok(Some(out))
        }
        ValueRef::Integer(_) | ValueRef::Real(_) => Err(FromSqlError::InvalidType),
    }
}

/// Read a codec column of a row.
pub(super) fn column(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<String>> {
    let v = row.get_ref(idx)?;
    decode(v).map_err(|e| match e {
        FromSqlError::InvalidType => {
            rusqlite::Error::InvalidColumnType(idx, String::new(), v.data_type())
        }
        other => rusqlite::Error::FromSqlConversionFailure(idx, v.data_type(), Box::new(other)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> (bool, String) {
        let mut enc = Encoder::new();
        let stored = enc.encode(Some(text)).unwrap();
        let compressed = matches!(stored, ToSqlOutput::Owned(rusqlite::types::Value::Blob(_)));
        let value = match &stored {
            ToSqlOutput::Borrowed(v) => *v,
            ToSqlOutput::Owned(v) => ValueRef::from(v),
            _ => unreachable!("encode yields text or blob"),
        };
        (compressed, decode(value).unwrap().unwrap())
    }

    #[test]
    fn long_repetitive_text_is_compressed_and_round_trips() {
        let text = "<p>Қазақстан жаңалықтары, новости, news.</p>\n".repeat(50);
        assert_eq!(round_trip(&text), (true, text));
    }

    #[test]
    fn short_or_incompressible_text_is_kept_as_text() {
        assert_eq!(round_trip("short"), (false, "short".to_string()));
        // A few hundred pseudo-random letters: the entropy coder's tables
        // and the frame header eat the little it saves, under 1/8.
        let mut x = 1u64;
        let noisy: String = (0..300)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                char::from(b'!' + ((x >> 33) % 94) as u8)
            })
            .collect();
        assert_eq!(round_trip(&noisy), (false, noisy));
    }

    #[test]
    fn same_text_compares_stored_forms_with_new_text() {
        let mut enc = Encoder::new();
        let long = "<p>Жаңалықтар — новости — news</p>".repeat(30);
        let stored = match enc.encode(Some(&long)).unwrap() {
            ToSqlOutput::Owned(v) => v,
            _ => panic!("not compressed"),
        };
        assert!(enc.same_text(&stored, Some(&long)));
        let mut longer = long.clone();
        longer.push('!');
        assert!(!enc.same_text(&stored, Some(&longer)));
        assert!(!enc.same_text(&stored, Some(&long[..long.len() - 1])));
        assert!(!enc.same_text(&stored, None));
        assert!(enc.same_text(&Value::Text("a".into()), Some("a")));
        assert!(!enc.same_text(&Value::Text("a".into()), Some("b")));
        assert!(enc.same_text(&Value::Null, None));
        assert!(!enc.same_text(&Value::Null, Some("")));
    }

    /// What versions before zstd stored: raw deflate. Still decoded and
    /// compared, and never taken for a zstd frame.
    #[test]
    fn raw_deflate_blobs_of_older_versions_still_read() {
        use std::io::Write;
        let text = "<p>Алматы — Almaty — Алматы қаласы</p>\n".repeat(40);
        for level in [1, 6, 9] {
            let mut e =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(level));
            e.write_all(text.as_bytes()).unwrap();
            let blob = e.finish().unwrap();
            assert!(!is_zstd(&blob));
            assert_eq!(decode(ValueRef::Blob(&blob)).unwrap(), Some(text.clone()));
            let mut enc = Encoder::new();
            assert!(enc.same_text(&Value::Blob(blob.clone()), Some(&text)));
            assert!(!enc.same_text(&Value::Blob(blob.clone()), Some("other")));
            assert!(enc.is_stale(ValueRef::Blob(&blob)));
        }
    }

    #[test]
    fn new_texts_are_zstd_frames_without_a_dictionary_until_one_exists() {
        let mut enc = Encoder::new();
        let text = "<p>Үкімет жаңа заң жобасын талқылады.</p>".repeat(20);
        let blob = enc.compress(&text).unwrap();
        assert!(is_zstd(&blob));
        assert_eq!(frame_dict(&blob), None);
        assert!(!enc.is_stale(ValueRef::Blob(&blob)));
        assert_eq!(decode(ValueRef::Blob(&blob)).unwrap(), Some(text));
    }

    #[test]
    fn a_damaged_frame_is_an_error() {
        let mut enc = Encoder::new();
        let text = "<p>news новости жаңалықтар</p>".repeat(30);
        let mut blob = enc.compress(&text).unwrap();
        let n = blob.len();
        blob.truncate(n - 3);
        assert!(decode(ValueRef::Blob(&blob)).is_err());
        assert!(decode(ValueRef::Blob(&ZSTD_MAGIC)).is_err());
    }

    #[test]
    fn one_encoder_serves_many_texts() {
        let mut enc = Encoder::new();
        for i in 0..20 {
            let text = format!("<p>item {i}</p>").repeat(40 + i);
            let stored = enc.encode(Some(&text)).unwrap();
            let ToSqlOutput::Owned(v) = &stored else {
                panic!("not compressed")
            };
            assert_eq!(decode(ValueRef::from(v)).unwrap(), Some(text));
        }
    }
}

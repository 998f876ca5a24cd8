//! How the long texts (summary, content) are kept: short ones as TEXT,
//! long ones as a raw-deflate BLOB when that saves a useful amount. Feed
//! HTML in Kazakh, Russian and English compresses about 2.4× at the fastest
//! level, which keeps the cache at about half the size of newsboat's (which
//! stores text as is) for a small CPU cost.
//!
//! The deflate backend is zlib-rs (flate2 feature): on this kind of text it
//! compresses ~3–10× faster than miniz_oxide, whose per-call setup and
//! Huffman table building dominate on texts of a few KB.

use std::io::Read;

use flate2::read::DeflateDecoder;
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use rusqlite::types::{FromSqlError, ToSqlOutput, Value, ValueRef};

use crate::rank::Fingerprint;

/// Below this, compression headers eat most of the gain.
const MIN_COMPRESS: usize = 256;

/// A reusable compressor and decompressor: setting one up costs more than
/// handling a typical article, so one pair is kept per store (the writer's
/// hot path); reads for display use `decode`.
pub(super) struct Encoder {
    deflate: Compress,
    inflate: Decompress,
    scratch: Vec<u8>,
}

impl Encoder {
    pub(super) fn new() -> Encoder {
        Encoder {
            // Level 1: most of the size gain at the least CPU, which matters
            // on a first refresh of hundreds of feeds.
            deflate: Compress::new(Compression::fast(), false),
            inflate: Decompress::new(false),
            scratch: Vec::new(),
        }
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
            self.deflate(text.as_bytes())
        } else {
            None
        }
    }

    /// Compressed bytes, or `None` if they would not save at least 1/8:
    /// the output buffer is only that large, so a poor result simply does
    /// not fit.
    fn deflate(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        self.deflate.reset();
        let mut out = Vec::with_capacity(bytes.len() - bytes.len() / 8);
        match self
            .deflate
            .compress_vec(bytes, &mut out, FlushCompress::Finish)
        {
            Ok(Status::StreamEnd) => Some(out),
            _ => None,
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
    /// Per item: the encoded `rank::Fingerprint` of its title and link.
    fingerprints: Vec<Vec<u8>>,
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

    /// Item `i`'s encoded fingerprint, if prepared.
    pub(super) fn fingerprint(&self, i: usize) -> Option<&[u8]> {
        self.fingerprints.get(i).map(Vec::as_slice)
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

/// Compress a parsed feed's texts and fingerprint its titles on the calling
/// thread (a parser thread).
pub fn prepare_texts(parsed: &crate::domain::ParsedFeed) -> PreparedTexts {
    PREPARER.with(|enc| {
        let mut enc = enc.borrow_mut();
        PreparedTexts {
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
            fingerprints: parsed.items.iter().map(fingerprint).collect(),
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

    /// Inflate into a buffer one byte larger than `expected`: a longer
    /// output cannot finish, so it compares unequal without growing.
    fn inflates_to(&mut self, blob: &[u8], expected: &[u8]) -> bool {
        self.inflate.reset(false);
        self.scratch.clear();
        self.scratch.reserve(expected.len() + 1);
        matches!(
            self.inflate
                .decompress_vec(blob, &mut self.scratch, FlushDecompress::Finish),
            Ok(Status::StreamEnd)
        ) && self.scratch == expected
    }
}

/// Decode a stored text (TEXT as is, BLOB inflated).
pub(super) fn decode(v: ValueRef<'_>) -> Result<Option<String>, FromSqlError> {
    match v {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => String::from_utf8(t.to_vec())
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
        // Pseudo-random letters compress poorly: under the 1/8 threshold.
        let mut x = 1u64;
        let noisy: String = (0..2000)
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

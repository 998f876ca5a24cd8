//! How the long texts (summary, content) are kept: short ones as TEXT,
//! long ones as a raw-deflate BLOB when that saves a useful amount. Feed
//! HTML compresses 3–4×, which keeps the cache well under the size of the
//! feeds it holds (and under newsboat's cache, which stores text as is).

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use rusqlite::types::{FromSqlError, ToSqlOutput, ValueRef};

/// Below this, compression headers eat most of the gain.
const MIN_COMPRESS: usize = 256;

/// Encode a text for storage.
pub(super) fn encode(text: Option<&str>) -> Option<ToSqlOutput<'_>> {
    let text = text?;
    if text.len() >= MIN_COMPRESS
        && let Some(blob) = deflate(text.as_bytes())
        // Keep the plain text unless compression saves at least 1/8.
        && blob.len() < text.len() - text.len() / 8
    {
        return Some(ToSqlOutput::from(blob));
    }
    Some(ToSqlOutput::from(text))
}

fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    // Level 1: most of the gain for HTML at a fraction of the CPU of the
    // default level, which matters on a first refresh of many feeds.
    let mut enc = DeflateEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::fast());
    enc.write_all(bytes).ok()?;
    enc.finish().ok()
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

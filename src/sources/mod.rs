//! Bytes → domain. Each source kind turns what it read into a `ParsedFeed`
//! whose every text field went through `crate::sanitize`.
//!
//! [`read`] picks the reader for a feed: `[feeds.map]` → `json`,
//! `[feeds.select]` → `html`, otherwise `feed` (RSS/Atom/JSON Feed). The
//! kind says how the bytes are obtained (HTTP/file, or a command for exec).

mod atom03;
pub mod dates;
pub mod enclosures;
pub mod encoding;
pub mod exec;
pub mod extras;
pub mod feed;
mod feed_fast;
mod feed_model;
pub mod fulltext;
pub mod hints;
pub mod html;
pub mod json;
mod json_feed;
pub mod json_path;
pub mod keys;
pub mod lenient;
pub mod titles;
pub mod values;

use url::Url;

use crate::domain::{ParsedFeed, SourceKind};
pub use html::HtmlSelectors;
pub use json::JsonMapping;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ParseError {
    /// The document is not a feed we can read; the message says what it is.
    #[error("{0}")]
    NotAFeed(String),
    #[error("{0}")]
    Malformed(String),
    /// The document does not fit the feed's `[feeds.map]` / `[feeds.select]`:
    /// the message names the item and the field.
    #[error("{0}")]
    Mapping(String),
}

/// How a feed's bytes are read: its kind and mapping, as its settings say
/// (the config turns a feed's settings into this; the readers need nothing
/// else from it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadAs<'a> {
    pub kind: SourceKind,
    /// `[feeds.map]`: read a JSON document with this mapping.
    pub map: Option<&'a JsonMapping>,
    /// `[feeds.select]`: read an HTML page with these selectors.
    pub select: Option<&'a HtmlSelectors>,
    /// The zone of dates written without one.
    pub timezone: Option<chrono_tz::Tz>,
}

/// Parse what was read for `feed` with the reader its settings call for.
/// `base` is the URL the bytes came from (after redirects).
pub fn read<'a>(
    feed: impl Into<ReadAs<'a>>,
    bytes: &[u8],
    content_type: Option<&str>,
    base: &Url,
    max_items: usize,
) -> Result<ParsedFeed, ParseError> {
    let mut parsed = read_kind(feed.into(), bytes, content_type, base, max_items)?;
    // Every kind: an item without a title still shows something.
    titles::fill_missing(&mut parsed);
    Ok(parsed)
}

fn read_kind(
    feed: ReadAs<'_>,
    bytes: &[u8],
    content_type: Option<&str>,
    base: &Url,
    max_items: usize,
) -> Result<ParsedFeed, ParseError> {
    if let Some(map) = feed.map {
        return json::parse(bytes, content_type, base, map, max_items);
    }
    if let Some(select) = feed.select {
        return html::parse(bytes, content_type, base, select, max_items);
    }
    match feed.kind {
        // No map: the common field names are guessed.
        SourceKind::Json => json::parse(
            bytes,
            content_type,
            base,
            &JsonMapping {
                timezone: feed.timezone,
                ..JsonMapping::default()
            },
            max_items,
        ),
        SourceKind::Html => Err(ParseError::Mapping(
            "a kind = \"html\" feed needs a [feeds.select] table with at least item = \"CSS selector\""
                .into(),
        )),
        SourceKind::Feed | SourceKind::Exec => feed::parse(bytes, content_type, base, max_items),
    }
}

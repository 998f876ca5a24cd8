//! RSS 0.9x/1.0/2.0, Atom and JSON Feed through feed-rs, with stable ids,
//! extra namespaces and sanitising.

use url::Url;

use super::ParseError;
use crate::domain::ParsedFeed;

/// Parse a feed document. `content_type` is the HTTP Content-Type (for its
/// charset); `base` is the feed URL, the base URI for relative links.
/// At most `max_items` items are kept.
pub fn parse(
    _bytes: &[u8],
    _content_type: Option<&str>,
    _base: &Url,
    _max_items: usize,
) -> Result<ParsedFeed, ParseError> {
    Err(ParseError::Malformed("TODO: parser not implemented yet".into()))
}

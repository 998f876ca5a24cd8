//! Bytes → domain. Each source kind turns what it read into a `ParsedFeed`
//! whose every text field went through `crate::sanitize`.

pub mod encoding;
pub mod extras;
pub mod feed;
pub mod lenient;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ParseError {
    /// The document is not a feed we can read; the message says what it is.
    #[error("{0}")]
    NotAFeed(String),
    #[error("{0}")]
    Malformed(String),
}

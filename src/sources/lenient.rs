//! Placeholder, filled below.
use super::ParseError;
pub fn not_a_feed(_text: &str) -> Option<ParseError> {
    None
}
pub fn repairs(_text: &str) -> Vec<String> {
    Vec::new()
}

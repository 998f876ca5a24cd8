//! Media: enclosures, their downloads, and pictures for the reader, all
//! through `fetch` with its caps. Nothing here draws.

pub mod image;

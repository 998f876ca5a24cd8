//! The library in process against real I/O: the SQLite cache on temporary
//! files, the fetcher and the refresh pipeline against servers on
//! 127.0.0.1, command sources, full text. No test here runs `keruen`.
//!
//! One test binary for the group (linking the crate once, not once per
//! file); each module is one feature. `cargo test --test io store::` runs
//! one module. Where a test belongs: docs/testing.md.

#[path = "../common/mod.rs"]
mod common;

mod fetch;
mod flags;
mod fulltext;
mod link_form;
mod mark;
mod mark_layout;
mod names;
mod new_rows;
mod retention_skip;
mod scale;
mod search_catch_up;
mod search_size;
mod size_layout;
mod sources_damaged;
mod sources_exec;
mod sources_html;
mod sources_json;
mod sources_refresh;
mod store;
mod stories;
mod sync_store;
mod text_blocks;
mod text_codec;
mod text_merge;
mod top;
mod top_links;

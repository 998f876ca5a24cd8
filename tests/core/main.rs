//! The library in process, with no network, no cache file and no child
//! `keruen`: `update` fed messages, whole screens on ratatui's TestBackend,
//! config loading, feed parsing rules, ranking, sanitizing.
//!
//! One test binary for the group (linking the crate once, not once per
//! file); each module is one feature. `cargo test --test core rank::` runs
//! one module. Where a test belongs: docs/testing.md.

#[path = "../common/mod.rs"]
mod common;

mod config;
mod conformance;
mod rank;
mod rank_opposites;
mod rank_places;
mod rank_story;
mod rank_titles;
mod related_view;
mod sanitize;
mod search_indexer;
mod search_view;
mod sources_feed_rules;
mod text_pack;
mod top_links;
mod ui_snapshots;
mod update;
mod update_flows;

//! Tests that run the real `keruen` binary (`CARGO_BIN_EXE_keruen`):
//! headless commands, the TUI in a pseudo-terminal, crash safety, sync.
//! A module whose other tests are in-process lives here too when any of its
//! tests runs the binary.
//!
//! One test binary for the group (linking the crate once, not once per
//! file); each module is one feature. `cargo test --test e2e cli_verbs::`
//! runs one module. Where a test belongs: docs/testing.md.

#[path = "../common/mod.rs"]
mod common;

mod cli_output;
mod cli_refresh;
mod cli_verbs;
mod crash_safety;
mod first_refresh_dict;
mod i18n;
mod i18n_cli;
mod images;
mod media;
mod pty_e2e;
mod pty_hostile;
mod schedule;
mod search;
mod search_rank;
mod search_window;
mod sources_discover;
mod sources_opml;
mod store_counts;
mod stories_real_pairs;
mod sync_bounds;
mod sync_servers;
mod urls_file;

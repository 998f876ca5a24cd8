//! keruen: a terminal news reader. See docs/ and DESIGN.md for the map.

pub mod app;
pub mod cli;
pub mod config;
pub mod config_edit;
pub mod discover;
pub mod domain;
pub mod fetch;
pub mod html_text;
pub mod i18n;
pub mod media;
pub mod opener;
pub mod opml;
pub mod paths;
pub mod plural;
pub mod rank;
pub mod refresh;
pub mod sanitize;
pub mod search_query;
pub mod sources;
pub mod store;
pub mod stories;
pub mod subscribe;
pub mod sync;
pub mod text_fold;
pub mod tui;
pub mod ui;

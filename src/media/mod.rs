//! Enclosures (podcasts, video): how they are shown, their download queue
//! and the player. Everything that touches the network goes through
//! `fetch`'s client and its caps; the runtime spawns the workers.
//!
//! - `words`: sizes, durations, kinds and enclosure lines as a person
//!   reads them (pure, for the reader, the downloads view and the CLI);
//! - `names`: safe file names for downloads;
//! - `download`: one resumable download (HTTP Range, `.part` files);
//! - `queue`: the download queue's worker (bounded concurrency, progress);
//! - `player`: the `player` command as an argv, never a shell.

pub mod download;
pub mod names;
pub mod player;
pub mod queue;
pub mod words;

//! Media: enclosures (podcasts, video), their download queue, the player,
//! and pictures for the reader. Everything that touches the network goes
//! through `fetch`'s client and its caps; the runtime spawns the workers;
//! nothing here draws.
//!
//! - `words`: sizes, durations, kinds and enclosure lines as a person
//!   reads them (pure, for the reader, the downloads view and the CLI);
//! - `names`: safe file names for downloads;
//! - `download`: one resumable download (HTTP Range, `.part` files);
//! - `queue`: the download queue's worker (bounded concurrency, progress);
//! - `player`: the `player` command as an argv, never a shell;
//! - `image`: pictures for the reader (which ones, fetched under caps,
//!   decoded under a pixel cap, cached).

pub mod download;
pub mod image;
pub mod names;
pub mod player;
pub mod queue;
pub mod words;

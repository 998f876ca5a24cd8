//! Pictures for the reader (issue 18, item 4).
//!
//! - `pick`: which pictures an article offers (lead image, `<img>`s),
//!   never a tracking pixel;
//! - `decode`: bytes → pixels, the pixel cap checked from the header first;
//! - `cache`: the fetched bytes in the data dir under a size cap;
//! - `detect`: which protocol draws them (`ui.image_protocol`);
//! - `load`: the worker the runtime calls: cache or fetch, then decode and
//!   encode off the UI thread;
//! - `picture`: the encoded picture and the failures, as `update` sees them.
//!
//! Nothing is fetched unless the user asks (or `ui.images = "always"`):
//! `update` decides, the runtime calls `ImageLoader::load`.

pub mod cache;
pub mod decode;
pub mod detect;
pub mod load;
pub mod pick;
pub mod picture;

pub use load::ImageLoader;
pub use pick::{ImageRef, article_images, lead_image};
pub use picture::{ImageFailure, Picture};

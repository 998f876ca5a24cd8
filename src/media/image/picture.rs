//! What the reader holds once a picture is ready: the picture encoded for
//! the terminal's protocol at a fixed size in cells, and the ways it can
//! fail, as values `update` can word in the user's language.

use std::sync::Arc;

use ratatui_image::protocol::Protocol;

/// A picture encoded for the terminal (kitty, sixel, iTerm2 or half
/// blocks) at `cols` × `rows` cells. Encoding is the expensive part, done
/// off the UI thread; drawing it is a copy into the frame's buffer.
#[derive(Clone)]
pub struct Picture {
    pub protocol: Arc<Protocol>,
    pub cols: u16,
    pub rows: u16,
}

impl Picture {
    pub fn new(protocol: Protocol) -> Picture {
        let size = protocol.size();
        Picture {
            protocol: Arc::new(protocol),
            cols: size.width,
            rows: size.height,
        }
    }
}

/// Two pictures are equal when they are the same encoding (the protocol
/// data has no useful equality of its own, and state comparisons in tests
/// only need to know the picture did not change).
impl PartialEq for Picture {
    fn eq(&self, other: &Picture) -> bool {
        Arc::ptr_eq(&self.protocol, &other.protocol)
    }
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Picture")
            .field("cols", &self.cols)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

/// Why a picture is not shown. Text inside comes from outside (a server's
/// answer, a decoder) and is already sanitised to one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageFailure {
    /// The fetch failed (status, timeout, over the byte cap…).
    Fetch(String),
    /// The header declares more pixels than the cap: refused unread.
    TooManyPixels { width: u32, height: u32 },
    /// Not PNG, JPEG, GIF or WebP.
    Unsupported,
    /// 2 × 2 or smaller: a tracking pixel.
    Tiny,
    /// The data does not decode (or could not be encoded for the terminal).
    Damaged(String),
}

impl From<super::decode::DecodeError> for ImageFailure {
    fn from(e: super::decode::DecodeError) -> ImageFailure {
        use super::decode::DecodeError as D;
        match e {
            D::UnknownFormat => ImageFailure::Unsupported,
            D::TooManyPixels { width, height, .. } => ImageFailure::TooManyPixels { width, height },
            D::Tiny { .. } => ImageFailure::Tiny,
            D::Damaged(why) => ImageFailure::Damaged(why),
        }
    }
}

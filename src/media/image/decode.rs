//! Bytes → pixels, refusing what would not fit: the picture's size is read
//! from its header and checked against the pixel cap BEFORE anything is
//! allocated for the pixels, so a small file that declares 50,000 × 50,000
//! (an image bomb) costs nothing; the decoder itself runs under the
//! `image` crate's `Limits` too, in case a format lies about its size.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

/// Most pixels decoded for one picture: 16 MP (4,096 × 4,096), 64 MiB as
/// RGBA, is more than any terminal pane shows.
pub const MAX_PIXELS: u64 = 16 * 1024 * 1024;
/// Longest side accepted, whatever the area (a 1 × 10,000,000 strip).
pub const MAX_SIDE: u32 = 16_384;
/// Smallest side worth drawing: anything at or below is a tracking pixel
/// or a spacer that slipped past the HTML checks.
pub const TINY_SIDE: u32 = 2;

/// Why a picture cannot be shown. Messages name no URL: the caller adds
/// what the user needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not a picture keruen can show (PNG, JPEG, GIF or WebP)")]
    UnknownFormat,
    #[error("the picture declares {width} × {height} pixels, more than the {max} allowed")]
    TooManyPixels { width: u32, height: u32, max: u64 },
    #[error("the picture is only {width} × {height} pixels (a tracking pixel?)")]
    Tiny { width: u32, height: u32 },
    #[error("the picture is damaged: {0}")]
    Damaged(String),
}

/// The size a picture declares in its header, read without decoding it.
pub fn dimensions(bytes: &[u8]) -> Result<(u32, u32), DecodeError> {
    reader(bytes)?
        .into_dimensions()
        .map_err(|e| DecodeError::Damaged(crate::sanitize::line(&e.to_string())))
}

/// Decode `bytes` if their declared size is within `max_pixels` (and
/// `MAX_SIDE`), else refuse before allocating the pixels.
pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<DynamicImage, DecodeError> {
    let (width, height) = dimensions(bytes)?;
    check(width, height, max_pixels)?;
    let mut r = reader(bytes)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // RGBA at 16 bits per channel is the widest buffer a decoder makes;
    // the slack covers its own working memory.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(16 << 20));
    r.limits(limits);
    r.decode()
        .map_err(|e| DecodeError::Damaged(crate::sanitize::line(&e.to_string())))
}

/// The size checks, on the header's numbers alone.
pub fn check(width: u32, height: u32, max_pixels: u64) -> Result<(), DecodeError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels || width > MAX_SIDE || height > MAX_SIDE {
        return Err(DecodeError::TooManyPixels {
            width,
            height,
            max: max_pixels,
        });
    }
    if width <= TINY_SIDE || height <= TINY_SIDE {
        return Err(DecodeError::Tiny { width, height });
    }
    Ok(())
}

/// A reader for the formats keruen is built with, guessed from the bytes
/// (a server's Content-Type is often wrong for pictures).
fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, DecodeError> {
    let r = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| DecodeError::Damaged(crate::sanitize::line(&e.to_string())))?;
    match r.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP) => Ok(r),
        _ => Err(DecodeError::UnknownFormat),
    }
}

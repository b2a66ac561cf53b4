//! Decoding the source image (PNG, JPEG, GIF — first frame —, WebP) into 8-bit RGB or RGBA,
//! with the EXIF orientation utopia-php/image applies just before encoding. A JPEG whose
//! preview is much smaller than it is decoded at reduced scale (scaled_jpeg.rs).

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::{scaled_jpeg, PreviewError};

/// Bigger sources are refused rather than risking memory: 16384² RGBA is already 1 GiB.
pub(crate) const MAX_SIDE: u32 = 16_384;
pub(crate) const MAX_ALLOC: u64 = 1 << 30;

pub(crate) struct Decoded {
    pub image: DynamicImage,
    /// Clockwise degrees to rotate at the end: utopia-php/image reads `exif:Orientation`
    /// 3 → 180, 6 → 90, 8 → -90 and ignores the mirrored ones.
    pub orientation_degrees: i32,
    /// How many source pixels one decoded pixel spans along each axis: 1 for a full decode,
    /// 2, 4 or 8 for a JPEG decoded at reduced scale.
    pub shrink: u32,
    /// The source's width and height before any shrinking.
    pub full_size: (u32, u32),
}

/// Decodes `source`. `max_shrink(width, height)` is asked, with the source's full size, by how
/// much a JPEG may be shrunk while decoding (1, 2, 4 or 8); other formats decode in full.
pub(crate) fn decode(source: &[u8], max_shrink: impl FnOnce(u32, u32) -> u32) -> Result<Decoded, PreviewError> {
    if scaled_jpeg::is_jpeg(source) {
        if let Some(decoded) = scaled_jpeg::decode(source, max_shrink) {
            return Ok(decoded);
        }
    }
    decode_full(source)
}

fn decode_full(source: &[u8]) -> Result<Decoded, PreviewError> {
    let mut reader = ImageReader::new(Cursor::new(source)).with_guessed_format().map_err(|e| PreviewError::Decode(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| PreviewError::Decode(e.to_string()))?;
    let orientation_degrees = orientation_degrees(decoder.orientation().unwrap_or(Orientation::NoTransforms));
    let image = DynamicImage::from_decoder(decoder).map_err(|e| PreviewError::Decode(e.to_string()))?;
    let image = match image {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => image,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    };
    let full_size = (image.width(), image.height());
    Ok(Decoded { image, orientation_degrees, shrink: 1, full_size })
}

pub(crate) fn orientation_degrees(orientation: Orientation) -> i32 {
    match orientation {
        Orientation::Rotate180 => 180,
        Orientation::Rotate90 => 90,
        Orientation::Rotate270 => 270,
        _ => 0,
    }
}

//! Decoding the source image (PNG, JPEG, GIF — first frame —, WebP) into 8-bit RGB or RGBA,
//! with the EXIF orientation utopia-php/image applies just before encoding.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::PreviewError;

/// Bigger sources are refused rather than risking memory: 16384² RGBA is already 1 GiB.
const MAX_SIDE: u32 = 16_384;
const MAX_ALLOC: u64 = 1 << 30;

pub(crate) struct Decoded {
    pub image: DynamicImage,
    /// Clockwise degrees to rotate at the end: utopia-php/image reads `exif:Orientation`
    /// 3 → 180, 6 → 90, 8 → -90 and ignores the mirrored ones.
    pub orientation_degrees: i32,
}

pub(crate) fn decode(source: &[u8]) -> Result<Decoded, PreviewError> {
    let mut reader = ImageReader::new(Cursor::new(source)).with_guessed_format().map_err(|e| PreviewError::Decode(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| PreviewError::Decode(e.to_string()))?;
    let orientation_degrees = match decoder.orientation() {
        Ok(Orientation::Rotate180) => 180,
        Ok(Orientation::Rotate90) => 90,
        Ok(Orientation::Rotate270) => 270,
        _ => 0,
    };
    let image = DynamicImage::from_decoder(decoder).map_err(|e| PreviewError::Decode(e.to_string()))?;
    let image = match image {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => image,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    };
    Ok(Decoded { image, orientation_degrees })
}

//! Appwrite's file preview (`GET /storage/buckets/{bucketId}/files/{fileId}/preview`) on real
//! codecs: decode, then the steps in the order `Preview/Get.php` calls utopia-php/image —
//!
//! 1. `crop(width, height, gravity)` (crop.rs)
//! 2. `setOpacity(opacity)` unless opacity is 1 (alpha.rs)
//! 3. `setBackground(background)` if given: flatten onto the colour (alpha.rs)
//! 4. `setBorder(borderWidth, borderColor)` if borderWidth > 0 (border.rs)
//! 5. `setBorderRadius(borderRadius)` if > 0 (border.rs)
//! 6. `setRotation((rotation + 360) % 360)` if non-zero (rotate.rs)
//! 7. on output: the EXIF orientation rotation, then the encoder (encode.rs).
//!
//! Because the background is flattened before the border and rotation, the corners that a
//! free rotation uncovers stay transparent even with `background` (as in Appwrite).

mod alpha;
mod border;
mod crop;
mod decode;
mod encode;
mod params;
mod rotate;

#[cfg(test)]
mod tests;

pub use params::{Gravity, OutputFormat, PreviewParams, Rgb};

use std::fmt;

/// Why a preview could not be rendered.
#[derive(Debug)]
pub enum PreviewError {
    /// The source is not an image we can decode: Appwrite answers
    /// `storage_file_type_unsupported` when `new Image($source)` throws.
    Decode(String),
    /// Processing failed (500).
    Render(String),
    /// Encoding failed (500).
    Encode(String),
}

impl fmt::Display for PreviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PreviewError::Decode(e) => write!(f, "cannot decode image: {e}"),
            PreviewError::Render(e) => write!(f, "cannot render preview: {e}"),
            PreviewError::Encode(e) => write!(f, "cannot encode preview: {e}"),
        }
    }
}

impl std::error::Error for PreviewError {}

/// Renders a preview of `source` (an encoded image). Returns the encoded bytes and their
/// MIME type. CPU-bound: call it from `spawn_blocking`.
pub fn render(source: &[u8], params: &PreviewParams) -> Result<(Vec<u8>, &'static str), PreviewError> {
    let decoded = decode::decode(source)?;
    let mut image = crop::crop(decoded.image, params.width, params.height, params.gravity)?;
    if params.opacity != 1.0 {
        image = alpha::set_opacity(image, params.opacity);
    }
    if let Some(colour) = params.background {
        image = alpha::flatten_onto(image, colour);
    }
    let (inner_w, inner_h) = (image.width(), image.height());
    let border_colour = params.border_color.unwrap_or_default();
    if params.border_width > 0 {
        image = border::add_border(image, params.border_width, border_colour);
    }
    if params.border_radius > 0 {
        image = border::round_corners(image, params.border_radius, params.border_width, border_colour, inner_w, inner_h);
    }
    image = rotate::rotate(image, params.rotation);
    image = rotate::rotate(image, decoded.orientation_degrees);
    let bytes = encode::encode(&image, params.output, params.quality)?;
    Ok((bytes, params.output.mime()))
}

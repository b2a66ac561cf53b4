//! A JPEG decoded at 1/2, 1/4 or 1/8 of its size (DCT scaling: `jpeg-decoder` runs a 4-, 2- or
//! 1-point inverse DCT per 8x8 block instead of the full one), for previews much smaller than
//! their source. The Huffman decoding is the same, but the IDCT, chroma upsampling, colour
//! conversion and the later resize all work on a quarter, a sixteenth or a sixty-fourth of
//! the pixels. libjpeg-turbo and libvips (shrink-on-load) do the same.

use image::metadata::Orientation;
use image::{DynamicImage, RgbImage};
use jpeg_decoder::{Decoder, PixelFormat};

use super::decode::{orientation_degrees, Decoded, MAX_ALLOC, MAX_SIDE};

/// Whether `source` starts like a JPEG (SOI marker, then another marker).
pub(crate) fn is_jpeg(source: &[u8]) -> bool {
    source.starts_with(&[0xFF, 0xD8, 0xFF])
}

/// Decodes `source` shrunk by the factor `max_shrink(width, height)` allows (2, 4 or 8; the
/// size is rounded up, as the JPEG blocks are). `None` when the caller should decode it in
/// full instead: no shrink allowed, a pixel format other than 8-bit grey or RGB (CMYK, 12-bit),
/// a size over the limits, or anything this decoder rejects — the full decoder then gives the
/// same answer as for any other image.
pub(crate) fn decode(source: &[u8], max_shrink: impl FnOnce(u32, u32) -> u32) -> Option<Decoded> {
    let mut decoder = Decoder::new(source);
    decoder.set_max_decoding_buffer_size(MAX_ALLOC as usize);
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    if !matches!(info.pixel_format, PixelFormat::RGB24 | PixelFormat::L8) {
        return None;
    }
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    if width > MAX_SIDE || height > MAX_SIDE {
        return None;
    }
    let shrink = max_shrink(width, height);
    if !matches!(shrink, 2 | 4 | 8) {
        return None;
    }
    let expected = (width.div_ceil(shrink), height.div_ceil(shrink));
    // `scale` picks the smallest output at least as wide as asked; the height is left free
    // (u16::MAX is never reached) so the width alone decides, and the result is checked.
    let scaled = decoder.scale(u16::try_from(expected.0).ok()?, u16::MAX).ok()?;
    if (u32::from(scaled.0), u32::from(scaled.1)) != expected {
        return None;
    }
    let pixels = decoder.decode().ok()?;
    let rgb = match info.pixel_format {
        PixelFormat::L8 => pixels.iter().flat_map(|&v| [v, v, v]).collect(),
        _ => pixels,
    };
    let image = RgbImage::from_raw(expected.0, expected.1, rgb)?;
    let orientation = decoder.exif_data().and_then(Orientation::from_exif_chunk).unwrap_or(Orientation::NoTransforms);
    Some(Decoded {
        image: DynamicImage::ImageRgb8(image),
        orientation_degrees: orientation_degrees(orientation),
        shrink,
        full_size: (width, height),
    })
}

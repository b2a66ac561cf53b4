//! Encoding the rendered image. Quality `None` (the API's -1) uses what ImageMagick would:
//! JPEG 92, WebP 75 (libwebp's default), AVIF 50 (libheif's default), PNG zlib level 7
//! (ImageMagick's quality 75). An explicit PNG quality q maps to zlib level
//! `9 - round(q / 100 * 9)` as utopia-php/image computes it; GIF ignores quality.

use image::codecs::avif::AvifEncoder;
use image::codecs::gif::GifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{DynamicImage, ExtendedColorType, ImageEncoder};

use super::params::OutputFormat;
use super::PreviewError;

const JPEG_DEFAULT: u8 = 92;
const WEBP_DEFAULT: u8 = 75;
const AVIF_DEFAULT: u8 = 50;
const PNG_DEFAULT_LEVEL: u8 = 7;
/// rav1e speed 1 (slowest) – 10 (fastest). 10 keeps a 256 px preview in the tens of
/// milliseconds even in unoptimised builds; the size/quality loss is irrelevant for previews.
const AVIF_SPEED: u8 = 10;
/// NeuQuant sampling factor 1–30 for GIF palettes; 10 is the crate's own default.
const GIF_SPEED: i32 = 10;

pub(crate) fn encode(image: &DynamicImage, format: OutputFormat, quality: Option<u8>) -> Result<Vec<u8>, PreviewError> {
    let fail = |e: &dyn std::fmt::Display| PreviewError::Encode(format!("{format:?}: {e}"));
    let (w, h) = (image.width(), image.height());
    let mut out = Vec::new();
    match format {
        OutputFormat::Jpeg => {
            // ImageMagick writes JPEG by dropping the alpha channel (no compositing).
            let rgb;
            let pixels = match image {
                DynamicImage::ImageRgb8(buf) => buf.as_raw(),
                other => {
                    rgb = other.to_rgb8();
                    rgb.as_raw()
                }
            };
            let q = quality.unwrap_or(JPEG_DEFAULT).clamp(1, 100);
            JpegEncoder::new_with_quality(&mut out, q).write_image(pixels, w, h, ExtendedColorType::Rgb8).map_err(|e| fail(&e))?;
        }
        OutputFormat::Png => {
            let level = quality.map_or(PNG_DEFAULT_LEVEL, |q| 9 - (f64::from(q.min(100)) / 100.0 * 9.0).round() as u8);
            let compression = if level == 0 { CompressionType::Uncompressed } else { CompressionType::Level(level) };
            let (pixels, colour) = raw(image);
            PngEncoder::new_with_quality(&mut out, compression, FilterType::Adaptive)
                .write_image(pixels, w, h, colour)
                .map_err(|e| fail(&e))?;
        }
        OutputFormat::Gif => {
            let (pixels, colour) = raw(image);
            GifEncoder::new_with_speed(&mut out, GIF_SPEED).encode(pixels, w, h, colour).map_err(|e| fail(&e))?;
        }
        OutputFormat::Webp => {
            // libwebp through the `webp` crate: image's own WebP encoder is lossless only.
            let q = f32::from(quality.unwrap_or(WEBP_DEFAULT).min(100));
            let encoder = match image {
                DynamicImage::ImageRgba8(buf) => webp::Encoder::from_rgba(buf.as_raw(), w, h),
                DynamicImage::ImageRgb8(buf) => webp::Encoder::from_rgb(buf.as_raw(), w, h),
                _ => return Err(PreviewError::Render("unexpected pixel format".into())),
            };
            let memory = encoder.encode_simple(false, q).map_err(|e| fail(&format!("{e:?}")))?;
            out.extend_from_slice(&memory);
        }
        OutputFormat::Avif => {
            let q = quality.unwrap_or(AVIF_DEFAULT).clamp(1, 100);
            let (pixels, colour) = raw(image);
            AvifEncoder::new_with_speed_quality(&mut out, AVIF_SPEED, q).write_image(pixels, w, h, colour).map_err(|e| fail(&e))?;
        }
    }
    Ok(out)
}

fn raw(image: &DynamicImage) -> (&[u8], ExtendedColorType) {
    (image.as_bytes(), image.color().into())
}

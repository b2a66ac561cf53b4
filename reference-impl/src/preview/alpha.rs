//! Opacity and background, as utopia-php/image's `setOpacity` and `setBackground`.

use image::{DynamicImage, Rgba, RgbaImage};

use super::params::Rgb;

/// `setOpacity`: ImageMagick first makes the alpha channel fully opaque (discarding any
/// transparency the image had) and then divides it by `1/opacity`, so every pixel ends with
/// alpha = `opacity` (0 included: utopia-php/image 0.8.9 sets alpha to 0). The caller
/// skips 1, as Appwrite does.
pub(crate) fn set_opacity(image: DynamicImage, opacity: f32) -> DynamicImage {
    let alpha = (opacity.clamp(0.0, 1.0) * 255.0).round() as u8;
    let mut rgba = into_rgba(image);
    for pixel in rgba.pixels_mut() {
        pixel.0[3] = alpha;
    }
    DynamicImage::ImageRgba8(rgba)
}

/// `setBackground` + flatten: the image composited over an opaque colour.
pub(crate) fn flatten_onto(image: DynamicImage, colour: Rgb) -> DynamicImage {
    let DynamicImage::ImageRgba8(rgba) = image else {
        return image;
    };
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (out, Rgba([r, g, b, a])) in rgb.pixels_mut().zip(rgba.pixels()) {
        let a = u32::from(*a);
        let mix = |c: u8, bg: u8| ((u32::from(c) * a + u32::from(bg) * (255 - a) + 127) / 255) as u8;
        out.0 = [mix(*r, colour.0[0]), mix(*g, colour.0[1]), mix(*b, colour.0[2])];
    }
    DynamicImage::ImageRgb8(rgb)
}

pub(crate) fn into_rgba(image: DynamicImage) -> RgbaImage {
    match image {
        DynamicImage::ImageRgba8(rgba) => rgba,
        other => other.to_rgba8(),
    }
}

//! Border and rounded corners, as utopia-php/image's `setBorder` and `setBorderRadius`
//! (called in that order by `Preview/Get.php`).
//!
//! - Border alone: ImageMagick's `borderImage` grows the image by `width` on each side and
//!   composes the image *over* the border colour, so transparent areas take that colour too.
//! - Radius alone: a rounded-rectangle mask over the whole image (corners become transparent).
//! - Both: `setBorderRadius` works on the size from before the border, so the result keeps
//!   the cropped size: the bordered image is masked by a rounded rectangle inset by the border
//!   width, a stroke of the border colour and width is drawn along that rectangle underneath,
//!   and everything is cut to the pre-border size.

use image::{DynamicImage, Rgba, RgbaImage};

use super::alpha::into_rgba;
use super::params::Rgb;

pub(crate) fn add_border(image: DynamicImage, width: u32, colour: Rgb) -> DynamicImage {
    let (w, h) = (image.width() + 2 * width, image.height() + 2 * width);
    let [r, g, b] = colour.0;
    match image {
        DynamicImage::ImageRgb8(rgb) => {
            let mut out = image::RgbImage::from_pixel(w, h, image::Rgb([r, g, b]));
            image::imageops::replace(&mut out, &rgb, i64::from(width), i64::from(width));
            DynamicImage::ImageRgb8(out)
        }
        other => {
            let mut out = RgbaImage::from_pixel(w, h, Rgba([r, g, b, 255]));
            image::imageops::overlay(&mut out, &into_rgba(other), i64::from(width), i64::from(width));
            DynamicImage::ImageRgba8(out)
        }
    }
}

/// Rounded corners on an image that may already carry a border of `border` pixels added to
/// an original `inner_w` x `inner_h` image.
pub(crate) fn round_corners(image: DynamicImage, radius: u32, border: u32, colour: Rgb, inner_w: u32, inner_h: u32) -> DynamicImage {
    let source = into_rgba(image);
    let (w, h) = if border > 0 { (inner_w, inner_h) } else { (source.width(), source.height()) };
    // ImageMagick's roundRectangle(x0, y0, x1, y1) with pixel centres at integer coordinates.
    let b = f64::from(border);
    let (x0, y0) = (b, b);
    let (x1, y1) = if border > 0 { (f64::from(w) - (b + 1.0), f64::from(h) - (b + 1.0)) } else { (f64::from(w) - 1.0, f64::from(h) - 1.0) };
    let rect = RoundRect::new(x0, y0, x1, y1, f64::from(radius));
    let stroke_half = b / 2.0;
    let [sr, sg, sb] = colour.0;
    let mut out = RgbaImage::new(w, h);
    for (x, y, pixel) in out.enumerate_pixels_mut() {
        let d = rect.distance(f64::from(x), f64::from(y));
        let fill = (0.5 - d).clamp(0.0, 1.0);
        let under = if border > 0 { (stroke_half + 0.5 - d.abs()).clamp(0.0, 1.0) } else { 0.0 };
        let Rgba([r, g, bl, a]) = source.get_pixel_checked(x, y).copied().unwrap_or(Rgba([0, 0, 0, 0]));
        let top_alpha = f64::from(a) / 255.0 * fill;
        // Porter-Duff "over": the masked image on top of the stroke.
        let out_alpha = top_alpha + under * (1.0 - top_alpha);
        if out_alpha <= 0.0 {
            continue;
        }
        let mix = |c: u8, s: u8| ((f64::from(c) * top_alpha + f64::from(s) * under * (1.0 - top_alpha)) / out_alpha).round() as u8;
        *pixel = Rgba([mix(r, sr), mix(g, sg), mix(bl, sb), (out_alpha * 255.0).round() as u8]);
    }
    DynamicImage::ImageRgba8(out)
}

/// Signed distance to a rounded rectangle's outline (negative inside), in pixels.
struct RoundRect {
    cx: f64,
    cy: f64,
    half_w: f64,
    half_h: f64,
    radius: f64,
}

impl RoundRect {
    /// The filled area of ImageMagick's rectangle x0..=x1 covers whole pixels, so the edges
    /// sit half a pixel outside the corner centres. The radius is clamped to half the shorter
    /// side, as ImageMagick does.
    fn new(x0: f64, y0: f64, x1: f64, y1: f64, radius: f64) -> RoundRect {
        let half_w = ((x1 - x0) / 2.0 + 0.5).max(0.0);
        let half_h = ((y1 - y0) / 2.0 + 0.5).max(0.0);
        RoundRect { cx: (x0 + x1) / 2.0, cy: (y0 + y1) / 2.0, half_w, half_h, radius: radius.min(half_w).min(half_h) }
    }

    fn distance(&self, x: f64, y: f64) -> f64 {
        let qx = (x - self.cx).abs() - (self.half_w - self.radius);
        let qy = (y - self.cy).abs() - (self.half_h - self.radius);
        let outside = qx.max(0.0).hypot(qy.max(0.0));
        outside + qx.max(qy).min(0.0) - self.radius
    }
}

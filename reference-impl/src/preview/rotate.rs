//! `setRotation`: ImageMagick 7's `RotateImage`. Multiples of 90° are exact pixel
//! permutations (width and height swap at 90° and 270°). Other angles go through
//! `DistortImage(ScaleRotateTranslate, bestfit)`: the canvas grows to the rotated bounding
//! box — x0 = floor(min.x - 0.5), width = ceil(max.x - x0 + 0.5), likewise for y — and the
//! uncovered corners are transparent. Pixels are sampled bilinearly.

use image::{DynamicImage, Rgba, RgbaImage};

use super::alpha::into_rgba;

/// Rotates clockwise by `degrees` (any integer; normalised to 0..360).
pub(crate) fn rotate(image: DynamicImage, degrees: i32) -> DynamicImage {
    match degrees.rem_euclid(360) {
        0 => image,
        90 => image.rotate90(),
        180 => image.rotate180(),
        270 => image.rotate270(),
        other => DynamicImage::ImageRgba8(rotate_free(&into_rgba(image), f64::from(other))),
    }
}

fn rotate_free(source: &RgbaImage, degrees: f64) -> RgbaImage {
    let (sw, sh) = (f64::from(source.width()), f64::from(source.height()));
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (sw / 2.0, sh / 2.0);
    // Forward map of the corners (y grows downwards, so this turns clockwise on screen).
    let corners = [(-cx, -cy), (cx, -cy), (-cx, cy), (cx, cy)].map(|(x, y)| (x * cos - y * sin + cx, x * sin + y * cos + cy));
    let (min_x, max_x) = corners.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &(x, _)| (lo.min(x), hi.max(x)));
    let (min_y, max_y) = corners.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &(_, y)| (lo.min(y), hi.max(y)));
    let x0 = (min_x - 0.5).floor();
    let y0 = (min_y - 0.5).floor();
    let width = (max_x - x0 + 0.5).ceil().max(1.0) as u32;
    let height = (max_y - y0 + 0.5).ceil().max(1.0) as u32;

    let mut out = RgbaImage::new(width, height);
    for (ox, oy, pixel) in out.enumerate_pixels_mut() {
        // Centre of the output pixel in distorted space, mapped back into the source.
        let (dx, dy) = (x0 + f64::from(ox) + 0.5 - cx, y0 + f64::from(oy) + 0.5 - cy);
        let sx = dx * cos + dy * sin + cx - 0.5;
        let sy = -dx * sin + dy * cos + cy - 0.5;
        *pixel = sample(source, sx, sy);
    }
    out
}

/// Bilinear sample with a transparent surround, interpolating premultiplied colour so the
/// edge does not darken.
fn sample(source: &RgbaImage, x: f64, y: f64) -> Rgba<u8> {
    let (fx, fy) = (x.floor(), y.floor());
    let (tx, ty) = (x - fx, y - fy);
    let mut acc = [0.0f64; 4];
    for (ox, oy, weight) in
        [(0.0, 0.0, (1.0 - tx) * (1.0 - ty)), (1.0, 0.0, tx * (1.0 - ty)), (0.0, 1.0, (1.0 - tx) * ty), (1.0, 1.0, tx * ty)]
    {
        let (px, py) = (fx + ox, fy + oy);
        if weight == 0.0 || px < 0.0 || py < 0.0 {
            continue;
        }
        let Some(Rgba([r, g, b, a])) = source.get_pixel_checked(px as u32, py as u32) else { continue };
        let alpha = f64::from(*a) * weight;
        acc[0] += f64::from(*r) * alpha;
        acc[1] += f64::from(*g) * alpha;
        acc[2] += f64::from(*b) * alpha;
        acc[3] += alpha;
    }
    if acc[3] <= 0.0 {
        return Rgba([0, 0, 0, 0]);
    }
    let colour = |v: f64| (v / acc[3]).round().clamp(0.0, 255.0) as u8;
    Rgba([colour(acc[0]), colour(acc[1]), colour(acc[2]), acc[3].round().clamp(0.0, 255.0) as u8])
}

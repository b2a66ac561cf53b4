//! utopia-php/image `Image::crop`: scale the source to cover the requested box, then cut the
//! box out at the gravity's position. Done as one resampling pass: the box is mapped back to a
//! rectangle of the source, which `fast_image_resize` crops and scales in one go.

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::DynamicImage;

use super::params::Gravity;
use super::PreviewError;

/// Output size and the source rectangle (left, top, width, height) that fills it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CropPlan {
    pub width: u32,
    pub height: u32,
    pub source: (f64, f64, f64, f64),
}

impl CropPlan {
    fn is_identity(&self, src_w: u32, src_h: u32) -> bool {
        self.width == src_w && self.height == src_h && self.source == (0.0, 0.0, f64::from(src_w), f64::from(src_h))
    }
}

/// Mirrors the arithmetic of `Image::crop`, including its integer truncations.
pub(crate) fn plan(src_w: u32, src_h: u32, width: u32, height: u32, gravity: Gravity) -> CropPlan {
    let (sw, sh) = (f64::from(src_w), f64::from(src_h));
    let aspect = sw / sh;
    let (mut w, mut h) = (width, height);
    if w == 0 {
        w = (f64::from(h) * aspect) as u32;
    }
    if h == 0 {
        h = (f64::from(w) / aspect) as u32;
    }
    if w == 0 && h == 0 {
        (w, h) = (src_w, src_h);
    }
    // An extreme aspect ratio can truncate one side to 0, which ImageMagick would reject.
    let (w, h) = (w.max(1), h.max(1));
    let (wf, hf) = (f64::from(w), f64::from(h));

    if gravity == Gravity::Center {
        // cropThumbnailImage: scale to cover, crop the centre.
        let scale = (wf / sw).max(hf / sh);
        let (bw, bh) = (wf / scale, hf / scale);
        return CropPlan { width: w, height: h, source: ((sw - bw) / 2.0, (sh - bh) / 2.0, bw, bh) };
    }
    // scaleImage(resizeWidth, resizeHeight) then cropImage(w, h, x, y).
    let (rw, rh) = if wf / hf > aspect { (wf, (wf / aspect).ceil()) } else { ((hf * aspect).ceil(), hf) };
    let centre_x = rw / 2.0 - wf / 2.0;
    let centre_y = rh / 2.0 - hf / 2.0;
    let (x, y) = match gravity {
        Gravity::TopLeft => (0.0, 0.0),
        Gravity::Top => (centre_x, 0.0),
        Gravity::TopRight => (rw - wf, 0.0),
        Gravity::Left => (0.0, centre_y),
        Gravity::Right => (rw - wf, centre_y),
        Gravity::BottomLeft => (0.0, rh - hf),
        Gravity::Bottom => (centre_x, rh - hf),
        Gravity::BottomRight => (rw - wf, rh - hf),
        Gravity::Center => (centre_x, centre_y),
    };
    let (x, y) = (x.trunc(), y.trunc());
    let (kx, ky) = (sw / rw, sh / rh);
    CropPlan { width: w, height: h, source: (x * kx, y * ky, wf * kx, hf * ky) }
}

pub(crate) fn crop(image: DynamicImage, width: u32, height: u32, gravity: Gravity) -> Result<DynamicImage, PreviewError> {
    let plan = plan(image.width(), image.height(), width, height, gravity);
    if plan.is_identity(image.width(), image.height()) {
        return Ok(image);
    }
    let mut out = DynamicImage::new(plan.width, plan.height, image.color());
    let (left, top, w, h) = plan.source;
    // Bilinear convolution adapts its support to the scale factor, so downscaling is
    // antialiased, at a fraction of the cost of Lanczos.
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear)).crop(left, top, w, h);
    Resizer::new().resize(&image, &mut out, &options).map_err(|e| PreviewError::Render(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_utopia() {
        let p = plan(400, 200, 100, 0, Gravity::Center);
        assert_eq!((p.width, p.height), (100, 50));
        let p = plan(400, 200, 0, 100, Gravity::Center);
        assert_eq!((p.width, p.height), (200, 100));
        let p = plan(400, 200, 0, 0, Gravity::Center);
        assert!(p.is_identity(400, 200));
        let p = plan(4000, 1, 10, 0, Gravity::Center);
        assert_eq!((p.width, p.height), (10, 1));
    }

    #[test]
    fn centre_crop_takes_the_middle_of_the_cover() {
        // 400x200 into 100x100: cover scale 0.5, source box 200x200 centred.
        let p = plan(400, 200, 100, 100, Gravity::Center);
        assert_eq!(p.source, (100.0, 0.0, 200.0, 200.0));
    }

    #[test]
    fn gravity_moves_the_box() {
        // 400x200 into 100x100 with gravity: scaled to 200x100, box at x = 0 / 50 / 100.
        assert_eq!(plan(400, 200, 100, 100, Gravity::Left).source, (0.0, 0.0, 200.0, 200.0));
        assert_eq!(plan(400, 200, 100, 100, Gravity::Top).source, (100.0, 0.0, 200.0, 200.0));
        assert_eq!(plan(400, 200, 100, 100, Gravity::BottomRight).source, (200.0, 0.0, 200.0, 200.0));
        // 200x400 into 100x100: scaled to 100x200, box at y = 0 / 50 / 100.
        assert_eq!(plan(200, 400, 100, 100, Gravity::TopLeft).source, (0.0, 0.0, 200.0, 200.0));
        assert_eq!(plan(200, 400, 100, 100, Gravity::Right).source, (0.0, 100.0, 200.0, 200.0));
        assert_eq!(plan(200, 400, 100, 100, Gravity::Bottom).source, (0.0, 200.0, 200.0, 200.0));
    }
}

//! Rendered previews are checked by decoding them: format, size, pixels with a tolerance.

use image::{DynamicImage, GenericImageView, ImageFormat, Rgb as Px, RgbImage, Rgba, RgbaImage};

use super::*;

/// Left half red, right half blue; a green band along the top tenth.
fn halves(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        if y < h / 10 {
            Px([0, 255, 0])
        } else if x < w / 2 {
            Px([255, 0, 0])
        } else {
            Px([0, 0, 255])
        }
    })
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn png(image: impl Into<DynamicImage>) -> Vec<u8> {
    encode(&image.into(), ImageFormat::Png)
}

fn render_png(source: &[u8], params: PreviewParams) -> DynamicImage {
    let (bytes, mime) = render(source, &PreviewParams { output: OutputFormat::Png, ..params }).unwrap();
    assert_eq!(mime, "image/png");
    image::load_from_memory_with_format(&bytes, ImageFormat::Png).unwrap()
}

fn close(a: [u8; 4], b: [u8; 4], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
}

#[test]
fn dimensions_keep_the_aspect_when_one_side_is_zero() {
    let source = png(halves(400, 200));
    for (w, h, expect) in [(100, 0, (100, 50)), (0, 100, (200, 100)), (0, 0, (400, 200)), (120, 80, (120, 80)), (800, 0, (800, 400))] {
        let out = render_png(&source, PreviewParams { width: w, height: h, ..Default::default() });
        assert_eq!(out.dimensions(), expect, "{w}x{h}");
    }
}

#[test]
fn gravity_chooses_the_part_that_is_kept() {
    let source = png(halves(400, 200));
    let probe_at = |gravity, x| {
        let out = render_png(&source, PreviewParams { width: 100, height: 100, gravity, ..Default::default() });
        assert_eq!(out.dimensions(), (100, 100));
        out.get_pixel(x, 60).0
    };
    let probe = |gravity| probe_at(gravity, 50);
    assert!(close(probe(Gravity::Left), [255, 0, 0, 255], 8), "left keeps the red half");
    assert!(close(probe(Gravity::Right), [0, 0, 255, 255], 8), "right keeps the blue half");
    assert!(close(probe(Gravity::BottomLeft), [255, 0, 0, 255], 8));
    // The centre of a 400x200 cover at 100x100 straddles both halves.
    assert!(close(probe_at(Gravity::Center, 20), [255, 0, 0, 255], 8));
    assert!(close(probe_at(Gravity::Center, 80), [0, 0, 255, 255], 8));
    // Top keeps the green band, bottom loses it.
    let top = render_png(&source, PreviewParams { width: 100, height: 100, gravity: Gravity::Top, ..Default::default() });
    assert!(close(top.get_pixel(50, 2).0, [0, 255, 0, 255], 8));
    let tall = png(halves(200, 400));
    let bottom = render_png(&tall, PreviewParams { width: 100, height: 100, gravity: Gravity::Bottom, ..Default::default() });
    assert!(!close(bottom.get_pixel(50, 2).0, [0, 255, 0, 255], 60), "bottom drops the top band");
}

#[test]
fn border_grows_the_image_and_colours_its_edge() {
    let source = png(halves(400, 200));
    let params = PreviewParams {
        width: 200,
        height: 80,
        border_width: 5,
        border_color: Rgb::parse_hex("00ff00"),
        output: OutputFormat::Jpeg,
        ..Default::default()
    };
    let (bytes, mime) = render(&source, &params).unwrap();
    assert_eq!(mime, "image/jpeg");
    let out = image::load_from_memory_with_format(&bytes, ImageFormat::Jpeg).unwrap();
    assert_eq!(out.dimensions(), (210, 90), "as Appwrite's logo-after.jpg");
    for (x, y) in [(1, 1), (208, 45), (100, 88)] {
        assert!(close(out.get_pixel(x, y).0, [0, 255, 0, 255], 40), "edge ({x},{y}) is {:?}", out.get_pixel(x, y));
    }
    assert!(close(out.get_pixel(40, 50).0, [255, 0, 0, 255], 40));
}

#[test]
fn opacity_sets_alpha() {
    let source = png(halves(100, 100));
    let out = render_png(&source, PreviewParams { opacity: 0.5, ..Default::default() });
    assert!(out.color().has_alpha());
    assert!(out.to_rgba8().pixels().all(|p| p.0[3].abs_diff(128) <= 1));
    let out = render_png(&source, PreviewParams { opacity: 0.0, ..Default::default() });
    assert!(out.to_rgba8().pixels().all(|p| p.0[3] == 0), "0 makes every pixel transparent");
    // 1 is skipped, so an opaque source stays without an alpha channel.
    let out = render_png(&source, PreviewParams { opacity: 1.0, ..Default::default() });
    assert!(!out.color().has_alpha());
}

#[test]
fn background_fills_transparency() {
    let source = png(RgbaImage::from_fn(64, 64, |x, _| if x < 32 { Rgba([0, 0, 0, 0]) } else { Rgba([255, 0, 0, 255]) }));
    let out = render_png(&source, PreviewParams { background: Rgb::parse_hex("0000ff"), ..Default::default() });
    let out = out.to_rgba8();
    assert!(close(out.get_pixel(5, 30).0, [0, 0, 255, 255], 0), "transparent area takes the background");
    assert!(close(out.get_pixel(50, 30).0, [255, 0, 0, 255], 0), "opaque pixels stay");
}

#[test]
fn rotation_swaps_or_grows_the_canvas() {
    let source = png(halves(300, 100));
    for degrees in [90, -90, 270, -270] {
        let out = render_png(&source, PreviewParams { rotation: degrees, ..Default::default() });
        assert_eq!(out.dimensions(), (100, 300), "{degrees}");
    }
    assert_eq!(render_png(&source, PreviewParams { rotation: 180, ..Default::default() }).dimensions(), (300, 100));
    assert_eq!(render_png(&source, PreviewParams { rotation: 360, ..Default::default() }).dimensions(), (300, 100));
    // 90° clockwise: the left (red) half ends on top.
    let out = render_png(&source, PreviewParams { rotation: 90, ..Default::default() });
    assert!(close(out.get_pixel(50, 60).0, [255, 0, 0, 255], 0));
    // Appwrite's own e2e expectation (logo-after.png): 300x100 at 45° is 284x284, corners clear.
    for degrees in [45, -315] {
        let out = render_png(&source, PreviewParams { rotation: degrees, ..Default::default() }).to_rgba8();
        assert_eq!(out.dimensions(), (284, 284), "{degrees}");
        assert_eq!(out.get_pixel(2, 2).0[3], 0, "uncovered corner is transparent");
        assert_eq!(out.get_pixel(142, 142).0[3], 255, "centre is opaque");
    }
}

#[test]
fn border_radius_clears_the_corners() {
    let source = png(halves(200, 100));
    let out = render_png(&source, PreviewParams { border_radius: 30, ..Default::default() }).to_rgba8();
    assert_eq!(out.dimensions(), (200, 100));
    assert_eq!(out.get_pixel(0, 0).0[3], 0);
    assert_eq!(out.get_pixel(199, 99).0[3], 0);
    assert_eq!(out.get_pixel(100, 50).0[3], 255);
    assert_eq!(out.get_pixel(100, 0).0[3], 255, "straight edges stay opaque");
    // With a border the canvas keeps the cropped size and the stroke shows the border colour.
    let params = PreviewParams { border_radius: 20, border_width: 8, border_color: Rgb::parse_hex("00ff00"), ..Default::default() };
    let out = render_png(&source, params).to_rgba8();
    assert_eq!(out.dimensions(), (200, 100));
    assert!(close(out.get_pixel(100, 7).0, [0, 255, 0, 255], 10), "{:?}", out.get_pixel(100, 7));
    assert_eq!(out.get_pixel(0, 0).0[3], 0);
}

#[test]
fn every_output_format_decodes() {
    let source = encode(&DynamicImage::ImageRgb8(halves(320, 240)), ImageFormat::Jpeg);
    for (output, format, mime) in [
        (OutputFormat::Jpeg, ImageFormat::Jpeg, "image/jpeg"),
        (OutputFormat::Png, ImageFormat::Png, "image/png"),
        (OutputFormat::Gif, ImageFormat::Gif, "image/gif"),
        (OutputFormat::Webp, ImageFormat::WebP, "image/webp"),
    ] {
        let params = PreviewParams { width: 64, height: 48, quality: Some(80), output, ..Default::default() };
        let (bytes, got_mime) = render(&source, &params).unwrap();
        assert_eq!(got_mime, mime);
        let out = image::load_from_memory_with_format(&bytes, format).unwrap();
        assert_eq!(out.dimensions(), (64, 48), "{output:?}");
    }
    let params = PreviewParams { width: 64, height: 48, output: OutputFormat::Avif, ..Default::default() };
    let (bytes, mime) = render(&source, &params).unwrap();
    assert_eq!(mime, "image/avif");
    assert_eq!(&bytes[4..12], b"ftypavif");
}

#[test]
fn webp_is_lossy_and_quality_matters() {
    let noisy = RgbImage::from_fn(256, 256, |x, y| Px([(x * 7 % 256) as u8, (y * 13 % 256) as u8, ((x ^ y) % 256) as u8]));
    let source = png(noisy);
    let size = |q| render(&source, &PreviewParams { quality: Some(q), output: OutputFormat::Webp, ..Default::default() }).unwrap().0;
    let (low, high) = (size(10), size(95));
    assert!(low.len() < high.len(), "q10 {} >= q95 {}", low.len(), high.len());
    assert_eq!(&low[12..16], b"VP8 ", "lossy VP8 bitstream, not VP8L");
}

#[test]
fn transparency_survives_in_formats_that_carry_it() {
    let source = png(RgbaImage::from_pixel(32, 32, Rgba([10, 20, 30, 0])));
    let (bytes, _) = render(&source, &PreviewParams { output: OutputFormat::Webp, ..Default::default() }).unwrap();
    let out = image::load_from_memory_with_format(&bytes, ImageFormat::WebP).unwrap().to_rgba8();
    assert_eq!(out.get_pixel(16, 16).0[3], 0);
}

#[test]
fn non_images_are_refused() {
    assert!(matches!(render(b"%PDF-1.4 not an image", &PreviewParams::default()), Err(PreviewError::Decode(_))));
    assert!(matches!(render(b"", &PreviewParams::default()), Err(PreviewError::Decode(_))));
    let mut truncated = png(halves(64, 64));
    truncated.truncate(60);
    assert!(render(&truncated, &PreviewParams::default()).is_err());
}

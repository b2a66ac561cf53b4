//! Checks of returned images by decoding them: format (magic bytes and Content-Type),
//! dimensions, and pixel properties with a tolerance. Never byte equality: servers use
//! different encoders. AVIF is not decoded (no pure-Rust decoder); its `ftyp` brand and the
//! `ispe` (image spatial extent) property give format and dimensions.

use super::assert_status;
use crate::client::Response;
use crate::failure::{assert, assert_eq, wrong_answer};
use crate::world::ConformWorld;
use cucumber::then;

/// Per-channel distance allowed between an expected and a decoded colour (lossy codecs,
/// resampling at edges).
const COLOUR_TOLERANCE: i32 = 48;
const ALPHA_TOLERANCE: i32 = 32;

fn mime_of(format: &str) -> &'static str {
    match format {
        "PNG" => "image/png",
        "JPEG" => "image/jpeg",
        "GIF" => "image/gif",
        "WebP" => "image/webp",
        "AVIF" => "image/avif",
        other => panic!("unknown image format {other:?}"),
    }
}

fn image_format(format: &str) -> image::ImageFormat {
    match format {
        "PNG" => image::ImageFormat::Png,
        "JPEG" => image::ImageFormat::Jpeg,
        "GIF" => image::ImageFormat::Gif,
        _ => image::ImageFormat::WebP,
    }
}

fn request_line(response: &Response) -> String {
    format!("{} {}", response.exchange.method, response.exchange.url)
}

/// Checks status 200, Content-Type and magic bytes; returns the dimensions.
fn check_format(response: &Response, format: &str) -> (u32, u32) {
    assert_status(response, 200);
    let content_type = response.header("content-type").unwrap_or("");
    let expected = mime_of(format);
    assert!(
        content_type.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case(expected),
        "{} answered Content-Type {content_type:?}, expected {expected}",
        request_line(response)
    );
    if format == "AVIF" {
        return avif_dimensions(&response.body)
            .unwrap_or_else(|e| wrong_answer!("{} did not answer an AVIF image: {e}", request_line(response)));
    }
    let guessed = image::guess_format(&response.body).ok();
    assert_eq!(
        guessed,
        Some(image_format(format)),
        "{} answered {} bytes that are not {format} (they look like {guessed:?})",
        request_line(response),
        response.body.len()
    );
    let decoded = decode(response);
    (decoded.width(), decoded.height())
}

fn decode(response: &Response) -> image::RgbaImage {
    image::load_from_memory(&response.body)
        .unwrap_or_else(|e| wrong_answer!("{} answered an image that does not decode: {e}", request_line(response)))
        .to_rgba8()
}

#[then(regex = r"^the response is an? (PNG|JPEG|GIF|WebP|AVIF) image of (\d+)x(\d+) pixels$")]
fn image_of_size(world: &mut ConformWorld, format: String, width: u32, height: u32) {
    let response = world.last();
    let (w, h) = check_format(response, &format);
    assert_eq!((w, h), (width, height), "{} answered a {w}x{h} {format} image, expected {width}x{height}", request_line(response));
}

#[then(regex = r"^the response is an? (PNG|JPEG|GIF|WebP|AVIF) image$")]
fn image_of_format(world: &mut ConformWorld, format: String) {
    check_format(world.last(), &format);
}

/// Both sides strictly larger than the given ones (an oblique rotation grows the canvas).
#[then(regex = r"^the image is larger than (\d+)x(\d+) pixels in both directions$")]
fn larger_than(world: &mut ConformWorld, width: u32, height: u32) {
    let img = decode(world.last());
    assert!(
        img.width() > width && img.height() > height,
        "expected an image larger than {width}x{height} in both directions, got {}x{}",
        img.width(),
        img.height()
    );
}

fn parse_hex(hex: &str) -> [i32; 3] {
    let v = u32::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("not a hex colour: {hex:?}"));
    [(v >> 16) as i32 & 0xff, (v >> 8) as i32 & 0xff, v as i32 & 0xff]
}

fn pixel(world: &ConformWorld, x: u32, y: u32) -> [u8; 4] {
    let response = world.last();
    let img = decode(response);
    assert!(x < img.width() && y < img.height(), "pixel ({x}, {y}) is outside the {}x{} image", img.width(), img.height());
    img.get_pixel(x, y).0
}

fn close(actual: [u8; 4], expected: [i32; 3]) -> bool {
    actual.iter().zip(expected).all(|(a, e)| (*a as i32 - e).abs() <= COLOUR_TOLERANCE)
}

/// An opaque pixel of about this colour.
#[then(regex = r"^the image pixel at \((\d+), (\d+)\) is close to #([0-9a-fA-F]{6})$")]
fn pixel_close(world: &mut ConformWorld, x: u32, y: u32, hex: String) {
    let p = pixel(world, x, y);
    let expected = parse_hex(&hex);
    assert!(
        close(p, expected) && p[3] as i32 >= 255 - ALPHA_TOLERANCE,
        "pixel ({x}, {y}) is rgba{p:?}, expected opaque #{hex} (±{COLOUR_TOLERANCE} per channel)"
    );
}

#[then(regex = r"^the image pixel at \((\d+), (\d+)\) has alpha close to (\d+)$")]
fn pixel_alpha(world: &mut ConformWorld, x: u32, y: u32, alpha: i32) {
    let p = pixel(world, x, y);
    assert!((p[3] as i32 - alpha).abs() <= ALPHA_TOLERANCE, "pixel ({x}, {y}) is rgba{p:?}, expected alpha {alpha} (±{ALPHA_TOLERANCE})");
}

/// The border: every pixel of the outermost rows and columns.
#[then(regex = r"^every edge pixel of the image is close to #([0-9a-fA-F]{6})$")]
fn edges_close(world: &mut ConformWorld, hex: String) {
    let img = decode(world.last());
    let expected = parse_hex(&hex);
    let (w, h) = img.dimensions();
    let edge = (0..w).flat_map(|x| [(x, 0), (x, h - 1)]).chain((0..h).flat_map(|y| [(0, y), (w - 1, y)]));
    let wrong: Vec<String> = edge
        .filter(|&(x, y)| !close(img.get_pixel(x, y).0, expected))
        .take(5)
        .map(|(x, y)| format!("({x}, {y}) = rgba{:?}", img.get_pixel(x, y).0))
        .collect();
    assert!(wrong.is_empty(), "edge pixels of the {w}x{h} image should be #{hex}; these are not: {}", wrong.join(", "));
}

#[then(regex = r#"^the response body size is remembered as "([^"]+)"$"#)]
fn remember_size(world: &mut ConformWorld, name: String) {
    let len = world.last().body.len();
    world.vars.insert(name, len.to_string());
}

#[then(regex = r#"^the response body is smaller than "([^"]+)"$"#)]
fn smaller_than(world: &mut ConformWorld, name: String) {
    let other: usize = world.vars.get(&name).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("no body size remembered as {name:?}"));
    let len = world.last().body.len();
    assert!(len < other, "{} answered {len} bytes, expected fewer than the {other} of {name:?}", request_line(world.last()));
}

// ---------------------------------------------------------------------------------------
// AVIF: ISO-BMFF boxes

/// An ISO-BMFF box: its four-byte type and its payload.
type IsoBox<'a> = ([u8; 4], &'a [u8]);

/// Reads `(type, payload)` boxes from `data`.
fn boxes(mut data: &[u8]) -> Result<Vec<IsoBox<'_>>, String> {
    let mut out = Vec::new();
    while data.len() >= 8 {
        let size = u32::from_be_bytes(data[0..4].try_into().expect("4 bytes")) as u64;
        let kind: [u8; 4] = data[4..8].try_into().expect("4 bytes");
        let (header, size) = match size {
            0 => (8, data.len() as u64),
            1 => {
                if data.len() < 16 {
                    return Err("truncated 64-bit box size".into());
                }
                (16, u64::from_be_bytes(data[8..16].try_into().expect("8 bytes")))
            }
            n => (8, n),
        };
        if size < header as u64 || size > data.len() as u64 {
            return Err(format!("box {:?} claims {size} bytes, {} remain", String::from_utf8_lossy(&kind), data.len()));
        }
        out.push((kind, &data[header..size as usize]));
        data = &data[size as usize..];
    }
    Ok(out)
}

fn child<'a>(list: &[([u8; 4], &'a [u8])], kind: &[u8; 4]) -> Option<&'a [u8]> {
    list.iter().find(|(k, _)| k == kind).map(|(_, p)| *p)
}

/// The `avif` brand in `ftyp`, and the width and height of the first `ispe` in meta/iprp/ipco.
pub fn avif_dimensions(data: &[u8]) -> Result<(u32, u32), String> {
    let top = boxes(data)?;
    let ftyp = child(&top, b"ftyp").ok_or("no ftyp box")?;
    if ftyp.len() < 8 {
        return Err("ftyp box too short".into());
    }
    let brands: Vec<&[u8]> = std::iter::once(&ftyp[0..4]).chain(ftyp[8..].chunks(4)).collect();
    if !brands.iter().any(|b| *b == b"avif" || *b == b"avis") {
        return Err(format!("ftyp brands {:?} do not include avif", brands.iter().map(|b| String::from_utf8_lossy(b)).collect::<Vec<_>>()));
    }
    let meta = child(&top, b"meta").ok_or("no meta box")?;
    // meta is a full box: version and flags come first.
    let meta = boxes(meta.get(4..).ok_or("meta box too short")?)?;
    let iprp = boxes(child(&meta, b"iprp").ok_or("no iprp box")?)?;
    let ipco = boxes(child(&iprp, b"ipco").ok_or("no ipco box")?)?;
    let ispe = child(&ipco, b"ispe").ok_or("no ispe property")?;
    if ispe.len() < 12 {
        return Err("ispe box too short".into());
    }
    let w = u32::from_be_bytes(ispe[4..8].try_into().expect("4 bytes"));
    let h = u32::from_be_bytes(ispe[8..12].try_into().expect("4 bytes"));
    Ok((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;
    // The tests' own asserts, not the answer checks the steps import.
    use std::{assert, assert_eq};

    fn bmff(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut out = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(payload);
        out
    }

    fn avif(brand: &[u8; 4], w: u32, h: u32) -> Vec<u8> {
        let mut ftyp = brand.to_vec();
        ftyp.extend_from_slice(&[0, 0, 0, 0]);
        ftyp.extend_from_slice(b"mif1");
        let mut ispe = vec![0, 0, 0, 0];
        ispe.extend_from_slice(&w.to_be_bytes());
        ispe.extend_from_slice(&h.to_be_bytes());
        let ipco = bmff(b"ipco", &bmff(b"ispe", &ispe));
        let iprp = bmff(b"iprp", &ipco);
        let mut meta = vec![0, 0, 0, 0];
        meta.extend_from_slice(&bmff(b"hdlr", &[0; 24]));
        meta.extend_from_slice(&iprp);
        let mut out = bmff(b"ftyp", &ftyp);
        out.extend_from_slice(&bmff(b"meta", &meta));
        out.extend_from_slice(&bmff(b"mdat", &[1, 2, 3]));
        out
    }

    #[test]
    fn avif_dimensions_come_from_ispe() {
        assert_eq!(avif_dimensions(&avif(b"avif", 256, 128)), Ok((256, 128)));
    }

    #[test]
    fn non_avif_files_are_told_apart() {
        assert!(avif_dimensions(&avif(b"heic", 1, 1)).unwrap_err().contains("do not include avif"));
        assert!(avif_dimensions(b"\x89PNG\r\n\x1a\n").is_err());
        let mut truncated = avif(b"avif", 2, 2);
        truncated.truncate(30);
        assert!(avif_dimensions(&truncated).is_err());
    }
}

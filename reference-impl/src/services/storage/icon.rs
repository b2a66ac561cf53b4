//! The picture a preview shows for a file that is no image: a page with a folded corner,
//! drawn once in code (Appwrite ships per-type logos; any recognisable icon will do here).

use std::io::Cursor;
use std::sync::OnceLock;

use image::{ImageFormat, Rgba, RgbaImage};

const SIZE: u32 = 128;
const FOLD: u32 = 28;

/// A PNG of the icon.
pub fn file_icon() -> &'static [u8] {
    static ICON: OnceLock<Vec<u8>> = OnceLock::new();
    ICON.get_or_init(draw)
}

fn draw() -> Vec<u8> {
    let (left, right, top, bottom) = (28, SIZE - 28, 16, SIZE - 16);
    let paper = Rgba([255, 255, 255, 255]);
    let edge = Rgba([0x90, 0xa4, 0xae, 255]);
    let fold = Rgba([0xcf, 0xd8, 0xdc, 255]);
    let image = RgbaImage::from_fn(SIZE, SIZE, |x, y| {
        let inside = (left..=right).contains(&x) && (top..=bottom).contains(&y);
        // Cut the top-right corner off along the fold's diagonal.
        let beyond_fold = x + top > right - FOLD + y;
        if !inside || beyond_fold {
            return Rgba([0, 0, 0, 0]);
        }
        let on_edge = x == left || x == right || y == top || y == bottom || x + top == right - FOLD + y;
        let in_fold = x >= right - FOLD && y <= top + FOLD;
        match (on_edge, in_fold) {
            (true, _) => edge,
            (false, true) => fold,
            _ => paper,
        }
    });
    let mut png = Vec::new();
    // Encoding a small in-memory RGBA image cannot fail.
    image.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).unwrap_or_default();
    png
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_is_a_png_of_its_size() {
        let decoded = image::load_from_memory(super::file_icon()).map(|i| (i.width(), i.height()));
        assert_eq!(decoded.ok(), Some((super::SIZE, super::SIZE)));
    }
}

//! Parameters of `GET .../files/{fileId}/preview`, typed. Bounds are validated by the HTTP
//! layer (they produce Appwrite's `general_argument_invalid` messages); these types only carry
//! values that already passed, and `render` clamps defensively so it never panics.

/// `gravity`, as utopia-php/image's `Image::getGravityTypes()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gravity {
    #[default]
    Center,
    TopLeft,
    Top,
    TopRight,
    Left,
    Right,
    BottomLeft,
    Bottom,
    BottomRight,
}

impl Gravity {
    pub const ALL: [&'static str; 9] = ["center", "top-left", "top", "top-right", "left", "right", "bottom-left", "bottom", "bottom-right"];

    pub fn parse(value: &str) -> Option<Gravity> {
        Some(match value {
            "center" => Gravity::Center,
            "top-left" => Gravity::TopLeft,
            "top" => Gravity::Top,
            "top-right" => Gravity::TopRight,
            "left" => Gravity::Left,
            "right" => Gravity::Right,
            "bottom-left" => Gravity::BottomLeft,
            "bottom" => Gravity::Bottom,
            "bottom-right" => Gravity::BottomRight,
            _ => return None,
        })
    }
}

/// `output` formats this server encodes. Appwrite's whitelist (`app/config/storage/outputs.php`)
/// also has `heic`, which needs libheif/x265; `parse("heic")` is `None` and the HTTP layer
/// answers it separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Jpeg,
    Png,
    Gif,
    Webp,
    Avif,
}

impl OutputFormat {
    pub fn parse(value: &str) -> Option<OutputFormat> {
        Some(match value {
            "jpg" | "jpeg" => OutputFormat::Jpeg,
            "png" => OutputFormat::Png,
            "gif" => OutputFormat::Gif,
            "webp" => OutputFormat::Webp,
            "avif" => OutputFormat::Avif,
            _ => return None,
        })
    }

    pub fn mime(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "image/jpeg",
            OutputFormat::Png => "image/png",
            OutputFormat::Gif => "image/gif",
            OutputFormat::Webp => "image/webp",
            OutputFormat::Avif => "image/avif",
        }
    }

    /// The output when the request gives none, as `Preview/Get.php` decides it: the extension
    /// of the uploaded file's name if it is an output format (`jpg` otherwise); without an
    /// extension, the format whose MIME type the file has (`jpg` otherwise). `heic` sources
    /// come out as JPEG here, since we do not encode HEIC.
    pub fn default_for(file_name: &str, mime: &str) -> OutputFormat {
        let extension = file_name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
        if !extension.is_empty() {
            return OutputFormat::parse(&extension).unwrap_or(OutputFormat::Jpeg);
        }
        [OutputFormat::Jpeg, OutputFormat::Png, OutputFormat::Webp, OutputFormat::Avif, OutputFormat::Gif]
            .into_iter()
            .find(|f| f.mime() == mime)
            .unwrap_or(OutputFormat::Jpeg)
    }
}

/// An opaque colour from a `borderColor` / `background` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// `RRGGBB` or `RGB` without `#`, the values utopia-php's `HexColor` validator accepts.
    pub fn parse_hex(value: &str) -> Option<Rgb> {
        let digits = |s: &str| u8::from_str_radix(s, 16).ok();
        if !value.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        match value.len() {
            6 => Some(Rgb([digits(&value[0..2])?, digits(&value[2..4])?, digits(&value[4..6])?])),
            3 => {
                let nibble = |i: usize| digits(&value[i..=i]).map(|v| v * 17);
                Some(Rgb([nibble(0)?, nibble(1)?, nibble(2)?]))
            }
            _ => None,
        }
    }
}

/// One preview request. `Default` is the endpoint's defaults with a JPEG output.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewParams {
    /// 0–4000; 0 derives it from `height` and the aspect ratio (both 0: source size).
    pub width: u32,
    pub height: u32,
    pub gravity: Gravity,
    /// 0–100; `None` is the API's `-1`, each encoder's default.
    pub quality: Option<u8>,
    /// 0–100 pixels, added on each side.
    pub border_width: u32,
    /// `None` is the API's empty string; ImageMagick then reads `#` as black.
    pub border_color: Option<Rgb>,
    /// 0–4000 pixels.
    pub border_radius: u32,
    /// 0–1; 1 leaves the image as it is, anything lower sets every pixel's alpha to it
    /// (Appwrite calls `setOpacity` unless the value is exactly 1).
    pub opacity: f32,
    /// -360–360 degrees clockwise.
    pub rotation: i32,
    pub background: Option<Rgb>,
    pub output: OutputFormat,
}

impl Default for PreviewParams {
    fn default() -> Self {
        PreviewParams {
            width: 0,
            height: 0,
            gravity: Gravity::Center,
            quality: None,
            border_width: 0,
            border_color: None,
            border_radius: 0,
            opacity: 1.0,
            rotation: 0,
            background: None,
            output: OutputFormat::Jpeg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing() {
        assert_eq!(Rgb::parse_hex("ff0000"), Some(Rgb([255, 0, 0])));
        assert_eq!(Rgb::parse_hex("0f0"), Some(Rgb([0, 255, 0])));
        for bad in ["", "#ff0000", "ff00", "gg0000", "ff00000"] {
            assert_eq!(Rgb::parse_hex(bad), None, "{bad:?}");
        }
        assert_eq!(OutputFormat::parse("jpeg"), Some(OutputFormat::Jpeg));
        assert_eq!(OutputFormat::parse("heic"), None);
        for name in Gravity::ALL {
            assert!(Gravity::parse(name).is_some());
        }
        assert_eq!(Gravity::parse("north"), None);
    }

    #[test]
    fn default_output_follows_the_file_name_then_the_mime() {
        assert_eq!(OutputFormat::default_for("photo.PNG", "image/jpeg"), OutputFormat::Png);
        assert_eq!(OutputFormat::default_for("doc.pdf", "application/pdf"), OutputFormat::Jpeg);
        assert_eq!(OutputFormat::default_for("noext", "image/webp"), OutputFormat::Webp);
        assert_eq!(OutputFormat::default_for("noext", "text/plain"), OutputFormat::Jpeg);
    }
}

//! MIME type from the first bytes of a file's content, never from the multipart part's
//! declared type (Appwrite calls libmagic's `mime_content_type` on the stored bytes).
//! A magic-number table for the types the API cares about (preview inputs and common
//! uploads), then a text check, then libmagic's fallbacks.

/// How many leading bytes `sniff` looks at.
pub const SNIFF_LEN: usize = 8192;

/// ISO-BMFF `ftyp` major/compatible brands and the type they identify, first match wins.
const FTYP_BRANDS: &[(&[u8; 4], &str)] = &[
    (b"avif", "image/avif"),
    (b"avis", "image/avif"),
    (b"heic", "image/heic"),
    (b"heix", "image/heic"),
    (b"heim", "image/heic"),
    (b"heis", "image/heic"),
    (b"hevc", "image/heic-sequence"),
    (b"hevx", "image/heic-sequence"),
    (b"mif1", "image/heif"),
    (b"msf1", "image/heif-sequence"),
    (b"qt  ", "video/quicktime"),
    (b"M4A ", "audio/x-m4a"),
    (b"isom", "video/mp4"),
    (b"iso2", "video/mp4"),
    (b"mp41", "video/mp4"),
    (b"mp42", "video/mp4"),
    (b"avc1", "video/mp4"),
    (b"dash", "video/mp4"),
    (b"3gp4", "video/3gpp"),
    (b"3gp5", "video/3gpp"),
];

/// Fixed signatures at offset 0.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"PK\x05\x06", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\x28\xb5\x2f\xfd", "application/zstd"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\x00\x00\x01\x00", "image/vnd.microsoft.icon"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"ID3", "audio/mpeg"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/x-rar"),
    (b"\x7fELF", "application/x-executable"),
    (b"wOFF", "font/woff"),
    (b"wOF2", "font/woff2"),
];

/// The MIME type of `head` (the first `SNIFF_LEN` bytes of a file, or all of a shorter one).
pub fn sniff(head: &[u8]) -> &'static str {
    if head.is_empty() {
        return "application/x-empty";
    }
    if let Some((_, mime)) = MAGIC.iter().find(|(magic, _)| head.starts_with(magic)) {
        return mime;
    }
    if let Some(mime) = riff(head) {
        return mime;
    }
    if let Some(mime) = ftyp(head) {
        return mime;
    }
    if let Some(text) = as_text(head) {
        return text_kind(text);
    }
    "application/octet-stream"
}

fn riff(head: &[u8]) -> Option<&'static str> {
    if head.len() < 12 || &head[..4] != b"RIFF" {
        return None;
    }
    match &head[8..12] {
        b"WEBP" => Some("image/webp"),
        b"WAVE" => Some("audio/x-wav"),
        b"AVI " => Some("video/x-msvideo"),
        _ => None,
    }
}

/// ISO-BMFF: `size(4) "ftyp" major(4) minor(4) compatible(4)*`. The major brand decides when
/// known; otherwise the first known compatible brand.
fn ftyp(head: &[u8]) -> Option<&'static str> {
    if head.len() < 16 || &head[4..8] != b"ftyp" {
        return None;
    }
    let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let end = size.clamp(16, head.len().min(256));
    let lookup = |brand: &[u8]| FTYP_BRANDS.iter().find(|(b, _)| &b[..] == brand).map(|(_, m)| *m);
    lookup(&head[8..12]).or_else(|| head[16..end].chunks_exact(4).find_map(lookup))
}

/// UTF-8 (possibly cut mid-character at the sniff boundary) without NUL or most C0 controls.
fn as_text(head: &[u8]) -> Option<&str> {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() && head.len() >= SNIFF_LEN => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let binary = text.bytes().any(|b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b));
    (!binary).then_some(text)
}

fn text_kind(text: &str) -> &'static str {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let lower: String = trimmed.chars().take(256).collect::<String>().to_ascii_lowercase();
    if lower.starts_with("<svg") || (lower.starts_with("<?xml") && lower.contains("<svg")) {
        "image/svg+xml"
    } else if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        "text/html"
    } else if lower.starts_with("<?xml") {
        "text/xml"
    } else if (trimmed.starts_with('{') || trimmed.starts_with('[')) && serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok() {
        "application/json"
    } else {
        "text/plain"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ftyp_box(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let size = 16 + 4 * compatible.len() as u32;
        let mut out = size.to_be_bytes().to_vec();
        out.extend_from_slice(b"ftyp");
        out.extend_from_slice(major);
        out.extend_from_slice(&[0, 0, 0, 0]);
        for brand in compatible {
            out.extend_from_slice(*brand);
        }
        out.extend_from_slice(&[0, 0, 0, 8, b'm', b'e', b't', b'a']);
        out
    }

    #[test]
    fn images_by_signature() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF"), "image/jpeg");
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), "image/gif");
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), "image/webp");
        assert_eq!(sniff(&ftyp_box(b"avif", &[b"mif1", b"miaf"])), "image/avif");
        assert_eq!(sniff(&ftyp_box(b"mif1", &[b"avif"])), "image/heif");
        assert_eq!(sniff(&ftyp_box(b"heic", &[b"mif1"])), "image/heic");
        assert_eq!(sniff(&ftyp_box(b"xxxx", &[b"avif"])), "image/avif");
    }

    #[test]
    fn documents_and_archives() {
        assert_eq!(sniff(b"%PDF-1.7\n"), "application/pdf");
        assert_eq!(sniff(b"PK\x03\x04\x14\0"), "application/zip");
        assert_eq!(sniff(b"\x00\x01\x02\x03\xff"), "application/octet-stream");
        assert_eq!(sniff(b""), "application/x-empty");
    }

    #[test]
    fn text_is_recognised_whatever_the_declared_type() {
        assert_eq!(sniff(b"hello world\n"), "text/plain");
        assert_eq!(sniff("héllo wörld".as_bytes()), "text/plain");
        assert_eq!(sniff(br#"{"a": [1, 2]}"#), "application/json");
        assert_eq!(sniff(b"{not json"), "text/plain");
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/svg+xml");
        assert_eq!(sniff(b"<!DOCTYPE html><html></html>"), "text/html");
        assert_eq!(sniff(b"text with a \0 nul"), "application/octet-stream");
    }

    #[test]
    fn text_cut_mid_character_at_the_boundary_is_still_text() {
        let mut head = format!("a{}", "é".repeat(SNIFF_LEN / 2)).into_bytes();
        head.truncate(SNIFF_LEN);
        assert_eq!(head.last(), Some(&0xc3), "the cut falls inside a character");
        assert_eq!(sniff(&head), "text/plain");
    }
}

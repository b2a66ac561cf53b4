//! `Range` request headers on view/download, resolved exactly as Appwrite 1.9 does
//! (`Files/Download/Get.php` and `View/Get.php` over utopia-php/http's `Request::parseRange`):
//!
//! - the header must be `<unit>=<start>-<end?>` with decimal digits; anything else (suffix
//!   ranges `-500`, several ranges, signs) leaves the parsed unit empty, which fails the
//!   `unit === 'bytes'` check;
//! - a missing end, or a span wider than `APP_STORAGE_READ_BUFFER` (20 MB), becomes
//!   `min(start + MAX_OUTPUT_CHUNK_SIZE - 1, size - 1)` with `MAX_OUTPUT_CHUNK_SIZE` = 10 MiB;
//! - then `unit != bytes`, `start >= end` (so a one-byte range `5-5` is refused) or
//!   `end >= size` is `storage_invalid_range` (416).

/// `APP_STORAGE_READ_BUFFER`.
const READ_BUFFER: u64 = 20_000_000;
/// `MAX_OUTPUT_CHUNK_SIZE`.
const MAX_OUTPUT_CHUNK: u64 = 10 * 1024 * 1024;

/// The header cannot be satisfied: `storage_invalid_range` (416).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidRange;

impl std::fmt::Display for InvalidRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the requested range is not satisfiable")
    }
}

impl std::error::Error for InvalidRange {}

/// Inclusive byte span `(start, end)` to send with 206 and `Content-Range: bytes start-end/size`.
pub fn resolve_range(header: &str, size: u64) -> Result<(u64, u64), InvalidRange> {
    let (unit, spec) = header.split_once('=').ok_or(InvalidRange)?;
    let (start, end) = spec.split_once('-').ok_or(InvalidRange)?;
    if unit != "bytes" || end.contains('-') {
        return Err(InvalidRange);
    }
    let start = digits(start).ok_or(InvalidRange)?;
    let end = if end.is_empty() { None } else { Some(digits(end).ok_or(InvalidRange)?) };
    let end = match end {
        Some(end) if end.saturating_sub(start) <= READ_BUFFER => end,
        _ => start.saturating_add(MAX_OUTPUT_CHUNK - 1).min(size.saturating_sub(1)),
    };
    if start >= end || end >= size {
        return Err(InvalidRange);
    }
    Ok((start, end))
}

fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_appwrite() {
        assert_eq!(resolve_range("bytes=0-99", 1000), Ok((0, 99)));
        assert_eq!(resolve_range("bytes=500-", 1000), Ok((500, 999)));
        assert_eq!(resolve_range("bytes=0-", 50_000_000), Ok((0, MAX_OUTPUT_CHUNK - 1)));
        assert_eq!(resolve_range("bytes=0-30000000", 50_000_000), Ok((0, MAX_OUTPUT_CHUNK - 1)));
        assert_eq!(resolve_range("bytes=5-5", 1000), Err(InvalidRange), "Appwrite refuses start >= end");
        assert_eq!(resolve_range("bytes=0-1000", 1000), Err(InvalidRange));
        assert_eq!(resolve_range("bytes=999-", 1000), Err(InvalidRange));
        for bad in ["bytes=-500", "bytes=0-1,5-9", "items=0-9", "bytes=a-9", "bytes 0-9", "", "bytes=+1-9"] {
            assert_eq!(resolve_range(bad, 1000), Err(InvalidRange), "{bad:?}");
        }
    }
}

//! The chunk plan of a resumable upload and the `Content-Range: bytes start-end/total` header
//! the SDKs send with each 5 MiB chunk.
//!
//! Appwrite (utopia-php/http `Request::parseContentRange` + `Files/Create.php`) only rejects a
//! header it cannot parse or whose `end > total`, then files the bytes under chunk number
//! `start / 5 MiB`; a range off the chunk grid silently corrupts the assembled file there. We
//! reject such ranges with the same error (`storage_invalid_content_range`) instead, because
//! every official SDK sends exactly the grid: `start = k * 5 MiB`,
//! `end = min(start + 5 MiB, total) - 1`.

use std::fmt;

/// `APP_LIMIT_UPLOAD_CHUNK_SIZE` in Appwrite's `app/init/constants.php`.
pub const CHUNK_SIZE: u64 = 5 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentRangeError {
    /// Not `bytes <digits>-<digits>/<digits>`.
    Malformed,
    /// `end < start`, `end >= total` or `total == 0`.
    Inconsistent,
    /// `start` is not a multiple of the chunk size.
    Misaligned,
    /// `end` is not the last byte of the chunk that starts at `start`.
    WrongChunkEnd { expected: u64 },
    /// The request body does not carry `end - start + 1` bytes.
    BodyLength { expected: u64, actual: u64 },
}

impl fmt::Display for ContentRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentRangeError::Malformed => f.write_str("expected `bytes start-end/total`"),
            ContentRangeError::Inconsistent => f.write_str("need start <= end < total"),
            ContentRangeError::Misaligned => {
                write!(f, "start must be a multiple of the {CHUNK_SIZE}-byte chunk size")
            }
            ContentRangeError::WrongChunkEnd { expected } => {
                write!(f, "end must be {expected} for this chunk")
            }
            ContentRangeError::BodyLength { expected, actual } => {
                write!(f, "chunk body has {actual} bytes, the range says {expected}")
            }
        }
    }
}

impl std::error::Error for ContentRangeError {}

/// One validated chunk of an upload. `index` is 0-based; Appwrite's `chunkId` (used in the
/// rate-limit key) is `index + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkRange {
    pub start: u64,
    pub end: u64,
    pub total: u64,
}

impl ChunkRange {
    /// Parses and validates a `Content-Range` header value.
    pub fn parse(header: &str) -> Result<ChunkRange, ContentRangeError> {
        let (unit, rest) = header.trim().split_once(' ').ok_or(ContentRangeError::Malformed)?;
        if unit != "bytes" {
            return Err(ContentRangeError::Malformed);
        }
        let (span, total) = rest.split_once('/').ok_or(ContentRangeError::Malformed)?;
        let (start, end) = span.split_once('-').ok_or(ContentRangeError::Malformed)?;
        let range = ChunkRange { start: parse_digits(start)?, end: parse_digits(end)?, total: parse_digits(total)? };
        range.validate()?;
        Ok(range)
    }

    /// Checks a range against the chunk grid of its total size.
    pub fn validate(&self) -> Result<(), ContentRangeError> {
        if self.total == 0 || self.end < self.start || self.end >= self.total {
            return Err(ContentRangeError::Inconsistent);
        }
        if !self.start.is_multiple_of(CHUNK_SIZE) {
            return Err(ContentRangeError::Misaligned);
        }
        let expected = (self.start + CHUNK_SIZE).min(self.total) - 1;
        if self.end != expected {
            return Err(ContentRangeError::WrongChunkEnd { expected });
        }
        Ok(())
    }

    /// 0-based position of this chunk in the file.
    pub fn index(&self) -> u64 {
        self.start / CHUNK_SIZE
    }

    /// Number of chunks of the whole file (Appwrite's `chunksTotal`).
    pub fn chunks_total(&self) -> u64 {
        chunks_for(self.total)
    }

    pub fn len(&self) -> u64 {
        self.end - self.start + 1
    }

    /// A validated range is never empty; provided for API symmetry with `len`.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Checks that a chunk body carries exactly the bytes its range announces.
    pub fn check_body(&self, body_len: usize) -> Result<(), ContentRangeError> {
        let actual = body_len as u64;
        if actual != self.len() {
            return Err(ContentRangeError::BodyLength { expected: self.len(), actual });
        }
        Ok(())
    }
}

/// `ceil(total / CHUNK_SIZE)`, as Appwrite computes `chunksTotal`.
pub fn chunks_for(total: u64) -> u64 {
    total.div_ceil(CHUNK_SIZE)
}

/// Byte length of chunk `index` of a file of `total` bytes.
pub fn chunk_len(index: u64, total: u64) -> u64 {
    let start = index * CHUNK_SIZE;
    (start + CHUNK_SIZE).min(total).saturating_sub(start)
}

/// Plain ASCII digits only (no sign, no spaces), as PHP's `ctype_digit`, without overflow.
fn parse_digits(s: &str) -> Result<u64, ContentRangeError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ContentRangeError::Malformed);
    }
    s.parse().map_err(|_| ContentRangeError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB5: u64 = CHUNK_SIZE;

    #[test]
    fn accepts_the_sdk_grid() {
        let total = 2 * MB5 + 10;
        let first = ChunkRange::parse(&format!("bytes 0-{}/{total}", MB5 - 1)).unwrap();
        assert_eq!((first.index(), first.chunks_total(), first.len()), (0, 3, MB5));
        let last = ChunkRange::parse(&format!("bytes {}-{}/{total}", 2 * MB5, total - 1)).unwrap();
        assert_eq!((last.index(), last.len()), (2, 10));
        let small = ChunkRange::parse("bytes 0-99/100").unwrap();
        assert_eq!((small.chunks_total(), small.len()), (1, 100));
    }

    #[test]
    fn rejects_malformed_headers() {
        for bad in [
            "",
            "bytes",
            "bytes 0-99",
            "bytes 0-99/",
            "bytes -1-99/100",
            "bytes 0-+99/100",
            "items 0-99/100",
            "bytes 0 - 99/100",
            "bytes a-b/c",
            "bytes 0-99/99999999999999999999999",
        ] {
            assert_eq!(ChunkRange::parse(bad), Err(ContentRangeError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn rejects_ranges_off_the_grid() {
        assert_eq!(ChunkRange::parse("bytes 0-100/100"), Err(ContentRangeError::Inconsistent));
        assert_eq!(ChunkRange::parse("bytes 50-10/100"), Err(ContentRangeError::Inconsistent));
        assert_eq!(ChunkRange::parse("bytes 0-0/0"), Err(ContentRangeError::Inconsistent));
        assert_eq!(ChunkRange::parse("bytes 1-99/100"), Err(ContentRangeError::Misaligned));
        assert_eq!(ChunkRange::parse("bytes 0-49/100"), Err(ContentRangeError::WrongChunkEnd { expected: 99 }));
        let total = 3 * MB5;
        assert_eq!(ChunkRange::parse(&format!("bytes 0-{}/{total}", MB5)), Err(ContentRangeError::WrongChunkEnd { expected: MB5 - 1 }));
    }

    #[test]
    fn body_must_match_the_range() {
        let r = ChunkRange::parse("bytes 0-99/100").unwrap();
        assert!(r.check_body(100).is_ok());
        assert_eq!(r.check_body(99), Err(ContentRangeError::BodyLength { expected: 100, actual: 99 }));
    }

    #[test]
    fn chunk_arithmetic() {
        assert_eq!(chunks_for(1), 1);
        assert_eq!(chunks_for(MB5), 1);
        assert_eq!(chunks_for(MB5 + 1), 2);
        assert_eq!(chunk_len(1, MB5 + 1), 1);
        assert_eq!(chunk_len(0, MB5 + 1), MB5);
        assert_eq!(chunk_len(2, MB5 + 1), 0);
    }
}

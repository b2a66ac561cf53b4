//! A stored file is a directory `files/<bucketId>/<fileId>/` holding a `header` and the body
//! split into segments `0.chunk`, `1.chunk`, ... whose concatenation is the body. A chunked
//! upload of a plain file keeps its received chunks as the segments, so finishing it renames
//! one directory instead of copying every byte a second time (this disk writes ~40 MB/s; a
//! copy would halve upload throughput). Transformed files and single-request uploads have one
//! segment. The header makes the stored file self-describing, so reading it needs nothing from
//! the database, and an upload whose database record was not written before a restart can be
//! recovered from disk.
//!
//! `header`:
//!
//! ```text
//! 0   4  magic "CFS1"
//! 4   1  compression: 0 none, 1 gzip, 2 zstd
//! 5   1  encrypted: 0 or 1 (AES-256-GCM; body = ciphertext || 16-byte tag)
//! 6   1  length m of the MIME type
//! 7   1  reserved (0)
//! 8   8  original size, little-endian
//! 16  8  segment length: every segment but the last has exactly this many bytes;
//!        0 = the body is the single segment `0.chunk`
//! 24 16  MD5 of the original bytes
//! 40 12  GCM nonce (zeros when not encrypted)
//! 52  m  MIME type, ASCII
//! ```
//!
//! When encrypted, the whole header is the GCM associated data, so altering any field (say,
//! flipping the compression byte) fails authentication rather than decoding garbage.

use super::error::StorageError;
use super::transform::Compression;

const MAGIC: &[u8; 4] = b"CFS1";
const FIXED_LEN: usize = 52;
pub(crate) const NONCE_LEN: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub compression: Compression,
    pub encrypted: bool,
    pub size_original: u64,
    pub segment_len: u64,
    pub md5: [u8; 16],
    pub nonce: [u8; NONCE_LEN],
    pub mime: String,
}

impl Header {
    /// MIME types longer than 255 bytes cannot come out of the sniffer; truncation keeps the
    /// format total anyway.
    fn mime_bytes(&self) -> &[u8] {
        let bytes = self.mime.as_bytes();
        &bytes[..bytes.len().min(255)]
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        let mime = self.mime_bytes();
        let mut out = Vec::with_capacity(FIXED_LEN + mime.len());
        out.extend_from_slice(MAGIC);
        out.push(self.compression.code());
        out.push(u8::from(self.encrypted));
        out.push(mime.len() as u8);
        out.push(0);
        out.extend_from_slice(&self.size_original.to_le_bytes());
        out.extend_from_slice(&self.segment_len.to_le_bytes());
        out.extend_from_slice(&self.md5);
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(mime);
        out
    }

    /// Decodes a header from the start of `bytes` (trailing bytes are ignored).
    pub(crate) fn decode(bytes: &[u8]) -> Result<Header, StorageError> {
        let fixed = bytes.get(..FIXED_LEN).ok_or(StorageError::Corrupt("short header"))?;
        if &fixed[..4] != MAGIC {
            return Err(StorageError::Corrupt("bad magic"));
        }
        let compression = Compression::from_code(fixed[4]).ok_or(StorageError::Corrupt("bad compression"))?;
        let encrypted = match fixed[5] {
            0 => false,
            1 => true,
            _ => return Err(StorageError::Corrupt("bad encryption flag")),
        };
        let mime_len = usize::from(fixed[6]);
        let mut size = [0u8; 8];
        size.copy_from_slice(&fixed[8..16]);
        let mut segment = [0u8; 8];
        segment.copy_from_slice(&fixed[16..24]);
        let mut md5 = [0u8; 16];
        md5.copy_from_slice(&fixed[24..40]);
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&fixed[40..52]);
        let mime = bytes.get(FIXED_LEN..FIXED_LEN + mime_len).ok_or(StorageError::Corrupt("short header"))?;
        let mime = std::str::from_utf8(mime).map_err(|_| StorageError::Corrupt("bad mime"))?;
        Ok(Header {
            compression,
            encrypted,
            size_original: u64::from_le_bytes(size),
            segment_len: u64::from_le_bytes(segment),
            md5,
            nonce,
            mime: mime.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejections() {
        let header = Header {
            compression: Compression::Zstd,
            encrypted: true,
            size_original: 123_456_789,
            segment_len: 5 << 20,
            md5: [7; 16],
            nonce: [9; NONCE_LEN],
            mime: "image/png".into(),
        };
        let mut bytes = header.encode();
        assert_eq!(bytes.len(), FIXED_LEN + "image/png".len());
        bytes.extend_from_slice(b"body");
        assert_eq!(Header::decode(&bytes).unwrap(), header);
        assert!(Header::decode(&bytes[..10]).is_err());
        let mut bad = bytes.clone();
        bad[0] = b'X';
        assert!(Header::decode(&bad).is_err());
        let mut bad = bytes;
        bad[4] = 9;
        assert!(Header::decode(&bad).is_err());
    }
}

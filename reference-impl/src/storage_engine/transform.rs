//! At-rest transforms a bucket can ask for: compression (gzip, zstd) and authenticated
//! encryption (AES-256-GCM), applied in that order on write and undone in reverse on read,
//! as Appwrite's `Files/Create.php` does.
//!
//! Size threshold: Appwrite compresses and encrypts only files of at most
//! `APP_STORAGE_READ_BUFFER` = 20,000,000 bytes (20 MB, decimal; `app/init/constants.php`,
//! also `APP_LIMIT_COMPRESSION` / `APP_LIMIT_ENCRYPTION`), because it transforms in memory.
//! Larger files are stored plain and their file document reports `compression: "none"` and
//! `encryption: false` whatever the bucket says. We follow the same rule with the same number
//! (`TRANSFORM_LIMIT`), so the file model fields match Appwrite's.
//!
//! Differences from Appwrite, on purpose: AES-256-GCM with a 32-byte key from the data
//! directory instead of AES-128-GCM with `_APP_OPENSSL_KEY_V1`, and the header (format.rs) is
//! authenticated too. Neither is visible through the API.

use std::io::{Read, Write};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use super::error::StorageError;
use super::format::Header;
use super::key::KEY_LEN;

/// Files above this size are stored untransformed (see the module docs).
pub const TRANSFORM_LIMIT: u64 = 20_000_000;

/// gzip level used by utopia-php/compression's `GZIP` (zlib's default).
const GZIP_LEVEL: u32 = 6;
/// zstd level used by utopia-php/compression's `Zstd` (zstd's default).
const ZSTD_LEVEL: i32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    #[default]
    None,
    Gzip,
    Zstd,
}

impl Compression {
    /// The bucket setting values (`none`, `gzip`, `zstd`); anything else is `None`, so the
    /// HTTP layer's whitelist error stays the only validation.
    pub fn parse(value: &str) -> Option<Compression> {
        match value {
            "none" => Some(Compression::None),
            "gzip" => Some(Compression::Gzip),
            "zstd" => Some(Compression::Zstd),
            _ => None,
        }
    }

    /// The value reported in the file model's `compression` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }

    pub(crate) fn code(self) -> u8 {
        match self {
            Compression::None => 0,
            Compression::Gzip => 1,
            Compression::Zstd => 2,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<Compression> {
        match code {
            0 => Some(Compression::None),
            1 => Some(Compression::Gzip),
            2 => Some(Compression::Zstd),
            _ => None,
        }
    }
}

/// What a bucket asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AtRest {
    pub compression: Compression,
    pub encryption: bool,
}

impl AtRest {
    /// What is actually applied to a file of `size` original bytes.
    pub fn effective(self, size: u64) -> AtRest {
        if size > TRANSFORM_LIMIT {
            AtRest::default()
        } else {
            self
        }
    }

    pub fn is_plain(self) -> bool {
        self.compression == Compression::None && !self.encryption
    }
}

pub(crate) fn compress(data: &[u8], compression: Compression) -> Result<Vec<u8>, StorageError> {
    match compression {
        Compression::None => Ok(data.to_vec()),
        Compression::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 2), flate2::Compression::new(GZIP_LEVEL));
            encoder.write_all(data)?;
            Ok(encoder.finish()?)
        }
        Compression::Zstd => Ok(zstd::bulk::compress(data, ZSTD_LEVEL)?),
    }
}

/// `expected` is the original size from the header: decompression stops there, so a tampered
/// body cannot inflate into unbounded memory.
pub(crate) fn decompress(data: Vec<u8>, compression: Compression, expected: u64) -> Result<Vec<u8>, StorageError> {
    let capacity = usize::try_from(expected).map_err(|_| StorageError::Corrupt("size"))?;
    let out = match compression {
        Compression::None => return Ok(data),
        Compression::Gzip => {
            let mut out = Vec::with_capacity(capacity);
            flate2::read::GzDecoder::new(data.as_slice())
                .take(expected + 1)
                .read_to_end(&mut out)
                .map_err(|_| StorageError::Corrupt("gzip stream"))?;
            out
        }
        Compression::Zstd => zstd::bulk::decompress(&data, capacity.max(1)).map_err(|_| StorageError::Corrupt("zstd stream"))?,
    };
    if out.len() as u64 != expected {
        return Err(StorageError::Corrupt("decompressed size"));
    }
    Ok(out)
}

pub(crate) fn encrypt(key: &[u8; KEY_LEN], header: &Header, header_bytes: &[u8], data: &[u8]) -> Result<Vec<u8>, StorageError> {
    let cipher = Aes256Gcm::new(key.into());
    cipher
        .encrypt(Nonce::from_slice(&header.nonce), Payload { msg: data, aad: header_bytes })
        .map_err(|_| StorageError::Corrupt("encryption failed"))
}

pub(crate) fn decrypt(key: &[u8; KEY_LEN], header: &Header, header_bytes: &[u8], data: &[u8]) -> Result<Vec<u8>, StorageError> {
    let cipher = Aes256Gcm::new(key.into());
    cipher
        .decrypt(Nonce::from_slice(&header.nonce), Payload { msg: data, aad: header_bytes })
        .map_err(|_| StorageError::Corrupt("authentication tag mismatch"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_follows_appwrite() {
        let wish = AtRest { compression: Compression::Gzip, encryption: true };
        assert_eq!(wish.effective(TRANSFORM_LIMIT), wish);
        assert!(wish.effective(TRANSFORM_LIMIT + 1).is_plain());
    }

    #[test]
    fn compressors_really_compress_and_round_trip() {
        let data = b"appwrite conform ".repeat(4096);
        for c in [Compression::Gzip, Compression::Zstd] {
            let packed = compress(&data, c).unwrap();
            assert!(packed.len() * 10 < data.len(), "{c:?} did not compress");
            assert_eq!(decompress(packed, c, data.len() as u64).unwrap(), data);
        }
        let gz = compress(&data, Compression::Gzip).unwrap();
        assert_eq!(&gz[..2], &[0x1f, 0x8b], "gzip magic");
        let zs = compress(&data, Compression::Zstd).unwrap();
        assert_eq!(&zs[..4], &[0x28, 0xb5, 0x2f, 0xfd], "zstd magic");
    }

    #[test]
    fn decompression_is_bounded_by_the_recorded_size() {
        let data = vec![0u8; 100_000];
        let packed = compress(&data, Compression::Gzip).unwrap();
        assert!(decompress(packed.clone(), Compression::Gzip, 10).is_err());
        assert!(decompress(compress(&data, Compression::Zstd).unwrap(), Compression::Zstd, 10).is_err());
        assert!(decompress(packed[..packed.len() / 2].to_vec(), Compression::Gzip, 100_000).is_err());
    }
}

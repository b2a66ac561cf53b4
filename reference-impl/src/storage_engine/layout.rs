//! Where things live under `<data>/storage/`:
//!
//! ```text
//! key                                  32-byte AES-256 key, created once (see key.rs)
//! files/<bucketId>/<fileId>/header     a stored file's header (see format.rs)
//! files/<bucketId>/<fileId>/<n>.chunk  its body segments
//! uploads/<bucketId>/<fileId>/<n>.chunk  received chunks of an unfinished upload
//! ```
//!
//! Temporary files are written beside their destination (same directory, so `rename` is atomic)
//! with a `.tmp` suffix and a random part, so concurrent writers never share one.

use std::path::{Path, PathBuf};

use super::error::StorageError;

/// A bucket/file pair whose IDs are safe to use as path components.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileKey {
    bucket: String,
    file: String,
}

impl FileKey {
    /// Accepts Appwrite UIDs (`[A-Za-z0-9][A-Za-z0-9._-]{0,35}`); anything else could escape
    /// the data directory (`..`, `/`) and is refused even though the HTTP layer validated it.
    pub fn new(bucket: &str, file: &str) -> Result<FileKey, StorageError> {
        if !is_safe_id(bucket) || !is_safe_id(file) {
            return Err(StorageError::InvalidId);
        }
        Ok(FileKey { bucket: bucket.to_owned(), file: file.to_owned() })
    }

    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    /// The key under which uploads are serialised (one lock per file).
    pub(crate) fn lock_name(&self) -> String {
        format!("{}/{}", self.bucket, self.file)
    }
}

pub(crate) fn is_safe_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    match bytes.next() {
        Some(first) if first.is_ascii_alphanumeric() => {}
        _ => return false,
    }
    id.len() <= 36 && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

#[derive(Debug, Clone)]
pub(crate) struct Layout {
    root: PathBuf,
}

impl Layout {
    pub(crate) fn new(root: PathBuf) -> Layout {
        Layout { root }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn key_path(&self) -> PathBuf {
        self.root.join("key")
    }

    pub(crate) fn bucket_files(&self, bucket: &str) -> PathBuf {
        self.root.join("files").join(bucket)
    }

    pub(crate) fn bucket_uploads(&self, bucket: &str) -> PathBuf {
        self.root.join("uploads").join(bucket)
    }

    pub(crate) fn stored(&self, key: &FileKey) -> PathBuf {
        self.bucket_files(&key.bucket).join(&key.file)
    }

    pub(crate) fn upload_dir(&self, key: &FileKey) -> PathBuf {
        self.bucket_uploads(&key.bucket).join(&key.file)
    }

    pub(crate) fn chunk(&self, key: &FileKey, index: u64) -> PathBuf {
        segment(&self.upload_dir(key), index)
    }
}

/// Segment/chunk `index` inside a stored-file or upload directory.
pub(crate) fn segment(dir: &Path, index: u64) -> PathBuf {
    dir.join(format!("{index}.chunk"))
}

pub(crate) fn header(dir: &Path) -> PathBuf {
    dir.join("header")
}

/// A fresh temporary path beside `dest`.
pub(crate) fn temp_beside(dest: &Path) -> PathBuf {
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let nonce: u64 = rand::random();
    dest.with_file_name(format!(".{name}.{nonce:016x}.tmp"))
}

/// Parses `<n>.chunk` file names; temporary files and strays yield `None`.
pub(crate) fn chunk_index(file_name: &str) -> Option<u64> {
    let digits = file_name.strip_suffix(".chunk")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_could_escape_are_refused() {
        for bad in ["", "..", ".x", "a/b", "a\\b", "-a", "a b", &"a".repeat(37)] {
            assert!(FileKey::new(bad, "f").is_err(), "{bad:?}");
            assert!(FileKey::new("b", bad).is_err(), "{bad:?}");
        }
        assert!(FileKey::new("bucket_1", "file.v2-x").is_ok());
    }

    #[test]
    fn chunk_names() {
        assert_eq!(chunk_index("12.chunk"), Some(12));
        assert_eq!(chunk_index(".12.chunk.abc.tmp"), None);
        assert_eq!(chunk_index(".chunk"), None);
        assert_eq!(chunk_index("x.chunk"), None);
    }
}

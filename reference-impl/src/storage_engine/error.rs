//! Typed failures of the storage engine. Each variant names the Appwrite error the HTTP layer
//! answers with, so the mapping stays a plain `match` there.

use std::fmt;
use std::io;

use super::content_range::ContentRangeError;

#[derive(Debug)]
pub enum StorageError {
    /// A `Content-Range` header or chunk body that does not fit the 5 MiB chunk plan:
    /// `storage_invalid_content_range` (400).
    ContentRange(ContentRangeError),
    /// A bucket or file ID that cannot name a path (the HTTP layer validates UIDs first, so
    /// reaching this means a caller bypassed it): `general_argument_invalid` (400).
    InvalidId,
    /// No stored bytes for that file: `storage_file_not_found` (404).
    NotFound,
    /// `assemble` was called before every chunk was on disk; the HTTP layer only calls it
    /// when `UploadState::Partial` reports all chunks, so this is a server bug (500).
    Incomplete { uploaded: u64, total: u64 },
    /// The stored bytes fail their header check, authentication tag or decompression: the
    /// file was altered on disk (500 `general_server_error`).
    Corrupt(&'static str),
    /// Disk failure (500 `general_server_error`).
    Io(io::Error),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::ContentRange(e) => write!(f, "invalid content range: {e}"),
            StorageError::InvalidId => f.write_str("invalid bucket or file id"),
            StorageError::NotFound => f.write_str("file not found in storage"),
            StorageError::Incomplete { uploaded, total } => {
                write!(f, "upload incomplete: {uploaded} of {total} chunks")
            }
            StorageError::Corrupt(what) => write!(f, "stored file is corrupt: {what}"),
            StorageError::Io(e) => write!(f, "storage i/o error: {e}"),
        }
    }
}

impl std::error::Error for StorageError {}

impl From<io::Error> for StorageError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::NotFound {
            StorageError::NotFound
        } else {
            StorageError::Io(e)
        }
    }
}

impl From<ContentRangeError> for StorageError {
    fn from(e: ContentRangeError) -> Self {
        StorageError::ContentRange(e)
    }
}

/// A blocking task that panicked or was cancelled is reported as an I/O failure rather than
/// propagating the panic into the request.
impl From<tokio::task::JoinError> for StorageError {
    fn from(e: tokio::task::JoinError) -> Self {
        StorageError::Io(io::Error::other(e))
    }
}

//! File bytes on the local filesystem under `<data>/storage/`: single-request and chunked
//! uploads, at-rest compression and encryption, whole and ranged reads, MIME sniffing.
//!
//! How the HTTP layer drives a chunked upload (`POST .../files` with `Content-Range`):
//!
//! 1. `ChunkRange::parse` the header (`storage_invalid_content_range` on error);
//! 2. `stage_chunk` the body — no lock, parallel chunks write in parallel;
//! 3. `lock_upload`, then under the guard: if the database says the file is complete, answer
//!    200 with it and `discard_chunks` (a late duplicate); otherwise `settle`, which counts the
//!    distinct chunks on disk and, when all are there, assembles the file exactly once; persist
//!    `chunksUploaded` (and, once assembled, the `StoredMeta` fields) in SQLite *before*
//!    dropping the guard, so the count in the database only ever moves forward;
//! 4. after an assembled upload is persisted, `discard_chunks`.
//!
//! Deleting a file: `delete` its bytes first, then its database row, so a crash in between
//! never leaves stored bytes that a new upload under the same ID would mistake for its own
//! (`settle` reports an already stored file as `Assembled`).
//!
//! A restart loses nothing: staged chunks stay on disk and are counted again, and an upload
//! that was assembled but not yet recorded reports `Assembled` with its metadata read back
//! from the stored header.
//!
//! Durability: chunks and stored files are written to a temporary name, flushed (`fsync`) and
//! renamed, so neither a crash nor a power loss leaves a half-written chunk or file visible,
//! and a chunk the database counts has its bytes on disk (the database runs with
//! `synchronous = FULL`). Directory entries are not fsynced: after a power loss a just-renamed
//! chunk may be missing, which the upload's resume (counting the chunks on disk) tolerates.

mod chunks;
mod content_range;
mod digest;
mod error;
mod format;
mod key;
mod layout;
mod locks;
mod range;
mod sniff;
mod stored;
mod transform;

#[cfg(test)]
mod tests;

use std::fs;
use std::io;
use std::path::Path;
use std::sync::Arc;

pub use content_range::{chunks_for, ChunkRange, ContentRangeError, CHUNK_SIZE};
pub use digest::Signature;
pub use error::StorageError;
pub use layout::FileKey;
pub use range::{resolve_range, InvalidRange};
pub use sniff::{sniff, SNIFF_LEN};
pub use stored::StoredMeta;
pub use transform::{AtRest, Compression, TRANSFORM_LIMIT};

use digest::Digests;
use key::KEY_LEN;
use layout::Layout;
use locks::{Held, UploadLocks};

/// The storage engine. Cheap to clone; clones share the per-upload locks.
#[derive(Clone)]
pub struct Storage {
    inner: Arc<Inner>,
}

struct Inner {
    layout: Layout,
    key: [u8; KEY_LEN],
    locks: UploadLocks,
    digests: Digests,
}

impl std::fmt::Debug for Storage {
    /// Never prints the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage").field("root", &self.inner.layout.root()).finish_non_exhaustive()
    }
}

/// Progress of a chunked upload after `settle`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadState {
    /// `uploaded` distinct chunks of `total` are on disk.
    Partial { uploaded: u64, total: u64 },
    /// The file is stored. `now` is true only for the call that assembled it.
    Assembled { meta: StoredMeta, now: bool },
}

/// Exclusive access to one upload's bookkeeping; see the module docs for the protocol.
pub struct UploadGuard<'a> {
    storage: &'a Storage,
    key: FileKey,
    _held: Held<'a>,
}

impl Storage {
    /// Opens (creating if needed) the store under `<data_dir>/storage`, loading or creating
    /// the encryption key, and removes temporary files a crash may have left behind.
    pub fn open(data_dir: &Path) -> io::Result<Storage> {
        let layout = Layout::new(data_dir.join("storage"));
        fs::create_dir_all(layout.root())?;
        let key = key::load_or_create(&layout.key_path())?;
        sweep_temporaries(layout.root())?;
        Ok(Storage { inner: Arc::new(Inner { layout, key, locks: UploadLocks::default(), digests: Digests::default() }) })
    }

    /// Stores a file received in one request (no `Content-Range`).
    pub async fn store_whole(&self, key: &FileKey, data: bytes::Bytes, at_rest: AtRest) -> Result<StoredMeta, StorageError> {
        let _held = self.inner.locks.lock(key.lock_name()).await;
        let (inner, key) = (Arc::clone(&self.inner), key.clone());
        tokio::task::spawn_blocking(move || stored::write_whole(&inner.layout, &inner.key, &key, &data, at_rest)).await?
    }

    /// Writes one chunk to disk (step 2 of the protocol) and extends the upload's running MD5.
    /// Validates the range and body length.
    pub async fn stage_chunk(&self, key: &FileKey, range: ChunkRange, data: bytes::Bytes) -> Result<(), StorageError> {
        let (inner, key) = (Arc::clone(&self.inner), key.clone());
        tokio::task::spawn_blocking(move || {
            let feed = || inner.digests.advance(&inner.layout, &key, range.total, Some((range.index(), &data[..])));
            let wrote = chunks::stage(&inner.layout, &key, &range, &data, feed)?;
            // Chunks that became visible while this one was flushing may extend the hash now.
            if wrote {
                inner.digests.advance(&inner.layout, &key, range.total, None)?;
            }
            Ok(())
        })
        .await?
    }

    /// Takes the upload's lock (step 3).
    pub async fn lock_upload(&self, key: &FileKey) -> UploadGuard<'_> {
        let held = self.inner.locks.lock(key.lock_name()).await;
        UploadGuard { storage: self, key: key.clone(), _held: held }
    }

    /// Metadata of a stored file (`NotFound` if none).
    pub async fn meta(&self, key: &FileKey) -> Result<StoredMeta, StorageError> {
        let (inner, key) = (Arc::clone(&self.inner), key.clone());
        tokio::task::spawn_blocking(move || stored::meta(&inner.layout, &key)).await?
    }

    /// The original bytes of a stored file.
    pub async fn read(&self, key: &FileKey) -> Result<Vec<u8>, StorageError> {
        let (inner, key) = (Arc::clone(&self.inner), key.clone());
        tokio::task::spawn_blocking(move || stored::read_all(&inner.layout, &inner.key, &key)).await?
    }

    /// Original bytes `start..=end` (as returned by `resolve_range`).
    pub async fn read_range(&self, key: &FileKey, start: u64, end: u64) -> Result<Vec<u8>, StorageError> {
        let (inner, key) = (Arc::clone(&self.inner), key.clone());
        tokio::task::spawn_blocking(move || stored::read_range(&inner.layout, &inner.key, &key, start, end)).await?
    }

    /// Removes a file's stored bytes and any unfinished upload of it.
    pub async fn delete(&self, key: &FileKey) -> Result<(), StorageError> {
        let _held = self.inner.locks.lock(key.lock_name()).await;
        let (inner, key) = (Arc::clone(&self.inner), key.clone());
        tokio::task::spawn_blocking(move || {
            inner.digests.forget(&key);
            stored::delete(&inner.layout, &key)
        })
        .await?
    }

    /// Removes every file of a bucket (after the bucket's documents are gone).
    pub async fn delete_bucket(&self, bucket: &str) -> Result<(), StorageError> {
        if !layout::is_safe_id(bucket) {
            return Err(StorageError::InvalidId);
        }
        let inner = Arc::clone(&self.inner);
        let bucket = bucket.to_owned();
        tokio::task::spawn_blocking(move || {
            for dir in [inner.layout.bucket_files(&bucket), inner.layout.bucket_uploads(&bucket)] {
                match fs::remove_dir_all(dir) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(StorageError::Io(e)),
                    _ => {}
                }
            }
            Ok(())
        })
        .await?
    }
}

impl UploadGuard<'_> {
    /// Counts the distinct chunks of a `total_size`-byte upload and, when all are present and
    /// the file is not stored yet, assembles it (transformed as `at_rest` asks).
    pub async fn settle(&self, total_size: u64, at_rest: AtRest) -> Result<UploadState, StorageError> {
        let (inner, key) = (Arc::clone(&self.storage.inner), self.key.clone());
        tokio::task::spawn_blocking(move || {
            match stored::meta(&inner.layout, &key) {
                Ok(meta) => return Ok(UploadState::Assembled { meta, now: false }),
                Err(StorageError::NotFound) => {}
                Err(e) => return Err(e),
            }
            let total = chunks_for(total_size);
            let uploaded = chunks::count(&inner.layout, &key, total_size)?;
            if uploaded < total {
                return Ok(UploadState::Partial { uploaded, total });
            }
            let meta = stored::assemble(&inner.layout, &inner.key, &inner.digests, &key, total_size, at_rest)?;
            Ok(UploadState::Assembled { meta, now: true })
        })
        .await?
    }

    /// Removes leftover chunks of an upload that is complete (step 4, or a late duplicate).
    pub async fn discard_chunks(&self) -> Result<(), StorageError> {
        let (inner, key) = (Arc::clone(&self.storage.inner), self.key.clone());
        tokio::task::spawn_blocking(move || chunks::discard(&inner.layout, &key)).await?
    }
}

/// Deletes `*.tmp` entries (files or directories) two levels below `files/` and `uploads/`
/// and directly inside each upload directory: the only places temporaries are created.
fn sweep_temporaries(root: &Path) -> io::Result<()> {
    for area in ["files", "uploads"] {
        for bucket in read_dirs(&root.join(area))? {
            for entry in read_dirs(&bucket)? {
                remove_if_temporary(&entry)?;
                if area == "uploads" && entry.is_dir() {
                    for chunk in read_dirs(&entry)? {
                        remove_if_temporary(&chunk)?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn read_dirs(dir: &Path) -> io::Result<Vec<std::path::PathBuf>> {
    match fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.map(|e| e.path())).collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound || e.kind() == io::ErrorKind::NotADirectory => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

fn remove_if_temporary(path: &Path) -> io::Result<()> {
    let is_temp = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') && n.ends_with(".tmp"));
    if !is_temp {
        return Ok(());
    }
    if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

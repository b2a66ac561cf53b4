//! MD5 of a chunked upload, computed in chunk order while the chunks are still arriving.
//!
//! MD5 is sequential and, at ~600 MB/s, slower than writing to the page cache, so hashing a
//! 100 MiB file only at assembly time would dominate the upload. Instead, whenever the chunk
//! that extends the hashed prefix is staged, its stager hashes it from memory and then any
//! later chunks already on disk; assembly only finishes what is left. The state lives in
//! memory: after a restart the hash is recomputed from the chunk files, so nothing depends
//! on it for correctness.
//!
//! Chunks are immutable once stored (`chunks::stage` keeps the first copy of a chunk), so the
//! hashed bytes are the assembled bytes.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use md5::{Digest, Md5};

use super::content_range::chunks_for;
use super::error::StorageError;
use super::layout::{FileKey, Layout};
use super::sniff::SNIFF_LEN;

/// MD5 of a file's content, its `signature`: the one hasher the engine uses, so the
/// benchmark measures the same code (examples/storage_bench.rs).
#[derive(Default, Clone)]
pub struct Signature(Md5);

impl Signature {
    pub fn new() -> Signature {
        Signature::default()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(self) -> [u8; 16] {
        self.0.finalize().into()
    }

    pub fn of(bytes: &[u8]) -> [u8; 16] {
        let mut signature = Signature::new();
        signature.update(bytes);
        signature.finish()
    }
}

#[derive(Default)]
pub(crate) struct Digests {
    uploads: Mutex<HashMap<String, Arc<Mutex<Progress>>>>,
}

struct Progress {
    total_size: u64,
    /// Index of the first chunk not yet hashed.
    next: u64,
    hasher: Signature,
    hashed: u64,
    /// The first bytes of the file, for MIME sniffing.
    head: Vec<u8>,
}

impl Progress {
    fn new(total_size: u64) -> Progress {
        Progress { total_size, next: 0, hasher: Signature::new(), hashed: 0, head: Vec::new() }
    }

    fn feed(&mut self, bytes: &[u8]) {
        if self.head.len() < SNIFF_LEN {
            self.head.extend_from_slice(&bytes[..bytes.len().min(SNIFF_LEN - self.head.len())]);
        }
        self.hasher.update(bytes);
        self.hashed += bytes.len() as u64;
        self.next += 1;
    }

    /// Hashes consecutive chunks from disk until one is missing (or all are done).
    fn catch_up(&mut self, layout: &Layout, key: &FileKey) -> Result<(), StorageError> {
        while self.next < chunks_for(self.total_size) {
            match fs::read(layout.chunk(key, self.next)) {
                Ok(bytes) => self.feed(&bytes),
                Err(e) if e.kind() == io::ErrorKind::NotFound => break,
                Err(e) => return Err(StorageError::Io(e)),
            }
        }
        Ok(())
    }
}

/// The finished hash and the file's first bytes.
pub(crate) struct Finished {
    pub md5: [u8; 16],
    pub hashed: u64,
    pub head: Vec<u8>,
}

impl Digests {
    fn progress(&self, key: &FileKey, total_size: u64) -> Arc<Mutex<Progress>> {
        let mut uploads = self.uploads.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = uploads.entry(key.lock_name()).or_insert_with(|| Arc::new(Mutex::new(Progress::new(total_size))));
        Arc::clone(entry)
    }

    /// Called by a stager once its chunk's bytes are written (`written` = index and bytes), and
    /// again with `None` once the chunk is visible on disk, to hash whatever became contiguous.
    /// Does nothing if another stager of the same upload is hashing right now: that one picks
    /// the chunks up from disk.
    pub(crate) fn advance(
        &self,
        layout: &Layout,
        key: &FileKey,
        total_size: u64,
        written: Option<(u64, &[u8])>,
    ) -> Result<(), StorageError> {
        let progress = self.progress(key, total_size);
        let Ok(mut progress) = progress.try_lock() else {
            return Ok(());
        };
        if progress.total_size != total_size {
            // A different upload under the same ID (the earlier one was abandoned).
            *progress = Progress::new(total_size);
        }
        if let Some((_, data)) = written.filter(|(index, _)| *index == progress.next) {
            progress.feed(data);
        }
        progress.catch_up(layout, key)
    }

    /// Completes the hash from disk and forgets the upload.
    pub(crate) fn finish(&self, layout: &Layout, key: &FileKey, total_size: u64) -> Result<Finished, StorageError> {
        let shared = self.progress(key, total_size);
        let mut progress = shared.lock().unwrap_or_else(PoisonError::into_inner);
        if progress.total_size != total_size {
            *progress = Progress::new(total_size);
        }
        progress.catch_up(layout, key)?;
        let done = std::mem::replace(&mut *progress, Progress::new(total_size));
        drop(progress);
        self.forget(key);
        Ok(Finished { md5: done.hasher.finish(), hashed: done.hashed, head: done.head })
    }

    pub(crate) fn forget(&self, key: &FileKey) {
        self.uploads.lock().unwrap_or_else(PoisonError::into_inner).remove(&key.lock_name());
    }
}

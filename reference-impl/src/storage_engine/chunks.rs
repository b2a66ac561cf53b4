//! Chunks of a resumable upload on disk: each received chunk is written to a temporary file
//! and renamed to `<n>.chunk`, so a crash leaves either the whole chunk or none of it, and a
//! duplicate simply replaces an identical file. The set of chunk files *is* the upload's
//! progress: it survives restarts, and counting it gives `chunksUploaded` (distinct chunks).

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::content_range::{chunk_len, chunks_for, ChunkRange};
use super::error::StorageError;
use super::layout::{chunk_index, temp_beside, FileKey, Layout};

/// Writes one chunk's bytes (validated against its range) into place. Needs no lock: the
/// temporary name is unique and `rename` is atomic. If the upload directory vanishes meanwhile
/// (a concurrent request finished the upload and moved it into the store), the write is
/// retried once into a fresh directory; such a stray late duplicate is removed by
/// `discard` when the caller sees the upload is already complete.
pub(crate) fn stage(layout: &Layout, key: &FileKey, range: &ChunkRange, data: &[u8]) -> Result<(), StorageError> {
    range.validate()?;
    range.check_body(data.len())?;
    let dest = layout.chunk(key, range.index());
    let mut attempt = 0;
    loop {
        match write_atomically(&dest, data) {
            Err(e) if e.kind() == io::ErrorKind::NotFound && attempt == 0 => attempt += 1,
            other => return other.map_err(StorageError::Io),
        }
    }
}

/// Temp file beside `dest`, then rename; the temp is removed on failure.
pub(crate) fn write_atomically(dest: &Path, data: &[u8]) -> io::Result<()> {
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir)?;
    }
    let temp = temp_beside(dest);
    let written = fs::File::create(&temp).and_then(|mut f| f.write_all(data));
    let result = written.and_then(|()| fs::rename(&temp, dest));
    if result.is_err() {
        // The temporary file is useless now; failing to remove it changes nothing.
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Distinct chunks of a `total_size`-byte file present on disk. A chunk file of the wrong
/// length (impossible through `stage`, possible if the disk was tampered with) is not counted.
pub(crate) fn count(layout: &Layout, key: &FileKey, total_size: u64) -> Result<u64, StorageError> {
    let entries = match fs::read_dir(layout.upload_dir(key)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(StorageError::Io(e)),
    };
    let total = chunks_for(total_size);
    let mut present = 0;
    for entry in entries {
        let entry = entry.map_err(StorageError::Io)?;
        let Some(index) = entry.file_name().to_str().and_then(chunk_index) else { continue };
        if index < total && entry.metadata().map_err(StorageError::Io)?.len() == chunk_len(index, total_size) {
            present += 1;
        }
    }
    Ok(present)
}

/// Removes an upload's chunk directory. A chunk staged concurrently (a late duplicate) can
/// make the directory non-empty between listing and removal, so removal is retried.
pub(crate) fn discard(layout: &Layout, key: &FileKey) -> Result<(), StorageError> {
    let dir = layout.upload_dir(key);
    let mut attempts = 0;
    loop {
        match fs::remove_dir_all(&dir) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(_) if attempts < 3 => attempts += 1,
            Err(e) => return Err(StorageError::Io(e)),
        }
    }
}

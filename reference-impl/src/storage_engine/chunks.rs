//! Chunks of a resumable upload on disk: each received chunk is written to a temporary file
//! flushed to disk and renamed to `<n>.chunk`, so a crash leaves either the whole chunk or
//! none of it, and a duplicate of a stored chunk is not written again. The set of chunk files *is* the upload's
//! progress: it survives restarts, and counting it gives `chunksUploaded` (distinct chunks).

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::content_range::{chunk_len, chunks_for, ChunkRange};
use super::error::StorageError;
use super::layout::{chunk_index, temp_beside, FileKey, Layout};

/// Writes one chunk's bytes (validated against its range) into place and returns whether it
/// wrote them: a chunk already on disk is kept as it is (chunks are immutable once stored, so
/// the in-order hash in digest.rs stays true). `written` runs once the bytes are in the
/// temporary file and before the slow flush to disk, so the running hash overlaps the flushes
/// of other chunks. Needs no lock: the temporary name is unique and `rename` is atomic. A late
/// duplicate racing the completion of its upload either finds the directory gone (nothing is
/// written) or leaves a stray chunk in a fresh directory, which `discard` removes when the
/// caller sees the upload is already complete.
pub(crate) fn stage(
    layout: &Layout,
    key: &FileKey,
    range: &ChunkRange,
    data: &[u8],
    written: impl FnOnce() -> Result<(), StorageError>,
) -> Result<bool, StorageError> {
    range.validate()?;
    range.check_body(data.len())?;
    let dest = layout.chunk(key, range.index());
    if fs::metadata(&dest).is_ok_and(|m| m.len() == range.len()) {
        return Ok(false);
    }
    let temp = temp_beside(&dest);
    let mut file = match create_in_upload_dir(&temp) {
        Ok(file) => file,
        Err(e) => return Err(StorageError::Io(e)),
    };
    let outcome = file
        .write_all(data)
        .map_err(StorageError::Io)
        .and_then(|()| written())
        .and_then(|()| file.sync_data().map_err(StorageError::Io))
        .and_then(|()| match fs::rename(&temp, &dest) {
            Ok(()) => Ok(true),
            // The directory was moved into the store meanwhile: a concurrent request completed
            // the upload, which needed this chunk, so a copy of it is already stored.
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(StorageError::Io(e)),
        });
    if !matches!(outcome, Ok(true)) {
        // The temporary file is useless now; failing to remove it changes nothing.
        let _ = fs::remove_file(&temp);
    }
    outcome
}

/// Creates `path`, creating its directory if needed (once more if it vanished in between).
fn create_in_upload_dir(path: &Path) -> io::Result<fs::File> {
    let mut attempt = 0;
    loop {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        match fs::File::create(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound && attempt == 0 => attempt += 1,
            other => return other,
        }
    }
}

/// Temp file beside `dest`, flushed to disk, then renamed over it; the temp is removed on
/// failure. Used for files that are rewritten whole (a stored file's header).
pub(crate) fn write_atomically(dest: &Path, data: &[u8]) -> io::Result<()> {
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir)?;
    }
    let temp = temp_beside(dest);
    let result = write_synced(&temp, data).and_then(|()| fs::rename(&temp, dest));
    if result.is_err() {
        // The temporary file is useless now; failing to remove it changes nothing.
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Creates `path` with `data` and waits until the data is on disk.
pub(crate) fn write_synced(path: &Path, data: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(data)?;
    file.sync_data()
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

//! Writing and reading stored files (format.rs): the single-request path, the assembly of a
//! finished chunked upload, and reads of the original bytes (whole or a byte range).

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use super::chunks::{write_atomically, write_synced};
use super::content_range::{chunks_for, CHUNK_SIZE};
use super::digest::{Digests, Signature};
use super::error::StorageError;
use super::format::{Header, NONCE_LEN};
use super::key::KEY_LEN;
use super::layout::{header as header_path, segment, temp_beside, FileKey, Layout};
use super::sniff::{sniff, SNIFF_LEN};
use super::transform::{compress, decompress, decrypt, encrypt, AtRest, Compression};

/// What the file model needs from the stored bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMeta {
    /// `sizeOriginal`.
    pub size_original: u64,
    /// Bytes of the body on disk (Appwrite's internal `sizeActual`).
    pub size_actual: u64,
    /// `signature`: lowercase hex MD5 of the original bytes.
    pub signature: String,
    /// `mimeType`, sniffed from the original bytes.
    pub mime_type: String,
    /// `compression` as applied (none above the transform limit).
    pub compression: Compression,
    /// `encryption` as applied.
    pub encrypted: bool,
}

impl StoredMeta {
    fn new(header: &Header, size_actual: u64) -> StoredMeta {
        StoredMeta {
            size_original: header.size_original,
            size_actual,
            signature: hex::encode(header.md5),
            mime_type: header.mime.clone(),
            compression: header.compression,
            encrypted: header.encrypted,
        }
    }
}

/// Stores `data` as one segment, transformed as `at_rest` asks (within the size limit).
pub(crate) fn write_whole(
    layout: &Layout,
    key_bytes: &[u8; KEY_LEN],
    key: &FileKey,
    data: &[u8],
    at_rest: AtRest,
) -> Result<StoredMeta, StorageError> {
    let md5 = Signature::of(data);
    let mut header = Header {
        compression: Compression::None,
        encrypted: false,
        size_original: data.len() as u64,
        segment_len: 0,
        md5,
        nonce: [0; NONCE_LEN],
        mime: sniff(&data[..data.len().min(SNIFF_LEN)]).to_owned(),
    };
    let effective = at_rest.effective(header.size_original);
    if effective.is_plain() {
        return publish_single(layout, key, &header, data);
    }
    header.compression = effective.compression;
    let mut body = match effective.compression {
        Compression::None => None,
        other => Some(compress(data, other)?),
    };
    if effective.encryption {
        header.encrypted = true;
        header.nonce = rand::random();
        let plain = body.as_deref().unwrap_or(data);
        body = Some(encrypt(key_bytes, &header, &header.encode(), plain)?);
    }
    publish_single(layout, key, &header, body.as_deref().unwrap_or(data))
}

/// Turns a complete upload (all chunks of a `total_size`-byte file on disk) into a stored
/// file. Plain files keep their chunks as segments: the header is written into the upload
/// directory, which is then renamed into place. Transformed files (at most the transform
/// limit, so they fit in memory) are read, transformed and stored as one segment.
pub(crate) fn assemble(
    layout: &Layout,
    key_bytes: &[u8; KEY_LEN],
    digests: &Digests,
    key: &FileKey,
    total_size: u64,
    at_rest: AtRest,
) -> Result<StoredMeta, StorageError> {
    let upload = layout.upload_dir(key);
    if !at_rest.effective(total_size).is_plain() {
        digests.forget(key);
        let capacity = usize::try_from(total_size).map_err(|_| StorageError::Corrupt("size"))?;
        let mut data = Vec::with_capacity(capacity);
        for index in 0..chunks_for(total_size) {
            fs::File::open(segment(&upload, index))?.read_to_end(&mut data)?;
        }
        if data.len() as u64 != total_size {
            return Err(StorageError::Corrupt("chunk sizes"));
        }
        let meta = write_whole(layout, key_bytes, key, &data, at_rest)?;
        remove_dir(&upload)?;
        return Ok(meta);
    }
    let digest = digests.finish(layout, key, total_size)?;
    if digest.hashed != total_size {
        return Err(StorageError::Corrupt("chunk sizes"));
    }
    let header = Header {
        compression: Compression::None,
        encrypted: false,
        size_original: total_size,
        segment_len: CHUNK_SIZE,
        md5: digest.md5,
        nonce: [0; NONCE_LEN],
        mime: sniff(&digest.head).to_owned(),
    };
    write_atomically(&header_path(&upload), &header.encode())?;
    publish_dir(&upload, &layout.stored(key))?;
    Ok(StoredMeta::new(&header, total_size))
}

/// Writes a one-segment stored file into a temporary directory and renames it into place.
fn publish_single(layout: &Layout, key: &FileKey, header: &Header, body: &[u8]) -> Result<StoredMeta, StorageError> {
    let dest = layout.stored(key);
    let temp = temp_beside(&dest);
    let written = fs::create_dir_all(&temp)
        .and_then(|()| write_synced(&segment(&temp, 0), body))
        .and_then(|()| write_synced(&header_path(&temp), &header.encode()));
    // A single-request upload is only stored when the database has no such file, so bytes
    // already there are leftovers of an interrupted delete and are replaced.
    let published = written.map_err(StorageError::Io).and_then(|()| remove_dir(&dest)).and_then(|()| publish_dir(&temp, &dest));
    if published.is_err() {
        // Leftovers of a failed write are garbage; failing to remove them changes nothing.
        let _ = fs::remove_dir_all(&temp);
    }
    published.map(|()| StoredMeta::new(header, body.len() as u64))
}

/// Atomically moves a complete directory to `dest`. `rename` refuses a non-empty destination,
/// so a file is never stored twice over itself.
fn publish_dir(from: &Path, dest: &Path) -> Result<(), StorageError> {
    if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent).map_err(StorageError::Io)?;
    }
    fs::rename(from, dest).map_err(StorageError::Io)
}

fn remove_dir(dir: &Path) -> Result<(), StorageError> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(StorageError::Io(e)),
        _ => Ok(()),
    }
}

/// Header of a stored file, or `NotFound`.
pub(crate) fn read_header(layout: &Layout, key: &FileKey) -> Result<(Header, Vec<u8>), StorageError> {
    let bytes = fs::read(header_path(&layout.stored(key)))?;
    Ok((Header::decode(&bytes)?, bytes))
}

pub(crate) fn meta(layout: &Layout, key: &FileKey) -> Result<StoredMeta, StorageError> {
    let (header, _) = read_header(layout, key)?;
    let dir = layout.stored(key);
    let mut size_actual = 0;
    for index in 0..segment_count(&header) {
        size_actual += fs::metadata(segment(&dir, index))?.len();
    }
    Ok(StoredMeta::new(&header, size_actual))
}

fn segment_count(header: &Header) -> u64 {
    if header.segment_len == 0 || header.compression != Compression::None || header.encrypted {
        1
    } else {
        header.size_original.div_ceil(header.segment_len).max(1)
    }
}

/// The original bytes of a stored file.
pub(crate) fn read_all(layout: &Layout, key_bytes: &[u8; KEY_LEN], key: &FileKey) -> Result<Vec<u8>, StorageError> {
    let (header, header_bytes) = read_header(layout, key)?;
    let dir = layout.stored(key);
    let capacity = usize::try_from(header.size_original).map_err(|_| StorageError::Corrupt("size"))?;
    let mut body = Vec::with_capacity(capacity);
    for index in 0..segment_count(&header) {
        fs::File::open(segment(&dir, index))?.read_to_end(&mut body)?;
    }
    if header.encrypted {
        body = decrypt(key_bytes, &header, &header_bytes, &body)?;
    }
    let data = decompress(body, header.compression, header.size_original)?;
    if data.len() as u64 != header.size_original {
        return Err(StorageError::Corrupt("size"));
    }
    Ok(data)
}

/// Original bytes `start..=end` (the caller has checked `end < size`). Transformed files are
/// decoded whole first (they are at most 20 MB); plain files are read by seeking.
pub(crate) fn read_range(layout: &Layout, key_bytes: &[u8; KEY_LEN], key: &FileKey, start: u64, end: u64) -> Result<Vec<u8>, StorageError> {
    let (header, _) = read_header(layout, key)?;
    if end < start || end >= header.size_original {
        return Err(StorageError::Corrupt("range outside the file"));
    }
    let from = usize::try_from(start).map_err(|_| StorageError::Corrupt("size"))?;
    let to = usize::try_from(end).map_err(|_| StorageError::Corrupt("size"))?;
    if header.encrypted || header.compression != Compression::None {
        let all = read_all(layout, key_bytes, key)?;
        return all.get(from..=to).map(<[u8]>::to_vec).ok_or(StorageError::Corrupt("size"));
    }
    let dir = layout.stored(key);
    let mut out = Vec::with_capacity(to - from + 1);
    let mut position = start;
    while position <= end {
        // Segment length 0 means one segment holding the whole body.
        let (index, offset, available) = match position.checked_div(header.segment_len) {
            None => (0, position, header.size_original - position),
            Some(index) => {
                let offset = position % header.segment_len;
                (index, offset, header.segment_len - offset)
            }
        };
        let take = available.min(end - position + 1);
        let mut file = fs::File::open(segment(&dir, index))?;
        file.seek(SeekFrom::Start(offset))?;
        let before = out.len();
        file.take(take).read_to_end(&mut out)?;
        if (out.len() - before) as u64 != take {
            return Err(StorageError::Corrupt("segment shorter than recorded"));
        }
        position += take;
    }
    Ok(out)
}

pub(crate) fn delete(layout: &Layout, key: &FileKey) -> Result<(), StorageError> {
    for dir in [layout.stored(key), layout.upload_dir(key)] {
        remove_dir(&dir)?;
    }
    Ok(())
}

//! Engine-level behaviour: uploads in any order, concurrency, restarts, transforms, reads.

use std::fs;
use std::sync::Arc;

use bytes::Bytes;
use md5::{Digest, Md5};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::*;

fn pseudo_random(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut data = vec![0u8; len];
    rng.fill(&mut data[..]);
    data
}

fn md5_hex(data: &[u8]) -> String {
    hex::encode(Md5::digest(data))
}

fn ranges(total: u64) -> Vec<ChunkRange> {
    (0..chunks_for(total))
        .map(|i| {
            let start = i * CHUNK_SIZE;
            ChunkRange { start, end: (start + CHUNK_SIZE).min(total) - 1, total }
        })
        .collect()
}

fn body(data: &[u8], range: &ChunkRange) -> Bytes {
    Bytes::copy_from_slice(&data[range.start as usize..=range.end as usize])
}

/// Stages one chunk and settles under the lock, as the HTTP layer does.
async fn upload_chunk(storage: &Storage, key: &FileKey, data: &[u8], range: ChunkRange, at_rest: AtRest) -> UploadState {
    storage.stage_chunk(key, range, body(data, &range)).await.unwrap();
    let guard = storage.lock_upload(key).await;
    guard.settle(range.total, at_rest).await.unwrap()
}

#[tokio::test]
async fn shuffled_and_duplicated_chunks_assemble_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path()).unwrap();
    let key = FileKey::new("bucket", "file").unwrap();
    let total = 3 * CHUNK_SIZE + 1234;
    let data = pseudo_random(total as usize, 1);
    let mut order = ranges(total);
    order.push(order[1]);
    order.push(order[0]);
    order.shuffle(&mut rand::rngs::StdRng::seed_from_u64(7));
    let mut completed = 0;
    let mut seen = std::collections::HashSet::new();
    for range in order {
        seen.insert(range.index());
        match upload_chunk(&storage, &key, &data, range, AtRest::default()).await {
            UploadState::Partial { uploaded, total } => {
                assert_eq!(uploaded, seen.len() as u64, "distinct chunks");
                assert_eq!(total, 4);
            }
            UploadState::Assembled { meta, now } => {
                assert_eq!(seen.len(), 4);
                completed += u32::from(now);
                assert_eq!(meta.signature, md5_hex(&data));
                assert_eq!(meta.size_original, total);
            }
        }
    }
    assert_eq!(completed, 1);
    let guard = storage.lock_upload(&key).await;
    guard.discard_chunks().await.unwrap();
    drop(guard);
    assert_eq!(storage.read(&key).await.unwrap(), data);
    assert!(!dir.path().join("storage/uploads/bucket/file").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_chunks_assemble_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path()).unwrap();
    let key = FileKey::new("bucket", "parallel").unwrap();
    let total = 4 * CHUNK_SIZE - 10;
    let data = Arc::new(pseudo_random(total as usize, 2));
    let mut tasks = Vec::new();
    // Every chunk twice, all at once: several requests can find the set complete.
    for range in ranges(total).into_iter().chain(ranges(total)) {
        let (storage, key, data) = (storage.clone(), key.clone(), Arc::clone(&data));
        tasks.push(tokio::spawn(async move { upload_chunk(&storage, &key, &data, range, AtRest::default()).await }));
    }
    let mut assembled_now = 0;
    let mut max_partial = 0;
    for task in tasks {
        match task.await.unwrap() {
            UploadState::Assembled { now, meta } => {
                assembled_now += u32::from(now);
                assert_eq!(meta.signature, md5_hex(&data));
            }
            UploadState::Partial { uploaded, .. } => max_partial = max_partial.max(uploaded),
        }
    }
    assert_eq!(assembled_now, 1, "assembled exactly once");
    assert!(max_partial < 4);
    assert_eq!(storage.read(&key).await.unwrap(), *data);
}

#[tokio::test]
async fn upload_resumes_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let key = FileKey::new("bucket", "resume").unwrap();
    let total = 2 * CHUNK_SIZE + 5;
    let data = pseudo_random(total as usize, 3);
    let all = ranges(total);
    {
        let storage = Storage::open(dir.path()).unwrap();
        assert!(matches!(
            upload_chunk(&storage, &key, &data, all[2], AtRest::default()).await,
            UploadState::Partial { uploaded: 1, total: 3 }
        ));
        assert!(matches!(
            upload_chunk(&storage, &key, &data, all[0], AtRest::default()).await,
            UploadState::Partial { uploaded: 2, total: 3 }
        ));
        // A crash mid-write leaves only a temporary file, which is neither counted nor kept.
        fs::write(dir.path().join("storage/uploads/bucket/resume/.1.chunk.dead.tmp"), b"half").unwrap();
    }
    let storage = Storage::open(dir.path()).unwrap();
    assert!(!dir.path().join("storage/uploads/bucket/resume/.1.chunk.dead.tmp").exists());
    let state = upload_chunk(&storage, &key, &data, all[1], AtRest::default()).await;
    assert!(matches!(state, UploadState::Assembled { now: true, .. }));
    assert_eq!(storage.read(&key).await.unwrap(), data);
}

#[tokio::test]
async fn assembled_but_unrecorded_upload_is_recovered_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let key = FileKey::new("bucket", "recover").unwrap();
    let data = pseudo_random(100, 4);
    let range = ChunkRange { start: 0, end: 99, total: 100 };
    {
        let storage = Storage::open(dir.path()).unwrap();
        let state = upload_chunk(&storage, &key, &data, range, AtRest::default()).await;
        assert!(matches!(state, UploadState::Assembled { now: true, .. }));
    }
    // The database update never happened; the client re-sends the chunk after the restart.
    let storage = Storage::open(dir.path()).unwrap();
    match upload_chunk(&storage, &key, &data, range, AtRest::default()).await {
        UploadState::Assembled { meta, now } => {
            assert!(!now);
            assert_eq!(meta.signature, md5_hex(&data));
        }
        other => panic!("expected the stored file, got {other:?}"),
    }
}

#[tokio::test]
async fn chunk_bodies_must_match_their_range() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path()).unwrap();
    let key = FileKey::new("bucket", "short").unwrap();
    let range = ChunkRange { start: 0, end: 99, total: 100 };
    let err = storage.stage_chunk(&key, range, Bytes::from_static(b"too short")).await.unwrap_err();
    assert!(matches!(err, StorageError::ContentRange(ContentRangeError::BodyLength { expected: 100, actual: 9 })));
    let off_grid = ChunkRange { start: 1, end: 99, total: 100 };
    let err = storage.stage_chunk(&key, off_grid, Bytes::from(vec![0; 99])).await.unwrap_err();
    assert!(matches!(err, StorageError::ContentRange(ContentRangeError::Misaligned)));
}

#[tokio::test]
async fn every_transform_round_trips_and_is_really_applied() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path()).unwrap();
    let text = b"The quick brown fox jumps over the lazy dog. ".repeat(2000);
    for (i, compression) in [Compression::None, Compression::Gzip, Compression::Zstd].into_iter().enumerate() {
        for encryption in [false, true] {
            let key = FileKey::new("bucket", &format!("t{i}{encryption}")).unwrap();
            let at_rest = AtRest { compression, encryption };
            let meta = storage.store_whole(&key, Bytes::from(text.clone()), at_rest).await.unwrap();
            assert_eq!((meta.compression, meta.encrypted), (compression, encryption));
            assert_eq!(meta.signature, md5_hex(&text));
            assert_eq!(meta.mime_type, "text/plain");
            assert_eq!(storage.read(&key).await.unwrap(), text);
            let on_disk = fs::read(dir.path().join(format!("storage/files/bucket/t{i}{encryption}/0.chunk"))).unwrap();
            assert_eq!(on_disk.len() as u64, meta.size_actual);
            if compression != Compression::None {
                assert!(on_disk.len() * 10 < text.len(), "{compression:?} must shrink repetitive text");
            }
            let plain_visible = on_disk.windows(20).any(|w| w == &text[..20]);
            if encryption {
                assert!(!plain_visible, "encrypted bytes must not show the plaintext");
            } else if compression == Compression::None {
                assert!(plain_visible);
            }
        }
    }
}

#[tokio::test]
async fn tampering_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path()).unwrap();
    let key = FileKey::new("bucket", "secret").unwrap();
    let data = pseudo_random(5000, 5);
    let at_rest = AtRest { compression: Compression::Zstd, encryption: true };
    storage.store_whole(&key, Bytes::from(data.clone()), at_rest).await.unwrap();
    let stored = dir.path().join("storage/files/bucket/secret");

    let body_path = stored.join("0.chunk");
    let original = fs::read(&body_path).unwrap();
    let mut flipped = original.clone();
    flipped[original.len() / 2] ^= 1;
    fs::write(&body_path, &flipped).unwrap();
    assert!(matches!(storage.read(&key).await, Err(StorageError::Corrupt(_))));
    fs::write(&body_path, &original).unwrap();
    assert_eq!(storage.read(&key).await.unwrap(), data);

    // The header is authenticated too: claiming gzip instead of zstd fails the tag.
    let header_path = stored.join("header");
    let mut header = fs::read(&header_path).unwrap();
    header[4] = 1;
    fs::write(&header_path, &header).unwrap();
    assert!(matches!(storage.read(&key).await, Err(StorageError::Corrupt(_))));
}

#[tokio::test]
async fn encrypted_files_use_a_fresh_nonce_and_survive_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = pseudo_random(1000, 6);
    let at_rest = AtRest { compression: Compression::None, encryption: true };
    let (a, b) = (FileKey::new("bucket", "a").unwrap(), FileKey::new("bucket", "b").unwrap());
    {
        let storage = Storage::open(dir.path()).unwrap();
        storage.store_whole(&a, Bytes::from(data.clone()), at_rest).await.unwrap();
        storage.store_whole(&b, Bytes::from(data.clone()), at_rest).await.unwrap();
    }
    let body = |id: &str| fs::read(dir.path().join(format!("storage/files/bucket/{id}/0.chunk"))).unwrap();
    assert_ne!(body("a"), body("b"), "same plaintext, different nonce");
    let storage = Storage::open(dir.path()).unwrap();
    assert_eq!(storage.read(&a).await.unwrap(), data);
}

#[tokio::test]
async fn files_above_the_limit_are_stored_plain() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path()).unwrap();
    let key = FileKey::new("bucket", "big").unwrap();
    let total = TRANSFORM_LIMIT + 1;
    let data = pseudo_random(total as usize, 8);
    let at_rest = AtRest { compression: Compression::Gzip, encryption: true };
    let mut last = None;
    for range in ranges(total) {
        last = Some(upload_chunk(&storage, &key, &data, range, at_rest).await);
    }
    match last {
        Some(UploadState::Assembled { meta, now: true }) => {
            assert_eq!((meta.compression, meta.encrypted), (Compression::None, false));
            assert_eq!(meta.size_actual, total);
        }
        other => panic!("expected assembly, got {other:?}"),
    }
    // Ranges across a segment boundary of the plain, segmented body.
    let (start, end) = (CHUNK_SIZE - 3, CHUNK_SIZE + 2);
    let got = storage.read_range(&key, start, end).await.unwrap();
    assert_eq!(got, &data[start as usize..=end as usize]);
    let got = storage.read_range(&key, 0, total - 1).await.unwrap();
    assert_eq!(got.len() as u64, total);
    assert!(got == data);
}

#[tokio::test]
async fn range_reads_of_transformed_and_single_segment_files() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path()).unwrap();
    let data = pseudo_random(10_000, 9);
    for (id, at_rest) in [
        ("plain", AtRest::default()),
        ("gz", AtRest { compression: Compression::Gzip, encryption: false }),
        ("enc", AtRest { compression: Compression::Zstd, encryption: true }),
    ] {
        let key = FileKey::new("bucket", id).unwrap();
        storage.store_whole(&key, Bytes::from(data.clone()), at_rest).await.unwrap();
        for (start, end) in [(0, 0), (0, 9_999), (1234, 5678), (9_998, 9_999)] {
            let got = storage.read_range(&key, start, end).await.unwrap();
            assert_eq!(got, &data[start as usize..=end as usize], "{id} {start}-{end}");
        }
        assert!(storage.read_range(&key, 0, 10_000).await.is_err());
    }
}

#[tokio::test]
async fn mime_comes_from_content_and_delete_removes_everything() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path()).unwrap();
    let key = FileKey::new("bucket", "pdf").unwrap();
    let meta = storage.store_whole(&key, Bytes::from_static(b"%PDF-1.4\n%..."), AtRest::default()).await.unwrap();
    assert_eq!(meta.mime_type, "application/pdf");
    assert_eq!(storage.meta(&key).await.unwrap(), meta);
    storage.delete(&key).await.unwrap();
    assert!(matches!(storage.read(&key).await, Err(StorageError::NotFound)));
    assert!(matches!(storage.meta(&key).await, Err(StorageError::NotFound)));
    storage.store_whole(&key, Bytes::from_static(b"again"), AtRest::default()).await.unwrap();
    // Leftovers of an interrupted delete are replaced by a new single-request upload.
    storage.store_whole(&key, Bytes::from_static(b"third"), AtRest::default()).await.unwrap();
    assert_eq!(storage.read(&key).await.unwrap(), b"third");
    storage.delete_bucket("bucket").await.unwrap();
    assert!(matches!(storage.read(&key).await, Err(StorageError::NotFound)));
}

#[tokio::test]
async fn deleting_an_unfinished_upload_resets_its_running_hash() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path()).unwrap();
    let key = FileKey::new("bucket", "again").unwrap();
    let total = CHUNK_SIZE + 10;
    let (first, second) = (pseudo_random(total as usize, 10), pseudo_random(total as usize, 11));
    let all = ranges(total);
    upload_chunk(&storage, &key, &first, all[0], AtRest::default()).await;
    storage.delete(&key).await.unwrap();
    upload_chunk(&storage, &key, &second, all[0], AtRest::default()).await;
    match upload_chunk(&storage, &key, &second, all[1], AtRest::default()).await {
        UploadState::Assembled { meta, now: true } => assert_eq!(meta.signature, md5_hex(&second)),
        other => panic!("expected assembly, got {other:?}"),
    }
    assert_eq!(storage.read(&key).await.unwrap(), second);
}

#[tokio::test]
async fn a_stored_chunk_is_kept_when_re_sent() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::open(dir.path()).unwrap();
    let key = FileKey::new("bucket", "keep").unwrap();
    let total = CHUNK_SIZE + 10;
    let data = pseudo_random(total as usize, 12);
    let all = ranges(total);
    upload_chunk(&storage, &key, &data, all[0], AtRest::default()).await;
    let mut altered = data.clone();
    altered[0] ^= 0xff;
    upload_chunk(&storage, &key, &altered, all[0], AtRest::default()).await;
    match upload_chunk(&storage, &key, &data, all[1], AtRest::default()).await {
        UploadState::Assembled { meta, .. } => assert_eq!(meta.signature, md5_hex(&data)),
        other => panic!("expected assembly, got {other:?}"),
    }
    assert_eq!(storage.read(&key).await.unwrap(), data);
}

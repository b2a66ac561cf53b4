//! Chunked-upload benchmark for the README (issues 3 and 18):
//!
//! ```text
//! cargo run --release -p conform-reference --example storage_bench
//! ```
//!
//! A 100 MiB file is uploaded in 5 MiB chunks through the engine exactly as the HTTP layer
//! drives it (stage, lock, settle, discard), in the official SDKs' order (the first chunk
//! alone, then the rest in order, 8 in flight) and shuffled (8 in flight), on the filesystem
//! of the system temp dir (or `$BENCH_DIR`). Every chunk is fsynced before it counts, and the
//! stored file's `signature` is the MD5 of its content, so an upload can be no faster than the
//! slower of two things measured in the same run:
//!
//! - writing the same bytes to one file and fsyncing it (the disk), and
//! - MD5 of the same bytes on one thread, through `storage_engine::Signature`, the code the
//!   engine hashes uploads with (MD5 is sequential, so one upload is one stream).
//!
//! The ceiling is the slower of the two; the upload is reported as a ratio of it (the target
//! is 0.85 or more in SDK order). The same write without fsync (page cache only) is printed for
//! reference. Each measurement is repeated and the median is reported.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use conform_reference::storage_engine::{AtRest, ChunkRange, FileKey, Signature, Storage, UploadState, CHUNK_SIZE};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

const UPLOAD_BYTES: u64 = 100 * 1024 * 1024;
const PARALLEL: usize = 8;
const ROUNDS: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::var_os("BENCH_DIR").map(Into::into).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::tempdir_in(base)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;

    println!("== chunked upload, {} MiB in {} KiB chunks, {PARALLEL} in flight, median of {ROUNDS}", UPLOAD_BYTES >> 20, CHUNK_SIZE >> 10);
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let mut data = vec![0u8; UPLOAD_BYTES as usize];
    rng.fill(&mut data[..]);
    let data = Bytes::from(data);
    let (mut plain, mut md5, mut cached, mut sdk, mut shuffled) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        plain.push(plain_write(dir.path(), &data, round, true)?);
        md5.push(md5_stream(&data));
        sdk.push(runtime.block_on(chunked_upload(dir.path(), &data, round, false))?);
        shuffled.push(runtime.block_on(chunked_upload(dir.path(), &data, round, true))?);
        cached.push(plain_write(dir.path(), &data, round, false)?);
    }
    let [plain, md5, cached, sdk, shuffled] = [plain, md5, cached, sdk, shuffled].map(|samples| mbps(UPLOAD_BYTES, median(samples)));
    let ceiling = plain.min(md5);
    let bound = if md5 < plain { "MD5" } else { "disk" };
    println!("plain disk write     {plain:8.1} MB/s   (one file, fsync)");
    println!("MD5, one stream      {md5:8.1} MB/s   (storage_engine::Signature)");
    println!("ceiling              {ceiling:8.1} MB/s   (the slower of the two: {bound})");
    println!("chunked, SDK order   {sdk:8.1} MB/s   ratio {:.2} of the ceiling (target >= 0.85)", sdk / ceiling);
    println!("chunked, shuffled    {shuffled:8.1} MB/s   ratio {:.2} of the ceiling", shuffled / ceiling);
    println!("page-cache write     {cached:8.1} MB/s   (one file, no fsync; reference only)");
    Ok(())
}

/// Time to hash `data` in upload-chunk pieces, as the engine feeds an upload's hash.
fn md5_stream(data: &[u8]) -> Duration {
    let started = Instant::now();
    let mut signature = Signature::new();
    for chunk in data.chunks(CHUNK_SIZE as usize) {
        signature.update(chunk);
    }
    std::hint::black_box(signature.finish());
    started.elapsed()
}

fn plain_write(dir: &Path, data: &[u8], round: usize, sync: bool) -> std::io::Result<Duration> {
    use std::io::Write;
    let path = dir.join(format!("plain-{round}"));
    let started = Instant::now();
    let mut file = std::fs::File::create(&path)?;
    file.write_all(data)?;
    if sync {
        file.sync_data()?;
    }
    let elapsed = started.elapsed();
    std::fs::remove_file(path)?;
    Ok(elapsed)
}

/// Uploads `data` and returns the time from the first chunk to the stored file. Workers pop
/// from the end of the queue, so SDK order is the reversed chunk list, its first chunk sent
/// before the workers start.
async fn chunked_upload(dir: &Path, data: &Bytes, round: usize, shuffle: bool) -> Result<Duration, Box<dyn std::error::Error>> {
    let storage = Storage::open(&dir.join("store"))?;
    let key = FileKey::new("bench", &format!("upload{round}{shuffle}"))?;
    let total = data.len() as u64;
    let mut ranges: Vec<ChunkRange> = (0..total.div_ceil(CHUNK_SIZE))
        .map(|i| ChunkRange { start: i * CHUNK_SIZE, end: ((i + 1) * CHUNK_SIZE).min(total) - 1, total })
        .rev()
        .collect();
    let started = Instant::now();
    if shuffle {
        ranges.shuffle(&mut rand::rngs::StdRng::seed_from_u64(round as u64));
    } else if let Some(first) = ranges.pop() {
        storage.stage_chunk(&key, first, data.slice(first.start as usize..=first.end as usize)).await?;
        storage.lock_upload(&key).await.settle(total, AtRest::default()).await?;
    }
    let queue = Arc::new(std::sync::Mutex::new(ranges));
    let mut workers = Vec::new();
    for _ in 0..PARALLEL {
        let (storage, key, data, queue) = (storage.clone(), key.clone(), data.clone(), Arc::clone(&queue));
        workers.push(tokio::spawn(async move {
            let mut assembled = false;
            loop {
                let next = queue.lock().map_err(|_| "queue poisoned")?.pop();
                let Some(range) = next else { break };
                let body = data.slice(range.start as usize..=range.end as usize);
                storage.stage_chunk(&key, range, body).await?;
                let guard = storage.lock_upload(&key).await;
                if let UploadState::Assembled { now: true, .. } = guard.settle(total, AtRest::default()).await? {
                    guard.discard_chunks().await?;
                    assembled = true;
                }
            }
            Ok::<bool, Box<dyn std::error::Error + Send + Sync>>(assembled)
        }));
    }
    let mut assembled = 0;
    for worker in workers {
        assembled += usize::from(worker.await?.map_err(|e| e.to_string())?);
    }
    let elapsed = started.elapsed();
    if assembled != 1 {
        return Err(format!("assembled {assembled} times").into());
    }
    storage.delete(&key).await?;
    Ok(elapsed)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn mbps(bytes: u64, elapsed: Duration) -> f64 {
    bytes as f64 / 1e6 / elapsed.as_secs_f64()
}

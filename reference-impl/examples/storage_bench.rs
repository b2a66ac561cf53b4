//! Storage engine benchmark for the README (issue 3):
//!
//! ```text
//! cargo run --release -p conform-reference --example storage_bench
//! ```
//!
//! (a) Chunked upload: a 100 MiB file in 5 MiB chunks through the engine exactly as the HTTP
//!     layer drives it (stage, lock, settle, discard), in the official SDKs' order (the first
//!     chunk alone, then the rest in order, 8 in flight) and shuffled (8 in flight), beside
//!     writing the same bytes to one file and fsyncing it, on the same filesystem (the system
//!     temp dir, or `$BENCH_DIR`). The engine fsyncs every chunk before counting it, so both
//!     sides end with the bytes on disk. Target: ratio >= 0.5. The same write without fsync
//!     (page cache only) is printed for reference.
//! (b) Preview: a 1024x1024 JPEG rendered to a 256 px wide WebP at quality 80, on one thread,
//!     beside ImageMagick's `convert in.jpg -resize 256x -quality 80 out.webp` (one process per
//!     image, as a shell pipeline would run it; the startup share is reported separately).
//!     Target: ratio >= 2. Skipped with a note when the real ImageMagick is not installed
//!     (`apt-get install -y imagemagick`). The same preview as AVIF is timed too.
//!
//! Each measurement is repeated and the median is reported.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use conform_reference::preview::{render, OutputFormat, PreviewParams};
use conform_reference::storage_engine::{AtRest, ChunkRange, FileKey, Storage, UploadState, CHUNK_SIZE};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

const UPLOAD_BYTES: u64 = 100 * 1024 * 1024;
const PARALLEL: usize = 8;
const ROUNDS: usize = 3;
const PREVIEWS: usize = 40;
const CONVERTS: usize = 15;
const AVIFS: usize = 10;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::var_os("BENCH_DIR").map(Into::into).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::tempdir_in(base)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;

    println!("== (a) chunked upload, {} MiB in {} KiB chunks, {PARALLEL} in flight", UPLOAD_BYTES >> 20, CHUNK_SIZE >> 10);
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let mut data = vec![0u8; UPLOAD_BYTES as usize];
    rng.fill(&mut data[..]);
    let data = Bytes::from(data);
    let (mut plain, mut cached, mut sdk, mut shuffled) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        plain.push(plain_write(dir.path(), &data, round, true)?);
        sdk.push(runtime.block_on(chunked_upload(dir.path(), &data, round, false))?);
        shuffled.push(runtime.block_on(chunked_upload(dir.path(), &data, round, true))?);
        cached.push(plain_write(dir.path(), &data, round, false)?);
    }
    let [plain, cached, sdk, shuffled] = [plain, cached, sdk, shuffled].map(|samples| mbps(UPLOAD_BYTES, median(samples)));
    println!("plain disk write     {plain:8.1} MB/s   (one file, fsync)");
    println!("chunked, SDK order   {sdk:8.1} MB/s   ratio {:.2} (target >= 0.5)", sdk / plain);
    println!("chunked, shuffled    {shuffled:8.1} MB/s   ratio {:.2}", shuffled / plain);
    println!("page-cache write     {cached:8.1} MB/s   (one file, no fsync; reference only)");

    println!("\n== (b) preview, 1024x1024 JPEG -> 256 px WebP q80, one thread");
    let source = sample_jpeg()?;
    let params = PreviewParams { width: 256, quality: Some(80), output: OutputFormat::Webp, ..Default::default() };
    let (first, _) = render(&source, &params)?;
    let started = Instant::now();
    for _ in 0..PREVIEWS {
        render(&source, &params)?;
    }
    let ours = PREVIEWS as f64 / started.elapsed().as_secs_f64();
    println!("conform-reference    {ours:8.1} previews/s   ({} bytes each)", first.len());
    match imagemagick(dir.path(), &source)? {
        Some((per_process, startup)) => {
            println!("ImageMagick convert  {per_process:8.1} previews/s   (process startup alone: {startup:.1} ms)");
            println!("ratio                {:8.2}   (target >= 2)", ours / per_process);
        }
        None => {
            println!("ImageMagick          not installed (`convert -version` is not ImageMagick); run `apt-get install -y imagemagick`")
        }
    }

    // AVIF goes through rav1e, the slowest encoder here; its rate bounds AVIF preview load.
    let avif = PreviewParams { output: OutputFormat::Avif, ..params };
    render(&source, &avif)?;
    let started = Instant::now();
    for _ in 0..AVIFS {
        render(&source, &avif)?;
    }
    println!("same preview as AVIF {:8.1} previews/s", AVIFS as f64 / started.elapsed().as_secs_f64());
    Ok(())
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

/// A photo-like 1024x1024 JPEG: smooth gradients plus noise, so neither the decoder nor the
/// encoder gets an unrealistically easy image.
fn sample_jpeg() -> Result<Vec<u8>, image::ImageError> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let image = image::RgbImage::from_fn(1024, 1024, |x, y| {
        let noise: i32 = rng.random_range(-12..=12);
        let shade = |v: u32| (v as i32 + noise).clamp(0, 255) as u8;
        image::Rgb([shade(x / 4), shade(y / 4), shade((x + y) / 8)])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image).write_to(&mut out, image::ImageFormat::Jpeg)?;
    Ok(out.into_inner())
}

/// Previews per second with one `convert` process each, and the bare startup time in ms;
/// `None` when `convert` is not ImageMagick.
fn imagemagick(dir: &Path, source: &[u8]) -> std::io::Result<Option<(f64, f64)>> {
    let version = Command::new("convert").arg("-version").output();
    let is_imagemagick = version.is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("ImageMagick"));
    if !is_imagemagick {
        return Ok(None);
    }
    let input = dir.join("in.jpg");
    let output = dir.join("out.webp");
    std::fs::write(&input, source)?;
    let run = |args: &[&std::ffi::OsStr]| -> std::io::Result<()> {
        let status = Command::new("convert").args(args).status()?;
        if status.success() {
            Ok(())
        } else {
            Err(std::io::Error::other(format!("convert exited with {status}")))
        }
    };
    let args = [input.as_os_str(), "-resize".as_ref(), "256x".as_ref(), "-quality".as_ref(), "80".as_ref(), output.as_os_str()];
    run(&args)?;
    let started = Instant::now();
    for _ in 0..CONVERTS {
        run(&args)?;
    }
    let per_process = CONVERTS as f64 / started.elapsed().as_secs_f64();
    let started = Instant::now();
    for _ in 0..CONVERTS {
        Command::new("convert").arg("-version").output()?;
    }
    let startup_ms = started.elapsed().as_secs_f64() * 1000.0 / CONVERTS as f64;
    Ok(Some((per_process, startup_ms)))
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn mbps(bytes: u64, elapsed: Duration) -> f64 {
    bytes as f64 / 1e6 / elapsed.as_secs_f64()
}

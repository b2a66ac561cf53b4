//! Correctness under load: a sample of uploads is downloaded again and compared by
//! SHA-256 with what was sent; a sample of previews is decoded and checked for the
//! requested format and dimensions. Checks run in a task beside the load (so they see the
//! server as it is under load) and never count towards transaction latency.

use super::recorder::Correctness;
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// How many failure descriptions the report keeps.
const MAX_FAILURES: usize = 20;

pub enum Check {
    Upload { file_id: String, sha256: [u8; 32] },
    Preview { file_id: String, output: String, body: Vec<u8>, requested: (u32, u32), source: (u32, u32) },
}

/// Where sampled uploads are downloaded from.
#[derive(Clone)]
pub struct VerifyTarget {
    pub endpoint: String,
    pub project: String,
    pub api_key: String,
    pub bucket: String,
}

/// Hands checks to the verifier task; [`Sampler::close`] lets it finish.
#[derive(Clone)]
pub struct Sampler {
    tx: Arc<Mutex<Option<mpsc::UnboundedSender<Check>>>>,
}

impl Sampler {
    /// Starts the verifier. Its handle yields the results once the sampler is closed and
    /// every submitted check has run.
    pub fn spawn(target: VerifyTarget, request_timeout: Duration) -> (Sampler, JoinHandle<Correctness>) {
        let (tx, mut rx) = mpsc::unbounded_channel::<Check>();
        let handle = tokio::spawn(async move {
            let http = reqwest::Client::builder().timeout(request_timeout).build().unwrap_or_default();
            let mut results = Correctness::default();
            while let Some(check) = rx.recv().await {
                let (is_upload, verdict) = match check {
                    Check::Upload { file_id, sha256 } => (true, verify_upload(&http, &target, &file_id, &sha256).await),
                    Check::Preview { file_id, output, body, requested, source } => (
                        false,
                        verify_preview(&body, &output, requested, source).map_err(|e| format!("preview of {file_id} as {output}: {e}")),
                    ),
                };
                if is_upload {
                    results.uploads_checked += 1;
                } else {
                    results.previews_checked += 1;
                }
                if let Err(failure) = verdict {
                    if is_upload {
                        results.uploads_failed += 1;
                    } else {
                        results.previews_failed += 1;
                    }
                    if results.failures.len() < MAX_FAILURES {
                        results.failures.push(failure);
                    }
                }
            }
            results
        });
        (Sampler { tx: Arc::new(Mutex::new(Some(tx))) }, handle)
    }

    pub fn submit(&self, check: Check) {
        if let Some(tx) = self.tx.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            // The verifier only stops after close(); a send can fail only after that, when
            // no more checks are wanted.
            let _ = tx.send(check);
        }
    }

    /// No more checks: the verifier finishes the queued ones and ends.
    pub fn close(&self) {
        self.tx.lock().unwrap_or_else(|e| e.into_inner()).take();
    }
}

async fn verify_upload(http: &reqwest::Client, target: &VerifyTarget, file_id: &str, expected: &[u8; 32]) -> Result<(), String> {
    let url = format!("{}/storage/buckets/{}/files/{file_id}/download", target.endpoint, target.bucket);
    let response = http
        .get(url)
        .header("x-appwrite-project", &target.project)
        .header("x-appwrite-key", &target.api_key)
        .send()
        .await
        .map_err(|e| format!("download of {file_id} failed: {e}"))?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(format!("download of {file_id} answered HTTP {status}"));
    }
    let body = response.bytes().await.map_err(|e| format!("download of {file_id} cut off: {e}"))?;
    let actual: [u8; 32] = Sha256::digest(&body).into();
    if &actual != expected {
        return Err(format!(
            "download of {file_id} differs from the upload: SHA-256 {} ({} bytes), uploaded {}",
            hex::encode(actual),
            body.len(),
            hex::encode(expected)
        ));
    }
    Ok(())
}

/// The dimensions a preview must have: both sides given means an exact crop; one side
/// given scales the other with the source's aspect ratio; none keeps the source size.
pub fn expected_dimensions(requested: (u32, u32), source: (u32, u32)) -> (u32, u32) {
    let (w, h) = requested;
    let (sw, sh) = source;
    match (w, h) {
        (0, 0) => source,
        (w, 0) => (w, ((sh as f64 * w as f64 / sw as f64).round() as u32).max(1)),
        (0, h) => (((sw as f64 * h as f64 / sh as f64).round() as u32).max(1), h),
        (w, h) => (w, h),
    }
}

/// Checks a preview body: its format is the requested `output` and, decoded, its size is
/// what the request asked for (±1 pixel on a side derived from the aspect ratio).
pub fn verify_preview(body: &[u8], output: &str, requested: (u32, u32), source: (u32, u32)) -> Result<(), String> {
    let want = match output {
        "jpg" | "jpeg" => image::ImageFormat::Jpeg,
        "png" => image::ImageFormat::Png,
        "gif" => image::ImageFormat::Gif,
        "webp" => image::ImageFormat::WebP,
        "avif" => image::ImageFormat::Avif,
        other => return Err(format!("unknown output format {other:?}")),
    };
    let got = image::guess_format(body).map_err(|_| format!("body ({} bytes) is not a recognisable image", body.len()))?;
    if got != want {
        return Err(format!("format is {got:?}, asked for {output}"));
    }
    let dims = if want == image::ImageFormat::Avif {
        // No AVIF decoder is built in; the container's `ispe` box states the size.
        avif_dimensions(body).ok_or("AVIF without an image size (ispe) box")?
    } else {
        let image = image::load_from_memory_with_format(body, want).map_err(|e| format!("does not decode: {e}"))?;
        (image.width(), image.height())
    };
    let (ew, eh) = expected_dimensions(requested, source);
    let close = |a: u32, b: u32, exact: bool| if exact { a == b } else { a.abs_diff(b) <= 1 };
    let exact_w = requested.0 != 0 || requested.1 == 0;
    let exact_h = requested.1 != 0 || requested.0 == 0;
    if !close(dims.0, ew, exact_w) || !close(dims.1, eh, exact_h) {
        return Err(format!("is {}×{}, expected {ew}×{eh}", dims.0, dims.1));
    }
    Ok(())
}

/// Width and height from the first `ispe` property box of an AVIF (HEIF) container.
fn avif_dimensions(body: &[u8]) -> Option<(u32, u32)> {
    let at = body.windows(4).position(|w| w == b"ispe")?;
    // "ispe", then 4 bytes of version and flags, then width and height as big-endian u32.
    let rest = body.get(at + 8..at + 16)?;
    let width = u32::from_be_bytes(rest[0..4].try_into().ok()?);
    let height = u32::from_be_bytes(rest[4..8].try_into().ok()?);
    Some((width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([10, 200, 30]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn preview_checks_catch_wrong_format_and_size() {
        let png = encoded(40, 30, image::ImageFormat::Png);
        assert_eq!(verify_preview(&png, "png", (40, 30), (400, 300)), Ok(()));
        assert!(verify_preview(&png, "webp", (40, 30), (400, 300)).unwrap_err().contains("format"));
        assert!(verify_preview(&png, "png", (41, 30), (400, 300)).unwrap_err().contains("expected 41×30"));
        assert_eq!(verify_preview(&png, "png", (40, 0), (400, 300)), Ok(()));
        assert!(verify_preview(&png[..png.len() / 2], "png", (40, 30), (400, 300)).is_err(), "a truncated image must fail");
        let webp = encoded(40, 30, image::ImageFormat::WebP);
        assert_eq!(verify_preview(&webp, "webp", (40, 30), (400, 300)), Ok(()));
        assert!(verify_preview(b"not an image", "png", (1, 1), (1, 1)).is_err());
    }

    #[test]
    fn expected_dimensions_follow_the_aspect_ratio() {
        assert_eq!(expected_dimensions((0, 0), (1600, 1200)), (1600, 1200));
        assert_eq!(expected_dimensions((400, 0), (1600, 1200)), (400, 300));
        assert_eq!(expected_dimensions((0, 300), (1600, 1200)), (400, 300));
        assert_eq!(expected_dimensions((100, 100), (1600, 1200)), (100, 100));
    }

    #[test]
    fn avif_size_comes_from_the_ispe_box() {
        let mut body = b"....ftypavif....".to_vec();
        body.extend_from_slice(&[0, 0, 0, 20]);
        body.extend_from_slice(b"ispe");
        body.extend_from_slice(&[0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 200]);
        assert_eq!(avif_dimensions(&body), Some((256, 200)));
    }
}

//! The transactions a load run repeats — a chunked upload, a preview, a ping — and the
//! setup and teardown around them, against Appwrite's documented Storage API.
//!
//! The hot path sends through goose's user in the closed model (so goose's report sees every
//! request) and on our own connections in the open model; the harness's evidence-recording
//! client is for setup and teardown only, where its error messages matter more than its cost.

use super::connection::Connection;
use super::outgoing::{multipart, Outgoing};
use super::profile::Profile;
use super::recorder::Recorder;
use super::sampler::{Check, Sampler};
use super::schedule::sampled;
use crate::client::{Auth, Client, ClientConfig, Recorder as Evidence, Request};
use crate::ids::IdSource;
use bytes::Bytes;
use reqwest::Method;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Upload,
    Preview,
    Ping,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Upload => "upload",
            Kind::Preview => "preview",
            Kind::Ping => "ping",
        }
    }
}

/// How a request goes out: through a goose user so goose's own metrics and report include
/// it (closed model), on a connection of our own (open model, warm-up), or through reqwest
/// (setup, and open-model requests to an HTTPS endpoint).
pub enum Via<'a> {
    Goose(&'a mut goose::goose::GooseUser),
    Connection(&'a mut Connection),
    Reqwest(&'a reqwest::Client),
}

impl Via<'_> {
    /// Sends and reads the whole body; a status of 400 or more is an error named by
    /// Appwrite's error `type` when the body has one.
    async fn send(&mut self, endpoint: &str, name: &str, request: Outgoing) -> Result<Bytes, String> {
        let (status, body) = match self {
            Via::Connection(connection) => {
                let answer = connection.send(&request).await?;
                (answer.status, answer.body)
            }
            Via::Reqwest(client) => read(request.to_reqwest(client, endpoint).send().await.map_err(describe)?).await?,
            Via::Goose(user) => {
                let builder = request.to_reqwest(&user.client, endpoint);
                let goose_request = goose::goose::GooseRequest::builder().name(name).set_request_builder(builder).build();
                let sent = user.request(goose_request).await.map_err(|e| format!("goose: {e}"))?;
                read(sent.response.map_err(describe)?).await?
            }
        };
        if status >= 400 {
            let kind = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_string))
                .unwrap_or_else(|| "no Appwrite error body".to_string());
            return Err(format!("HTTP {status} {kind}"));
        }
        Ok(body)
    }
}

async fn read(response: reqwest::Response) -> Result<(u16, Bytes), String> {
    let status = response.status().as_u16();
    Ok((status, response.bytes().await.map_err(describe)?))
}

/// Errors are grouped by message in the report, so keep them short and free of URLs/IDs.
fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".into()
    } else if error.is_connect() {
        "could not connect".into()
    } else if error.is_body() || error.is_decode() {
        "response body cut off".into()
    } else {
        "transport error".into()
    }
}

/// What setup made, shared by every user.
pub struct Ops {
    pub endpoint: String,
    pub project: String,
    api_key: String,
    pub bucket_id: Option<String>,
    pub profile: Profile,
    /// Shared by warm-up and the measured phase so file IDs never repeat within a run.
    ids: Arc<IdSource>,
    /// The bytes every upload sends, stamped with the upload's number so no two files are alike.
    payload: Arc<Vec<u8>>,
    preview_file: Option<String>,
    pub recorder: Recorder,
    sampler: Option<Sampler>,
    uploads: AtomicU64,
    previews: AtomicU64,
}

impl Ops {
    fn authed(&self, request: Outgoing) -> Outgoing {
        request.header("x-appwrite-project", &self.project).header("x-appwrite-key", &self.api_key)
    }

    /// The same operations recording into another recorder and sampler (the measured phase
    /// after warm-up) without redoing setup.
    pub fn with_recorder(&self, recorder: Recorder, sampler: Option<Sampler>) -> Ops {
        Ops {
            endpoint: self.endpoint.clone(),
            project: self.project.clone(),
            api_key: self.api_key.clone(),
            bucket_id: self.bucket_id.clone(),
            profile: self.profile.clone(),
            ids: self.ids.clone(),
            payload: self.payload.clone(),
            preview_file: self.preview_file.clone(),
            recorder,
            sampler,
            uploads: AtomicU64::new(self.uploads.load(Ordering::Relaxed)),
            previews: AtomicU64::new(self.previews.load(Ordering::Relaxed)),
        }
    }

    /// Runs one transaction of `kind` and records it. `intended` is its slot in the open
    /// model's schedule.
    pub async fn run(&self, via: &mut Via<'_>, kind: Kind, intended: Option<Instant>) {
        match kind {
            Kind::Upload => self.upload(via, intended).await,
            Kind::Preview => self.preview(via, intended).await,
            Kind::Ping => self.ping(via, intended).await,
        }
    }

    async fn ping(&self, via: &mut Via<'_>, intended: Option<Instant>) {
        let started = Instant::now();
        let request = Outgoing::get("/ping".to_string()).header("x-appwrite-project", &self.project);
        match via.send(&self.endpoint, "GET /ping", request).await {
            Ok(_) => self.recorder.record("ping", intended, started, Instant::now(), 0),
            Err(e) => self.recorder.record_error("ping", &e),
        }
    }

    async fn upload(&self, via: &mut Via<'_>, intended: Option<Instant>) {
        let (Some(bucket), Some(upload)) = (&self.bucket_id, &self.profile.upload) else { return };
        let n = self.uploads.fetch_add(1, Ordering::Relaxed);
        let file_id = self.ids.next("f");
        let content = stamped(&self.payload, n);
        let started = Instant::now();
        let result = upload_file(via, self, bucket, &file_id, &content, upload.chunk_size.0 as usize, |chunk_started, first| {
            // Only the first chunk waited for the upload's slot; later ones start when the
            // previous one ends, which is their intended start.
            let chunk_intended = if first { intended } else { None };
            self.recorder.record("upload.chunk", chunk_intended, chunk_started, Instant::now(), 0);
        })
        .await;
        match result {
            Ok(()) => {
                self.recorder.record("upload", intended, started, Instant::now(), content.len() as u64);
                if let Some(sampler) = &self.sampler {
                    if sampled(n, self.profile.sample.uploads_percent) {
                        sampler.submit(Check::Upload { file_id, sha256: Sha256::digest(&content).into() });
                    }
                }
            }
            Err(e) => {
                self.recorder.record_error("upload.chunk", &e);
                self.recorder.record_error("upload", &e);
            }
        }
    }

    async fn preview(&self, via: &mut Via<'_>, intended: Option<Instant>) {
        let (Some(bucket), Some(file), Some(preview)) = (&self.bucket_id, &self.preview_file, &self.profile.preview) else {
            return;
        };
        let n = self.previews.fetch_add(1, Ordering::Relaxed);
        let output = &preview.outputs[(n % preview.outputs.len() as u64) as usize];
        let metric = format!("preview.{output}");
        let started = Instant::now();
        // Every value is a number or a format name from the profile's checked list: nothing to escape.
        let request = self.authed(Outgoing::get(format!(
            "/storage/buckets/{bucket}/files/{file}/preview?width={}&height={}&output={output}&quality={}",
            preview.width, preview.height, preview.quality
        )));
        match via.send(&self.endpoint, "GET preview", request).await {
            Ok(body) => {
                self.recorder.record(&metric, intended, started, Instant::now(), body.len() as u64);
                if let Some(sampler) = &self.sampler {
                    if sampled(n, self.profile.sample.previews_percent) {
                        sampler.submit(Check::Preview {
                            file_id: file.clone(),
                            output: output.clone(),
                            body: body.to_vec(),
                            requested: (preview.width, preview.height),
                            source: (preview.source_width, preview.source_height),
                        });
                    }
                }
            }
            Err(e) => self.recorder.record_error(&metric, &e),
        }
    }
}

/// Appwrite's chunked upload as the official SDKs do it: one multipart request per chunk,
/// `Content-Range: bytes start-end/total` when the file spans several chunks, and
/// `X-Appwrite-ID` naming the file on every chunk after the first. `on_chunk` runs after
/// each chunk the server accepted, with when that chunk started and whether it was the first.
async fn upload_file(
    via: &mut Via<'_>,
    ops: &Ops,
    bucket: &str,
    file_id: &str,
    content: &[u8],
    chunk_size: usize,
    mut on_chunk: impl FnMut(Instant, bool),
) -> Result<(), String> {
    let total = content.len();
    let path = format!("/storage/buckets/{bucket}/files");
    let mut offset = 0;
    while offset < total || (total == 0 && offset == 0) {
        let end = (offset + chunk_size).min(total);
        let body = multipart(&[("fileId", file_id)], "file", &format!("{file_id}.bin"), &content[offset..end]);
        let mut request = ops.authed(Outgoing::post(path.clone(), body));
        if total > chunk_size {
            request = request.header("content-range", format!("bytes {offset}-{}/{total}", end.saturating_sub(1)));
        }
        if offset > 0 {
            request = request.header("x-appwrite-id", file_id);
        }
        let chunk_started = Instant::now();
        via.send(&ops.endpoint, "POST file chunk", request).await?;
        on_chunk(chunk_started, offset == 0);
        if total == 0 {
            break;
        }
        offset = end;
    }
    Ok(())
}

/// The payload with upload number `n` written over its first bytes.
fn stamped(payload: &[u8], n: u64) -> Vec<u8> {
    let mut content = payload.to_vec();
    let stamp = n.to_le_bytes();
    let len = stamp.len().min(content.len());
    content[..len].copy_from_slice(&stamp[..len]);
    content
}

/// Deterministic bytes that do not compress (xorshift64), so a bucket's compression setting
/// cannot flatter the throughput numbers.
pub fn payload(size: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut out = Vec::with_capacity(size + 8);
    while out.len() < size {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(size);
    out
}

/// A PNG with gradients and a pattern (so encoders have real work to do), the same every run.
pub fn source_image(width: u32, height: u32) -> anyhow::Result<Vec<u8>> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width.max(1)) as u8, (y * 255 / height.max(1)) as u8, ((x ^ y) & 0xff) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png)?;
    Ok(out.into_inner())
}

/// Creates what the run needs, outside the measured time: a bucket (when the profile
/// uploads or previews) and the preview source image.
pub async fn setup(endpoint: &str, project: &str, api_key: &str, profile: &Profile, recorder: Recorder) -> anyhow::Result<Ops> {
    let ids = Arc::new(IdSource::new(crate::ids::new_run_prefix()));
    let mut ops = Ops {
        endpoint: endpoint.trim_end_matches('/').to_string(),
        project: project.to_string(),
        api_key: api_key.to_string(),
        bucket_id: None,
        profile: profile.clone(),
        ids,
        payload: Arc::new(Vec::new()),
        preview_file: None,
        recorder,
        sampler: None,
        uploads: AtomicU64::new(0),
        previews: AtomicU64::new(0),
    };
    if profile.upload.is_none() && profile.preview.is_none() {
        return Ok(ops);
    }
    let source = match &profile.preview {
        Some(p) => Some(source_image(p.source_width, p.source_height)?),
        None => None,
    };
    let largest = profile.upload.as_ref().map_or(0, |u| u.file_size.0).max(source.as_ref().map_or(0, |s| s.len() as u64));
    let bucket_id = ops.ids.next("load");
    let admin = admin_client(&ops)?;
    let created = admin
        .send(Request::new(Method::POST, "/storage/buckets").auth(Auth::Key).json(serde_json::json!({
            "bucketId": bucket_id,
            "name": "conform load",
            "permissions": [],
            "fileSecurity": false,
            "enabled": true,
            "maximumFileSize": largest.max(1),
            "allowedFileExtensions": [],
            "compression": profile.bucket.compression,
            "encryption": profile.bucket.encryption,
            "antivirus": profile.bucket.antivirus,
        })))
        .await?;
    anyhow::ensure!(
        created.status == 201,
        "setup: creating bucket {bucket_id} answered {}: {}",
        created.status,
        String::from_utf8_lossy(&created.body[..created.body.len().min(300)])
    );
    ops.bucket_id = Some(bucket_id.clone());
    if let Some(upload) = &profile.upload {
        ops.payload = Arc::new(payload(upload.file_size.0 as usize, 0x5eed_c0f0));
    }
    if let Some(source) = source {
        let file_id = ops.ids.next("source");
        let http = reqwest::Client::builder().timeout(Duration::from_secs(120)).build()?;
        let chunk = profile.upload.as_ref().map_or(5 << 20, |u| u.chunk_size.0 as usize);
        upload_file(&mut Via::Reqwest(&http), &ops, &bucket_id, &file_id, &source, chunk, |_, _| {})
            .await
            .map_err(|e| anyhow::anyhow!("setup: uploading the preview source image: {e}"))?;
        ops.preview_file = Some(file_id);
    }
    Ok(ops)
}

fn admin_client(ops: &Ops) -> anyhow::Result<Client> {
    Client::new(
        ClientConfig {
            endpoint: ops.endpoint.clone(),
            project: ops.project.clone(),
            api_key: ops.api_key.clone(),
            request_timeout: Duration::from_secs(120),
            max_body_bytes: 16 * 1024 * 1024,
        },
        Evidence::default(),
    )
}

/// Deletes the bucket and with it every file the run uploaded. Returns what could not be deleted.
pub async fn teardown(ops: &Ops) -> Vec<String> {
    let Some(bucket) = &ops.bucket_id else { return Vec::new() };
    let resource = format!("/storage/buckets/{bucket}");
    let outcome = match admin_client(ops) {
        Ok(admin) => admin.send(Request::new(Method::DELETE, resource.clone()).auth(Auth::Key)).await.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match outcome {
        Ok(r) if r.status == 204 || r.status == 200 => Vec::new(),
        Ok(r) => vec![format!("{resource} (delete answered {}; `conform sweep` removes it)", r.status)],
        Err(e) => vec![format!("{resource} ({e}; `conform sweep` removes it)")],
    }
}

impl Ops {
    /// A sampler verifying against this target and bucket.
    pub fn verifier_target(&self) -> super::sampler::VerifyTarget {
        super::sampler::VerifyTarget {
            endpoint: self.endpoint.clone(),
            project: self.project.clone(),
            api_key: self.api_key.clone(),
            bucket: self.bucket_id.clone().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_is_deterministic_and_stamped_uploads_differ() {
        let p = payload(1000, 7);
        assert_eq!(p, payload(1000, 7));
        assert_eq!(p.len(), 1000);
        assert_ne!(stamped(&p, 1), stamped(&p, 2));
        assert_eq!(stamped(&p, 1)[8..], p[8..]);
        assert_eq!(stamped(&[1, 2], 5).len(), 2);
    }

    #[test]
    fn source_image_is_a_png_of_the_requested_size() {
        let png = source_image(64, 48).unwrap();
        let decoded = image::load_from_memory(&png).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (64, 48));
    }
}

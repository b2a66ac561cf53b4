//! Storage steps the generic HTTP steps cannot say: buckets and files made for a scenario,
//! multipart and chunked uploads (sequential, out of order, parallel, resumed), byte-exact
//! comparisons of downloads, and rate-limit bursts of upload chunks.
//!
//! File contents are described by phrases and generated in code, deterministically:
//! - `the text "hello"`
//! - `N bytes|KiB|MiB of random bytes` (seeded by the name the content is kept under)
//! - `a WxH PNG|JPEG|GIF|WebP image`: four flat quadrants, red (top left), green (top
//!   right), blue (bottom left) and white (bottom right);
//! - `a WxH transparent PNG image`: the left half fully transparent, the right half opaque blue;
//! - `a WxH noisy PNG image`: seeded random opaque pixels (for quality comparisons);
//! - `a PNG header declaring WxH pixels and no pixel data`: a valid PNG signature and `IHDR`
//!   (so the file is sniffed as image/png) and nothing to decode.
//!
//! What a scenario uploads is kept under a name (the file name, or the alias of a
//! `Given a file …`): `{name}` is the file ID, `{name.size}` its length in bytes, `{name.md5}`
//! the MD5 hex Appwrite reports as `signature`, `{name.sha256}` its SHA-256 hex.

use super::{assert_status, dispatch, json_body, prepare, principal, send};
use crate::client::{Auth, Body, Client, Part, Request, Response};
use crate::failure::{assert, assert_eq, fail, wrong_answer};
use crate::ledger::Resource;
use crate::world::ConformWorld;
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use futures::StreamExt;
use md5::Digest as _;
use rand::{RngCore, SeedableRng};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

/// Appwrite's upload chunk size (`APP_LIMIT_UPLOAD_CHUNK_SIZE`, 5 MiB); SDKs split files by it.
pub const CHUNK_SIZE: usize = 5 * 1024 * 1024;

// ---------------------------------------------------------------------------------------
// Contents

/// The pattern of a generated image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fill {
    Quadrants,
    HalfTransparent,
    Noise,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    Text(String),
    Random(usize),
    Image { format: image::ImageFormat, width: u32, height: u32, fill: Fill },
    PngHeaderOnly { width: u32, height: u32 },
}

pub const RED: [u8; 3] = [255, 0, 0];
pub const GREEN: [u8; 3] = [0, 255, 0];
pub const BLUE: [u8; 3] = [0, 0, 255];
pub const WHITE: [u8; 3] = [255, 255, 255];

impl Content {
    /// Reads a content phrase (see the module docs).
    pub fn parse(phrase: &str) -> Content {
        let phrase = phrase.trim();
        if let Some(rest) = phrase.strip_prefix("the text ") {
            let text = rest.trim().strip_prefix('"').and_then(|r| r.strip_suffix('"'));
            return Content::Text(text.unwrap_or_else(|| panic!("the text must be quoted: {phrase:?}")).replace("\\n", "\n"));
        }
        let random = regex::Regex::new(r"^(\d+) (bytes|KiB|MiB) of random bytes$").expect("valid regex");
        if let Some(c) = random.captures(phrase) {
            let n: usize = c[1].parse().expect("digits");
            let unit = match &c[2] {
                "KiB" => 1024,
                "MiB" => 1024 * 1024,
                _ => 1,
            };
            return Content::Random(n * unit);
        }
        let img = regex::Regex::new(r"^an? (\d+)[x×](\d+) (?:(transparent|noisy) )?(PNG|JPEG|GIF|WebP) image$").expect("valid regex");
        if let Some(c) = img.captures(phrase) {
            let format = match &c[4] {
                "PNG" => image::ImageFormat::Png,
                "JPEG" => image::ImageFormat::Jpeg,
                "GIF" => image::ImageFormat::Gif,
                _ => image::ImageFormat::WebP,
            };
            let fill = match c.get(3).map(|m| m.as_str()) {
                Some("transparent") => Fill::HalfTransparent,
                Some("noisy") => Fill::Noise,
                _ => Fill::Quadrants,
            };
            return Content::Image { format, width: c[1].parse().expect("digits"), height: c[2].parse().expect("digits"), fill };
        }
        let header_only = regex::Regex::new(r"^a PNG header declaring (\d+)[x×](\d+) pixels and no pixel data$").expect("valid regex");
        if let Some(c) = header_only.captures(phrase) {
            return Content::PngHeaderOnly { width: c[1].parse().expect("digits"), height: c[2].parse().expect("digits") };
        }
        panic!(
            "unknown content {phrase:?}: use the text \"…\", N bytes|KiB|MiB of random bytes, \
             a WxH [transparent |noisy ]PNG|JPEG|GIF|WebP image or a PNG header declaring WxH pixels and no pixel data"
        )
    }

    /// The usual file extension, for files named after an alias.
    pub fn extension(&self) -> &'static str {
        match self {
            Content::Text(_) => "txt",
            Content::Random(_) => "bin",
            Content::Image { format: image::ImageFormat::Png, .. } | Content::PngHeaderOnly { .. } => "png",
            Content::Image { format: image::ImageFormat::Jpeg, .. } => "jpg",
            Content::Image { format: image::ImageFormat::Gif, .. } => "gif",
            Content::Image { .. } => "webp",
        }
    }

    /// The bytes, generated the same way every time for the same phrase and seed name.
    pub fn bytes(&self, seed_name: &str) -> Vec<u8> {
        match self {
            Content::Text(t) => t.as_bytes().to_vec(),
            Content::Random(n) => random_bytes(*n, seed_name),
            Content::Image { format, width, height, fill } => encode_image(*format, *width, *height, *fill, seed_name),
            Content::PngHeaderOnly { width, height } => png_header_only(*width, *height),
        }
    }
}

/// A PNG signature, an `IHDR` declaring `width`×`height` 8-bit RGB pixels, and `IEND`: the
/// file is sniffed as image/png, but no decoder can produce its pixels.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", ihdr.as_slice()), (b"IEND", &[][..])] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = png_crc(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

/// The CRC-32 (ISO 3309) PNG chunks end with, over the chunk type and data.
fn png_crc(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { 0xedb8_8320 ^ (crc >> 1) } else { crc >> 1 };
        }
    }
    !crc
}

pub fn seed_of(name: &str) -> u64 {
    let digest = sha2::Sha256::digest(name.as_bytes());
    u64::from_le_bytes(digest[..8].try_into().expect("8 bytes"))
}

pub fn random_bytes(len: usize, seed_name: &str) -> Vec<u8> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed_of(seed_name));
    let mut out = vec![0u8; len];
    rng.fill_bytes(&mut out);
    out
}

/// A source image with a known pattern (see the module docs), encoded with the `image` crate.
pub fn encode_image(format: image::ImageFormat, width: u32, height: u32, fill: Fill, seed_name: &str) -> Vec<u8> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed_of(seed_name));
    let rgba = image::RgbaImage::from_fn(width, height, |x, y| {
        let left = x < width / 2;
        let top = y < height / 2;
        match fill {
            Fill::Quadrants => {
                let c = match (top, left) {
                    (true, true) => RED,
                    (true, false) => GREEN,
                    (false, true) => BLUE,
                    (false, false) => WHITE,
                };
                image::Rgba([c[0], c[1], c[2], 255])
            }
            Fill::HalfTransparent if left => image::Rgba([0, 0, 0, 0]),
            Fill::HalfTransparent => image::Rgba([0, 0, 255, 255]),
            Fill::Noise => {
                let v = rng.next_u32().to_le_bytes();
                image::Rgba([v[0], v[1], v[2], 255])
            }
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    let dynamic = image::DynamicImage::ImageRgba8(rgba);
    // JPEG has no alpha channel; the others keep it.
    let dynamic = if format == image::ImageFormat::Jpeg { image::DynamicImage::ImageRgb8(dynamic.to_rgb8()) } else { dynamic };
    dynamic.write_to(&mut out, format).unwrap_or_else(|e| panic!("encoding a {width}x{height} {format:?} source image: {e}"));
    out.into_inner()
}

/// Keeps a content under `name`: the phrase, and its size and hashes as `{name.size}`,
/// `{name.md5}`, `{name.sha256}`. Returns the bytes.
fn keep_content(world: &mut ConformWorld, name: &str, phrase: &str) -> Vec<u8> {
    let content = Content::parse(&world.expand(phrase));
    let bytes = content.bytes(name);
    world.vars.insert(format!("content:{name}"), phrase.to_string());
    world.vars.insert(format!("{name}.size"), bytes.len().to_string());
    world.vars.insert(format!("{name}.md5"), hex::encode(md5::Md5::digest(&bytes)));
    world.vars.insert(format!("{name}.sha256"), hex::encode(sha2::Sha256::digest(&bytes)));
    bytes
}

/// The bytes kept under `name`, regenerated.
fn content_of(world: &mut ConformWorld, name: &str) -> Vec<u8> {
    let phrase = world
        .vars
        .get(&format!("content:{name}"))
        .cloned()
        .unwrap_or_else(|| panic!("no content is known as {name:?}: upload it or declare it with Given the content {name:?} is …"));
    Content::parse(&world.expand(&phrase)).bytes(name)
}

/// A name in a step: a remembered value (bucket alias, file name) or itself.
fn resolve(world: &mut ConformWorld, name: &str) -> String {
    let expanded = world.expand(name);
    world.vars.get(&expanded).cloned().unwrap_or(expanded)
}

/// `read("any"), update("user:{alice.id}")` → the permission strings.
fn permission_list(world: &mut ConformWorld, text: &str) -> Vec<String> {
    let text = world.expand(text);
    let re = regex::Regex::new(r#"[a-z]+\("[^"]*"\)"#).expect("valid regex");
    let found: Vec<String> = re.find_iter(&text).map(|m| m.as_str().to_string()).collect();
    assert!(!found.is_empty() || text.trim() == "none", "no permission strings in {text:?}");
    found
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

fn describe(response: &Response) -> String {
    format!(
        "{} {} answered {}; body: {}",
        response.exchange.method,
        response.exchange.url,
        response.status,
        response.exchange.response_body.clone().unwrap_or_default()
    )
}

// ---------------------------------------------------------------------------------------
// Buckets and files made for a scenario

#[given(regex = r#"^a bucket "([^"]+)"$"#)]
async fn a_bucket(world: &mut ConformWorld, alias: String) {
    create_bucket(world, &alias, None).await;
}

/// The docstring is merged over `{"bucketId": <new id>, "name": <alias>}`.
#[given(regex = r#"^a bucket "([^"]+)" with:$"#)]
async fn a_bucket_with(world: &mut ConformWorld, step: &Step, alias: String) {
    let text = step.docstring.clone().unwrap_or_else(|| panic!("Given a bucket {alias:?} with: needs a JSON docstring"));
    create_bucket(world, &alias, Some(&text)).await;
}

async fn create_bucket(world: &mut ConformWorld, alias: &str, settings: Option<&str>) {
    let mut body = json!({"bucketId": world.ctx.ids.next(alias), "name": alias});
    if let Some(text) = settings {
        let text = world.expand(text);
        let extra: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("bucket settings do not parse ({e}):\n{text}"));
        for (k, v) in extra.as_object().unwrap_or_else(|| panic!("bucket settings must be a JSON object: {text}")) {
            body[k] = v.clone();
        }
    }
    let response = send(world, Request::new(Method::POST, "/storage/buckets").auth(Auth::Key).json(body)).await;
    assert_status(response, 201);
    let id = json_body(response)["$id"].as_str().expect("checked by the contract").to_string();
    world.vars.insert(alias.to_string(), id);
}

/// A file the server uploads (no permissions of its own unless given), named `<alias>.<ext>`.
#[given(regex = r#"^a file "([^"]+)" in "([^"]+)" holding (.+?)(?:, with permissions (.+))?$"#)]
async fn a_file(world: &mut ConformWorld, alias: String, bucket: String, phrase: String, permissions: String) {
    given_file(world, Auth::Key, &alias, &bucket, &phrase, &permissions).await;
}

#[given(regex = r#"^(.+) has uploaded a file "([^"]+)" to "([^"]+)" holding (.+?)(?:, with permissions (.+))?$"#)]
async fn has_uploaded(world: &mut ConformWorld, who: String, alias: String, bucket: String, phrase: String, permissions: String) {
    let auth = principal(world, &who);
    given_file(world, auth, &alias, &bucket, &phrase, &permissions).await;
}

async fn given_file(world: &mut ConformWorld, auth: Auth, alias: &str, bucket: &str, phrase: &str, permissions: &str) {
    let bytes = keep_content(world, alias, phrase);
    let filename = format!("{alias}.{}", Content::parse(&world.expand(phrase)).extension());
    let bucket_id = resolve(world, bucket);
    let mut fields = vec![("fileId".to_string(), world.ctx.ids.next(alias))];
    if !permissions.is_empty() {
        for p in permission_list(world, permissions) {
            fields.push(("permissions[]".to_string(), p));
        }
    }
    let request = upload_request(auth, &bucket_id, &fields, Some((&filename, "application/octet-stream", bytes)));
    let response = send(world, request).await;
    assert_status(response, 201);
    let id = json_body(response)["$id"].as_str().expect("checked by the contract").to_string();
    world.vars.insert(alias.to_string(), id);
    world.vars.insert(format!("{alias}.name"), filename);
}

/// A multipart createFile request: the text fields in order, then the file part.
fn upload_request(auth: Auth, bucket_id: &str, fields: &[(String, String)], file: Option<(&str, &str, Vec<u8>)>) -> Request {
    let mut parts: Vec<Part> = fields.iter().map(|(name, value)| Part::Text { name: name.clone(), value: value.clone() }).collect();
    if let Some((filename, content_type, bytes)) = file {
        parts.push(Part::File { name: "file".into(), filename: filename.into(), content_type: content_type.into(), bytes });
    }
    Request::new(Method::POST, format!("/storage/buckets/{bucket_id}/files")).auth(auth).body(Body::Multipart(parts))
}

// ---------------------------------------------------------------------------------------
// Single-request uploads

/// `When "alice" uploads the text "hi" as "hi.txt" to "docs"`; optionally `declared as
/// "<part content type>"`, and `with:` a table of form fields (`| fileId | … |`,
/// `| permissions[] | read("any") |`, `| permissions[0] | … |`). Without a `fileId` row the
/// field is `unique()`. On success the file ID is remembered under the file name.
#[when(regex = r#"^(.+?) uploads (.+?) as "([^"]+)"(?: declared as "([^"]+)")? to "([^"]+)"(?: with:)?$"#)]
async fn uploads(world: &mut ConformWorld, step: &Step, who: String, phrase: String, filename: String, declared: String, bucket: String) {
    let auth = principal(world, &who);
    let bytes = keep_content(world, &filename, &phrase);
    let bucket_id = resolve(world, &bucket);
    let fields = form_fields(world, step);
    let content_type = if declared.is_empty() { "application/octet-stream".to_string() } else { declared };
    let request = upload_request(auth, &bucket_id, &fields, Some((&filename, &content_type, bytes)));
    let response = send(world, request).await;
    if (200..300).contains(&response.status) {
        if let Some(id) = response.json().ok().and_then(|b| b["$id"].as_str().map(str::to_string)) {
            world.vars.insert(filename, id);
        }
    }
}

/// The form fields of a `with:` table; `fileId` defaults to `unique()`.
fn form_fields(world: &mut ConformWorld, step: &Step) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    if let Some(table) = &step.table {
        for row in &table.rows {
            assert!(row.len() == 2, "form field rows have two cells, | name | value |; got {row:?}");
            if row[0] == "field" && row[1] == "value" {
                continue;
            }
            fields.push((row[0].clone(), world.expand(&row[1])));
        }
    }
    if !fields.iter().any(|(n, _)| n == "fileId") {
        fields.insert(0, ("fileId".to_string(), "unique()".to_string()));
    }
    fields
}

#[when(regex = r#"^(.+) sends an upload to "([^"]+)" without a file part$"#)]
async fn upload_without_file(world: &mut ConformWorld, who: String, bucket: String) {
    let auth = principal(world, &who);
    let bucket_id = resolve(world, &bucket);
    let fields = vec![("fileId".to_string(), "unique()".to_string())];
    send(world, upload_request(auth, &bucket_id, &fields, None)).await;
}

// ---------------------------------------------------------------------------------------
// Chunked uploads

/// The chunks of `total` bytes: (start, end inclusive), 5 MiB each, the last one shorter.
pub fn chunk_ranges(total: usize) -> Vec<(usize, usize)> {
    (0..total.div_ceil(CHUNK_SIZE).max(1)).map(|i| (i * CHUNK_SIZE, ((i + 1) * CHUNK_SIZE).min(total).saturating_sub(1))).collect()
}

/// One chunk request as the SDKs send it: `Content-Range: bytes start-end/total`, the file ID
/// in the form, and (on every chunk after the first one sent) in `X-Appwrite-ID`.
#[allow(clippy::too_many_arguments)]
pub fn chunk_request(
    auth: Auth,
    bucket_id: &str,
    file_id: &str,
    filename: &str,
    bytes: &[u8],
    index: usize,
    with_id_header: bool,
    permissions: &[String],
) -> Request {
    let ranges = chunk_ranges(bytes.len());
    let (start, end) = *ranges.get(index).unwrap_or_else(|| panic!("chunk {} of a {}-chunk file", index + 1, ranges.len()));
    let mut fields = vec![("fileId".to_string(), file_id.to_string())];
    fields.extend(permissions.iter().map(|p| ("permissions[]".to_string(), p.clone())));
    let slice = if bytes.is_empty() { Vec::new() } else { bytes[start..=end].to_vec() };
    let mut request = upload_request(auth, bucket_id, &fields, Some((filename, "application/octet-stream", slice)))
        .header("content-range", format!("bytes {start}-{end}/{}", bytes.len()));
    if with_id_header {
        request = request.header("x-appwrite-id", file_id);
    }
    request
}

/// Appwrite answers a chunk with 429 `general_rate_limit_exceeded` and `Retry-After: 5`
/// ("File upload is busy. Try again.", `Modules/Storage/Http/Buckets/Files/Create.php`) when
/// another request of the same upload holds its lock for too long; its own e2e tests send the
/// chunk again after that delay, and so does a whole-file upload here. At most this many times.
const BUSY_RETRIES: usize = 3;
/// A server asking for a longer wait still gets a retry after this long, so a scenario ends.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// How long a busy server asked to wait before the chunk is sent again: `None` unless the
/// answer is 429 with a `Retry-After` in seconds (a plain rate limit sends none).
fn busy_retry_after(response: &Response) -> Option<Duration> {
    if response.status != 429 {
        return None;
    }
    let seconds: u64 = response.header("retry-after")?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

/// Sends one chunk of a whole-file upload, again after `Retry-After` while the server says
/// the upload is busy. Every answer, the busy ones too, stays in the scenario's evidence.
async fn send_chunk(client: &Client, request: Request) -> Response {
    let mut attempt = 0;
    loop {
        let response = client.send(request.clone()).await.unwrap_or_else(|e| fail(e.kind, format!("no response: {e}")));
        match busy_retry_after(&response) {
            Some(wait) if attempt < BUSY_RETRIES => {
                attempt += 1;
                tokio::time::sleep(wait).await;
            }
            _ => return response,
        }
    }
}

/// Sends the chunks of a whole-file upload, at most `parallel` at once, prepared as one
/// step's requests, each retried while the upload is busy; records created files in the
/// ledger. Responses come back in the order of `requests`.
async fn send_concurrently(world: &mut ConformWorld, mut requests: Vec<Request>, parallel: usize) -> Vec<Response> {
    prepare(world, &mut requests);
    let client = world.client.clone();
    let sent: Vec<(usize, String, Response)> = futures::stream::iter(requests.into_iter().enumerate())
        .map(|(i, request)| {
            let client = client.clone();
            async move {
                let path = request.path.clone();
                let response = send_chunk(&client, request).await;
                (i, path, response)
            }
        })
        .buffer_unordered(parallel.max(1))
        .collect()
        .await;
    let mut indexed = Vec::with_capacity(sent.len());
    for (i, path, response) in sent {
        if (200..300).contains(&response.status) {
            if let (Some(op), Ok(body)) = (&response.exchange.operation, response.json()) {
                if let Some(resource) = Resource::created_by(op, &path, &body) {
                    world.ledger.record(resource);
                }
            }
        }
        indexed.push((i, response));
    }
    for (_, response) in &indexed {
        super::assert_wire_habits(response);
    }
    indexed.sort_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, r)| r).collect()
}

/// How a whole file is sent in chunks.
enum Plan {
    /// One after the other in this order (0-based indexes).
    Sequential(Vec<usize>),
    /// The first chunk alone, then the rest `n` at a time (the official SDKs).
    FirstThenParallel(usize),
    /// All chunks in a shuffled order, `n` at a time, none sent alone first.
    Shuffled(usize),
}

fn parse_plan(mode: &str, chunks: usize) -> Plan {
    let mode = mode.trim().trim_start_matches(',').trim();
    if mode.is_empty() {
        return Plan::Sequential((0..chunks).collect());
    }
    if let Some(order) = mode.strip_prefix("in the order ") {
        let order: Vec<usize> = order
            .split(',')
            .map(|n| n.trim().parse::<usize>().unwrap_or_else(|_| panic!("chunk numbers are 1-based integers: {mode:?}")) - 1)
            .collect();
        return Plan::Sequential(order);
    }
    let re = regex::Regex::new(r"^the first alone and then (\d+) at a time$").expect("valid regex");
    if let Some(c) = re.captures(mode) {
        return Plan::FirstThenParallel(c[1].parse().expect("digits"));
    }
    let re = regex::Regex::new(r"^shuffled, (\d+) at a time$").expect("valid regex");
    if let Some(c) = re.captures(mode) {
        return Plan::Shuffled(c[1].parse().expect("digits"));
    }
    panic!("unknown chunk plan {mode:?}: use `in the order 3, 1, 2`, `the first alone and then 8 at a time` or `shuffled, 8 at a time`")
}

/// `When "alice" uploads 12 MiB of random bytes as "big.bin" to "b" in 5 MiB chunks[, <plan>]`.
/// The file gets a custom ID (as the SDKs' `ID.unique()` makes one client-side). Every chunk
/// must be accepted with 201; the response that reports the most chunks uploaded becomes the
/// scenario's last response.
#[when(regex = r#"^(.+?) uploads (.+?) as "([^"]+)" to "([^"]+)" in 5 MiB chunks(, .+)?$"#)]
async fn uploads_in_chunks(world: &mut ConformWorld, who: String, phrase: String, filename: String, bucket: String, mode: String) {
    let auth = principal(world, &who);
    let bytes = keep_content(world, &filename, &phrase);
    let bucket_id = resolve(world, &bucket);
    let file_id = world.ctx.ids.next("chunked");
    world.vars.insert(filename.clone(), file_id.clone());
    world.vars.insert(format!("sent:{filename}"), "yes".into());
    let chunks = chunk_ranges(bytes.len()).len();
    let plan = parse_plan(&mode, chunks);
    let request = |i: usize, header: bool| chunk_request(auth.clone(), &bucket_id, &file_id, &filename, &bytes, i, header, &[]);
    let mut responses: Vec<(usize, Response)> = Vec::new();
    match plan {
        Plan::Sequential(order) => {
            for (n, i) in order.into_iter().enumerate() {
                let response = send_concurrently(world, vec![request(i, n > 0)], 1).await.remove(0);
                responses.push((i, response));
            }
        }
        Plan::FirstThenParallel(parallel) => {
            let first = send_concurrently(world, vec![request(0, false)], 1).await.remove(0);
            assert_eq!(first.status, 201, "the first chunk was refused: {}", describe(&first));
            responses.push((0, first));
            let rest: Vec<usize> = (1..chunks).collect();
            let sent = send_concurrently(world, rest.iter().map(|&i| request(i, true)).collect(), parallel).await;
            responses.extend(rest.into_iter().zip(sent));
        }
        Plan::Shuffled(parallel) => {
            let mut order: Vec<usize> = (0..chunks).collect();
            rand::seq::SliceRandom::shuffle(order.as_mut_slice(), &mut rand::rng());
            let sent = send_concurrently(world, order.iter().map(|&i| request(i, true)).collect(), parallel).await;
            responses.extend(order.into_iter().zip(sent));
        }
    }
    for (i, response) in &responses {
        assert_eq!(response.status, 201, "chunk {} of {chunks} was not accepted: {}", i + 1, describe(response));
        assert_status(response, 201);
    }
    let most = responses
        .iter()
        .rev()
        .max_by_key(|(_, r)| r.json().ok().and_then(|b| b["chunksUploaded"].as_u64()).unwrap_or(0))
        .map(|(_, r)| r.clone());
    world.last = most;
}

/// Declares a content to send chunk by chunk, with a file ID of its own as `{name}`.
#[given(regex = r#"^the content "([^"]+)" is (.+)$"#)]
fn the_content(world: &mut ConformWorld, name: String, phrase: String) {
    keep_content(world, &name, &phrase);
    let id = world.ctx.ids.next("upload");
    world.vars.insert(name, id);
}

/// The first chunk sent for a content carries no `X-Appwrite-ID`; later ones do.
fn take_first(world: &mut ConformWorld, name: &str) -> bool {
    world.vars.insert(format!("sent:{name}"), "yes".into()).is_none()
}

fn declared_id(world: &ConformWorld, name: &str) -> String {
    world.vars.get(name).cloned().unwrap_or_else(|| panic!("no file ID for {name:?}: declare it with Given the content {name:?} is …"))
}

#[when(regex = r#"^(.+) sends chunk (\d+) of "([^"]+)" to "([^"]+)"$"#)]
async fn sends_chunk(world: &mut ConformWorld, who: String, chunk: usize, name: String, bucket: String) {
    let auth = principal(world, &who);
    let bytes = content_of(world, &name);
    let bucket_id = resolve(world, &bucket);
    let id = declared_id(world, &name);
    let header = !take_first(world, &name);
    let request = chunk_request(auth, &bucket_id, &id, &name, &bytes, chunk - 1, header, &[]);
    send(world, request).await;
}

/// Chunk `n`'s bytes sent with a Content-Range header of the scenario's choosing.
#[when(regex = r#"^(.+) sends chunk (\d+) of "([^"]+)" to "([^"]+)" with Content-Range "([^"]*)"$"#)]
async fn sends_chunk_with_range(world: &mut ConformWorld, who: String, chunk: usize, name: String, bucket: String, range: String) {
    let auth = principal(world, &who);
    let bytes = content_of(world, &name);
    let bucket_id = resolve(world, &bucket);
    let id = declared_id(world, &name);
    let header = !take_first(world, &name);
    let mut request = chunk_request(auth, &bucket_id, &id, &name, &bytes, chunk - 1, header, &[]);
    request.headers.retain(|(n, _)| n != "content-range");
    request.headers.push(("content-range".into(), world.expand(&range)));
    send(world, request).await;
}

#[when(regex = r#"^(.+) sends chunk (\d+) of "([^"]+)" to "([^"]+)" with X-Appwrite-ID "([^"]*)"$"#)]
async fn sends_chunk_with_id(world: &mut ConformWorld, who: String, chunk: usize, name: String, bucket: String, id_header: String) {
    let auth = principal(world, &who);
    let bytes = content_of(world, &name);
    let bucket_id = resolve(world, &bucket);
    let id = declared_id(world, &name);
    let mut request = chunk_request(auth, &bucket_id, &id, &name, &bytes, chunk - 1, false, &[]);
    request.headers.push(("x-appwrite-id".into(), world.expand(&id_header)));
    send(world, request).await;
}

/// Chunk `n` of a declared content carrying permissions (`read("any"), delete("user:…")`).
#[when(regex = r#"^(.+) sends chunk (\d+) of "([^"]+)" to "([^"]+)" with permissions (.+)$"#)]
async fn sends_chunk_with_permissions(
    world: &mut ConformWorld,
    who: String,
    chunk: usize,
    name: String,
    bucket: String,
    permissions: String,
) {
    let auth = principal(world, &who);
    let bytes = content_of(world, &name);
    let bucket_id = resolve(world, &bucket);
    let id = declared_id(world, &name);
    let header = !take_first(world, &name);
    let permissions = permission_list(world, &permissions);
    let request = chunk_request(auth, &bucket_id, &id, &name, &bytes, chunk - 1, header, &permissions);
    send(world, request).await;
}

/// What the SDKs send when the app asks for `ID.unique()`: every chunk's `fileId` field is
/// `unique()`; the first chunk carries no `X-Appwrite-ID`, the server picks the ID, and every
/// later chunk names it in `X-Appwrite-ID`. Chunks go one after the other, each must be
/// accepted with 201; the server's ID is remembered under the file name and the last answer
/// is the scenario's last response.
#[when(regex = r#"^(.+?) uploads (.+?) as "([^"]+)" to "([^"]+)" in 5 MiB chunks with fileId unique\(\)(?:, with permissions (.+))?$"#)]
async fn uploads_in_chunks_unique(
    world: &mut ConformWorld,
    who: String,
    phrase: String,
    filename: String,
    bucket: String,
    permissions: String,
) {
    let auth = principal(world, &who);
    let bytes = keep_content(world, &filename, &phrase);
    let bucket_id = resolve(world, &bucket);
    let permissions = if permissions.is_empty() { Vec::new() } else { permission_list(world, &permissions) };
    let chunks = chunk_ranges(bytes.len()).len();
    let first = chunk_request(auth.clone(), &bucket_id, "unique()", &filename, &bytes, 0, false, &permissions);
    let first = send_concurrently(world, vec![first], 1).await.remove(0);
    assert_eq!(first.status, 201, "the first chunk was refused: {}", describe(&first));
    let file_id = json_body(&first)["$id"]
        .as_str()
        .unwrap_or_else(|| wrong_answer!("the first chunk's answer has no $id: {}", describe(&first)))
        .to_string();
    world.vars.insert(filename.clone(), file_id.clone());
    world.vars.insert(format!("sent:{filename}"), "yes".into());
    let mut last = first;
    for i in 1..chunks {
        let mut request = chunk_request(auth.clone(), &bucket_id, "unique()", &filename, &bytes, i, false, &permissions);
        request.headers.push(("x-appwrite-id".into(), file_id.clone()));
        let response = send_concurrently(world, vec![request], 1).await.remove(0);
        assert_eq!(response.status, 201, "chunk {} of {chunks} was not accepted: {}", i + 1, describe(&response));
        assert_status(&response, 201);
        last = response;
    }
    world.last = Some(last);
}

/// The first `mib` MiB of a content as one part, claiming `bytes 0-<end>/<total>`: a body
/// above what the server accepts per request (Appwrite: 12 MiB).
#[when(regex = r#"^(.+) sends the first (\d+) MiB of "([^"]+)" to "([^"]+)" as one chunk$"#)]
async fn sends_oversized_chunk(world: &mut ConformWorld, who: String, mib: usize, name: String, bucket: String) {
    let auth = principal(world, &who);
    let bytes = content_of(world, &name);
    let len = (mib * 1024 * 1024).min(bytes.len());
    let bucket_id = resolve(world, &bucket);
    let id = declared_id(world, &name);
    let fields = vec![("fileId".to_string(), id)];
    let request = upload_request(auth, &bucket_id, &fields, Some((&name, "application/octet-stream", bytes[..len].to_vec())))
        .header("content-range", format!("bytes 0-{}/{}", len - 1, bytes.len()));
    send(world, request).await;
}

/// What an SDK does after an interruption: read `chunksUploaded`, then send the chunks after it.
#[when(regex = r#"^(.+) resumes the upload of "([^"]+)" to "([^"]+)"$"#)]
async fn resumes(world: &mut ConformWorld, who: String, name: String, bucket: String) {
    let auth = principal(world, &who);
    let bytes = content_of(world, &name);
    let bucket_id = resolve(world, &bucket);
    let id = declared_id(world, &name);
    let get = Request::new(Method::GET, format!("/storage/buckets/{bucket_id}/files/{id}")).auth(auth.clone());
    let state = dispatch(world, get).await;
    assert_status(&state, 200);
    let body = json_body(&state);
    let uploaded = body["chunksUploaded"].as_u64().unwrap_or_else(|| wrong_answer!("no chunksUploaded to resume from: {body}")) as usize;
    let total = chunk_ranges(bytes.len()).len();
    assert!(uploaded < total, "nothing to resume: chunksUploaded {uploaded} of {total}; {body}");
    for i in uploaded..total {
        let response = dispatch(world, chunk_request(auth.clone(), &bucket_id, &id, &name, &bytes, i, true, &[])).await;
        assert_eq!(response.status, 201, "resumed chunk {} of {total}: {}", i + 1, describe(&response));
        world.last = Some(response);
    }
}

/// Appwrite answers a chunk of an already complete file with 200 and the file, not 201.
#[then("the upload answers 200 with the finished file")]
fn finished_file(world: &mut ConformWorld) {
    let response = world.last();
    assert_eq!(response.status, 200, "expected 200 with the finished file: {}", describe(response));
    let body = json_body(response);
    let violations = crate::contract::check_model("file", &body);
    assert!(violations.is_empty(), "the 200 body is not a file model: {violations:?}; {body}");
    assert_eq!(body["chunksUploaded"], body["chunksTotal"], "the file should be complete: {body}");
}

/// A body above the server's request size limit is refused by the HTTP layer, whose 413 need
/// not carry an Appwrite error body (Appwrite's comes from Swoole's `package_max_length`).
#[then("the request is refused as too large with 413")]
fn too_large(world: &mut ConformWorld) {
    let response = world.last();
    assert_eq!(response.status, 413, "expected 413 Payload Too Large: {}", describe(response));
}

// ---------------------------------------------------------------------------------------
// Bytes

#[then(regex = r#"^the response body is the content of "([^"]+)"$"#)]
fn body_is_content(world: &mut ConformWorld, name: String) {
    let expected = content_of(world, &name);
    compare_bytes(world.last(), &expected, &format!("the content of {name:?}"));
}

#[then(regex = r#"^the response body is bytes (\d+) to (\d+) of "([^"]+)"$"#)]
fn body_is_range(world: &mut ConformWorld, start: usize, end: usize, name: String) {
    let all = content_of(world, &name);
    // A step misused, not a wrong answer.
    std::assert!(end < all.len() && start <= end, "bytes {start} to {end} are not inside the {} bytes of {name:?}", all.len());
    compare_bytes(world.last(), &all[start..=end], &format!("bytes {start}-{end} of {name:?}"));
}

fn compare_bytes(response: &Response, expected: &[u8], what: &str) {
    let actual = &response.body;
    if actual.as_slice() == expected {
        return;
    }
    let first_difference = actual.iter().zip(expected).position(|(a, b)| a != b).unwrap_or(actual.len().min(expected.len()));
    wrong_answer!(
        "{} {} answered {} with {} bytes (SHA-256 {}), expected {what}: {} bytes (SHA-256 {}); first difference at byte {first_difference}",
        response.exchange.method,
        response.exchange.url,
        response.status,
        actual.len(),
        sha256_hex(actual),
        expected.len(),
        sha256_hex(expected)
    );
}

// ---------------------------------------------------------------------------------------
// Rate limits on uploads, counted per chunk index

/// Chunk `n` of a new upload (a new file ID each time) of the content, until a 429.
#[when(regex = r#"^(.+) sends chunk (\d+) of new uploads of (.+) to "([^"]+)" until it is rate limited$"#)]
async fn chunk_burst(world: &mut ConformWorld, who: String, chunk: usize, phrase: String, bucket: String) {
    let next = chunk_maker(world, &who, chunk, &phrase, &bucket);
    super::rate_limit::burst_until_limited(world, next).await;
}

/// Chunk `n` of `count` new uploads, one after the other, kept as a burst.
#[when(regex = r#"^(.+) sends chunk (\d+) of (\d+) new uploads of (.+) to "([^"]+)"$"#)]
async fn chunk_repeat(world: &mut ConformWorld, who: String, chunk: usize, count: usize, phrase: String, bucket: String) {
    let next = chunk_maker(world, &who, chunk, &phrase, &bucket);
    super::rate_limit::repeat(world, count, next).await;
}

/// Makes chunk `n` of a new upload (a new file ID each call) of the content.
fn chunk_maker(world: &mut ConformWorld, who: &str, chunk: usize, phrase: &str, bucket: &str) -> impl FnMut(&mut ConformWorld) -> Request {
    let auth = principal(world, who);
    let bytes = Content::parse(&world.expand(phrase)).bytes("burst");
    let bucket_id = resolve(world, bucket);
    move |world| {
        let id = world.ctx.ids.next("burst");
        chunk_request(auth.clone(), &bucket_id, &id, "burst.bin", &bytes, chunk - 1, chunk > 1, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The tests' own asserts, not the answer checks the steps import.
    use std::assert_eq;

    #[test]
    fn chunks_cover_the_file_in_5_mib_steps() {
        assert_eq!(chunk_ranges(10), vec![(0, 9)]);
        assert_eq!(chunk_ranges(CHUNK_SIZE), vec![(0, CHUNK_SIZE - 1)]);
        assert_eq!(chunk_ranges(CHUNK_SIZE + 1), vec![(0, CHUNK_SIZE - 1), (CHUNK_SIZE, CHUNK_SIZE)]);
        assert_eq!(chunk_ranges(12 * 1024 * 1024).len(), 3);
    }

    #[test]
    fn contents_are_deterministic_and_seeded_by_name() {
        let c = Content::parse("1 KiB of random bytes");
        assert_eq!(c.bytes("a"), c.bytes("a"));
        assert_ne!(c.bytes("a"), c.bytes("b"));
        assert_eq!(c.bytes("a").len(), 1024);
        assert_eq!(Content::parse("the text \"hi\"").bytes("x"), b"hi");
    }

    #[test]
    fn generated_images_decode_with_their_pattern() {
        let png = Content::parse("a 40x20 PNG image").bytes("img");
        let img = image::load_from_memory(&png).expect("decodes").to_rgba8();
        assert_eq!(img.dimensions(), (40, 20));
        assert_eq!(img.get_pixel(5, 5).0, [255, 0, 0, 255]);
        assert_eq!(img.get_pixel(35, 15).0, [255, 255, 255, 255]);
        let t = image::load_from_memory(&Content::parse("a 40x20 transparent PNG image").bytes("t")).expect("decodes").to_rgba8();
        assert_eq!(t.get_pixel(5, 5).0[3], 0);
        assert_eq!(t.get_pixel(35, 5).0, [0, 0, 255, 255]);
        for phrase in ["a 40x20 JPEG image", "a 40x20 GIF image", "a 40x20 WebP image"] {
            let decoded = image::load_from_memory(&Content::parse(phrase).bytes("x")).expect(phrase);
            assert_eq!((decoded.width(), decoded.height()), (40, 20), "{phrase}");
        }
    }
}

//! createFile: a file in one multipart request, or one 5 MiB chunk of a larger file
//! (`Content-Range: bytes start-end/total`, later chunks naming the file in `X-Appwrite-ID`).
//! Appwrite 1.9.x `Modules/Storage/Http/Buckets/Files/Create.php`; the storage engine's
//! module docs describe the chunk protocol this follows.
//!
//! Checks run in Appwrite's order: scope and rate limit (per chunk number), params, bucket,
//! bucket `create` permission, the permissions asked for, the file part, the
//! `Content-Range`, the extension, the size.

use std::time::Duration;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;

use super::access::{self, Access};
use super::form::{self, FilePart};
use super::storage_error;
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::permissions::{self, Action, Permission};
use crate::rate_limit::RateSpec;
use crate::respond;
use crate::storage_engine::{AtRest, ChunkRange, Compression, FileKey, StoredMeta, UploadState};
use crate::store::storage::{self, BucketRecord, FileRecord};

/// 60 per minute, and each chunk position (`chunkId`) of an upload has a budget of its own.
const CREATE: Route = Route::limited(
    &["files.write"],
    RateSpec { limit: 60, window_secs: 60, keys: &["ip:{ip},method:{method},url:{url},userId:{userId},chunkId:{chunkId}"] },
);

/// How long a chunk waits for its upload's lock before it is answered busy (Appwrite
/// `Files/Create.php` takes the lock with `timeout: 120.0`).
const LOCK_WAIT: Duration = Duration::from_secs(120);

/// Appwrite's answer when the upload's lock stays taken: 429 `general_rate_limit_exceeded`
/// with `Retry-After: 5`; its own e2e tests (`testCreateBucketFileParallelChunksLargeFile`)
/// send the chunk again after that many seconds.
fn upload_busy() -> Response {
    let mut response = ApiError::with_message(catalogue::GENERAL_RATE_LIMIT_EXCEEDED, "File upload is busy. Try again.").into_response();
    response.headers_mut().insert("retry-after", HeaderValue::from_static("5"));
    response
}

fn header(ctx: &Ctx, name: &str) -> Option<String> {
    ctx.headers.get(name).and_then(|v| v.to_str().ok()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Everything a validated upload request carries.
struct Upload {
    bucket: BucketRecord,
    file_id: String,
    file: FilePart,
    permissions: Vec<Permission>,
    /// `None` for a single-request upload.
    chunk: Option<ChunkRange>,
}

pub async fn create(ctx: Ctx, PathParams(bucket_id): PathParams<String>, request: Request) -> ApiResult<Response> {
    let content_range = header(&ctx, "content-range");
    // Appwrite's chunkId: the 1-based chunk number the range starts in.
    let chunk_id = content_range.as_deref().and_then(|h| ChunkRange::parse(h).ok()).map_or(1, |r| r.index() + 1);
    ctx.guard(&CREATE, &Params::from_pairs([("chunkId".to_string(), chunk_id.to_string())]))?;

    let form = form::read(&ctx.headers, request.into_body()).await?;
    let params = Params::from_pairs(form.fields);
    let requested_id = params.required_custom_id("fileId")?;
    let raw_permissions = params.string_array("permissions", 2048)?;
    let access = Access::of(&ctx.principal);
    let bucket = {
        let access = access.clone();
        ctx.state
            .db
            .call(move |conn| {
                let bucket = access::bucket(conn, &bucket_id, &access)?;
                if !access.allows(&bucket.permissions, Action::Create) {
                    return Err(permissions::unauthorized(Action::Create));
                }
                Ok(bucket)
            })
            .await?
    };
    let permissions =
        access::file_permissions_param(raw_permissions, &access)?.unwrap_or_else(|| permissions::owner_defaults(access.user_id.as_deref()));
    let file = form.file.ok_or_else(|| ApiError::new(catalogue::STORAGE_FILE_EMPTY))?;

    let (file_id, chunk) = match content_range {
        None => (requested_id, None),
        Some(value) => {
            let range = ChunkRange::parse(&value).map_err(|_| ApiError::new(catalogue::STORAGE_INVALID_CONTENT_RANGE))?;
            let file_id = header(&ctx, "x-appwrite-id").unwrap_or(requested_id);
            if !crate::ids::is_valid(&file_id) {
                return Err(ApiError::new(catalogue::STORAGE_INVALID_APPWRITE_ID));
            }
            range.check_body(file.bytes.len()).map_err(|_| ApiError::new(catalogue::STORAGE_INVALID_CONTENT_RANGE))?;
            (file_id, Some(range))
        }
    };
    let total = chunk.map_or(file.bytes.len() as u64, |r| r.total);
    check_extension(&bucket, &file.filename)?;
    if total > u64::try_from(bucket.maximum_file_size).unwrap_or(0) {
        return Err(ApiError::with_message(catalogue::STORAGE_INVALID_FILE_SIZE, "File size not allowed"));
    }
    let upload = Upload { bucket, file_id, file, permissions, chunk };
    match upload.chunk {
        None => store_whole(&ctx, upload).await,
        Some(range) => store_chunk(&ctx, upload, range).await,
    }
}

/// Appwrite's `FileExt` validator: the lower-cased text after the last dot must be listed.
fn check_extension(bucket: &BucketRecord, filename: &str) -> ApiResult<()> {
    if bucket.allowed_file_extensions.is_empty() {
        return Ok(());
    }
    let extension = filename.rsplit_once('.').map(|(_, ext)| ext.to_lowercase()).unwrap_or_default();
    if bucket.allowed_file_extensions.iter().any(|allowed| allowed.to_lowercase() == extension) {
        return Ok(());
    }
    Err(ApiError::with_message(catalogue::STORAGE_FILE_TYPE_UNSUPPORTED, "File extension not allowed"))
}

fn at_rest(bucket: &BucketRecord) -> AtRest {
    AtRest { compression: Compression::parse(&bucket.compression).unwrap_or_default(), encryption: bucket.encryption }
}

fn key(upload: &Upload) -> ApiResult<FileKey> {
    FileKey::new(&upload.bucket.id, &upload.file_id).map_err(storage_error)
}

/// The row of a file whose bytes are not stored yet.
fn new_record(upload: &Upload, total: u64, chunks_total: u64) -> FileRecord {
    let now = crate::time::now();
    FileRecord {
        seq: 0,
        bucket_seq: upload.bucket.seq,
        bucket_id: upload.bucket.id.clone(),
        id: upload.file_id.clone(),
        created_at: now.clone(),
        updated_at: now,
        name: upload.file.filename.clone(),
        permissions: upload.permissions.clone(),
        signature: String::new(),
        mime_type: String::new(),
        size_original: total as i64,
        size_actual: 0,
        compression: Compression::None.as_str().to_string(),
        encryption: false,
        chunks_total: chunks_total as i64,
        chunks_uploaded: 0,
    }
}

fn mark_stored(record: &mut FileRecord, meta: &StoredMeta) {
    record.chunks_uploaded = record.chunks_total;
    record.signature = meta.signature.clone();
    record.mime_type = meta.mime_type.clone();
    record.size_actual = meta.size_actual as i64;
    record.compression = meta.compression.as_str().to_string();
    record.encryption = meta.encrypted;
    record.updated_at = crate::time::now();
}

fn already_exists() -> ApiError {
    ApiError::new(catalogue::STORAGE_FILE_ALREADY_EXISTS)
}

/// A single-request upload. The row is inserted first, so the ID is taken before any bytes
/// are written and a concurrent upload under the same ID cannot overwrite them.
async fn store_whole(ctx: &Ctx, upload: Upload) -> ApiResult<Response> {
    let key = key(&upload)?;
    let mut record = new_record(&upload, upload.file.bytes.len() as u64, 1);
    let reserved = record.clone();
    if !ctx.state.db.call(move |conn| Ok(storage::insert_file(conn, &reserved)?)).await? {
        return Err(already_exists());
    }
    let meta = match ctx.state.storage.store_whole(&key, upload.file.bytes, at_rest(&upload.bucket)).await {
        Ok(meta) => meta,
        Err(err) => {
            let (bucket_seq, id) = (record.bucket_seq, record.id.clone());
            ctx.state.db.call(move |conn| Ok(storage::delete_file(conn, bucket_seq, &id)?)).await?;
            return Err(storage_error(err));
        }
    };
    mark_stored(&mut record, &meta);
    let stored = record.clone();
    ctx.state.db.call(move |conn| Ok(storage::update_file(conn, &stored)?)).await?;
    Ok(respond::created(models::storage::file(&record)))
}

fn current(conn: &Connection, upload_bucket: i64, file_id: &str) -> ApiResult<Option<FileRecord>> {
    Ok(storage::get_file(conn, upload_bucket, file_id)?)
}

/// One chunk: staged without a lock (parallel chunks write in parallel), then counted and,
/// when it is the last one missing, assembled under the upload's lock. The row's
/// `chunksUploaded` is persisted before the lock is released, so it only moves forward.
async fn store_chunk(ctx: &Ctx, upload: Upload, range: ChunkRange) -> ApiResult<Response> {
    let key = key(&upload)?;
    let (bucket_seq, file_id) = (upload.bucket.seq, upload.file_id.clone());
    let lookup = {
        let file_id = file_id.clone();
        move |conn: &mut Connection| current(conn, bucket_seq, &file_id)
    };
    if let Some(existing) = ctx.state.db.call(lookup.clone()).await? {
        if existing.is_complete() {
            return Ok(respond::ok(models::storage::file(&existing)));
        }
        if existing.size_original as u64 != range.total {
            return Err(ApiError::with_message(
                catalogue::STORAGE_INVALID_CONTENT_RANGE,
                format!("The upload of this file has {} bytes in all; this chunk says {}.", existing.size_original, range.total),
            ));
        }
    }
    ctx.state.storage.stage_chunk(&key, range, upload.file.bytes.clone()).await.map_err(storage_error)?;

    let Ok(guard) = tokio::time::timeout(LOCK_WAIT, ctx.state.storage.lock_upload(&key)).await else {
        return Ok(upload_busy());
    };
    let existing = ctx.state.db.call(lookup).await?;
    if let Some(done) = existing.as_ref().filter(|f| f.is_complete()) {
        // Another chunk's request assembled the file while this one was staging its part:
        // this chunk was new when it arrived, so it is answered as created.
        guard.discard_chunks().await.map_err(storage_error)?;
        return Ok(respond::created(models::storage::file(done)));
    }
    let state = guard.settle(range.total, at_rest(&upload.bucket)).await.map_err(storage_error)?;
    let is_new = existing.is_none();
    let mut record = existing.unwrap_or_else(|| new_record(&upload, range.total, range.chunks_total()));
    let assembled = match &state {
        UploadState::Partial { uploaded, .. } => {
            record.chunks_uploaded = record.chunks_uploaded.max(*uploaded as i64);
            record.updated_at = crate::time::now();
            false
        }
        UploadState::Assembled { meta, .. } => {
            mark_stored(&mut record, meta);
            // The chunk that completes the upload gives the file its permissions.
            record.permissions = upload.permissions.clone();
            true
        }
    };
    let saved = record.clone();
    ctx.state
        .db
        .call(move |conn| {
            if is_new {
                // A single-request upload took the ID meanwhile.
                if !storage::insert_file(conn, &saved)? {
                    return Err(already_exists());
                }
            } else {
                storage::update_file(conn, &saved)?;
            }
            Ok(())
        })
        .await?;
    if assembled {
        guard.discard_chunks().await.map_err(storage_error)?;
    }
    drop(guard);
    Ok(respond::created(models::storage::file(&record)))
}

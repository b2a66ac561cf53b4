//! getFileDownload and getFileView: the original bytes (whatever the bucket does at rest),
//! whole or a `Range`. Appwrite 1.9.x `Files/Download/Get.php` and `Files/View/Get.php`.

use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::access::{self, Access};
use super::storage_error;
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::params::Params;
use crate::path::PathParams;
use crate::resource_token;
use crate::storage_engine::{resolve_range, FileKey};
use crate::store::storage::{BucketRecord, FileRecord};

pub(super) const READ: Route = Route::scope(&["files.read"]);

/// The `token` param's `Text(512)`.
const TOKEN_MAX: usize = 512;

/// MIME types a view may show as themselves (`app/config/storage/mimes.php`); anything
/// else, HTML included, is served as text/plain so a browser never runs it.
const VIEWABLE: &[&str] = &[
    "image/jpeg",
    "image/gif",
    "image/png",
    "image/webp",
    "image/heic",
    "image/heic-sequence",
    "image/avif",
    "video/mp4",
    "video/x-flv",
    "video/webm",
    "application/x-mpegURL",
    "video/MP2T",
    "video/3gpp",
    "video/quicktime",
    "video/x-msvideo",
    "video/x-ms-wmv",
    "audio/basic",
    "auido/L24",
    "audio/mid",
    "audio/mpeg",
    "audio/mp4",
    "audio/x-aiff",
    "audio/x-mpegurl",
    "audio/vnd.rn-realaudio",
    "audio/ogg",
    "audio/vorbis",
    "audio/vnd.wav",
    "audio/x-wav",
    "audio/aac",
    "audio/x-hx-aac-adts",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "application/vnd.ms-word.document.macroEnabled.12",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
    "application/vnd.ms-excel.sheet.macroEnabled.12",
    "application/vnd.ms-excel.template.macroEnabled.12",
    "application/vnd.ms-excel.addin.macroEnabled.12",
    "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.template",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
    "application/vnd.ms-powerpoint.addin.macroEnabled.12",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.12",
    "application/vnd.ms-powerpoint.template.macroEnabled.12",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.12",
    "application/vnd.ms-access",
    "application/pdf",
];

#[derive(Clone, Copy)]
enum Disposition {
    Attachment,
    Inline,
}

pub async fn download(ctx: Ctx, PathParams((bucket_id, file_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    serve(ctx, bucket_id, file_id, params, Disposition::Attachment).await
}

pub async fn view(ctx: Ctx, PathParams((bucket_id, file_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    serve(ctx, bucket_id, file_id, params, Disposition::Inline).await
}

/// A stored file the caller, or the file token in `params`, may read: the row, and the key
/// of its bytes. An upload still missing chunks has no bytes yet (404).
/// `bucket_check` runs on the bucket before the file is looked up (preview refuses buckets
/// without transformations there), in the same database call.
pub(super) async fn readable_stored_file(
    ctx: &Ctx,
    bucket_id: String,
    file_id: String,
    params: &Params,
    bucket_check: impl FnOnce(&BucketRecord) -> ApiResult<()> + Send + 'static,
) -> ApiResult<(FileRecord, FileKey)> {
    let access = Access::of(&ctx.principal);
    let secret = params.text("token", TOKEN_MAX)?;
    let key = ctx.state.jwt_key.clone();
    let file = ctx
        .state
        .db
        .call(move |conn| {
            let bucket = access::bucket(conn, &bucket_id, &access)?;
            bucket_check(&bucket)?;
            let token = match secret.filter(|s| !s.is_empty()) {
                Some(secret) => resource_token::resolve(conn, &key, &secret)?,
                None => None,
            };
            access::readable_content(conn, &bucket, &file_id, &access, token.as_ref())
        })
        .await?;
    if !file.is_complete() {
        return Err(access::file_not_found());
    }
    let key = FileKey::new(&file.bucket_id, &file.id).map_err(storage_error)?;
    Ok((file, key))
}

async fn serve(ctx: Ctx, bucket_id: String, file_id: String, params: Params, disposition: Disposition) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let (file, key) = readable_stored_file(&ctx, bucket_id, file_id, &params, |_| Ok(())).await?;
    let size = file.size_original as u64;
    let range = ctx.headers.get(header::RANGE).map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_string()).filter(|v| !v.is_empty());
    let (status, body, content_range) = match range {
        Some(value) => {
            let (start, end) = resolve_range(&value, size).map_err(|_| ApiError::new(catalogue::STORAGE_INVALID_RANGE))?;
            let bytes = ctx.state.storage.read_range(&key, start, end).await.map_err(storage_error)?;
            (StatusCode::PARTIAL_CONTENT, bytes, Some(format!("bytes {start}-{end}/{size}")))
        }
        None => (StatusCode::OK, ctx.state.storage.read(&key).await.map_err(storage_error)?, None),
    };
    let (content_type, kind) = match disposition {
        Disposition::Attachment => (file.mime_type.as_str(), "attachment"),
        Disposition::Inline if VIEWABLE.contains(&file.mime_type.as_str()) => (file.mime_type.as_str(), "inline"),
        Disposition::Inline => ("text/plain", "inline"),
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    set(headers, header::CONTENT_TYPE, content_type);
    set(headers, header::CONTENT_DISPOSITION, &format!("{kind}; filename=\"{}\"", file.name));
    set(headers, header::CACHE_CONTROL, "private, max-age=3888000");
    if matches!(disposition, Disposition::Inline) {
        set(headers, header::CONTENT_SECURITY_POLICY, "script-src none;");
        set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    }
    if let Some(content_range) = content_range {
        set(headers, header::ACCEPT_RANGES, "bytes");
        set(headers, header::CONTENT_RANGE, &content_range);
    }
    Ok(response)
}

/// Sets a header; a value that cannot be sent (control characters in a file name) has them
/// replaced by `_`.
fn set(headers: &mut axum::http::HeaderMap, name: HeaderName, value: &str) {
    let value = HeaderValue::from_str(value).unwrap_or_else(|_| {
        let cleaned: String = value.chars().map(|c| if c.is_control() { '_' } else { c }).collect();
        HeaderValue::from_str(&cleaned).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
    });
    headers.insert(name, value);
}

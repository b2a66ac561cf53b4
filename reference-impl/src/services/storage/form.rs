//! Reading a createFile body: `multipart/form-data` with text fields (`fileId`,
//! `permissions[]`, ...) and one `file` part. The body is read here rather than by an
//! extractor so that an oversized one is refused with an Appwrite-shaped 413 after the
//! client has finished sending (a response sent mid-upload reaches many clients as a reset
//! connection instead).

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

use crate::error::{ApiError, ApiResult, ErrorType};

/// The largest request body accepted: Appwrite's HTTP server limit (Swoole
/// `package_max_length`), room for one 5 MiB chunk and its form fields.
pub const MAX_BODY: usize = 12 * 1024 * 1024;

/// Past this many bytes an oversized body is no longer drained, just dropped.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// Appwrite's 413 comes from its HTTP server, which has no error type for it; this keeps
/// the Appwrite error shape with the status that server uses.
const REQUEST_TOO_LARGE: ErrorType = ErrorType {
    name: "general_argument_invalid",
    code: 413,
    message: "Request body too large: at most 12 MiB per request (one 5 MiB chunk and its form fields).",
};

pub struct UploadForm {
    /// Text fields in arrival order.
    pub fields: Vec<(String, String)>,
    pub file: Option<FilePart>,
}

pub struct FilePart {
    pub filename: String,
    pub bytes: Bytes,
}

pub async fn read(headers: &HeaderMap, body: Body) -> ApiResult<UploadForm> {
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let boundary = multer::parse_boundary(content_type)
        .map_err(|_| ApiError::argument("The request body must be multipart/form-data with a boundary."))?;
    let bytes = read_limited(body).await?;
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let malformed = |e: multer::Error| ApiError::argument(format!("Invalid multipart body: {e}"));
    let mut form = UploadForm { fields: Vec::new(), file: None };
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        if name == "file" {
            let bytes = field.bytes().await.map_err(malformed)?;
            form.file = Some(FilePart { filename: filename.unwrap_or_default(), bytes });
        } else if filename.is_none() {
            form.fields.push((name, field.text().await.map_err(malformed)?));
        }
    }
    Ok(form)
}

/// The whole body, or 413 once it passes `MAX_BODY` (reading on up to `DRAIN_LIMIT` so the
/// client sees the answer).
async fn read_limited(body: Body) -> ApiResult<Bytes> {
    let mut stream = body.into_data_stream();
    let mut buffer = BytesMut::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::argument(format!("Request body could not be read: {e}")))?;
        seen += chunk.len();
        if seen <= MAX_BODY {
            buffer.extend_from_slice(&chunk);
        } else if seen > DRAIN_LIMIT {
            break;
        }
    }
    if seen > MAX_BODY {
        return Err(ApiError::new(REQUEST_TOO_LARGE));
    }
    Ok(buffer.freeze())
}

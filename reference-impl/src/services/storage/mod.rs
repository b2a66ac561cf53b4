//! The Storage service: buckets (server keys) and the files in them (clients too), with
//! chunked uploads, downloads, views and image previews. Appwrite 1.9.x
//! `src/Appwrite/Platform/Modules/Storage/Http/Buckets/`.

pub(crate) mod access;
mod buckets;
mod content;
mod files;
mod form;
mod icon;
mod preview;
mod upload;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

/// This server's `_APP_STORAGE_LIMIT`: the largest `maximumFileSize` a bucket may set, and
/// its default. 5 GB, Appwrite Cloud's per-file limit.
pub const STORAGE_LIMIT: i64 = 5_000_000_000;

pub use form::MAX_BODY;

pub fn router() -> Router<AppState> {
    const FILE: &str = "/v1/storage/buckets/{bucketId}/files/{fileId}";
    Router::new()
        .route("/v1/storage/buckets", get(buckets::list).post(buckets::create))
        .route("/v1/storage/buckets/{bucketId}", get(buckets::fetch).put(buckets::update).delete(buckets::remove))
        .route(
            "/v1/storage/buckets/{bucketId}/files",
            // The upload reads its own body with its own size limit (form.rs).
            get(files::list).post(upload::create).layer(DefaultBodyLimit::disable()),
        )
        .route(FILE, get(files::fetch).put(files::update).delete(files::remove))
        .route(&format!("{FILE}/download"), get(content::download))
        .route(&format!("{FILE}/view"), get(content::view))
        .route(&format!("{FILE}/preview"), get(preview::preview))
}

/// The Appwrite error for a storage engine failure.
fn storage_error(err: crate::storage_engine::StorageError) -> crate::error::ApiError {
    use crate::catalogue;
    use crate::error::ApiError;
    use crate::storage_engine::StorageError;
    match err {
        StorageError::ContentRange(e) => {
            ApiError::with_message(catalogue::STORAGE_INVALID_CONTENT_RANGE, format!("Invalid Content-Range: {e}"))
        }
        StorageError::InvalidId => ApiError::argument("Invalid bucket or file ID."),
        StorageError::NotFound => access::file_not_found(),
        other => ApiError::internal(other),
    }
}

//! `X-Appwrite-Timestamp`: a client says when it last read a document, and a write to a
//! document changed after that moment is refused (409 `document_update_conflict`) instead
//! of overwriting someone else's change. Appwrite 1.9.6 reads the header in
//! `app/init/resources/request.php` (`requestTimestamp`); utopia-php/database compares it
//! with the stored `$updatedAt` in `updateDocument`, `upsertDocuments` and `deleteDocument`.

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};

use crate::catalogue;
use crate::error::{ApiError, ApiResult};

/// The header's moment; `None` when absent or empty, 400 `general_argument_invalid` when it
/// is not a date (checked before the route looks anything up, as Appwrite's resource is).
pub(super) fn from_headers(headers: &HeaderMap) -> ApiResult<Option<DateTime<Utc>>> {
    let Some(value) = headers.get("x-appwrite-timestamp") else { return Ok(None) };
    let text = value.to_str().unwrap_or("\u{0}").trim();
    if text.is_empty() {
        return Ok(None);
    }
    crate::time::parse_client(text).map(Some).ok_or_else(|| ApiError::argument("Invalid X-Appwrite-Timestamp header value"))
}

/// 409 `document_update_conflict` when the stored document changed after `since`.
pub(super) fn check(since: Option<DateTime<Utc>>, updated_at: &str) -> ApiResult<()> {
    match (since, crate::time::parse(updated_at)) {
        (Some(since), Some(updated)) if updated > since => Err(ApiError::new(catalogue::DOCUMENT_UPDATE_CONFLICT)),
        _ => Ok(()),
    }
}

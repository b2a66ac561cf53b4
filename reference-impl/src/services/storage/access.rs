//! Who may reach a bucket and its files, as every Files route of Appwrite 1.9.x decides it:
//!
//! - a missing bucket, or a disabled one for anyone but an API key: 404 `storage_bucket_not_found`;
//! - the bucket's permission for the action admits the caller: go ahead (file permissions
//!   are not consulted);
//! - otherwise, without `fileSecurity`: 401 `user_unauthorized`;
//! - otherwise the file's own permission decides: a file the caller may not read does not
//!   exist for them (404 `storage_file_not_found`), one they may not change is 401.
//!
//! API keys pass every permission check.
//!
//! A file token (`?token=` on download, view and preview) stands in for the read permission
//! of its bucket and file, and for nothing else: on any other file it is 401
//! `user_unauthorized`, whoever asks.

use rusqlite::Connection;

use crate::auth::Principal;
use crate::catalogue;
use crate::error::{ApiError, ApiResult};
use crate::permissions::{self, Action, Permission};
use crate::store::storage::{self, BucketRecord, FileRecord};
use crate::store::tokens::TokenRecord;

#[derive(Clone, Debug)]
pub struct Access {
    pub key: bool,
    pub roles: Vec<String>,
    pub user_id: Option<String>,
}

impl Access {
    pub fn of(principal: &Principal) -> Access {
        Access { key: principal.is_key(), roles: principal.roles(), user_id: principal.user().map(|u| u.id.clone()) }
    }

    pub fn allows(&self, perms: &[Permission], action: Action) -> bool {
        self.key || permissions::allows(perms, action, &self.roles)
    }
}

pub fn bucket_not_found() -> ApiError {
    ApiError::new(catalogue::STORAGE_BUCKET_NOT_FOUND)
}

pub fn file_not_found() -> ApiError {
    ApiError::new(catalogue::STORAGE_FILE_NOT_FOUND)
}

/// The bucket a Files route works in.
pub fn bucket(conn: &Connection, id: &str, access: &Access) -> ApiResult<BucketRecord> {
    match storage::get_bucket(conn, id)? {
        Some(b) if b.enabled || access.key => Ok(b),
        _ => Err(bucket_not_found()),
    }
}

/// Whether a list shows every file of the bucket (`None`) or only those whose permissions
/// grant read to one of the returned roles.
pub fn list_filter(bucket: &BucketRecord, access: &Access) -> ApiResult<Option<Vec<String>>> {
    if access.allows(&bucket.permissions, Action::Read) {
        return Ok(None);
    }
    if !bucket.file_security {
        return Err(permissions::unauthorized(Action::Read));
    }
    Ok(Some(access.roles.clone()))
}

/// A file the caller may read (metadata, bytes, preview).
pub fn readable_file(conn: &Connection, bucket: &BucketRecord, file_id: &str, access: &Access) -> ApiResult<FileRecord> {
    let by_bucket = list_filter(bucket, access)?.is_none();
    storage::get_file(conn, bucket.seq, file_id)?
        .filter(|f| by_bucket || access.allows(&f.permissions, Action::Read))
        .ok_or_else(file_not_found)
}

/// A file whose bytes the caller may read (download, view, preview), with the file token
/// the request carried, if genuine. Appwrite checks in this order: the token's bucket
/// bypasses the read checks; a token naming another file (or one gone) is 401; then 404.
pub fn readable_content(
    conn: &Connection,
    bucket: &BucketRecord,
    file_id: &str,
    access: &Access,
    token: Option<&TokenRecord>,
) -> ApiResult<FileRecord> {
    let file = match token {
        Some(t) if t.bucket_seq == bucket.seq => storage::get_file(conn, bucket.seq, file_id)?,
        _ => {
            let by_bucket = list_filter(bucket, access)?.is_none();
            storage::get_file(conn, bucket.seq, file_id)?.filter(|f| by_bucket || access.allows(&f.permissions, Action::Read))
        }
    };
    if token.is_some_and(|t| file.as_ref().map(|f| f.seq) != Some(t.file_seq)) {
        return Err(ApiError::new(catalogue::USER_UNAUTHORIZED));
    }
    file.ok_or_else(file_not_found)
}

/// A file the caller may update or delete (`action`); reading it is not required.
pub fn changeable_file(conn: &Connection, bucket: &BucketRecord, file_id: &str, access: &Access, action: Action) -> ApiResult<FileRecord> {
    let by_bucket = access.allows(&bucket.permissions, action);
    if !bucket.file_security && !by_bucket {
        return Err(permissions::unauthorized(action));
    }
    let file = storage::get_file(conn, bucket.seq, file_id)?.ok_or_else(file_not_found)?;
    if !by_bucket && !access.allows(&file.permissions, action) {
        return Err(permissions::unauthorized(action));
    }
    Ok(file)
}

/// The `permissions` param of a file write: read, update and delete only (`write` stands
/// for update and delete on files), and only roles the caller holds. `None` when not given.
pub fn file_permissions_param(raw: Option<Vec<String>>, access: &Access) -> ApiResult<Option<Vec<Permission>>> {
    let Some(raw) = raw else { return Ok(None) };
    let parsed = permissions::parse_param("permissions", &raw, &[Action::Read, Action::Update, Action::Delete, Action::Write])?;
    let mut perms: Vec<Permission> = parsed.into_iter().filter(|p| p.action != Action::Create).collect();
    perms.dedup();
    permissions::check_grantable(access.key, &access.roles, &perms)?;
    Ok(Some(perms))
}

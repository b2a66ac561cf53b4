//! Files: list, get, update (name, permissions), delete. Appwrite 1.9.x
//! `Modules/Storage/Http/Buckets/Files/{XList,Get,Update,Delete}.php`. Uploads are upload.rs.

use axum::response::Response;
use rusqlite::types::Value as Sql;

use super::access::{self, Access};
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::permissions::{Action, Permission};
use crate::query::{self, Options, Scope};
use crate::rate_limit::RateSpec;
use crate::respond;
use crate::storage_engine::FileKey;
use crate::store::storage;

const READ: Route = Route::scope(&["files.read"]);
const UPDATE: Route = Route::scope(&["files.write"]);
const DELETE: Route =
    Route::limited(&["files.write"], RateSpec { limit: 60, window_secs: 60, keys: &["ip:{ip},method:{method},url:{url},userId:{userId}"] });

const NAME_MAX: usize = 128;

pub async fn list(ctx: Ctx, PathParams(bucket_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let search = params.text("search", 256)?;
    let count = params.bool("total")?.unwrap_or(true);
    let plan = query::parse_param(&raw, &storage::file_schema(), Options::default())?;
    let access = Access::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let bucket = access::bucket(conn, &bucket_id, &access)?;
            let mut scope = Scope::default().and("bucket_seq = ?", [Sql::Integer(bucket.seq)]);
            if let Some(roles) = access::list_filter(&bucket, &access)? {
                scope = readable_by(scope, &roles);
            }
            let scope = query::search_scope(scope, search, &["id", "name"]);
            let (found, total) =
                query::list(conn, storage::FILE_TABLE, "File", storage::FILE_COLUMNS, &plan, &scope, count, storage::file_from_row)?;
            Ok(models::list("files", total, found.iter().map(models::storage::file).collect()))
        })
        .await?;
    Ok(respond::ok(body))
}

/// Only files whose own permissions grant read to one of `roles`.
fn readable_by(scope: Scope, roles: &[String]) -> Scope {
    if roles.is_empty() {
        return scope.and("0", []);
    }
    let wanted: Vec<Sql> =
        roles.iter().map(|role| Sql::Text(Permission { action: Action::Read, role: role.clone() }.to_string())).collect();
    let marks = vec!["?"; wanted.len()].join(", ");
    scope.and(format!("EXISTS (SELECT 1 FROM json_each(permissions) WHERE value IN ({marks}))"), wanted)
}

pub async fn fetch(ctx: Ctx, PathParams((bucket_id, file_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let access = Access::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let bucket = access::bucket(conn, &bucket_id, &access)?;
            Ok(models::storage::file(&access::readable_file(conn, &bucket, &file_id, &access)?))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn update(ctx: Ctx, PathParams((bucket_id, file_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&UPDATE, &params)?;
    let access = Access::of(&ctx.principal);
    let name = params.text("name", NAME_MAX)?;
    let raw_permissions = params.string_array("permissions", 2048)?;
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let bucket = access::bucket(conn, &bucket_id, &access)?;
            let mut file = access::changeable_file(conn, &bucket, &file_id, &access, Action::Update)?;
            if let Some(perms) = access::file_permissions_param(raw_permissions, &access)? {
                file.permissions = perms;
            }
            if let Some(name) = name {
                file.name = name;
            }
            file.updated_at = crate::time::now();
            storage::update_file(conn, &file)?;
            Ok(models::storage::file(&file))
        })
        .await?;
    Ok(respond::ok(body))
}

/// Deletes the bytes (and any unfinished upload) before the row, as the storage engine asks:
/// a crash in between leaves a row whose download is 404, never bytes a new upload under the
/// same ID could mistake for its own.
pub async fn remove(ctx: Ctx, PathParams((bucket_id, file_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&DELETE, &params)?;
    let access = Access::of(&ctx.principal);
    let (bucket_for_check, file_for_check) = (bucket_id.clone(), file_id.clone());
    let file = ctx
        .state
        .db
        .call(move |conn| {
            let bucket = access::bucket(conn, &bucket_for_check, &access)?;
            access::changeable_file(conn, &bucket, &file_for_check, &access, Action::Delete)
        })
        .await?;
    let key = FileKey::new(&bucket_id, &file_id).map_err(|_| access::file_not_found())?;
    ctx.state.storage.delete(&key).await.map_err(ApiError::internal)?;
    let deleted = ctx.state.db.call(move |conn| Ok(storage::delete_file(conn, file.bucket_seq, &file.id)?)).await?;
    if !deleted {
        return Err(access::file_not_found());
    }
    Ok(respond::no_content())
}

//! Databases: list, create, get, update, delete (server keys). Appwrite 1.9.6
//! `Modules/Databases/Http/Databases/{XList,Create,Get,Update,Delete}.php`.

use axum::response::Response;

use super::with_id;
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::query::{self, Options, Scope};
use crate::respond;
use crate::store::databases::catalog::{self, DatabaseRecord};

const READ: Route = Route::scope(&["databases.read"]);
const WRITE: Route = Route::scope(&["databases.write"]);

/// `name` is Appwrite's `Text(128)`.
const NAME_MAX: usize = 128;

pub async fn list(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let search = params.text("search", 256)?;
    let count = params.bool("total")?.unwrap_or(true);
    let plan = query::parse_param(&raw, &catalog::database_schema(), Options::default())?;
    let scope = query::search_scope(Scope::default(), search, &["id", "name"]);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let (found, total) =
                query::list(conn, "databases", "Database", catalog::DATABASE_COLUMNS, &plan, &scope, count, catalog::database_from_row)?;
            Ok(models::list("databases", total, found.iter().map(models::databases::database).collect()))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn create(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let id = params.required_custom_id("databaseId")?;
    let name = params.required_text("name", NAME_MAX)?;
    let enabled = params.bool("enabled")?.unwrap_or(true);
    let now = crate::time::now();
    let mut record = DatabaseRecord { seq: 0, id, name, enabled, created_at: now.clone(), updated_at: now };
    let body = ctx
        .state
        .db
        .call(move |conn| {
            if !catalog::insert_database(conn, &record)? {
                return Err(with_id(catalogue::DATABASE_ALREADY_EXISTS, &record.id));
            }
            record.seq = conn.last_insert_rowid();
            Ok(models::databases::database(&record))
        })
        .await?;
    Ok(respond::created(body))
}

pub async fn fetch(ctx: Ctx, PathParams(database_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let body = ctx.state.db.read(move |conn| Ok(models::databases::database(&super::database(conn, &database_id, true)?))).await?;
    Ok(respond::ok(body))
}

pub async fn update(ctx: Ctx, PathParams(database_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let name = params.text("name", NAME_MAX)?;
    let enabled = params.bool("enabled")?;
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let mut record = super::database(conn, &database_id, true)?;
            if let Some(name) = name {
                record.name = name;
            }
            if let Some(enabled) = enabled {
                record.enabled = enabled;
            }
            record.updated_at = crate::time::now();
            catalog::update_database(conn, &record)?;
            Ok(models::databases::database(&record))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn remove(ctx: Ctx, PathParams(database_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    ctx.state
        .db
        .call(move |conn| {
            let record = super::database(conn, &database_id, true)?;
            catalog::delete_database(conn, &record).map_err(ApiError::from)
        })
        .await?;
    Ok(respond::no_content())
}

//! Collections: list, create, get, update, delete (server keys). Appwrite 1.9.6
//! `Modules/Databases/Http/Databases/Collections/{XList,Create,Get,Update,Delete}.php`.

use axum::response::Response;

use super::{with_id, Loaded};
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::permissions::{self, Action};
use crate::query::{self, Options, Scope};
use crate::respond;
use crate::store::databases::catalog::{self, CollectionRecord};
use crate::store::databases::schema;

const READ: Route = Route::scope(&["collections.read"]);
const WRITE: Route = Route::scope(&["collections.write"]);

const NAME_MAX: usize = 128;
/// Collections take every permission kind: `create` lets callers add documents.
const ACTIONS: &[Action] = &[Action::Read, Action::Create, Action::Update, Action::Delete, Action::Write];

fn render(loaded: &Loaded) -> serde_json::Value {
    let mut body = models::databases::collection(&loaded.collection, &loaded.attrs, &loaded.indexes);
    super::relationships::add_to_collection(&mut body, loaded);
    body
}

pub async fn list(ctx: Ctx, PathParams(database_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let search = params.text("search", 256)?;
    let count = params.bool("total")?.unwrap_or(true);
    let plan = query::parse_param(&raw, &catalog::collection_schema(), Options::default())?;
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let database = super::database(conn, &database_id, true)?;
            let scope = Scope::default().and("database_seq = ?", [rusqlite::types::Value::Integer(database.seq)]);
            let scope = query::search_scope(scope, search, &["id", "name"]);
            let (found, total) = query::list(
                conn,
                catalog::COLLECTION_TABLE,
                "Collection",
                catalog::COLLECTION_LIST_COLUMNS,
                &plan,
                &scope,
                count,
                catalog::collection_from_row,
            )?;
            let items = found
                .iter()
                .map(|c| Ok(models::databases::collection(c, &schema::attributes(conn, c.seq)?, &schema::indexes(conn, c.seq)?)))
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(models::list("collections", total, items))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn create(ctx: Ctx, PathParams(database_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let id = params.required_custom_id("collectionId")?;
    let name = params.required_text("name", NAME_MAX)?;
    let perms = params.string_array("permissions", 2048)?.unwrap_or_default();
    let perms = permissions::parse_param("permissions", &perms, ACTIONS)?;
    let document_security = params.bool("documentSecurity")?.unwrap_or(false);
    let enabled = params.bool("enabled")?.unwrap_or(true);
    let now = crate::time::now();
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let database = super::database(conn, &database_id, true)?;
            let mut record = CollectionRecord {
                seq: 0,
                database_seq: database.seq,
                database_id: database.id.clone(),
                id,
                name,
                enabled,
                document_security,
                permissions: perms,
                created_at: now.clone(),
                updated_at: now,
            };
            record.seq =
                catalog::insert_collection(conn, &record)?.ok_or_else(|| with_id(catalogue::COLLECTION_ALREADY_EXISTS, &record.id))?;
            Ok(models::databases::collection(&record, &[], &[]))
        })
        .await?;
    Ok(respond::created(body))
}

pub async fn fetch(
    ctx: Ctx,
    PathParams((database_id, collection_id)): PathParams<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let body = ctx.state.db.read(move |conn| Ok(render(&super::collection(conn, &database_id, &collection_id, true)?))).await?;
    Ok(respond::ok(body))
}

pub async fn update(
    ctx: Ctx,
    PathParams((database_id, collection_id)): PathParams<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let name = params.text("name", NAME_MAX)?;
    let perms = match params.string_array("permissions", 2048)? {
        Some(raw) => Some(permissions::parse_param("permissions", &raw, ACTIONS)?),
        None => None,
    };
    let document_security = params.bool("documentSecurity")?;
    let enabled = params.bool("enabled")?;
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let mut loaded = super::collection(conn, &database_id, &collection_id, true)?;
            let c = &mut loaded.collection;
            if let Some(name) = name {
                c.name = name;
            }
            if let Some(perms) = perms {
                c.permissions = perms;
            }
            if let Some(flag) = document_security {
                c.document_security = flag;
            }
            if let Some(flag) = enabled {
                c.enabled = flag;
            }
            c.updated_at = crate::time::now();
            catalog::update_collection(conn, c)?;
            Ok(render(&loaded))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn remove(
    ctx: Ctx,
    PathParams((database_id, collection_id)): PathParams<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    ctx.state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            catalog::delete_collection(conn, loaded.collection.seq).map_err(ApiError::from)
        })
        .await?;
    Ok(respond::no_content())
}

//! Indexes: list, create (key, unique, fulltext; orders), get, delete. Appwrite 1.9.6
//! `Modules/Databases/Http/Databases/Collections/Indexes/`. Creation answers 202; the index
//! is built before the response leaves, so it reads back `available` (or `failed` when
//! existing documents make a unique index impossible).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::with_id;
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::query::{self, Options, Scope};
use crate::respond;
use crate::store::databases::schema::{self, AttrType, IndexDef};

const READ: Route = Route::scope(&["collections.read", "indexes.read"]);
const WRITE: Route = Route::scope(&["collections.write", "indexes.write"]);

/// `APP_LIMIT_ARRAY_PARAMS_SIZE` attributes per index.
const ATTRIBUTES_MAX: usize = 100;

pub async fn list(ctx: Ctx, PathParams((database_id, collection_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let count = params.bool("total")?.unwrap_or(true);
    let plan = query::parse_param(&raw, &schema::index_list_schema(), Options::default())?;
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            let scope = Scope::default().and("collection_seq = ?", [rusqlite::types::Value::Integer(loaded.collection.seq)]);
            let (found, total) =
                query::list(conn, schema::INDEX_TABLE, "Index", schema::INDEX_LIST_COLUMNS, &plan, &scope, count, schema::index_from_row)?;
            Ok(models::list("indexes", total, found.iter().map(models::databases::index).collect()))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn fetch(
    ctx: Ctx,
    PathParams((database_id, collection_id, key)): PathParams<(String, String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            let found = loaded.indexes.iter().find(|i| i.key == key).ok_or_else(|| with_id(catalogue::INDEX_NOT_FOUND, &key))?;
            Ok(models::databases::index(found))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn remove(
    ctx: Ctx,
    PathParams((database_id, collection_id, key)): PathParams<(String, String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    ctx.state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            let found = loaded.indexes.iter().find(|i| i.key == key).ok_or_else(|| with_id(catalogue::INDEX_NOT_FOUND, &key))?;
            schema::delete_index(conn, loaded.collection.seq, found).map_err(ApiError::from)
        })
        .await?;
    Ok(respond::no_content())
}

fn index_invalid(message: impl Into<String>) -> ApiError {
    ApiError::with_message(catalogue::INDEX_INVALID, message)
}

pub async fn create(
    ctx: Ctx,
    PathParams((database_id, collection_id)): PathParams<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let key = params.required_text("key", usize::MAX)?;
    let key = crate::ids::existing("key", &key)?.to_string();
    let kind = params.required_text("type", usize::MAX)?;
    if !matches!(kind.as_str(), "key" | "unique" | "fulltext" | "spatial") {
        return Err(ApiError::argument("Invalid `type` param: Value must be one of (key, fulltext, unique, spatial)"));
    }
    let attributes = params.string_array("attributes", 255)?.ok_or_else(|| ApiError::argument("Param \"attributes\" is not optional."))?;
    if attributes.is_empty() || attributes.len() > ATTRIBUTES_MAX {
        return Err(ApiError::argument(format!("Invalid `attributes` param: Value must a valid array no longer than {ATTRIBUTES_MAX} items and Value must be a valid string and no longer than 255 chars")));
    }
    let orders = params.string_array("orders", 4)?.unwrap_or_default();
    if orders.iter().any(|o| o != "ASC" && o != "DESC") {
        return Err(ApiError::argument(
            "Invalid `orders` param: Value must a valid array no longer than 100 items and Value must be one of (ASC, DESC)",
        ));
    }
    let lengths: Vec<Value> = match params.raw("lengths")? {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            for name in &attributes {
                let known = loaded.attrs.iter().find(|a| &a.key == name);
                match known {
                    Some(a) if a.status == "available" => {
                        if kind == "fulltext"
                            && !a.kind.is_text()
                            && !matches!(a.kind, AttrType::Email | AttrType::Enum | AttrType::Ip | AttrType::Url)
                        {
                            return Err(index_invalid(format!(
                                "Attribute \"{name}\" cannot be part of a fulltext index, must be of type string"
                            )));
                        }
                    }
                    _ => return Err(with_id(catalogue::ATTRIBUTE_UNKNOWN, name)),
                }
            }
            super::spatial::check_index(&kind, &loaded, &attributes, &orders)?;
            if kind == "fulltext" && !orders.is_empty() {
                return Err(index_invalid("Fulltext index do not support orders"));
            }
            if let Some(existing) = loaded.indexes.iter().find(|i| i.attributes == attributes && i.kind == kind) {
                return Err(index_invalid(format!("There is already an index with the same attributes: {}", existing.key)));
            }
            let now = crate::time::now();
            let index = IndexDef {
                seq: 0,
                key: key.clone(),
                kind,
                attributes,
                orders,
                lengths,
                status: "processing".into(),
                error: String::new(),
                created_at: now.clone(),
                updated_at: now,
            };
            let stored =
                schema::add_index(conn, loaded.collection.seq, &index)?.ok_or_else(|| with_id(catalogue::INDEX_ALREADY_EXISTS, &key))?;
            let mut body = models::databases::index(&stored);
            body["status"] = json!("processing");
            Ok(body)
        })
        .await?;
    Ok(respond::json(StatusCode::ACCEPTED, body))
}

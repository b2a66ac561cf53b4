//! Bulk document operations (server keys in Appwrite's SDKs): create many, upsert many,
//! update by queries, delete by queries. Each runs in one transaction: all or nothing.
//! Appwrite 1.9.6 `Documents/Create.php` (bulk branch) and `Documents/Bulk/*.php`.

use axum::response::Response;
use rusqlite::Connection;
use serde_json::{Map, Value};

use super::access::{Caller, DOCUMENT_ACTIONS};
use super::documents::{insert_new, objects_param, permission_scope, plan, render, save, take_system_fields, upsert_one, DELETE, WRITE};
use super::structure::validate;
use super::transactions::{stage, staged_list, transaction_param, Write};
use super::Loaded;
use crate::catalogue;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::permissions::{self, Action, Permission};
use crate::query;
use crate::respond;
use crate::store::databases::docs_table;
use crate::store::databases::documents::{self as docs, DocRecord};

type Ids = (String, String);

/// `$permissions` of one bulk item; a bad one is 400 `general_bad_request` as in Appwrite.
fn item_permissions(value: Option<Value>) -> ApiResult<Option<Vec<Permission>>> {
    let Some(value) = value.filter(|v| !v.is_null()) else { return Ok(None) };
    let raw: Vec<String> = serde_json::from_value(value)
        .map_err(|_| ApiError::with_message(catalogue::GENERAL_BAD_REQUEST, "Permissions must be an array of strings."))?;
    permissions::parse_param("$permissions", &raw, DOCUMENT_ACTIONS)
        .map(Some)
        .map_err(|e| ApiError::with_message(catalogue::GENERAL_BAD_REQUEST, e.message))
}

fn item_id(id: Option<String>) -> ApiResult<String> {
    crate::ids::custom("$id", id.as_deref().unwrap_or("unique()"))
        .map_err(|_| ApiError::with_message(catalogue::GENERAL_BAD_REQUEST, crate::ids::ID_RULE))
}

fn document_list(loaded: &Loaded, found: &[DocRecord]) -> Value {
    models::list("documents", found.len() as u64, found.iter().map(|d| render(loaded, d)).collect())
}

/// createDocuments: the bulk branch of `POST …/documents` (the caller checked it is a key).
pub async fn create_many(ctx: Ctx, database_id: String, collection_id: String, items: Vec<Map<String, Value>>) -> ApiResult<Response> {
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, caller.key)?;
            super::relationships::refuse_bulk_create(&loaded)?;
            let tx = conn.transaction()?;
            let mut created = Vec::new();
            for mut data in items {
                let system = take_system_fields(&mut data, &caller)?;
                let id = item_id(system.id)?;
                let perms = item_permissions(system.permissions)?.unwrap_or_default();
                created.push(insert_new(&tx, &loaded, id, perms, &data, (system.created_at, system.updated_at))?);
            }
            tx.commit()?;
            Ok(document_list(&loaded, &created))
        })
        .await?;
    Ok(respond::created(body))
}

pub async fn upsert_many(ctx: Ctx, PathParams((database_id, collection_id)): PathParams<Ids>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let caller = Caller::of(&ctx.principal);
    let items = objects_param(&params, "documents")?.ok_or_else(|| ApiError::argument("Param \"documents\" is not optional."))?;
    if let Some(transaction_id) = transaction_param(&params)? {
        let (total, data) = (items.len(), Value::Array(items.into_iter().map(Value::Object).collect()));
        stage(&ctx, Write { transaction_id, database_id, collection_id, action: "bulkUpsert", document_id: None, data }).await?;
        return Ok(respond::created(staged_list(total)));
    }
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, caller.key)?;
            let tx = conn.transaction()?;
            let mut written = Vec::new();
            for mut data in items {
                let id = item_id(data.remove("$id").and_then(|v| v.as_str().map(str::to_string)))?;
                let perms = item_permissions(data.remove("$permissions"))?;
                if let Some(perms) = &perms {
                    caller.check_grantable(perms)?;
                }
                written.push(upsert_one(&tx, &loaded, &caller, id, data, perms)?);
            }
            tx.commit()?;
            Ok(document_list(&loaded, &written))
        })
        .await?;
    Ok(respond::created(body))
}

/// The documents `queries` select, among those the caller may `action`. Without a `limit`
/// query a bulk operation reaches every match, not one page.
fn matching(conn: &Connection, loaded: &Loaded, caller: &Caller, raw: &[String], action: Action) -> ApiResult<Vec<DocRecord>> {
    let mut plan = plan(raw, loaded)?;
    let limited =
        raw.iter().any(|q| serde_json::from_str::<Value>(q).ok().and_then(|v| v.get("method").cloned()) == Some(Value::from("limit")));
    if !limited {
        plan.limit = i64::MAX as u64;
    }
    let scope = permission_scope(caller, loaded, action)?;
    let attrs = loaded.attrs.clone();
    let (found, _) =
        query::list(conn, &docs_table(loaded.collection.seq), "Document", &docs::columns(&attrs), &plan, &scope, false, |row| {
            docs::from_row(&attrs, row)
        })?;
    Ok(found)
}

pub async fn update_many(ctx: Ctx, PathParams((database_id, collection_id)): PathParams<Ids>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let caller = Caller::of(&ctx.principal);
    let data = super::documents::object_param(&params, "data")?.unwrap_or_default();
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    if let Some(transaction_id) = transaction_param(&params)? {
        let data = serde_json::json!({"data": data, "queries": raw});
        stage(&ctx, Write { transaction_id, database_id, collection_id, action: "bulkUpdate", document_id: None, data }).await?;
        return Ok(respond::ok(staged_list(0)));
    }
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, caller.key)?;
            let mut data = data;
            let system = take_system_fields(&mut data, &caller)?;
            let perms = item_permissions(system.permissions)?;
            let tx = conn.transaction()?;
            let mut updated = matching(&tx, &loaded, &caller, &raw, Action::Update)?;
            let now = crate::time::now();
            for doc in &mut updated {
                doc.data = validate(&loaded.attrs, Some(&doc.data), &data)?;
                if let Some(perms) = &perms {
                    doc.permissions = perms.clone();
                }
                doc.updated_at = now.clone();
                save(&tx, &loaded, doc)?;
            }
            tx.commit()?;
            Ok(document_list(&loaded, &updated))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn delete_many(ctx: Ctx, PathParams((database_id, collection_id)): PathParams<Ids>, params: Params) -> ApiResult<Response> {
    ctx.guard(&DELETE, &params)?;
    let caller = Caller::of(&ctx.principal);
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    if let Some(transaction_id) = transaction_param(&params)? {
        let data = serde_json::json!({"queries": raw});
        stage(&ctx, Write { transaction_id, database_id, collection_id, action: "bulkDelete", document_id: None, data }).await?;
        return Ok(respond::ok(staged_list(0)));
    }
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, caller.key)?;
            let tx = conn.transaction()?;
            let deleted = matching(&tx, &loaded, &caller, &raw, Action::Delete)?;
            let mut deleting = Default::default();
            for doc in &deleted {
                super::relationships::before_delete(&tx, &loaded, doc, &mut deleting)?;
                docs::delete(&tx, loaded.collection.seq, doc.seq)?;
            }
            tx.commit()?;
            Ok(document_list(&loaded, &deleted))
        })
        .await?;
    Ok(respond::ok(body))
}

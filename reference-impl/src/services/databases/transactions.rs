//! API transactions: create (with a `ttl`), list, get, delete, stage operations (through
//! `createOperations` or the document routes' `transactionId`), commit and roll back.
//! Appwrite 1.9.6 `Modules/Databases/Http/Databases/Transactions/`.
//!
//! Staged writes only go to a log; nobody sees them until the commit replays the whole log
//! inside one SQLite transaction together with the status change, so a commit is applied
//! entirely or (failure, crash) not at all. A document changed by someone else after an
//! operation on it was staged is a conflict (409 `transaction_conflict`), as are IDs and
//! unique values taken in the meantime.

use std::collections::HashSet;

use axum::response::Response;
use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::access::{unauthorized, Caller, DOCUMENT_ACTIONS};
use super::documents::{insert_new, save, take_system_fields, upsert_one};
use super::structure::validate;
use super::{with_id, Loaded};
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::permissions::{self, Action, Permission};
use crate::query::{self, Options, Scope};
use crate::respond;
use crate::store::databases::documents::{self as docs, DocRecord};
use crate::store::databases::schema::AttrType;
use crate::store::databases::transactions::{self as store, StagedOp, TransactionRecord};

const READ: Route = Route::scope(&["rows.read"]);
const WRITE: Route = Route::scope(&["documents.write"]);

/// `APP_DATABASE_TXN_TTL_MIN`, `_MAX`, `_DEFAULT` (seconds).
const TTL_MIN: i64 = 60;
const TTL_MAX: i64 = 3600;
const TTL_DEFAULT: i64 = 300;
/// `APP_LIMIT_DATABASE_TRANSACTION`: operations one transaction may hold.
pub const MAX_OPERATIONS: i64 = 100;

/// `transaction_expired` is a 410 in the catalogue, but Appwrite's error handler turns
/// every code outside its public list into 500 "Server Error", keeping the type.
const EXPIRED: ErrorType = ErrorType { name: "transaction_expired", code: 500, message: "Server Error" };

const SINGLE_ACTIONS: &[&str] = &["create", "update", "upsert", "delete", "increment", "decrement"];
const BULK_ACTIONS: &[&str] = &["bulkCreate", "bulkUpdate", "bulkUpsert", "bulkDelete"];

fn model(t: &TransactionRecord) -> Value {
    json!({
        "$id": t.id,
        "$createdAt": t.created_at,
        "$updatedAt": t.updated_at,
        "status": t.status,
        "operations": t.operations,
        "expiresAt": t.expires_at,
    })
}

/// The transaction as this caller may see it: keys see all, a user their own, guests none.
fn visible(conn: &Connection, caller: &Caller, id: &str) -> ApiResult<TransactionRecord> {
    store::get(conn, id)?
        .filter(|t| caller.key || (t.owner.is_some() && t.owner == caller.user_id))
        .ok_or_else(|| with_id(catalogue::TRANSACTION_NOT_FOUND, id))
}

fn is_expired(t: &TransactionRecord) -> bool {
    crate::time::parse(&t.expires_at).is_none_or(|at| chrono::Utc::now() > at)
}

/// A pending, unexpired transaction with room for `adding` more operations. `not_pending`
/// is the answer when it is settled (it differs between routes).
fn open_for(conn: &Connection, caller: &Caller, id: &str, adding: i64, not_pending: ApiError) -> ApiResult<TransactionRecord> {
    let t = visible(conn, caller, id)?;
    if t.status != "pending" {
        return Err(not_pending);
    }
    if is_expired(&t) {
        return Err(ApiError::new(EXPIRED));
    }
    if t.operations + adding > MAX_OPERATIONS {
        return Err(ApiError::with_message(
            catalogue::TRANSACTION_LIMIT_EXCEEDED,
            format!("Transaction already has {} operations, adding {adding} would exceed the maximum of {MAX_OPERATIONS}", t.operations),
        ));
    }
    Ok(t)
}

pub async fn create(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let ttl = params.int("ttl", TTL_MIN, TTL_MAX)?.unwrap_or(TTL_DEFAULT);
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let now = crate::time::now();
            let mut t = TransactionRecord {
                seq: 0,
                id: crate::ids::unique(),
                owner: caller.user_id.clone(),
                status: "pending".into(),
                operations: 0,
                expires_at: crate::time::in_seconds(ttl),
                created_at: now.clone(),
                updated_at: now,
            };
            store::insert(conn, &mut t)?;
            Ok(model(&t))
        })
        .await?;
    Ok(respond::created(body))
}

pub async fn list(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let plan = query::parse_param(&raw, &store::schema(), Options::default())?;
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let scope = if caller.key {
                Scope::default()
            } else {
                Scope::default().and("owner = ?", [rusqlite::types::Value::Text(caller.user_id.clone().unwrap_or_default())])
            };
            let (found, total) = query::list(conn, "transactions", "Transaction", store::COLUMNS, &plan, &scope, true, store::from_row)?;
            Ok(models::list("transactions", total, found.iter().map(model).collect()))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn fetch(ctx: Ctx, PathParams(id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let caller = Caller::of(&ctx.principal);
    let body = ctx.state.db.call(move |conn| Ok(model(&visible(conn, &caller, &id)?))).await?;
    Ok(respond::ok(body))
}

pub async fn remove(ctx: Ctx, PathParams(id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let caller = Caller::of(&ctx.principal);
    ctx.state
        .db
        .call(move |conn| {
            let t = visible(conn, &caller, &id)?;
            store::delete(conn, t.seq)?;
            Ok(())
        })
        .await?;
    Ok(respond::no_content())
}

/// updateTransaction: `commit` replays the log atomically, `rollback` discards it.
pub async fn update(ctx: Ctx, PathParams(id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let commit_asked = params.bool("commit")?.unwrap_or(false);
    let rollback = params.bool("rollback")?.unwrap_or(false);
    if !commit_asked && !rollback {
        return Err(ApiError::with_message(catalogue::GENERAL_BAD_REQUEST, "Either commit or rollback must be true"));
    }
    if commit_asked && rollback {
        return Err(ApiError::with_message(catalogue::GENERAL_BAD_REQUEST, "Cannot commit and rollback at the same time"));
    }
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let t = open_for(conn, &caller, &id, 0, ApiError::new(catalogue::TRANSACTION_NOT_READY))?;
            if commit_asked {
                return commit(conn, &t).map(|t| model(&t));
            }
            let now = crate::time::now();
            store::set_status(conn, t.seq, "failed", &now)?;
            store::clear_log(conn, t.seq)?;
            Ok(model(&TransactionRecord { status: "failed".into(), updated_at: now, ..t }))
        })
        .await?;
    Ok(respond::ok(body))
}

/// Applies every staged operation of `t` and marks it committed, all in one SQLite
/// transaction: a failing operation, or the process dying half way, leaves no write behind.
/// A failed commit marks the transaction `failed` (as Appwrite does) and answers the cause.
pub fn commit(conn: &mut Connection, t: &TransactionRecord) -> ApiResult<TransactionRecord> {
    let ops = store::staged(conn, t.seq)?;
    let now = crate::time::now();
    let applied = (|| {
        let tx = conn.transaction()?;
        let mut touched = HashSet::new();
        for op in &ops {
            apply(&tx, op, &now, &mut touched)?;
        }
        store::set_status(&tx, t.seq, "committed", &now)?;
        store::clear_log(&tx, t.seq)?;
        tx.commit()?;
        Ok(())
    })();
    match applied {
        Ok(()) => Ok(TransactionRecord { status: "committed".into(), updated_at: now, ..t.clone() }),
        Err(e) => {
            store::set_status(conn, t.seq, "failed", &crate::time::now())?;
            store::clear_log(conn, t.seq)?;
            Err(e)
        }
    }
}

/// The collection an operation was staged against, with the schema it has now.
fn loaded_by_seq(conn: &Connection, collection_seq: i64) -> ApiResult<Loaded> {
    let (database_id, collection_id) = store::collection_ids(conn, collection_seq)?
        .ok_or_else(|| ApiError::with_message(catalogue::TRANSACTION_FAILED, "A collection of this transaction no longer exists"))?;
    super::collection(conn, &database_id, &collection_id, true)
}

/// Whoever commits, the operations were authorised when staged.
fn committer() -> Caller {
    Caller { key: true, roles: Vec::new(), user_id: None }
}

/// A duplicate ID or unique value at commit is a conflict, not a plain 409 on the document.
fn as_conflict(e: ApiError) -> ApiError {
    if e.kind == catalogue::DOCUMENT_ALREADY_EXISTS {
        ApiError::new(catalogue::TRANSACTION_CONFLICT)
    } else {
        e
    }
}

/// The document an update-like operation targets; changed since staging by someone else
/// (not by an earlier operation of this commit) is a conflict.
fn target(conn: &Connection, loaded: &Loaded, op: &StagedOp, touched: &HashSet<(i64, String)>) -> ApiResult<DocRecord> {
    let id = op.document_id.clone().unwrap_or_default();
    let doc = docs::get(conn, loaded.collection.seq, &loaded.attrs, &id)?.ok_or_else(|| with_id(catalogue::DOCUMENT_NOT_FOUND, &id))?;
    let changed_since = match (crate::time::parse(&doc.updated_at), crate::time::parse(&op.created_at)) {
        (Some(updated), Some(staged)) => updated > staged,
        _ => false,
    };
    if changed_since && !touched.contains(&(loaded.collection.seq, id)) {
        return Err(ApiError::new(catalogue::TRANSACTION_CONFLICT));
    }
    Ok(doc)
}

fn data_of(op: &StagedOp) -> Map<String, Value> {
    op.data.as_object().cloned().unwrap_or_default()
}

fn perms_of(value: Option<Value>) -> ApiResult<Option<Vec<Permission>>> {
    let Some(value) = value.filter(|v| !v.is_null()) else { return Ok(None) };
    let raw: Vec<String> = serde_json::from_value(value)
        .map_err(|_| ApiError::with_message(catalogue::GENERAL_BAD_REQUEST, "Permissions must be an array of strings."))?;
    permissions::parse_param("$permissions", &raw, DOCUMENT_ACTIONS).map(Some)
}

fn apply(conn: &Connection, op: &StagedOp, now: &str, touched: &mut HashSet<(i64, String)>) -> ApiResult<()> {
    let loaded = loaded_by_seq(conn, op.collection_seq)?;
    let seq = loaded.collection.seq;
    let key = committer();
    let id = op.document_id.clone().unwrap_or_default();
    match op.action.as_str() {
        "create" => {
            let mut data = data_of(op);
            let system = take_system_fields(&mut data, &key)?;
            let perms = perms_of(system.permissions)?.unwrap_or_default();
            let stamp = Some(now.to_string());
            insert_new(conn, &loaded, id.clone(), perms, &data, (stamp.clone(), stamp)).map_err(as_conflict)?;
        }
        "update" => {
            let mut doc = target(conn, &loaded, op, touched)?;
            let mut data = data_of(op);
            let system = take_system_fields(&mut data, &key)?;
            doc.data = validate(&loaded.attrs, Some(&doc.data), &data)?;
            if let Some(perms) = perms_of(system.permissions)? {
                doc.permissions = perms;
            }
            doc.updated_at = now.to_string();
            save(conn, &loaded, &doc).map_err(as_conflict)?;
        }
        "upsert" => {
            if docs::get(conn, seq, &loaded.attrs, &id)?.is_some() {
                target(conn, &loaded, op, touched)?;
            }
            let mut data = data_of(op);
            let perms = perms_of(data.remove("$permissions"))?;
            upsert_one(conn, &loaded, &key, id.clone(), data, perms).map_err(as_conflict)?;
        }
        "delete" => {
            let doc = target(conn, &loaded, op, touched)?;
            docs::delete(conn, seq, doc.seq)?;
        }
        "increment" | "decrement" => {
            let doc = target(conn, &loaded, op, touched)?;
            change(conn, &loaded, &doc, &data_of(op), op.action == "increment", now)?;
        }
        "bulkCreate" | "bulkUpsert" => {
            for mut item in op.data.as_array().cloned().unwrap_or_default().into_iter().filter_map(|v| v.as_object().cloned()) {
                let item_id = match item.remove("$id") {
                    Some(Value::String(s)) => crate::ids::custom("$id", &s)?,
                    _ => crate::ids::unique(),
                };
                let perms = perms_of(item.remove("$permissions"))?;
                if op.action == "bulkCreate" {
                    let system = take_system_fields(&mut item, &key)?;
                    let stamp = Some(now.to_string());
                    insert_new(
                        conn,
                        &loaded,
                        item_id.clone(),
                        perms.unwrap_or_default(),
                        &item,
                        (system.created_at.or(stamp.clone()), stamp),
                    )
                    .map_err(as_conflict)?;
                } else {
                    upsert_one(conn, &loaded, &key, item_id.clone(), item, perms).map_err(as_conflict)?;
                }
                touched.insert((seq, item_id));
            }
        }
        "bulkUpdate" | "bulkDelete" => {
            let raw: Vec<String> = op
                .data
                .get("queries")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|q| q.as_str().map(str::to_string))
                .collect();
            let plan = super::documents::plan(&raw, &loaded)?;
            let attrs = loaded.attrs.clone();
            let mut plan = plan;
            if !raw.iter().any(|q| q.contains("\"limit\"")) {
                plan.limit = i64::MAX as u64;
            }
            let (found, _) = query::list(
                conn,
                &crate::store::databases::docs_table(seq),
                "Document",
                &docs::columns(&attrs),
                &plan,
                &Scope::default(),
                false,
                |row| docs::from_row(&attrs, row),
            )?;
            let mut changes = op.data.get("data").and_then(Value::as_object).cloned().unwrap_or_default();
            let perms = perms_of(changes.remove("$permissions"))?;
            for mut doc in found {
                if op.action == "bulkDelete" {
                    docs::delete(conn, seq, doc.seq)?;
                    continue;
                }
                doc.data = validate(&loaded.attrs, Some(&doc.data), &changes)?;
                if let Some(perms) = &perms {
                    doc.permissions = perms.clone();
                }
                doc.updated_at = now.to_string();
                save(conn, &loaded, &doc).map_err(as_conflict)?;
                touched.insert((seq, doc.id.clone()));
            }
        }
        other => return Err(ApiError::with_message(catalogue::GENERAL_BAD_REQUEST, format!("Invalid action: {other}"))),
    }
    if !id.is_empty() {
        touched.insert((seq, id));
    }
    Ok(())
}

/// A staged increment or decrement, with its bound and the attribute's own range.
fn change(conn: &Connection, loaded: &Loaded, doc: &DocRecord, data: &Map<String, Value>, up: bool, now: &str) -> ApiResult<()> {
    let attribute = data.get("attribute").and_then(Value::as_str).unwrap_or_default();
    let attr = loaded.attrs.iter().find(|a| a.key == attribute).ok_or_else(|| with_id(catalogue::ATTRIBUTE_NOT_FOUND, attribute))?;
    if !matches!(attr.kind, AttrType::Integer | AttrType::Float) || attr.array {
        return Err(ApiError::with_message(catalogue::ATTRIBUTE_TYPE_INVALID, format!("databases \"{attribute}\" is not a number")));
    }
    let value = data.get("value").and_then(Value::as_f64).unwrap_or(1.0);
    let bound = data.get(if up { "max" } else { "min" }).and_then(Value::as_f64);
    let current = doc.data.get(attribute).and_then(Value::as_f64).unwrap_or(0.0);
    let next = if up { current + value } else { current - value };
    let crosses = bound.is_some_and(|b| if up { next > b } else { next < b })
        || attr.min.as_f64().is_some_and(|lo| next < lo)
        || attr.max.as_f64().is_some_and(|hi| next > hi);
    if crosses {
        return Err(ApiError::with_message(
            catalogue::ATTRIBUTE_LIMIT_EXCEEDED,
            format!("databases \"{attribute}\" would leave its range"),
        ));
    }
    docs::add_to(conn, loaded.collection.seq, attr, doc.seq, if up { value } else { -value }, now)?;
    Ok(())
}

/// One operation of a `createOperations` body, checked like Appwrite's `Operation` validator.
struct OperationIn {
    database_id: String,
    collection_id: String,
    action: String,
    document_id: Option<String>,
    data: Value,
}

fn parse_operation(value: &Value) -> Result<OperationIn, String> {
    let Some(map) = value.as_object() else { return Err("Value must be an array".into()) };
    for key in ["databaseId", "action", "collectionId"] {
        match map.get(key) {
            None => return Err(format!("Missing required key: {key}")),
            Some(Value::String(s)) if !s.trim().is_empty() => {}
            Some(_) => return Err(format!("Key '{key}' must be a non-empty string")),
        }
    }
    let text = |key: &str| map.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let action = text("action");
    if !SINGLE_ACTIONS.contains(&action.as_str()) && !BULK_ACTIONS.contains(&action.as_str()) {
        return Err(format!("Key 'action' must be one of: {}, {}", SINGLE_ACTIONS.join(", "), BULK_ACTIONS.join(", ")));
    }
    let document_id = match map.get("documentId") {
        None if SINGLE_ACTIONS.contains(&action.as_str()) => return Err(format!("Key 'documentId' is required for action '{action}'")),
        None => None,
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(_) => return Err("Key 'documentId' must be a non-empty string".into()),
    };
    let data = match map.get("data") {
        None if action == "delete" => Value::Object(Map::new()),
        None => return Err("Missing required key: data".into()),
        Some(v @ (Value::Object(_) | Value::Array(_))) => v.clone(),
        Some(_) => return Err("Key 'data' must be an array".into()),
    };
    if matches!(action.as_str(), "bulkUpdate" | "bulkDelete") {
        match data.get("queries") {
            None => return Err(format!("Key 'queries' is required in data for {action}")),
            Some(Value::Array(_)) => {}
            Some(_) => return Err(format!("Key 'queries' must be an array for {action}")),
        }
    }
    if action == "bulkUpdate" && !data.get("data").is_some_and(|d| d.is_object() || d.is_array()) {
        return Err(format!("Key 'data' is required in data for {action}"));
    }
    if matches!(action.as_str(), "increment" | "decrement") {
        if data.get("attribute").is_none() {
            return Err(format!("Key 'attribute' is required in data for {action}"));
        }
        if data.get("value").is_some_and(|v| !v.is_number()) {
            return Err(format!("Key 'value' must be a numeric value for {action}"));
        }
    }
    Ok(OperationIn { database_id: text("databaseId"), collection_id: text("collectionId"), action, document_id, data })
}

/// True when the log of `t` already creates this document (an update may then target it).
fn created_in(conn: &Connection, t: &TransactionRecord, collection_seq: i64, id: &str) -> ApiResult<bool> {
    Ok(store::staged(conn, t.seq)?.iter().any(|op| {
        op.collection_seq == collection_seq
            && match op.action.as_str() {
                "create" | "upsert" => op.document_id.as_deref() == Some(id),
                "bulkCreate" | "bulkUpsert" => {
                    op.data.as_array().is_some_and(|items| items.iter().any(|i| i.get("$id").and_then(Value::as_str) == Some(id)))
                }
                _ => false,
            }
    }))
}

/// Checks one operation as Appwrite does when staging: the collection exists, an update
/// or delete names an existing (or already staged) document, and a client holds the
/// permission the operation needs. Bulk operations are for keys only.
fn check_staged(
    conn: &Connection,
    caller: &Caller,
    t: &TransactionRecord,
    loaded: &Loaded,
    (action, document_id, data): (&str, Option<&str>, &Value),
    batch: &[StagedOp],
) -> ApiResult<()> {
    if BULK_ACTIONS.contains(&action) {
        return if caller.key { Ok(()) } else { Err(ApiError::new(catalogue::USER_UNAUTHORIZED)) };
    }
    let seq = loaded.collection.seq;
    let mut existing = None;
    if action != "create" {
        let id = document_id.unwrap_or_default();
        existing = docs::get(conn, seq, &loaded.attrs, id)?;
        let staged_here = batch.iter().any(|op| op.collection_seq == seq && op.action == "create" && op.document_id.as_deref() == Some(id));
        if existing.is_none() && action != "upsert" && !staged_here && !created_in(conn, t, seq, id)? {
            return Err(with_id(catalogue::DOCUMENT_NOT_FOUND, id));
        }
    }
    if caller.key {
        return Ok(());
    }
    let needed = match action {
        "create" => Action::Create,
        "delete" => Action::Delete,
        "upsert" if existing.is_none() => Action::Create,
        _ => Action::Update,
    };
    match existing.as_ref().filter(|_| needed != Action::Create) {
        Some(doc) => caller.require(&loaded.collection, &doc.permissions, needed)?,
        None if !caller.collection_allows(&loaded.collection, needed) => return Err(unauthorized(needed)),
        None => {}
    }
    if let Some(perms) = perms_of(data.get("$permissions").cloned())? {
        caller.check_grantable(&perms)?;
    }
    Ok(())
}

pub async fn create_operations(ctx: Ctx, PathParams(id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let raw = match params.raw("operations")? {
        None => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(_) => return Err(ApiError::argument("Invalid `operations` param: Value must a valid array and Value must be an array")),
    };
    let parsed = raw
        .iter()
        .map(parse_operation)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| ApiError::argument(format!("Invalid `operations` param: Value must a valid array and {d}")))?;
    if parsed.is_empty() {
        return Err(ApiError::with_message(catalogue::GENERAL_BAD_REQUEST, "Operations array cannot be empty"));
    }
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let not_pending = ApiError::with_message(catalogue::GENERAL_BAD_REQUEST, "Invalid or non-pending transaction");
            let t = open_for(conn, &caller, &id, parsed.len() as i64, not_pending)?;
            let mut batch = Vec::new();
            for op in parsed {
                let loaded = super::collection(conn, &op.database_id, &op.collection_id, caller.key)?;
                check_staged(conn, &caller, &t, &loaded, (&op.action, op.document_id.as_deref(), &op.data), &batch)?;
                batch.push(StagedOp {
                    collection_seq: loaded.collection.seq,
                    document_id: op.document_id,
                    action: op.action,
                    data: op.data,
                    created_at: crate::time::now(),
                });
            }
            let count = batch.len() as i64;
            store::stage(conn, t.seq, &batch, count)?;
            Ok(model(&visible(conn, &caller, &id)?))
        })
        .await?;
    Ok(respond::created(body))
}

/// The `transactionId` a document write names, if any.
pub(super) fn transaction_param(params: &Params) -> ApiResult<Option<String>> {
    Ok(params.text("transactionId", usize::MAX)?.filter(|s| !s.is_empty()))
}

/// One write from a document route, to be staged instead of applied.
pub(super) struct Write {
    pub transaction_id: String,
    pub database_id: String,
    pub collection_id: String,
    pub action: &'static str,
    pub document_id: Option<String>,
    pub data: Value,
}

/// Stages a document route's write in its transaction; the answer is what the route sends
/// back in its place (the staged values; nothing is written yet).
pub(super) async fn stage(ctx: &Ctx, write: Write) -> ApiResult<Value> {
    let caller = Caller::of(&ctx.principal);
    ctx.state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &write.database_id, &write.collection_id, caller.key)?;
            let t = open_for(conn, &caller, &write.transaction_id, 1, ApiError::new(catalogue::TRANSACTION_NOT_READY))?;
            check_staged(conn, &caller, &t, &loaded, (write.action, write.document_id.as_deref(), &write.data), &[])?;
            let op = StagedOp {
                collection_seq: loaded.collection.seq,
                document_id: write.document_id.clone(),
                action: write.action.to_string(),
                data: write.data.clone(),
                created_at: crate::time::now(),
            };
            store::stage(conn, t.seq, &[op], 1)?;
            // An update answers the stored document with the staged values over it.
            let mut echo = match (write.action, &write.document_id) {
                ("update", Some(id)) => match docs::get(conn, loaded.collection.seq, &loaded.attrs, id)? {
                    Some(doc) => super::documents::render(&loaded, &doc).as_object().cloned().unwrap_or_default(),
                    None => Map::new(),
                },
                _ => Map::new(),
            };
            if let Some(id) = &write.document_id {
                echo.insert("$id".into(), json!(id));
            }
            echo.insert("$collectionId".into(), json!(write.collection_id));
            echo.insert("$databaseId".into(), json!(write.database_id));
            if let Some(fields) = write.data.as_object() {
                echo.extend(fields.clone());
            }
            Ok(with_defaults(echo))
        })
        .await
}

/// A staged document as Appwrite's response model shows it: system fields not known yet
/// take the model's defaults.
pub(super) fn with_defaults(mut echo: Map<String, Value>) -> Value {
    for (key, default) in [("$sequence", json!("")), ("$createdAt", json!("")), ("$updatedAt", json!("")), ("$permissions", json!([]))] {
        echo.entry(key).or_insert(default);
    }
    Value::Object(echo)
}

/// A bulk route's answer when it only staged: no documents yet.
pub(super) fn staged_list(total: usize) -> Value {
    models::list("documents", total as u64, Vec::new())
}

/// A single-document write's data with the permissions it will get, as one staged object.
pub(super) fn with_permissions(mut data: Map<String, Value>, perms: Option<&[Permission]>) -> Value {
    if let Some(perms) = perms {
        data.insert("$permissions".into(), json!(perms.iter().map(ToString::to_string).collect::<Vec<_>>()));
    }
    Value::Object(data)
}

//! Documents: list, create (one, or many with a key), get (with `select`), update, upsert,
//! delete. Appwrite 1.9.6 `Modules/Databases/Http/Databases/Collections/Documents/`.
//! Queries are planned into SQL against the collection's own table; permission filters are
//! a subquery on its permissions table, so lists never scan in memory.

use axum::response::Response;
use rusqlite::Connection;
use serde_json::{Map, Value};

use super::access::{unauthorized, Caller};
use super::relationships;
use super::request_timestamp;
use super::structure::validate;
use super::transactions::{stage, staged_list, transaction_param, with_permissions, Write};
use super::{with_id, Loaded};
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::permissions::{Action, Permission};
use crate::query::{self, Attr, Options, Plan, Schema, Scope, Search};
use crate::rate_limit::RateSpec;
use crate::respond;
use crate::store::databases::documents::{self as docs, DocRecord};
use crate::store::databases::schema::fts_table;
use crate::store::databases::{column, docs_table};

/// Document writes are limited per caller: `ip:{ip},method:{method},url:{url},userId:{userId}`.
pub(super) const WRITE_KEY: &[&str] = &["ip:{ip},method:{method},url:{url},userId:{userId}"];
pub(super) const READ: Route = Route::scope(&["documents.read"]);
/// create, upsert, update, increment, decrement: `APP_LIMIT_WRITE_RATE_DEFAULT * 2` per minute.
pub(super) const WRITE: Route = Route::limited(&["documents.write"], RateSpec { limit: 120, window_secs: 60, keys: WRITE_KEY });
/// deletes: `APP_LIMIT_WRITE_RATE_DEFAULT` per minute.
pub(super) const DELETE: Route = Route::limited(&["documents.write"], RateSpec { limit: 60, window_secs: 60, keys: WRITE_KEY });

/// `APP_LIMIT_DATABASE_BATCH` (`app/init/constants.php`, 100 without a plan): documents per
/// bulk request.
pub(super) const BATCH_MAX: usize = 100;

type Ids = (String, String);
type DocIds = (String, String, String);

/// The attributes queries may name: every available attribute (search through its
/// fulltext index when it has one) plus the system attributes.
pub(super) fn query_schema(loaded: &Loaded) -> Schema {
    let seq = loaded.collection.seq;
    let attrs = loaded
        .attrs
        .iter()
        .filter(|a| a.status == "available")
        .map(|a| {
            let fulltext = loaded.indexes.iter().filter(|i| i.kind == "fulltext" && i.status == "available").find_map(|i| {
                i.attributes
                    .iter()
                    .position(|k| *k == a.key)
                    .map(|pos| Search::Fts { table: fts_table(seq, i.seq), column: format!("c{pos}") })
            });
            let mut attr = if a.array {
                Attr::array(&a.key, &column(&a.key), a.kind.query_kind())
            } else {
                Attr::new(&a.key, &column(&a.key), a.kind.query_kind())
            };
            attr.search = fulltext.unwrap_or(Search::Unindexed);
            attr.encrypted = a.encrypt;
            attr
        })
        .collect();
    Schema::with_internal(attrs)
}

/// Plans document queries; any parse or validation failure is 400 `general_query_invalid`.
pub(super) fn plan(raw: &[String], loaded: &Loaded) -> ApiResult<Plan> {
    let plan = query::plan(raw, &query_schema(loaded), Options { allow_select: true })
        .map_err(|m| ApiError::with_message(catalogue::GENERAL_QUERY_INVALID, m))?;
    const SYSTEM: &[&str] = &["*", "$id", "$sequence", "$createdAt", "$updatedAt", "$permissions", "$collectionId", "$databaseId"];
    if let Some(unknown) = plan.selects.iter().find(|k| !SYSTEM.contains(&k.as_str()) && !loaded.attrs.iter().any(|a| &a.key == *k)) {
        return Err(ApiError::with_message(
            catalogue::GENERAL_QUERY_INVALID,
            format!("Invalid query: Attribute not found in schema: {unknown}"),
        ));
    }
    Ok(plan)
}

/// The rows a caller may `action`: all of them for keys and collection-level grants, those
/// whose permissions grant it under document security, and none otherwise (401).
pub(super) fn permission_scope(caller: &Caller, loaded: &Loaded, action: Action) -> ApiResult<Scope> {
    if caller.collection_allows(&loaded.collection, action) {
        return Ok(Scope::default());
    }
    if !loaded.collection.document_security {
        return Err(unauthorized(action));
    }
    let (sql, args) = docs::permission_condition(loaded.collection.seq, action.as_str(), &caller.roles);
    Ok(Scope::default().and(sql, args))
}

pub(super) fn render(loaded: &Loaded, doc: &DocRecord) -> Value {
    models::databases::document(doc, &loaded.database.id, &loaded.collection.id, None)
}

/// A JSON object param, also accepted as a JSON string (Appwrite's `JSON` validator).
pub(super) fn object_param(params: &Params, name: &str) -> ApiResult<Option<Map<String, Value>>> {
    match params.raw(name)? {
        None => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map.clone())),
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Ok(Some(map)),
            _ => Err(ApiError::argument(format!("Invalid `{name}` param: Value must be a valid JSON string"))),
        },
        Some(Value::Array(items)) if items.is_empty() => Ok(Some(Map::new())),
        Some(_) => Err(ApiError::argument(format!("Invalid `{name}` param: Value must be a valid JSON string"))),
    }
}

/// An array of JSON objects (bulk bodies), at most `BATCH_MAX`.
pub(super) fn objects_param(params: &Params, name: &str) -> ApiResult<Option<Vec<Map<String, Value>>>> {
    let Some(raw) = params.raw(name)? else { return Ok(None) };
    let description =
        format!("Invalid `{name}` param: Value must a valid array no longer than {BATCH_MAX} items and Value must be a valid JSON string");
    let items = raw.as_array().filter(|a| a.len() <= BATCH_MAX).ok_or_else(|| ApiError::argument(description.clone()))?;
    items
        .iter()
        .map(|item| match item {
            Value::Object(map) => Ok(map.clone()),
            Value::String(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => Ok(map),
                _ => Err(ApiError::argument(description.clone())),
            },
            _ => Err(ApiError::argument(description.clone())),
        })
        .collect::<ApiResult<Vec<_>>>()
        .map(Some)
}

/// System keys a body may carry beside attributes. Read-only ones are dropped; keys may
/// set `$createdAt`/`$updatedAt` (migrations), clients may not.
pub(super) struct SystemFields {
    pub id: Option<String>,
    pub permissions: Option<Value>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

pub(super) fn take_system_fields(data: &mut Map<String, Value>, caller: &Caller) -> ApiResult<SystemFields> {
    for readonly in ["$sequence", "$collectionId", "$databaseId", "$collection"] {
        data.remove(readonly);
    }
    let id = match data.remove("$id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return Err(ApiError::new(catalogue::GENERAL_BAD_REQUEST)),
    };
    let mut date = |key: &str| -> ApiResult<Option<String>> {
        let value = data.remove(key);
        if !caller.key {
            return Ok(None);
        }
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => crate::time::parse(&s).map(|t| Some(crate::time::format(t))).ok_or_else(|| {
                ApiError::with_message(
                    catalogue::DOCUMENT_INVALID_STRUCTURE,
                    format!("Invalid document structure: Attribute \"{key}\" has invalid type."),
                )
            }),
            Some(_) => Err(ApiError::with_message(
                catalogue::DOCUMENT_INVALID_STRUCTURE,
                format!("Invalid document structure: Attribute \"{key}\" has invalid type."),
            )),
        }
    };
    let created_at = date("$createdAt")?;
    let updated_at = date("$updatedAt")?;
    Ok(SystemFields { id, permissions: data.remove("$permissions"), created_at, updated_at })
}

/// Builds and inserts one new document; 409 `document_already_exists` when the ID or a
/// unique index value is taken.
pub(super) fn insert_new(
    conn: &Connection,
    loaded: &Loaded,
    id: String,
    perms: Vec<Permission>,
    data: &Map<String, Value>,
    dates: (Option<String>, Option<String>),
) -> ApiResult<DocRecord> {
    let now = crate::time::now();
    let mut doc = DocRecord {
        seq: 0,
        id,
        created_at: dates.0.unwrap_or_else(|| now.clone()),
        updated_at: dates.1.unwrap_or(now),
        permissions: perms,
        data: validate(&loaded.attrs, None, data)?,
    };
    if !docs::insert(conn, loaded.collection.seq, &loaded.attrs, &mut doc)? {
        return Err(with_id(catalogue::DOCUMENT_ALREADY_EXISTS, &doc.id));
    }
    Ok(doc)
}

/// Permission lists are compared as sets, as utopia-php/database compares them sorted.
fn same_permissions(a: &[Permission], b: &[Permission]) -> bool {
    use std::collections::HashSet;
    a.iter().collect::<HashSet<_>>() == b.iter().collect::<HashSet<_>>()
}

/// Saves a changed document; 409 when a unique index refuses the new values.
pub(super) fn save(conn: &Connection, loaded: &Loaded, doc: &DocRecord) -> ApiResult<()> {
    if !docs::update(conn, loaded.collection.seq, &loaded.attrs, doc)? {
        return Err(with_id(catalogue::DOCUMENT_ALREADY_EXISTS, &doc.id));
    }
    Ok(())
}

/// What listDocuments reads its page with: the collection, the planned queries (nested
/// relationship selects set apart) and the rows the caller may read.
struct ListQuery {
    loaded: Loaded,
    nested: relationships::Nested,
    plan: Plan,
    scope: Scope,
}

fn list_query(conn: &Connection, database_id: &str, collection_id: &str, raw: &[String], caller: &Caller) -> ApiResult<ListQuery> {
    let loaded = super::collection(conn, database_id, collection_id, caller.key)?;
    let (raw, nested) = relationships::split_selects(raw, &loaded);
    let plan = plan(&raw, &loaded)?;
    let scope = permission_scope(caller, &loaded, Action::Read)?;
    Ok(ListQuery { loaded, nested, plan, scope })
}

/// The SQL listDocuments runs for `raw` queries sent with a server key (no cursor), built
/// by the same code as the route's: for benchmarks that time SQLite alone on it.
pub fn list_statements(conn: &Connection, database_id: &str, collection_id: &str, raw: &[String]) -> ApiResult<query::ListSql> {
    let key = Caller { key: true, roles: Vec::new(), user_id: None };
    let ListQuery { loaded, plan, scope, .. } = list_query(conn, database_id, collection_id, raw, &key)?;
    Ok(query::list_sql(&docs_table(loaded.collection.seq), &docs::columns(&loaded.attrs), &plan, &scope, None))
}

pub async fn list(ctx: Ctx, PathParams((database_id, collection_id)): PathParams<Ids>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let count = params.bool("total")?.unwrap_or(true);
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let ListQuery { loaded, nested, plan, scope } = list_query(conn, &database_id, &collection_id, &raw, &caller)?;
            let attrs = &loaded.attrs;
            let (found, total) =
                query::list(conn, &docs_table(loaded.collection.seq), "Document", &docs::columns(attrs), &plan, &scope, count, |row| {
                    docs::from_row(attrs, row)
                })?;
            let selects = (!plan.selects.is_empty()).then_some(plan.selects.as_slice());
            let mut items = Vec::new();
            for d in &found {
                let mut body = models::databases::document(d, &loaded.database.id, &loaded.collection.id, selects);
                relationships::attach_read(conn, &loaded, &caller, d, &mut body, &nested, selects)?;
                items.push(body);
            }
            Ok(models::list("documents", total, items))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn create(ctx: Ctx, PathParams((database_id, collection_id)): PathParams<Ids>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let caller = Caller::of(&ctx.principal);
    let data = object_param(&params, "data")?.unwrap_or_default();
    let documents = objects_param(&params, "documents")?.unwrap_or_default();
    let document_id = params.text("documentId", usize::MAX)?.filter(|s| !s.is_empty());
    let perms = caller.permissions_param(&params)?;
    // The same route serves createDocument and createDocuments; Appwrite tells them apart
    // by which body param is set.
    if data.is_empty() && documents.is_empty() {
        return Err(ApiError::new(catalogue::DOCUMENT_MISSING_DATA));
    }
    if !data.is_empty() && !documents.is_empty() {
        return Err(ApiError::with_message(
            catalogue::GENERAL_BAD_REQUEST,
            "You can only send one of the following parameters: data, documents",
        ));
    }
    if !documents.is_empty() {
        if document_id.is_some() {
            return Err(ApiError::with_message(
                catalogue::GENERAL_BAD_REQUEST,
                "Param \"documentId\" is not allowed when creating multiple documents, set \"$id\" on each instead.",
            ));
        }
        if perms.is_some() {
            return Err(ApiError::with_message(
                catalogue::GENERAL_BAD_REQUEST,
                "Param \"permissions\" is disallowed when creating multiple documents, set \"$permissions\" on each instead",
            ));
        }
        if !caller.key {
            return Err(ApiError::new(catalogue::GENERAL_UNAUTHORIZED_SCOPE));
        }
        if let Some(transaction_id) = transaction_param(&params)? {
            let data = Value::Array(documents.into_iter().map(Value::Object).collect());
            let total = data.as_array().map_or(0, Vec::len);
            let write = Write { transaction_id, database_id, collection_id, action: "bulkCreate", document_id: None, data };
            stage(&ctx, write).await?;
            return Ok(respond::created(staged_list(total)));
        }
        return super::documents_bulk::create_many(ctx, database_id, collection_id, documents).await;
    }
    let Some(document_id) = document_id else {
        return Err(ApiError::with_message(catalogue::DOCUMENT_MISSING_DATA, "Document ID is required when creating a single document."));
    };
    let id = crate::ids::custom("documentId", &document_id)?;
    if let Some(transaction_id) = transaction_param(&params)? {
        let data = with_permissions(data, Some(&perms.unwrap_or_else(|| caller.default_permissions())));
        let write = Write { transaction_id, database_id, collection_id, action: "create", document_id: Some(id), data };
        return Ok(respond::created(stage(&ctx, write).await?));
    }
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, caller.key)?;
            if !caller.collection_allows(&loaded.collection, Action::Create) {
                return Err(unauthorized(Action::Create));
            }
            let mut data = data;
            let system = take_system_fields(&mut data, &caller)?;
            let perms = perms.unwrap_or_else(|| caller.default_permissions());
            let links = relationships::take_values(&loaded, &mut data)?;
            let tx = conn.transaction()?;
            let doc = insert_new(&tx, &loaded, id, perms, &data, (system.created_at, system.updated_at))?;
            relationships::write_links(&tx, &loaded, &caller, &doc, links)?;
            let body = relationships::render_written(&tx, &loaded, &caller, &doc)?;
            tx.commit()?;
            Ok(body)
        })
        .await?;
    Ok(respond::created(body))
}

pub async fn fetch(
    ctx: Ctx,
    PathParams((database_id, collection_id, document_id)): PathParams<DocIds>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    // getDocument takes projections only.
    for text in &raw {
        let method = serde_json::from_str::<Value>(text).ok().and_then(|v| v.get("method").and_then(Value::as_str).map(str::to_string));
        if method.as_deref().is_some_and(|m| m != "select") {
            return Err(ApiError::with_message(
                catalogue::GENERAL_QUERY_INVALID,
                "Invalid query: Query type does not match expected: select",
            ));
        }
    }
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, caller.key)?;
            let (raw, nested) = relationships::split_selects(&raw, &loaded);
            let plan = plan(&raw, &loaded)?;
            let doc = docs::get(conn, loaded.collection.seq, &loaded.attrs, &document_id)?
                // A document the caller may not read does not exist for it.
                .filter(|d| caller.document_allows(&loaded.collection, &d.permissions, Action::Read))
                .ok_or_else(|| with_id(catalogue::DOCUMENT_NOT_FOUND, &document_id))?;
            let selects = (!plan.selects.is_empty()).then_some(plan.selects.as_slice());
            let mut body = models::databases::document(&doc, &loaded.database.id, &loaded.collection.id, selects);
            relationships::attach_read(conn, &loaded, &caller, &doc, &mut body, &nested, selects)?;
            Ok(body)
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn update(
    ctx: Ctx,
    PathParams((database_id, collection_id, document_id)): PathParams<DocIds>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let caller = Caller::of(&ctx.principal);
    let data = object_param(&params, "data")?;
    let perms = caller.permissions_param(&params)?;
    if data.as_ref().is_none_or(Map::is_empty) && perms.is_none() {
        return Err(ApiError::new(catalogue::DOCUMENT_MISSING_PAYLOAD));
    }
    let since = request_timestamp::from_headers(&ctx.headers)?;
    if let Some(transaction_id) = transaction_param(&params)? {
        let data = with_permissions(data.unwrap_or_default(), perms.as_deref());
        let write = Write { transaction_id, database_id, collection_id, action: "update", document_id: Some(document_id), data };
        return Ok(respond::ok(stage(&ctx, write).await?));
    }
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, caller.key)?;
            // Appwrite finds the document without read permission, then checks update.
            let mut doc = docs::get(conn, loaded.collection.seq, &loaded.attrs, &document_id)?
                .ok_or_else(|| with_id(catalogue::DOCUMENT_NOT_FOUND, &document_id))?;
            let mut data = data.unwrap_or_default();
            let system = take_system_fields(&mut data, &caller)?;
            let links = relationships::take_values(&loaded, &mut data)?;
            let validated = validate(&loaded.attrs, Some(&doc.data), &data);
            // utopia-php/database asks for update permission only when the write changes
            // something; an update that changes nothing needs read and keeps `$updatedAt`.
            let changes = validated.as_ref().map_or(true, |new| *new != doc.data)
                || !links.is_empty()
                || perms.as_ref().is_some_and(|p| !same_permissions(p, &doc.permissions))
                || system.created_at.as_ref().is_some_and(|t| *t != doc.created_at)
                || system.updated_at.as_ref().is_some_and(|t| *t != doc.updated_at);
            caller.require(&loaded.collection, &doc.permissions, if changes { Action::Update } else { Action::Read })?;
            request_timestamp::check(since, &doc.updated_at)?;
            doc.data = validated?;
            if let Some(perms) = perms {
                doc.permissions = perms;
            }
            if changes {
                doc.updated_at = system.updated_at.unwrap_or_else(crate::time::now);
            }
            if let Some(created) = system.created_at {
                doc.created_at = created;
            }
            let tx = conn.transaction()?;
            save(&tx, &loaded, &doc)?;
            relationships::write_links(&tx, &loaded, &caller, &doc, links)?;
            let body = relationships::render_written(&tx, &loaded, &caller, &doc)?;
            tx.commit()?;
            Ok(body)
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn upsert(
    ctx: Ctx,
    PathParams((database_id, collection_id, document_id)): PathParams<DocIds>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let caller = Caller::of(&ctx.principal);
    let data = object_param(&params, "data")?.unwrap_or_default();
    let perms = caller.permissions_param(&params)?;
    let id = crate::ids::custom("documentId", &document_id)?;
    let since = request_timestamp::from_headers(&ctx.headers)?;
    if let Some(transaction_id) = transaction_param(&params)? {
        let data = with_permissions(data, perms.as_deref());
        let write = Write { transaction_id, database_id, collection_id, action: "upsert", document_id: Some(id), data };
        return Ok(respond::created(stage(&ctx, write).await?));
    }
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, caller.key)?;
            let tx = conn.transaction()?;
            if let Some(existing) = docs::get(&tx, loaded.collection.seq, &loaded.attrs, &id)? {
                request_timestamp::check(since, &existing.updated_at)?;
            }
            let doc = upsert_one(&tx, &loaded, &caller, id, data, perms)?;
            let body = relationships::render_written(&tx, &loaded, &caller, &doc)?;
            tx.commit()?;
            Ok(body)
        })
        .await?;
    Ok(respond::created(body))
}

/// Updates the document when it exists (update permission), creates it otherwise
/// (create permission on the collection).
pub(super) fn upsert_one(
    conn: &Connection,
    loaded: &Loaded,
    caller: &Caller,
    id: String,
    mut data: Map<String, Value>,
    perms: Option<Vec<Permission>>,
) -> ApiResult<DocRecord> {
    let system = take_system_fields(&mut data, caller)?;
    let links = relationships::take_values(loaded, &mut data)?;
    let doc = match docs::get(conn, loaded.collection.seq, &loaded.attrs, &id)? {
        Some(mut doc) => {
            caller.require(&loaded.collection, &doc.permissions, Action::Update)?;
            doc.data = validate(&loaded.attrs, Some(&doc.data), &data)?;
            if let Some(perms) = perms {
                doc.permissions = perms;
            }
            doc.updated_at = system.updated_at.unwrap_or_else(crate::time::now);
            save(conn, loaded, &doc)?;
            doc
        }
        None => {
            if !caller.collection_allows(&loaded.collection, Action::Create) {
                return Err(unauthorized(Action::Create));
            }
            let perms = perms.unwrap_or_else(|| caller.default_permissions());
            insert_new(conn, loaded, id, perms, &data, (system.created_at, system.updated_at))?
        }
    };
    relationships::write_links(conn, loaded, caller, &doc, links)?;
    Ok(doc)
}

pub async fn remove(
    ctx: Ctx,
    PathParams((database_id, collection_id, document_id)): PathParams<DocIds>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&DELETE, &params)?;
    if let Some(transaction_id) = transaction_param(&params)? {
        let data = Value::Object(Map::new());
        stage(&ctx, Write { transaction_id, database_id, collection_id, action: "delete", document_id: Some(document_id), data }).await?;
        return Ok(respond::no_content());
    }
    let caller = Caller::of(&ctx.principal);
    let since = request_timestamp::from_headers(&ctx.headers)?;
    ctx.state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, caller.key)?;
            let doc = docs::get(conn, loaded.collection.seq, &loaded.attrs, &document_id)?
                .ok_or_else(|| with_id(catalogue::DOCUMENT_NOT_FOUND, &document_id))?;
            caller.require(&loaded.collection, &doc.permissions, Action::Delete)?;
            request_timestamp::check(since, &doc.updated_at)?;
            let tx = conn.transaction()?;
            relationships::before_delete(&tx, &loaded, &doc, &mut Default::default())?;
            docs::delete(&tx, loaded.collection.seq, doc.seq)?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok(respond::no_content())
}

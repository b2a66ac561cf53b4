//! Relationship attributes and what they do to documents: creating and updating them
//! (Appwrite 1.9.6 `Attributes/Relationship/{Create,Update}.php`), linking documents when
//! they are written (nested documents created or updated on the way), loading related
//! documents when a read selects them, and the `onDelete` rules (restrict, setNull,
//! cascade) applied when a document goes, inside the delete's transaction. The rules are
//! utopia-php/database's `deleteRestrict`, `deleteSetNull` and `deleteCascade`.

use std::collections::{BTreeMap, HashSet};

use axum::http::StatusCode;
use axum::response::Response;
use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::access::{unauthorized, Caller};
use super::documents::{insert_new, save};
use super::structure::validate;
use super::{with_id, Loaded};
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::permissions::{self, Action, Permission};
use crate::respond;
use crate::store::databases::docs_table;
use crate::store::databases::documents::{self as docs, DocRecord};
use crate::store::databases::relationships::{self as store, NewRelation, Relation, RelationType};
use crate::store::databases::schema::{self, AttrDef, AttrType};
use crate::store::optional;

const WRITE: Route = Route::scope(&["collections.write", "attributes.write"]);
const TYPES: &str = "oneToOne, manyToOne, manyToMany, oneToMany";
const ON_DELETE: &[&str] = &["cascade", "restrict", "setNull"];

fn one_of(name: &str, allowed: &str) -> ApiError {
    ApiError::argument(format!("Invalid `{name}` param: Value must be one of ({allowed})"))
}

fn on_delete_param(params: &Params) -> ApiResult<Option<String>> {
    match params.raw("onDelete")? {
        None => Ok(None),
        Some(Value::String(s)) if ON_DELETE.contains(&s.as_str()) => Ok(Some(s.clone())),
        Some(_) => Err(one_of("onDelete", &ON_DELETE.join(", "))),
    }
}

/// An optional attribute key (Appwrite's `Key` validator).
fn key_param(params: &Params, name: &str) -> ApiResult<Option<String>> {
    match params.text(name, usize::MAX)? {
        None => Ok(None),
        Some(key) => crate::ids::existing(name, &key).map(|k| Some(k.to_string())),
    }
}

fn invalid_value(message: &str) -> ApiError {
    ApiError::with_message(catalogue::RELATIONSHIP_VALUE_INVALID, format!("Invalid relationship value. {message}"))
}

/// Any attribute as the API shows it; relationship ones with their options.
pub(super) fn attribute_json(loaded: &Loaded, a: &AttrDef) -> Value {
    let mut body = models::databases::attribute(a);
    if a.kind == AttrType::Relationship {
        if let Some(r) = loaded.relations.iter().find(|r| r.visible && r.key == a.key) {
            options_json(&mut body, r);
        }
    }
    body
}

/// Appends the relationship attributes to a rendered collection.
pub(super) fn add_to_collection(body: &mut Value, loaded: &Loaded) {
    if let Some(list) = body["attributes"].as_array_mut() {
        list.extend(loaded.relation_attrs.iter().map(|a| attribute_json(loaded, a)));
    }
}

fn options_json(body: &mut Value, r: &Relation) {
    body["relatedCollection"] = json!(r.related_id);
    body["relationType"] = json!(r.kind.as_str());
    body["twoWay"] = json!(r.two_way);
    body["twoWayKey"] = json!(r.two_way_key);
    body["onDelete"] = json!(r.on_delete);
    body["side"] = json!(r.side());
}

fn relationship_attr(key: &str, now: &str) -> AttrDef {
    AttrDef {
        seq: 0,
        key: key.to_string(),
        kind: AttrType::Relationship,
        size: 0,
        required: false,
        array: false,
        default: Value::Null,
        min: Value::Null,
        max: Value::Null,
        elements: Vec::new(),
        encrypt: false,
        status: "available".into(),
        error: String::new(),
        created_at: now.to_string(),
        updated_at: now.to_string(),
    }
}

/// Records an attribute row without a column (relationships keep links elsewhere);
/// `false` when the key is taken.
fn add_attribute_row(conn: &Connection, collection_seq: i64, a: &AttrDef) -> rusqlite::Result<bool> {
    let done = conn.execute(
        "INSERT INTO collection_attributes (collection_seq, id, type, status, created_at, updated_at) VALUES (?, ?, 'relationship', ?, ?, ?)",
        rusqlite::params![collection_seq, a.key, a.status, a.created_at, a.updated_at],
    );
    match done {
        Ok(_) => Ok(true),
        Err(e) if crate::db::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// createRelationshipAttribute: `POST …/attributes/relationship` (reached through the
/// attribute create route).
pub async fn create_attribute(ctx: Ctx, database_id: String, collection_id: String, params: Params) -> ApiResult<Response> {
    let related_id = params.required_text("relatedCollectionId", usize::MAX)?;
    crate::ids::existing("relatedCollectionId", &related_id)?;
    let kind = match params.raw("type")? {
        None => return Err(ApiError::argument("Param \"type\" is not optional.")),
        Some(v) => v.as_str().and_then(RelationType::parse).ok_or_else(|| one_of("type", TYPES))?,
    };
    let two_way = params.bool("twoWay")?.unwrap_or(false);
    let key_given = key_param(&params, "key")?;
    let two_way_key_given = key_param(&params, "twoWayKey")?;
    let on_delete = on_delete_param(&params)?.unwrap_or_else(|| "restrict".into());
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            let related = super::collection(conn, &database_id, &related_id, true)
                .map_err(|_| with_id(catalogue::COLLECTION_NOT_FOUND, &related_id))?;
            let key = key_given.unwrap_or_else(|| related_id.clone());
            let two_way_key = two_way_key_given.clone().unwrap_or_else(|| collection_id.clone());
            for r in loaded.relations.iter().filter(|r| r.parent || r.visible) {
                if r.key.eq_ignore_ascii_case(&key) {
                    return Err(with_id(catalogue::ATTRIBUTE_ALREADY_EXISTS, &key));
                }
                if r.two_way_key.eq_ignore_ascii_case(&two_way_key) && r.related_seq == related.collection.seq {
                    return Err(with_id(catalogue::ATTRIBUTE_ALREADY_EXISTS, two_way_key_given.as_deref().unwrap_or(&key)));
                }
                if kind == RelationType::ManyToMany && r.kind == RelationType::ManyToMany && r.related_seq == related.collection.seq {
                    return Err(ApiError::with_message(
                        catalogue::ATTRIBUTE_ALREADY_EXISTS,
                        "Creating more than one \"manyToMany\" relationship on the same collection is currently not permitted.",
                    ));
                }
            }
            let now = crate::time::now();
            let attr = relationship_attr(&key, &now);
            let tx = conn.transaction()?;
            if !add_attribute_row(&tx, loaded.collection.seq, &attr)? {
                return Err(with_id(catalogue::ATTRIBUTE_ALREADY_EXISTS, &key));
            }
            // The twin: the related collection's attribute, for two-way relationships.
            if two_way && !add_attribute_row(&tx, related.collection.seq, &relationship_attr(&two_way_key, &now))? {
                return Err(with_id(catalogue::ATTRIBUTE_ALREADY_EXISTS, &two_way_key));
            }
            let new = NewRelation {
                collection_seq: loaded.collection.seq,
                key: &key,
                related_seq: related.collection.seq,
                kind,
                two_way,
                two_way_key: &two_way_key,
                on_delete: &on_delete,
            };
            let seq = store::insert(&tx, &new)?;
            tx.commit()?;
            let side = Relation {
                seq,
                collection_seq: loaded.collection.seq,
                key: key.clone(),
                related_seq: related.collection.seq,
                related_id: related_id.clone(),
                kind,
                two_way,
                two_way_key,
                on_delete,
                parent: true,
                links: seq,
                visible: true,
            };
            // Accepted and processing, as Appwrite answers before its worker runs.
            let mut body = models::databases::attribute(&attr);
            options_json(&mut body, &side);
            body["status"] = json!("processing");
            Ok(body)
        })
        .await?;
    Ok(respond::json(StatusCode::ACCEPTED, body))
}

/// updateRelationshipAttribute: `PATCH …/attributes/relationship/{key}`: `onDelete` for
/// both sides, and a new key (the twin's `twoWayKey` follows).
pub async fn update_attribute(
    ctx: Ctx,
    PathParams((database_id, collection_id, key)): PathParams<(String, String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let on_delete = on_delete_param(&params)?;
    let new_key = key_param(&params, "newKey")?;
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            let attr =
                schema::attribute(conn, loaded.collection.seq, &key)?.ok_or_else(|| with_id(catalogue::ATTRIBUTE_NOT_FOUND, &key))?;
            let Some(side) = loaded.relations.iter().find(|r| r.visible && r.key == key).cloned() else {
                return Err(with_id(catalogue::ATTRIBUTE_TYPE_INVALID, &key));
            };
            let on_delete = on_delete.unwrap_or_else(|| side.on_delete.clone());
            let new_key = new_key.unwrap_or_else(|| key.clone());
            let now = crate::time::now();
            let tx = conn.transaction()?;
            let renamed = tx.execute(
                "UPDATE collection_attributes SET id = ?, updated_at = ? WHERE collection_seq = ? AND id = ?",
                rusqlite::params![new_key, now, loaded.collection.seq, key],
            );
            match renamed {
                Ok(_) => {}
                Err(e) if crate::db::is_unique_violation(&e) => return Err(with_id(catalogue::ATTRIBUTE_ALREADY_EXISTS, &new_key)),
                Err(e) => return Err(e.into()),
            }
            store::update(&tx, &side, &on_delete, &new_key)?;
            tx.commit()?;
            let updated = Relation { key: new_key.clone(), on_delete, ..side };
            let mut body = models::databases::attribute(&AttrDef { key: new_key, updated_at: now, ..attr });
            options_json(&mut body, &updated);
            Ok(body)
        })
        .await?;
    Ok(respond::ok(body))
}

/// Deletes a relationship attribute: both sides, the twin attribute and every link.
/// `None` when `key` is no relationship of this collection.
pub(super) fn delete_attribute(conn: &mut Connection, loaded: &Loaded, key: &str) -> ApiResult<Option<()>> {
    let Some(side) = loaded.relations.iter().find(|r| r.visible && r.key == key) else { return Ok(None) };
    let tx = conn.transaction()?;
    store::delete(&tx, side)?;
    tx.commit()?;
    Ok(Some(()))
}

/// The related collection of a side (hidden from no one: links are followed as the server).
fn related(conn: &Connection, loaded: &Loaded, r: &Relation) -> ApiResult<Loaded> {
    super::collection(conn, &loaded.database.id, &r.related_id, true)
}

fn get_by_seq(conn: &Connection, loaded: &Loaded, seq: i64) -> ApiResult<Option<DocRecord>> {
    let attrs = &loaded.attrs;
    Ok(optional(conn.query_row(
        &format!("SELECT {} FROM {} WHERE seq = ?", docs::columns(attrs), docs_table(loaded.collection.seq)),
        [seq],
        |row| docs::from_row(attrs, row),
    ))?)
}

fn get_by_id(conn: &Connection, loaded: &Loaded, id: &str) -> ApiResult<Option<DocRecord>> {
    Ok(docs::get(conn, loaded.collection.seq, &loaded.attrs, id)?)
}

/// The relationship values of a write, taken out of `data` (the rest is ordinary
/// attributes), each checked against its side's shape.
pub(super) fn take_values(loaded: &Loaded, data: &mut Map<String, Value>) -> ApiResult<Vec<(Relation, Value)>> {
    let mut out = Vec::new();
    for r in loaded.relations.iter().filter(|r| r.visible) {
        let Some(value) = data.remove(&r.key) else { continue };
        match (&value, r.many()) {
            (Value::Array(items), true) => {
                if items.iter().any(|i| !matches!(i, Value::String(_) | Value::Object(_))) {
                    return Err(invalid_value("Must be either a document or document ID."));
                }
            }
            (Value::Null, true) => {}
            (_, true) => return Err(invalid_value("Must be an array of documents or document IDs.")),
            (Value::Array(_), false) => return Err(invalid_value("Must be either a document ID or a document, array given.")),
            (Value::Null | Value::String(_) | Value::Object(_), false) => {}
            (_, false) => return Err(invalid_value("Must be either a document ID or a document.")),
        }
        out.push((r.clone(), value));
    }
    Ok(out)
}

/// Makes `doc`'s links what `values` say: single sides are replaced (null unlinks), many
/// sides become exactly the listed documents. Nested objects are created (inheriting
/// `doc`'s permissions unless they carry their own) or, when they exist, updated.
pub(super) fn write_links(
    conn: &Connection,
    loaded: &Loaded,
    caller: &Caller,
    doc: &DocRecord,
    values: Vec<(Relation, Value)>,
) -> ApiResult<()> {
    for (r, value) in values {
        let target = related(conn, loaded, &r)?;
        store::unlink_all(conn, &r, doc.seq)?;
        let items = match value {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            single => vec![single],
        };
        for item in items {
            let Some(other) = resolve(conn, &target, caller, doc, item)? else { continue };
            if r.other_side_single() {
                // The related document may hold only one link back: it moves here.
                store::unlink_other(conn, &r, other)?;
            }
            store::link(conn, &r, doc.seq, other)?;
        }
    }
    Ok(())
}

/// The related document an item names: an ID (an unknown one links nothing, as in
/// utopia-php/database), or an object to create or update.
fn resolve(conn: &Connection, target: &Loaded, caller: &Caller, parent: &DocRecord, item: Value) -> ApiResult<Option<i64>> {
    let mut data = match item {
        Value::String(id) => return Ok(get_by_id(conn, target, &id)?.map(|d| d.seq)),
        Value::Object(map) => map,
        _ => return Ok(None),
    };
    for readonly in ["$sequence", "$collectionId", "$databaseId", "$createdAt", "$updatedAt", "$collection"] {
        data.remove(readonly);
    }
    let id = match data.remove("$id") {
        Some(Value::String(id)) => id,
        _ => "unique()".to_string(),
    };
    let perms = match data.remove("$permissions") {
        Some(Value::Array(raw)) => {
            let raw: Vec<String> = raw.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
            let parsed = permissions::parse_param("permissions", &raw, super::access::DOCUMENT_ACTIONS)?;
            caller.check_grantable(&parsed)?;
            Some(parsed)
        }
        _ => None,
    };
    let nested = take_values(target, &mut data)?;
    let existing = if id == "unique()" { None } else { get_by_id(conn, target, &id)? };
    let doc = match existing {
        Some(mut found) => {
            if !data.is_empty() || perms.is_some() {
                caller.require(&target.collection, &found.permissions, Action::Update)?;
                found.data = validate(&target.attrs, Some(&found.data), &data)?;
                if let Some(perms) = perms {
                    found.permissions = perms;
                }
                found.updated_at = crate::time::now();
                save(conn, target, &found)?;
            }
            found
        }
        None => {
            if !caller.collection_allows(&target.collection, Action::Create) {
                return Err(unauthorized(Action::Create));
            }
            let id = crate::ids::custom("$id", &id)?;
            let perms: Vec<Permission> = perms.unwrap_or_else(|| parent.permissions.clone());
            insert_new(conn, target, id, perms, &data, (None, None))?
        }
    };
    write_links(conn, target, caller, &doc, nested)?;
    Ok(Some(doc.seq))
}

/// Which relationships a read loads, and with which attributes: from `select` values
/// such as `library.*` or `albums.name`.
#[derive(Clone, Debug, Default)]
pub(super) struct Nested {
    pub keys: BTreeMap<String, Vec<String>>,
}

/// Splits nested selections out of the queries. A select left with no top-level value
/// keeps only the system fields (`$id`), as a select of related attributes alone does.
pub(super) fn split_selects(raw: &[String], loaded: &Loaded) -> (Vec<String>, Nested) {
    let mut nested = Nested::default();
    let queries = raw
        .iter()
        .map(|text| {
            let Ok(mut query) = serde_json::from_str::<Value>(text) else { return text.clone() };
            if query["method"] != "select" {
                return text.clone();
            }
            let Some(values) = query["values"].as_array().cloned() else { return text.clone() };
            let mut kept = Vec::new();
            for v in values {
                let name = v.as_str().unwrap_or("");
                let (head, rest) = name.split_once('.').unwrap_or((name, "*"));
                if loaded.relations.iter().any(|r| r.visible && r.key == head) {
                    nested.keys.entry(head.to_string()).or_default().push(rest.to_string());
                } else {
                    kept.push(v);
                }
            }
            if kept.is_empty() {
                kept.push(json!("$id"));
            }
            query["values"] = Value::Array(kept);
            query.to_string()
        })
        .collect();
    (queries, nested)
}

/// How a rendered document shows its relationships.
pub(super) enum Show<'a> {
    /// Not loaded: sides that keep the related ID in their row show it, others nothing.
    Ids(Option<&'a [String]>),
    /// Loaded: the related documents the caller may read, with the named attributes.
    Documents(&'a Nested),
    /// Every relationship loaded (write responses).
    All,
}

/// Adds `doc`'s relationship fields to its rendered `body`.
pub(super) fn attach(
    conn: &Connection,
    loaded: &Loaded,
    caller: &Caller,
    doc: &DocRecord,
    body: &mut Value,
    show: Show<'_>,
) -> ApiResult<()> {
    for r in loaded.relations.iter().filter(|r| r.visible) {
        let selects: Vec<String> = match &show {
            Show::Ids(selects) => {
                let wanted = selects.is_none_or(|s| s.iter().any(|k| k == "*" || *k == r.key));
                if wanted && r.holds_id() {
                    let target = related(conn, loaded, r)?;
                    let first = store::linked(conn, r, doc.seq)?.into_iter().next();
                    let id = match first {
                        Some(seq) => get_by_seq(conn, &target, seq)?.map(|d| d.id),
                        None => None,
                    };
                    body[&r.key] = json!(id);
                }
                continue;
            }
            Show::Documents(nested) => match nested.keys.get(&r.key) {
                Some(selects) => selects.clone(),
                None => continue,
            },
            Show::All => vec!["*".to_string()],
        };
        let target = related(conn, loaded, r)?;
        let mut found = Vec::new();
        for seq in store::linked(conn, r, doc.seq)? {
            let Some(other) = get_by_seq(conn, &target, seq)? else { continue };
            // Related documents the caller may not read are left out.
            if !caller.document_allows(&target.collection, &other.permissions, Action::Read) {
                continue;
            }
            let all = selects.iter().any(|s| s == "*");
            let picked = (!all).then_some(selects.as_slice());
            found.push(models::databases::document(&other, &loaded.database.id, &target.collection.id, picked));
        }
        body[&r.key] = if r.many() { Value::Array(found) } else { found.into_iter().next().unwrap_or(Value::Null) };
    }
    Ok(())
}

/// A document just written, with every relationship loaded (write responses).
pub(super) fn render_written(conn: &Connection, loaded: &Loaded, caller: &Caller, doc: &DocRecord) -> ApiResult<Value> {
    let mut body = super::documents::render(loaded, doc);
    attach(conn, loaded, caller, doc, &mut body, Show::All)?;
    Ok(body)
}

/// A document read by get or list: related documents when a select names them, the
/// stored related IDs otherwise.
pub(super) fn attach_read(
    conn: &Connection,
    loaded: &Loaded,
    caller: &Caller,
    doc: &DocRecord,
    body: &mut Value,
    nested: &Nested,
    selects: Option<&[String]>,
) -> ApiResult<()> {
    let show = if nested.keys.is_empty() { Show::Ids(selects) } else { Show::Documents(nested) };
    attach(conn, loaded, caller, doc, body, show)
}

/// Applies every `onDelete` rule of `doc` before it is deleted, in the caller's
/// transaction: restrict refuses (403 `document_delete_restricted`), setNull unlinks,
/// cascade deletes the related documents (and their own rules apply in turn). The links
/// of `doc` go in every case.
pub(super) fn before_delete(conn: &Connection, loaded: &Loaded, doc: &DocRecord, deleting: &mut HashSet<(i64, i64)>) -> ApiResult<()> {
    deleting.insert((loaded.collection.seq, doc.seq));
    for r in &loaded.relations {
        let others: Vec<i64> = store::linked(conn, r, doc.seq)?.into_iter().filter(|o| !deleting.contains(&(r.related_seq, *o))).collect();
        match r.on_delete.as_str() {
            "restrict" => {
                let guards = match r.kind {
                    RelationType::ManyToOne => !r.parent,
                    _ => r.parent,
                };
                if guards && !others.is_empty() {
                    return Err(ApiError::new(catalogue::DOCUMENT_DELETE_RESTRICTED));
                }
            }
            "cascade" => {
                let reaches = match r.kind {
                    RelationType::OneToOne => true,
                    RelationType::ManyToOne => !r.parent,
                    RelationType::OneToMany | RelationType::ManyToMany => r.parent,
                };
                if reaches && !others.is_empty() {
                    let target = related(conn, loaded, r)?;
                    for seq in others {
                        if deleting.contains(&(target.collection.seq, seq)) {
                            continue;
                        }
                        if let Some(other) = get_by_seq(conn, &target, seq)? {
                            before_delete(conn, &target, &other, deleting)?;
                            docs::delete(conn, target.collection.seq, other.seq)?;
                        }
                    }
                }
            }
            _ => {}
        }
        store::unlink_all(conn, r, doc.seq)?;
    }
    Ok(())
}

/// Bulk creation refuses collections with relationships, as Appwrite does.
pub(super) fn refuse_bulk_create(loaded: &Loaded) -> ApiResult<()> {
    if loaded.relations.iter().any(|r| r.visible) {
        return Err(ApiError::with_message(
            catalogue::GENERAL_BAD_REQUEST,
            "Bulk create is not supported for databases with relationship attributes",
        ));
    }
    Ok(())
}

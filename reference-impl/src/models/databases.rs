//! The Databases service's response models: `database`, `collection`, the `attribute*`
//! family, `index` and `document` (models.md).

use serde_json::{json, Map, Value};

use crate::store::databases::catalog::{CollectionRecord, DatabaseRecord};
use crate::store::databases::documents::DocRecord;
use crate::store::databases::schema::{AttrDef, AttrType, IndexDef};

pub fn database(d: &DatabaseRecord) -> Value {
    json!({
        "$id": d.id,
        "name": d.name,
        "$createdAt": d.created_at,
        "$updatedAt": d.updated_at,
        "enabled": d.enabled,
        "type": "legacy",
    })
}

/// Appwrite's row-size budget for a collection (MariaDB's 65,535-byte row limit).
const BYTES_MAX: i64 = 65_535;

/// Roughly what each attribute costs in a row, as Appwrite estimates it.
fn attribute_bytes(a: &AttrDef) -> i64 {
    if a.array {
        return 20;
    }
    match a.kind {
        AttrType::String => {
            if a.size > 16_381 {
                20
            } else {
                a.size * 4 + if a.size > 255 { 2 } else { 1 }
            }
        }
        AttrType::Integer | AttrType::BigInt => 8,
        AttrType::Varchar => a.size * 4 + if a.size > 255 { 2 } else { 1 },
        // Off-row types (TEXT family, geometries) keep a pointer in the row.
        AttrType::Text | AttrType::Mediumtext | AttrType::Longtext | AttrType::Point | AttrType::Line | AttrType::Polygon => 20,
        AttrType::Float => 8,
        AttrType::Boolean => 1,
        AttrType::Datetime => 19,
        AttrType::Email | AttrType::Url => 255 * 4 + 1,
        AttrType::Enum => 255 * 4 + 1,
        AttrType::Ip => 39 * 4 + 1,
        AttrType::Relationship => 0,
    }
}

pub fn collection(c: &CollectionRecord, attrs: &[AttrDef], indexes: &[IndexDef]) -> Value {
    json!({
        "$id": c.id,
        "$createdAt": c.created_at,
        "$updatedAt": c.updated_at,
        "$permissions": c.permissions.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "databaseId": c.database_id,
        "name": c.name,
        "enabled": c.enabled,
        "documentSecurity": c.document_security,
        "attributes": attrs.iter().map(attribute).collect::<Vec<_>>(),
        "indexes": indexes.iter().map(index).collect::<Vec<_>>(),
        "bytesMax": BYTES_MAX,
        "bytesUsed": attrs.iter().map(attribute_bytes).sum::<i64>(),
    })
}

pub fn attribute(a: &AttrDef) -> Value {
    let (kind, format) = a.kind.type_and_format();
    let mut out = json!({
        "key": a.key,
        "type": kind,
        "status": a.status,
        "error": a.error,
        "required": a.required,
        "array": a.array,
        "$createdAt": a.created_at,
        "$updatedAt": a.updated_at,
        "default": a.default,
    });
    let Value::Object(map) = &mut out else { return out };
    match a.kind {
        AttrType::String => {
            map.insert("size".into(), json!(a.size));
            map.insert("encrypt".into(), json!(false));
        }
        AttrType::Varchar => {
            map.insert("size".into(), json!(a.size));
            map.insert("encrypt".into(), json!(a.encrypt));
        }
        AttrType::Text | AttrType::Mediumtext | AttrType::Longtext => {
            map.insert("encrypt".into(), json!(a.encrypt));
        }
        AttrType::Integer | AttrType::BigInt | AttrType::Float => {
            map.insert("min".into(), a.min.clone());
            map.insert("max".into(), a.max.clone());
        }
        AttrType::Enum => {
            map.insert("elements".into(), json!(a.elements));
            map.insert("format".into(), json!(format));
        }
        AttrType::Email | AttrType::Ip | AttrType::Url | AttrType::Datetime => {
            map.insert("format".into(), json!(format));
        }
        AttrType::Boolean | AttrType::Relationship | AttrType::Point | AttrType::Line | AttrType::Polygon => {}
    }
    out
}

pub fn index(i: &IndexDef) -> Value {
    json!({
        "$id": i.key,
        "$createdAt": i.created_at,
        "$updatedAt": i.updated_at,
        "key": i.key,
        "type": i.kind,
        "status": i.status,
        "error": i.error,
        "attributes": i.attributes,
        "lengths": i.lengths,
        "orders": i.orders,
    })
}

/// A document: system fields, then its attributes (all of them, or those `select` named).
pub fn document(d: &DocRecord, database_id: &str, collection_id: &str, selects: Option<&[String]>) -> Value {
    let mut map = Map::new();
    map.insert("$id".into(), json!(d.id));
    map.insert("$sequence".into(), json!(d.seq.to_string()));
    map.insert("$collectionId".into(), json!(collection_id));
    map.insert("$databaseId".into(), json!(database_id));
    map.insert("$createdAt".into(), json!(d.created_at));
    map.insert("$updatedAt".into(), json!(d.updated_at));
    map.insert("$permissions".into(), json!(d.permissions.iter().map(ToString::to_string).collect::<Vec<_>>()));
    for (key, value) in &d.data {
        if selects.is_none_or(|s| s.iter().any(|k| k == key || k == "*")) {
            map.insert(key.clone(), value.clone());
        }
    }
    Value::Object(map)
}

//! Attributes and indexes: their metadata rows and the DDL that makes them real (a column per
//! attribute; an SQLite index per key/unique index; an FTS5 table kept in step by triggers
//! per fulltext index).

use rusqlite::{params, Connection, Row};
use serde_json::Value;

use super::{column, docs_table, ident};
use crate::query::{Attr, Kind, Schema};
use crate::query_spatial::Shape;
use crate::store::optional;

/// The attribute types this server implements, as the API names their routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrType {
    String,
    Integer,
    Float,
    Boolean,
    Email,
    Enum,
    Ip,
    Url,
    Datetime,
    /// A link to another collection's documents (`services::databases::relationships`).
    Relationship,
    // The text family and bigint (see `services/databases/attribute_types.rs`).
    Varchar,
    Text,
    Mediumtext,
    Longtext,
    BigInt,
    // Geometries, stored as their JSON coordinates (see `query_spatial.rs`).
    Point,
    Line,
    Polygon,
}

impl AttrType {
    /// The route segment (`/attributes/<name>`).
    pub fn from_route(name: &str) -> Option<AttrType> {
        Some(match name {
            "string" => AttrType::String,
            "integer" => AttrType::Integer,
            "float" => AttrType::Float,
            "boolean" => AttrType::Boolean,
            "email" => AttrType::Email,
            "enum" => AttrType::Enum,
            "ip" => AttrType::Ip,
            "url" => AttrType::Url,
            "datetime" => AttrType::Datetime,
            "varchar" => AttrType::Varchar,
            "text" => AttrType::Text,
            "mediumtext" => AttrType::Mediumtext,
            "longtext" => AttrType::Longtext,
            "bigint" => AttrType::BigInt,
            "point" => AttrType::Point,
            "line" => AttrType::Line,
            "polygon" => AttrType::Polygon,
            _ => return None,
        })
    }

    /// Appwrite's stored `type` and `format` (email/enum/ip/url are formatted strings).
    pub fn type_and_format(self) -> (&'static str, &'static str) {
        match self {
            AttrType::String => ("string", ""),
            AttrType::Integer => ("integer", ""),
            AttrType::Float => ("double", ""),
            AttrType::Boolean => ("boolean", ""),
            AttrType::Email => ("string", "email"),
            AttrType::Enum => ("string", "enum"),
            AttrType::Ip => ("string", "ip"),
            AttrType::Url => ("string", "url"),
            AttrType::Datetime => ("datetime", ""),
            AttrType::Relationship => ("relationship", ""),
            AttrType::Varchar => ("varchar", ""),
            AttrType::Text => ("text", ""),
            AttrType::Mediumtext => ("mediumtext", ""),
            AttrType::Longtext => ("longtext", ""),
            AttrType::BigInt => ("bigint", ""),
            AttrType::Point => ("point", ""),
            AttrType::Line => ("linestring", ""),
            AttrType::Polygon => ("polygon", ""),
        }
    }

    fn from_stored(kind: &str, format: &str) -> AttrType {
        match (kind, format) {
            ("integer", _) => AttrType::Integer,
            ("double", _) => AttrType::Float,
            ("boolean", _) => AttrType::Boolean,
            ("datetime", _) => AttrType::Datetime,
            ("relationship", _) => AttrType::Relationship,
            ("varchar", _) => AttrType::Varchar,
            ("text", _) => AttrType::Text,
            ("mediumtext", _) => AttrType::Mediumtext,
            ("longtext", _) => AttrType::Longtext,
            ("bigint", _) => AttrType::BigInt,
            ("point", _) => AttrType::Point,
            ("linestring", _) => AttrType::Line,
            ("polygon", _) => AttrType::Polygon,
            (_, "email") => AttrType::Email,
            (_, "enum") => AttrType::Enum,
            (_, "ip") => AttrType::Ip,
            (_, "url") => AttrType::Url,
            _ => AttrType::String,
        }
    }

    /// Plain strings of any size (what `search` and fulltext indexes accept).
    pub fn is_text(self) -> bool {
        matches!(self, AttrType::String | AttrType::Varchar | AttrType::Text | AttrType::Mediumtext | AttrType::Longtext)
    }

    pub fn is_spatial(self) -> bool {
        matches!(self, AttrType::Point | AttrType::Line | AttrType::Polygon)
    }

    pub fn query_kind(self) -> Kind {
        match self {
            AttrType::Integer | AttrType::BigInt => Kind::Integer,
            AttrType::Point => Kind::Spatial(Shape::Point),
            AttrType::Line => Kind::Spatial(Shape::Line),
            AttrType::Polygon => Kind::Spatial(Shape::Polygon),
            AttrType::Float => Kind::Float,
            AttrType::Boolean => Kind::Boolean,
            AttrType::Datetime => Kind::Datetime,
            _ => Kind::String,
        }
    }

    fn sql_type(self, array: bool) -> &'static str {
        if array {
            return "TEXT";
        }
        match self {
            AttrType::Integer | AttrType::BigInt | AttrType::Boolean => "INTEGER",
            AttrType::Float => "REAL",
            _ => "TEXT",
        }
    }
}

#[derive(Clone, Debug)]
pub struct AttrDef {
    pub seq: i64,
    pub key: String,
    pub kind: AttrType,
    pub size: i64,
    pub required: bool,
    pub array: bool,
    pub default: Value,
    pub min: Value,
    pub max: Value,
    pub elements: Vec<String>,
    /// Text-family attributes created with `encrypt` (kept as format `encrypt`).
    pub encrypt: bool,
    pub status: String,
    pub error: String,
    pub created_at: String,
    pub updated_at: String,
}

/// The stored format of an encrypted text-family attribute.
const ENCRYPT_FORMAT: &str = "encrypt";

const ATTR_COLUMNS: &str =
    "seq, id, type, format, size, required, array, default_value, min, max, elements, status, error, created_at, updated_at";

pub fn attr_from_row(row: &Row<'_>) -> rusqlite::Result<AttrDef> {
    let json = |i: usize| -> rusqlite::Result<Value> {
        let text: String = row.get(i)?;
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    };
    let kind: String = row.get(2)?;
    let format: String = row.get(3)?;
    Ok(AttrDef {
        seq: row.get(0)?,
        key: row.get(1)?,
        kind: AttrType::from_stored(&kind, &format),
        size: row.get(4)?,
        required: row.get(5)?,
        array: row.get(6)?,
        default: json(7)?,
        min: json(8)?,
        max: json(9)?,
        elements: serde_json::from_value(json(10)?).unwrap_or_default(),
        encrypt: format == ENCRYPT_FORMAT,
        status: row.get(11)?,
        error: row.get(12)?,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
    })
}

/// `query::list` over the attributes table, with the columns `attr_from_row` reads.
pub const ATTR_TABLE: &str = "collection_attributes";
pub const ATTR_LIST_COLUMNS: &str = ATTR_COLUMNS;

pub fn attribute_list_schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("key", "id", Kind::String),
        Attr::new("type", "type", Kind::String),
        Attr::new("size", "size", Kind::Integer),
        Attr::new("required", "required", Kind::Boolean),
        Attr::new("array", "array", Kind::Boolean),
        Attr::new("status", "status", Kind::String),
        Attr::new("error", "error", Kind::String),
    ])
}

pub fn attributes(conn: &Connection, collection_seq: i64) -> rusqlite::Result<Vec<AttrDef>> {
    conn.prepare_cached(&format!("SELECT {ATTR_COLUMNS} FROM collection_attributes WHERE collection_seq = ? ORDER BY seq"))?
        .query_map([collection_seq], attr_from_row)?
        .collect()
}

pub fn attribute(conn: &Connection, collection_seq: i64, key: &str) -> rusqlite::Result<Option<AttrDef>> {
    optional(conn.query_row(
        &format!("SELECT {ATTR_COLUMNS} FROM collection_attributes WHERE collection_seq = ? AND id = ?"),
        params![collection_seq, key],
        attr_from_row,
    ))
}

/// Records the attribute and adds its column; `false` when the key is taken.
pub fn add_attribute(conn: &mut Connection, collection_seq: i64, a: &AttrDef) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    let (kind, format) = a.kind.type_and_format();
    let format = if a.encrypt { ENCRYPT_FORMAT } else { format };
    let done = tx.execute(
        "INSERT INTO collection_attributes (collection_seq, id, type, format, size, required, array, default_value, min, max, \
         elements, status, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            collection_seq,
            a.key,
            kind,
            format,
            a.size,
            a.required,
            a.array,
            a.default.to_string(),
            a.min.to_string(),
            a.max.to_string(),
            Value::from(a.elements.clone()).to_string(),
            a.status,
            a.error,
            a.created_at,
            a.updated_at
        ],
    );
    match done {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(false),
        Err(e) => return Err(e),
    }
    tx.execute_batch(&format!("ALTER TABLE {} ADD COLUMN {} {}", docs_table(collection_seq), column(&a.key), a.kind.sql_type(a.array)))?;
    tx.commit()?;
    Ok(true)
}

/// Saves changed settings; a new key renames the column (SQLite rewrites indexes and
/// triggers that use it) and the attribute's place in index definitions.
pub fn update_attribute(conn: &mut Connection, collection_seq: i64, old_key: &str, a: &AttrDef) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    let done = tx.execute(
        "UPDATE collection_attributes SET id = ?, size = ?, required = ?, default_value = ?, min = ?, max = ?, elements = ?, \
         updated_at = ? WHERE collection_seq = ? AND id = ?",
        params![
            a.key,
            a.size,
            a.required,
            a.default.to_string(),
            a.min.to_string(),
            a.max.to_string(),
            Value::from(a.elements.clone()).to_string(),
            a.updated_at,
            collection_seq,
            old_key
        ],
    );
    match done {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(false),
        Err(e) => return Err(e),
    }
    if a.key != old_key {
        tx.execute_batch(&format!("ALTER TABLE {} RENAME COLUMN {} TO {}", docs_table(collection_seq), column(old_key), column(&a.key)))?;
        for mut index in indexes(&tx, collection_seq)? {
            if index.attributes.iter().any(|k| k == old_key) {
                index.attributes.iter_mut().filter(|k| *k == old_key).for_each(|k| *k = a.key.clone());
                tx.execute(
                    "UPDATE collection_indexes SET attributes = ? WHERE seq = ?",
                    params![Value::from(index.attributes.clone()).to_string(), index.seq],
                )?;
            }
        }
    }
    tx.commit()?;
    Ok(true)
}

/// Removes an attribute. Like utopia-php/database, indexes over it lose it, and an index
/// left with no attributes goes away.
pub fn delete_attribute(conn: &mut Connection, collection_seq: i64, key: &str) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for index in indexes(&tx, collection_seq)? {
        if !index.attributes.iter().any(|k| k == key) {
            continue;
        }
        drop_index_structures(&tx, collection_seq, &index)?;
        let remaining: Vec<String> = index.attributes.iter().filter(|k| *k != key).cloned().collect();
        if remaining.is_empty() {
            tx.execute("DELETE FROM collection_indexes WHERE seq = ?", [index.seq])?;
        } else {
            let kept = IndexDef { attributes: remaining, ..index };
            tx.execute(
                "UPDATE collection_indexes SET attributes = ? WHERE seq = ?",
                params![Value::from(kept.attributes.clone()).to_string(), kept.seq],
            )?;
            build_index_structures(&tx, collection_seq, &kept)?;
        }
    }
    tx.execute("DELETE FROM collection_attributes WHERE collection_seq = ? AND id = ?", params![collection_seq, key])?;
    tx.execute_batch(&format!("ALTER TABLE {} DROP COLUMN {}", docs_table(collection_seq), column(key)))?;
    tx.commit()
}

#[derive(Clone, Debug)]
pub struct IndexDef {
    pub seq: i64,
    pub key: String,
    /// `key`, `unique` or `fulltext`.
    pub kind: String,
    pub attributes: Vec<String>,
    pub orders: Vec<String>,
    pub lengths: Vec<Value>,
    pub status: String,
    pub error: String,
    pub created_at: String,
    pub updated_at: String,
}

const INDEX_COLUMNS: &str = "seq, id, type, attributes, orders, lengths, status, error, created_at, updated_at";
pub const INDEX_TABLE: &str = "collection_indexes";
pub const INDEX_LIST_COLUMNS: &str = INDEX_COLUMNS;

pub fn index_from_row(row: &Row<'_>) -> rusqlite::Result<IndexDef> {
    let list = |i: usize| -> rusqlite::Result<Vec<Value>> {
        let text: String = row.get(i)?;
        Ok(serde_json::from_str(&text).unwrap_or_default())
    };
    let strings = |v: Vec<Value>| v.into_iter().filter_map(|s| s.as_str().map(str::to_string)).collect();
    Ok(IndexDef {
        seq: row.get(0)?,
        key: row.get(1)?,
        kind: row.get(2)?,
        attributes: strings(list(3)?),
        orders: strings(list(4)?),
        lengths: list(5)?,
        status: row.get(6)?,
        error: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
    })
}

pub fn index_list_schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("key", "id", Kind::String),
        Attr::new("type", "type", Kind::String),
        Attr::new("status", "status", Kind::String),
        Attr::array("attributes", "attributes", Kind::String),
        Attr::new("error", "error", Kind::String),
    ])
}

pub fn indexes(conn: &Connection, collection_seq: i64) -> rusqlite::Result<Vec<IndexDef>> {
    conn.prepare_cached(&format!("SELECT {INDEX_COLUMNS} FROM collection_indexes WHERE collection_seq = ? ORDER BY seq"))?
        .query_map([collection_seq], index_from_row)?
        .collect()
}

pub fn index(conn: &Connection, collection_seq: i64, key: &str) -> rusqlite::Result<Option<IndexDef>> {
    optional(conn.query_row(
        &format!("SELECT {INDEX_COLUMNS} FROM collection_indexes WHERE collection_seq = ? AND id = ?"),
        params![collection_seq, key],
        index_from_row,
    ))
}

/// Records an index and builds it. A unique index over duplicate values cannot be built:
/// it is kept with status `failed` and the reason, as Appwrite's worker leaves it.
/// `None` when the key is taken.
pub fn add_index(conn: &mut Connection, collection_seq: i64, index: &IndexDef) -> rusqlite::Result<Option<IndexDef>> {
    let tx = conn.transaction()?;
    let done = tx.execute(
        "INSERT INTO collection_indexes (collection_seq, id, type, attributes, orders, lengths, status, error, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            collection_seq,
            index.key,
            index.kind,
            Value::from(index.attributes.clone()).to_string(),
            Value::from(index.orders.clone()).to_string(),
            Value::from(index.lengths.clone()).to_string(),
            "available",
            "",
            index.created_at,
            index.updated_at
        ],
    );
    match done {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut stored = IndexDef { seq: tx.last_insert_rowid(), status: "available".into(), ..index.clone() };
    tx.execute_batch("SAVEPOINT build_index")?;
    match build_index_structures(&tx, collection_seq, &stored) {
        Ok(()) => tx.execute_batch("RELEASE build_index")?,
        Err(e) if crate::db::is_unique_violation(&e) => {
            tx.execute_batch("ROLLBACK TO build_index; RELEASE build_index")?;
            stored.status = "failed".into();
            stored.error = "Index could not be created: existing documents hold duplicate values".into();
            tx.execute(
                "UPDATE collection_indexes SET status = ?, error = ? WHERE seq = ?",
                params![stored.status, stored.error, stored.seq],
            )?;
        }
        Err(e) => return Err(e),
    }
    tx.commit()?;
    Ok(Some(stored))
}

pub fn delete_index(conn: &mut Connection, collection_seq: i64, index: &IndexDef) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    drop_index_structures(&tx, collection_seq, index)?;
    tx.execute("DELETE FROM collection_indexes WHERE seq = ?", [index.seq])?;
    tx.commit()
}

/// The FTS5 table backing a fulltext index.
pub fn fts_table(collection_seq: i64, index_seq: i64) -> String {
    format!("docs_{collection_seq}_fts_{index_seq}")
}

fn sql_index_name(collection_seq: i64, index_seq: i64) -> String {
    format!("docs_{collection_seq}_idx_{index_seq}")
}

pub(super) fn build_index_structures(conn: &Connection, collection_seq: i64, index: &IndexDef) -> rusqlite::Result<()> {
    if index.status == "failed" {
        return Ok(());
    }
    let docs = docs_table(collection_seq);
    if index.kind == "fulltext" {
        let fts = fts_table(collection_seq, index.seq);
        let cols: Vec<String> = index.attributes.iter().map(|k| column(k)).collect();
        let names: Vec<String> = (0..cols.len()).map(|i| format!("c{i}")).collect();
        let new_values: Vec<String> = cols.iter().map(|c| format!("new.{c}")).collect();
        let insert = format!("INSERT INTO {fts}(rowid, {}) VALUES (new.seq, {});", names.join(", "), new_values.join(", "));
        // Triggers keep the FTS table in step with every write path, bulk ones included.
        return conn.execute_batch(&format!(
            "CREATE VIRTUAL TABLE {fts} USING fts5({names});
             INSERT INTO {fts}(rowid, {names}) SELECT seq, {cols} FROM {docs};
             CREATE TRIGGER {fts}_ai AFTER INSERT ON {docs} BEGIN {insert} END;
             CREATE TRIGGER {fts}_ad AFTER DELETE ON {docs} BEGIN DELETE FROM {fts} WHERE rowid = old.seq; END;
             CREATE TRIGGER {fts}_au AFTER UPDATE ON {docs} BEGIN DELETE FROM {fts} WHERE rowid = old.seq; {insert} END;",
            names = names.join(", "),
            cols = cols.join(", "),
        ));
    }
    let unique = if index.kind == "unique" { "UNIQUE " } else { "" };
    let parts: Vec<String> = index
        .attributes
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let desc = index.orders.get(i).is_some_and(|o| o.eq_ignore_ascii_case("DESC"));
            format!("{}{}", column(k), if desc { " DESC" } else { "" })
        })
        .collect();
    conn.execute_batch(&format!(
        "CREATE {unique}INDEX {} ON {docs}({})",
        ident(&sql_index_name(collection_seq, index.seq)),
        parts.join(", ")
    ))
}

pub fn drop_index_structures(conn: &Connection, collection_seq: i64, index: &IndexDef) -> rusqlite::Result<()> {
    if index.kind == "fulltext" {
        let fts = fts_table(collection_seq, index.seq);
        return conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS {fts}_ai; DROP TRIGGER IF EXISTS {fts}_ad; DROP TRIGGER IF EXISTS {fts}_au; DROP TABLE IF EXISTS {fts};"
        ));
    }
    conn.execute_batch(&format!("DROP INDEX IF EXISTS {}", ident(&sql_index_name(collection_seq, index.seq))))
}

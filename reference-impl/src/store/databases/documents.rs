//! Document rows of one collection's `docs_<seq>` table: typed columns in, JSON values out,
//! and the `(document, action, role)` rows that let permission filters run in SQL.

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection, Row};
use serde_json::{Map, Value};

use super::schema::{AttrDef, AttrType};
use super::{column, docs_table, perms_table};
use crate::permissions::{self, Permission};
use crate::store::optional;

#[derive(Clone, Debug)]
pub struct DocRecord {
    pub seq: i64,
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub permissions: Vec<Permission>,
    /// Attribute key → value (null when unset), in attribute order.
    pub data: Map<String, Value>,
}

/// The SELECT list `from_row` reads for these attributes.
pub fn columns(attrs: &[AttrDef]) -> String {
    let mut cols = vec!["seq".to_string(), "id".into(), "created_at".into(), "updated_at".into(), "permissions".into()];
    cols.extend(attrs.iter().map(|a| column(&a.key)));
    cols.join(", ")
}

pub fn from_row(attrs: &[AttrDef], row: &Row<'_>) -> rusqlite::Result<DocRecord> {
    let perms: String = row.get(4)?;
    let mut data = Map::new();
    for (i, a) in attrs.iter().enumerate() {
        let raw: Sql = row.get(5 + i)?;
        data.insert(a.key.clone(), from_sql(a, raw));
    }
    Ok(DocRecord {
        seq: row.get(0)?,
        id: row.get(1)?,
        created_at: row.get(2)?,
        updated_at: row.get(3)?,
        permissions: permissions::from_json(&perms),
        data,
    })
}

/// A validated JSON value in its column's storage form (arrays as JSON text).
pub fn to_sql(a: &AttrDef, value: &Value) -> Sql {
    if value.is_null() {
        return Sql::Null;
    }
    if a.array || a.kind.is_spatial() {
        return Sql::Text(value.to_string());
    }
    scalar_to_sql(a.kind, value)
}

fn scalar_to_sql(kind: AttrType, value: &Value) -> Sql {
    match (kind, value) {
        (AttrType::Integer | AttrType::BigInt, Value::Number(n)) => n.as_i64().map_or(Sql::Null, Sql::Integer),
        (AttrType::Float, Value::Number(n)) => n.as_f64().map_or(Sql::Null, Sql::Real),
        (AttrType::Boolean, Value::Bool(b)) => Sql::Integer(i64::from(*b)),
        (_, Value::String(s)) => Sql::Text(s.clone()),
        _ => Sql::Null,
    }
}

fn from_sql(a: &AttrDef, raw: Sql) -> Value {
    match raw {
        Sql::Null => Value::Null,
        Sql::Text(text) if a.array || a.kind.is_spatial() => serde_json::from_str(&text).unwrap_or(Value::Null),
        Sql::Integer(n) if a.kind == AttrType::Boolean => Value::Bool(n != 0),
        Sql::Integer(n) if a.kind == AttrType::Float => serde_json::Number::from_f64(n as f64).map_or(Value::Null, Value::Number),
        Sql::Integer(n) => Value::from(n),
        Sql::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        Sql::Text(s) => Value::String(s),
        Sql::Blob(_) => Value::Null,
    }
}

pub fn get(conn: &Connection, collection_seq: i64, attrs: &[AttrDef], id: &str) -> rusqlite::Result<Option<DocRecord>> {
    optional(
        conn.query_row(&format!("SELECT {} FROM {} WHERE id = ?", columns(attrs), docs_table(collection_seq)), [id], |r| {
            from_row(attrs, r)
        }),
    )
}

/// Inserts a document; `false` when its ID or a unique index value is taken.
pub fn insert(conn: &Connection, collection_seq: i64, attrs: &[AttrDef], doc: &mut DocRecord) -> rusqlite::Result<bool> {
    let mut args = vec![
        Sql::Text(doc.id.clone()),
        Sql::Text(doc.created_at.clone()),
        Sql::Text(doc.updated_at.clone()),
        Sql::Text(permissions::to_json(&doc.permissions)),
    ];
    args.extend(attrs.iter().map(|a| to_sql(a, doc.data.get(&a.key).unwrap_or(&Value::Null))));
    let names = columns(attrs);
    let names = names.trim_start_matches("seq, ");
    let placeholders = vec!["?"; args.len()].join(", ");
    let sql = format!("INSERT INTO {} ({names}) VALUES ({placeholders})", docs_table(collection_seq));
    match conn.prepare_cached(&sql)?.execute(params_from_iter(args.iter())) {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(false),
        Err(e) => return Err(e),
    }
    doc.seq = conn.last_insert_rowid();
    write_permissions(conn, collection_seq, doc.seq, &doc.permissions)?;
    Ok(true)
}

/// Rewrites a stored document (matched by `seq`); `false` when a unique index refuses it.
pub fn update(conn: &Connection, collection_seq: i64, attrs: &[AttrDef], doc: &DocRecord) -> rusqlite::Result<bool> {
    let mut sets = vec!["updated_at = ?".to_string(), "permissions = ?".to_string(), "created_at = ?".to_string()];
    let mut args =
        vec![Sql::Text(doc.updated_at.clone()), Sql::Text(permissions::to_json(&doc.permissions)), Sql::Text(doc.created_at.clone())];
    for a in attrs {
        sets.push(format!("{} = ?", column(&a.key)));
        args.push(to_sql(a, doc.data.get(&a.key).unwrap_or(&Value::Null)));
    }
    args.push(Sql::Integer(doc.seq));
    let sql = format!("UPDATE {} SET {} WHERE seq = ?", docs_table(collection_seq), sets.join(", "));
    match conn.prepare_cached(&sql)?.execute(params_from_iter(args.iter())) {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(false),
        Err(e) => return Err(e),
    }
    conn.execute(&format!("DELETE FROM {} WHERE doc = ?", perms_table(collection_seq)), [doc.seq])?;
    write_permissions(conn, collection_seq, doc.seq, &doc.permissions)?;
    Ok(true)
}

/// Deletes a document; its permission rows go with it (foreign key cascade).
pub fn delete(conn: &Connection, collection_seq: i64, seq: i64) -> rusqlite::Result<()> {
    conn.execute(&format!("DELETE FROM {} WHERE seq = ?", docs_table(collection_seq)), [seq])?;
    Ok(())
}

fn write_permissions(conn: &Connection, collection_seq: i64, seq: i64, perms: &[Permission]) -> rusqlite::Result<()> {
    let mut stmt =
        conn.prepare_cached(&format!("INSERT OR IGNORE INTO {} (doc, action, role) VALUES (?, ?, ?)", perms_table(collection_seq)))?;
    for p in perms {
        stmt.execute(rusqlite::params![seq, p.action.as_str(), p.role])?;
    }
    Ok(())
}

/// The SQL condition "a role in `roles` holds `action` on the document", for `query::Scope`.
pub fn permission_condition(collection_seq: i64, action: &str, roles: &[String]) -> (String, Vec<Sql>) {
    let placeholders = vec!["?"; roles.len()].join(", ");
    let sql = format!("seq IN (SELECT doc FROM {} WHERE action = ? AND role IN ({placeholders}))", perms_table(collection_seq));
    let mut args = vec![Sql::Text(action.to_string())];
    args.extend(roles.iter().map(|r| Sql::Text(r.clone())));
    (sql, args)
}

/// Adds `delta` to a numeric attribute in one statement, so concurrent calls never lose an
/// update; the caller has checked the bounds under the same connection lock.
pub fn add_to(conn: &Connection, collection_seq: i64, a: &AttrDef, seq: i64, delta: f64, now: &str) -> rusqlite::Result<()> {
    let col = column(&a.key);
    let delta = if a.kind == AttrType::Integer { Sql::Integer(delta as i64) } else { Sql::Real(delta) };
    conn.execute(
        &format!("UPDATE {} SET {col} = COALESCE({col}, 0) + ?, updated_at = ? WHERE seq = ?", docs_table(collection_seq)),
        rusqlite::params![delta, now, seq],
    )?;
    Ok(())
}

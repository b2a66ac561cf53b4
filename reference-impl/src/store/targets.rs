//! The `targets` table: where messages to a user go (one email target per user email).

use rusqlite::{params, Connection, Row};

use crate::query::{Attr, Kind, Schema};
use crate::store::optional;

#[derive(Clone, Debug)]
pub struct TargetRecord {
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub user_id: String,
    pub provider_type: String,
    pub provider_id: Option<String>,
    pub identifier: String,
    pub name: String,
    pub expired: bool,
}

pub const COLUMNS: &str = "id, created_at, updated_at, user_id, provider_type, provider_id, identifier, name, expired";

pub fn from_row(row: &Row<'_>) -> rusqlite::Result<TargetRecord> {
    Ok(TargetRecord {
        id: row.get(0)?,
        created_at: row.get(1)?,
        updated_at: row.get(2)?,
        user_id: row.get(3)?,
        provider_type: row.get(4)?,
        provider_id: row.get(5)?,
        identifier: row.get(6)?,
        name: row.get(7)?,
        expired: row.get(8)?,
    })
}

/// Adds a target; an identifier already targeted is left as it is (as Appwrite does on a
/// duplicate).
pub fn insert(conn: &Connection, user_id: &str, provider_type: &str, identifier: &str, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO targets (id, created_at, updated_at, user_id, provider_type, identifier) VALUES (?1, ?2, ?2, ?3, ?4, ?5)",
        params![crate::ids::unique(), now, user_id, provider_type, identifier],
    )?;
    Ok(())
}

pub fn for_user(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<TargetRecord>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM targets WHERE user_id = ? ORDER BY seq"))?;
    let rows = stmt.query_map([user_id], from_row)?;
    rows.collect()
}

/// What listTargets may filter and order on.
pub fn schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("userId", "user_id", Kind::String),
        Attr::new("providerId", "provider_id", Kind::String),
        Attr::new("identifier", "identifier", Kind::String),
        Attr::new("providerType", "provider_type", Kind::String),
    ])
}

/// Inserts `t` as it is; a taken ID or identifier is a UNIQUE violation for the caller.
pub fn insert_record(conn: &Connection, t: &TargetRecord) -> rusqlite::Result<()> {
    conn.execute(
        &format!("INSERT INTO targets ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
        params![t.id, t.created_at, t.updated_at, t.user_id, t.provider_type, t.provider_id, t.identifier, t.name, t.expired],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<TargetRecord>> {
    optional(conn.query_row(&format!("SELECT {COLUMNS} FROM targets WHERE id = ?"), [id], from_row))
}

pub fn find_by_identifier(conn: &Connection, identifier: &str) -> rusqlite::Result<Option<TargetRecord>> {
    optional(conn.query_row(&format!("SELECT {COLUMNS} FROM targets WHERE identifier = ?"), [identifier], from_row))
}

pub fn update(conn: &Connection, t: &TargetRecord) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE targets SET updated_at = ?2, provider_id = ?3, identifier = ?4, name = ?5, expired = ?6 WHERE id = ?1",
        params![t.id, t.updated_at, t.provider_id, t.identifier, t.name, t.expired],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM targets WHERE id = ?", [id])? > 0)
}

//! The `targets` table: where messages to a user go (one email target per user email).

use rusqlite::{params, Connection, Row};

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

const COLUMNS: &str = "id, created_at, updated_at, user_id, provider_type, provider_id, identifier, name, expired";

fn from_row(row: &Row<'_>) -> rusqlite::Result<TargetRecord> {
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

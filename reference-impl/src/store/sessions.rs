//! The `sessions` table. Secrets are stored as SHA-256 hashes only.

use rusqlite::{params, Connection, Row};

use crate::store::optional;

#[derive(Clone, Debug)]
pub struct SessionRecord {
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub user_id: String,
    pub expire: String,
    pub provider: String,
    pub provider_uid: String,
    pub secret_hash: String,
    pub ip: String,
    pub user_agent: String,
    pub factors: Vec<String>,
}

const COLUMNS: &str = "id, created_at, updated_at, user_id, expire, provider, provider_uid, secret_hash, ip, user_agent, factors";

fn from_row(row: &Row<'_>) -> rusqlite::Result<SessionRecord> {
    let factors: String = row.get(10)?;
    Ok(SessionRecord {
        id: row.get(0)?,
        created_at: row.get(1)?,
        updated_at: row.get(2)?,
        user_id: row.get(3)?,
        expire: row.get(4)?,
        provider: row.get(5)?,
        provider_uid: row.get(6)?,
        secret_hash: row.get(7)?,
        ip: row.get(8)?,
        user_agent: row.get(9)?,
        factors: serde_json::from_str(&factors).unwrap_or_default(),
    })
}

pub fn insert(conn: &Connection, s: &SessionRecord) -> rusqlite::Result<()> {
    conn.execute(
        &format!("INSERT INTO sessions ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
        params![
            s.id,
            s.created_at,
            s.updated_at,
            s.user_id,
            s.expire,
            s.provider,
            s.provider_uid,
            s.secret_hash,
            s.ip,
            s.user_agent,
            serde_json::Value::from(s.factors.clone()).to_string(),
        ],
    )?;
    Ok(())
}

/// The user's sessions that have not expired, oldest first.
pub fn for_user(conn: &Connection, user_id: &str, now: &str) -> rusqlite::Result<Vec<SessionRecord>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM sessions WHERE user_id = ? AND expire > ? ORDER BY seq"))?;
    let rows = stmt.query_map(params![user_id, now], from_row)?;
    rows.collect()
}

/// The live session of `user_id` whose secret hashes to `secret_hash`.
pub fn find_by_secret(conn: &Connection, user_id: &str, secret_hash: &str, now: &str) -> rusqlite::Result<Option<SessionRecord>> {
    optional(conn.query_row(
        &format!("SELECT {COLUMNS} FROM sessions WHERE user_id = ? AND secret_hash = ? AND expire > ?"),
        params![user_id, secret_hash, now],
        from_row,
    ))
}

pub fn get(conn: &Connection, user_id: &str, id: &str, now: &str) -> rusqlite::Result<Option<SessionRecord>> {
    optional(conn.query_row(
        &format!("SELECT {COLUMNS} FROM sessions WHERE user_id = ? AND id = ? AND expire > ?"),
        params![user_id, id, now],
        from_row,
    ))
}

/// The live session with this ID, whoever it belongs to (Appwrite's `deleteSession` looks a
/// session up by its ID alone, whatever user the path names).
pub fn get_by_id(conn: &Connection, id: &str, now: &str) -> rusqlite::Result<Option<SessionRecord>> {
    optional(conn.query_row(&format!("SELECT {COLUMNS} FROM sessions WHERE id = ? AND expire > ?"), params![id, now], from_row))
}

pub fn delete(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM sessions WHERE id = ?", [id])? > 0)
}

pub fn delete_for_user(conn: &Connection, user_id: &str) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])
}

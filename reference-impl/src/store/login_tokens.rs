//! The `login_tokens` table: secrets `POST /users/{userId}/tokens` hands out for
//! `POST /account/sessions/token`, stored as SHA-256 hashes only, each usable once.

use rusqlite::{params, Connection};

use crate::store::optional;

pub struct LoginToken {
    pub id: String,
    pub created_at: String,
    pub user_id: String,
    pub secret_hash: String,
    pub expire: String,
}

pub fn insert(conn: &Connection, t: &LoginToken) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO login_tokens (id, created_at, user_id, secret_hash, expire) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![t.id, t.created_at, t.user_id, t.secret_hash, t.expire],
    )?;
    Ok(())
}

/// Removes and returns the id of the user's unexpired token whose secret hashes to
/// `secret_hash`, so a token signs in once.
pub fn take(conn: &Connection, user_id: &str, secret_hash: &str, now: &str) -> rusqlite::Result<Option<String>> {
    let found: Option<String> = optional(conn.query_row(
        "SELECT id FROM login_tokens WHERE user_id = ? AND secret_hash = ? AND expire > ?",
        params![user_id, secret_hash, now],
        |r| r.get(0),
    ))?;
    if let Some(id) = &found {
        conn.execute("DELETE FROM login_tokens WHERE id = ?", [id])?;
    }
    Ok(found)
}

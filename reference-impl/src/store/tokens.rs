//! Resource tokens: a row per file token (Appwrite's `resourceTokens` collection). The secret
//! handed out is a JWT signed over the row's ID and resource (`resource_token.rs`) with the
//! key in `meta`; rows carry no secret of their own.

use rusqlite::{params, Connection, Row};

use crate::query::{Attr, Kind, Schema};
use crate::store::optional;

/// The migration that creates the token table (appended to `db::MIGRATIONS`). As in Appwrite,
/// deleting a file leaves its tokens: they can still be read, changed and deleted, and open
/// nothing (the sequences they name are never reused).
pub const MIGRATION: &str = "CREATE TABLE resource_tokens (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        file_seq INTEGER NOT NULL,
        bucket_seq INTEGER NOT NULL,
        resource_id TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        expire TEXT,
        accessed_at TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX resource_tokens_resource ON resource_tokens(resource_type, bucket_seq, file_seq);";

/// Tokens name files as Appwrite does: `resourceType` "files", `resourceId` "<bucketId>:<fileId>".
pub const FILES: &str = "files";

#[derive(Clone, Debug)]
pub struct TokenRecord {
    pub seq: i64,
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub file_seq: i64,
    pub bucket_seq: i64,
    pub resource_id: String,
    pub resource_type: String,
    /// `None` when the token never expires (NULL, so `lessThan` and `isNull` queries on
    /// `expire` see it as Appwrite's database does).
    pub expire: Option<String>,
    pub accessed_at: String,
}

impl TokenRecord {
    /// `resourceInternalId`: the bucket's and the file's sequence, as the JWT carries it.
    pub fn resource_internal_id(&self) -> String {
        format!("{}:{}", self.bucket_seq, self.file_seq)
    }

    pub fn is_expired(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.expire.as_deref().and_then(crate::time::parse).is_some_and(|expire| expire <= now)
    }
}

pub const TOKEN_COLUMNS: &str = "seq, id, created_at, updated_at, file_seq, bucket_seq, resource_id, resource_type, expire, accessed_at";

pub fn token_from_row(row: &Row<'_>) -> rusqlite::Result<TokenRecord> {
    Ok(TokenRecord {
        seq: row.get(0)?,
        id: row.get(1)?,
        created_at: row.get(2)?,
        updated_at: row.get(3)?,
        file_seq: row.get(4)?,
        bucket_seq: row.get(5)?,
        resource_id: row.get(6)?,
        resource_type: row.get(7)?,
        expire: row.get(8)?,
        accessed_at: row.get(9)?,
    })
}

/// What the token list filters and orders on (`Queries\FileTokens::ALLOWED_ATTRIBUTES`).
pub fn token_schema() -> Schema {
    Schema::with_internal(vec![Attr::new("expire", "expire", Kind::Datetime)])
}

pub fn get_token(conn: &Connection, id: &str) -> rusqlite::Result<Option<TokenRecord>> {
    optional(conn.query_row(&format!("SELECT {TOKEN_COLUMNS} FROM resource_tokens WHERE id = ?"), [id], token_from_row))
}

/// Inserts a token and returns its sequence; `None` when the ID is taken.
pub fn insert_token(conn: &Connection, t: &TokenRecord) -> rusqlite::Result<Option<i64>> {
    let done = conn.execute(
        "INSERT INTO resource_tokens (id, created_at, updated_at, file_seq, bucket_seq, resource_id, resource_type, expire, accessed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![t.id, t.created_at, t.updated_at, t.file_seq, t.bucket_seq, t.resource_id, t.resource_type, t.expire, t.accessed_at],
    );
    match done {
        Ok(_) => Ok(Some(conn.last_insert_rowid())),
        Err(e) if crate::db::is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn update_expire(conn: &Connection, t: &TokenRecord) -> rusqlite::Result<()> {
    conn.execute("UPDATE resource_tokens SET updated_at = ?, expire = ? WHERE seq = ?", params![t.updated_at, t.expire, t.seq])?;
    Ok(())
}

pub fn touch(conn: &Connection, seq: i64, accessed_at: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE resource_tokens SET accessed_at = ? WHERE seq = ?", params![accessed_at, seq])?;
    Ok(())
}

pub fn delete_token(conn: &Connection, seq: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM resource_tokens WHERE seq = ?", [seq])?;
    Ok(())
}

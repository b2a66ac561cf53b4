//! The `users` table, and (migration 7) what the Users service keeps beside it: MFA recovery
//! codes, login tokens, audit logs and OAuth identities.

use rusqlite::{params, Connection, Row};
use serde_json::Value;

use crate::catalogue;
use crate::error::{ApiError, ApiResult};
use crate::query::{Attr, Kind, Schema};
use crate::store::{optional, targets};

/// Migration 7. Login token secrets are stored as SHA-256 hashes only; logs and identities go
/// with their user.
pub const MIGRATION: &str = "ALTER TABLE users ADD COLUMN mfa_recovery_codes TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE login_tokens (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        secret_hash TEXT NOT NULL,
        expire TEXT NOT NULL
    );
    CREATE INDEX login_tokens_user ON login_tokens(user_id);
    CREATE TABLE audit_logs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        event TEXT NOT NULL,
        user_email TEXT NOT NULL,
        user_name TEXT NOT NULL,
        mode TEXT NOT NULL,
        user_type TEXT NOT NULL,
        ip TEXT NOT NULL,
        time TEXT NOT NULL
    );
    CREATE INDEX audit_logs_user ON audit_logs(user_id);
    CREATE TABLE identities (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        provider_uid TEXT NOT NULL,
        provider_email TEXT NOT NULL,
        provider_access_token_expiry TEXT NOT NULL DEFAULT ''
    );";

#[derive(Clone, Debug)]
pub struct UserRecord {
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password: Option<String>,
    pub hash: String,
    pub hash_options: Value,
    pub registration: String,
    pub status: bool,
    pub labels: Vec<String>,
    pub password_update: String,
    pub email_verification: bool,
    pub phone_verification: bool,
    pub mfa: bool,
    pub prefs: Value,
    pub accessed_at: String,
    pub impersonator: bool,
}

/// The SELECT list `from_row` reads, in order.
pub const COLUMNS: &str = "id, created_at, updated_at, name, email, phone, password, hash, hash_options, \
    registration, status, labels, password_update, email_verification, phone_verification, mfa, prefs, \
    accessed_at, impersonator";

pub fn from_row(row: &Row<'_>) -> rusqlite::Result<UserRecord> {
    let json = |i: usize| -> rusqlite::Result<Value> {
        let text: String = row.get(i)?;
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    };
    Ok(UserRecord {
        id: row.get(0)?,
        created_at: row.get(1)?,
        updated_at: row.get(2)?,
        name: row.get(3)?,
        email: row.get(4)?,
        phone: row.get(5)?,
        password: row.get(6)?,
        hash: row.get(7)?,
        hash_options: json(8)?,
        registration: row.get(9)?,
        status: row.get(10)?,
        labels: serde_json::from_value(json(11)?).unwrap_or_default(),
        password_update: row.get(12)?,
        email_verification: row.get(13)?,
        phone_verification: row.get(14)?,
        mfa: row.get(15)?,
        prefs: match json(16)? {
            Value::Object(map) => Value::Object(map),
            _ => Value::Object(Default::default()),
        },
        accessed_at: row.get(17)?,
        impersonator: row.get(18)?,
    })
}

/// What the users list may filter and order on (the spec's `queries_filterable_attributes`).
pub fn schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("name", "name", Kind::String),
        Attr::new("email", "email", Kind::String),
        Attr::new("phone", "phone", Kind::String),
        Attr::new("status", "status", Kind::Boolean),
        Attr::new("passwordUpdate", "password_update", Kind::Datetime),
        Attr::new("registration", "registration", Kind::Datetime),
        Attr::new("emailVerification", "email_verification", Kind::Boolean),
        Attr::new("phoneVerification", "phone_verification", Kind::Boolean),
        Attr::array("labels", "labels", Kind::String),
        Attr::new("impersonator", "impersonator", Kind::Boolean),
    ])
}

/// Inserts `user` and its email/phone targets atomically. A taken ID, email or phone is
/// 409 `user_already_exists`.
pub fn insert(conn: &mut Connection, user: &UserRecord) -> ApiResult<()> {
    let tx = conn.transaction()?;
    let inserted = tx.execute(
        &format!(
            "INSERT INTO users ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
        ),
        params![
            user.id,
            user.created_at,
            user.updated_at,
            user.name,
            user.email,
            user.phone,
            user.password,
            user.hash,
            user.hash_options.to_string(),
            user.registration,
            user.status,
            Value::from(user.labels.clone()).to_string(),
            user.password_update,
            user.email_verification,
            user.phone_verification,
            user.mfa,
            user.prefs.to_string(),
            user.accessed_at,
            user.impersonator,
        ],
    );
    match inserted {
        Ok(_) => {}
        Err(err) if crate::db::is_unique_violation(&err) => return Err(ApiError::new(catalogue::USER_ALREADY_EXISTS)),
        Err(err) => return Err(err.into()),
    }
    if let Some(email) = &user.email {
        targets::insert(&tx, &user.id, "email", email, &user.created_at)?;
    }
    if let Some(phone) = &user.phone {
        targets::insert(&tx, &user.id, "sms", phone, &user.created_at)?;
    }
    tx.commit()?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<UserRecord>> {
    optional(conn.query_row(&format!("SELECT {COLUMNS} FROM users WHERE id = ?"), [id], from_row))
}

pub fn find_by_email(conn: &Connection, email: &str) -> rusqlite::Result<Option<UserRecord>> {
    optional(conn.query_row(&format!("SELECT {COLUMNS} FROM users WHERE email = ?"), [email], from_row))
}

/// Writes every field of `user` back. A taken email or phone is a UNIQUE violation the caller
/// names (`user_email_already_exists`, `user_phone_already_exists`).
pub fn update(conn: &Connection, user: &UserRecord) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE users SET updated_at = ?2, name = ?3, email = ?4, phone = ?5, password = ?6, hash = ?7, hash_options = ?8, \
         status = ?9, labels = ?10, password_update = ?11, email_verification = ?12, phone_verification = ?13, mfa = ?14, \
         prefs = ?15, impersonator = ?16 WHERE id = ?1",
        params![
            user.id,
            user.updated_at,
            user.name,
            user.email,
            user.phone,
            user.password,
            user.hash,
            user.hash_options.to_string(),
            user.status,
            Value::from(user.labels.clone()).to_string(),
            user.password_update,
            user.email_verification,
            user.phone_verification,
            user.mfa,
            user.prefs.to_string(),
            user.impersonator,
        ],
    )?;
    Ok(())
}

pub fn recovery_codes(conn: &Connection, id: &str) -> rusqlite::Result<Vec<String>> {
    let stored: Option<String> = optional(conn.query_row("SELECT mfa_recovery_codes FROM users WHERE id = ?", [id], |r| r.get(0)))?;
    Ok(stored.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
}

pub fn set_recovery_codes(conn: &Connection, id: &str, codes: &[String]) -> rusqlite::Result<()> {
    conn.execute("UPDATE users SET mfa_recovery_codes = ?2 WHERE id = ?1", params![id, Value::from(codes.to_vec()).to_string()])?;
    Ok(())
}

/// Deletes the user; its sessions and targets go with it (foreign keys cascade).
pub fn delete(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM users WHERE id = ?", [id])? > 0)
}

//! The `identities` table: OAuth2 identities of users. This server has no OAuth2 providers,
//! so nothing adds rows; the Users routes list and delete what is there, as Appwrite does.

use rusqlite::{Connection, Row};

use crate::query::{Attr, Kind, Schema};

pub struct IdentityRecord {
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub user_id: String,
    pub provider: String,
    pub provider_uid: String,
    pub provider_email: String,
    pub provider_access_token_expiry: String,
}

pub const COLUMNS: &str = "id, created_at, updated_at, user_id, provider, provider_uid, provider_email, provider_access_token_expiry";

pub fn from_row(row: &Row<'_>) -> rusqlite::Result<IdentityRecord> {
    Ok(IdentityRecord {
        id: row.get(0)?,
        created_at: row.get(1)?,
        updated_at: row.get(2)?,
        user_id: row.get(3)?,
        provider: row.get(4)?,
        provider_uid: row.get(5)?,
        provider_email: row.get(6)?,
        provider_access_token_expiry: row.get(7)?,
    })
}

/// What listIdentities may filter and order on.
pub fn schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("userId", "user_id", Kind::String),
        Attr::new("provider", "provider", Kind::String),
        Attr::new("providerUid", "provider_uid", Kind::String),
        Attr::new("providerEmail", "provider_email", Kind::String),
        Attr::new("providerAccessTokenExpiry", "provider_access_token_expiry", Kind::Datetime),
    ])
}

pub fn delete(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM identities WHERE id = ?", [id])? > 0)
}

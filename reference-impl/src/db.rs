//! The embedded SQLite database: opening, schema migrations, and the two access patterns
//! services use. Writes (and every read that belongs to one) go through a single connection
//! behind a mutex, used from `spawn_blocking`, which serialises writers (SQLite allows one
//! anyway) without blocking the async runtime. Pure reads go through `read_pool`.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::error::{ApiError, ApiResult};
use crate::read_pool::ReadPool;

/// Schema versions, applied in order; `PRAGMA user_version` records how many ran.
/// Append new migrations (one per service that needs tables); never edit a shipped one.
const MIGRATIONS: &[&str] = &[
    // 1: key/value metadata (the JWT signing key lives here so tokens survive restarts).
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 2: users, their messaging targets, and their sessions.
    "CREATE TABLE users (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        email TEXT UNIQUE,
        phone TEXT UNIQUE,
        password TEXT,
        hash TEXT NOT NULL,
        hash_options TEXT NOT NULL,
        registration TEXT NOT NULL,
        status INTEGER NOT NULL DEFAULT 1,
        labels TEXT NOT NULL DEFAULT '[]',
        password_update TEXT NOT NULL DEFAULT '',
        email_verification INTEGER NOT NULL DEFAULT 0,
        phone_verification INTEGER NOT NULL DEFAULT 0,
        mfa INTEGER NOT NULL DEFAULT 0,
        prefs TEXT NOT NULL DEFAULT '{}',
        accessed_at TEXT NOT NULL DEFAULT '',
        impersonator INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE targets (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        provider_type TEXT NOT NULL,
        provider_id TEXT,
        identifier TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL DEFAULT '',
        expired INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX targets_user ON targets(user_id);
    CREATE TABLE sessions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expire TEXT NOT NULL,
        provider TEXT NOT NULL,
        provider_uid TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        ip TEXT NOT NULL,
        user_agent TEXT NOT NULL,
        factors TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX sessions_user ON sessions(user_id);",
    // 3: the Databases service's metadata (documents live in per-collection tables).
    crate::store::databases::MIGRATION,
    // 4: the Storage service's buckets and files (file bytes live under <data>/storage).
    crate::store::storage::MIGRATION,
    // 5: the Teams service's teams and memberships.
    crate::store::teams::MIGRATION,
    // 6: file tokens (their secrets are JWTs signed with the key in `meta`).
    crate::store::tokens::MIGRATION,
    // 7: what the Users service keeps beside users: recovery codes, login tokens, logs, identities.
    crate::store::users::MIGRATION,
    // 8: relationships between collections and the links between their documents.
    crate::store::databases::relationships::MIGRATION,
    // 9: API transactions of the Databases service and the operations staged in them.
    crate::store::databases::transactions::MIGRATION,
];

/// The database file inside the data directory.
pub const FILE_NAME: &str = "conform.sqlite3";

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    reads: Arc<ReadPool>,
}

impl Db {
    /// Opens (creating if needed) `<data_dir>/conform.sqlite3` and migrates it, then opens
    /// the read pool beside it.
    pub fn open(data_dir: &Path) -> anyhow::Result<Db> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join(FILE_NAME);
        let conn = Connection::open(&path)?;
        // WAL keeps readers and the writer out of each other's way and is crash safe;
        // FULL sync means a 201 is on disk before the client hears about it.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&conn)?;
        crate::query_spatial::register(&conn)?;
        // Opened after the migrations, so the readers find WAL mode and the whole schema.
        let reads = ReadPool::open(&path, ReadPool::default_size())?;
        Ok(Db { conn: Arc::new(Mutex::new(conn)), reads: Arc::new(reads) })
    }

    /// Runs `f` with the writer connection on the blocking pool: every write, and every read
    /// whose answer a write depends on (read-modify-write, reads in a transaction).
    pub async fn call<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> ApiResult<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock poisons it; the connection itself is still
            // consistent (SQLite rolls back the open transaction), so keep serving.
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs `f` on a read-only connection from the pool, on the blocking pool, inside one
    /// read transaction. It sees every write committed before it starts and runs beside
    /// other reads and beside an open write. Writing from `f` fails (`query_only`).
    pub async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> ApiResult<T> + Send + 'static,
    {
        let reads = self.reads.clone();
        tokio::task::spawn_blocking(move || reads.run(f)).await.map_err(ApiError::internal)?
    }
}

pub(crate) fn migrate(conn: &Connection) -> anyhow::Result<()> {
    let done: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// True when `err` is a UNIQUE/PRIMARY KEY violation (a duplicate ID, email, ...).
pub fn is_unique_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

//! API transactions: a row per transaction and the operations staged in it, in the order
//! they were staged. Nothing reaches a collection's documents until the commit replays the
//! log inside one SQLite transaction (see `services::databases::transactions`).

use rusqlite::{params, Connection, Row};
use serde_json::Value;

use crate::query::{Attr, Kind, Schema};
use crate::store::optional;

/// The migration that creates both tables (appended to `db::MIGRATIONS`).
pub const MIGRATION: &str = "CREATE TABLE transactions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        owner TEXT,
        status TEXT NOT NULL,
        operations INTEGER NOT NULL DEFAULT 0,
        expires_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE transaction_logs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        transaction_seq INTEGER NOT NULL REFERENCES transactions(seq) ON DELETE CASCADE,
        collection_seq INTEGER NOT NULL REFERENCES collections(seq) ON DELETE CASCADE,
        document_id TEXT,
        action TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX transaction_logs_order ON transaction_logs(transaction_seq, seq);";

#[derive(Clone, Debug)]
pub struct TransactionRecord {
    pub seq: i64,
    pub id: String,
    /// The user who created it; only they (and keys) see it. `None` for keys and guests.
    pub owner: Option<String>,
    pub status: String,
    pub operations: i64,
    pub expires_at: String,
    pub created_at: String,
    pub updated_at: String,
}

/// One staged operation, replayed at commit in `seq` order.
#[derive(Clone, Debug)]
pub struct StagedOp {
    pub collection_seq: i64,
    pub document_id: Option<String>,
    pub action: String,
    pub data: Value,
    /// When it was staged: a document changed after this moment is a conflict.
    pub created_at: String,
}

pub const COLUMNS: &str = "seq, id, owner, status, operations, expires_at, created_at, updated_at";

pub fn from_row(row: &Row<'_>) -> rusqlite::Result<TransactionRecord> {
    Ok(TransactionRecord {
        seq: row.get(0)?,
        id: row.get(1)?,
        owner: row.get(2)?,
        status: row.get(3)?,
        operations: row.get(4)?,
        expires_at: row.get(5)?,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
    })
}

/// What `listTransactions` queries may name.
pub fn schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("status", "status", Kind::String),
        Attr::new("operations", "operations", Kind::Integer),
        Attr::new("expiresAt", "expires_at", Kind::Datetime),
    ])
}

pub fn insert(conn: &Connection, t: &mut TransactionRecord) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO transactions (id, owner, status, operations, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        params![t.id, t.owner, t.status, t.operations, t.expires_at, t.created_at, t.updated_at],
    )?;
    t.seq = conn.last_insert_rowid();
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<TransactionRecord>> {
    optional(conn.query_row(&format!("SELECT {COLUMNS} FROM transactions WHERE id = ?"), [id], from_row))
}

pub fn set_status(conn: &Connection, seq: i64, status: &str, now: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE transactions SET status = ?, updated_at = ? WHERE seq = ?", params![status, now, seq])?;
    Ok(())
}

pub fn delete(conn: &Connection, seq: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM transactions WHERE seq = ?", [seq])?;
    Ok(())
}

/// Appends operations to the log and counts them on the transaction, in one SQLite
/// transaction so the count never disagrees with the log.
pub fn stage(conn: &mut Connection, seq: i64, ops: &[StagedOp], counted: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO transaction_logs (transaction_seq, collection_seq, document_id, action, data, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        )?;
        for op in ops {
            insert.execute(params![seq, op.collection_seq, op.document_id, op.action, op.data.to_string(), op.created_at])?;
        }
    }
    tx.execute(
        "UPDATE transactions SET operations = operations + ?, updated_at = ? WHERE seq = ?",
        params![counted, crate::time::now(), seq],
    )?;
    tx.commit()
}

/// The staged operations of a transaction, oldest first.
pub fn staged(conn: &Connection, seq: i64) -> rusqlite::Result<Vec<StagedOp>> {
    let mut stmt = conn.prepare_cached(
        "SELECT collection_seq, document_id, action, data, created_at FROM transaction_logs WHERE transaction_seq = ? ORDER BY seq",
    )?;
    let rows = stmt.query_map([seq], |r| {
        let data: String = r.get(3)?;
        Ok(StagedOp {
            collection_seq: r.get(0)?,
            document_id: r.get(1)?,
            action: r.get(2)?,
            data: serde_json::from_str(&data).unwrap_or(Value::Null),
            created_at: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The (database ID, collection ID) of a collection a log entry points at.
pub fn collection_ids(conn: &Connection, collection_seq: i64) -> rusqlite::Result<Option<(String, String)>> {
    optional(conn.query_row(
        "SELECT d.id, c.id FROM collections c JOIN databases d ON d.seq = c.database_seq WHERE c.seq = ?",
        [collection_seq],
        |r| Ok((r.get(0)?, r.get(1)?)),
    ))
}

/// Forgets the log once the transaction is settled (committed or failed).
pub fn clear_log(conn: &Connection, seq: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM transaction_logs WHERE transaction_seq = ?", [seq])?;
    Ok(())
}

//! Databases and collections: their rows, and creating/dropping the per-collection document
//! tables that go with them.

use rusqlite::{params, Connection, Row};

use super::{docs_table, perms_table, schema};
use crate::permissions::{self, Permission};
use crate::query::{Attr, Kind, Schema};
use crate::store::optional;

#[derive(Clone, Debug)]
pub struct DatabaseRecord {
    pub seq: i64,
    pub id: String,
    pub name: String,
    pub enabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

pub const DATABASE_COLUMNS: &str = "seq, id, name, enabled, created_at, updated_at";

pub fn database_from_row(row: &Row<'_>) -> rusqlite::Result<DatabaseRecord> {
    Ok(DatabaseRecord {
        seq: row.get(0)?,
        id: row.get(1)?,
        name: row.get(2)?,
        enabled: row.get(3)?,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

/// What the databases list filters and orders on.
pub fn database_schema() -> Schema {
    Schema::with_internal(vec![Attr::new("name", "name", Kind::String)])
}

#[derive(Clone, Debug)]
pub struct CollectionRecord {
    pub seq: i64,
    pub database_seq: i64,
    pub database_id: String,
    pub id: String,
    pub name: String,
    pub enabled: bool,
    pub document_security: bool,
    pub permissions: Vec<Permission>,
    pub created_at: String,
    pub updated_at: String,
}

pub const COLLECTION_COLUMNS: &str = "c.seq, c.database_seq, d.id, c.id, c.name, c.enabled, c.document_security, \
    c.permissions, c.created_at, c.updated_at";

/// `query::list` reads one table; collections are listed from this view-like subquery.
pub const COLLECTION_TABLE: &str = "(SELECT c.*, d.id AS database_id FROM collections c JOIN databases d ON d.seq = c.database_seq)";
pub const COLLECTION_LIST_COLUMNS: &str = "seq, database_seq, database_id, id, name, enabled, document_security, \
    permissions, created_at, updated_at";

pub fn collection_from_row(row: &Row<'_>) -> rusqlite::Result<CollectionRecord> {
    let perms: String = row.get(7)?;
    Ok(CollectionRecord {
        seq: row.get(0)?,
        database_seq: row.get(1)?,
        database_id: row.get(2)?,
        id: row.get(3)?,
        name: row.get(4)?,
        enabled: row.get(5)?,
        document_security: row.get(6)?,
        permissions: permissions::from_json(&perms),
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
    })
}

pub fn collection_schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("name", "name", Kind::String),
        Attr::new("enabled", "enabled", Kind::Boolean),
        Attr::new("documentSecurity", "document_security", Kind::Boolean),
    ])
}

pub fn get_database(conn: &Connection, id: &str) -> rusqlite::Result<Option<DatabaseRecord>> {
    optional(conn.query_row(&format!("SELECT {DATABASE_COLUMNS} FROM databases WHERE id = ?"), [id], database_from_row))
}

/// Inserts a database; `false` when the ID is taken.
pub fn insert_database(conn: &Connection, db: &DatabaseRecord) -> rusqlite::Result<bool> {
    let done = conn.execute(
        "INSERT INTO databases (id, name, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        params![db.id, db.name, db.enabled, db.created_at, db.updated_at],
    );
    match done {
        Ok(_) => Ok(true),
        Err(e) if crate::db::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn update_database(conn: &Connection, db: &DatabaseRecord) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE databases SET name = ?, enabled = ?, updated_at = ? WHERE seq = ?",
        params![db.name, db.enabled, db.updated_at, db.seq],
    )?;
    Ok(())
}

/// Deletes a database with its collections and their document tables, in one transaction.
pub fn delete_database(conn: &mut Connection, db: &DatabaseRecord) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let seqs: Vec<i64> = tx
        .prepare("SELECT seq FROM collections WHERE database_seq = ?")?
        .query_map([db.seq], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for seq in seqs {
        drop_document_tables(&tx, seq)?;
    }
    tx.execute("DELETE FROM databases WHERE seq = ?", [db.seq])?;
    tx.commit()
}

pub fn get_collection(conn: &Connection, database_seq: i64, id: &str) -> rusqlite::Result<Option<CollectionRecord>> {
    optional(conn.query_row(
        &format!(
            "SELECT {COLLECTION_COLUMNS} FROM collections c JOIN databases d ON d.seq = c.database_seq \
             WHERE c.database_seq = ? AND c.id = ?"
        ),
        params![database_seq, id],
        collection_from_row,
    ))
}

/// Inserts a collection and creates its document tables; `None` when the ID is taken.
pub fn insert_collection(conn: &mut Connection, c: &CollectionRecord) -> rusqlite::Result<Option<i64>> {
    let tx = conn.transaction()?;
    let done = tx.execute(
        "INSERT INTO collections (database_seq, id, name, enabled, document_security, permissions, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            c.database_seq,
            c.id,
            c.name,
            c.enabled,
            c.document_security,
            permissions::to_json(&c.permissions),
            c.created_at,
            c.updated_at
        ],
    );
    match done {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(None),
        Err(e) => return Err(e),
    }
    let seq = tx.last_insert_rowid();
    let docs = docs_table(seq);
    let perms = perms_table(seq);
    tx.execute_batch(&format!(
        "CREATE TABLE {docs} (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            permissions TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX {docs}_created ON {docs}(created_at);
        CREATE INDEX {docs}_updated ON {docs}(updated_at);
        CREATE TABLE {perms} (
            doc INTEGER NOT NULL REFERENCES {docs}(seq) ON DELETE CASCADE,
            action TEXT NOT NULL,
            role TEXT NOT NULL,
            PRIMARY KEY (action, role, doc)
        ) WITHOUT ROWID;
        CREATE INDEX {perms}_doc ON {perms}(doc);"
    ))?;
    tx.commit()?;
    Ok(Some(seq))
}

pub fn update_collection(conn: &Connection, c: &CollectionRecord) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE collections SET name = ?, enabled = ?, document_security = ?, permissions = ?, updated_at = ? WHERE seq = ?",
        params![c.name, c.enabled, c.document_security, permissions::to_json(&c.permissions), c.updated_at, c.seq],
    )?;
    Ok(())
}

pub fn delete_collection(conn: &mut Connection, seq: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    drop_document_tables(&tx, seq)?;
    tx.execute("DELETE FROM collections WHERE seq = ?", [seq])?;
    tx.commit()
}

fn drop_document_tables(conn: &Connection, seq: i64) -> rusqlite::Result<()> {
    for index in schema::indexes(conn, seq)? {
        schema::drop_index_structures(conn, seq, &index)?;
    }
    conn.execute_batch(&format!("DROP TABLE IF EXISTS {}; DROP TABLE IF EXISTS {};", perms_table(seq), docs_table(seq)))
}

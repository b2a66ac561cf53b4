//! The Storage service's rows: buckets, and the files in them. File bytes live on disk
//! (`storage_engine`); a file row carries what the File model reports and how far its upload
//! has come (`chunks_uploaded` of `chunks_total`; the bytes exist once they are equal).

use rusqlite::{params, Connection, Row};

use crate::permissions::{self, Permission};
use crate::query::{Attr, Kind, Schema};
use crate::store::optional;

/// The migration that creates the Storage tables (appended to `db::MIGRATIONS`).
pub const MIGRATION: &str = "CREATE TABLE buckets (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        name TEXT NOT NULL,
        permissions TEXT NOT NULL DEFAULT '[]',
        file_security INTEGER NOT NULL DEFAULT 0,
        enabled INTEGER NOT NULL DEFAULT 1,
        maximum_file_size INTEGER NOT NULL,
        allowed_file_extensions TEXT NOT NULL DEFAULT '[]',
        compression TEXT NOT NULL DEFAULT 'none',
        encryption INTEGER NOT NULL DEFAULT 1,
        antivirus INTEGER NOT NULL DEFAULT 1,
        transformations INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE files (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        bucket_seq INTEGER NOT NULL REFERENCES buckets(seq) ON DELETE CASCADE,
        id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        name TEXT NOT NULL,
        permissions TEXT NOT NULL DEFAULT '[]',
        signature TEXT NOT NULL DEFAULT '',
        mime_type TEXT NOT NULL DEFAULT '',
        size_original INTEGER NOT NULL,
        size_actual INTEGER NOT NULL DEFAULT 0,
        compression TEXT NOT NULL DEFAULT 'none',
        encryption INTEGER NOT NULL DEFAULT 0,
        chunks_total INTEGER NOT NULL,
        chunks_uploaded INTEGER NOT NULL DEFAULT 0,
        UNIQUE (bucket_seq, id)
    );";

#[derive(Clone, Debug)]
pub struct BucketRecord {
    pub seq: i64,
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub name: String,
    pub permissions: Vec<Permission>,
    pub file_security: bool,
    pub enabled: bool,
    pub maximum_file_size: i64,
    pub allowed_file_extensions: Vec<String>,
    pub compression: String,
    pub encryption: bool,
    pub antivirus: bool,
    pub transformations: bool,
}

pub const BUCKET_COLUMNS: &str = "seq, id, created_at, updated_at, name, permissions, file_security, enabled, \
    maximum_file_size, allowed_file_extensions, compression, encryption, antivirus, transformations";

pub fn bucket_from_row(row: &Row<'_>) -> rusqlite::Result<BucketRecord> {
    let perms: String = row.get(5)?;
    let extensions: String = row.get(9)?;
    Ok(BucketRecord {
        seq: row.get(0)?,
        id: row.get(1)?,
        created_at: row.get(2)?,
        updated_at: row.get(3)?,
        name: row.get(4)?,
        permissions: permissions::from_json(&perms),
        file_security: row.get(6)?,
        enabled: row.get(7)?,
        maximum_file_size: row.get(8)?,
        allowed_file_extensions: serde_json::from_str(&extensions).unwrap_or_default(),
        compression: row.get(10)?,
        encryption: row.get(11)?,
        antivirus: row.get(12)?,
        transformations: row.get(13)?,
    })
}

/// What the bucket list filters and orders on (`Queries\Buckets::ALLOWED_ATTRIBUTES`).
pub fn bucket_schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("enabled", "enabled", Kind::Boolean),
        Attr::new("name", "name", Kind::String),
        Attr::new("fileSecurity", "file_security", Kind::Boolean),
        Attr::new("maximumFileSize", "maximum_file_size", Kind::Integer),
        Attr::new("encryption", "encryption", Kind::Boolean),
        Attr::new("antivirus", "antivirus", Kind::Boolean),
        Attr::new("transformations", "transformations", Kind::Boolean),
    ])
}

pub fn get_bucket(conn: &Connection, id: &str) -> rusqlite::Result<Option<BucketRecord>> {
    optional(conn.query_row(&format!("SELECT {BUCKET_COLUMNS} FROM buckets WHERE id = ?"), [id], bucket_from_row))
}

/// Inserts a bucket and returns its sequence; `None` when the ID is taken.
pub fn insert_bucket(conn: &Connection, b: &BucketRecord) -> rusqlite::Result<Option<i64>> {
    let done = conn.execute(
        "INSERT INTO buckets (id, created_at, updated_at, name, permissions, file_security, enabled, maximum_file_size,
            allowed_file_extensions, compression, encryption, antivirus, transformations)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            b.id,
            b.created_at,
            b.updated_at,
            b.name,
            permissions::to_json(&b.permissions),
            b.file_security,
            b.enabled,
            b.maximum_file_size,
            serde_json::Value::from(b.allowed_file_extensions.clone()).to_string(),
            b.compression,
            b.encryption,
            b.antivirus,
            b.transformations
        ],
    );
    match done {
        Ok(_) => Ok(Some(conn.last_insert_rowid())),
        Err(e) if crate::db::is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn update_bucket(conn: &Connection, b: &BucketRecord) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE buckets SET updated_at = ?, name = ?, permissions = ?, file_security = ?, enabled = ?, maximum_file_size = ?,
            allowed_file_extensions = ?, compression = ?, encryption = ?, antivirus = ?, transformations = ?
         WHERE seq = ?",
        params![
            b.updated_at,
            b.name,
            permissions::to_json(&b.permissions),
            b.file_security,
            b.enabled,
            b.maximum_file_size,
            serde_json::Value::from(b.allowed_file_extensions.clone()).to_string(),
            b.compression,
            b.encryption,
            b.antivirus,
            b.transformations,
            b.seq
        ],
    )?;
    Ok(())
}

/// Deletes the bucket row; its file rows go with it (ON DELETE CASCADE).
pub fn delete_bucket(conn: &Connection, seq: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM buckets WHERE seq = ?", [seq])?;
    Ok(())
}

/// `totalSize`: the bytes the bucket's files occupy on disk.
pub fn bucket_total_size(conn: &Connection, seq: i64) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE(SUM(size_actual), 0) FROM files WHERE bucket_seq = ?", [seq], |r| r.get(0))
}

#[derive(Clone, Debug)]
pub struct FileRecord {
    pub seq: i64,
    pub bucket_seq: i64,
    pub bucket_id: String,
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub name: String,
    pub permissions: Vec<Permission>,
    pub signature: String,
    pub mime_type: String,
    pub size_original: i64,
    pub size_actual: i64,
    pub compression: String,
    pub encryption: bool,
    pub chunks_total: i64,
    pub chunks_uploaded: i64,
}

impl FileRecord {
    /// All chunks arrived and the bytes are stored.
    pub fn is_complete(&self) -> bool {
        self.chunks_uploaded >= self.chunks_total
    }
}

/// `query::list` reads one table; files are listed from this join so rows carry the bucket ID.
pub const FILE_TABLE: &str = "(SELECT f.*, b.id AS bucket_id FROM files f JOIN buckets b ON b.seq = f.bucket_seq)";

pub const FILE_COLUMNS: &str = "seq, bucket_seq, bucket_id, id, created_at, updated_at, name, permissions, signature, \
    mime_type, size_original, size_actual, compression, encryption, chunks_total, chunks_uploaded";

pub fn file_from_row(row: &Row<'_>) -> rusqlite::Result<FileRecord> {
    let perms: String = row.get(7)?;
    Ok(FileRecord {
        seq: row.get(0)?,
        bucket_seq: row.get(1)?,
        bucket_id: row.get(2)?,
        id: row.get(3)?,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
        name: row.get(6)?,
        permissions: permissions::from_json(&perms),
        signature: row.get(8)?,
        mime_type: row.get(9)?,
        size_original: row.get(10)?,
        size_actual: row.get(11)?,
        compression: row.get(12)?,
        encryption: row.get(13)?,
        chunks_total: row.get(14)?,
        chunks_uploaded: row.get(15)?,
    })
}

/// What the file list filters and orders on (`Queries\Files::ALLOWED_ATTRIBUTES`, without
/// `folder`, which the 1.9 File model does not carry).
pub fn file_schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("name", "name", Kind::String),
        Attr::new("signature", "signature", Kind::String),
        Attr::new("mimeType", "mime_type", Kind::String),
        Attr::new("sizeOriginal", "size_original", Kind::Integer),
        Attr::new("chunksTotal", "chunks_total", Kind::Integer),
        Attr::new("chunksUploaded", "chunks_uploaded", Kind::Integer),
    ])
}

pub fn get_file(conn: &Connection, bucket_seq: i64, id: &str) -> rusqlite::Result<Option<FileRecord>> {
    optional(conn.query_row(
        &format!("SELECT {FILE_COLUMNS} FROM {FILE_TABLE} WHERE bucket_seq = ? AND id = ?"),
        params![bucket_seq, id],
        file_from_row,
    ))
}

/// Inserts a file row; `false` when the bucket already has a file with that ID.
pub fn insert_file(conn: &Connection, f: &FileRecord) -> rusqlite::Result<bool> {
    let done = conn.execute(
        "INSERT INTO files (bucket_seq, id, created_at, updated_at, name, permissions, signature, mime_type, size_original,
            size_actual, compression, encryption, chunks_total, chunks_uploaded)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            f.bucket_seq,
            f.id,
            f.created_at,
            f.updated_at,
            f.name,
            permissions::to_json(&f.permissions),
            f.signature,
            f.mime_type,
            f.size_original,
            f.size_actual,
            f.compression,
            f.encryption,
            f.chunks_total,
            f.chunks_uploaded
        ],
    );
    match done {
        Ok(_) => Ok(true),
        Err(e) if crate::db::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Writes every mutable field of a file row back.
pub fn update_file(conn: &Connection, f: &FileRecord) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE files SET updated_at = ?, name = ?, permissions = ?, signature = ?, mime_type = ?, size_actual = ?,
            compression = ?, encryption = ?, chunks_uploaded = ?
         WHERE bucket_seq = ? AND id = ?",
        params![
            f.updated_at,
            f.name,
            permissions::to_json(&f.permissions),
            f.signature,
            f.mime_type,
            f.size_actual,
            f.compression,
            f.encryption,
            f.chunks_uploaded,
            f.bucket_seq,
            f.id
        ],
    )?;
    Ok(())
}

pub fn delete_file(conn: &Connection, bucket_seq: i64, id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM files WHERE bucket_seq = ? AND id = ?", params![bucket_seq, id])? > 0)
}

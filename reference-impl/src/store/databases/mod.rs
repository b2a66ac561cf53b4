//! The Databases service's storage. Metadata (databases, collections, attributes, indexes)
//! lives in ordinary tables (migration "databases"); every collection's documents live in a
//! real table of their own, `docs_<collection seq>`, with one column per attribute, real
//! SQLite indexes for Appwrite key/unique indexes, an FTS5 table per fulltext index, and a
//! `docs_<seq>_perms` table of (document, action, role) rows so permission filters run in SQL.

pub mod catalog;
pub mod documents;
pub mod relationships;
pub mod schema;
pub mod transactions;

/// The migration that creates the metadata tables (appended to `db::MIGRATIONS`).
pub const MIGRATION: &str = "CREATE TABLE databases (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE collections (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        database_seq INTEGER NOT NULL REFERENCES databases(seq) ON DELETE CASCADE,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        document_security INTEGER NOT NULL DEFAULT 0,
        permissions TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (database_seq, id)
    );
    CREATE TABLE collection_attributes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        collection_seq INTEGER NOT NULL REFERENCES collections(seq) ON DELETE CASCADE,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        format TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL DEFAULT 0,
        required INTEGER NOT NULL DEFAULT 0,
        array INTEGER NOT NULL DEFAULT 0,
        default_value TEXT NOT NULL DEFAULT 'null',
        min TEXT NOT NULL DEFAULT 'null',
        max TEXT NOT NULL DEFAULT 'null',
        elements TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL,
        error TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (collection_seq, id)
    );
    CREATE TABLE collection_indexes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        collection_seq INTEGER NOT NULL REFERENCES collections(seq) ON DELETE CASCADE,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        attributes TEXT NOT NULL,
        orders TEXT NOT NULL,
        lengths TEXT NOT NULL,
        status TEXT NOT NULL,
        error TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (collection_seq, id)
    );";

/// Quotes an SQL identifier. Every name built from API input (attribute and index keys) has
/// passed the key validator already; quoting keeps `.` and `-` in keys legal SQL.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The documents table of a collection.
pub fn docs_table(collection_seq: i64) -> String {
    format!("docs_{collection_seq}")
}

/// The permissions table beside it.
pub fn perms_table(collection_seq: i64) -> String {
    format!("docs_{collection_seq}_perms")
}

/// The column holding an attribute (prefixed so keys never collide with system columns).
pub fn column(key: &str) -> String {
    ident(&format!("a_{key}"))
}

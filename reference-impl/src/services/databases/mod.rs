//! The Databases service (legacy collections API): databases, collections, attributes,
//! indexes and documents. Appwrite 1.9.6 `src/Appwrite/Platform/Modules/Databases/Http/`.

mod access;
mod attribute_types;
mod attributes;
mod collections;
mod database;
mod documents;
mod documents_bulk;
mod documents_numeric;
mod indexes;
mod relationships;
mod request_timestamp;
mod spatial;
mod structure;
pub mod transactions;

pub use documents::list_statements;

use axum::routing::{get, patch, post};
use axum::Router;
use rusqlite::Connection;

use crate::catalogue;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::state::AppState;
use crate::store::databases::catalog::{self, CollectionRecord, DatabaseRecord};
use crate::store::databases::relationships::Relation;
use crate::store::databases::schema::{self, AttrDef, AttrType, IndexDef};

pub fn router() -> Router<AppState> {
    const COLLECTION: &str = "/v1/databases/{databaseId}/collections/{collectionId}";
    Router::new()
        .route("/v1/databases", get(database::list).post(database::create))
        .route("/v1/databases/transactions", get(transactions::list).post(transactions::create))
        .route(
            "/v1/databases/transactions/{transactionId}",
            get(transactions::fetch).patch(transactions::update).delete(transactions::remove),
        )
        .route("/v1/databases/transactions/{transactionId}/operations", post(transactions::create_operations))
        .route("/v1/databases/{databaseId}", get(database::fetch).put(database::update).delete(database::remove))
        .route("/v1/databases/{databaseId}/collections", get(collections::list).post(collections::create))
        .route(COLLECTION, get(collections::fetch).put(collections::update).delete(collections::remove))
        .route(&format!("{COLLECTION}/attributes"), get(attributes::list))
        // One template serves `POST …/attributes/<type>` and `GET|DELETE …/attributes/<key>`.
        .route(&format!("{COLLECTION}/attributes/{{name}}"), get(attributes::fetch).post(attributes::create).delete(attributes::remove))
        .route(&format!("{COLLECTION}/attributes/relationship/{{key}}"), patch(relationships::update_attribute))
        .route(&format!("{COLLECTION}/attributes/{{type}}/{{key}}"), patch(attributes::update))
        .route(&format!("{COLLECTION}/indexes"), get(indexes::list).post(indexes::create))
        .route(&format!("{COLLECTION}/indexes/{{key}}"), get(indexes::fetch).delete(indexes::remove))
        .route(
            &format!("{COLLECTION}/documents"),
            get(documents::list)
                .post(documents::create)
                .put(documents_bulk::upsert_many)
                .patch(documents_bulk::update_many)
                .delete(documents_bulk::delete_many),
        )
        .route(
            &format!("{COLLECTION}/documents/{{documentId}}"),
            get(documents::fetch).put(documents::upsert).patch(documents::update).delete(documents::remove),
        )
        .route(&format!("{COLLECTION}/documents/{{documentId}}/{{attribute}}/increment"), patch(documents_numeric::increment))
        .route(&format!("{COLLECTION}/documents/{{documentId}}/{{attribute}}/decrement"), patch(documents_numeric::decrement))
}

/// A catalogue error with its `%s` filled in, as Appwrite's `params:` does.
pub(crate) fn with_id(kind: ErrorType, id: &str) -> ApiError {
    ApiError::with_message(kind, kind.message.replace("%s", id))
}

/// A collection with everything a request needs to know about it.
#[derive(Clone, Debug)]
pub(crate) struct Loaded {
    pub database: DatabaseRecord,
    pub collection: CollectionRecord,
    /// The attributes stored in the documents table (relationships are not).
    pub attrs: Vec<AttrDef>,
    pub indexes: Vec<IndexDef>,
    /// Both sides of every relationship this collection takes part in, and the
    /// attribute rows of the visible ones.
    pub relations: Vec<Relation>,
    pub relation_attrs: Vec<AttrDef>,
}

/// The database, or 404 `database_not_found`. Disabled databases are hidden from everyone
/// but API keys (`visible_disabled`), as in Appwrite's document routes.
pub(crate) fn database(conn: &Connection, id: &str, visible_disabled: bool) -> ApiResult<DatabaseRecord> {
    match catalog::get_database(conn, id)? {
        Some(d) if d.enabled || visible_disabled => Ok(d),
        _ => Err(with_id(catalogue::DATABASE_NOT_FOUND, id)),
    }
}

/// The collection and its schema, or 404 `database_not_found` / `collection_not_found`.
pub(crate) fn collection(conn: &Connection, database_id: &str, id: &str, visible_disabled: bool) -> ApiResult<Loaded> {
    let database = database(conn, database_id, visible_disabled)?;
    let collection = match catalog::get_collection(conn, database.seq, id)? {
        Some(c) if c.enabled || visible_disabled => c,
        _ => return Err(with_id(catalogue::COLLECTION_NOT_FOUND, id)),
    };
    let (relation_attrs, attrs) = schema::attributes(conn, collection.seq)?.into_iter().partition(|a| a.kind == AttrType::Relationship);
    let indexes = schema::indexes(conn, collection.seq)?;
    let relations = crate::store::databases::relationships::for_collection(conn, collection.seq)?;
    Ok(Loaded { database, collection, attrs, indexes, relations, relation_attrs })
}

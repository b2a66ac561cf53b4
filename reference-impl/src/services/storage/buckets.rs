//! Buckets: list, create, get, update, delete (server keys only). Appwrite 1.9.x
//! `Modules/Storage/Http/Buckets/{XList,Create,Get,Update,Delete}.php`.

use axum::response::Response;

use super::access::bucket_not_found;
use super::STORAGE_LIMIT;
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::permissions::{self, Action, Permission};
use crate::query::{self, Options, Scope};
use crate::respond;
use crate::storage_engine::Compression;
use crate::store::storage::{self, BucketRecord};

const READ: Route = Route::scope(&["buckets.read"]);
const WRITE: Route = Route::scope(&["buckets.write"]);

const NAME_MAX: usize = 128;
const EXTENSION_MAX: usize = 64;
/// Buckets take every permission kind; `write` stands for create, update and delete.
const ACTIONS: &[Action] = &[Action::Read, Action::Create, Action::Update, Action::Delete, Action::Write];

/// The settings both create and update take, validated.
struct Settings {
    name: String,
    permissions: Option<Vec<Permission>>,
    file_security: bool,
    enabled: bool,
    maximum_file_size: Option<i64>,
    allowed_file_extensions: Vec<String>,
    compression: Option<String>,
    encryption: Option<bool>,
    antivirus: bool,
    transformations: bool,
}

impl Settings {
    /// Appwrite's defaults apply to whatever is not given, except the permissions, the size
    /// limit, the compression and the encryption, which an update keeps (`None`).
    fn read(params: &Params) -> ApiResult<Settings> {
        let name = params.required_text("name", NAME_MAX)?;
        let permissions = match params.string_array("permissions", 2048)? {
            Some(raw) => Some(permissions::parse_param("permissions", &raw, ACTIONS)?),
            None => None,
        };
        let compression = match params.text("compression", 16)? {
            Some(value) if Compression::parse(&value).is_none() => {
                return Err(ApiError::argument("Invalid `compression` param: Value must be one of (none, gzip, zstd)"))
            }
            other => other,
        };
        Ok(Settings {
            name,
            permissions,
            file_security: params.bool("fileSecurity")?.unwrap_or(false),
            enabled: params.bool("enabled")?.unwrap_or(true),
            maximum_file_size: params.int("maximumFileSize", 1, STORAGE_LIMIT)?,
            allowed_file_extensions: params.string_array("allowedFileExtensions", EXTENSION_MAX)?.unwrap_or_default(),
            compression,
            encryption: params.bool("encryption")?,
            antivirus: params.bool("antivirus")?.unwrap_or(true),
            transformations: params.bool("transformations")?.unwrap_or(true),
        })
    }

    fn apply(self, b: &mut BucketRecord) {
        b.name = self.name;
        if let Some(perms) = self.permissions {
            b.permissions = perms;
        }
        b.file_security = self.file_security;
        b.enabled = self.enabled;
        if let Some(size) = self.maximum_file_size {
            b.maximum_file_size = size;
        }
        b.allowed_file_extensions = self.allowed_file_extensions;
        if let Some(compression) = self.compression {
            b.compression = compression;
        }
        if let Some(flag) = self.encryption {
            b.encryption = flag;
        }
        b.antivirus = self.antivirus;
        b.transformations = self.transformations;
    }
}

fn render(conn: &rusqlite::Connection, b: &BucketRecord) -> ApiResult<serde_json::Value> {
    Ok(models::storage::bucket(b, storage::bucket_total_size(conn, b.seq)?))
}

fn existing(conn: &rusqlite::Connection, id: &str) -> ApiResult<BucketRecord> {
    storage::get_bucket(conn, id)?.ok_or_else(bucket_not_found)
}

pub async fn list(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let search = params.text("search", 256)?;
    let count = params.bool("total")?.unwrap_or(true);
    let plan = query::parse_param(&raw, &storage::bucket_schema(), Options::default())?;
    let scope = query::search_scope(Scope::default(), search, &["id", "name"]);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let (found, total) =
                query::list(conn, "buckets", "Bucket", storage::BUCKET_COLUMNS, &plan, &scope, count, storage::bucket_from_row)?;
            let items = found.iter().map(|b| render(conn, b)).collect::<ApiResult<Vec<_>>>()?;
            Ok(models::list("buckets", total, items))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn create(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let id = params.required_custom_id("bucketId")?;
    let settings = Settings::read(&params)?;
    let now = crate::time::now();
    let mut record = BucketRecord {
        seq: 0,
        id,
        created_at: now.clone(),
        updated_at: now,
        name: String::new(),
        permissions: Vec::new(),
        file_security: false,
        enabled: true,
        maximum_file_size: STORAGE_LIMIT,
        allowed_file_extensions: Vec::new(),
        compression: Compression::None.as_str().to_string(),
        encryption: true,
        antivirus: true,
        transformations: true,
    };
    settings.apply(&mut record);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            record.seq = storage::insert_bucket(conn, &record)?.ok_or_else(|| ApiError::new(catalogue::STORAGE_BUCKET_ALREADY_EXISTS))?;
            render(conn, &record)
        })
        .await?;
    Ok(respond::created(body))
}

pub async fn fetch(ctx: Ctx, PathParams(bucket_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let body = ctx.state.db.read(move |conn| render(conn, &existing(conn, &bucket_id)?)).await?;
    Ok(respond::ok(body))
}

pub async fn update(ctx: Ctx, PathParams(bucket_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let settings = Settings::read(&params)?;
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let mut record = existing(conn, &bucket_id)?;
            settings.apply(&mut record);
            record.updated_at = crate::time::now();
            storage::update_bucket(conn, &record)?;
            render(conn, &record)
        })
        .await?;
    Ok(respond::ok(body))
}

/// Deletes the rows first, then the bytes: a crash in between leaves unreachable bytes,
/// never a file row without them.
pub async fn remove(ctx: Ctx, PathParams(bucket_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let id = bucket_id.clone();
    ctx.state
        .db
        .call(move |conn| {
            let record = existing(conn, &id)?;
            storage::delete_bucket(conn, record.seq).map_err(ApiError::from)
        })
        .await?;
    ctx.state.storage.delete_bucket(&bucket_id).await.map_err(ApiError::internal)?;
    Ok(respond::no_content())
}

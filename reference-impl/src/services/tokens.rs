//! The Tokens service: file tokens, which let whoever holds the secret view, download and
//! preview one file without a session (server keys only). Appwrite 1.9.x
//! `Modules/Tokens/Http/Tokens/{Buckets/Files/Create,Buckets/Files/XList,Get,Update,Delete}.php`.

use axum::response::Response;
use axum::routing::get;
use axum::Router;
use rusqlite::types::Value as Sql;
use rusqlite::Connection;

use super::storage::access::{self, Access};
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::permissions::Action;
use crate::query::{self, Options, Scope};
use crate::rate_limit::RateSpec;
use crate::resource_token;
use crate::respond;
use crate::state::AppState;
use crate::store::storage::{BucketRecord, FileRecord};
use crate::store::tokens::{self, TokenRecord};

const READ: Route = Route::scope(&["tokens.read"]);
const WRITE: Route = Route::limited(
    &["tokens.write"],
    RateSpec { limit: 60, window_secs: 60, keys: &["ip:{ip},method:{method},url:{url},userId:{userId}"] },
);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/tokens/buckets/{bucketId}/files/{fileId}", get(list).post(create))
        .route("/v1/tokens/{tokenId}", get(fetch).patch(update).delete(remove))
}

fn render(state: &AppState, token: &TokenRecord) -> ApiResult<serde_json::Value> {
    Ok(models::token::resource_token(token, resource_token::secret(&state.jwt_key, token)?))
}

/// The bucket and file a token route names, as every Files route finds them.
fn bucket_and_file(conn: &Connection, bucket_id: &str, file_id: &str, access: &Access) -> ApiResult<(BucketRecord, FileRecord)> {
    let bucket = access::bucket(conn, bucket_id, access)?;
    let file = access::readable_file(conn, &bucket, file_id, access)?;
    Ok((bucket, file))
}

fn existing(conn: &Connection, id: &str) -> ApiResult<TokenRecord> {
    tokens::get_token(conn, id)?.ok_or_else(|| ApiError::new(catalogue::TOKEN_NOT_FOUND))
}

pub async fn create(ctx: Ctx, PathParams((bucket_id, file_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let expire = params.future_datetime("expire")?;
    let access = Access::of(&ctx.principal);
    let state = ctx.state.clone();
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let (bucket, file) = bucket_and_file(conn, &bucket_id, &file_id, &access)?;
            // Handing out a file is changing who can read it: update permission on the bucket,
            // or on the file where the bucket leaves it to the files.
            let allowed = access.allows(&bucket.permissions, Action::Update)
                || (bucket.file_security && access.allows(&file.permissions, Action::Update));
            if !allowed {
                return Err(ApiError::new(catalogue::USER_UNAUTHORIZED));
            }
            let now = crate::time::now();
            let mut token = TokenRecord {
                seq: 0,
                id: crate::ids::unique(),
                created_at: now.clone(),
                updated_at: now,
                file_seq: file.seq,
                bucket_seq: bucket.seq,
                resource_id: format!("{}:{}", bucket.id, file.id),
                resource_type: tokens::FILES.to_string(),
                expire,
                accessed_at: String::new(),
            };
            token.seq = tokens::insert_token(conn, &token)?.ok_or_else(|| ApiError::internal("token ID collision"))?;
            render(&state, &token)
        })
        .await?;
    Ok(respond::created(body))
}

pub async fn list(ctx: Ctx, PathParams((bucket_id, file_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let count = params.bool("total")?.unwrap_or(true);
    let plan = query::parse_param(&raw, &tokens::token_schema(), Options::default())?;
    let access = Access::of(&ctx.principal);
    let state = ctx.state.clone();
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let (bucket, file) = bucket_and_file(conn, &bucket_id, &file_id, &access)?;
            let scope = Scope::default().and(
                "resource_type = ? AND bucket_seq = ? AND file_seq = ?",
                [Sql::Text(tokens::FILES.into()), Sql::Integer(bucket.seq), Sql::Integer(file.seq)],
            );
            let (found, total) =
                query::list(conn, "resource_tokens", "File token", tokens::TOKEN_COLUMNS, &plan, &scope, count, tokens::token_from_row)?;
            Ok(models::list("tokens", total, found.iter().map(|t| render(&state, t)).collect::<ApiResult<_>>()?))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn fetch(ctx: Ctx, PathParams(token_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let state = ctx.state.clone();
    let body = ctx.state.db.read(move |conn| render(&state, &existing(conn, &token_id)?)).await?;
    Ok(respond::ok(body))
}

/// Sets `expire` to what the request says: leaving it out, like `null`, makes the token last.
pub async fn update(ctx: Ctx, PathParams(token_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let expire = params.future_datetime("expire")?;
    let state = ctx.state.clone();
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let mut token = existing(conn, &token_id)?;
            token.expire = expire;
            token.updated_at = crate::time::now();
            tokens::update_expire(conn, &token)?;
            render(&state, &token)
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn remove(ctx: Ctx, PathParams(token_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    ctx.state
        .db
        .call(move |conn| {
            let token = existing(conn, &token_id)?;
            Ok(tokens::delete_token(conn, token.seq)?)
        })
        .await?;
    Ok(respond::no_content())
}

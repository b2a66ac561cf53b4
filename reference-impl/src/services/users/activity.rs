//! What a user did and belongs to: audit logs, team memberships, and OAuth2 identities.

use axum::response::Response;
use axum::routing::{delete, get};
use axum::Router;
use serde_json::{json, Value};

use super::{load, READ, WRITE};
use crate::catalogue;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::query::{self, Options, Scope};
use crate::respond;
use crate::state::AppState;
use crate::store::audit::LogRecord;
use crate::store::{audit, identities, teams};

/// listLogs' page size when no limit query is given.
const DEFAULT_LOG_LIMIT: i64 = 25;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/users/{userId}/logs", get(logs))
        .route("/v1/users/{userId}/memberships", get(memberships))
        .route("/v1/users/identities", get(list_identities))
        .route("/v1/users/identities/{identityId}", delete(delete_identity))
}

/// The log model; device details Appwrite reads from the user agent and GeoIP are unknown here.
fn log_model(log: &LogRecord) -> Value {
    models::session::with_unknown_device(json!({
        "event": log.event,
        "userId": log.user_id,
        "userEmail": log.user_email,
        "userName": log.user_name,
        "mode": log.mode,
        "userType": log.user_type,
        "ip": log.ip,
        "time": log.time,
    }))
}

/// Only `limit` and `offset` queries are accepted, newest event first.
async fn logs(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let count = params.bool("total")?.unwrap_or(true);
    let (mut limit, mut offset) = (DEFAULT_LOG_LIMIT, 0);
    for text in &raw {
        let parsed: Value = serde_json::from_str(text)
            .map_err(|_| ApiError::with_message(catalogue::GENERAL_QUERY_INVALID, format!("Invalid query: {text}")))?;
        let value = parsed.get("values").and_then(|v| v.get(0)).and_then(Value::as_i64);
        match (parsed.get("method").and_then(Value::as_str), value) {
            (Some("limit"), Some(v)) if (0..=5000).contains(&v) => limit = v,
            (Some("offset"), Some(v)) if v >= 0 => offset = v,
            _ => {
                return Err(ApiError::argument(format!(
                    "Invalid `queries` param: Invalid query: Query method not valid or not allowed: {text}"
                )))
            }
        }
    }
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let user = load(conn, &user_id)?;
            let (found, total) = audit::for_user(conn, &user.id, limit, offset)?;
            Ok(json!({ "total": if count { total } else { 0 }, "logs": found.iter().map(log_model).collect::<Vec<_>>() }))
        })
        .await?;
    Ok(respond::ok(body))
}

async fn memberships(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let search = params.text("search", 256)?;
    let count = params.bool("total")?.unwrap_or(true);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let user = load(conn, &user_id)?;
            let plan = query::parse_param(&raw, &teams::membership_schema(), Options::default())?;
            let scope = query::search_scope(Scope::default(), search, &["id", "team_id"])
                .and("user_id = ?", vec![rusqlite::types::Value::Text(user.id.clone())]);
            // Appwrite 1.9.6 counts the page it found, not every match: a limit caps `total` too.
            let (found, _) = query::list(
                conn,
                "memberships",
                "Membership",
                teams::MEMBERSHIP_COLUMNS,
                &plan,
                &scope,
                false,
                teams::membership_from_row,
            )?;
            let total = if count { found.len() as u64 } else { 0 };
            let items = found
                .iter()
                .map(|m| {
                    let team_name = teams::get_team(conn, &m.team_id)?.map(|t| t.name).unwrap_or_default();
                    Ok(models::team::membership(m, &team_name, Some(&user), models::team::Detail::NameAndEmail))
                })
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(models::list("memberships", total, items))
        })
        .await?;
    Ok(respond::ok(body))
}

fn identity_model(i: &identities::IdentityRecord) -> Value {
    json!({
        "$id": i.id,
        "$createdAt": i.created_at,
        "$updatedAt": i.updated_at,
        "userId": i.user_id,
        "provider": i.provider,
        "providerUid": i.provider_uid,
        "providerEmail": i.provider_email,
        "providerAccessToken": "",
        "providerAccessTokenExpiry": i.provider_access_token_expiry,
        "providerRefreshToken": "",
    })
}

async fn list_identities(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let search = params.text("search", 256)?;
    let count = params.bool("total")?.unwrap_or(true);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let plan = query::parse_param(&raw, &identities::schema(), Options::default())?;
            let scope = query::search_scope(Scope::default(), search, &["id", "user_id", "provider", "provider_uid", "provider_email"]);
            let (found, total) =
                query::list(conn, "identities", "Identity", identities::COLUMNS, &plan, &scope, count, identities::from_row)?;
            Ok(models::list("identities", total, found.iter().map(identity_model).collect()))
        })
        .await?;
    Ok(respond::ok(body))
}

async fn delete_identity(ctx: Ctx, PathParams(identity_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let deleted = ctx.state.db.call(move |conn| Ok(identities::delete(conn, &identity_id)?)).await?;
    if !deleted {
        return Err(ApiError::new(catalogue::USER_IDENTITY_NOT_FOUND));
    }
    Ok(respond::no_content())
}

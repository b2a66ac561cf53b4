//! A user's messaging targets: where email, SMS and push messages to them go. Appwrite
//! makes the email (and sms) target itself; these routes add, list, change and remove them.

use axum::response::Response;
use axum::routing::get;
use axum::Router;
use rusqlite::Connection;

use super::{load, READ, WRITE};
use crate::catalogue;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::models;
use crate::params::{self, Params};
use crate::path::PathParams;
use crate::query::{self, Options, Scope};
use crate::respond;
use crate::state::AppState;
use crate::store::targets::{self, TargetRecord};

/// Not in the suite's error catalogue (no messaging providers exist here), but Appwrite's
/// answer to a `providerId` naming no provider.
const PROVIDER_NOT_FOUND: ErrorType =
    ErrorType { name: "provider_not_found", code: 404, message: "Provider with the requested ID could not be found." };
const PROVIDER_TYPES: &[&str] = &["email", "sms", "push"];
/// `Database::LENGTH_KEY`: the longest identifier.
const MAX_IDENTIFIER: usize = 255;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/users/{userId}/targets", get(list).post(create))
        .route("/v1/users/{userId}/targets/{targetId}", get(fetch).patch(update).delete(remove))
}

/// An email target's identifier is an email, an sms one's a phone number; push tokens are free.
fn check_identifier(provider_type: &str, identifier: &str) -> ApiResult<()> {
    match provider_type {
        "email" if !params::is_email(identifier) => Err(ApiError::new(catalogue::GENERAL_INVALID_EMAIL)),
        "sms"
            if !(identifier.starts_with('+')
                && identifier.len() > 1
                && identifier.len() <= 16
                && identifier[1..].chars().all(|c| c.is_ascii_digit())) =>
        {
            Err(ApiError::new(catalogue::GENERAL_INVALID_PHONE))
        }
        _ => Ok(()),
    }
}

/// The user's target `target_id`; one of another user is not found either.
fn target_of(conn: &Connection, user_id: &str, target_id: &str) -> ApiResult<TargetRecord> {
    targets::get(conn, target_id)?.filter(|t| t.user_id == user_id).ok_or_else(|| ApiError::new(catalogue::USER_TARGET_NOT_FOUND))
}

async fn create(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let target_id = params.required_custom_id("targetId")?;
    let provider_type = params.required_text("providerType", 16)?;
    if !PROVIDER_TYPES.contains(&provider_type.as_str()) {
        return Err(ApiError::argument("Invalid `providerType` param: Value must be one of (email, sms, push)"));
    }
    let identifier = params.required_text("identifier", MAX_IDENTIFIER)?;
    let provider_id = params.text("providerId", crate::ids::MAX_ID_LENGTH)?.filter(|p| !p.is_empty());
    if let Some(p) = &provider_id {
        crate::ids::existing("providerId", p)?;
    }
    let name = params.text("name", 128)?.unwrap_or_default();
    check_identifier(&provider_type, &identifier)?;
    let now = crate::time::now();
    let target = TargetRecord {
        id: target_id,
        created_at: now.clone(),
        updated_at: now,
        user_id,
        provider_type,
        // No messaging providers exist here, so a named one is not kept (as Appwrite keeps
        // `null` for a provider it cannot find).
        provider_id: None,
        identifier,
        name,
        expired: false,
    };
    let body = ctx
        .state
        .db
        .call(move |conn| {
            load(conn, &target.user_id)?;
            match targets::insert_record(conn, &target) {
                Ok(()) => Ok(models::target::target(&target)),
                Err(err) if crate::db::is_unique_violation(&err) => Err(ApiError::new(catalogue::USER_TARGET_ALREADY_EXISTS)),
                Err(err) => Err(err.into()),
            }
        })
        .await?;
    Ok(respond::created(body))
}

async fn list(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let count = params.bool("total")?.unwrap_or(true);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let user = load(conn, &user_id)?;
            let plan = query::parse_param(&raw, &targets::schema(), Options::default())?;
            let scope = Scope::default().and("user_id = ?", vec![rusqlite::types::Value::Text(user.id.clone())]);
            let (found, total) = query::list(conn, "targets", "Target", targets::COLUMNS, &plan, &scope, count, targets::from_row)?;
            Ok(models::list("targets", total, found.iter().map(models::target::target).collect()))
        })
        .await?;
    Ok(respond::ok(body))
}

async fn fetch(ctx: Ctx, PathParams((user_id, target_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let user = load(conn, &user_id)?;
            Ok(models::target::target(&target_of(conn, &user.id, &target_id)?))
        })
        .await?;
    Ok(respond::ok(body))
}

/// Changes the identifier (validated for the target's type, and no longer expired), the
/// provider or the name; what is not sent stays.
async fn update(ctx: Ctx, PathParams((user_id, target_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let identifier = params.text("identifier", MAX_IDENTIFIER)?.filter(|i| !i.is_empty());
    let provider_id = params.text("providerId", crate::ids::MAX_ID_LENGTH)?.filter(|p| !p.is_empty());
    let name = params.text("name", 128)?.filter(|n| !n.is_empty());
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let user = load(conn, &user_id)?;
            let mut target = target_of(conn, &user.id, &target_id)?;
            if let Some(identifier) = identifier {
                check_identifier(&target.provider_type, &identifier)?;
                target.identifier = identifier;
                target.expired = false;
            }
            if provider_id.is_some() {
                return Err(ApiError::new(PROVIDER_NOT_FOUND));
            }
            if let Some(name) = name {
                target.name = name;
            }
            target.updated_at = crate::time::now();
            match targets::update(conn, &target) {
                Ok(()) => Ok(models::target::target(&target)),
                Err(err) if crate::db::is_unique_violation(&err) => Err(ApiError::new(catalogue::USER_TARGET_ALREADY_EXISTS)),
                Err(err) => Err(err.into()),
            }
        })
        .await?;
    Ok(respond::ok(body))
}

async fn remove(ctx: Ctx, PathParams((user_id, target_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    ctx.state
        .db
        .call(move |conn| {
            let user = load(conn, &user_id)?;
            let target = target_of(conn, &user.id, &target_id)?;
            targets::delete(conn, &target.id)?;
            Ok(())
        })
        .await?;
    Ok(respond::no_content())
}

//! Multi-factor authentication as the server manages it: the `mfa` flag, which factors a user
//! could use, recovery codes (made once, read, regenerated) and removing an authenticator.
//! TOTP authenticators are added on the Account side, which this server does not offer, so a
//! user here never has one.

use axum::response::Response;
use axum::routing::{delete, get, patch};
use axum::Router;
use serde_json::json;

use super::{load, record, render, required_bool, Actor, READ, WRITE};
use crate::catalogue;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::params::Params;
use crate::path::PathParams;
use crate::respond;
use crate::state::AppState;
use crate::store::users;

/// `Type::generateBackupCodes`: six codes of ten characters.
const RECOVERY_CODES: usize = 6;
const RECOVERY_CODE_LENGTH: usize = 10;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/users/{userId}/mfa", patch(update_mfa))
        .route("/v1/users/{userId}/mfa/factors", get(factors))
        .route("/v1/users/{userId}/mfa/recovery-codes", get(read_codes).patch(create_codes).put(regenerate_codes))
        .route("/v1/users/{userId}/mfa/authenticators/{type}", delete(delete_authenticator))
}

async fn update_mfa(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let mfa = required_bool(&params, "mfa")?;
    let actor = Actor::of(&ctx);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let mut user = load(conn, &user_id)?;
            user.mfa = mfa;
            user.updated_at = crate::time::now();
            users::update(conn, &user)?;
            record(conn, &actor, &user, "user.update")?;
            render(conn, &user)
        })
        .await?;
    Ok(respond::ok(body))
}

/// Email and phone count once verified; there is never a TOTP authenticator here.
async fn factors(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let user = ctx.state.db.read(move |conn| load(conn, &user_id)).await?;
    Ok(respond::ok(json!({
        "totp": false,
        "phone": user.phone.is_some() && user.phone_verification,
        "email": user.email.is_some() && user.email_verification,
        "recoveryCode": false,
    })))
}

fn new_codes() -> Vec<String> {
    (0..RECOVERY_CODES).map(|_| crate::secrets::random_secret()[..RECOVERY_CODE_LENGTH].to_string()).collect()
}

async fn read_codes(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let codes = ctx
        .state
        .db
        .read(move |conn| {
            let user = load(conn, &user_id)?;
            Ok(users::recovery_codes(conn, &user.id)?)
        })
        .await?;
    if codes.is_empty() {
        return Err(ApiError::new(catalogue::USER_RECOVERY_CODES_NOT_FOUND));
    }
    Ok(respond::ok(json!({ "recoveryCodes": codes })))
}

/// Makes the codes once: a second time is 409 `user_recovery_codes_already_exists`.
async fn create_codes(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let codes = ctx
        .state
        .db
        .call(move |conn| {
            let user = load(conn, &user_id)?;
            if !users::recovery_codes(conn, &user.id)?.is_empty() {
                return Err(ApiError::new(catalogue::USER_RECOVERY_CODES_ALREADY_EXISTS));
            }
            let codes = new_codes();
            users::set_recovery_codes(conn, &user.id, &codes)?;
            Ok(codes)
        })
        .await?;
    Ok(respond::created(json!({ "recoveryCodes": codes })))
}

/// Replaces existing codes; without any it is 404 `user_recovery_codes_not_found`.
async fn regenerate_codes(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let codes = ctx
        .state
        .db
        .call(move |conn| {
            let user = load(conn, &user_id)?;
            if users::recovery_codes(conn, &user.id)?.is_empty() {
                return Err(ApiError::new(catalogue::USER_RECOVERY_CODES_NOT_FOUND));
            }
            let codes = new_codes();
            users::set_recovery_codes(conn, &user.id, &codes)?;
            Ok(codes)
        })
        .await?;
    Ok(respond::ok(json!({ "recoveryCodes": codes })))
}

async fn delete_authenticator(ctx: Ctx, PathParams((user_id, kind)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    if kind != "totp" {
        return Err(ApiError::argument("Invalid `type` param: Value must be one of (totp)"));
    }
    ctx.state.db.call(move |conn| load(conn, &user_id)).await?;
    Err(ApiError::new(catalogue::USER_AUTHENTICATOR_NOT_FOUND))
}

//! Changes to one user: name, email, phone, password, status, labels, preferences,
//! verification flags and the impersonator capability. Each answers the updated user
//! (preferences answer the preferences).

use axum::response::Response;
use axum::routing::{patch, put};
use axum::Router;
use rusqlite::Connection;
use serde_json::Value;

use super::{load, record, render, required_bool, Actor, WRITE};
use crate::catalogue;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::params::{self, Params};
use crate::path::PathParams;
use crate::respond;
use crate::state::AppState;
use crate::store::targets::{self, TargetRecord};
use crate::store::users::{self, UserRecord};

/// `APP_LIMIT_ARRAY_LABELS_SIZE`, and a label's longest form.
const MAX_LABELS: usize = 1000;
const MAX_LABEL_LENGTH: usize = 36;
/// Appwrite's `Assoc` validator: preferences are at most this much JSON.
const MAX_PREFS_LENGTH: usize = 65_535;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/users/{userId}/name", patch(name))
        .route("/v1/users/{userId}/email", patch(email))
        .route("/v1/users/{userId}/phone", patch(phone))
        .route("/v1/users/{userId}/password", patch(password))
        .route("/v1/users/{userId}/status", patch(status))
        .route("/v1/users/{userId}/labels", put(labels))
        .route("/v1/users/{userId}/prefs", patch(prefs))
        .route("/v1/users/{userId}/verification", patch(email_verification))
        .route("/v1/users/{userId}/verification/phone", patch(phone_verification))
        .route("/v1/users/{userId}/impersonator", patch(impersonator))
}

type Edit = Box<dyn FnOnce(&Connection, &mut UserRecord) -> ApiResult<()> + Send>;

/// Loads the user, applies `edit`, saves it (a taken email or phone is `conflict`), records
/// `event` on the user's log when Appwrite audits the change under the user, and answers the
/// user model.
async fn update(ctx: &Ctx, user_id: String, event: Option<&'static str>, conflict: ErrorType, edit: Edit) -> ApiResult<Response> {
    let actor = Actor::of(ctx);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let mut user = load(&tx, &user_id)?;
            edit(&tx, &mut user)?;
            user.updated_at = crate::time::now();
            match users::update(&tx, &user) {
                Ok(()) => {}
                Err(err) if crate::db::is_unique_violation(&err) => return Err(ApiError::new(conflict)),
                Err(err) => return Err(err.into()),
            }
            if let Some(event) = event {
                record(&tx, &actor, &user, event)?;
            }
            let body = render(&tx, &user)?;
            tx.commit()?;
            Ok(body)
        })
        .await?;
    Ok(respond::ok(body))
}

async fn name(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let name = params.required_text("name", 128)?;
    update(
        &ctx,
        user_id,
        Some("user.update"),
        catalogue::USER_ALREADY_EXISTS,
        Box::new(move |_, user| {
            user.name = name;
            Ok(())
        }),
    )
    .await
}

/// Moves the user's `provider_type` target from `old` to `new` (creating or deleting it when
/// one side is empty). An identifier another target holds is `user_target_already_exists`.
fn retarget(conn: &Connection, user: &UserRecord, provider_type: &str, old: Option<&str>, new: Option<&str>) -> ApiResult<()> {
    let now = crate::time::now();
    let existing = match old {
        Some(old) => targets::find_by_identifier(conn, old)?.filter(|t| t.user_id == user.id),
        None => None,
    };
    match (existing, new) {
        (Some(mut target), Some(new)) => {
            target.identifier = new.to_string();
            target.updated_at = now;
            targets::update(conn, &target)?;
        }
        (Some(target), None) => {
            targets::delete(conn, &target.id)?;
        }
        (None, Some(new)) => {
            let target = TargetRecord {
                id: crate::ids::unique(),
                created_at: now.clone(),
                updated_at: now,
                user_id: user.id.clone(),
                provider_type: provider_type.to_string(),
                provider_id: None,
                identifier: new.to_string(),
                name: String::new(),
                expired: false,
            };
            targets::insert_record(conn, &target)?;
        }
        (None, None) => {}
    }
    Ok(())
}

fn target_taken(conn: &Connection, identifier: Option<&str>) -> ApiResult<()> {
    match identifier {
        Some(id) if targets::find_by_identifier(conn, id)?.is_some() => Err(ApiError::new(catalogue::USER_TARGET_ALREADY_EXISTS)),
        _ => Ok(()),
    }
}

/// An empty email removes it (and its target); a new one is unverified.
async fn email(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let raw = params.raw("email")?.cloned().ok_or_else(|| super::not_optional("email"))?;
    let email = match raw {
        Value::String(s) if s.is_empty() => None,
        Value::String(s) if params::is_email(&s) => Some(s.to_lowercase()),
        _ => return Err(ApiError::argument("Invalid `email` param: Value must be a valid email address")),
    };
    update(
        &ctx,
        user_id,
        Some("user.update"),
        catalogue::USER_EMAIL_ALREADY_EXISTS,
        Box::new(move |conn, user| {
            target_taken(conn, email.as_deref())?;
            retarget(conn, user, "email", user.email.as_deref(), email.as_deref())?;
            user.email = email;
            user.email_verification = false;
            Ok(())
        }),
    )
    .await
}

/// An empty number removes it (and its target); a new one is unverified.
async fn phone(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let number = match params.raw("number")? {
        None => return Err(super::not_optional("number")),
        Some(Value::String(s)) if s.is_empty() => None,
        Some(_) => params.phone("number")?,
    };
    update(
        &ctx,
        user_id,
        None,
        catalogue::USER_PHONE_ALREADY_EXISTS,
        Box::new(move |conn, user| {
            target_taken(conn, number.as_deref())?;
            retarget(conn, user, "sms", user.phone.as_deref(), number.as_deref())?;
            user.phone = number;
            user.phone_verification = false;
            Ok(())
        }),
    )
    .await
}

/// A new password is hashed with argon2 whatever the user's imported algorithm was; an empty
/// one removes the password, so the user can no longer sign in with one.
async fn password(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let hashed = match params.raw("password")? {
        None => return Err(super::not_optional("password")),
        Some(Value::String(s)) if s.is_empty() => None,
        Some(_) => Some(crate::password::hash(params.required_password("password")?).await?),
    };
    update(
        &ctx,
        user_id,
        Some("user.update"),
        catalogue::USER_ALREADY_EXISTS,
        Box::new(move |_, user| {
            let (hash, options) = crate::password::algorithm();
            user.password = hashed;
            user.hash = hash.to_string();
            user.hash_options = options;
            user.password_update = crate::time::now();
            Ok(())
        }),
    )
    .await
}

/// Sets one boolean field of the user from the body parameter `param` (status, verification,
/// impersonator): the routes differ only in the field and the event they record.
async fn set_flag(
    ctx: &Ctx,
    user_id: String,
    params: &Params,
    param: &str,
    event: Option<&'static str>,
    set: fn(&mut UserRecord, bool),
) -> ApiResult<Response> {
    ctx.guard(&WRITE, params)?;
    let value = required_bool(params, param)?;
    let edit: Edit = Box::new(move |_, user| {
        set(user, value);
        Ok(())
    });
    update(ctx, user_id, event, catalogue::USER_ALREADY_EXISTS, edit).await
}

/// `false` blocks the user: its sessions stay but every request with them is refused.
async fn status(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    set_flag(&ctx, user_id, &params, "status", Some("user.update"), |user, value| user.status = value).await
}

fn label_list(params: &Params) -> ApiResult<Vec<String>> {
    let invalid = || {
        ApiError::argument(format!(
            "Invalid `labels` param: Value must a valid array no longer than {MAX_LABELS} items and Value must be a valid string and \
             at least 1 chars and no longer than {MAX_LABEL_LENGTH} chars and only consist of alphanumeric chars"
        ))
    };
    let items = match params.raw("labels")? {
        None => return Err(super::not_optional("labels")),
        Some(Value::Array(items)) if items.len() <= MAX_LABELS => items.clone(),
        Some(_) => return Err(invalid()),
    };
    let mut labels: Vec<String> = Vec::new();
    for item in items {
        let Value::String(label) = item else { return Err(invalid()) };
        if label.is_empty() || label.chars().count() > MAX_LABEL_LENGTH || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(invalid());
        }
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    Ok(labels)
}

/// Replaces the labels; each gives the user the role `label:<name>`.
async fn labels(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let labels = label_list(&params)?;
    update(
        &ctx,
        user_id,
        None,
        catalogue::USER_ALREADY_EXISTS,
        Box::new(move |_, user| {
            user.labels = labels;
            Ok(())
        }),
    )
    .await
}

async fn prefs(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let prefs = match params.raw("prefs")? {
        None => return Err(super::not_optional("prefs")),
        Some(Value::Object(map)) if Value::Object(map.clone()).to_string().len() <= MAX_PREFS_LENGTH => Value::Object(map.clone()),
        // PHP decodes `{}` and `[]` alike, so an empty array is empty preferences.
        Some(Value::Array(items)) if items.is_empty() => Value::Object(Default::default()),
        Some(_) => return Err(ApiError::argument("Invalid `prefs` param: Value must be a valid object.")),
    };
    let answer = prefs.clone();
    update(
        &ctx,
        user_id,
        None,
        catalogue::USER_ALREADY_EXISTS,
        Box::new(move |_, user| {
            user.prefs = prefs;
            Ok(())
        }),
    )
    .await?;
    Ok(respond::ok(answer))
}

/// A verified email (or phone) gives the roles `users/verified` and `user:<id>/verified`.
async fn email_verification(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    set_flag(&ctx, user_id, &params, "emailVerification", Some("verification.update"), |user, value| user.email_verification = value).await
}

async fn phone_verification(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    set_flag(&ctx, user_id, &params, "phoneVerification", None, |user, value| user.phone_verification = value).await
}

async fn impersonator(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    set_flag(&ctx, user_id, &params, "impersonator", None, |user, value| user.impersonator = value).await
}

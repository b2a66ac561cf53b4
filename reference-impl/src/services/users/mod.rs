//! The Users service: server-key routes over every user of the project. Appwrite 1.9.6
//! `app/controllers/api/users.php`. One file per group of routes; what they share is here.

mod accounts;
mod activity;
mod credentials;
mod imports;
mod mfa;
mod targets;
mod updates;

use axum::Router;
use rusqlite::Connection;
use serde_json::Value;

use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::state::AppState;
use crate::store::audit::{self, LogRecord};
use crate::store::users::UserRecord;
use crate::store::{targets as target_store, users};

const READ: Route = Route::scope(&["users.read"]);
const WRITE: Route = Route::scope(&["users.write"]);
/// Session routes also admit the narrower `sessions.*` scopes.
const SESSIONS_READ: Route = Route::scope(&["users.read", "sessions.read"]);
const SESSIONS_WRITE: Route = Route::scope(&["users.write", "sessions.write"]);

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(accounts::router())
        .merge(updates::router())
        .merge(imports::router())
        .merge(credentials::router())
        .merge(targets::router())
        .merge(mfa::router())
        .merge(activity::router())
}

/// The user `id`, or 404 `user_not_found`.
fn load(conn: &Connection, id: &str) -> ApiResult<UserRecord> {
    users::get(conn, id)?.ok_or_else(|| ApiError::new(catalogue::USER_NOT_FOUND))
}

/// The user model (with its targets), as key callers see it.
fn render(conn: &Connection, user: &UserRecord) -> ApiResult<Value> {
    Ok(models::user::user(user, &target_store::for_user(conn, &user.id)?))
}

fn not_optional(name: &str) -> ApiError {
    ApiError::argument(format!("Param \"{name}\" is not optional."))
}

fn required_bool(params: &Params, name: &str) -> ApiResult<bool> {
    params.bool(name)?.ok_or_else(|| not_optional(name))
}

/// Records an audit event on `user`'s log (what `listLogs` shows), naming who acted.
fn record(conn: &Connection, ctx_actor: &Actor, user: &UserRecord, event: &str) -> ApiResult<()> {
    audit::insert(
        conn,
        &LogRecord {
            user_id: user.id.clone(),
            event: event.to_string(),
            user_email: user.email.clone().unwrap_or_default(),
            user_name: user.name.clone(),
            mode: "default".into(),
            user_type: ctx_actor.user_type.into(),
            ip: ctx_actor.ip.clone(),
            time: crate::time::now(),
        },
    )?;
    Ok(())
}

/// Who made a request, as audit logs name them.
#[derive(Clone)]
pub struct Actor {
    pub user_type: &'static str,
    pub ip: String,
}

impl Actor {
    pub fn of(ctx: &Ctx) -> Actor {
        Actor { user_type: if ctx.principal.is_key() { "app" } else { "user" }, ip: ctx.client.ip.clone() }
    }
}

/// Audit logging for the Account routes (sign-in, sign-out, token exchange): the acting user
/// is the one the log belongs to.
pub fn record_own_event(conn: &Connection, ctx_actor: &Actor, user: &UserRecord, event: &str) -> ApiResult<()> {
    record(conn, ctx_actor, user, event)
}

//! Users themselves: create (plain password), list, get, delete, and their preferences.

use axum::response::Response;
use axum::routing::get;
use axum::Router;
use rusqlite::types::Value as Sql;

use crate::context::Ctx;
use crate::error::ApiResult;
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::query::{self, Options, Scope};
use crate::respond;
use crate::state::AppState;
use crate::store::users::UserRecord;
use crate::store::{targets, users};

use super::{load, render, READ, WRITE};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/users", get(list).post(create))
        .route("/v1/users/{userId}", get(fetch).delete(remove))
        .route("/v1/users/{userId}/prefs", get(prefs))
}

async fn create(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let id = params.required_custom_id("userId")?;
    let email = params.email("email")?.map(|e| e.to_lowercase());
    let phone = params.phone("phone")?;
    let password = params.password("password")?;
    let name = params.text("name", 128)?.unwrap_or_default();

    let now = crate::time::now();
    let (hash, hash_options) = crate::password::algorithm();
    let hashed = match password {
        Some(p) => Some(crate::password::hash(p).await?),
        None => None,
    };
    let user = UserRecord {
        id,
        created_at: now.clone(),
        updated_at: now.clone(),
        name,
        email,
        phone,
        password_update: if hashed.is_some() { now.clone() } else { String::new() },
        password: hashed,
        hash: hash.to_string(),
        hash_options,
        registration: now,
        status: true,
        labels: Vec::new(),
        email_verification: false,
        phone_verification: false,
        mfa: false,
        prefs: serde_json::json!({}),
        accessed_at: String::new(),
        impersonator: false,
    };
    let body = ctx
        .state
        .db
        .call(move |conn| {
            users::insert(conn, &user)?;
            render(conn, &user)
        })
        .await?;
    Ok(respond::created(body))
}

async fn list(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let search = params.text("search", 256)?.filter(|s| !s.trim().is_empty());
    let count = params.bool("total")?.unwrap_or(true);
    let plan = query::parse_param(&raw, &users::schema(), Options::default())?;
    let mut scope = Scope::default();
    if let Some(term) = search {
        let pattern = Sql::Text(format!("%{}%", term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
        scope = scope.and(
            "id LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\' OR phone LIKE ?1 ESCAPE '\\'"
                .replace("?1", "?"),
            vec![pattern.clone(), pattern.clone(), pattern.clone(), pattern],
        );
    }
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let (found, total) = query::list(conn, "users", "User", users::COLUMNS, &plan, &scope, count, users::from_row)?;
            let items = found.iter().map(|u| Ok(models::user::user(u, &targets::for_user(conn, &u.id)?))).collect::<ApiResult<Vec<_>>>()?;
            Ok(models::list("users", total, items))
        })
        .await?;
    Ok(respond::ok(body))
}

async fn fetch(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let body = ctx.state.db.read(move |conn| render(conn, &load(conn, &user_id)?)).await?;
    Ok(respond::ok(body))
}

/// Deletes the user with its sessions, tokens, targets, memberships and logs.
async fn remove(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    ctx.state
        .db
        .call(move |conn| {
            let user = load(conn, &user_id)?;
            users::delete(conn, &user.id)?;
            Ok(())
        })
        .await?;
    Ok(respond::no_content())
}

async fn prefs(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let body = ctx.state.db.read(move |conn| Ok(load(conn, &user_id)?.prefs)).await?;
    Ok(respond::ok(body))
}

//! Credentials the server makes or ends for a user: sessions (`createSession` hands out the
//! secret that works as the session cookie or `X-Appwrite-Session`), single-use login tokens
//! for `POST /account/sessions/token`, and JWTs.

use axum::response::Response;
use axum::routing::{delete, post};
use axum::Router;
use serde_json::{json, Map};

use super::{load, SESSIONS_READ, SESSIONS_WRITE, WRITE};
use crate::catalogue;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::respond;
use crate::state::AppState;
use crate::store::login_tokens::{self, LoginToken};
use crate::store::sessions::{self, SessionRecord};

/// `TOKEN_EXPIRATION_LOGIN_LONG`: sessions, and the longest a token may live.
const SESSION_DURATION_SECS: i64 = 31_536_000;
/// `TOKEN_EXPIRATION_GENERIC`: a token's default life.
const TOKEN_DEFAULT_SECS: i64 = 900;
const TOKEN_DEFAULT_LENGTH: i64 = 6;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/users/{userId}/sessions", post(create_session).get(list_sessions).delete(delete_sessions))
        .route("/v1/users/{userId}/sessions/{sessionId}", delete(delete_session))
        .route("/v1/users/{userId}/tokens", post(create_token))
        .route("/v1/users/{userId}/jwts", post(create_jwt))
}

async fn list_sessions(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&SESSIONS_READ, &params)?;
    let count = params.bool("total")?.unwrap_or(true);
    let found = ctx
        .state
        .db
        .read(move |conn| {
            let user = load(conn, &user_id)?;
            Ok(sessions::for_user(conn, &user.id, &crate::time::now())?)
        })
        .await?;
    // No session is "current" for a server key.
    let items: Vec<_> = found.iter().map(|s| models::session::session(s, false, "")).collect();
    Ok(respond::ok(models::list("sessions", if count { items.len() as u64 } else { 0 }, items)))
}

/// A session made by the server (provider and factor `server`); the answer carries its secret.
async fn create_session(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&SESSIONS_WRITE, &params)?;
    crate::ids::custom("userId", &user_id)?;
    let secret = crate::secrets::random_secret();
    let now = crate::time::now();
    let session = SessionRecord {
        id: crate::ids::unique(),
        created_at: now.clone(),
        updated_at: now,
        user_id: user_id.clone(),
        expire: crate::time::in_seconds(SESSION_DURATION_SECS),
        provider: "server".into(),
        provider_uid: String::new(),
        secret_hash: crate::secrets::sha256_hex(&secret),
        ip: ctx.client.ip.clone(),
        user_agent: ctx.client.user_agent.clone(),
        factors: vec!["server".into()],
    };
    let stored = session.clone();
    ctx.state
        .db
        .call(move |conn| {
            load(conn, &stored.user_id)?;
            Ok(sessions::insert(conn, &stored)?)
        })
        .await?;
    let token = crate::auth::encode_session_token(&user_id, &secret);
    Ok(respond::created(models::session::session(&session, false, &token)))
}

/// Clients pass the scope check here (they hold `sessions.write`), but each session is
/// deletable only by its own user: another client's request for a user who has sessions is
/// refused as Appwrite's document permissions refuse it.
async fn delete_sessions(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&SESSIONS_WRITE, &params)?;
    let owner = SessionOwner::of(&ctx);
    ctx.state
        .db
        .call(move |conn| {
            let user = load(conn, &user_id)?;
            let live = sessions::for_user(conn, &user.id, &crate::time::now())?;
            if !live.is_empty() && !owner.may_touch(&user.id) {
                return Err(ApiError::new(catalogue::USER_UNAUTHORIZED));
            }
            Ok(sessions::delete_for_user(conn, &user.id)?)
        })
        .await?;
    Ok(respond::no_content())
}

async fn delete_session(ctx: Ctx, PathParams((user_id, session_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&SESSIONS_WRITE, &params)?;
    let owner = SessionOwner::of(&ctx);
    ctx.state
        .db
        .call(move |conn| {
            load(conn, &user_id)?;
            let session = sessions::get_by_id(conn, &session_id, &crate::time::now())?
                .filter(|s| owner.may_touch(&s.user_id))
                .ok_or_else(|| ApiError::new(catalogue::USER_SESSION_NOT_FOUND))?;
            sessions::delete(conn, &session.id)?;
            Ok(())
        })
        .await?;
    Ok(respond::no_content())
}

/// Who may see and delete a session document: an API key any, a client only its own user's
/// (a session is readable and deletable by `user:<its user>` alone).
struct SessionOwner {
    key: bool,
    user_id: Option<String>,
}

impl SessionOwner {
    fn of(ctx: &Ctx) -> SessionOwner {
        SessionOwner { key: ctx.principal.is_key(), user_id: ctx.principal.user().map(|u| u.id.clone()) }
    }

    fn may_touch(&self, session_user: &str) -> bool {
        self.key || self.user_id.as_deref() == Some(session_user)
    }
}

/// A random secret of `length` lower-case hex characters.
fn token_secret(length: usize) -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..length).map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0')).collect()
}

/// A single-use token (`length` 4 to 128 characters, `expire` 60 s to a year) that
/// `POST /account/sessions/token` exchanges for a session.
async fn create_token(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let length = params.int("length", 4, 128)?.unwrap_or(TOKEN_DEFAULT_LENGTH) as usize;
    let expire_secs = params.int("expire", 60, SESSION_DURATION_SECS)?.unwrap_or(TOKEN_DEFAULT_SECS);
    let secret = token_secret(length);
    let token = LoginToken {
        id: crate::ids::unique(),
        created_at: crate::time::now(),
        user_id,
        secret_hash: crate::secrets::sha256_hex(&secret),
        expire: crate::time::in_seconds(expire_secs),
    };
    let body = json!({
        "$id": token.id,
        "$createdAt": token.created_at,
        "userId": token.user_id,
        "secret": secret,
        "expire": token.expire,
        "phrase": "",
    });
    ctx.state
        .db
        .call(move |conn| {
            load(conn, &token.user_id)?;
            Ok(login_tokens::insert(conn, &token)?)
        })
        .await?;
    Ok(respond::created(body))
}

/// A JWT for the user: bound to `sessionId` (`recent` for the newest session), or to no
/// session when none is named, which Appwrite accepts as long as the user exists.
async fn create_jwt(ctx: Ctx, PathParams(user_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let wanted = params.text("sessionId", crate::ids::MAX_ID_LENGTH)?.unwrap_or_default();
    if !wanted.is_empty() && wanted != "recent" {
        crate::ids::existing("sessionId", &wanted)?;
    }
    let duration = params.int("duration", 0, 3600)?.unwrap_or(900);
    let (user_id, session_id) = ctx
        .state
        .db
        .call(move |conn| {
            let user = load(conn, &user_id)?;
            let live = sessions::for_user(conn, &user.id, &crate::time::now())?;
            let session = match wanted.as_str() {
                "recent" => live.last(),
                id => live.iter().find(|s| s.id == id),
            };
            Ok((user.id.clone(), session.map(|s| s.id.clone()).unwrap_or_default()))
        })
        .await?;
    let mut claims = Map::new();
    claims.insert("userId".into(), json!(user_id));
    claims.insert("sessionId".into(), json!(session_id));
    let jwt = crate::jwt::encode(&ctx.state.jwt_key, claims, duration)?;
    Ok(respond::created(json!({ "jwt": jwt })))
}

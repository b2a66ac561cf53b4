//! The Account service subset: sign-up, the current account, email/password sessions and
//! JWTs. Appwrite 1.9.6 `app/controllers/api/account.php`.

use axum::http::header::SET_COOKIE;
use axum::http::HeaderValue;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use cookie::time::OffsetDateTime;
use cookie::{Cookie, SameSite};
use serde_json::{json, Map};

use crate::auth::{self, Principal, Via};
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::path::PathParams;
use crate::rate_limit::RateSpec;
use crate::respond;
use crate::state::AppState;
use crate::store::sessions::SessionRecord;
use crate::store::users::UserRecord;
use crate::store::{sessions, targets, users};

const CREATE: Route = Route::limited(&["sessions.write"], RateSpec::per_ip(10, 3600));
const GET: Route = Route::scope(&["account"]);
const CREATE_EMAIL_SESSION: Route =
    Route::limited(&["sessions.write"], RateSpec { limit: 10, window_secs: 3600, keys: &["url:{url},email:{param-email}"] });
const LIST_SESSIONS: Route = Route::scope(&["account"]);
const DELETE_SESSIONS: Route = Route::limited(&["account"], RateSpec::per_ip(100, 3600));
const CREATE_JWT: Route = Route::limited(&["account"], RateSpec { limit: 120, window_secs: 60, keys: &["url:{url},userId:{userId}"] });

/// `TOKEN_EXPIRATION_LOGIN_LONG`: sessions last a year.
pub(crate) const SESSION_DURATION_SECS: i64 = 31_536_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/account", get(account).post(create))
        .route("/v1/account/sessions/email", post(create_email_session))
        // `/account/sessions` (POST) and `/account/jwt` are Appwrite's older names, still served.
        .route("/v1/account/sessions", get(list_sessions).delete(delete_sessions).post(create_email_session))
        .route("/v1/account/sessions/{sessionId}", get(get_session).delete(delete_session))
        .route("/v1/account/jwts", post(create_jwt))
        .route("/v1/account/jwt", post(create_jwt))
}

async fn create(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&CREATE, &params)?;
    let id = params.required_custom_id("userId")?;
    let email = params.required_email("email")?.to_lowercase();
    let password = params.required_password("password")?;
    let name = params.text("name", 128)?.unwrap_or_default();

    let now = crate::time::now();
    let (hash, hash_options) = crate::password::algorithm();
    let user = UserRecord {
        id,
        created_at: now.clone(),
        updated_at: now.clone(),
        name,
        email: Some(email),
        phone: None,
        password: Some(crate::password::hash(password).await?),
        hash: hash.to_string(),
        hash_options,
        registration: now.clone(),
        status: true,
        labels: Vec::new(),
        password_update: now.clone(),
        email_verification: false,
        phone_verification: false,
        mfa: false,
        prefs: json!({}),
        accessed_at: now,
        impersonator: false,
    };
    let body = ctx
        .state
        .db
        .call(move |conn| {
            users::insert(conn, &user)?;
            Ok(models::user::account(&user, &targets::for_user(conn, &user.id)?))
        })
        .await?;
    Ok(respond::created(body))
}

async fn account(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&GET, &params)?;
    let user = ctx.require_user()?.clone();
    let body = ctx.state.db.read(move |conn| Ok(models::user::account(&user, &targets::for_user(conn, &user.id)?))).await?;
    Ok(respond::ok(body))
}

/// Sets (or with `None`, expires) the session cookie and its `_legacy` twin the way Appwrite
/// does: HttpOnly, path `/`, the modern one `SameSite=None`, the legacy one without SameSite
/// for old browsers. The value is URL-encoded as PHP's `setcookie` does it (`+` is `%2B`).
pub(crate) fn session_cookies(response: &mut Response, project_id: &str, value: Option<(&str, &str)>) {
    let name = auth::cookie_name(project_id);
    let (encoded, expires) = match value {
        Some((token, expire)) => (form_urlencoded::byte_serialize(token.as_bytes()).collect::<String>(), expiry(expire)),
        None => (String::new(), Some(OffsetDateTime::UNIX_EPOCH)),
    };
    let legacy = Cookie::build((format!("{name}_legacy"), encoded.clone())).expires(expires).path("/").http_only(true);
    // Unless told `secure(false)`, the crate adds `Secure` to a SameSite=None cookie; Appwrite
    // adds it over HTTPS only, and this server speaks plain HTTP.
    let modern = Cookie::build((name, encoded)).expires(expires).path("/").http_only(true).same_site(SameSite::None).secure(false);
    set_cookie(response, legacy.build());
    set_cookie(response, modern.build());
}

/// A session's `expire` (ISO 8601) as the cookie's expiry, to the second.
fn expiry(iso: &str) -> Option<OffsetDateTime> {
    crate::time::parse(iso).and_then(|t| OffsetDateTime::from_unix_timestamp(t.timestamp()).ok())
}

fn set_cookie(response: &mut Response, cookie: Cookie<'_>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

pub(crate) fn fallback_header(response: &mut Response, value: &serde_json::Value) {
    if let Ok(value) = HeaderValue::from_str(&value.to_string()) {
        response.headers_mut().insert("x-fallback-cookies", value);
    }
}

async fn create_email_session(ctx: Ctx, params: Params) -> ApiResult<Response> {
    let guard = ctx.guard(&CREATE_EMAIL_SESSION, &params)?;
    if ctx.principal.user().is_some() {
        return Err(ApiError::new(catalogue::USER_SESSION_ALREADY_EXISTS));
    }
    let email = params.required_email("email")?.to_lowercase();
    let password = params.required_password("password")?;

    let lookup = email.clone();
    let profile = ctx.state.db.call(move |conn| Ok(users::find_by_email(conn, &lookup)?)).await?;
    let invalid = || ApiError::new(catalogue::USER_INVALID_CREDENTIALS);
    let user = profile.ok_or_else(invalid)?;
    let stored = user.password.clone().filter(|_| !user.password_update.is_empty()).ok_or_else(invalid)?;
    if !crate::password_hashes::verify_blocking(user.hash.clone(), user.hash_options.clone(), password.clone(), stored).await {
        return Err(invalid());
    }
    if !user.status {
        return Err(ApiError::new(catalogue::USER_BLOCKED));
    }
    // An imported hash is replaced by the default algorithm once the password is known.
    let rehashed = if user.hash == crate::password::algorithm().0 { None } else { Some(crate::password::hash(password).await?) };

    let secret = crate::secrets::random_secret();
    let now = crate::time::now();
    let session = SessionRecord {
        id: crate::ids::unique(),
        created_at: now.clone(),
        updated_at: now,
        user_id: user.id.clone(),
        expire: crate::time::in_seconds(SESSION_DURATION_SECS),
        provider: "email".into(),
        provider_uid: email,
        secret_hash: crate::secrets::sha256_hex(&secret),
        ip: ctx.client.ip.clone(),
        user_agent: ctx.client.user_agent.clone(),
        factors: vec!["password".into()],
    };
    let stored_session = session.clone();
    let actor = crate::services::users::Actor::of(&ctx);
    let mut signed_in = user.clone();
    ctx.state
        .db
        .call(move |conn| {
            if let Some(hashed) = rehashed {
                let (hash, options) = crate::password::algorithm();
                signed_in.password = Some(hashed);
                signed_in.hash = hash.to_string();
                signed_in.hash_options = options;
                users::update(conn, &signed_in)?;
            }
            sessions::insert(conn, &stored_session)?;
            crate::services::users::record_own_event(conn, &actor, &signed_in, "session.create")
        })
        .await?;
    guard.reset_rate_limit();

    let token = auth::encode_session_token(&user.id, &secret);
    // Only server (key) callers may read the secret back; browsers get it as a cookie.
    let visible_secret = if ctx.principal.is_key() { token.as_str() } else { "" };
    let mut response = respond::created(models::session::session(&session, true, visible_secret));
    let project_id = &ctx.state.config.project_id;
    session_cookies(&mut response, project_id, Some((&token, &session.expire)));
    fallback_header(&mut response, &json!({ auth::cookie_name(project_id): token }));
    Ok(response)
}

/// The id of the session this request was made with (a JWT names a session but is not
/// "made with" it, as in Appwrite where only the session secret counts).
fn current_session_id(principal: &Principal) -> Option<String> {
    match principal {
        Principal::User { session: Some(session), via: Via::Session, .. } => Some(session.id.clone()),
        _ => None,
    }
}

async fn list_sessions(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&LIST_SESSIONS, &params)?;
    let user_id = ctx.require_user()?.id.clone();
    let current = current_session_id(&ctx.principal);
    let found = ctx.state.db.read(move |conn| Ok(sessions::for_user(conn, &user_id, &crate::time::now())?)).await?;
    let items: Vec<_> = found.iter().map(|s| models::session::session(s, current.as_deref() == Some(s.id.as_str()), "")).collect();
    Ok(respond::ok(models::list("sessions", items.len() as u64, items)))
}

/// Resolves `current` to the request's own session id.
fn session_id_param(ctx: &Ctx, raw: &str) -> ApiResult<Option<String>> {
    if raw == "current" {
        return Ok(current_session_id(&ctx.principal));
    }
    crate::ids::existing("sessionId", raw).map(|id| Some(id.to_string()))
}

async fn get_session(ctx: Ctx, PathParams(raw): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&LIST_SESSIONS, &params)?;
    let user_id = ctx.require_user()?.id.clone();
    let not_found = || ApiError::new(catalogue::USER_SESSION_NOT_FOUND);
    let id = session_id_param(&ctx, &raw)?.ok_or_else(not_found)?;
    let current = current_session_id(&ctx.principal);
    let found = ctx.state.db.read(move |conn| Ok(sessions::get(conn, &user_id, &id, &crate::time::now())?)).await?;
    let session = found.ok_or_else(not_found)?;
    let is_current = current.as_deref() == Some(session.id.as_str());
    Ok(respond::ok(models::session::session(&session, is_current, "")))
}

async fn delete_session(ctx: Ctx, PathParams(raw): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&DELETE_SESSIONS, &params)?;
    let user = ctx.require_user()?.clone();
    let not_found = || ApiError::new(catalogue::USER_SESSION_NOT_FOUND);
    let id = session_id_param(&ctx, &raw)?.ok_or_else(not_found)?;
    let is_current = current_session_id(&ctx.principal).as_deref() == Some(id.as_str());
    let actor = crate::services::users::Actor::of(&ctx);
    let deleted = ctx
        .state
        .db
        .call(move |conn| {
            let now = crate::time::now();
            let Some(session) = sessions::get(conn, &user.id, &id, &now)? else { return Ok(false) };
            sessions::delete(conn, &session.id)?;
            crate::services::users::record_own_event(conn, &actor, &user, "session.delete")?;
            Ok(true)
        })
        .await?;
    if !deleted {
        return Err(not_found());
    }
    let mut response = respond::no_content();
    if is_current {
        session_cookies(&mut response, &ctx.state.config.project_id, None);
        fallback_header(&mut response, &json!([]));
    }
    Ok(response)
}

async fn delete_sessions(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&DELETE_SESSIONS, &params)?;
    let user_id = ctx.require_user()?.id.clone();
    let deleted = ctx.state.db.call(move |conn| Ok(sessions::delete_for_user(conn, &user_id)?)).await?;
    let mut response = respond::no_content();
    // Appwrite clears the fallback cookies once per session it ends, so not when none was left.
    if deleted > 0 {
        fallback_header(&mut response, &json!([]));
    }
    if current_session_id(&ctx.principal).is_some() {
        session_cookies(&mut response, &ctx.state.config.project_id, None);
    }
    Ok(response)
}

async fn create_jwt(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&CREATE_JWT, &params)?;
    let duration = params.int("duration", 0, 3600)?.unwrap_or(900);
    let user = ctx.require_user()?;
    let session_id = current_session_id(&ctx.principal).ok_or_else(|| ApiError::new(catalogue::USER_SESSION_NOT_FOUND))?;
    let mut claims = Map::new();
    claims.insert("userId".into(), json!(user.id));
    claims.insert("sessionId".into(), json!(session_id));
    let jwt = crate::jwt::encode(&ctx.state.jwt_key, claims, duration)?;
    Ok(respond::created(json!({ "jwt": jwt })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_cookies(value: Option<(&str, &str)>) -> Vec<String> {
        let mut response = respond::no_content();
        session_cookies(&mut response, "p", value);
        response.headers().get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
    }

    #[test]
    fn session_cookies_are_url_encoded_http_only_and_expire_with_the_session() {
        assert_eq!(
            set_cookies(Some(("a+b/c=", "2026-11-22T07:32:49.123+00:00"))),
            [
                "a_session_p_legacy=a%2Bb%2Fc%3D; HttpOnly; Path=/; Expires=Sun, 22 Nov 2026 07:32:49 GMT",
                "a_session_p=a%2Bb%2Fc%3D; HttpOnly; SameSite=None; Path=/; Expires=Sun, 22 Nov 2026 07:32:49 GMT",
            ]
        );
    }

    #[test]
    fn signing_out_empties_both_cookies_and_dates_them_in_1970() {
        assert_eq!(
            set_cookies(None),
            [
                "a_session_p_legacy=; HttpOnly; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "a_session_p=; HttpOnly; SameSite=None; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            ]
        );
    }
}

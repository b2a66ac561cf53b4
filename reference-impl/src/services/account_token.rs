//! `POST /account/sessions/token`: a client exchanges a token the server made
//! (`POST /users/{userId}/tokens`) for a session, once. Appwrite 1.9.6 `account.php`
//! (`createSession`).

use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::json;

use crate::auth;
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::Params;
use crate::rate_limit::RateSpec;
use crate::respond;
use crate::services::account::{fallback_header, session_cookies, SESSION_DURATION_SECS};
use crate::services::users::{record_own_event, Actor};
use crate::state::AppState;
use crate::store::sessions::{self, SessionRecord};
use crate::store::{login_tokens, users};

const CREATE: Route =
    Route::limited(&["sessions.write"], RateSpec { limit: 10, window_secs: 3600, keys: &["ip:{ip},userId:{param-userId}"] });

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/account/sessions/token", post(exchange))
}

async fn exchange(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&CREATE, &params)?;
    if ctx.principal.user().is_some() {
        return Err(ApiError::new(catalogue::USER_SESSION_ALREADY_EXISTS));
    }
    let user_id = params.required_text("userId", crate::ids::MAX_ID_LENGTH)?;
    crate::ids::existing("userId", &user_id)?;
    let secret = params.required_text("secret", 256)?;
    let session_secret = crate::secrets::random_secret();
    let now = crate::time::now();
    let session = SessionRecord {
        id: crate::ids::unique(),
        created_at: now.clone(),
        updated_at: now,
        user_id: user_id.clone(),
        expire: crate::time::in_seconds(SESSION_DURATION_SECS),
        provider: "token".into(),
        provider_uid: user_id.clone(),
        secret_hash: crate::secrets::sha256_hex(&session_secret),
        ip: ctx.client.ip.clone(),
        user_agent: ctx.client.user_agent.clone(),
        factors: vec!["token".into()],
    };
    let stored = session.clone();
    let token_hash = crate::secrets::sha256_hex(&secret);
    let actor = Actor::of(&ctx);
    ctx.state
        .db
        .call(move |conn| {
            let invalid = || ApiError::new(catalogue::USER_INVALID_TOKEN);
            let user = users::get(conn, &stored.user_id)?.ok_or_else(invalid)?;
            login_tokens::take(conn, &user.id, &token_hash, &crate::time::now())?.ok_or_else(invalid)?;
            if !user.status {
                return Err(ApiError::new(catalogue::USER_BLOCKED));
            }
            sessions::insert(conn, &stored)?;
            record_own_event(conn, &actor, &user, "session.create")
        })
        .await?;

    let token = auth::encode_session_token(&user_id, &session_secret);
    let visible_secret = if ctx.principal.is_key() { token.as_str() } else { "" };
    let mut response = respond::created(models::session::session(&session, true, visible_secret));
    let project_id = &ctx.state.config.project_id;
    session_cookies(&mut response, project_id, Some((&token, &session.expire)));
    fallback_header(&mut response, &json!({ auth::cookie_name(project_id): token }));
    Ok(response)
}

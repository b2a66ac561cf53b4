//! Who is calling: an API key (with its scopes), a user (via session cookie,
//! `X-Appwrite-Session`, `X-Fallback-Cookies`, or `X-Appwrite-JWT`), or a guest. Mirrors
//! Appwrite 1.9.6 `app/init/resources/request.php` (`user`, `apiKey`) and the role scopes of
//! `app/config/roles.php`.

use axum::http::HeaderMap;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use cookie::Cookie;
use serde_json::{json, Value};

use crate::catalogue;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::sessions::SessionRecord;
use crate::store::users::UserRecord;
use crate::store::{sessions, teams, users};

/// Scopes of the `guests` role.
pub const GUEST_SCOPES: &[&str] = &[
    "global",
    "public",
    "home",
    "console",
    "graphql",
    "sessions.write",
    "documents.read",
    "documents.write",
    "rows.read",
    "rows.write",
    "files.read",
    "files.write",
    "locale.read",
    "avatars.read",
    "executions.write",
];

/// Scopes of the `users` role (a session or JWT holder).
pub const USER_SCOPES: &[&str] = &[
    "global",
    "public",
    "home",
    "console",
    "graphql",
    "sessions.write",
    "account",
    "teams.read",
    "teams.write",
    "presences.read",
    "presences.write",
    "documents.read",
    "documents.write",
    "rows.read",
    "rows.write",
    "files.read",
    "files.write",
    "projects.read",
    "locale.read",
    "avatars.read",
    "executions.read",
    "executions.write",
    "targets.read",
    "targets.write",
    "subscribers.read",
    "subscribers.write",
    "assistant.read",
    "rules.read",
];

/// Scopes every project key holds on top of the ones chosen for it.
pub const KEY_ROLE_SCOPES: &[&str] = &["global", "health.read", "graphql"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Session,
    Jwt,
}

#[derive(Clone, Debug)]
pub enum Principal {
    /// A valid `X-Appwrite-Key`. Keys bypass `$permissions` and rate limits.
    Key {
        scopes: Vec<String>,
    },
    // Boxed: a user record dwarfs the other variants and principals are moved around.
    /// `team_roles` are the roles the user's confirmed team memberships give. `session` is
    /// `None` only for a JWT the Users API made without naming a session.
    User {
        user: Box<UserRecord>,
        session: Option<Box<SessionRecord>>,
        via: Via,
        team_roles: Vec<String>,
    },
    Guest,
}

impl Principal {
    pub fn is_key(&self) -> bool {
        matches!(self, Principal::Key { .. })
    }

    pub fn user(&self) -> Option<&UserRecord> {
        match self {
            Principal::User { user, .. } => Some(user),
            _ => None,
        }
    }

    pub fn session(&self) -> Option<&SessionRecord> {
        match self {
            Principal::User { session, .. } => session.as_deref(),
            _ => None,
        }
    }

    /// The role label used in `general_unauthorized_scope` messages.
    pub fn role_label(&self) -> &'static str {
        match self {
            Principal::Key { .. } => "applications",
            Principal::User { .. } => "users",
            Principal::Guest => "guests",
        }
    }

    pub fn has_scope(&self, wanted: &str) -> bool {
        match self {
            Principal::Key { scopes } => scopes.iter().any(|s| s == wanted) || KEY_ROLE_SCOPES.contains(&wanted),
            Principal::User { .. } => USER_SCOPES.contains(&wanted),
            Principal::Guest => GUEST_SCOPES.contains(&wanted),
        }
    }

    /// The roles permissions are matched against (`permissions::allows`). Keys have none:
    /// they skip permission checks altogether.
    pub fn roles(&self) -> Vec<String> {
        match self {
            Principal::Key { .. } => Vec::new(),
            Principal::Guest => vec!["any".into(), "guests".into()],
            Principal::User { user, team_roles, .. } => {
                let verified = if user.email_verification || user.phone_verification { "verified" } else { "unverified" };
                let mut roles = vec![
                    "any".to_string(),
                    "users".to_string(),
                    format!("users/{verified}"),
                    format!("user:{}", user.id),
                    format!("user:{}/{verified}", user.id),
                ];
                roles.extend(team_roles.iter().cloned());
                roles.extend(user.labels.iter().map(|l| format!("label:{l}")));
                roles
            }
        }
    }
}

/// The session cookie's name for a project.
pub fn cookie_name(project_id: &str) -> String {
    format!("a_session_{project_id}")
}

/// The session token clients hold: base64 of `{"id": userId, "secret": secret}` (Appwrite's
/// session store encoding). The same string is the cookie value, the fallback-cookie value,
/// the `secret` key callers receive, and what `X-Appwrite-Session` carries.
pub fn encode_session_token(user_id: &str, secret: &str) -> String {
    STANDARD.encode(json!({"id": user_id, "secret": secret}).to_string())
}

fn decode_session_token(token: &str) -> Option<(String, String)> {
    let bytes = STANDARD.decode(token.trim()).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    let id = value.get("id")?.as_str()?.to_string();
    let secret = value.get("secret")?.as_str()?.to_string();
    (!id.is_empty() && !secret.is_empty()).then_some((id, secret))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

/// The value of the first cookie called `name`, percent-decoded (values are URL-encoded on
/// the way out, as PHP's `setcookie` does; a `+` stays a `+`).
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse_encoded)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

/// The session a request carries directly, in Appwrite's order: the cookie (or, when it is
/// absent, its `_legacy` twin), then `X-Appwrite-Session` when the cookie holds no session.
fn direct_session(headers: &HeaderMap, project_id: &str) -> Option<(String, String)> {
    let name = cookie_name(project_id);
    cookie(headers, &name)
        .or_else(|| cookie(headers, &format!("{name}_legacy")))
        .and_then(|token| decode_session_token(&token))
        .or_else(|| header(headers, "x-appwrite-session").and_then(decode_session_token))
}

/// The session a request carries, falling back to the `X-Fallback-Cookies` JSON map that
/// clients blocking third-party cookies send.
fn session(headers: &HeaderMap, project_id: &str) -> Option<(String, String)> {
    direct_session(headers, project_id).or_else(|| {
        let fallback: Value = serde_json::from_str(header(headers, "x-fallback-cookies")?).ok()?;
        decode_session_token(fallback.get(cookie_name(project_id))?.as_str()?)
    })
}

/// Whether Appwrite looked in `X-Fallback-Cookies` for this request's session, which it tells
/// on every answer as `X-Debug-Fallback` (1.9.6 `app/init/resources/request.php`).
pub fn looks_for_fallback(headers: &HeaderMap, project_id: &str) -> bool {
    direct_session(headers, project_id).is_none()
}

/// The secret of the session the request was made with, if any (for `current` flags).
pub fn request_session_secret(headers: &HeaderMap, project_id: &str) -> Option<String> {
    session(headers, project_id).map(|(_, secret)| secret)
}

/// Resolves the caller (Appwrite 1.9.6 `app/init/resources/request.php` `user` and `apiKey`,
/// `app/controllers/shared/api.php`). Errors only where Appwrite errors: a JWT beside a
/// session (403 `user_jwt_and_cookie_set`), an unverifiable JWT (401 `user_jwt_invalid`), and
/// a key the project does not know (401 `user_unauthorized`).
pub async fn resolve(state: &AppState, headers: &HeaderMap) -> ApiResult<Principal> {
    let project_id = state.config.project_id.clone();
    let token = session(headers, &project_id);
    let jwt = header(headers, "x-appwrite-jwt").map(str::to_string);
    let key = header(headers, "x-appwrite-key").map(str::to_string);

    let mut principal = match token {
        Some((user_id, secret)) => {
            let secret_hash = crate::secrets::sha256_hex(&secret);
            state
                .db
                .read(move |conn| {
                    let now = crate::time::now();
                    let Some(session) = sessions::find_by_secret(conn, &user_id, &secret_hash, &now)? else {
                        return Ok(Principal::Guest);
                    };
                    Ok(match users::get(conn, &user_id)? {
                        Some(user) => {
                            let team_roles = teams::roles_of_user(conn, &user.id)?;
                            Principal::User { user: Box::new(user), session: Some(Box::new(session)), via: Via::Session, team_roles }
                        }
                        None => Principal::Guest,
                    })
                })
                .await?
        }
        None => Principal::Guest,
    };

    if let Some(jwt) = jwt {
        if principal.user().is_some() {
            return Err(ApiError::new(catalogue::USER_JWT_AND_COOKIE_SET));
        }
        let claims = crate::jwt::decode(&state.jwt_key, &jwt)
            .map_err(|why| ApiError::with_message(catalogue::USER_JWT_INVALID, format!("Failed to verify JWT. {why}")))?;
        let user_id = claims.get("userId").and_then(Value::as_str).unwrap_or("").to_string();
        let session_id = claims.get("sessionId").and_then(Value::as_str).unwrap_or("").to_string();
        principal = state
            .db
            .read(move |conn| {
                let now = crate::time::now();
                let Some(user) = users::get(conn, &user_id)? else { return Ok(Principal::Guest) };
                // A JWT naming a session lives only as long as it; one naming none (made by
                // the Users API) lives as long as its user, as in Appwrite.
                let session = if session_id.is_empty() {
                    None
                } else {
                    match sessions::get(conn, &user_id, &session_id, &now)? {
                        Some(session) => Some(Box::new(session)),
                        None => return Ok(Principal::Guest),
                    }
                };
                let team_roles = teams::roles_of_user(conn, &user.id)?;
                Ok(Principal::User { user: Box::new(user), session, via: Via::Jwt, team_roles })
            })
            .await?;
    }

    // A project key wins over a session or JWT beside it: the request is the key's (403
    // `user_api_key_and_session_set` is for account keys, which name a user in X-Appwrite-User).
    // A key the project does not know is refused outright, whatever the route.
    if let Some(key) = key {
        principal = match state.config.api_keys.iter().find(|k| crate::secrets::equal(&k.secret, &key)) {
            Some(found) => Principal::Key { scopes: found.scopes.clone() },
            None => return Err(ApiError::new(catalogue::USER_UNAUTHORIZED)),
        };
    }
    Ok(principal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn token_sources_in_order() {
        let token = encode_session_token("u1", "s1");
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-fallback-cookies",
            HeaderValue::from_str(&json!({"a_session_p": token}).to_string()).unwrap_or(HeaderValue::from_static("")),
        );
        assert_eq!(session(&headers, "p"), Some(("u1".into(), "s1".into())));
        assert!(looks_for_fallback(&headers, "p"));
        let cookie_token = encode_session_token("u2", "s2").replace('=', "%3D");
        headers.insert(
            "cookie",
            HeaderValue::from_str(&format!("other=1; a_session_p={cookie_token}")).unwrap_or(HeaderValue::from_static("")),
        );
        assert_eq!(session(&headers, "p"), Some(("u2".into(), "s2".into())));
        assert!(!looks_for_fallback(&headers, "p"));
        assert_eq!(decode_session_token("garbage"), None);
    }

    #[test]
    fn cookie_values_are_percent_decoded_and_a_plus_stays_a_plus() {
        let mut headers = HeaderMap::new();
        headers.append("cookie", HeaderValue::from_static("broken; a_session_p=a+b%2Fc%3D; a_session_p=second"));
        assert_eq!(cookie(&headers, "a_session_p").as_deref(), Some("a+b/c="));
        assert_eq!(cookie(&headers, "a_session"), None);
    }

    #[test]
    fn scopes_by_role() {
        assert!(Principal::Guest.has_scope("sessions.write"));
        assert!(!Principal::Guest.has_scope("account"));
        assert!(!Principal::Guest.has_scope("users.read"));
        let key = Principal::Key { scopes: vec!["users.read".into()] };
        assert!(key.has_scope("users.read") && key.has_scope("health.read") && !key.has_scope("users.write"));
    }
}

//! File token secrets, as Appwrite 1.9.x makes and reads them (`ResourceToken::filter`,
//! `app/init/resources/request.php`): the secret is an HS256 JWT over the token's ID and
//! resource, signed with the server's persistent key, recomputed whenever a token is shown.
//!
//! Reading one never fails a request: a secret with a bad signature, an unknown token or
//! a passed expiry is ignored, and the request goes on as if it had carried no token.

use rusqlite::Connection;
use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::store::tokens::{self, TokenRecord};

/// Appwrite's `RESOURCE_TOKEN_MAX_AGE` (10 years, for tokens that never expire) and
/// `RESOURCE_TOKEN_LEEWAY`.
const MAX_AGE_SECS: i64 = 86_400 * 365 * 10;
const LEEWAY_SECS: u64 = 10;
/// `APP_RESOURCE_TOKEN_ACCESS`: `accessedAt` is written at most once a day.
const ACCESS_INTERVAL_SECS: i64 = 86_400;

/// The `secret` of a token: claims `tokenId`, `resourceId`, `resourceType`,
/// `resourceInternalId`, `iat` (its creation) and `exp` only when it expires.
pub fn secret(key: &[u8], token: &TokenRecord) -> ApiResult<String> {
    let mut claims = Map::new();
    claims.insert("tokenId".into(), json!(token.id));
    claims.insert("resourceId".into(), json!(token.resource_id));
    claims.insert("resourceType".into(), json!(token.resource_type));
    claims.insert("resourceInternalId".into(), json!(token.resource_internal_id()));
    claims.insert("iat".into(), json!(timestamp(&token.created_at)));
    if let Some(expire) = token.expire.as_deref() {
        claims.insert("exp".into(), json!(timestamp(expire)));
    }
    crate::jwt::sign(key, claims)
}

fn timestamp(datetime: &str) -> i64 {
    crate::time::parse(datetime).map_or(0, |t| t.timestamp())
}

/// The file token a `?token=` secret names, if it is genuine, still stored and not expired.
/// A token for anything but a file is `token_resource_type_invalid`, as in Appwrite.
pub fn resolve(conn: &Connection, key: &[u8], secret: &str) -> ApiResult<Option<TokenRecord>> {
    let Ok(claims) = crate::jwt::verify_with_leeway(key, secret, LEEWAY_SECS) else { return Ok(None) };
    let now = chrono::Utc::now();
    if claims.get("exp").is_none()
        && claims.get("iat").and_then(Value::as_i64).is_none_or(|iat| now.timestamp() >= iat + MAX_AGE_SECS - LEEWAY_SECS as i64)
    {
        return Ok(None);
    }
    let Some(id) = claims.get("tokenId").and_then(Value::as_str).filter(|id| !id.is_empty()) else { return Ok(None) };
    let Some(token) = tokens::get_token(conn, id)? else { return Ok(None) };
    if token.is_expired(now) {
        return Ok(None);
    }
    if token.resource_type != tokens::FILES {
        return Err(ApiError::new(crate::catalogue::TOKEN_RESOURCE_TYPE_INVALID));
    }
    let stale = crate::time::parse(&token.accessed_at).is_none_or(|at| (now - at).num_seconds() >= ACCESS_INTERVAL_SECS);
    if stale {
        tokens::touch(conn, token.seq, &crate::time::format(now))?;
    }
    Ok(Some(token))
}

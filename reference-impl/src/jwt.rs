//! HS256 JSON Web Tokens, made and checked by the `jsonwebtoken` crate: account JWTs
//! (`POST /account/jwts`, `X-Appwrite-JWT`), whose payload carries `userId` and `sessionId`
//! like Appwrite's and always an `exp`, and file token secrets, whose `exp` is there only when
//! the token expires. The header is Appwrite's, `{"typ":"JWT","alg":"HS256"}`.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult};

/// Encodes `claims` (an object) with `iat` now and `exp` `duration` seconds later.
pub fn encode(key: &[u8], mut claims: Map<String, Value>, duration_secs: i64) -> ApiResult<String> {
    let now = chrono::Utc::now().timestamp();
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + duration_secs));
    sign(key, claims)
}

/// Signs `claims` as they are. Fails only on an empty key (the server's key never is).
pub fn sign(key: &[u8], claims: Map<String, Value>) -> ApiResult<String> {
    // `Header::default()` is HS256 with `typ` "JWT", serialised `typ` first, as Appwrite's.
    let key = EncodingKey::from_secret(key).map_err(ApiError::internal)?;
    jsonwebtoken::encode(&Header::default(), &claims, &key).map_err(ApiError::internal)
}

/// Verifies signature and expiry, and that there is an expiry; the error text says why,
/// for `user_jwt_invalid`.
pub fn decode(key: &[u8], token: &str) -> Result<Map<String, Value>, String> {
    verify(key, token, 0, true)
}

/// Verifies the signature, and the expiry when the claims have one, with an `exp` still
/// accepted for `leeway_secs` after it passed.
pub fn verify_with_leeway(key: &[u8], token: &str, leeway_secs: u64) -> Result<Map<String, Value>, String> {
    verify(key, token, leeway_secs, false)
}

fn verify(key: &[u8], token: &str, leeway_secs: u64, exp_required: bool) -> Result<Map<String, Value>, String> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = leeway_secs;
    // The crate deems a token expired once `exp + leeway < now`, Appwrite once
    // `exp + leeway <= now`; demanding one second of life left moves the crate's bound onto
    // Appwrite's (expired iff `exp - 1 < now - leeway`).
    validation.reject_tokens_expiring_in_less_than = 1;
    validation.required_spec_claims = if exp_required { ["exp".to_string()].into() } else { Default::default() };
    // Appwrite's tokens carry no audience, and Appwrite does not check one.
    validation.validate_aud = false;
    let key = DecodingKey::from_secret(key).map_err(|e| e.to_string())?;
    jsonwebtoken::decode::<Map<String, Value>>(token, &key, &validation).map(|data| data.claims).map_err(|e| reason(e.kind()).into())
}

/// The reason given after "Failed to verify JWT." for each way a token is refused.
fn reason(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidToken => "Wrong number of segments",
        ErrorKind::InvalidAlgorithm | ErrorKind::MissingAlgorithm => "Algorithm not supported",
        ErrorKind::InvalidSignature => "Signature verification failed",
        ErrorKind::ExpiredSignature | ErrorKind::MissingRequiredClaim(_) | ErrorKind::InvalidClaimFormat(_) => "Expired token",
        ErrorKind::Base64(_) | ErrorKind::Json(_) | ErrorKind::Utf8(_) => "Invalid encoding",
        _ => "Invalid token",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(pairs: &[(&str, Value)]) -> Map<String, Value> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    #[test]
    fn signs_the_bytes_appwrite_and_the_former_hand_made_signer_do() {
        // Header `{"typ":"JWT","alg":"HS256"}`, payload `{"iat":1700000000,"resourceId":"f1","tokenId":"t1"}`
        // (compact, keys sorted), HMAC-SHA256 with key "k1": computed independently with Python's
        // hmac and base64 modules.
        let expected = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.\
                        eyJpYXQiOjE3MDAwMDAwMDAsInJlc291cmNlSWQiOiJmMSIsInRva2VuSWQiOiJ0MSJ9.\
                        0jpxMkLhiYrjOmP6yFwnRJbm4Z66-D6LzlUxu9xzHeU";
        let token = sign(b"k1", claims(&[("tokenId", json!("t1")), ("resourceId", json!("f1")), ("iat", json!(1_700_000_000))]));
        assert_eq!(token.ok().as_deref(), Some(expected));
    }

    #[test]
    fn round_trip_and_tamper() {
        let token = encode(b"k1", claims(&[("userId", json!("u1"))]), 60).unwrap_or_default();
        assert_eq!(decode(b"k1", &token).ok().and_then(|c| c.get("userId").cloned()), Some(json!("u1")));
        assert_eq!(decode(b"k2", &token).err().as_deref(), Some("Signature verification failed"));
        assert_eq!(decode(b"k1", "a.b").err().as_deref(), Some("Wrong number of segments"));
        let lasting = sign(b"k1", Map::new()).unwrap_or_default();
        assert!(verify_with_leeway(b"k1", &lasting, 0).is_ok(), "a token without exp never expires for file tokens");
        assert_eq!(decode(b"k1", &lasting).err().as_deref(), Some("Expired token"), "account JWTs must have an exp");
    }

    #[test]
    fn a_token_expires_at_its_exp_plus_leeway_not_a_second_later() {
        let now = chrono::Utc::now().timestamp();
        let with_exp = |exp: i64| sign(b"k1", claims(&[("exp", json!(exp))])).unwrap_or_default();
        assert_eq!(decode(b"k1", &with_exp(now)).err().as_deref(), Some("Expired token"), "exp == now is expired");
        assert!(decode(b"k1", &with_exp(now + 30)).is_ok());
        assert!(verify_with_leeway(b"k1", &with_exp(now - 5), 10).is_ok(), "within the leeway");
        assert_eq!(verify_with_leeway(b"k1", &with_exp(now - 10), 10).err().as_deref(), Some("Expired token"), "exp + leeway == now");
    }

    #[test]
    fn another_algorithm_is_refused() {
        let key = EncodingKey::from_secret(b"k1").ok();
        let token = key.and_then(|key| jsonwebtoken::encode(&Header::new(Algorithm::HS512), &Map::new(), &key).ok()).unwrap_or_default();
        assert_eq!(decode(b"k1", &token).err().as_deref(), Some("Algorithm not supported"));
    }
}

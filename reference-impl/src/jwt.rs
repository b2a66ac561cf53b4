//! HS256 JSON Web Tokens: account JWTs (`POST /account/jwts`, `X-Appwrite-JWT`), whose payload
//! carries `userId` and `sessionId` like Appwrite's and always an `exp`, and file token
//! secrets, whose `exp` is there only when the token expires.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8], signing_input: &str) -> Vec<u8> {
    // HMAC accepts keys of any length, so this constructor cannot fail.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return Vec::new(),
    };
    mac.update(signing_input.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Encodes `claims` (an object) with `iat` now and `exp` `duration` seconds later.
pub fn encode(key: &[u8], mut claims: Map<String, Value>, duration_secs: i64) -> String {
    let now = chrono::Utc::now().timestamp();
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + duration_secs));
    sign(key, claims)
}

/// Signs `claims` as they are.
pub fn sign(key: &[u8], claims: Map<String, Value>) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    let payload = URL_SAFE_NO_PAD.encode(Value::Object(claims).to_string());
    let signing_input = format!("{header}.{payload}");
    let signature = URL_SAFE_NO_PAD.encode(mac(key, &signing_input));
    format!("{signing_input}.{signature}")
}

/// Verifies signature and expiry, and that there is an expiry; the error text says why,
/// for `user_jwt_invalid`.
pub fn decode(key: &[u8], token: &str) -> Result<Map<String, Value>, String> {
    let claims = verify(key, token)?;
    claims.get("exp").and_then(Value::as_i64).ok_or("Expired token")?;
    Ok(claims)
}

/// Verifies the signature, and the expiry when the claims have one.
pub fn verify(key: &[u8], token: &str) -> Result<Map<String, Value>, String> {
    verify_with_leeway(key, token, 0)
}

/// As [`verify`], with an `exp` still accepted for `leeway_secs` after it passed.
pub fn verify_with_leeway(key: &[u8], token: &str, leeway_secs: i64) -> Result<Map<String, Value>, String> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("Wrong number of segments".into());
    };
    let header: Value =
        URL_SAFE_NO_PAD.decode(header).ok().and_then(|b| serde_json::from_slice(&b).ok()).ok_or("Invalid header encoding")?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err("Algorithm not supported".into());
    }
    let given = URL_SAFE_NO_PAD.decode(signature).map_err(|_| "Invalid signature encoding")?;
    let expected = mac(key, &format!("{}.{payload}", token.split('.').next().unwrap_or("")));
    if !crate::secrets::equal(&hex::encode(given), &hex::encode(expected)) {
        return Err("Signature verification failed".into());
    }
    let claims: Map<String, Value> =
        URL_SAFE_NO_PAD.decode(payload).ok().and_then(|b| serde_json::from_slice(&b).ok()).ok_or("Invalid payload encoding")?;
    match claims.get("exp") {
        None => {}
        Some(exp) if exp.as_i64().is_some_and(|exp| exp + leeway_secs > chrono::Utc::now().timestamp()) => {}
        Some(_) => return Err("Expired token".into()),
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let mut claims = Map::new();
        claims.insert("userId".into(), json!("u1"));
        let token = encode(b"k1", claims, 60);
        assert_eq!(decode(b"k1", &token).ok().and_then(|c| c.get("userId").cloned()), Some(json!("u1")));
        assert!(decode(b"k2", &token).is_err());
        assert!(decode(b"k1", "a.b").is_err());
        let expired = encode(b"k1", Map::new(), -1);
        assert_eq!(decode(b"k1", &expired).err().as_deref(), Some("Expired token"));
        let lasting = sign(b"k1", Map::new());
        assert!(verify(b"k1", &lasting).is_ok());
        assert_eq!(decode(b"k1", &lasting).err().as_deref(), Some("Expired token"));
    }
}

//! Password hashing with argon2id (Appwrite's default algorithm), run on the blocking pool
//! because a hash takes tens of milliseconds of CPU.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};

/// Appwrite's argon2 options (memory in KiB, iterations, lanes), reported in `hashOptions`.
const MEMORY_COST: u32 = 7168;
const TIME_COST: u32 = 5;
const THREADS: u32 = 1;

fn hasher() -> ApiResult<Argon2<'static>> {
    let params = Params::new(MEMORY_COST, TIME_COST, THREADS, None).map_err(ApiError::internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The algorithm name and options stored with every user (`hash`, `hashOptions`).
pub fn algorithm() -> (&'static str, Value) {
    ("argon2", json!({"type": "argon2", "memoryCost": MEMORY_COST, "timeCost": TIME_COST, "threads": THREADS}))
}

pub async fn hash(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()?.hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(ApiError::internal)
    })
    .await
    .map_err(ApiError::internal)?
}

/// False for a wrong password and for a stored hash that cannot be parsed.
pub async fn verify(password: String, stored: String) -> ApiResult<bool> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&stored) else { return Ok(false) };
        Ok(hasher()?.verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(ApiError::internal)?
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn hashes_verify_only_the_right_password() {
        let stored = super::hash("correct horse".into()).await.unwrap_or_default();
        assert!(stored.starts_with("$argon2id$"));
        assert_eq!(super::verify("correct horse".into(), stored.clone()).await.ok(), Some(true));
        assert_eq!(super::verify("wrong horse".into(), stored).await.ok(), Some(false));
    }
}

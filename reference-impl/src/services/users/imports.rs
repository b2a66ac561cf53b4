//! Users imported with a password hashed elsewhere: `POST /users/{argon2,bcrypt,md5,phpass,
//! scrypt,scrypt-modified,sha}`. The hash is stored as given with its algorithm and options
//! (`hash`, `hashOptions`); the first sign-in with the right password re-hashes it with argon2
//! (see `account::create_email_session`).

use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};

use super::{render, WRITE};
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::params::Params;
use crate::password_hashes as hashes;
use crate::respond;
use crate::state::AppState;
use crate::store::users::{self, UserRecord};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/users/argon2", post(argon2))
        .route("/v1/users/bcrypt", post(bcrypt))
        .route("/v1/users/md5", post(md5))
        .route("/v1/users/phpass", post(phpass))
        .route("/v1/users/scrypt", post(scrypt))
        .route("/v1/users/scrypt-modified", post(scrypt_modified))
        .route("/v1/users/sha", post(sha))
}

/// Creates the user of an import: `userId`, `email` and the hashed `password` are required
/// (the hash must look like a password: 8 to 256 chars), `name` is optional.
async fn import(ctx: Ctx, params: Params, hash: &'static str, options: Value) -> ApiResult<Response> {
    let id = params.required_custom_id("userId")?;
    let email = params.required_email("email")?.to_lowercase();
    let stored = params.required_password("password")?;
    let name = params.text("name", 128)?.unwrap_or_default();
    let now = crate::time::now();
    let user = UserRecord {
        id,
        created_at: now.clone(),
        updated_at: now.clone(),
        name,
        email: Some(email),
        phone: None,
        password: Some(stored),
        hash: hash.to_string(),
        hash_options: options,
        registration: now.clone(),
        status: true,
        labels: Vec::new(),
        password_update: now,
        email_verification: false,
        phone_verification: false,
        mfa: false,
        prefs: json!({}),
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

async fn argon2(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    // The costs are the ones the PHC string names; one that does not parse signs in never.
    let options = params
        .raw_text("password")
        .and_then(|p| hashes::argon2_options(&p))
        .unwrap_or_else(|| json!({"type": hashes::ARGON2, "memoryCost": 0, "timeCost": 0, "threads": 0}));
    import(ctx, params, hashes::ARGON2, options).await
}

async fn bcrypt(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    import(ctx, params, hashes::BCRYPT, json!({"type": hashes::BCRYPT})).await
}

async fn md5(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    import(ctx, params, hashes::MD5, json!({"type": hashes::MD5})).await
}

async fn phpass(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    import(ctx, params, hashes::PHPASS, json!({"type": hashes::PHPASS})).await
}

fn required_int(params: &Params, name: &str) -> ApiResult<i64> {
    params.int(name, i64::from(i32::MIN), i64::from(i32::MAX))?.ok_or_else(|| super::not_optional(name))
}

/// PHP's `scrypt()` parameters: N (`passwordCpu`, a power of two), r (`passwordMemory`),
/// p (`passwordParallel`) and the key length in bytes; the stored hash is its hex.
async fn scrypt(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let salt = params.required_text("passwordSalt", 128)?;
    let cpu = required_int(&params, "passwordCpu")?;
    let memory = required_int(&params, "passwordMemory")?;
    let parallel = required_int(&params, "passwordParallel")?;
    let length = required_int(&params, "passwordLength")?;
    let options = json!({
        "type": hashes::SCRYPT,
        "salt": salt,
        "costCpu": cpu,
        "costMemory": memory,
        "costParallel": parallel,
        "length": length,
    });
    import(ctx, params, hashes::SCRYPT, options).await
}

fn base64_param(params: &Params, name: &str) -> ApiResult<String> {
    let value = params.required_text(name, 128)?;
    use base64::Engine;
    if base64::engine::general_purpose::STANDARD.decode(&value).is_err() {
        return Err(ApiError::argument(format!("Invalid `{name}` param: Value must be base64 encoded")));
    }
    Ok(value)
}

/// Firebase's scrypt: the salt, salt separator and signer key, all base64.
async fn scrypt_modified(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let options = json!({
        "type": hashes::SCRYPT_MODIFIED,
        "salt": base64_param(&params, "passwordSalt")?,
        "saltSeparator": base64_param(&params, "passwordSaltSeparator")?,
        "signerKey": base64_param(&params, "passwordSignerKey")?,
    });
    import(ctx, params, hashes::SCRYPT_MODIFIED, options).await
}

/// `passwordVersion` names the SHA variant (sha3-512 when left out).
async fn sha(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let version = match params.text("passwordVersion", 16)? {
        None => hashes::SHA_DEFAULT.to_string(),
        Some(v) if v.is_empty() => hashes::SHA_DEFAULT.to_string(),
        Some(v) if hashes::SHA_VERSIONS.contains(&v.as_str()) => v,
        Some(_) => {
            return Err(ApiError::argument(format!(
                "Invalid `passwordVersion` param: Value must be one of ({})",
                hashes::SHA_VERSIONS.join(", ")
            )))
        }
    };
    import(ctx, params, hashes::SHA, json!({"type": hashes::SHA, "version": version})).await
}

//! Faults in the Tokens service and in opening files with `?token=`.

use axum::body::Bytes;
use axum::http::{Request, Response, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

use super::edit::{
    act_as_server, as_server, drop_body_field, drop_query, edit_json, edit_json_request, edit_query, has_key, query_value, read_instead,
    report_deleted, set_error_type, total_plus_one,
};
use super::{Area, Fault, FaultEnv, Route};

const FILE_TOKENS: &str = "/v1/tokens/buckets/*/files/*";
const TOKEN: &str = "/v1/tokens/*";
const CONTENT: &str = "/v1/storage/buckets/*/files/*/*";
const FILE: &str = "/v1/storage/buckets/*/files/*";

pub fn faults() -> Vec<Fault> {
    let area = Area::Tokens;
    vec![
        Fault::new(
            "token-expire-ignored",
            area,
            Route::post(FILE_TOKENS),
            "a new token's expire is ignored: it never expires",
            "@op:tokens.createFileToken",
        )
        .request(|request, _| drop_body_field(request, "expire")),
        Fault::new(
            "token-past-expire-accepted",
            area,
            Route::post(FILE_TOKENS),
            "a token may be made with an expiry that has passed",
            "@op:tokens.createFileToken",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                let passed =
                    body.get("expire").and_then(Value::as_str).and_then(crate::time::parse_client).is_some_and(|e| e < chrono::Utc::now());
                if passed {
                    body["expire"] = Value::Null;
                }
            })
        }),
        Fault::new(
            "token-resource-id-file-only",
            area,
            Route::post(FILE_TOKENS),
            "a new token's resourceId is the file ID alone, not <bucketId>:<fileId>",
            "@op:tokens.createFileToken",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                let file_only = body.get("resourceId").and_then(Value::as_str).and_then(|r| r.split_once(':')).map(|(_, f)| f.to_string());
                if let Some(file) = file_only {
                    body["resourceId"] = Value::from(file);
                }
            })
        }),
        Fault::new(
            "token-secret-lacks-exp",
            area,
            Route::post(FILE_TOKENS),
            "the secret of an expiring token carries no exp claim",
            "@op:tokens.createFileToken",
        )
        .response(|_, response| edit_json(response, |body| edit_secret_claims(body, |claims| drop(claims.remove("exp"))))),
        Fault::new(
            "token-secret-names-no-token",
            area,
            Route::get(TOKEN),
            "the secret of a token read back has no tokenId claim",
            "@op:tokens.get",
        )
        .response(|_, response| edit_json(response, |body| edit_secret_claims(body, |claims| drop(claims.remove("tokenId"))))),
        Fault::new(
            "token-secret-new-each-read",
            area,
            Route::get(TOKEN),
            "a token read back shows a secret signed afresh with a unique jti, not the one it was made with",
            "@op:tokens.get",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                edit_secret_claims(body, |claims| drop(claims.insert("jti".into(), Value::from(crate::ids::unique()))))
            })
        }),
        Fault::new(
            "token-list-total-off-by-one",
            area,
            Route::get(FILE_TOKENS),
            "the token list reports one token more than it has",
            "@op:tokens.list",
        )
        .response(total_plus_one),
        Fault::new("token-list-queries-ignored", area, Route::get(FILE_TOKENS), "the token list ignores its queries", "@op:tokens.list")
            .request(|request, _| edit_query(request, |pairs| pairs.retain(|(k, _)| !k.starts_with("queries")))),
        Fault::new(
            "token-not-found-wrong-type",
            area,
            Route::get(TOKEN),
            "an unknown token is type document_not_found instead of token_not_found",
            "@op:tokens.get",
        )
        .response(|_, response| set_error_type(response, "token_not_found", "document_not_found")),
        Fault::new(
            "token-update-expire-ignored",
            area,
            Route::patch(TOKEN),
            "updating a token's expire changes nothing",
            "@op:tokens.update",
        )
        .request(read_instead),
        Fault::new(
            "token-delete-keeps-token",
            area,
            Route::delete(TOKEN),
            "deleting a token answers 204 but the token stays and still opens its file",
            "@op:tokens.delete",
        )
        .request(read_instead)
        .response(report_deleted),
        Fault::new(
            "tokens-managed-by-clients",
            area,
            Route::any("/v1/tokens/**"),
            "guests and signed-in users may manage tokens: the tokens.* scopes are not checked",
            "@op:tokens.createFileToken",
        )
        .request(|request, env| {
            if !has_key(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "token-write-rate-headers-missing",
            area,
            Route::patch(TOKEN),
            "token updates carry no X-RateLimit-* headers",
            "@op:tokens.update",
        )
        .response(|_, response| {
            for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] {
                response.headers_mut().remove(name);
            }
        }),
        Fault::new("token-ignored", area, Route::get(CONTENT), "download, view and preview ignore ?token=", "@tokens")
            .request(|request, _| drop_query(request, &["token"])),
        Fault::new(
            "token-opens-any-file",
            area,
            Route::get(CONTENT),
            "a token refused on a file (another file's, forged, expired, deleted) is let in anyway",
            "@tokens",
        )
        .resend(|request, response, env| resend_when_token_refused(StatusCode::UNAUTHORIZED, request, response, env)),
        Fault::new("token-opens-disabled-bucket", area, Route::get(CONTENT), "a token opens its file in a disabled bucket", "@tokens")
            .resend(|request, response, env| resend_when_token_refused(StatusCode::NOT_FOUND, request, response, env)),
        Fault::new("token-opens-metadata", area, Route::get(FILE), "a token opens the file's metadata (GET …/files/{fileId})", "@tokens")
            .request(|request, env| {
                if query_value(request, "token").is_some() && !has_key(request) {
                    act_as_server(request, env);
                }
            }),
    ]
}

/// Rewrites the claims in a token model's `secret` (keeping the old signature, as a
/// careless implementation that builds the payload apart from signing would send it).
fn edit_secret_claims(body: &mut Value, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) {
    let Some(secret) = body.get("secret").and_then(Value::as_str) else { return };
    let mut parts: Vec<String> = secret.split('.').map(str::to_string).collect();
    let Some(mut claims) = parts
        .get(1)
        .and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
        .and_then(|bytes| serde_json::from_slice::<serde_json::Map<String, Value>>(&bytes).ok())
    else {
        return;
    };
    edit(&mut claims);
    parts[1] = URL_SAFE_NO_PAD.encode(Value::Object(claims).to_string());
    body["secret"] = Value::from(parts.join("."));
}

/// A client's request with a token, answered `refusal`, asked again as the server key and
/// without the token (the server key reads every file, but a token it carried would still be
/// checked against the file).
fn resend_when_token_refused(
    refusal: StatusCode,
    request: &Request<Bytes>,
    response: &Response<Bytes>,
    env: &FaultEnv,
) -> Option<Request<Bytes>> {
    let refused = response.status() == refusal && query_value(request, "token").is_some() && !has_key(request);
    refused.then(|| {
        let mut again = as_server(request, env);
        drop_query(&mut again, &["token"]);
        again
    })
}

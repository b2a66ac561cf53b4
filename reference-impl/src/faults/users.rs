//! Faults in the Users service (server-only routes): who may call them, IDs, the user model,
//! imported hashes, credentials the server makes, blocking, verification, MFA and logs.

use axum::body::Bytes;
use axum::http::{HeaderValue, Method, Request, Response};
use serde_json::Value;

use super::edit::{
    act_as_server, as_server, drop_body_field, edit_json, edit_json_request, has_jwt, has_key, has_session, header_text, read_instead,
    report_deleted, set_error_type, set_status,
};
use super::{Area, Fault, FaultEnv, Route};

/// A 403 `user_blocked` asked again as the server key: the block is not enforced.
fn resend_when_blocked(request: &Request<Bytes>, response: &Response<Bytes>, env: &FaultEnv) -> Option<Request<Bytes>> {
    let blocked = response.status().as_u16() == 403
        && serde_json::from_slice::<Value>(response.body()).ok().is_some_and(|b| b["type"] == "user_blocked");
    blocked.then(|| as_server(request, env))
}

pub fn faults() -> Vec<Fault> {
    let area = Area::Users;
    vec![
        Fault::new(
            "users-listed-to-guests",
            area,
            Route::get("/v1/users"),
            "a guest may list users: the route's scope check is skipped for guests",
            "@op:users.list",
        )
        .request(|request, env| {
            if !has_key(request) && !has_session(request) && !has_jwt(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "users-listed-to-signed-in-users",
            area,
            Route::get("/v1/users"),
            "a signed-in user may list users: the scope check is skipped for the users role",
            "@op:users.list",
        )
        .request(|request, env| {
            if has_session(request) && !has_key(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "users-unknown-key-accepted",
            area,
            Route::get("/v1/users"),
            "a key the project does not know is treated as the server key",
            "@op:users.list",
        )
        .request(|request, env| {
            let unknown = header_text(request.headers(), "x-appwrite-key").is_some_and(|k| !env.keys.iter().any(|known| known == k));
            if unknown {
                if let Ok(key) = HeaderValue::from_str(&env.server_key) {
                    request.headers_mut().insert("x-appwrite-key", key);
                }
            }
        }),
        Fault::new(
            "users-create-scope-unchecked",
            area,
            Route::post("/v1/users"),
            "a key without users.write may create users",
            "@op:users.create",
        )
        .request(|request, env| {
            let other_key = header_text(request.headers(), "x-appwrite-key").is_some_and(|k| k != env.server_key);
            if other_key {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "users-custom-id-ignored",
            area,
            Route::post("/v1/users"),
            "a custom userId is ignored and the server picks one",
            "@op:users.create",
        )
        .request(|request, _| edit_json_request(request, |body| body["userId"] = Value::from("unique()"))),
        Fault::new(
            "users-conflict-wrong-type",
            area,
            Route::post("/v1/users"),
            "reusing a user ID answers type user_email_already_exists instead of user_already_exists",
            "@op:users.create",
        )
        .response(|_, response| set_error_type(response, "user_already_exists", "user_email_already_exists")),
        Fault::new(
            "users-create-status-200",
            area,
            Route::post("/v1/users"),
            "creating a user answers 200 instead of 201",
            "@op:users.create",
        )
        .response(|_, response| {
            if response.status().as_u16() == 201 {
                set_status(response, 200);
            }
        }),
        Fault::new("users-email-missing", area, Route::get("/v1/users/*"), "the user model loses its email field", "@op:users.get")
            .response(|_, response| {
                edit_json(response, |body| {
                    body.as_object_mut().map(|o| o.remove("email"));
                })
            }),
        Fault::new("users-total-as-string", area, Route::get("/v1/users"), "the user list's total is a string", "@op:users.list").response(
            |_, response| {
                edit_json(response, |body| {
                    if let Some(total) = body.get("total").cloned() {
                        body["total"] = Value::from(total.to_string());
                    }
                })
            },
        ),
        Fault::new(
            "users-delete-keeps-user",
            area,
            Route::delete("/v1/users/*"),
            "deleting a user answers 204 but the user stays",
            "@op:users.delete",
        )
        .request(read_instead)
        .response(report_deleted),
        Fault::new(
            "users-sha-version-ignored",
            area,
            Route::post("/v1/users/sha"),
            "a SHA import ignores passwordVersion and checks every hash as sha3-512",
            "@op:users.createSHAUser",
        )
        .request(|request, _| drop_body_field(request, "passwordVersion")),
        Fault::new(
            "users-scrypt-memory-cost-off-by-one",
            area,
            Route::post("/v1/users/scrypt"),
            "a scrypt import stores r (passwordMemory) one higher than given, so the hash never verifies",
            "@op:users.createScryptUser",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                if let Some(r) = body.get("passwordMemory").and_then(Value::as_i64) {
                    body["passwordMemory"] = Value::from(r + 1);
                }
            })
        }),
        Fault::new(
            "users-firebase-separator-ignored",
            area,
            Route::post("/v1/users/scrypt-modified"),
            "a Firebase scrypt import uses another salt separator than the one given",
            "@op:users.createScryptModifiedUser",
        )
        .request(|request, _| edit_json_request(request, |body| body["passwordSaltSeparator"] = Value::from("AA=="))),
        Fault::new(
            "users-blocked-still-served",
            area,
            Route::any("/v1/**"),
            "a blocked user's requests are served (as the server) instead of refused with user_blocked",
            "@op:users.updateStatus",
        )
        .resend(resend_when_blocked),
        Fault::new(
            "users-status-ignored",
            area,
            Route::patch("/v1/users/*/status"),
            "updateStatus always sets status true: a user cannot be blocked",
            "@op:users.updateStatus",
        )
        .request(|request, _| edit_json_request(request, |body| body["status"] = Value::Bool(true))),
        Fault::new(
            "users-labels-renamed",
            area,
            Route::put("/v1/users/*/labels"),
            "labels are stored with a prefix, so label:<name> roles never match",
            "@op:users.updateLabels",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                if let Some(labels) = body.get_mut("labels").and_then(Value::as_array_mut) {
                    for label in labels.iter_mut() {
                        if let Some(text) = label.as_str() {
                            *label = Value::from(format!("x{text}"));
                        }
                    }
                }
            })
        }),
        Fault::new(
            "users-verification-unverify-ignored",
            area,
            Route::patch("/v1/users/*/verification"),
            "email verification can be granted but never taken back (false is stored as true)",
            "@op:users.updateEmailVerification",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                if body.get("emailVerification") == Some(&Value::Bool(false)) {
                    body["emailVerification"] = Value::Bool(true);
                }
            })
        }),
        Fault::new(
            "users-password-update-keeps-old",
            area,
            Route::patch("/v1/users/*/password"),
            "updatePassword answers the user but keeps the old password",
            "@op:users.updatePassword",
        )
        .request(|request, env| {
            // Asked of the user itself: the same model comes back, nothing changes.
            let path = request.uri().path().trim_end_matches("/password").to_string();
            if let Ok(uri) = path.parse() {
                *request.uri_mut() = uri;
            }
            read_instead(request, env);
        }),
        Fault::new(
            "users-session-secret-withheld",
            area,
            Route::post("/v1/users/*/sessions"),
            "createSession answers an empty secret, so a server cannot hand the session on",
            "@op:users.createSession",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if body.get("secret").is_some() {
                    body["secret"] = Value::from("");
                }
            })
        }),
        Fault::new(
            "users-sessions-delete-keeps-them",
            area,
            Route::delete("/v1/users/*/sessions"),
            "deleteSessions answers 204 but the sessions stay valid",
            "@op:users.deleteSessions",
        )
        .request(read_instead)
        .response(report_deleted),
        Fault::new(
            "users-session-deleted-for-anyone",
            area,
            Route::delete("/v1/users/*/sessions/*"),
            "a client deletes any user's session through the Users route: the session's own permissions are not checked",
            "@op:users.deleteSession",
        )
        .request(|request, env| {
            if !has_key(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "users-token-length-ignored",
            area,
            Route::post("/v1/users/*/tokens"),
            "createToken ignores length: every secret has the default 6 characters",
            "@op:users.createToken",
        )
        .request(|request, _| drop_body_field(request, "length")),
        Fault::new(
            "users-jwt-duration-ignored",
            area,
            Route::post("/v1/users/*/jwts"),
            "createJWT ignores duration: every JWT lives 900 s",
            "@op:users.createJWT",
        )
        .request(|request, _| drop_body_field(request, "duration")),
        Fault::new(
            "users-recovery-codes-regenerated-on-read",
            area,
            Route::get("/v1/users/*/mfa/recovery-codes"),
            "reading recovery codes regenerates them",
            "@op:users.getMfaRecoveryCodes",
        )
        .request(|request, _| *request.method_mut() = Method::PUT),
        Fault::new(
            "users-mfa-factors-ignore-verification",
            area,
            Route::get("/v1/users/*/mfa/factors"),
            "listMfaFactors counts an email as a factor before it is verified",
            "@op:users.listMfaFactors",
        )
        .response(|_, response| edit_json(response, |body| body["email"] = Value::Bool(true))),
        Fault::new(
            "users-logs-oldest-first",
            area,
            Route::get("/v1/users/*/logs"),
            "listLogs answers the oldest event first",
            "@op:users.listLogs",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if let Some(logs) = body.get_mut("logs").and_then(Value::as_array_mut) {
                    logs.reverse();
                }
            })
        }),
        Fault::new(
            "users-target-type-unchecked",
            area,
            Route::post("/v1/users/*/targets"),
            "a target's identifier is not checked against its type (email and sms stored as push)",
            "@op:users.createTarget",
        )
        .request(|request, _| edit_json_request(request, |body| body["providerType"] = Value::from("push"))),
    ]
}

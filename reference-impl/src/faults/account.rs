//! Faults in Account: email/password sessions, their cookies and secrets, JWTs, and the
//! rate limits on sign-in and JWT minting.

use axum::http::header::SET_COOKIE;
use axum::http::HeaderValue;
use serde_json::Value;

use super::edit::{
    edit_json, has_jwt, has_key, has_session, header_text, read_instead, replace_path_segment, report_deleted,
    resend_as_server_when_limited, set_error_type, set_header, set_status,
};
use super::{Area, Fault, Route};

const SIGN_IN: &str = "/v1/account/sessions/email";
const CAUGHT_BY_SIGN_IN: &str = "@op:account.createEmailPasswordSession";

pub fn faults() -> Vec<Fault> {
    let area = Area::Account;
    vec![
        Fault::new("session-cookie-not-set", area, Route::post(SIGN_IN), "signing in sets no session cookie", CAUGHT_BY_SIGN_IN).response(
            |_, response| {
                response.headers_mut().remove(SET_COOKIE);
            },
        ),
        Fault::new(
            "session-cookie-not-httponly",
            area,
            Route::post(SIGN_IN),
            "the session cookie is readable by scripts (no HttpOnly)",
            CAUGHT_BY_SIGN_IN,
        )
        .response(|_, response| {
            let cookies: Vec<String> = response
                .headers()
                .get_all(SET_COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(|c| c.split(';').filter(|part| !part.trim().eq_ignore_ascii_case("httponly")).collect::<Vec<_>>().join(";"))
                .collect();
            response.headers_mut().remove(SET_COOKIE);
            for cookie in cookies.iter().filter_map(|c| HeaderValue::from_str(c).ok()) {
                response.headers_mut().append(SET_COOKIE, cookie);
            }
        }),
        Fault::new(
            "session-legacy-cookie-missing",
            area,
            Route::post(SIGN_IN),
            "the a_session_<project>_legacy twin cookie is not set",
            CAUGHT_BY_SIGN_IN,
        )
        .response(|_, response| {
            let kept: Vec<HeaderValue> = response
                .headers()
                .get_all(SET_COOKIE)
                .iter()
                .filter(|v| !v.to_str().unwrap_or("").split('=').next().unwrap_or("").ends_with("_legacy"))
                .cloned()
                .collect();
            response.headers_mut().remove(SET_COOKIE);
            for cookie in kept {
                response.headers_mut().append(SET_COOKIE, cookie);
            }
        }),
        Fault::new(
            "session-fallback-header-missing",
            area,
            Route::post(SIGN_IN),
            "signing in sends no X-Fallback-Cookies header",
            CAUGHT_BY_SIGN_IN,
        )
        .response(|_, response| {
            response.headers_mut().remove("x-fallback-cookies");
        }),
        Fault::new(
            "session-secret-shown-to-clients",
            area,
            Route::post(SIGN_IN),
            "a client signing in gets a non-empty session secret",
            CAUGHT_BY_SIGN_IN,
        )
        .response(|request, response| {
            if !has_key(request) && response.status().is_success() {
                edit_json(response, |body| body["secret"] = Value::from("not-for-clients"));
            }
        }),
        Fault::new(
            "session-secret-withheld-from-servers",
            area,
            Route::post(SIGN_IN),
            "a server signing a user in gets an empty session secret",
            CAUGHT_BY_SIGN_IN,
        )
        .response(|request, response| {
            if has_key(request) {
                edit_json(response, |body| body["secret"] = Value::from(""));
            }
        }),
        Fault::new(
            "sign-in-refusal-reveals-email",
            area,
            Route::post(SIGN_IN),
            "a refused sign-in answers 404 user_not_found, telling which emails exist",
            CAUGHT_BY_SIGN_IN,
        )
        .response(|_, response| {
            if response.status().as_u16() == 401 {
                set_status(response, 404);
                set_error_type(response, "user_invalid_credentials", "user_not_found");
                edit_json(response, |body| body["code"] = Value::from(404));
            }
        }),
        Fault::new(
            "second-session-allowed",
            area,
            Route::post(SIGN_IN),
            "a signed-in user may open a second session over the first",
            CAUGHT_BY_SIGN_IN,
        )
        .request(|request, _| {
            for name in ["cookie", "x-fallback-cookies", "x-appwrite-session"] {
                request.headers_mut().remove(name);
            }
        }),
        Fault::new(
            "sessions-current-unmarked",
            area,
            Route::get("/v1/account/sessions"),
            "the session list marks no session as current",
            "@op:account.listSessions",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                for session in body["sessions"].as_array_mut().into_iter().flatten() {
                    session["current"] = Value::from(false);
                }
            })
        }),
        Fault::new(
            "session-current-alias-unknown",
            area,
            Route::get("/v1/account/sessions/current"),
            "GET /account/sessions/current is a 404: the alias is not understood",
            "@op:account.getSession",
        )
        .request(|request, _| replace_path_segment(request, 3, "current-session")),
        Fault::new(
            "sign-out-keeps-session",
            area,
            Route::delete("/v1/account/sessions/*"),
            "signing out answers 204 but the session stays valid",
            "@op:account.deleteSession",
        )
        .request(read_instead)
        .response(report_deleted),
        Fault::new(
            "sign-out-everywhere-ends-one",
            area,
            Route::delete("/v1/account/sessions"),
            "signing out everywhere ends only the current session",
            "@op:account.deleteSessions",
        )
        .request(|request, _| {
            if let Ok(uri) = "/v1/account/sessions/current".parse() {
                *request.uri_mut() = uri;
            }
        }),
        Fault::new(
            "key-and-session-accepted",
            area,
            Route::get("/v1/account"),
            "a request with both an API key and a session is served as the user",
            "@op:account.get",
        )
        .request(|request, _| {
            if has_key(request) && has_session(request) {
                request.headers_mut().remove("x-appwrite-key");
            }
        }),
        Fault::new(
            "debug-fallback-always-false",
            area,
            Route::get("/v1/account"),
            "X-Debug-Fallback says false even when the session came from X-Fallback-Cookies",
            "@op:account.get",
        )
        .response(|_, response| set_header(response, "x-debug-fallback", "false")),
        Fault::new(
            "account-guest-wrong-type",
            area,
            Route::get("/v1/account"),
            "a guest reading /account gets type user_unauthorized instead of general_unauthorized_scope",
            "@op:account.get",
        )
        .response(|_, response| set_error_type(response, "general_unauthorized_scope", "user_unauthorized")),
        Fault::new(
            "jwt-field-renamed",
            area,
            Route::post("/v1/account/jwts"),
            "the JWT model calls its field token instead of jwt",
            "@op:account.createJWT",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if let Some(jwt) = body.as_object_mut().and_then(|o| o.remove("jwt")) {
                    body["token"] = jwt;
                }
            })
        }),
        Fault::new("jwt-ignored", area, Route::any("/v1/account"), "a request carrying a JWT is served as a guest", "@op:account.get")
            .request(|request, _| {
                request.headers_mut().remove("x-appwrite-jwt");
            }),
        Fault::new(
            "rate-sign-in-unenforced",
            area,
            Route::post(SIGN_IN),
            "an 11th sign-in attempt within the hour gets through (re-sent as the server key)",
            CAUGHT_BY_SIGN_IN,
        )
        .resend(resend_as_server_when_limited),
        Fault::new(
            "rate-remaining-off-by-one",
            area,
            Route::post("/v1/account/jwts"),
            "X-RateLimit-Remaining reports one more request than is left",
            "@op:account.createJWT",
        )
        .response(|_, response| {
            let remaining = header_text(response.headers(), "x-ratelimit-remaining").and_then(|v| v.parse::<u64>().ok());
            if let Some(remaining) = remaining {
                set_header(response, "x-ratelimit-remaining", &(remaining + 1).to_string());
            }
        }),
        Fault::new(
            "rate-headers-missing-on-429",
            area,
            Route::post("/v1/account/jwts"),
            "a 429 carries no X-RateLimit-* headers",
            "@op:account.createJWT",
        )
        .response(|_, response| {
            if response.status().as_u16() == 429 {
                for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] {
                    response.headers_mut().remove(name);
                }
            }
        }),
        Fault::new(
            "rate-reset-in-milliseconds",
            area,
            Route::post(SIGN_IN),
            "X-RateLimit-Reset is sent in milliseconds, not Unix seconds",
            CAUGHT_BY_SIGN_IN,
        )
        .response(|_, response| {
            let reset = header_text(response.headers(), "x-ratelimit-reset").and_then(|v| v.parse::<u64>().ok());
            if let Some(reset) = reset {
                set_header(response, "x-ratelimit-reset", &(reset * 1000).to_string());
            }
        }),
        Fault::new(
            "jwt-beside-cookie-accepted",
            area,
            Route::any("/v1/account"),
            "a request carrying both a JWT and a session cookie is served as the JWT's user instead of refused 403 user_jwt_and_cookie_set",
            "@account",
        )
        .request(|request, _| {
            if has_jwt(request) && has_session(request) {
                request.headers_mut().remove("cookie");
            }
        }),
        Fault::new(
            "sign-out-keeps-fallback-cookies",
            area,
            Route::delete("/v1/account/sessions/**"),
            "signing out no longer empties X-Fallback-Cookies ([]), so clients keep sending the dead session",
            "@account",
        )
        .response(|_, response| {
            response.headers_mut().remove("x-fallback-cookies");
        }),
    ]
}

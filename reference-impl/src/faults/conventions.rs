//! Faults in the REST conventions every route shares: error bodies, content types, 204s,
//! project selection, timestamps, CORS.

use axum::body::Bytes;
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_TYPE, ORIGIN,
    SERVER,
};
use axum::http::HeaderValue;
use serde_json::Value;

use super::edit::{edit_json, edit_query, has_key, header_text, server_error, set_header, set_status};
use super::{Area, Fault, Route};

pub fn faults() -> Vec<Fault> {
    let area = Area::Conventions;
    vec![
        Fault::new("ping-wrong-text", area, Route::get("/v1/ping"), "the ping answers \"Ping!\" instead of \"Pong!\"", "@op:general.ping")
            .response(|_, response| *response.body_mut() = Bytes::from_static(b"Ping!")),
        Fault::new(
            "health-version-empty",
            area,
            Route::get("/v1/health/version"),
            "the version endpoint reports an empty version",
            "@op:health.getVersion",
        )
        .response(|_, response| edit_json(response, |body| body["version"] = Value::from(""))),
        Fault::new(
            "route-not-found-wrong-type",
            area,
            Route::any("/**"),
            "an unknown route answers 404 with type general_not_found, which is not in the catalogue",
            "@conventions",
        )
        .response(|_, response| super::edit::set_error_type(response, "general_route_not_found", "general_not_found")),
        Fault::new(
            "error-code-not-status",
            area,
            Route::any("/**"),
            "error bodies carry code 0 instead of the HTTP status",
            "@conventions",
        )
        .response(|_, response| {
            if response.status().is_client_error() {
                edit_json(response, |body| body["code"] = Value::from(0));
            }
        }),
        Fault::new("error-version-missing", area, Route::any("/**"), "error bodies lose their version field", "@conventions").response(
            |_, response| {
                if response.status().is_client_error() {
                    edit_json(response, |body| {
                        body.as_object_mut().map(|o| o.remove("version"));
                    });
                }
            },
        ),
        Fault::new("json-content-type-missing", area, Route::get("/**"), "JSON responses are labelled text/plain", "@conventions")
            .response(|_, response| {
                if header_text(response.headers(), "content-type").is_some_and(|t| t.contains("json")) {
                    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
                }
            }),
        Fault::new("no-content-has-body", area, Route::delete("/**"), "a 204 becomes a 200 with a JSON body {}", "@conventions").response(
            |_, response| {
                if response.status().as_u16() == 204 {
                    set_status(response, 200);
                    *response.body_mut() = Bytes::from_static(b"{}");
                    set_header(response, "content-type", "application/json");
                }
            },
        ),
        Fault::new(
            "malformed-json-is-500",
            area,
            Route::post("/**"),
            "a request body that is not JSON makes the server answer 500",
            "@conventions",
        )
        .response(|request, response| {
            let not_json = !request.body().is_empty() && serde_json::from_slice::<Value>(request.body()).is_err();
            if not_json {
                *response = server_error();
            }
        }),
        Fault::new(
            "unknown-project-accepted",
            area,
            Route::any("/**"),
            "a request naming an unknown project is served as the server's project",
            "@conventions",
        )
        .request(|request, env| {
            if let Ok(project) = HeaderValue::from_str(&env.project) {
                if request.headers().contains_key("x-appwrite-project") {
                    request.headers_mut().insert("x-appwrite-project", project);
                }
            }
        }),
        Fault::new("project-query-ignored", area, Route::any("/**"), "the project named in ?project= is ignored", "@conventions")
            .request(|request, _| edit_query(request, |pairs| pairs.retain(|(k, _)| k != "project"))),
        Fault::new(
            "timestamps-without-milliseconds",
            area,
            Route::post("/**"),
            "$createdAt loses its milliseconds (2026-01-02T03:04:05+00:00)",
            "@conventions",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if let Some(Value::String(at)) = body.get_mut("$createdAt") {
                    if let (Some(dot), Some(plus)) = (at.find('.'), at.rfind('+')) {
                        *at = format!("{}{}", &at[..dot], &at[plus..]);
                    }
                }
            })
        }),
        Fault::new(
            "cors-credentials-missing",
            area,
            Route::options("/**"),
            "preflights no longer allow credentials, so browsers drop session cookies",
            "@conventions",
        )
        .response(|_, response| {
            response.headers_mut().remove(ACCESS_CONTROL_ALLOW_CREDENTIALS);
        }),
        Fault::new(
            "cors-jwt-header-refused",
            area,
            Route::options("/**"),
            "preflights stop allowing the X-Appwrite-JWT header",
            "@conventions",
        )
        .response(|_, response| {
            let allowed = header_text(response.headers(), "access-control-allow-headers").unwrap_or("").to_string();
            let without: Vec<&str> = allowed.split(',').map(str::trim).filter(|h| !h.eq_ignore_ascii_case("x-appwrite-jwt")).collect();
            if let Ok(value) = HeaderValue::from_str(&without.join(", ")) {
                response.headers_mut().insert(ACCESS_CONTROL_ALLOW_HEADERS, value);
            }
        }),
        Fault::new(
            "unknown-origin-accepted",
            area,
            Route::any("/**"),
            "a client request from an unregistered Origin is served instead of refused 403 general_unknown_origin",
            "@conventions",
        )
        .request(|request, _| {
            if !has_key(request) && request.method() != axum::http::Method::OPTIONS {
                request.headers_mut().remove(ORIGIN);
            }
        }),
        Fault::new(
            "cors-allow-origin-wildcard",
            area,
            Route::any("/**"),
            "answers allow every origin with Access-Control-Allow-Origin: * instead of echoing an allowed one",
            "@conventions",
        )
        .response(|_, response| {
            response.headers_mut().insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }),
        Fault::new("server-header-missing", area, Route::any("/**"), "answers no longer carry Server: Appwrite", "@conventions")
            .response(|_, response| {
                response.headers_mut().remove(SERVER);
            }),
        Fault::new(
            "error-cacheable",
            area,
            Route::any("/**"),
            "error answers lose Cache-Control: no-cache, no-store, must-revalidate, so proxies may cache them",
            "@conventions",
        )
        .response(|_, response| {
            if response.status().is_client_error() {
                response.headers_mut().remove(CACHE_CONTROL);
            }
        }),
        Fault::new(
            "wrong-key-served-as-guest",
            area,
            Route::any("/**"),
            "an X-Appwrite-Key the project does not know is ignored (the caller served as a guest) instead of refused 401 user_unauthorized",
            "@conventions",
        )
        .request(|request, env| {
            let known = header_text(request.headers(), "x-appwrite-key").is_some_and(|k| env.keys.iter().any(|mine| mine == k));
            if has_key(request) && !known {
                request.headers_mut().remove("x-appwrite-key");
            }
        }),
    ]
}

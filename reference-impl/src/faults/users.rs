//! Faults in the Users service (server-only routes): who may call them, IDs, the user model.

use axum::http::HeaderValue;
use serde_json::Value;

use super::edit::{
    act_as_server, edit_json, edit_json_request, has_jwt, has_key, has_session, header_text, read_instead, report_deleted, set_error_type,
    set_status,
};
use super::{Area, Fault, Route};

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
    ]
}

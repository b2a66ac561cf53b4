//! Faults in Databases transactions: what is staged, what a commit or rollback applies,
//! who sees a transaction, and its ttl.

use axum::body::Bytes;
use axum::http::{HeaderName, HeaderValue, Request};
use serde_json::Value;

use super::edit::{
    act_as_server, drop_body_field, edit_json, edit_json_request, has_jwt, has_session, read_instead, report_deleted, set_status,
};
use super::{Area, Fault, Route};

const TRANSACTIONS: &str = "/v1/databases/transactions";
const TRANSACTION: &str = "/v1/databases/transactions/*";
const OPERATIONS: &str = "/v1/databases/transactions/*/operations";
/// The quick transaction scenarios (the expiry one waits a minute and has its own fault).
const TX: &str = "@transactions and not @slow";

/// Carries, from the request edit to the response edit, how many operations were dropped.
const DROPPED: HeaderName = HeaderName::from_static("x-conform-fault-dropped");

fn dropped(request: &Request<Bytes>) -> u64 {
    request.headers().get(&DROPPED).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or(0)
}

pub fn faults() -> Vec<Fault> {
    let area = Area::Databases;
    vec![
        Fault::new(
            "transaction-commit-applies-half",
            area,
            Route::post(OPERATIONS),
            "only the first half of each batch of operations is staged (the count still says all), so a commit applies half",
            TX,
        )
        .request(|request, _| {
            let mut removed = 0;
            edit_json_request(request, |body| {
                if let Some(ops) = body["operations"].as_array_mut() {
                    let keep = ops.len().div_ceil(2);
                    removed = ops.len() - keep;
                    ops.truncate(keep);
                }
            });
            request.headers_mut().insert(DROPPED, HeaderValue::from(removed));
        })
        .response(|request, response| {
            let removed = dropped(request);
            edit_json(response, |body| {
                if let Some(n) = body["operations"].as_u64() {
                    body["operations"] = Value::from(n + removed);
                }
            });
        }),
        Fault::new(
            "transaction-rollback-commits",
            area,
            Route::patch(TRANSACTION),
            "a rollback commits the staged writes (and still reports the transaction failed)",
            TX,
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                if body["rollback"] == Value::Bool(true) && body["commit"] != Value::Bool(true) {
                    *body = serde_json::json!({"commit": true});
                }
            })
        })
        .response(|_, response| {
            edit_json(response, |body| {
                if body["status"] == "committed" {
                    body["status"] = Value::from("failed");
                }
            })
        }),
        Fault::new(
            "transaction-staged-write-applied",
            area,
            Route::any("/v1/databases/*/collections/*/documents/**"),
            "a document write (single or bulk) with a transactionId is applied at once, visible before the commit",
            TX,
        )
        .request(|request, _| drop_body_field(request, "transactionId")),
        Fault::new(
            "transaction-operations-miscounted",
            area,
            Route::post(OPERATIONS),
            "createOperations reports the operations of this batch, not the transaction's total",
            TX,
        )
        .response(|request, response| {
            let batch = serde_json::from_slice::<Value>(request.body()).ok().and_then(|b| b["operations"].as_array().map(Vec::len));
            edit_json(response, |body| {
                if let (Some(batch), true) = (batch, body["operations"].is_u64()) {
                    body["operations"] = Value::from(batch);
                }
            });
        }),
        Fault::new(
            "transaction-conflict-reported-committed",
            area,
            Route::patch(TRANSACTION),
            "a commit that conflicts answers 200 committed, though nothing was applied",
            TX,
        )
        .response(|request, response| {
            let id = request.uri().path().rsplit('/').next().unwrap_or_default().to_string();
            let conflict = serde_json::from_slice::<Value>(response.body()).is_ok_and(|b| b["type"] == "transaction_conflict");
            if conflict {
                set_status(response, 200);
                let now = crate::time::now();
                let body = serde_json::json!({"$id": id, "$createdAt": now, "$updatedAt": now, "status": "committed", "operations": 1, "expiresAt": now});
                *response.body_mut() = Bytes::from(body.to_string());
            }
        }),
        Fault::new(
            "transaction-expired-accepted",
            area,
            Route::any("/v1/databases/**"),
            "a write or commit in an expired transaction is reported as accepted",
            "@id:tx-expired-refused",
        )
        .response(|request, response| {
            let expired = serde_json::from_slice::<Value>(response.body()).is_ok_and(|b| b["type"] == "transaction_expired");
            if expired {
                let status = if request.method() == axum::http::Method::PATCH { 200 } else { 201 };
                set_status(response, status);
                let now = crate::time::now();
                let body = serde_json::json!({"$id": "expired", "$createdAt": now, "$updatedAt": now, "status": "pending", "operations": 1, "expiresAt": now});
                *response.body_mut() = Bytes::from(body.to_string());
            }
        }),
        Fault::new(
            "transaction-ttl-ignored",
            area,
            Route::post(TRANSACTIONS),
            "createTransaction ignores ttl: every transaction gets the default 300 seconds, whatever was asked",
            TX,
        )
        .request(|request, _| drop_body_field(request, "ttl")),
        Fault::new(
            "transaction-visible-to-all",
            area,
            Route::any("/v1/databases/transactions/**"),
            "any signed-in user may read, commit or add to another user's transaction",
            TX,
        )
        .request(|request, env| {
            if has_session(request) || has_jwt(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "transaction-delete-keeps",
            area,
            Route::delete(TRANSACTION),
            "deleting a transaction answers 204 but keeps it",
            TX,
        )
        .request(read_instead)
        .response(report_deleted),
    ]
}

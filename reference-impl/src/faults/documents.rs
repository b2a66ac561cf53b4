//! Faults in Databases documents: the document model, queries, permissions, numeric
//! updates, bulk deletes and the write rate limits.

use serde_json::Value;

use super::edit::{
    act_as_server, drop_queries, edit_json, edit_json_request, edit_queries, edit_queries_named, edit_query, has_jwt, has_key, has_session,
    header_text, resend_as_server_when_limited, server_error, set_error_type, set_header, set_status,
};
use super::{Area, Fault, Route};

const DOCUMENTS: &str = "/v1/databases/*/collections/*/documents";
const DOCUMENT: &str = "/v1/databases/*/collections/*/documents/*";
const LIST: &str = "@op:databases.listDocuments";
const PERMISSIONS: &str = "@permissions";

/// Query methods that narrow the result, as opposed to paging, ordering and selecting.
const FILTERS: &[&str] = &[
    "equal",
    "notEqual",
    "lessThan",
    "lessThanEqual",
    "greaterThan",
    "greaterThanEqual",
    "between",
    "notBetween",
    "isNull",
    "isNotNull",
    "startsWith",
    "notStartsWith",
    "endsWith",
    "notEndsWith",
    "contains",
    "containsAny",
    "containsAll",
    "notContains",
    "or",
    "and",
];

pub fn faults() -> Vec<Fault> {
    let area = Area::Databases;
    vec![
        Fault::new(
            "document-collection-id-missing",
            area,
            Route::post(DOCUMENTS),
            "a created document lacks its $collectionId system field",
            "@op:databases.createDocument",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                body.as_object_mut().map(|o| o.remove("$collectionId"));
            })
        }),
        Fault::new(
            "document-create-status-200",
            area,
            Route::post(DOCUMENTS),
            "creating a document answers 200 instead of 201",
            "@op:databases.createDocument",
        )
        .response(|_, response| {
            if response.status().as_u16() == 201 {
                set_status(response, 200);
            }
        }),
        Fault::new(
            "query-filter-dropped",
            area,
            Route::get(DOCUMENTS),
            "listDocuments ignores its filter queries (equal, lessThan, contains, or, …)",
            LIST,
        )
        .request(|request, _| drop_queries(request, FILTERS)),
        Fault::new(
            "query-order-reversed",
            area,
            Route::get(DOCUMENTS),
            "listed documents come in the reverse of the requested order",
            LIST,
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if let Some(documents) = body["documents"].as_array_mut() {
                    documents.reverse();
                }
            })
        }),
        Fault::new("query-limit-ignored", area, Route::get(DOCUMENTS), "the limit query is ignored", LIST)
            .request(|request, _| drop_queries(request, &["limit"])),
        Fault::new("query-offset-off-by-one", area, Route::get(DOCUMENTS), "the offset query skips one document too many", LIST).request(
            |request, _| {
                edit_queries_named(request, "offset", |query| {
                    if let Some(n) = query["values"][0].as_u64() {
                        query["values"][0] = Value::from(n + 1);
                    }
                })
            },
        ),
        Fault::new(
            "query-cursor-direction-swapped",
            area,
            Route::get(DOCUMENTS),
            "cursorAfter pages backwards and cursorBefore forwards",
            LIST,
        )
        .request(|request, _| {
            edit_queries(request, |queries| {
                for query in queries.iter_mut() {
                    let swapped = match query["method"].as_str() {
                        Some("cursorAfter") => "cursorBefore",
                        Some("cursorBefore") => "cursorAfter",
                        _ => continue,
                    };
                    query["method"] = Value::from(swapped);
                }
            })
        }),
        Fault::new(
            "query-select-ignored",
            area,
            Route::get("/v1/databases/*/collections/*/documents/**"),
            "select queries are ignored: every attribute comes back",
            "@op:databases.listDocuments or @op:databases.getDocument",
        )
        .request(|request, _| drop_queries(request, &["select"])),
        Fault::new(
            "query-total-counts-page",
            area,
            Route::get(DOCUMENTS),
            "total counts the documents on the page, not all that match",
            LIST,
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if let Some(n) = body["documents"].as_array().map(Vec::len) {
                    body["total"] = Value::from(n);
                }
            })
        }),
        Fault::new("query-total-false-ignored", area, Route::get(DOCUMENTS), "listDocuments counts although total=false", LIST)
            .request(|request, _| edit_query(request, |pairs| pairs.retain(|(k, _)| k != "total"))),
        Fault::new("query-search-ignored", area, Route::get(DOCUMENTS), "search and notSearch queries are ignored", LIST)
            .request(|request, _| drop_queries(request, &["search", "notSearch"])),
        Fault::new(
            "query-count-limit-lifted",
            area,
            Route::get(DOCUMENTS),
            "more than 100 queries are accepted (the extra ones dropped)",
            LIST,
        )
        .request(|request, _| edit_queries(request, |queries| queries.truncate(100))),
        Fault::new(
            "query-invalid-is-500",
            area,
            Route::get(DOCUMENTS),
            "an invalid query makes the server answer 500 instead of 400 general_query_invalid",
            LIST,
        )
        .response(|_, response| {
            let invalid = response.status().as_u16() == 400
                && serde_json::from_slice::<Value>(response.body()).is_ok_and(|b| b["type"] == "general_query_invalid");
            if invalid {
                *response = server_error();
            }
        }),
        Fault::new(
            "permissions-guests-read-everything",
            area,
            Route::get("/v1/databases/*/collections/*/documents/**"),
            "guests read documents without read permission (the check is skipped for role any)",
            PERMISSIONS,
        )
        .request(|request, env| {
            if !has_key(request) && !has_session(request) && !has_jwt(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "permissions-users-read-everything",
            area,
            Route::get(DOCUMENTS),
            "signed-in users list every document, readable or not (the check is skipped for role users)",
            PERMISSIONS,
        )
        .request(|request, env| {
            if has_session(request) && !has_key(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "permissions-others-documents-writable",
            area,
            Route::any(DOCUMENT),
            "a user may update and delete another user's documents",
            PERMISSIONS,
        )
        .request(|request, env| {
            let write = request.method() == "PATCH" || request.method() == "DELETE";
            if write && has_session(request) && !has_key(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "permissions-jwt-ignored",
            area,
            Route::get("/v1/databases/*/collections/*/documents/**"),
            "a JWT holder is served as a guest",
            PERMISSIONS,
        )
        .request(|request, _| {
            request.headers_mut().remove("x-appwrite-jwt");
        }),
        Fault::new(
            "permissions-hidden-document-is-401",
            area,
            Route::get(DOCUMENT),
            "a document the caller may not read is 401 user_unauthorized instead of 404",
            PERMISSIONS,
        )
        .response(|request, response| {
            if !has_key(request) && response.status().as_u16() == 404 {
                set_status(response, 401);
                set_error_type(response, "document_not_found", "user_unauthorized");
                edit_json(response, |body| body["code"] = Value::from(401));
            }
        }),
        Fault::new(
            "permissions-creator-not-granted",
            area,
            Route::post(DOCUMENTS),
            "a document a user creates gets no permissions for that user",
            PERMISSIONS,
        )
        .response(|request, response| {
            if !has_key(request) && response.status().is_success() {
                edit_json(response, |body| body["$permissions"] = Value::Array(Vec::new()));
            }
        }),
        Fault::new(
            "increment-max-ignored",
            area,
            Route::patch("/v1/databases/*/collections/*/documents/*/*/increment"),
            "an increment past the given max is applied",
            "@op:databases.incrementDocumentAttribute",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                body.as_object_mut().map(|o| o.remove("max"));
            })
        }),
        Fault::new(
            "decrement-min-ignored",
            area,
            Route::patch("/v1/databases/*/collections/*/documents/*/*/decrement"),
            "a decrement below the given min is applied",
            "@op:databases.decrementDocumentAttribute",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                body.as_object_mut().map(|o| o.remove("min"));
            })
        }),
        Fault::new(
            "bulk-delete-returns-nothing",
            area,
            Route::delete(DOCUMENTS),
            "a bulk delete returns an empty list instead of the deleted documents",
            "@op:databases.deleteDocuments",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                body["documents"] = Value::Array(Vec::new());
                body["total"] = Value::from(0);
            })
        }),
        Fault::new(
            "document-timestamp-ignored",
            area,
            Route::any(DOCUMENT),
            "X-Appwrite-Timestamp is ignored: writes over a newer document go through instead of 409 document_update_conflict",
            "@op:databases.updateDocument or @op:databases.deleteDocument or @op:databases.upsertDocument",
        )
        .request(|request, _| {
            request.headers_mut().remove("x-appwrite-timestamp");
        }),
        Fault::new(
            "document-client-dates-honoured",
            area,
            Route::any("/v1/databases/*/collections/*/documents/**"),
            "a client's $createdAt/$updatedAt in document data are kept as if a server key had sent them",
            "@op:databases.createDocument or @op:databases.updateDocument",
        )
        .request(|request, env| {
            let sets_dates = serde_json::from_slice::<Value>(request.body())
                .is_ok_and(|b| b["data"].get("$createdAt").is_some() || b["data"].get("$updatedAt").is_some());
            if sets_dates && !has_key(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "document-unchanged-update-touches",
            area,
            Route::patch(DOCUMENT),
            "an update that changes nothing still moves $updatedAt to now",
            "@op:databases.updateDocument",
        )
        .response(|_, response| {
            if response.status().as_u16() == 200 {
                edit_json(response, |body| body["$updatedAt"] = Value::from(crate::time::now()));
            }
        }),
        Fault::new(
            "document-unique-update-wrong-type",
            area,
            Route::any(DOCUMENT),
            "an update or upsert hitting a unique index is type document_update_conflict instead of document_already_exists",
            "@op:databases.updateDocument or @op:databases.upsertDocument",
        )
        .response(|request, response| {
            if request.method() == "PATCH" || request.method() == "PUT" {
                set_error_type(response, "document_already_exists", "document_update_conflict");
            }
        }),
        Fault::new(
            "bulk-batch-limit-lifted",
            area,
            Route::post(DOCUMENTS),
            "bulk creates of more than 100 documents are accepted (the extra ones dropped)",
            "@op:databases.createDocuments",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                if let Some(documents) = body["documents"].as_array_mut() {
                    documents.truncate(100);
                }
            })
        }),
        Fault::new(
            "rate-document-create-unenforced",
            area,
            Route::post(DOCUMENTS),
            "document creates past 120 a minute get through (re-sent as the server key)",
            "@op:databases.createDocument and @rate-limit",
        )
        .resend(resend_as_server_when_limited),
        Fault::new(
            "rate-document-delete-limit-wrong",
            area,
            Route::delete(DOCUMENT),
            "X-RateLimit-Limit on document deletes says 120 where the limit is 60",
            "@op:databases.deleteDocument and @rate-limit",
        )
        .response(|_, response| {
            if header_text(response.headers(), "x-ratelimit-limit") == Some("60") {
                set_header(response, "x-ratelimit-limit", "120");
            }
        }),
    ]
}

//! Faults in the Databases schema routes: databases, collections, attributes and indexes.

use serde_json::Value;

use super::edit::{
    act_as_server, edit_json, edit_json_request, edit_query, has_key, has_session, read_instead, report_deleted, set_error_type, set_status,
};
use super::{Area, Fault, Route};

const COLLECTIONS: &str = "/v1/databases/*/collections";
const ATTRIBUTE: &str = "/v1/databases/*/collections/*/attributes/*";
const INDEXES: &str = "/v1/databases/*/collections/*/indexes/**";

pub fn faults() -> Vec<Fault> {
    let area = Area::Databases;
    vec![
        Fault::new(
            "database-create-status-200",
            area,
            Route::post("/v1/databases"),
            "creating a database answers 200 instead of 201",
            "@op:databases.create",
        )
        .response(|_, response| {
            if response.status().as_u16() == 201 {
                set_status(response, 200);
            }
        }),
        Fault::new(
            "database-not-found-wrong-type",
            area,
            Route::get("/v1/databases/*"),
            "an unknown database is type collection_not_found instead of database_not_found",
            "@op:databases.get",
        )
        .response(|_, response| set_error_type(response, "database_not_found", "collection_not_found")),
        Fault::new(
            "database-search-ignored",
            area,
            Route::get("/v1/databases"),
            "the search parameter of listDatabases is ignored",
            "@op:databases.list",
        )
        .request(|request, _| edit_query(request, |pairs| pairs.retain(|(k, _)| k != "search"))),
        Fault::new(
            "database-list-queries-ignored",
            area,
            Route::get("/v1/databases"),
            "listDatabases ignores its queries (filters and invalid ones alike)",
            "@op:databases.list",
        )
        .request(|request, _| edit_query(request, |pairs| pairs.retain(|(k, _)| !k.starts_with("queries[")))),
        Fault::new(
            "database-disable-ignored",
            area,
            Route::put("/v1/databases/*"),
            "updating a database ignores enabled=false",
            "@op:databases.update",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                body.as_object_mut().map(|o| o.remove("enabled"));
            })
        }),
        Fault::new(
            "collection-permissions-dropped",
            area,
            Route::post(COLLECTIONS),
            "a created collection reports no $permissions",
            "@op:databases.createCollection",
        )
        .response(|_, response| edit_json(response, |body| body["$permissions"] = Value::Array(Vec::new()))),
        Fault::new(
            "collection-total-false-ignored",
            area,
            Route::get(COLLECTIONS),
            "listCollections counts although total=false",
            "@op:databases.listCollections",
        )
        .request(|request, _| edit_query(request, |pairs| pairs.retain(|(k, _)| k != "total"))),
        Fault::new(
            "collections-listed-to-users",
            area,
            Route::get(COLLECTIONS),
            "a signed-in user may list collections: the scope check is skipped for users",
            "@op:databases.listCollections",
        )
        .request(|request, env| {
            if has_session(request) && !has_key(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "attribute-array-flag-dropped",
            area,
            Route::get(ATTRIBUTE),
            "an array attribute reads back with array=false",
            "@op:databases.createStringAttribute",
        )
        .response(|_, response| edit_json(response, |body| body["array"] = Value::from(false))),
        Fault::new(
            "attribute-integer-listed-as-double",
            area,
            Route::get("/v1/databases/*/collections/*/attributes"),
            "listAttributes reports integer attributes as type double",
            "@op:databases.listAttributes",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                for attribute in body["attributes"].as_array_mut().into_iter().flatten() {
                    if attribute["type"] == "integer" {
                        attribute["type"] = Value::from("double");
                    }
                }
            })
        }),
        Fault::new(
            "attribute-duplicate-wrong-type",
            area,
            Route::post(ATTRIBUTE),
            "a duplicate attribute key is type index_already_exists instead of attribute_already_exists",
            "@op:databases.createStringAttribute",
        )
        .response(|_, response| set_error_type(response, "attribute_already_exists", "index_already_exists")),
        Fault::new(
            "index-orders-reversed",
            area,
            Route::any(INDEXES),
            "indexes report ASC orders as DESC and DESC as ASC",
            "@op:databases.createIndex or @op:databases.getIndex",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                for order in body["orders"].as_array_mut().into_iter().flatten() {
                    *order = Value::from(if order == "ASC" { "DESC" } else { "ASC" });
                }
            })
        }),
        Fault::new(
            "index-unique-made-key",
            area,
            Route::post("/v1/databases/*/collections/*/indexes"),
            "a unique index is created as a plain key index, so duplicates get in",
            "@op:databases.createIndex",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                if body["type"] == "unique" {
                    body["type"] = Value::from("key");
                }
            })
        }),
        Fault::new(
            "index-delete-keeps-index",
            area,
            Route::delete("/v1/databases/*/collections/*/indexes/*"),
            "deleting an index answers 204 but the index stays",
            "@op:databases.deleteIndex",
        )
        .request(read_instead)
        .response(report_deleted),
    ]
}

//! Faults in Databases relationships: the onDelete rules swapped behind an answer that
//! still names the requested rule, the two-way twin never made, nested documents dropped,
//! related documents not loaded, and related documents shown past their permissions.

use serde_json::Value;

use super::edit::{act_as_server, edit_json, edit_json_request, edit_queries, has_session, query_method};
use super::{Area, Fault, Route};

const CREATE: &str = "/v1/databases/*/collections/*/attributes/relationship";
const DOCUMENTS: &str = "/v1/databases/*/collections/*/documents";

/// Replaces the requested onDelete rule `from` (or the default restrict, when `from` is
/// it) with `to`.
fn swap_rule(body: &mut Value, from: &str, to: &str) {
    let asked = body.get("onDelete").and_then(Value::as_str).unwrap_or("restrict");
    if asked == from {
        body["onDelete"] = Value::from(to);
    }
}

/// The answer names `to` where the server applied `from`: the swap cannot be seen.
fn hide_rule(body: &mut Value, applied: &str, shown: &str) {
    if body.get("onDelete").and_then(Value::as_str) == Some(applied) {
        body["onDelete"] = Value::from(shown);
    }
}

/// Whether a select query names a related attribute (`library.*`, `readers.name`).
fn selects_related(query: &Value) -> bool {
    query_method(query) == "select"
        && query["values"].as_array().is_some_and(|v| v.iter().any(|s| s.as_str().is_some_and(|s| s.contains('.'))))
}

pub fn faults() -> Vec<Fault> {
    let area = Area::Databases;
    vec![
        Fault::new(
            "relationship-cascade-skipped",
            area,
            Route::post(CREATE),
            "onDelete cascade is stored as setNull: deleting a parent leaves its related documents",
            "@id:rel-on-delete-cascade or @id:rel-on-delete-many-to-many or @id:rel-on-delete-one-transaction",
        )
        .request(|request, _| edit_json_request(request, |body| swap_rule(body, "cascade", "setNull")))
        .response(|_, response| edit_json(response, |body| hide_rule(body, "setNull", "cascade"))),
        Fault::new(
            "relationship-restrict-ignored",
            area,
            Route::post(CREATE),
            "onDelete restrict (the default) is stored as setNull: referenced documents can be deleted",
            "@id:rel-on-delete-restrict or @id:rel-on-delete-restrict-many-to-one or @id:rel-on-delete-one-transaction",
        )
        .request(|request, _| edit_json_request(request, |body| swap_rule(body, "restrict", "setNull")))
        .response(|_, response| edit_json(response, |body| hide_rule(body, "setNull", "restrict"))),
        Fault::new(
            "relationship-set-null-deletes",
            area,
            Route::post(CREATE),
            "onDelete setNull is stored as cascade: related documents are deleted instead of unlinked",
            "@id:rel-on-delete-set-null or @id:rel-on-delete-many-to-many",
        )
        .request(|request, _| edit_json_request(request, |body| swap_rule(body, "setNull", "cascade")))
        .response(|_, response| edit_json(response, |body| hide_rule(body, "cascade", "setNull"))),
        Fault::new(
            "relationship-two-way-twin-missing",
            area,
            Route::post(CREATE),
            "twoWay is dropped: the related collection never gets its twin attribute",
            "@id:rel-two-way-twin or @id:rel-update-on-delete",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                body.as_object_mut().map(|o| o.remove("twoWay"));
            })
        })
        .response(|_, response| {
            edit_json(response, |body| {
                if body.get("twoWay").is_some() {
                    body["twoWay"] = Value::Bool(true);
                }
            })
        }),
        Fault::new(
            "relationship-nested-create-dropped",
            area,
            Route::post(DOCUMENTS),
            "nested related documents in createDocument are silently dropped",
            "@id:rel-nested-create-one-to-one or @id:rel-nested-create-without-id",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                let Some(data) = body.get_mut("data").and_then(Value::as_object_mut) else { return };
                data.retain(|_, v| !v.is_object());
                for value in data.values_mut() {
                    if let Value::Array(items) = value {
                        items.retain(|i| !i.is_object());
                    }
                }
            })
        }),
        Fault::new(
            "relationship-select-not-loaded",
            area,
            Route::get("/v1/databases/*/collections/*/documents/**"),
            "selecting related attributes (library.*) does not load the related documents",
            "@id:rel-one-to-many-both-sides or @id:rel-select-related-attributes or @id:rel-many-to-many-both-sides",
        )
        .request(|request, _| {
            edit_queries(request, |queries| {
                for query in queries.iter_mut().filter(|q| selects_related(q)) {
                    if let Some(values) = query["values"].as_array_mut() {
                        values.retain(|s| !s.as_str().is_some_and(|s| s.contains('.')));
                        if values.is_empty() {
                            values.push(Value::from("*"));
                        }
                    }
                }
            })
        }),
        Fault::new(
            "relationship-related-permissions-ignored",
            area,
            Route::get("/v1/databases/*/collections/*/documents/**"),
            "related documents are loaded past their read permissions",
            "@id:rel-related-permissions or @id:rel-related-permissions-list",
        )
        .request(|request, env| {
            let mut related = false;
            edit_queries(request, |queries| related = queries.iter().any(selects_related));
            if related && has_session(request) {
                act_as_server(request, env);
            }
        }),
    ]
}

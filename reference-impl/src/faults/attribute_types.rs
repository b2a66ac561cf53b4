//! Faults in the newer attribute types: the text family, bigint, and geometries with their
//! spatial queries.

use serde_json::{json, Value};

use super::edit::{drop_body_field, edit_json, edit_json_request, edit_queries, edit_queries_named, query_method, replace_path_segment};
use super::{Area, Fault, Route};

const ATTRIBUTE: &str = "/v1/databases/*/collections/*/attributes/*";
const DOCUMENTS: &str = "/v1/databases/*/collections/*/documents";
const DOCUMENTS_ANY: &str = "/v1/databases/*/collections/*/documents/**";
/// 2^53: past it, not every integer has a double of its own.
const EXACT_IN_DOUBLE: u64 = 1 << 53;

/// Rounds every integer past 2^53 in a JSON value to the nearest double, as a server that
/// parses or renders numbers as doubles would.
fn round_through_double(value: &mut Value) {
    match value {
        Value::Number(n) if n.as_i64().is_some_and(|i| i.unsigned_abs() > EXACT_IN_DOUBLE) => {
            let rounded = n.as_f64().unwrap_or_default();
            // Back to an integer the way a double-based JSON writer prints it (no fraction).
            *value = json!(rounded as i64);
        }
        Value::Array(items) => items.iter_mut().for_each(round_through_double),
        Value::Object(map) => map.values_mut().for_each(round_through_double),
        _ => {}
    }
}

/// Closes every open ring of a polygon-shaped value (three levels of arrays) in place.
fn close_rings(value: &mut Value) {
    let Value::Array(rings) = value else { return };
    let is_polygon = rings.first().and_then(Value::as_array).and_then(|r| r.first()).is_some_and(Value::is_array);
    if !is_polygon {
        rings.iter_mut().for_each(close_rings);
        return;
    }
    for ring in rings.iter_mut().filter_map(Value::as_array_mut) {
        if let (Some(first), Some(last)) = (ring.first().cloned(), ring.last()) {
            if &first != last {
                ring.push(first);
            }
        }
    }
}

pub fn faults() -> Vec<Fault> {
    let area = Area::Databases;
    vec![
        Fault::new(
            "bigint-through-double",
            area,
            Route::any(DOCUMENTS_ANY),
            "documents render bigint values past 2^53 rounded to the nearest double",
            "@op:databases.createBigIntAttribute",
        )
        .response(|_, response| edit_json(response, round_through_double)),
        Fault::new(
            "varchar-size-unenforced",
            area,
            Route::post(ATTRIBUTE),
            "createVarcharAttribute ignores the size asked for and takes the largest (16,381)",
            "@op:databases.createVarcharAttribute",
        )
        .request(|request, _| {
            if request.uri().path().ends_with("/attributes/varchar") {
                edit_json_request(request, |body| body["size"] = json!(16_381));
            }
        }),
        Fault::new(
            "longtext-as-text",
            area,
            Route::post(ATTRIBUTE),
            "createLongtextAttribute makes a text attribute (65,535 characters at most)",
            "@op:databases.createLongtextAttribute",
        )
        .request(|request, _| {
            if request.uri().path().ends_with("/attributes/longtext") {
                replace_path_segment(request, 6, "text");
            }
        }),
        Fault::new(
            "attribute-encrypt-ignored",
            area,
            Route::post(ATTRIBUTE),
            "the `encrypt` flag of text-family attributes is ignored",
            "@op:databases.createVarcharAttribute",
        )
        .request(|request, _| drop_body_field(request, "encrypt")),
        Fault::new(
            "polygon-ring-unchecked",
            area,
            Route::any(DOCUMENTS_ANY),
            "polygons whose rings are not closed are accepted",
            "@op:databases.createPolygonAttribute",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                if let Some(Value::Object(data)) = body.get_mut("data") {
                    data.values_mut().for_each(close_rings);
                }
            })
        }),
        Fault::new(
            "spatial-intersects-inverted",
            area,
            Route::get(DOCUMENTS),
            "intersects answers the documents that do not intersect, and notIntersects those that do",
            "@op:databases.createPolygonAttribute",
        )
        .request(|request, _| {
            edit_queries(request, |queries| {
                for q in queries.iter_mut() {
                    let flipped = match query_method(q) {
                        "intersects" => "notIntersects",
                        "notIntersects" => "intersects",
                        _ => continue,
                    };
                    q["method"] = json!(flipped);
                }
            })
        }),
        Fault::new(
            "spatial-distance-in-degrees",
            area,
            Route::get(DOCUMENTS),
            "distance queries that ask for metres measure in degrees",
            "@op:databases.createPointAttribute",
        )
        .request(|request, _| {
            for method in ["distanceEqual", "distanceNotEqual", "distanceGreaterThan", "distanceLessThan"] {
                edit_queries_named(request, method, |q| {
                    if let Some(metres) = q.pointer_mut("/values/0/2") {
                        *metres = json!(false);
                    }
                });
            }
        }),
    ]
}

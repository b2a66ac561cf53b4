//! Point, line and polygon attributes: value validation with the messages of
//! utopia-php/database's `Spatial` validator, the `default` param, and the rules for spatial
//! indexes (`Validator\Index::checkSpatialIndexes` and its converse). Queries on them are in
//! `query_spatial.rs`.

use serde_json::Value;

use super::Loaded;
use crate::catalogue;
use crate::error::{ApiError, ApiResult};
use crate::query_spatial::Shape;
use crate::store::databases::schema::AttrType;

fn shape(kind: AttrType) -> Shape {
    match kind {
        AttrType::Point => Shape::Point,
        AttrType::Line => Shape::Line,
        _ => Shape::Polygon,
    }
}

fn in_range(x: f64, y: f64) -> Result<(), String> {
    if !(-180.0..=180.0).contains(&x) {
        return Err(format!("Longitude (x) must be between -180 and 180, got {x}"));
    }
    if !(-90.0..=90.0).contains(&y) {
        return Err(format!("Latitude (y) must be between -90 and 90, got {y}"));
    }
    Ok(())
}

/// The two numbers of a position, or `None` when it is not an array of two numbers.
fn pair(value: &Value) -> Option<Result<(f64, f64), ()>> {
    match value.as_array()?.as_slice() {
        [x, y] => Some(x.as_f64().zip(y.as_f64()).ok_or(())),
        _ => None,
    }
}

fn point(items: &[Value]) -> Result<(), String> {
    let [x, y] = items else { return Err("Point must be an array of two numeric values [x, y]".into()) };
    let (Some(x), Some(y)) = (x.as_f64(), y.as_f64()) else { return Err("Point coordinates must be numeric values".into()) };
    in_range(x, y)
}

fn line(items: &[Value]) -> Result<(), String> {
    if items.len() < 2 {
        return Err("LineString must contain at least two points".into());
    }
    for (i, p) in items.iter().enumerate() {
        let Some(numbers) = pair(p) else { return Err("Each point in LineString must be an array of two values [x, y]".into()) };
        let (x, y) = numbers.map_err(|()| "Each point in LineString must have numeric coordinates".to_string())?;
        in_range(x, y).map_err(|why| format!("Invalid coordinates at point #{i}: {why}"))?;
    }
    Ok(())
}

fn polygon(items: &[Value]) -> Result<(), String> {
    if items.is_empty() {
        return Err("Polygon must contain at least one ring".into());
    }
    let wrapped;
    let rings: Vec<&Value> = if is_single_ring(items) {
        wrapped = Value::Array(items.to_vec());
        vec![&wrapped]
    } else {
        items.iter().collect()
    };
    for (r, ring) in rings.into_iter().enumerate() {
        let ring = match ring.as_array() {
            Some(points) if !points.is_empty() => points,
            _ => return Err(format!("Ring #{r} must be an array of points")),
        };
        if ring.len() < 4 {
            return Err(format!("Ring #{r} must contain at least 4 points to form a closed polygon"));
        }
        for (i, p) in ring.iter().enumerate() {
            let Some(numbers) = pair(p) else { return Err(format!("Point #{i} in ring #{r} must be an array of two values [x, y]")) };
            let (x, y) = numbers.map_err(|()| format!("Coordinates of point #{i} in ring #{r} must be numeric"))?;
            in_range(x, y).map_err(|why| format!("Invalid coordinates at point #{i} in ring #{r}: {why}"))?;
        }
        if pair(&ring[0]) != pair(&ring[ring.len() - 1]) {
            return Err(format!("Ring #{r} must be closed (first point must equal last point)"));
        }
    }
    Ok(())
}

/// A polygon given as one bare ring (`[[x, y], …]`) rather than a list of rings.
fn is_single_ring(items: &[Value]) -> bool {
    items.first().and_then(pair).is_some_and(|p| p.is_ok())
}

/// Checks a non-null value; the error is the validator's description.
pub fn check(kind: AttrType, value: &Value) -> Result<(), String> {
    let shape = shape(kind);
    let Some(items) = value.as_array() else {
        return Err(format!("Value must be a valid {}: Spatial value must be array or WKT string", shape.name()));
    };
    match shape {
        Shape::Point => point(items),
        Shape::Line => line(items),
        Shape::Polygon => polygon(items),
    }
    .map_err(|why| format!("Value must be a valid {}: {why}", shape.name()))
}

/// A polygon sent as one bare ring is stored as a polygon of that ring, as the database
/// reads it back.
pub fn normalise(kind: AttrType, value: Value) -> Value {
    match value {
        Value::Array(items) if kind == AttrType::Polygon && is_single_ring(&items) => Value::Array(vec![Value::Array(items)]),
        other => other,
    }
}

/// The `default` param of a spatial attribute route (`Nullable(Spatial(type))`).
pub fn default_param(kind: AttrType, raw: Value) -> ApiResult<Value> {
    check(kind, &raw).map_err(|why| ApiError::argument(format!("Invalid `default` param: {why}")))?;
    Ok(normalise(kind, raw))
}

fn index_invalid(message: String) -> ApiError {
    ApiError::with_message(catalogue::INDEX_INVALID, message)
}

/// A spatial index takes exactly one required spatial attribute and no orders; other
/// index types refuse spatial attributes.
pub fn check_index(kind: &str, loaded: &Loaded, attributes: &[String], orders: &[String]) -> ApiResult<()> {
    let defs: Vec<_> = attributes.iter().filter_map(|k| loaded.attrs.iter().find(|a| &a.key == k)).collect();
    if kind != "spatial" {
        if let Some(a) = defs.iter().find(|a| a.kind.is_spatial()) {
            return Err(index_invalid(format!(
                "Cannot create {kind} index on spatial attribute \"{}\". Spatial attributes require spatial indexes.",
                a.key
            )));
        }
        return Ok(());
    }
    if attributes.len() != 1 {
        return Err(index_invalid("Spatial index must have exactly one attribute".into()));
    }
    for a in defs {
        if !a.kind.is_spatial() {
            return Err(index_invalid(format!(
                "Spatial index can only be created on spatial attributes (point, linestring, polygon). Attribute \"{}\" is of type \"{}\"",
                a.key,
                a.kind.type_and_format().0
            )));
        }
        if !a.required {
            return Err(index_invalid(format!(
                "Spatial indexes do not allow null values. Mark the attribute \"{}\" as required or create the index on a column with no null values.",
                a.key
            )));
        }
    }
    if !orders.is_empty() {
        return Err(index_invalid(
            "Spatial indexes with explicit orders are not supported. Remove the orders to create this index.".into(),
        ));
    }
    Ok(())
}

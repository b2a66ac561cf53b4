//! Spatial queries on point, line and polygon attributes. Geometries are stored as their JSON
//! coordinates (`[x, y]`, `[[x, y], …]`, `[[[x, y], …], …]`); the predicates run inside
//! SQLite as two scalar functions registered on the connection, so filtered lists stay one SQL
//! query with its limit, order, cursor and count. The geometry itself is the `geo` crate's:
//! DE-9IM relations for intersects/crosses/overlaps/touches/contains/equals (the predicates
//! utopia-php/database's MariaDB adapter asks `ST_*` for), planar distance in coordinate
//! units, and great-circle distance in metres on a sphere of 6,371,000 m
//! (`ST_Distance_Sphere` with utopia's `Database::EARTH_RADIUS`) when the query asks for metres.

use geo::{Coord, Distance, Euclidean, Geometry, HaversineMeasure, LineString, Point, Polygon, Relate};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use serde_json::Value;

use crate::query::Attr;

/// utopia-php/database `Database::EARTH_RADIUS`, in metres.
const EARTH_RADIUS: f64 = 6_371_000.0;

const RELATE_FN: &str = "conform_spatial_relate";
const DISTANCE_FN: &str = "conform_spatial_distance";

/// The geometry type an attribute holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Point,
    Line,
    Polygon,
}

impl Shape {
    /// utopia-php/database's type name.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Point => "point",
            Shape::Line => "linestring",
            Shape::Polygon => "polygon",
        }
    }
}

/// The query methods that only apply to spatial attributes.
pub fn is_spatial_method(method: &str) -> bool {
    matches!(
        method,
        "crosses"
            | "notCrosses"
            | "distanceEqual"
            | "distanceNotEqual"
            | "distanceGreaterThan"
            | "distanceLessThan"
            | "intersects"
            | "notIntersects"
            | "overlaps"
            | "notOverlaps"
            | "touches"
            | "notTouches"
    )
}

fn coord(value: &Value) -> Option<Coord<f64>> {
    match value.as_array()?.as_slice() {
        [x, y] => Some(Coord { x: x.as_f64()?, y: y.as_f64()? }),
        _ => None,
    }
}

fn ring(value: &Value) -> Option<LineString<f64>> {
    value.as_array()?.iter().map(coord).collect::<Option<Vec<_>>>().map(LineString::new)
}

/// A geometry from its JSON coordinates; its nesting depth says which kind it is.
pub fn geometry(value: &Value) -> Option<Geometry<f64>> {
    let items = value.as_array()?;
    match items.first()? {
        Value::Number(_) => coord(value).map(|c| Geometry::Point(Point(c))),
        Value::Array(inner) if inner.first().is_some_and(Value::is_number) => ring(value).map(Geometry::LineString),
        Value::Array(_) => {
            let mut rings = items.iter().map(ring).collect::<Option<Vec<_>>>()?.into_iter();
            let exterior = rings.next()?;
            Some(Geometry::Polygon(Polygon::new(exterior, rings.collect())))
        }
        _ => None,
    }
}

fn stored(text: Option<String>) -> Option<Geometry<f64>> {
    geometry(&serde_json::from_str(&text?).ok()?)
}

/// Registers the SQL functions the planned conditions call. Both answer NULL for a NULL
/// (or unreadable) geometry, so `NOT f(…)` leaves documents without a value out, as SQL's
/// `NOT ST_…(NULL, …)` does.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function(RELATE_FN, 3, flags, |ctx| {
        let predicate: String = ctx.get(0)?;
        let (Some(a), Some(b)) = (stored(ctx.get(1)?), stored(ctx.get(2)?)) else { return Ok(None) };
        let m = a.relate(&b);
        Ok(Some(match predicate.as_str() {
            "intersects" => m.is_intersects(),
            "crosses" => m.is_crosses(),
            "overlaps" => m.is_overlaps(),
            "touches" => m.is_touches(),
            "contains" => m.is_contains(),
            "equals" => m.is_equal_topo(),
            other => return Err(rusqlite::Error::UserFunctionError(format!("unknown spatial predicate {other}").into())),
        }))
    })?;
    conn.create_scalar_function(DISTANCE_FN, 3, flags, |ctx| {
        let metres: bool = ctx.get(2)?;
        let (Some(a), Some(b)) = (stored(ctx.get(0)?), stored(ctx.get(1)?)) else { return Ok(None) };
        Ok(Some(match (metres, &a, &b) {
            (true, Geometry::Point(p), Geometry::Point(q)) => HaversineMeasure::new(EARTH_RADIUS).distance(*p, *q),
            (true, _, _) => return Ok(None),
            (false, _, _) => Euclidean.distance(&a, &b),
        }))
    })
}

fn invalid_value(attr: &Attr) -> String {
    format!("Invalid query: Query value is invalid for attribute \"{}\"", attr.key)
}

/// The SQL condition of one query on a spatial attribute; the error is the query
/// validator's message, `Invalid query: ` included, as `query::filter` returns them.
pub fn filter(method: &str, values: &[Value], attr: &Attr, shape: Shape) -> Result<(String, Vec<Sql>), String> {
    let col = &attr.column;
    if matches!(method, "isNull" | "isNotNull") {
        let not = if method == "isNotNull" { "NOT " } else { "" };
        return Ok((format!("{col} IS {not}NULL"), Vec::new()));
    }
    if values.iter().any(|v| !v.is_array()) {
        return Err("Invalid query: Spatial data must be an array".into());
    }
    let operator = match method {
        "distanceEqual" => Some("="),
        "distanceNotEqual" => Some("!="),
        "distanceGreaterThan" => Some(">"),
        "distanceLessThan" => Some("<"),
        _ => None,
    };
    if let Some(op) = operator {
        let params = match values {
            [Value::Array(p)] if p.len() == 3 => p,
            _ => return Err("Invalid query: Distance query requires [[geometry, distance]] parameters".into()),
        };
        let target = geometry(&params[0]).ok_or_else(|| invalid_value(attr))?;
        let distance = params[1].as_f64().ok_or_else(|| invalid_value(attr))?;
        let metres = params[2] == Value::Bool(true);
        if metres && (shape != Shape::Point || !matches!(target, Geometry::Point(_))) {
            let target_name = match target {
                Geometry::Point(_) => "point",
                Geometry::LineString(_) => "linestring",
                _ => "polygon",
            };
            return Err(format!("Invalid query: Distance in meters is not supported between {} and {target_name}", shape.name()));
        }
        return Ok((
            format!("{DISTANCE_FN}({col}, ?, ?) {op} ?"),
            vec![Sql::Text(params[0].to_string()), Sql::Integer(i64::from(metres)), Sql::Real(distance)],
        ));
    }
    let (predicate, negate) = match method {
        "equal" => ("equals", false),
        "notEqual" => ("equals", true),
        "contains" => ("contains", false),
        "notContains" => ("contains", true),
        "intersects" => ("intersects", false),
        "notIntersects" => ("intersects", true),
        "crosses" => ("crosses", false),
        "notCrosses" => ("crosses", true),
        "overlaps" => ("overlaps", false),
        "notOverlaps" => ("overlaps", true),
        "touches" => ("touches", false),
        "notTouches" => ("touches", true),
        _ => return Err(format!("Invalid query: Cannot query {method} on spatial attribute \"{}\"", attr.key)),
    };
    let target = values.first().ok_or_else(|| format!("Invalid query: {method} queries require at least one value."))?;
    geometry(target).ok_or_else(|| invalid_value(attr))?;
    let not = if negate { "NOT " } else { "" };
    Ok((format!("{not}{RELATE_FN}('{predicate}', {col}, ?)"), vec![Sql::Text(target.to_string())]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn relate(predicate: &str, a: Value, b: Value) -> Option<bool> {
        let conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("sqlite: {e}"));
        register(&conn).unwrap_or_else(|e| panic!("register: {e}"));
        conn.query_row(&format!("SELECT {RELATE_FN}(?, ?, ?)"), (predicate, a.to_string(), b.to_string()), |r| r.get(0))
            .unwrap_or_else(|e| panic!("query: {e}"))
    }

    #[test]
    fn predicates_on_hand_checked_shapes() {
        let square = json!([[[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]]);
        assert_eq!(relate("intersects", square.clone(), json!([5.0, 5.0])), Some(true));
        assert_eq!(relate("intersects", square.clone(), json!([15.0, 5.0])), Some(false));
        let corner = json!([[[10.0, 10.0], [20.0, 10.0], [20.0, 20.0], [10.0, 20.0], [10.0, 10.0]]]);
        assert_eq!(relate("touches", square.clone(), corner.clone()), Some(true));
        assert_eq!(relate("overlaps", square.clone(), corner), Some(false));
        assert_eq!(relate("crosses", json!([[1.0, 1.0], [2.0, 2.0]]), json!([[1.0, 2.0], [2.0, 1.0]])), Some(true));
        assert_eq!(relate("contains", json!([[1.0, 1.0], [1.1, 1.1], [2.0, 2.0]]), json!([1.1, 1.1])), Some(true));
        assert_eq!(relate("equals", square.clone(), square), Some(true));
        assert_eq!(relate("equals", Value::Null, json!([1.0, 1.0])), None);
    }
}

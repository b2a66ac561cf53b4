//! Attributes: list, get, delete, and create + update for string, integer, float, boolean,
//! email, enum, ip, url and datetime, the text family and bigint (`attribute_types.rs`) and
//! point, line and polygon (`spatial.rs`). Appwrite 1.9.6
//! `Modules/Databases/Http/Databases/Collections/Attributes/`. Creation answers 202 with
//! status `processing`, like Appwrite whose worker adds the column later; here the column
//! exists before the response leaves, so the attribute reads back `available` at once.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::attribute_types::{self, is_integer};
use super::structure::{check_value, is_datetime, is_ip, is_url, normalise};
use super::{spatial, with_id};
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::params::{is_email, Params};
use crate::path::PathParams;
use crate::query::{self, Options, Scope};
use crate::respond;
use crate::store::databases::schema::{self, AttrDef, AttrType};
use crate::store::databases::{column, docs_table};

const READ: Route = Route::scope(&["collections.read", "attributes.read"]);
const WRITE: Route = Route::scope(&["collections.write", "attributes.write"]);

/// `APP_DATABASE_ATTRIBUTE_STRING_MAX_LENGTH`.
const STRING_MAX: i64 = 1_073_741_824;
/// `APP_LIMIT_ARRAY_PARAMS_SIZE` elements of at most 255 chars each.
const ENUM_ELEMENTS_MAX: usize = 100;
const ENUM_ELEMENT_LENGTH: usize = 255;

pub async fn list(ctx: Ctx, PathParams((database_id, collection_id)): PathParams<(String, String)>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let count = params.bool("total")?.unwrap_or(true);
    let plan = query::parse_param(&raw, &schema::attribute_list_schema(), Options::default())?;
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            let scope = Scope::default().and("collection_seq = ?", [rusqlite::types::Value::Integer(loaded.collection.seq)]);
            let (found, total) =
                query::list(conn, schema::ATTR_TABLE, "Attribute", schema::ATTR_LIST_COLUMNS, &plan, &scope, count, schema::attr_from_row)?;
            Ok(models::list("attributes", total, found.iter().map(|a| super::relationships::attribute_json(&loaded, a)).collect()))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn fetch(
    ctx: Ctx,
    PathParams((database_id, collection_id, key)): PathParams<(String, String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            let found =
                schema::attribute(conn, loaded.collection.seq, &key)?.ok_or_else(|| with_id(catalogue::ATTRIBUTE_NOT_FOUND, &key))?;
            Ok(super::relationships::attribute_json(&loaded, &found))
        })
        .await?;
    Ok(respond::ok(body))
}

pub async fn remove(
    ctx: Ctx,
    PathParams((database_id, collection_id, key)): PathParams<(String, String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    ctx.state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            if super::relationships::delete_attribute(conn, &loaded, &key)?.is_some() {
                return Ok(());
            }
            if !loaded.attrs.iter().any(|a| a.key == key) {
                return Err(with_id(catalogue::ATTRIBUTE_NOT_FOUND, &key));
            }
            schema::delete_attribute(conn, loaded.collection.seq, &key).map_err(ApiError::from)
        })
        .await?;
    Ok(respond::no_content())
}

/// An attribute key: Appwrite's `Key` validator (the custom-ID rule without `unique()`).
fn key_param(params: &Params, name: &str) -> ApiResult<String> {
    let key = params.required_text(name, usize::MAX)?;
    crate::ids::existing(name, &key).map(str::to_string)
}

fn value_invalid(message: &str) -> ApiError {
    ApiError::with_message(catalogue::ATTRIBUTE_VALUE_INVALID, message)
}

/// The typed `default` param, checked the way the route's param validator checks it.
fn default_param(params: &Params, kind: AttrType) -> ApiResult<Value> {
    let Some(raw) = params.raw("default")?.cloned() else { return Ok(Value::Null) };
    let invalid = |what: &str| ApiError::argument(format!("Invalid `default` param: {what}"));
    Ok(match kind {
        k if k.is_spatial() => return spatial::default_param(k, raw),
        AttrType::Integer | AttrType::BigInt => match raw.as_i64() {
            Some(n) => json!(n),
            None => return Err(invalid("Value must be a valid integer")),
        },
        AttrType::Float => match raw.as_f64() {
            Some(f) => json!(f),
            None => return Err(invalid("Value must be a valid float")),
        },
        AttrType::Boolean => match raw {
            Value::Bool(_) => raw,
            _ => return Err(invalid("Value must be a valid boolean")),
        },
        _ => {
            let Value::String(text) = &raw else { return Err(invalid("Value must be a valid string")) };
            match kind {
                AttrType::Email if !is_email(text) => return Err(invalid("Value must be a valid email address")),
                AttrType::Ip if !is_ip(text) => return Err(invalid("Value must be a valid IP address")),
                AttrType::Url if !is_url(text) => return Err(invalid("Value must be a valid URL")),
                AttrType::Datetime if !is_datetime(text) => {
                    return Err(invalid("Value must be valid date between 0000-01-01 00:00:00 and 9999-12-31 23:59:59."))
                }
                _ => raw,
            }
        }
    })
}

fn number_param(params: &Params, name: &str, kind: AttrType) -> ApiResult<Value> {
    let Some(raw) = params.raw(name)? else { return Ok(Value::Null) };
    let ok = if is_integer(kind) { raw.as_i64().map(Value::from) } else { raw.as_f64().map(Value::from) };
    ok.ok_or_else(|| {
        ApiError::argument(format!("Invalid `{name}` param: Value must be a valid {}", if is_integer(kind) { "integer" } else { "float" }))
    })
}

fn elements_param(params: &Params) -> ApiResult<Option<Vec<String>>> {
    let Some(raw) = params.raw("elements")? else { return Ok(None) };
    let description = format!(
        "Invalid `elements` param: Value must a valid array no longer than {ENUM_ELEMENTS_MAX} items and Value must be a valid string and at least 1 chars and no longer than {ENUM_ELEMENT_LENGTH} chars"
    );
    let items = raw.as_array().ok_or_else(|| ApiError::argument(description.clone()))?;
    if items.len() > ENUM_ELEMENTS_MAX {
        return Err(ApiError::argument(description));
    }
    let elements = items
        .iter()
        .map(|v| v.as_str().filter(|s| !s.is_empty() && s.chars().count() <= ENUM_ELEMENT_LENGTH).map(str::to_string))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| ApiError::argument(description))?;
    if elements.is_empty() {
        return Err(value_invalid("Enum elements must not be empty"));
    }
    Ok(Some(elements))
}

/// Fills in Appwrite's implicit bounds (the int64 range, ±PHP_FLOAT_MAX) and checks them
/// against each other and the default.
fn bounds(kind: AttrType, min: Value, max: Value, default: &Value) -> ApiResult<(Value, Value)> {
    if is_integer(kind) {
        let lo = min.as_i64().unwrap_or(i64::MIN);
        let hi = max.as_i64().unwrap_or(i64::MAX);
        if lo > hi {
            return Err(value_invalid("Minimum value must be lesser than maximum value"));
        }
        if default.as_i64().is_some_and(|d| d < lo || d > hi) {
            return Err(value_invalid(&format!("Value must be a valid range between {lo} and {hi}")));
        }
        return Ok((json!(lo), json!(hi)));
    }
    let lo = min.as_f64().unwrap_or(-f64::MAX);
    let hi = max.as_f64().unwrap_or(f64::MAX);
    if lo > hi {
        return Err(value_invalid("Minimum value must be lesser than maximum value"));
    }
    if default.as_f64().is_some_and(|d| d < lo || d > hi) {
        return Err(value_invalid(&format!("Value must be a valid range between {lo} and {hi}")));
    }
    Ok((json!(lo), json!(hi)))
}

/// Checks a default against the attribute's own rules (size, elements, bounds).
fn check_default(a: &AttrDef) -> ApiResult<()> {
    if a.default.is_null() {
        return Ok(());
    }
    if a.required {
        return Err(ApiError::with_message(catalogue::ATTRIBUTE_DEFAULT_UNSUPPORTED, "Cannot set default value for required attribute"));
    }
    if a.array {
        return Err(ApiError::with_message(catalogue::ATTRIBUTE_DEFAULT_UNSUPPORTED, "Cannot set default value for array attributes"));
    }
    match a.kind {
        AttrType::Enum if !a.default.as_str().is_some_and(|d| a.elements.iter().any(|e| e == d)) => {
            Err(value_invalid("Default value not found in elements"))
        }
        k if k.is_text() => check_value(a, &a.default).map_err(|why| value_invalid(&why)),
        _ => Ok(()),
    }
}

pub async fn create(
    ctx: Ctx,
    PathParams((database_id, collection_id, kind)): PathParams<(String, String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    if kind == "relationship" {
        return super::relationships::create_attribute(ctx, database_id, collection_id, params).await;
    }
    let Some(kind) = AttrType::from_route(&kind) else {
        return Err(ApiError::new(catalogue::GENERAL_ROUTE_NOT_FOUND));
    };
    let key = key_param(&params, "key")?;
    let size = if kind == AttrType::String {
        params.int("size", 1, STRING_MAX)?.ok_or_else(|| ApiError::argument("Param \"size\" is not optional."))?
    } else {
        attribute_types::create_size(&params, kind)?
    };
    let elements = if kind == AttrType::Enum {
        elements_param(&params)?.ok_or_else(|| ApiError::argument("Param \"elements\" is not optional."))?
    } else {
        Vec::new()
    };
    let required = params.bool("required")?.ok_or_else(|| ApiError::argument("Param \"required\" is not optional."))?;
    // Geometries take no `array` param.
    let array = !kind.is_spatial() && params.bool("array")?.unwrap_or(false);
    let encrypt = attribute_types::encrypt_param(&params, kind, size)?;
    let default = normalise(kind, default_param(&params, kind)?);
    let (min, max) = match kind {
        AttrType::Integer | AttrType::BigInt | AttrType::Float => {
            bounds(kind, number_param(&params, "min", kind)?, number_param(&params, "max", kind)?, &default)?
        }
        _ => (Value::Null, Value::Null),
    };
    let now = crate::time::now();
    let attr = AttrDef {
        seq: 0,
        key,
        kind,
        size,
        required,
        array,
        default,
        min,
        max,
        elements,
        encrypt,
        status: "available".into(),
        error: String::new(),
        created_at: now.clone(),
        updated_at: now,
    };
    check_default(&attr)?;
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            if !schema::add_attribute(conn, loaded.collection.seq, &attr)? {
                return Err(with_id(catalogue::ATTRIBUTE_ALREADY_EXISTS, &attr.key));
            }
            // The answer describes the request as Appwrite's does: accepted, still processing.
            let mut body = models::databases::attribute(&attr);
            body["status"] = json!("processing");
            Ok(body)
        })
        .await?;
    Ok(respond::json(StatusCode::ACCEPTED, body))
}

pub async fn update(
    ctx: Ctx,
    PathParams((database_id, collection_id, kind, key)): PathParams<(String, String, String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let Some(kind) = AttrType::from_route(&kind) else {
        return Err(ApiError::new(catalogue::GENERAL_ROUTE_NOT_FOUND));
    };
    let required = params.bool("required")?.ok_or_else(|| ApiError::argument("Param \"required\" is not optional."))?;
    let default = normalise(kind, default_param(&params, kind)?);
    let size = match kind {
        AttrType::String => params.int("size", 1, STRING_MAX)?,
        AttrType::Varchar => params.int("size", 1, attribute_types::VARCHAR_MAX)?,
        _ => None,
    };
    let elements = if kind == AttrType::Enum { elements_param(&params)? } else { None };
    let new_key = match params.raw("newKey")? {
        Some(_) => Some(key_param(&params, "newKey")?),
        None => None,
    };
    let (min, max) = (number_param(&params, "min", kind)?, number_param(&params, "max", kind)?);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let loaded = super::collection(conn, &database_id, &collection_id, true)?;
            let mut attr =
                loaded.attrs.iter().find(|a| a.key == key).cloned().ok_or_else(|| with_id(catalogue::ATTRIBUTE_NOT_FOUND, &key))?;
            if attr.kind != kind {
                return Err(with_id(catalogue::ATTRIBUTE_TYPE_INVALID, &key));
            }
            attr.required = required;
            attr.default = default;
            if let Some(elements) = elements {
                attr.elements = elements;
            }
            if matches!(kind, AttrType::Integer | AttrType::BigInt | AttrType::Float) {
                let min = if min.is_null() { attr.min.clone() } else { min };
                let max = if max.is_null() { attr.max.clone() } else { max };
                (attr.min, attr.max) = bounds(kind, min, max, &attr.default)?;
            }
            if let Some(size) = size {
                // Shrinking below stored data would cut documents: Appwrite refuses.
                let too_long: bool = conn.query_row(
                    &format!("SELECT EXISTS (SELECT 1 FROM {} WHERE length({}) > ?)", docs_table(loaded.collection.seq), column(&key)),
                    [size],
                    |r| r.get(0),
                )?;
                if too_long && !attr.array {
                    return Err(ApiError::new(catalogue::ATTRIBUTE_INVALID_RESIZE));
                }
                attr.size = size;
            }
            check_default(&attr)?;
            if let Some(new_key) = new_key {
                attr.key = new_key;
            }
            attr.updated_at = crate::time::now();
            if !schema::update_attribute(conn, loaded.collection.seq, &key, &attr)? {
                return Err(with_id(catalogue::ATTRIBUTE_ALREADY_EXISTS, &attr.key));
            }
            Ok(models::databases::attribute(&attr))
        })
        .await?;
    Ok(respond::ok(body))
}

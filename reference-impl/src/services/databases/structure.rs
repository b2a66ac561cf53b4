//! Document structure validation against a collection's attributes, with the messages of
//! utopia-php/database's `Structure` validator, answered as 400 `document_invalid_structure`.

use serde_json::{Map, Value};

use crate::catalogue;
use crate::error::{ApiError, ApiResult};
use crate::params::is_email;
use crate::store::databases::schema::{AttrDef, AttrType};

pub fn is_ip(s: &str) -> bool {
    s.parse::<std::net::IpAddr>().is_ok()
}

/// A URL as PHP's FILTER_VALIDATE_URL sees one: a scheme, `://`, a host, no whitespace.
pub fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !scheme.is_empty()
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !host.is_empty()
        && !s.chars().any(char::is_whitespace)
}

pub fn is_datetime(s: &str) -> bool {
    crate::time::parse_client(s).is_some()
}

/// Datetimes are stored in Appwrite's one format so they compare as strings.
pub fn normalise(kind: AttrType, value: Value) -> Value {
    match (kind, &value) {
        (AttrType::Datetime, Value::String(s)) => crate::time::parse_client(s).map_or(value, |t| Value::String(crate::time::format(t))),
        (AttrType::Datetime, Value::Array(items)) => Value::Array(items.iter().map(|v| normalise(kind, v.clone())).collect()),
        (AttrType::Polygon, _) => super::spatial::normalise(kind, value),
        _ => value,
    }
}

/// Checks one non-null scalar against the attribute; the error is the validator's description.
pub fn check_value(a: &AttrDef, value: &Value) -> Result<(), String> {
    if a.kind.is_spatial() {
        return super::spatial::check(a.kind, value);
    }
    let fits = match a.kind {
        k if k.is_text() => value.as_str().is_some_and(|s| s.chars().count() as i64 <= a.size),
        AttrType::Integer | AttrType::BigInt => {
            value.as_i64().is_some_and(|n| a.min.as_i64().is_none_or(|lo| n >= lo) && a.max.as_i64().is_none_or(|hi| n <= hi))
        }
        AttrType::Float => {
            value.as_f64().is_some_and(|f| a.min.as_f64().is_none_or(|lo| f >= lo) && a.max.as_f64().is_none_or(|hi| f <= hi))
        }
        AttrType::Boolean => value.is_boolean(),
        AttrType::Email => value.as_str().is_some_and(is_email),
        AttrType::Enum => value.as_str().is_some_and(|s| a.elements.iter().any(|e| e == s)),
        AttrType::Ip => value.as_str().is_some_and(is_ip),
        AttrType::Url => value.as_str().is_some_and(is_url),
        AttrType::Datetime => value.as_str().is_some_and(is_datetime),
        _ => false,
    };
    if fits {
        return Ok(());
    }
    Err(match a.kind {
        k if k.is_text() => format!("Value must be a valid string and no longer than {} chars", a.size),
        AttrType::Integer | AttrType::BigInt if value.is_i64() => format!("Value must be a valid range between {} and {}", a.min, a.max),
        AttrType::Integer | AttrType::BigInt => "Value must be a valid integer".into(),
        AttrType::Float if value.is_number() => format!("Value must be a valid range between {} and {}", a.min, a.max),
        AttrType::Float => "Value must be a valid float".into(),
        AttrType::Boolean => "Value must be a valid boolean".into(),
        AttrType::Email => "Value must be a valid email address".into(),
        AttrType::Enum => format!("Value must be one of ({})", a.elements.join(", ")),
        AttrType::Ip => "Value must be a valid IP address".into(),
        AttrType::Url => "Value must be a valid URL".into(),
        AttrType::Datetime => "Value must be valid date between 0000-01-01 00:00:00 and 9999-12-31 23:59:59.".into(),
        AttrType::Relationship => "Value must be a document or a document ID".into(),
        _ => "Value must be valid date between 0000-01-01 00:00:00 and 9999-12-31 23:59:59.".into(),
    })
}

fn invalid(message: String) -> ApiError {
    ApiError::with_message(catalogue::DOCUMENT_INVALID_STRUCTURE, format!("Invalid document structure: {message}"))
}

/// Validates `data` (the document's attribute values, system `$` keys already taken out)
/// and returns the complete attribute map: stored values in `base` (an existing document)
/// overlaid with `data`, defaults for what neither has.
pub fn validate(attrs: &[AttrDef], base: Option<&Map<String, Value>>, data: &Map<String, Value>) -> ApiResult<Map<String, Value>> {
    if let Some(unknown) = data.keys().find(|k| !attrs.iter().any(|a| &a.key == *k)) {
        return Err(invalid(format!("Unknown attribute: \"{unknown}\"")));
    }
    let mut out = Map::new();
    for a in attrs {
        let value = match (data.get(&a.key), base) {
            (Some(v), _) => v.clone(),
            (None, Some(b)) => b.get(&a.key).cloned().unwrap_or(Value::Null),
            (None, None) => a.default.clone(),
        };
        let value = normalise(a.kind, value);
        if value.is_null() {
            if a.required {
                return Err(invalid(format!("Missing required attribute \"{}\"", a.key)));
            }
        } else if a.array {
            let Value::Array(items) = &value else {
                return Err(invalid(format!("Attribute \"{}\" must be an array", a.key)));
            };
            for (i, item) in items.iter().enumerate() {
                check_value(a, item)
                    .map_err(|why| invalid(format!("Attribute \"{}['{i}']\" has invalid {}. {why}", a.key, kind_word(a))))?;
            }
        } else {
            check_value(a, &value).map_err(|why| invalid(format!("Attribute \"{}\" has invalid {}. {why}", a.key, kind_word(a))))?;
        }
        out.insert(a.key.clone(), value);
    }
    Ok(out)
}

/// utopia says "type" for type/range failures and "format" for formatted strings.
fn kind_word(a: &AttrDef) -> &'static str {
    match a.kind {
        // bigint carries its range as a format (`bigintRange`).
        AttrType::Email | AttrType::Enum | AttrType::Ip | AttrType::Url | AttrType::BigInt => "format",
        _ => "type",
    }
}

//! Request params, merged the way Appwrite merges them: the query string first, then a JSON
//! (or form-encoded) body on top. Typed getters validate and answer with Appwrite's
//! messages (`Param "x" is not optional.`, ``Invalid `x` param: …``), all as 400
//! `general_argument_invalid`.
//!
//! Parsing never rejects the request by itself: a malformed body is remembered and reported
//! by the first getter, so authentication, scope and rate-limit checks (which Appwrite runs
//! before param validation) keep their order.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::Method;
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult};

/// Appwrite caps array params at 100 items (`APP_LIMIT_ARRAY_PARAMS_SIZE`).
pub const MAX_ARRAY_ITEMS: usize = 100;

#[derive(Debug, Default)]
pub struct Params {
    values: Map<String, Value>,
    body_error: Option<String>,
}

impl<S: Send + Sync> FromRequest<S> for Params {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Params, ApiError> {
        let mut params = Params::default();
        if let Some(query) = req.uri().query() {
            merge_form(&mut params.values, query.as_bytes());
        }
        // Appwrite reads a GET's params from the query string alone: whatever Content-Type
        // and body a client sends with it (the Python SDK an empty type, the CLI a multipart
        // one without a boundary) are ignored.
        if req.method() == Method::GET || req.method() == Method::HEAD {
            return Ok(params);
        }
        let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
        let body = match Bytes::from_request(req, state).await {
            Ok(body) => body,
            Err(rejection) => {
                params.body_error = Some(format!("Request body could not be read: {rejection}"));
                return Ok(params);
            }
        };
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(params);
        }
        if content_type.starts_with("application/x-www-form-urlencoded") {
            merge_form(&mut params.values, &body);
        } else if content_type.starts_with("multipart/") {
            // Multipart routes (file uploads) read their own body; nothing to merge here.
        } else {
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(map)) => params.values.extend(map),
                Ok(_) => params.body_error = Some("Request body must be a JSON object.".into()),
                Err(err) => params.body_error = Some(format!("Request body is not valid JSON: {err}")),
            }
        }
        Ok(params)
    }
}

/// Adds `a=1&b[]=2&b[]=3&c[0]=4` style pairs: `name[]` and `name[N]` build arrays (PHP's
/// convention, which the SDKs use for `queries`), anything else is a string.
fn merge_form(values: &mut Map<String, Value>, input: &[u8]) {
    merge_pairs(values, form_urlencoded::parse(input).map(|(k, v)| (k.into_owned(), v.into_owned())));
}

fn merge_pairs(values: &mut Map<String, Value>, pairs: impl IntoIterator<Item = (String, String)>) {
    let mut indexed: Vec<(String, usize, String)> = Vec::new();
    for (key, value) in pairs {
        if let Some(open) = key.find('[').filter(|_| key.ends_with(']')) {
            let name = key[..open].to_string();
            let inner = &key[open + 1..key.len() - 1];
            let position = if inner.is_empty() { usize::MAX } else { inner.parse().unwrap_or(usize::MAX) };
            indexed.push((name, position, value));
        } else {
            values.insert(key, Value::String(value));
        }
    }
    // Stable sort keeps `[]` entries (position MAX) in arrival order after numbered ones.
    indexed.sort_by_key(|(_, position, _)| *position);
    for (name, _, value) in indexed {
        match values.get_mut(&name) {
            Some(Value::Array(items)) => items.push(Value::String(value)),
            _ => {
                values.insert(name, Value::Array(vec![Value::String(value)]));
            }
        }
    }
}

fn invalid(name: &str, description: &str) -> ApiError {
    ApiError::argument(format!("Invalid `{name}` param: {description}"))
}

fn not_optional(name: &str) -> ApiError {
    ApiError::argument(format!("Param \"{name}\" is not optional."))
}

/// Formats an integer the way PHP's number_format does in Appwrite's range messages.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

impl Params {
    /// Params built directly (tests, internal calls).
    pub fn from_map(values: Map<String, Value>) -> Params {
        Params { values, body_error: None }
    }

    /// Params from the text fields of a multipart form (file uploads), with the same
    /// `name[]` / `name[N]` array convention as form bodies.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Params {
        let mut params = Params::default();
        merge_pairs(&mut params.values, pairs);
        params
    }

    fn checked(&self) -> ApiResult<()> {
        match &self.body_error {
            Some(message) => Err(ApiError::argument(message.clone())),
            None => Ok(()),
        }
    }

    /// The raw value, `None` when absent or JSON `null` (Appwrite treats both as not given).
    pub fn raw(&self, name: &str) -> ApiResult<Option<&Value>> {
        self.checked()?;
        Ok(self.values.get(name).filter(|v| !v.is_null()))
    }

    /// A raw value as text, for rate-limit keys (`{param-email}`); never fails.
    pub fn raw_text(&self, name: &str) -> Option<String> {
        match self.values.get(name)? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Null => None,
            Value::String(_) => None,
            other => Some(other.to_string()),
        }
    }

    /// An optional string of at most `max` chars (Appwrite's `Text` validator).
    pub fn text(&self, name: &str, max: usize) -> ApiResult<Option<String>> {
        match self.raw(name)? {
            None => Ok(None),
            Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
            Some(_) => Err(invalid(name, &format!("Value must be a valid string and no longer than {max} chars"))),
        }
    }

    pub fn required_text(&self, name: &str, max: usize) -> ApiResult<String> {
        self.text(name, max)?.ok_or_else(|| not_optional(name))
    }

    /// A required ID for a new resource; `unique()` generates one.
    pub fn required_custom_id(&self, name: &str) -> ApiResult<String> {
        let raw = self.required_text(name, usize::MAX).map_err(|e| match self.values.get(name) {
            Some(v) if !v.is_null() && !v.is_string() => invalid(name, crate::ids::ID_RULE),
            _ => e,
        })?;
        crate::ids::custom(name, &raw)
    }

    pub fn email(&self, name: &str) -> ApiResult<Option<String>> {
        match self.raw(name)? {
            None => Ok(None),
            Some(Value::String(s)) if is_email(s) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(name, "Value must be a valid email address")),
        }
    }

    pub fn required_email(&self, name: &str) -> ApiResult<String> {
        self.email(name)?.ok_or_else(|| not_optional(name))
    }

    /// A password in Appwrite's accepted length range (8 to 256 chars).
    pub fn password(&self, name: &str) -> ApiResult<Option<String>> {
        match self.raw(name)? {
            None => Ok(None),
            Some(Value::String(s)) if (8..=256).contains(&s.chars().count()) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(name, "Password must be between 8 and 256 characters long.")),
        }
    }

    pub fn required_password(&self, name: &str) -> ApiResult<String> {
        self.password(name)?.ok_or_else(|| not_optional(name))
    }

    /// A phone number in E.164 form: `+` then 1 to 15 digits.
    pub fn phone(&self, name: &str) -> ApiResult<Option<String>> {
        match self.raw(name)? {
            None => Ok(None),
            Some(Value::String(s)) if is_phone(s) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(name, "Phone number must start with a '+' can have a maximum of fifteen digits.")),
        }
    }

    /// An integer in `min..=max`; query-string values are parsed from text.
    pub fn int(&self, name: &str, min: i64, max: i64) -> ApiResult<Option<i64>> {
        let value = match self.raw(name)? {
            None => return Ok(None),
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
            Some(_) => None,
        };
        match value {
            Some(v) if (min..=max).contains(&v) => Ok(Some(v)),
            _ => Err(invalid(name, &format!("Value must be a valid range between {} and {}", thousands(min), thousands(max)))),
        }
    }

    /// An optional datetime that has not passed yet (`Nullable(Datetime(requireDateInFuture))`),
    /// in the wire format; `null` and absent are both `None`.
    pub fn future_datetime(&self, name: &str) -> ApiResult<Option<String>> {
        let parsed = match self.raw(name)? {
            None => return Ok(None),
            Some(Value::String(s)) => crate::time::parse_client(s),
            Some(_) => None,
        };
        match parsed {
            Some(t) if t >= chrono::Utc::now() => Ok(Some(crate::time::format(t))),
            _ => Err(invalid(
                name,
                "Value must be valid date in the future and between 0000-01-01 00:00:00 and 9999-12-31 00:00:00. or null",
            )),
        }
    }

    /// A boolean; like Appwrite's loose `Boolean(true)`, "true"/"false"/"1"/"0" also count.
    pub fn bool(&self, name: &str) -> ApiResult<Option<bool>> {
        match self.raw(name)? {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s == "true" || s == "1" => Ok(Some(true)),
            Some(Value::String(s)) if s == "false" || s == "0" => Ok(Some(false)),
            Some(Value::Number(n)) if n.as_i64() == Some(1) => Ok(Some(true)),
            Some(Value::Number(n)) if n.as_i64() == Some(0) => Ok(Some(false)),
            Some(_) => Err(invalid(name, "Value must be a valid boolean")),
        }
    }

    /// An array of strings, each at most `max_len` chars, at most 100 items. A single
    /// string (e.g. `queries=...` without brackets) counts as a one-item array.
    pub fn string_array(&self, name: &str, max_len: usize) -> ApiResult<Option<Vec<String>>> {
        let description = format!(
            "Value must a valid array no longer than {MAX_ARRAY_ITEMS} items and Value must be a valid string and no longer than {max_len} chars"
        );
        let items: Vec<Value> = match self.raw(name)? {
            None => return Ok(None),
            Some(Value::Array(items)) => items.clone(),
            Some(Value::String(s)) => vec![Value::String(s.clone())],
            Some(_) => return Err(invalid(name, &description)),
        };
        if items.len() > MAX_ARRAY_ITEMS {
            return Err(invalid(name, &description));
        }
        items
            .into_iter()
            .map(|item| match item {
                Value::String(s) if s.chars().count() <= max_len => Ok(s),
                _ => Err(invalid(name, &description)),
            })
            .collect::<ApiResult<Vec<String>>>()
            .map(Some)
    }
}

/// A pragmatic email check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    !local.is_empty()
        && !local.contains('@')
        && s.len() <= 254
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

fn is_phone(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else { return false };
    (1..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(v: Value) -> Params {
        match v {
            Value::Object(map) => Params::from_map(map),
            _ => Params::default(),
        }
    }

    #[test]
    fn query_string_arrays_in_both_forms() {
        let mut map = Map::new();
        merge_form(&mut map, b"queries[1]=b&queries[0]=a&x=1&tags[]=p&tags[]=q");
        assert_eq!(Value::Object(map), json!({"queries": ["a", "b"], "x": "1", "tags": ["p", "q"]}));
    }

    #[test]
    fn typed_getters_report_appwrite_messages() {
        let p = params(json!({"name": 5, "duration": 4000, "ok": "true", "email": "nope"}));
        assert_eq!(
            p.text("name", 128).map_err(|e| e.message).err().as_deref(),
            Some("Invalid `name` param: Value must be a valid string and no longer than 128 chars")
        );
        assert_eq!(
            p.int("duration", 0, 3600).map_err(|e| e.message).err().as_deref(),
            Some("Invalid `duration` param: Value must be a valid range between 0 and 3,600")
        );
        assert_eq!(p.bool("ok").ok().flatten(), Some(true));
        assert!(p.email("email").is_err());
        assert_eq!(p.required_text("missing", 10).map_err(|e| e.message).err().as_deref(), Some("Param \"missing\" is not optional."));
    }

    #[test]
    fn emails() {
        assert!(is_email("a.b+c@example.co"));
        assert!(!is_email("a@b"));
        assert!(!is_email("a b@example.com"));
        assert!(!is_email("@example.com"));
    }
}

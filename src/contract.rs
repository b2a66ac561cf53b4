//! The Appwrite REST contract (operations, response models, error catalogue) and the checks
//! that hold a server's responses to it.
//!
//! The data is `contract/contract.json`, generated from the spec by
//! `tools/derive_contract.py` and compiled into the binary, so a run never needs the spec
//! files. See `contract/README.md` for the id scheme and how to regenerate.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

const CONTRACT_JSON: &str = include_str!("../contract/contract.json");

/// The contract, parsed on first use.
pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        // The file is generated and compiled in; the unit tests parse it, so a failure here
        // means the build itself is broken, not the target.
        serde_json::from_str(CONTRACT_JSON).expect("contract/contract.json does not parse")
    })
}

#[derive(Debug, Clone, Deserialize)]
pub struct Contract {
    /// The server version the contract describes (the `version` of 1.9.6 error bodies).
    pub version: String,
    /// `info.version` of the OpenAPI file the models were taken from.
    pub spec_version: String,
    /// HTTP statuses an error may carry; Appwrite sends any other exception code as 500.
    pub public_error_codes: Vec<u16>,
    pub operations: Vec<Operation>,
    pub models: BTreeMap<String, Model>,
    pub errors: BTreeMap<String, ErrorType>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Operation {
    /// `<service>.<sdk_method>`, e.g. `storage.createFile`, `tablesDB.createRow`.
    pub id: String,
    pub service: String,
    pub sdk_method: String,
    /// Further SDK methods served by the same route (batch and alias methods).
    pub extra_sdk_methods: Vec<SdkMethod>,
    pub http_method: String,
    /// Spec form without `/v1`, e.g. `/storage/buckets/{bucketId}/files`.
    pub path: String,
    /// Auth modes the server accepts: `Project`, `Key`, `Session`, `JWT`.
    pub auth: Vec<String>,
    /// Auth modes the SDK method is generated for.
    pub sdk_auth: Vec<String>,
    /// Alternatives: holding any one of them is enough.
    pub scopes: Vec<String>,
    pub rate_limit: Option<RateLimit>,
    pub success_status: u16,
    pub response: ResponseKind,
    pub request_content_type: Option<String>,
    pub required_params: Vec<Param>,
    pub optional_params: Vec<Param>,
    /// Chunked upload (`x-appwrite.type = upload`).
    pub upload: bool,
    pub deprecated: bool,
}

/// Another SDK method on an operation's route, e.g. `createDocuments` on `POST …/documents`.
#[derive(Debug, Clone, Deserialize)]
pub struct SdkMethod {
    pub sdk_method: String,
    pub auth: Vec<String>,
    pub required_params: Vec<String>,
    pub optional_params: Vec<String>,
    pub success_status: u16,
    pub response: ResponseKind,
    pub deprecated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RateLimit {
    pub limit: u32,
    pub window_seconds: u64,
    /// Key templates such as `url:{url},ip:{ip}`; each is counted separately.
    pub keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawResponse")]
pub enum ResponseKind {
    /// A JSON body of this model (a key of [`Contract::models`]).
    Model(String),
    /// 204 with an empty body.
    NoContent,
    /// Raw bytes (download, view, preview).
    Bytes,
    /// Plain text (`/ping`).
    Text,
}

/// The JSON form of a response: `{"kind": "model", "model": "file"}`, `{"kind": "none"}`, …
#[derive(Deserialize)]
struct RawResponse {
    kind: String,
    model: Option<String>,
}

impl TryFrom<RawResponse> for ResponseKind {
    type Error = String;

    fn try_from(raw: RawResponse) -> Result<Self, String> {
        match (raw.kind.as_str(), raw.model) {
            ("model", Some(model)) => Ok(ResponseKind::Model(model)),
            ("none", None) => Ok(ResponseKind::NoContent),
            ("bytes", None) => Ok(ResponseKind::Bytes),
            ("text", None) => Ok(ResponseKind::Text),
            (kind, model) => Err(format!("bad response kind {kind:?} with model {model:?}")),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Param {
    pub name: String,
    /// string | integer | number | boolean | object | array
    #[serde(rename = "type")]
    pub kind: String,
    /// e.g. `int32`, `email`, `datetime`, `binary`
    pub format: Option<String>,
    /// Element type of an array param, e.g. `string`.
    pub items: Option<String>,
    /// path | query | body (JSON) | form (multipart)
    #[serde(rename = "in")]
    pub location: String,
    #[serde(rename = "enum")]
    pub allowed: Vec<String>,
    pub default: Option<Value>,
    pub nullable: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Model {
    pub fields: Vec<Field>,
    /// Declared open (`document`, `row`, `preferences`). Checks accept extra fields on every
    /// model anyway, since Appwrite adds fields across versions.
    pub additional_properties: bool,
    /// Non-empty for a union: the value must match one of these models.
    #[serde(default)]
    pub one_of: Vec<String>,
    /// For a union: the property values (e.g. `{"type": "string", "format": "email"}`) that
    /// select each alternative.
    #[serde(default)]
    pub discriminator: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    pub name: String,
    pub required: bool,
    #[serde(flatten)]
    pub schema: Schema,
}

/// The shape of a field's value, or of an array's elements.
#[derive(Debug, Clone, Deserialize)]
pub struct Schema {
    #[serde(rename = "type")]
    pub kind: ValueType,
    pub nullable: bool,
    /// Nested model (for objects) by name.
    pub model: Option<String>,
    pub items: Option<Box<Schema>>,
    #[serde(rename = "enum", default)]
    pub allowed: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorType {
    pub code: u16,
    pub message: String,
}

impl Contract {
    /// The operation with this id; ids of extra SDK methods (`databases.createDocuments`)
    /// resolve to the route that serves them.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.id == id).or_else(|| {
            let (service, method) = id.split_once('.')?;
            self.operations.iter().find(|op| op.service == service && op.extra_sdk_methods.iter().any(|m| m.sdk_method == method))
        })
    }

    /// Match a concrete request (method, path without the /v1 prefix and query, e.g.
    /// "/storage/buckets/b1/files/f1") to its route template; literal segments beat
    /// parameters ("/account/sessions/email" vs "/account/sessions/{sessionId}").
    pub fn match_request(&self, method: &str, path: &str) -> Option<&Operation> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = path.strip_prefix("/v1").filter(|p| p.starts_with('/')).unwrap_or(path);
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        self.operations
            .iter()
            .filter(|op| op.http_method.eq_ignore_ascii_case(method))
            .filter_map(|op| route_specificity(&op.path, &segments).map(|rank| (rank, op)))
            // At the first segment where two candidates differ, the literal one wins.
            .max_by(|(a, _), (b, _)| a.cmp(b))
            .map(|(_, op)| op)
    }

    /// Service names, sorted.
    pub fn services(&self) -> Vec<&str> {
        let mut services: Vec<&str> = self.operations.iter().map(|op| op.service.as_str()).collect();
        services.sort_unstable();
        services.dedup();
        services
    }
}

/// Per segment, whether the template matched it literally; None when it does not match.
fn route_specificity(template: &str, segments: &[&str]) -> Option<Vec<bool>> {
    let parts: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    parts
        .iter()
        .zip(segments)
        .map(|(part, segment)| {
            if part.starts_with('{') && part.ends_with('}') {
                (!segment.is_empty()).then_some(false)
            } else {
                (part == segment).then_some(true)
            }
        })
        .collect()
}

/// A precise, human-readable disagreement: where (JSON path) and what (expected vs actual).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub message: String,
}

impl Violation {
    fn new(path: &str, message: impl Into<String>) -> Self {
        Violation { path: path.to_string(), message: message.into() }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Check a JSON value against a model (required fields present, types right, nested models
/// and arrays recursively; null only where nullable; unknown extra fields allowed, since
/// Appwrite adds fields across versions, and nothing reported for them).
pub fn check_model(model: &str, value: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    check_against_model(contract(), model, value, "$", &mut out);
    out
}

fn check_against_model(c: &Contract, name: &str, value: &Value, path: &str, out: &mut Vec<Violation>) {
    let Some(model) = c.models.get(name) else {
        out.push(Violation::new(path, format!("the contract has no model `{name}`")));
        return;
    };
    if !model.one_of.is_empty() {
        check_union(c, model, value, path, out);
        return;
    }
    let Some(object) = value.as_object() else {
        out.push(Violation::new(path, format!("expected object ({name}), got {}", describe(value))));
        return;
    };
    for field in &model.fields {
        match object.get(&field.name) {
            Some(v) => check_schema(c, &field.schema, v, &field_path(path, &field.name), out),
            None if field.required => {
                out.push(Violation::new(path, format!("missing required field `{}` ({})", field.name, type_name(&field.schema))))
            }
            None => {}
        }
    }
}

/// A union passes when one alternative passes. Alternatives are narrowed by the
/// discriminator first (an attribute with `"type": "integer"` must be an attributeInteger),
/// so a bad value is reported against the model it claims to be, not the laxest one.
fn check_union(c: &Contract, union: &Model, value: &Value, path: &str, out: &mut Vec<Violation>) {
    let selected = |alt: &&String| match union.discriminator.get(alt.as_str()) {
        Some(props) => props.iter().all(|(k, v)| value.get(k).and_then(Value::as_str) == Some(v)),
        None => true,
    };
    if !value.is_object() {
        out.push(Violation::new(path, format!("expected object (one of {}), got {}", union.one_of.join(" | "), describe(value))));
        return;
    }
    let candidates: Vec<&String> = union.one_of.iter().filter(selected).collect();
    if candidates.is_empty() {
        let props: Vec<String> = discriminator_props(union)
            .into_iter()
            .map(|k| format!("{k}={}", value.get(k).map_or("absent".to_string(), describe)))
            .collect();
        out.push(Violation::new(path, format!("expected one of {}, got a value with {}", union.one_of.join(" | "), props.join(", "))));
        return;
    }
    let mut best: Option<(&String, Vec<Violation>)> = None;
    for alt in candidates {
        let mut found = Vec::new();
        check_against_model(c, alt, value, path, &mut found);
        if found.is_empty() {
            return;
        }
        if best.as_ref().is_none_or(|(_, b)| found.len() < b.len()) {
            best = Some((alt, found));
        }
    }
    if let Some((alt, found)) = best {
        out.extend(found.into_iter().map(|v| Violation { message: format!("(as {alt}) {}", v.message), ..v }));
    }
}

fn discriminator_props(union: &Model) -> Vec<&str> {
    let mut props: Vec<&str> = union.discriminator.values().flat_map(|p| p.keys().map(String::as_str)).collect();
    props.sort_unstable();
    props.dedup();
    props
}

fn check_schema(c: &Contract, schema: &Schema, value: &Value, path: &str, out: &mut Vec<Violation>) {
    if value.is_null() {
        if !schema.nullable && schema.kind != ValueType::Any {
            out.push(Violation::new(path, format!("expected {}, got null", type_name(schema))));
        }
        return;
    }
    let type_ok = match schema.kind {
        ValueType::String => value.is_string(),
        // JSON has one number type; an integer field must not carry a fraction or exponent
        // form that serde_json reads as a float.
        ValueType::Integer => value.is_i64() || value.is_u64(),
        ValueType::Number => value.is_number(),
        ValueType::Boolean => value.is_boolean(),
        ValueType::Object => value.is_object(),
        ValueType::Array => value.is_array(),
        ValueType::Any => true,
    };
    if !type_ok {
        out.push(Violation::new(path, format!("expected {}, got {}", type_name(schema), describe(value))));
        return;
    }
    if let (Some(s), false) = (value.as_str(), schema.allowed.is_empty()) {
        if !schema.allowed.iter().any(|a| a == s) {
            out.push(Violation::new(path, format!("expected one of [{}], got {}", schema.allowed.join(", "), describe(value))));
        }
    }
    if let Some(model) = &schema.model {
        check_against_model(c, model, value, path, out);
    }
    if let (Some(items), Some(elements)) = (&schema.items, value.as_array()) {
        for (i, element) in elements.iter().enumerate() {
            check_schema(c, items, element, &format!("{path}[{i}]"), out);
        }
    }
}

fn field_path(parent: &str, name: &str) -> String {
    format!("{parent}.{name}")
}

fn type_name(schema: &Schema) -> String {
    match (&schema.kind, &schema.model, &schema.items) {
        (ValueType::Object, Some(model), _) => format!("object ({model})"),
        (ValueType::Array, _, Some(items)) => format!("array of {}", type_name(items)),
        (kind, _, _) => format!("{kind:?}").to_lowercase(),
    }
}

/// A short description of a value for messages: `string "12"`, `integer 12`, `null`, `object`.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) if n.is_i64() || n.is_u64() => format!("integer {n}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {}", Value::String(truncate(s, 80))),
        Value::Array(a) => format!("array of {} element(s)", a.len()),
        Value::Object(_) => "object".to_string(),
    }
}

fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max_chars).collect::<String>())
    }
}

/// Check an error body: object with message (string), code (integer equal to the HTTP
/// status), type (string, a catalogue type whose code equals the status), version (string).
pub fn check_error_body(status: u16, body: &Value) -> Vec<Violation> {
    let c = contract();
    // The `error` model carries the field types (with `code` corrected to integer).
    let mut out = check_model("error", body);
    if let Some(code) = body.get("code").and_then(Value::as_u64) {
        if code != u64::from(status) {
            out.push(Violation::new("$.code", format!("expected {status} (the HTTP status), got integer {code}")));
        }
    }
    if let Some(kind) = body.get("type").and_then(Value::as_str) {
        match c.errors.get(kind) {
            None => out.push(Violation::new("$.type", format!("expected an error type from the catalogue, got unknown type {kind:?}"))),
            // Appwrite sends codes outside the public list as 500 (e.g. transaction_expired, 410).
            Some(e) if e.code == status || (status == 500 && !c.public_error_codes.contains(&e.code)) => {}
            Some(e) => out.push(Violation::new(
                "$.type",
                format!("{kind:?} is a {} error in the catalogue, but the response status is {status}", e.code),
            )),
        }
    }
    out
}

/// Check a whole response for its operation: on 2xx the status equals success_status and
/// the body matches the response kind (model → JSON object checked with check_model,
/// Content-Type application/json; NoContent → 204 with empty body; Bytes → any); on
/// 4xx/5xx the error shape.
pub fn check_response(op: &Operation, status: u16, content_type: Option<&str>, body: &[u8]) -> Vec<Violation> {
    match status {
        200..=299 => check_success(op, status, content_type, body),
        400..=599 => {
            let mut out = Vec::new();
            if let Some(value) = read_json(content_type, body, &mut out) {
                out.extend(check_error_body(status, &value));
            }
            out
        }
        _ => vec![Violation::new("status", format!("expected {} or an error status for {}, got {status}", op.success_status, op.id))],
    }
}

/// A route can answer for several SDK methods (createDocument / createDocuments), so a
/// success passes when it fits any of them; otherwise the closest one is reported.
fn check_success(op: &Operation, status: u16, content_type: Option<&str>, body: &[u8]) -> Vec<Violation> {
    let variants: Vec<(&str, u16, &ResponseKind)> = std::iter::once((op.id.as_str(), op.success_status, &op.response))
        .chain(op.extra_sdk_methods.iter().map(|m| (m.sdk_method.as_str(), m.success_status, &m.response)))
        .collect();
    // Download/view/preview answer a Range request with 206 Partial Content.
    let status_fits = |expected: u16, kind: &ResponseKind| status == expected || (*kind == ResponseKind::Bytes && status == 206);
    let mut out = Vec::new();
    let mut candidates: Vec<&ResponseKind> = variants.iter().filter(|(_, s, k)| status_fits(*s, k)).map(|(_, _, k)| *k).collect();
    if candidates.is_empty() {
        let expected: Vec<String> = variants.iter().map(|(name, s, _)| format!("{s} ({name})")).collect();
        out.push(Violation::new("status", format!("expected {}, got {status}", expected.join(" or "))));
        candidates = variants.iter().map(|(_, _, k)| *k).collect();
    }
    let mut best: Option<Vec<Violation>> = None;
    for kind in candidates {
        let found = check_body(kind, content_type, body);
        if found.is_empty() {
            return out;
        }
        if best.as_ref().is_none_or(|b| found.len() < b.len()) {
            best = Some(found);
        }
    }
    out.extend(best.unwrap_or_default());
    out
}

fn check_body(kind: &ResponseKind, content_type: Option<&str>, body: &[u8]) -> Vec<Violation> {
    match kind {
        ResponseKind::Model(model) => {
            let mut out = Vec::new();
            if let Some(value) = read_json(content_type, body, &mut out) {
                out.extend(check_model(model, &value));
            }
            out
        }
        ResponseKind::NoContent if body.is_empty() => Vec::new(),
        ResponseKind::NoContent => vec![Violation::new("body", format!("expected an empty body, got {} bytes", body.len()))],
        ResponseKind::Bytes => Vec::new(),
        ResponseKind::Text => {
            let mut out = Vec::new();
            if !media_type(content_type).is_some_and(|m| m.starts_with("text/")) {
                out.push(Violation::new("content-type", format!("expected text/plain, got {}", content_type.unwrap_or("no Content-Type"))));
            }
            if std::str::from_utf8(body).is_err() {
                out.push(Violation::new("body", "expected UTF-8 text, got invalid UTF-8"));
            }
            out
        }
    }
}

/// The body as JSON, recording why it cannot be read as such. A wrong Content-Type is
/// reported but a JSON body is still returned, so its content gets checked too.
fn read_json(content_type: Option<&str>, body: &[u8], out: &mut Vec<Violation>) -> Option<Value> {
    if media_type(content_type).as_deref() != Some("application/json") {
        out.push(Violation::new("content-type", format!("expected application/json, got {}", content_type.unwrap_or("no Content-Type"))));
    }
    match serde_json::from_slice(body) {
        Ok(value) => Some(value),
        Err(e) => {
            let preview = truncate(&String::from_utf8_lossy(body), 80);
            out.push(Violation::new("body", format!("expected a JSON body, got {preview:?} ({e})")));
            None
        }
    }
}

/// `Application/JSON; charset=utf-8` → `application/json`.
fn media_type(content_type: Option<&str>) -> Option<String> {
    content_type.map(|ct| ct.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn valid_file() -> Value {
        json!({
            "$id": "f1", "bucketId": "b1",
            "$createdAt": "2020-10-15T06:38:00.000+00:00", "$updatedAt": "2020-10-15T06:38:00.000+00:00",
            "$permissions": ["read(\"any\")"], "name": "pink.png",
            "signature": "5d529fd02b544198ae075bd57c1762bb", "mimeType": "image/png",
            "sizeOriginal": 17890, "sizeActual": 17890, "chunksTotal": 1, "chunksUploaded": 1,
            "encryption": false, "compression": "none"
        })
    }

    fn valid_attribute_integer() -> Value {
        json!({
            "key": "age", "type": "integer", "status": "available", "error": "", "required": false,
            "array": false, "$createdAt": "2020-10-15T06:38:00.000+00:00",
            "$updatedAt": "2020-10-15T06:38:00.000+00:00", "min": 0, "max": 150, "default": null
        })
    }

    fn error_body(code: Value, kind: &str) -> Value {
        json!({"message": "Bucket not found", "code": code, "type": kind, "version": "1.9.6"})
    }

    fn with(mut value: Value, key: &str, field: Value) -> Value {
        value[key] = field;
        value
    }

    fn without(mut value: Value, key: &str) -> Value {
        value.as_object_mut().unwrap().remove(key);
        value
    }

    fn op(id: &str) -> &'static Operation {
        contract().operation(id).unwrap_or_else(|| panic!("operation {id} missing from the contract"))
    }

    fn rendered(violations: &[Violation]) -> Vec<String> {
        violations.iter().map(ToString::to_string).collect()
    }

    #[track_caller]
    fn assert_passes(what: &str, input: &dyn fmt::Debug, violations: Vec<Violation>) {
        assert!(violations.is_empty(), "{what}\n input: {input:?}\n expected: no violations\n actual: {:#?}", rendered(&violations));
    }

    /// Asserts that exactly the given violations (rendered with Display) were reported.
    #[track_caller]
    fn assert_violations(what: &str, input: &dyn fmt::Debug, violations: Vec<Violation>, expected: &[&str]) {
        assert_eq!(rendered(&violations), expected, "{what}\n input: {input:?}");
    }

    #[test]
    fn contract_loads_with_every_reference_resolved() {
        let c = contract();
        assert_eq!(c.version, "1.9.6", "error bodies of the described server carry version 1.9.6");
        assert_eq!(c.operations.len(), 224, "222 inventoried routes plus /ping and /health/version");
        assert_eq!(c.errors.len(), 175, "errors.tsv has 175 entries");
        let mut refs: Vec<(String, &str)> = Vec::new();
        for op in &c.operations {
            for kind in std::iter::once(&op.response).chain(op.extra_sdk_methods.iter().map(|m| &m.response)) {
                if let ResponseKind::Model(m) = kind {
                    refs.push((format!("response of {}", op.id), m));
                }
            }
        }
        fn schema_refs<'a>(owner: String, s: &'a Schema, refs: &mut Vec<(String, &'a str)>) {
            if let Some(m) = &s.model {
                refs.push((owner.clone(), m));
            }
            if let Some(items) = &s.items {
                schema_refs(owner, items, refs);
            }
        }
        for (name, model) in &c.models {
            for f in &model.fields {
                schema_refs(format!("{name}.{}", f.name), &f.schema, &mut refs);
            }
            refs.extend(model.one_of.iter().map(|alt| (format!("union {name}"), alt.as_str())));
        }
        let dangling: Vec<_> = refs.iter().filter(|(_, m)| !c.models.contains_key(*m)).collect();
        assert!(dangling.is_empty(), "expected every model reference to resolve; dangling (referrer, model): {dangling:?}");
        let mut ids: Vec<&str> = c.operations.iter().map(|o| o.id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "operation ids must be unique");
    }

    #[test]
    fn operations_carry_the_spec_facts() {
        let create = op("storage.createFile");
        assert_eq!((create.http_method.as_str(), create.path.as_str()), ("POST", "/storage/buckets/{bucketId}/files"));
        assert!(create.upload, "createFile is the chunked-upload route");
        assert_eq!(create.success_status, 201);
        assert_eq!(create.response, ResponseKind::Model("file".into()));
        assert_eq!(create.request_content_type.as_deref(), Some("multipart/form-data"));
        assert_eq!(
            create.rate_limit,
            Some(RateLimit {
                limit: 60,
                window_seconds: 60,
                keys: vec!["ip:{ip},method:{method},url:{url},userId:{userId},chunkId:{chunkId}".into()]
            })
        );
        let file_param = create.required_params.iter().find(|p| p.name == "file").expect("createFile requires `file`");
        assert_eq!((file_param.kind.as_str(), file_param.location.as_str()), ("string", "form"));
        assert_eq!(op("storage.deleteFile").response, ResponseKind::NoContent);
        assert_eq!(op("storage.getFileView").response, ResponseKind::Bytes);
        assert_eq!(op("general.ping").response, ResponseKind::Text);
        assert_eq!(op("health.getVersion").response, ResponseKind::Model("healthVersion".into()));
        assert_eq!(op("tablesDB.createRow").scopes, ["rows.write", "documents.write"]);
        // The 1.9.6 source moved user targets from targets.* to users.* scopes.
        assert_eq!(op("users.listTargets").scopes, ["users.read"]);
        // 1.9.6 deprecates the legacy transactions routes; the 1.9.3 spec did not.
        assert!(op("databases.createTransaction").deprecated);
        assert!(!op("tablesDB.createTransaction").deprecated);
        let gravity = op("storage.getFilePreview").optional_params.iter().find(|p| p.name == "gravity").unwrap();
        assert_eq!(gravity.default, Some(json!("center")));
        assert!(gravity.allowed.contains(&"top-left".to_string()));
        assert_eq!(contract().services(), ["account", "databases", "general", "health", "storage", "tablesDB", "teams", "tokens", "users"]);
    }

    #[test]
    fn extra_sdk_method_ids_resolve_to_their_route() {
        let batch = op("databases.createDocuments");
        assert_eq!(batch.id, "databases.createDocument", "createDocuments shares POST …/documents with createDocument");
        assert_eq!(op("users.updateMFA").id, "users.updateMfa");
        assert!(contract().operation("storage.noSuchMethod").is_none());
        assert!(contract().operation("nonsense").is_none());
    }

    #[test]
    fn match_request_finds_route_templates() {
        let cases = [
            ("GET", "/storage/buckets/b1/files/f1", Some("storage.getFile")),
            ("get", "/storage/buckets/b1/files/f1/view", Some("storage.getFileView")),
            ("POST", "/account/sessions/email", Some("account.createEmailPasswordSession")),
            ("DELETE", "/account/sessions/current", Some("account.deleteSession")),
            ("DELETE", "/account/sessions", Some("account.deleteSessions")),
            // literal segment beats parameter: /users/{userId} would also match
            ("GET", "/users/identities", Some("users.listIdentities")),
            ("GET", "/users/u1", Some("users.get")),
            ("GET", "/databases/transactions", Some("databases.listTransactions")),
            ("GET", "/databases/db1", Some("databases.get")),
            ("GET", "/tablesdb/transactions/tx1", Some("tablesDB.getTransaction")),
            ("GET", "/tablesdb/transactions/tables", Some("tablesDB.getTransaction")),
            // both …/columns/string/{key} and …/columns/{key}/relationship fit; the first
            // differing segment is literal in the former
            ("PATCH", "/tablesdb/d/tables/t/columns/string/relationship", Some("tablesDB.updateStringColumn")),
            ("PATCH", "/tablesdb/d/tables/t/columns/title/relationship", Some("tablesDB.updateRelationshipColumn")),
            ("PATCH", "/databases/d/collections/c/attributes/relationship/author", Some("databases.updateRelationshipAttribute")),
            ("POST", "/tablesdb/d/tables/t/columns/bigint", Some("tablesDB.createBigIntColumn")),
            ("DELETE", "/users/u1/mfa/authenticators/totp", Some("users.deleteMfaAuthenticator")),
            ("GET", "/v1/teams/t1/memberships?queries[]=x", Some("teams.listMemberships")),
            ("GET", "/teams/", Some("teams.list")),
            ("GET", "/ping", Some("general.ping")),
            ("GET", "/health/version", Some("health.getVersion")),
            ("PATCH", "/storage/buckets/b1/files/f1", None),
            ("GET", "/storage/buckets//files", None),
            ("GET", "/storage/buckets/b1/files/f1/view/extra", None),
            ("GET", "/nothing/here", None),
        ];
        for (method, path, expected) in cases {
            let actual = contract().match_request(method, path).map(|o| o.id.as_str());
            assert_eq!(actual, expected, "match_request({method:?}, {path:?})");
        }
    }

    #[test]
    fn check_model_accepts_a_correct_file_and_ignores_unknown_fields() {
        let input = with(valid_file(), "addedInAFutureVersion", json!({"x": 1}));
        assert_passes("a complete file with an extra field", &input, check_model("file", &input));
    }

    #[test]
    fn check_model_reports_missing_and_mistyped_fields() {
        let input = without(valid_file(), "signature");
        assert_violations(
            "file without signature",
            &input,
            check_model("file", &input),
            &["$: missing required field `signature` (string)"],
        );
        let input = with(valid_file(), "sizeOriginal", json!("12"));
        assert_violations(
            "file with a string size",
            &input,
            check_model("file", &input),
            &["$.sizeOriginal: expected integer, got string \"12\""],
        );
        let input = with(valid_file(), "sizeOriginal", json!(12.5));
        assert_violations(
            "file with a fractional size",
            &input,
            check_model("file", &input),
            &["$.sizeOriginal: expected integer, got number 12.5"],
        );
        let input = with(valid_file(), "name", Value::Null);
        assert_violations("file with a null name", &input, check_model("file", &input), &["$.name: expected string, got null"]);
        let input = with(valid_file(), "$permissions", json!(["read(\"any\")", 7]));
        assert_violations(
            "file with a number among its permissions",
            &input,
            check_model("file", &input),
            &["$.$permissions[1]: expected string, got integer 7"],
        );
        let input = json!(["not", "an", "object"]);
        assert_violations(
            "an array where a file belongs",
            &input,
            check_model("file", &input),
            &["$: expected object (file), got array of 3 element(s)"],
        );
    }

    #[test]
    fn check_model_descends_into_nested_models_and_arrays() {
        let good = json!({"total": 1, "files": [valid_file()]});
        assert_passes("a file list", &good, check_model("fileList", &good));
        let input = json!({"total": 2, "files": [valid_file(), with(valid_file(), "sizeOriginal", json!("12"))]});
        assert_violations(
            "a file list whose second file has a string size",
            &input,
            check_model("fileList", &input),
            &["$.files[1].sizeOriginal: expected integer, got string \"12\""],
        );
        let input = json!({"total": 1, "files": {"0": valid_file()}});
        assert_violations(
            "a file list whose files are an object",
            &input,
            check_model("fileList", &input),
            &["$.files: expected array of object (file), got object"],
        );
    }

    #[test]
    fn check_model_honours_nullable_and_enums() {
        let input = with(valid_attribute_integer(), "min", Value::Null);
        assert_passes("an integer attribute with null min (nullable)", &input, check_model("attributeInteger", &input));
        let input = with(valid_attribute_integer(), "status", json!("ready"));
        assert_violations(
            "an attribute with an unknown status",
            &input,
            check_model("attributeInteger", &input),
            &["$.status: expected one of [available, processing, deleting, stuck, failed], got string \"ready\""],
        );
    }

    #[test]
    fn open_models_accept_user_attributes() {
        let input = json!({
            "$id": "d1", "$sequence": "1", "$collectionId": "c1", "$databaseId": "db1",
            "$createdAt": "2020-10-15T06:38:00.000+00:00", "$updatedAt": "2020-10-15T06:38:00.000+00:00",
            "$permissions": [], "title": "Hello", "tags": ["a"]
        });
        assert_passes("a document with user attributes", &input, check_model("document", &input));
        assert!(contract().models["document"].additional_properties, "document is declared open");
        let input = without(input, "$collectionId");
        assert_violations(
            "a document without $collectionId",
            &input,
            check_model("document", &input),
            &["$: missing required field `$collectionId` (string)"],
        );
    }

    #[test]
    fn unions_are_checked_against_the_alternative_the_discriminator_names() {
        let list = |attribute: Value| json!({"total": 1, "attributes": [attribute]});
        let input = list(valid_attribute_integer());
        assert_passes("an attribute list with an integer attribute", &input, check_model("attributeList", &input));
        let input = list(with(valid_attribute_integer(), "min", json!("zero")));
        assert_violations(
            "an integer attribute with a string min",
            &input,
            check_model("attributeList", &input),
            &["$.attributes[0].min: (as attributeInteger) expected integer, got string \"zero\""],
        );
        let input = list(with(valid_attribute_integer(), "type", json!("hologram")));
        let found = rendered(&check_model("attributeList", &input));
        assert!(
            found.len() == 1
                && found[0].starts_with("$.attributes[0]: expected one of attributeBoolean | ")
                && found[0].ends_with("got a value with format=absent, type=string \"hologram\""),
            "an attribute of unknown type\n input: {input}\n expected: one 'expected one of …' violation\n actual: {found:?}"
        );
        let body = b"\"integer\"";
        let found = rendered(&check_response(op("databases.getAttribute"), 200, Some("application/json"), body));
        assert!(
            found.len() == 1 && found[0].starts_with("$: expected object (one of attributeBoolean | ")
                && found[0].ends_with("got string \"integer\""),
            "get-attribute answering a JSON string\n input: \"integer\"\n expected: one 'expected object (one of …)' violation\n actual: {found:?}"
        );
        // get-attribute answers with the attribute's own model, also for types the spec's
        // narrower oneOf omits (varchar).
        let varchar = json!({
            "key": "title", "type": "varchar", "status": "available", "error": "", "required": true,
            "$createdAt": "2020-10-15T06:38:00.000+00:00", "$updatedAt": "2020-10-15T06:38:00.000+00:00",
            "size": 255
        });
        let body = varchar.to_string();
        assert_passes(
            "get-attribute returning a varchar attribute",
            &body,
            check_response(op("databases.getAttribute"), 200, Some("application/json"), body.as_bytes()),
        );
    }

    #[test]
    fn check_error_body_accepts_appwrite_errors() {
        let input = error_body(json!(404), "storage_bucket_not_found");
        assert_passes("a 404 bucket-not-found error", &input, check_error_body(404, &input));
        let input = json!({"message": "Server Error", "code": 500, "type": "transaction_expired", "version": "1.9.6"});
        assert_passes("a 410-catalogue error sent as 500 (not a public code)", &input, check_error_body(500, &input));
    }

    #[test]
    fn check_error_body_rejects_broken_errors() {
        // The spec's error model types `code` as a string; the server sends an integer.
        let input = error_body(json!("404"), "storage_bucket_not_found");
        assert_violations("code as a string", &input, check_error_body(404, &input), &["$.code: expected integer, got string \"404\""]);
        let input = error_body(json!(400), "storage_bucket_not_found");
        assert_violations(
            "code differing from the status",
            &input,
            check_error_body(404, &input),
            &["$.code: expected 404 (the HTTP status), got integer 400"],
        );
        let input = error_body(json!(404), "bucket_missing");
        assert_violations(
            "a type outside the catalogue",
            &input,
            check_error_body(404, &input),
            &["$.type: expected an error type from the catalogue, got unknown type \"bucket_missing\""],
        );
        let input = error_body(json!(400), "storage_bucket_not_found");
        assert_violations(
            "a 404 type on a 400",
            &input,
            check_error_body(400, &input),
            &["$.type: \"storage_bucket_not_found\" is a 404 error in the catalogue, but the response status is 400"],
        );
        let input = without(error_body(json!(404), "storage_bucket_not_found"), "version");
        assert_violations("no version", &input, check_error_body(404, &input), &["$: missing required field `version` (string)"]);
        let input = json!("Not found");
        assert_violations(
            "a bare string",
            &input,
            check_error_body(404, &input),
            &["$: expected object (error), got string \"Not found\""],
        );
    }

    #[test]
    fn check_response_checks_successes() {
        let body = valid_file().to_string();
        let create = op("storage.createFile");
        assert_passes(
            "201 file from createFile",
            &body,
            check_response(create, 201, Some("application/json; charset=utf-8"), body.as_bytes()),
        );
        assert_violations(
            "200 from createFile",
            &body,
            check_response(create, 200, Some("application/json"), body.as_bytes()),
            &["status: expected 201 (storage.createFile), got 200"],
        );
        assert_violations(
            "file with text/html",
            &body,
            check_response(create, 201, Some("text/html"), body.as_bytes()),
            &["content-type: expected application/json, got text/html"],
        );
        let found = rendered(&check_response(create, 201, Some("application/json"), b"<html>oops</html>"));
        assert!(
            found.len() == 1 && found[0].starts_with("body: expected a JSON body, got \"<html>oops</html>\""),
            "an HTML body from createFile\n expected: one 'expected a JSON body' violation\n actual: {found:?}"
        );
        let delete = op("storage.deleteFile");
        assert_passes("204 empty from deleteFile", &"", check_response(delete, 204, None, b""));
        assert_violations(
            "204 with a body",
            &"{}",
            check_response(delete, 204, Some("application/json"), b"{}"),
            &["body: expected an empty body, got 2 bytes"],
        );
        let view = op("storage.getFileView");
        assert_passes("200 bytes from view", &"PNG", check_response(view, 200, Some("image/png"), b"\x89PNG"));
        assert_passes("206 range from view", &"PNG", check_response(view, 206, Some("image/png"), b"\x89PNG"));
        let ping = op("general.ping");
        assert_passes("Pong! from ping", &"Pong!", check_response(ping, 200, Some("text/plain; charset=UTF-8"), b"Pong!"));
        assert_violations(
            "ping as JSON",
            &"{}",
            check_response(ping, 200, Some("application/json"), b"{}"),
            &["content-type: expected text/plain, got application/json"],
        );
    }

    #[test]
    fn check_response_accepts_any_sdk_method_of_the_route() {
        let document = json!({
            "$id": "d1", "$sequence": "1", "$collectionId": "c1", "$databaseId": "db1",
            "$createdAt": "2020-10-15T06:38:00.000+00:00", "$updatedAt": "2020-10-15T06:38:00.000+00:00",
            "$permissions": []
        });
        let create = op("databases.createDocument");
        let single = document.to_string();
        assert_passes("createDocument's document", &single, check_response(create, 201, Some("application/json"), single.as_bytes()));
        let batch = json!({"total": 1, "documents": [document]}).to_string();
        assert_passes("createDocuments' document list", &batch, check_response(create, 201, Some("application/json"), batch.as_bytes()));
        let neither = json!({"total": 1}).to_string();
        assert!(
            !check_response(create, 201, Some("application/json"), neither.as_bytes()).is_empty(),
            "a body that is neither a document nor a document list must fail\n input: {neither}"
        );
    }

    #[test]
    fn check_response_checks_errors() {
        let create = op("storage.createFile");
        let body = error_body(json!(404), "storage_bucket_not_found").to_string();
        assert_passes("404 bucket not found", &body, check_response(create, 404, Some("application/json"), body.as_bytes()));
        assert_violations(
            "an error body with the wrong status",
            &body,
            check_response(create, 401, Some("application/json"), body.as_bytes()),
            &[
                "$.code: expected 401 (the HTTP status), got integer 404",
                "$.type: \"storage_bucket_not_found\" is a 404 error in the catalogue, but the response status is 401",
            ],
        );
        let found = rendered(&check_response(create, 500, Some("text/html"), b"<h1>500</h1>"));
        assert_eq!(found.len(), 2, "an HTML 500\n expected: content-type and body violations\n actual: {found:?}");
        assert_violations(
            "a redirect",
            &"",
            check_response(create, 302, None, b""),
            &["status: expected 201 or an error status for storage.createFile, got 302"],
        );
    }
}

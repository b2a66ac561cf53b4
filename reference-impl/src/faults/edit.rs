//! Small rewrites the faults are made of: JSON bodies, query pairs, headers, credentials.

use axum::body::Bytes;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, Method, Request, Response, StatusCode, Uri};
use serde_json::Value;

use super::FaultEnv;

/// A copy of a buffered request, extensions (client address) included.
pub fn copy_request(request: &Request<Bytes>) -> Request<Bytes> {
    let mut copy = Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    *copy.extensions_mut() = request.extensions().clone();
    copy
}

/// Parses a JSON body; `None` when it is empty or not JSON (the fault then leaves it alone).
fn parse(body: &Bytes) -> Option<Value> {
    serde_json::from_slice(body).ok()
}

/// Edits a JSON response body in place; a body that is not JSON is left as it is. (The
/// layer drops the response's Content-Length after every edit.)
pub fn edit_json(response: &mut Response<Bytes>, edit: impl FnOnce(&mut Value)) {
    if let Some(mut value) = parse(response.body()) {
        edit(&mut value);
        *response.body_mut() = Bytes::from(value.to_string());
    }
}

/// Edits a JSON request body in place; a body that is not JSON is left as it is.
pub fn edit_json_request(request: &mut Request<Bytes>, edit: impl FnOnce(&mut Value)) {
    if let Some(mut value) = parse(request.body()) {
        edit(&mut value);
        *request.body_mut() = Bytes::from(value.to_string());
        request.headers_mut().remove(CONTENT_LENGTH);
    }
}

/// Edits the query string's pairs (decoded) and writes them back encoded.
pub fn edit_query(request: &mut Request<Bytes>, edit: impl FnOnce(&mut Vec<(String, String)>)) {
    let uri = request.uri();
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    edit(&mut pairs);
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
    let path_and_query = if query.is_empty() { uri.path().to_string() } else { format!("{}?{query}", uri.path()) };
    if let Ok(new) = Uri::builder().path_and_query(path_and_query).build() {
        *request.uri_mut() = new;
    }
}

/// Rewrites the list of queries (`queries[]=…` or `queries[0]=…`, each Appwrite's JSON
/// `{"method": …}`) and sends it back as `queries[0]=…&queries[1]=…`. A query that is not
/// JSON is kept as it came.
/// Removes a field of a JSON request body.
pub fn drop_body_field(request: &mut Request<Bytes>, field: &str) {
    edit_json_request(request, |body| {
        body.as_object_mut().map(|o| o.remove(field));
    });
}

/// Removes query-string params by name.
pub fn drop_query(request: &mut Request<Bytes>, names: &[&str]) {
    edit_query(request, |pairs| pairs.retain(|(k, _)| !names.contains(&k.as_str())));
}

/// The value of a query-string param.
pub fn query_value(request: &Request<Bytes>, name: &str) -> Option<String> {
    form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

pub fn edit_queries(request: &mut Request<Bytes>, edit: impl FnOnce(&mut Vec<Value>)) {
    edit_query(request, |pairs| {
        let (queries, mut rest): (Vec<_>, Vec<_>) = std::mem::take(pairs).into_iter().partition(|(k, _)| k.starts_with("queries["));
        let mut parsed: Vec<Value> = queries.into_iter().map(|(_, v)| serde_json::from_str(&v).unwrap_or(Value::String(v))).collect();
        edit(&mut parsed);
        rest.extend(parsed.iter().enumerate().map(|(i, q)| {
            let text = match q {
                Value::String(raw) => raw.clone(),
                other => other.to_string(),
            };
            (format!("queries[{i}]"), text)
        }));
        *pairs = rest;
    });
}

/// Applies `edit` to every query whose method is `method`.
pub fn edit_queries_named(request: &mut Request<Bytes>, method: &str, edit: impl Fn(&mut Value)) {
    edit_queries(request, |queries| queries.iter_mut().filter(|q| query_method(q) == method).for_each(edit));
}

/// Drops every query whose method is one of `methods`.
pub fn drop_queries(request: &mut Request<Bytes>, methods: &[&str]) {
    edit_queries(request, |queries| queries.retain(|q| !methods.contains(&query_method(q))));
}

/// The `method` of a parsed query.
pub fn query_method(query: &Value) -> &str {
    query.get("method").and_then(Value::as_str).unwrap_or("")
}

/// Replaces the path's segment at `index` (0 is `v1`).
pub fn replace_path_segment(request: &mut Request<Bytes>, index: usize, segment: &str) {
    let uri = request.uri();
    let mut segments: Vec<&str> = uri.path().trim_start_matches('/').split('/').collect();
    if let Some(s) = segments.get_mut(index) {
        *s = segment;
    }
    let path = format!("/{}", segments.join("/"));
    let path_and_query = match uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path,
    };
    if let Ok(new) = Uri::builder().path_and_query(path_and_query).build() {
        *request.uri_mut() = new;
    }
}

pub fn set_status(response: &mut Response<Bytes>, status: u16) {
    if let Ok(status) = StatusCode::from_u16(status) {
        *response.status_mut() = status;
    }
}

/// Sets the error body's `type` (and nothing else) when the response is an error.
/// A 201 Created answered as 200 OK.
pub fn created_as_ok(_: &Request<Bytes>, response: &mut Response<Bytes>) {
    if response.status() == StatusCode::CREATED {
        set_status(response, 200);
    }
}

/// A list that reports one item more than it has (an empty list stays honest, so the fault
/// is in counting, not in listing).
pub fn total_plus_one(_: &Request<Bytes>, response: &mut Response<Bytes>) {
    edit_json(response, |body| {
        if let Some(total) = body.get("total").and_then(Value::as_u64).filter(|t| *t > 0) {
            body["total"] = Value::from(total + 1);
        }
    })
}

pub fn set_error_type(response: &mut Response<Bytes>, from: &str, to: &str) {
    edit_json(response, |body| {
        if body.get("type").and_then(Value::as_str) == Some(from) {
            body["type"] = Value::from(to);
        }
    });
}

pub fn set_header(response: &mut Response<Bytes>, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(HeaderName::from_static(name), value);
    }
}

pub fn header_text<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Appwrite's general 500, as a crashing server answers.
pub fn server_error() -> Response<Bytes> {
    let error = crate::catalogue::GENERAL_UNKNOWN;
    let body = serde_json::json!({"message": error.message, "code": error.code, "type": error.name, "version": crate::error::VERSION});
    let mut response = Response::new(Bytes::from(body.to_string()));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// True when the request carries a user's session: cookie, fallback cookies or session header.
pub fn has_session(request: &Request<Bytes>) -> bool {
    let headers = request.headers();
    header_text(headers, "cookie").is_some_and(|c| c.contains("a_session_"))
        || headers.contains_key("x-fallback-cookies")
        || headers.contains_key("x-appwrite-session")
}

pub fn has_jwt(request: &Request<Bytes>) -> bool {
    request.headers().contains_key("x-appwrite-jwt")
}

pub fn has_key(request: &Request<Bytes>) -> bool {
    request.headers().contains_key("x-appwrite-key")
}

/// Makes the request the server key's and nobody else's: the permission check then passes.
pub fn act_as_server(request: &mut Request<Bytes>, env: &FaultEnv) {
    let headers = request.headers_mut();
    for name in ["cookie", "x-fallback-cookies", "x-appwrite-session", "x-appwrite-jwt"] {
        headers.remove(name);
    }
    if let Ok(key) = HeaderValue::from_str(&env.server_key) {
        headers.insert("x-appwrite-key", key);
    }
}

/// A write turned into a read of the same resource (the request half of "answers 204 but
/// deletes nothing", or of "answers 200 but changes nothing"): the app is only asked to read.
pub fn read_instead(request: &mut Request<Bytes>, _: &FaultEnv) {
    *request.method_mut() = Method::GET;
    *request.body_mut() = Bytes::new();
    request.headers_mut().remove(CONTENT_TYPE);
    request.headers_mut().remove(CONTENT_LENGTH);
}

/// Response half of "answers 204 but deletes nothing": a successful read reported as deleted.
pub fn report_deleted(_: &Request<Bytes>, response: &mut Response<Bytes>) {
    if response.status().is_success() {
        *response.status_mut() = StatusCode::NO_CONTENT;
        *response.body_mut() = Bytes::new();
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(crate::respond::NO_CONTENT_TYPE));
    }
}

/// A client's 429 asked again as the server key, which no limit refuses: the limit lets one
/// more request through each time.
pub fn resend_as_server_when_limited(request: &Request<Bytes>, response: &Response<Bytes>, env: &FaultEnv) -> Option<Request<Bytes>> {
    (response.status() == StatusCode::TOO_MANY_REQUESTS).then(|| as_server(request, env))
}

/// A copy of the request, made the server key's (for a `Resend`: ask the app again as the
/// caller every check admits).
pub fn as_server(request: &Request<Bytes>, env: &FaultEnv) -> Request<Bytes> {
    let mut again = copy_request(request);
    act_as_server(&mut again, env);
    again
}

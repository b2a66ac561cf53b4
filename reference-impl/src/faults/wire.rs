//! Faults in the wire habits of the official clients (see the README's "Wire habits"): a
//! server that copes with one client's way of sending requests but not another's, or that
//! labels and shapes its answers so an SDK trips over them. Faults only one client style
//! shows are caught by the scenarios of `features/conventions/wire.feature` that send
//! requests in that style whatever the run's `--client-style`.

use axum::body::Bytes;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, Request, Response, StatusCode};

use super::edit::{edit_json, edit_query, header_text, set_header};
use super::{Area, Fault, Route};

const UPLOAD: &str = "/v1/storage/buckets/*/files";
/// Caught by the wire habit scenarios (each sends in the style it documents).
const WIRE: &str = "@conventions and @wire";

pub fn faults() -> Vec<Fault> {
    let area = Area::Wire;
    vec![
        Fault::new(
            "get-empty-content-type-refused",
            area,
            Route::get("/**"),
            "a GET with an empty Content-Type header (the Python SDK's) is refused as a malformed body",
            WIRE,
        )
        .response(|request, response| {
            if header_text(request.headers(), "content-type").is_some_and(|t| t.trim().is_empty()) {
                *response = argument_error("Request body is not valid JSON: EOF while parsing a value at line 1 column 0");
            }
        }),
        Fault::new(
            "get-multipart-without-boundary-refused",
            area,
            Route::get("/**"),
            "a GET labelled multipart/form-data without a boundary (the CLI's) is refused",
            WIRE,
        )
        .response(|request, response| {
            let content_type = header_text(request.headers(), "content-type").unwrap_or("").to_ascii_lowercase();
            if content_type.starts_with("multipart/") && !content_type.contains("boundary=") {
                *response = argument_error("The request body must be multipart/form-data with a boundary.");
            }
        }),
        Fault::new("delete-json-body-refused", area, Route::delete("/**"), "a DELETE with the JSON body {} (every SDK's) is refused", WIRE)
            .response(|request, response| {
                if !request.body().is_empty() {
                    *response = argument_error("A DELETE request takes no body.");
                }
            }),
        Fault::new(
            "multipart-indexed-array-dropped",
            area,
            Route::post(UPLOAD),
            "multipart array fields named permissions[0], permissions[1] (Python's and the CLI's) are dropped",
            WIRE,
        )
        .request(|request, _| drop_form_fields(request, numbered)),
        Fault::new(
            "multipart-bracket-array-dropped",
            area,
            Route::post(UPLOAD),
            "multipart array fields named permissions[] (the Node SDK's) are dropped",
            WIRE,
        )
        .request(|request, _| drop_form_fields(request, bracketed)),
        Fault::new(
            "query-indexed-array-dropped",
            area,
            Route::get("/**"),
            "query-string arrays sent as queries[0]=…&queries[1]=… (every SDK's form) are dropped; only queries[]= is read",
            WIRE,
        )
        .request(|request, _| edit_query(request, |pairs| pairs.retain(|(key, _)| !numbered(key)))),
        Fault::new(
            "boolean-false-read-as-true",
            area,
            Route::get("/**"),
            "a boolean sent as the text false (total=false) is read as true, like any non-empty text",
            WIRE,
        )
        .request(|request, _| {
            edit_query(request, |pairs| {
                for (_, value) in pairs.iter_mut().filter(|(_, v)| v == "false") {
                    *value = "true".to_string();
                }
            })
        }),
        Fault::new(
            "no-content-labelled-json",
            area,
            Route::any("/**"),
            "a 204 is labelled Content-Type: application/json though it has no body",
            "@conventions",
        )
        .response(|_, response| {
            if response.status() == StatusCode::NO_CONTENT {
                set_header(response, "content-type", "application/json");
            }
        }),
        Fault::new(
            "no-content-unlabelled",
            area,
            Route::any("/**"),
            "a 204 carries no Content-Type (the Python SDK reads it on every response: KeyError)",
            "@conventions",
        )
        .response(|_, response| {
            if response.status() == StatusCode::NO_CONTENT {
                response.headers_mut().remove("content-type");
            }
        }),
        Fault::new("error-message-missing", area, Route::any("/**"), "error bodies lose their message field", "@conventions").response(
            |_, response| {
                if response.status().is_client_error() {
                    edit_json(response, |body| {
                        body.as_object_mut().map(|o| o.remove("message"));
                    });
                }
            },
        ),
        Fault::new(
            "file-bytes-labelled-json",
            area,
            Route::get("/v1/storage/buckets/*/files/*/*"),
            "downloads and views of any file are labelled application/json",
            WIRE,
        )
        .response(|_, response| {
            if response.status().is_success() {
                set_header(response, "content-type", "application/json");
            }
        }),
        Fault::new(
            "response-format-warning-missing",
            area,
            Route::any("/**"),
            "a request asking for a response format newer than the server gets no X-Appwrite-Warning",
            WIRE,
        )
        .response(|_, response| {
            response.headers_mut().remove("x-appwrite-warning");
        }),
    ]
}

/// `permissions[0]` → (`permissions`, `0`), `permissions[]` → (`permissions`, ``); `None`
/// for a name that is no array field.
fn indexed(name: &str) -> Option<(&str, &str)> {
    let open = name.find('[')?;
    let index = name[open + 1..].strip_suffix(']')?;
    Some((&name[..open], index))
}

/// An array field with its index: `permissions[0]`, `queries[12]`.
fn numbered(name: &str) -> bool {
    indexed(name).is_some_and(|(_, index)| !index.is_empty())
}

/// An array field without an index: `permissions[]`.
fn bracketed(name: &str) -> bool {
    indexed(name).is_some_and(|(_, index)| index.is_empty())
}

/// A 400 `general_argument_invalid` in Appwrite's error shape.
fn argument_error(message: &str) -> Response<Bytes> {
    let error = crate::catalogue::GENERAL_ARGUMENT_INVALID;
    let body = serde_json::json!({"message": message, "code": error.code, "type": error.name, "version": crate::error::VERSION});
    let mut response = Response::new(Bytes::from(body.to_string()));
    *response.status_mut() = StatusCode::BAD_REQUEST;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json; charset=UTF-8"));
    response
}

/// Removes the parts of a multipart/form-data body whose field name `drop` picks; the rest,
/// file part included, stays byte for byte.
pub(super) fn drop_form_fields(request: &mut Request<Bytes>, drop: fn(&str) -> bool) {
    let boundary = header_text(request.headers(), "content-type")
        .and_then(|ct| ct.split(';').find_map(|p| p.trim().strip_prefix("boundary=")))
        .map(|b| b.trim_matches('"').to_string());
    let Some(boundary) = boundary else { return };
    let body = request.body().clone();
    let delimiter = format!("--{boundary}").into_bytes();
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&body[from..], &delimiter) {
        starts.push(from + at);
        from += at + delimiter.len();
    }
    let (Some(&first), Some(&last)) = (starts.first(), starts.last()) else { return };
    let mut kept = body[..first].to_vec();
    for part in starts.windows(2).map(|w| &body[w[0]..w[1]]) {
        let headers_end = find(part, b"\r\n\r\n").unwrap_or(part.len());
        let headers = String::from_utf8_lossy(&part[..headers_end]);
        let name = headers.split("; name=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("");
        if !drop(name) {
            kept.extend_from_slice(part);
        }
    }
    kept.extend_from_slice(&body[last..]);
    *request.body_mut() = Bytes::from(kept);
    request.headers_mut().remove(CONTENT_LENGTH);
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(names: &[&str]) -> Request<Bytes> {
        let mut body = String::new();
        for name in names {
            body.push_str(&format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\nvalue of {name}\r\n"));
        }
        body.push_str("--XyZ--\r\n");
        let mut request = Request::new(Bytes::from(body));
        request.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("multipart/form-data; boundary=XyZ"));
        request
    }

    #[test]
    fn dropping_form_fields_keeps_the_others_byte_for_byte() {
        let mut request = form(&["fileId", "permissions[0]", "permissions[]", "file"]);
        drop_form_fields(&mut request, numbered);
        assert_eq!(request.body(), &form(&["fileId", "permissions[]", "file"]).body().clone());
        drop_form_fields(&mut request, bracketed);
        assert_eq!(request.body(), &form(&["fileId", "file"]).body().clone());
    }

    #[test]
    fn array_field_names_are_recognised() {
        assert_eq!(indexed("queries[12]"), Some(("queries", "12")));
        assert_eq!(indexed("permissions[]"), Some(("permissions", "")));
        assert_eq!(indexed("fileId"), None);
    }
}

//! Faults in what the official SDKs rely on beyond the contract's status codes: the
//! Content-Type that tells them how to read a body, and the exact field names their response
//! models are built from (Python's models are strict, so one renamed field fails the call).

use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::http::{Request, Response};
use serde_json::Value;

use super::edit::{edit_json, header_text};
use super::{Area, Fault, Route};

pub fn faults() -> Vec<Fault> {
    let area = Area::Clients;
    vec![
        Fault::new(
            "content-type-dropped",
            area,
            Route::any("/**"),
            "responses lose their Content-Type header (JSON, file bytes and 204s alike)",
            "@conventions or @op:storage.getFileDownload",
        )
        .response(|_, response| {
            response.headers_mut().remove(CONTENT_TYPE);
        }),
        Fault::new(
            "model-field-renamed",
            area,
            Route::any("/v1/**"),
            "files and documents carry createdAt instead of $createdAt",
            "@id:storage-file-create or @id:doc-create",
        )
        .response(rename_created_at),
    ]
}

/// `$createdAt` → `createdAt` on a file or document, or on each one of a list of them.
fn rename_created_at(request: &Request<Bytes>, response: &mut Response<Bytes>) {
    let (method, path) = (request.method(), request.uri().path());
    let is_json = header_text(response.headers(), "content-type").is_some_and(|t| t.contains("json"));
    let models = [Route::any("/v1/storage/buckets/*/files/**"), Route::any("/v1/databases/*/collections/*/documents/**")];
    if !is_json || !models.iter().any(|r| r.matches(method, path)) {
        return;
    }
    edit_json(response, |body| {
        rename(body);
        for list in ["files", "documents"] {
            if let Some(items) = body.get_mut(list).and_then(Value::as_array_mut) {
                items.iter_mut().for_each(rename);
            }
        }
    });
}

fn rename(model: &mut Value) {
    if let Some(object) = model.as_object_mut() {
        if let Some(created) = object.remove("$createdAt") {
            object.insert("createdAt".to_string(), created);
        }
    }
}

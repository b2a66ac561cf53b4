//! Faults in the Storage service: buckets, files, chunked upload, download/view and preview.

use axum::body::Bytes;
use axum::http::{HeaderValue, Request, Response, StatusCode};
use serde_json::Value;

use super::edit::{
    act_as_server, as_server, created_as_ok, drop_body_field, drop_query, edit_json, edit_query, has_key, has_session, header_text,
    read_instead, report_deleted, resend_as_server_when_limited, server_error, set_error_type, set_status,
};
use super::{Area, Fault, FaultEnv, Route};

const BUCKETS: &str = "/v1/storage/buckets";
const BUCKET: &str = "/v1/storage/buckets/*";
const FILES: &str = "/v1/storage/buckets/*/files";
const FILE: &str = "/v1/storage/buckets/*/files/*";
const DOWNLOAD: &str = "/v1/storage/buckets/*/files/*/download";
const VIEW: &str = "/v1/storage/buckets/*/files/*/view";
const PREVIEW: &str = "/v1/storage/buckets/*/files/*/preview";

/// The MD5 of nothing: a signature that fits the model but not the content.
const EMPTY_MD5: &str = "d41d8cd98f00b204e9800998ecf8427e";

pub fn faults() -> Vec<Fault> {
    let area = Area::Storage;
    vec![
        Fault::new(
            "bucket-create-status-200",
            area,
            Route::post(BUCKETS),
            "creating a bucket answers 200 instead of 201",
            "@op:storage.createBucket",
        )
        .response(created_as_ok),
        Fault::new(
            "bucket-compression-ignored",
            area,
            Route::post(BUCKETS),
            "a new bucket's compression setting is ignored (stays none)",
            "@op:storage.createBucket",
        )
        .request(|request, _| drop_body_field(request, "compression")),
        Fault::new(
            "bucket-maximum-file-size-ignored",
            area,
            Route::post(BUCKETS),
            "a new bucket's maximumFileSize is ignored (stays the server's limit)",
            "@op:storage.createBucket",
        )
        .request(|request, _| drop_body_field(request, "maximumFileSize")),
        Fault::new(
            "bucket-not-found-wrong-type",
            area,
            Route::get(BUCKET),
            "an unknown bucket is type storage_file_not_found instead of storage_bucket_not_found",
            "@op:storage.getBucket",
        )
        .response(|_, response| set_error_type(response, "storage_bucket_not_found", "storage_file_not_found")),
        Fault::new(
            "bucket-list-total-false-ignored",
            area,
            Route::get(BUCKETS),
            "listBuckets counts although total=false",
            "@op:storage.listBuckets",
        )
        .request(|request, _| edit_query(request, |pairs| pairs.retain(|(k, _)| k != "total"))),
        Fault::new(
            "buckets-listed-to-users",
            area,
            Route::get(BUCKETS),
            "a signed-in user may list buckets: the buckets.read scope is not checked for users",
            "@op:storage.listBuckets",
        )
        .request(|request, env| {
            if has_session(request) && !has_key(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "bucket-update-enabled-ignored",
            area,
            Route::put(BUCKET),
            "updating a bucket ignores enabled",
            "@op:storage.updateBucket",
        )
        .request(|request, _| drop_body_field(request, "enabled")),
        Fault::new(
            "bucket-delete-keeps-bucket",
            area,
            Route::delete(BUCKET),
            "deleting a bucket answers 204 but the bucket stays",
            "@op:storage.deleteBucket",
        )
        .request(read_instead)
        .response(report_deleted),
        Fault::new(
            "file-signature-wrong",
            area,
            Route::post(FILES),
            "a new file's signature is not the MD5 of its content",
            "@op:storage.createFile",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if body.get("signature").is_some() {
                    body["signature"] = Value::from(EMPTY_MD5);
                }
            })
        }),
        Fault::new(
            "file-mime-type-not-sniffed",
            area,
            Route::post(FILES),
            "a new file's mimeType is application/octet-stream whatever its content",
            "@op:storage.createFile",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if body.get("mimeType").is_some() {
                    body["mimeType"] = Value::from("application/octet-stream");
                }
            })
        }),
        Fault::new(
            "file-size-off-by-one",
            area,
            Route::get(FILE),
            "getFile reports sizeOriginal one byte larger than the content",
            "@op:storage.getFile",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if let Some(size) = body.get("sizeOriginal").and_then(Value::as_u64) {
                    body["sizeOriginal"] = Value::from(size + 1);
                }
            })
        }),
        Fault::new(
            "file-conflict-wrong-type",
            area,
            Route::post(FILES),
            "reusing a file ID is type document_already_exists instead of storage_file_already_exists",
            "@op:storage.createFile",
        )
        .response(|_, response| set_error_type(response, "storage_file_already_exists", "document_already_exists")),
        Fault::new(
            "file-extension-wrong-type",
            area,
            Route::post(FILES),
            "a refused extension is type general_argument_invalid instead of storage_file_type_unsupported",
            "@op:storage.createFile",
        )
        .response(|_, response| set_error_type(response, "storage_file_type_unsupported", "general_argument_invalid")),
        Fault::new(
            "file-too-large-wrong-type",
            area,
            Route::post(FILES),
            "a file above the bucket's size limit is type storage_file_type_unsupported instead of storage_invalid_file_size",
            "@op:storage.createFile",
        )
        .response(|_, response| set_error_type(response, "storage_invalid_file_size", "storage_file_type_unsupported")),
        Fault::new(
            "file-read-without-permission",
            area,
            Route::get(FILE),
            "anyone without a key may read any file's metadata: permissions are not checked",
            "@op:storage.getFile",
        )
        .request(|request, env| {
            if !has_key(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new("file-update-name-ignored", area, Route::put(FILE), "updating a file ignores its new name", "@op:storage.updateFile")
            .request(|request, _| drop_body_field(request, "name")),
        Fault::new(
            "file-delete-keeps-file",
            area,
            Route::delete(FILE),
            "deleting a file answers 204 but the file stays",
            "@op:storage.deleteFile",
        )
        .request(read_instead)
        .response(report_deleted),
        Fault::new(
            "file-list-search-ignored",
            area,
            Route::get(FILES),
            "the search parameter of listFiles is ignored",
            "@op:storage.listFiles",
        )
        .request(|request, _| edit_query(request, |pairs| pairs.retain(|(k, _)| k != "search"))),
        Fault::new(
            "chunks-uploaded-undercounted",
            area,
            Route::get(FILE),
            "getFile of an unfinished upload reports one chunk fewer than arrived",
            "@op:storage.getFile and @op:storage.createFile",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                let (Some(total), Some(uploaded)) = (body["chunksTotal"].as_u64(), body["chunksUploaded"].as_u64()) else { return };
                if uploaded > 0 && uploaded < total {
                    body["chunksUploaded"] = Value::from(uploaded - 1);
                }
            })
        }),
        Fault::new(
            "chunks-stored-at-swapped-offsets",
            area,
            Route::post(FILES),
            "the second and third 5 MiB chunks of an upload are stored at each other's offsets",
            "@op:storage.createFile and @op:storage.getFileDownload",
        )
        .request(|request, _| swap_second_and_third_chunk(request)),
        Fault::new(
            "content-range-wrong-type",
            area,
            Route::post(FILES),
            "a malformed Content-Range is type general_argument_invalid instead of storage_invalid_content_range",
            "@op:storage.createFile",
        )
        .response(|_, response| set_error_type(response, "storage_invalid_content_range", "general_argument_invalid")),
        Fault::new(
            "upload-too-large-status-400",
            area,
            Route::post(FILES),
            "a request body above the 12 MiB limit answers 400 instead of 413",
            "@op:storage.createFile",
        )
        .response(|_, response| {
            if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
                set_status(response, 400);
                edit_json(response, |body| body["code"] = Value::from(400));
            }
        }),
        Fault::new(
            "upload-rate-limit-headers-missing",
            area,
            Route::post(FILES),
            "createFile answers without the X-RateLimit-* headers",
            "@op:storage.createFile",
        )
        .response(|_, response| {
            for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] {
                response.headers_mut().remove(name);
            }
        }),
        Fault::new(
            "file-delete-rate-limit-unenforced",
            area,
            Route::delete(FILE),
            "deleteFile's 60 per minute limit lets clients through",
            "@op:storage.deleteFile",
        )
        .resend(resend_as_server_when_limited),
        Fault::new(
            "download-inline",
            area,
            Route::get(DOWNLOAD),
            "a download is sent inline instead of as an attachment",
            "@op:storage.getFileDownload",
        )
        .response(|_, response| {
            let inline = header_text(response.headers(), "content-disposition").map(|v| v.replacen("attachment", "inline", 1));
            if let Some(value) = inline {
                super::edit::set_header(response, "content-disposition", &value);
            }
        }),
        Fault::new(
            "download-last-byte-flipped",
            area,
            Route::get(DOWNLOAD),
            "a download's last byte is changed: the content is not the uploaded bytes",
            "@op:storage.getFileDownload",
        )
        .response(|_, response| {
            if response.status().is_success() {
                let mut bytes = response.body().to_vec();
                if let Some(last) = bytes.last_mut() {
                    *last ^= 0xff;
                }
                *response.body_mut() = Bytes::from(bytes);
            }
        }),
        Fault::new(
            "download-range-ignored",
            area,
            Route::get(DOWNLOAD),
            "a download ignores the Range header and sends the whole file",
            "@op:storage.getFileDownload",
        )
        .request(|request, _| {
            request.headers_mut().remove("range");
        }),
        Fault::new(
            "view-content-range-missing",
            area,
            Route::get(VIEW),
            "a partial view (206) lacks its Content-Range header",
            "@op:storage.getFileView",
        )
        .response(|_, response| {
            response.headers_mut().remove("content-range");
        }),
        Fault::new(
            "bucket-id-unchecked",
            area,
            Route::get(BUCKET),
            "a malformed bucket ID in the path is looked up (404 storage_bucket_not_found) instead of refused (400)",
            "@op:storage.getBucket",
        )
        .response(|_, response| {
            if response.status() == StatusCode::BAD_REQUEST {
                set_status(response, 404);
                set_error_type(response, "general_argument_invalid", "storage_bucket_not_found");
            }
        }),
        Fault::new(
            "view-nosniff-missing",
            area,
            Route::get(VIEW),
            "a view answers without X-Content-Type-Options: nosniff",
            "@op:storage.getFileView",
        )
        .response(|_, response| {
            response.headers_mut().remove("x-content-type-options");
        }),
        Fault::new(
            "preview-output-ignored",
            area,
            Route::get(PREVIEW),
            "a preview ignores output and keeps the source format",
            "@op:storage.getFilePreview",
        )
        .request(|request, _| drop_query(request, &["output"])),
        Fault::new("preview-size-ignored", area, Route::get(PREVIEW), "a preview ignores width and height", "@op:storage.getFilePreview")
            .request(|request, _| drop_query(request, &["width", "height"])),
        Fault::new("preview-rotation-ignored", area, Route::get(PREVIEW), "a preview ignores rotation", "@op:storage.getFilePreview")
            .request(|request, _| drop_query(request, &["rotation"])),
        Fault::new("preview-border-ignored", area, Route::get(PREVIEW), "a preview ignores borderWidth", "@op:storage.getFilePreview")
            .request(|request, _| drop_query(request, &["borderWidth"])),
        Fault::new("preview-background-ignored", area, Route::get(PREVIEW), "a preview ignores background", "@op:storage.getFilePreview")
            .request(|request, _| drop_query(request, &["background"])),
        Fault::new("preview-opacity-ignored", area, Route::get(PREVIEW), "a preview ignores opacity", "@op:storage.getFilePreview")
            .request(|request, _| drop_query(request, &["opacity"])),
        Fault::new(
            "preview-transformations-always-allowed",
            area,
            Route::get(PREVIEW),
            "a bucket with transformations=false still renders previews for clients",
            "@op:storage.getFilePreview",
        )
        .resend(resend_as_server_when_forbidden),
        Fault::new(
            "preview-cache-control-missing",
            area,
            Route::get(PREVIEW),
            "a preview answers without Cache-Control: private, max-age=2592000",
            "@op:storage.getFilePreview",
        )
        .response(|_, response| {
            response.headers_mut().remove("cache-control");
        }),
        Fault::new(
            "view-csp-missing",
            area,
            Route::get(VIEW),
            "a view answers without Content-Security-Policy: script-src none;, so an uploaded page may run scripts",
            "@op:storage.getFileView",
        )
        .response(|_, response| {
            response.headers_mut().remove("content-security-policy");
        }),
        Fault::new(
            "undecodable-preview-server-error",
            area,
            Route::get(PREVIEW),
            "a preview of an image that cannot be decoded answers 500 general_unknown instead of 400 storage_file_type_unsupported",
            "@op:storage.getFilePreview",
        )
        .response(|_, response| {
            let undecodable = response.status() == StatusCode::BAD_REQUEST
                && serde_json::from_slice::<Value>(response.body()).is_ok_and(|b| b["type"] == "storage_file_type_unsupported");
            if undecodable {
                *response = server_error();
            }
        }),
        Fault::new(
            "chunk-id-header-ignored",
            area,
            Route::post(FILES),
            "X-Appwrite-ID is ignored: a chunk belongs to the file its fileId field names, so unique() starts a new file with every chunk",
            "@op:storage.createFile",
        )
        .request(|request, _| {
            request.headers_mut().remove("x-appwrite-id");
        }),
        Fault::new(
            "completing-chunk-permissions-dropped",
            area,
            Route::post(FILES),
            "the permissions sent with the chunk that completes an upload are dropped: the file keeps the uploader's defaults",
            "@op:storage.createFile",
        )
        .request(|request, _| {
            if is_later_last_chunk(request) {
                super::wire::drop_form_fields(request, |name| name.starts_with("permissions"));
            }
        }),
    ]
}

/// A chunk after the first position whose range ends at the file's last byte.
fn is_later_last_chunk(request: &Request<Bytes>) -> bool {
    let Some(range) = header_text(request.headers(), "content-range") else { return false };
    let parsed = range.strip_prefix("bytes ").and_then(|rest| {
        let (span, total) = rest.split_once('/')?;
        let (start, end) = span.split_once('-')?;
        Some((start.parse::<u64>().ok()?, end.parse::<u64>().ok()?, total.parse::<u64>().ok()?))
    });
    parsed.is_some_and(|(start, end, total)| start > 0 && end + 1 == total)
}

/// Rewrites `Content-Range` so chunk 1 claims chunk 2's place and chunk 2 chunk 1's, when
/// both are full chunks (an upload of at least three): the bytes land at the wrong offsets.
fn swap_second_and_third_chunk(request: &mut Request<Bytes>) {
    const CHUNK: u64 = 5 * 1024 * 1024;
    let Some(range) = header_text(request.headers(), "content-range") else { return };
    let parsed = range.strip_prefix("bytes ").and_then(|rest| {
        let (span, total) = rest.split_once('/')?;
        let (start, _) = span.split_once('-')?;
        Some((start.parse::<u64>().ok()?, total.parse::<u64>().ok()?))
    });
    let Some((start, total)) = parsed else { return };
    let index = start / CHUNK;
    if total < 3 * CHUNK || start % CHUNK != 0 || !(index == 1 || index == 2) {
        return;
    }
    let other = 3 - index;
    let swapped = format!("bytes {}-{}/{total}", other * CHUNK, (other + 1) * CHUNK - 1);
    if let Ok(value) = HeaderValue::from_str(&swapped) {
        request.headers_mut().insert("content-range", value);
    }
}

/// A client's 403 asked again as the server key, to whom transformations are always allowed.
fn resend_as_server_when_forbidden(request: &Request<Bytes>, response: &Response<Bytes>, env: &FaultEnv) -> Option<Request<Bytes>> {
    (response.status() == StatusCode::FORBIDDEN && !has_key(request)).then(|| as_server(request, env))
}

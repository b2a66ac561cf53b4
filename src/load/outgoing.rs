//! A load transaction's request, independent of the client that sends it: goose's user
//! (closed model), a [`super::connection::Connection`] (open model, warm-up) or reqwest
//! (setup, and endpoints over HTTPS).

use bytes::Bytes;
use reqwest::Method;

pub struct Outgoing {
    pub method: Method,
    /// Path and query after the endpoint, e.g. `/ping`.
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Body>,
}

pub struct Body {
    pub content_type: String,
    pub bytes: Bytes,
}

impl Outgoing {
    pub fn get(path: String) -> Outgoing {
        Outgoing { method: Method::GET, path, headers: Vec::new(), body: None }
    }

    pub fn post(path: String, body: Body) -> Outgoing {
        Outgoing { method: Method::POST, path, headers: Vec::new(), body: Some(body) }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Outgoing {
        self.headers.push((name, value.into()));
        self
    }

    /// The same request for reqwest, against `endpoint` (which ends before the path).
    pub fn to_reqwest(&self, client: &reqwest::Client, endpoint: &str) -> reqwest::RequestBuilder {
        let mut request = client.request(self.method.clone(), format!("{endpoint}{}", self.path));
        for (name, value) in &self.headers {
            request = request.header(*name, value);
        }
        if let Some(body) = &self.body {
            request = request.header("content-type", &body.content_type).body(body.bytes.clone());
        }
        request
    }
}

/// A `multipart/form-data` body as the SDKs send a file chunk: text fields, then one file
/// part. The boundary is random per body, as browsers and reqwest make it, so file bytes
/// cannot contain it by accident.
pub fn multipart(fields: &[(&str, &str)], file_field: &str, file_name: &str, file: &[u8]) -> Body {
    let boundary = format!("conform-{}", crate::ids::random_alnum(24));
    let mut out = Vec::with_capacity(file.len() + 512);
    for (name, value) in fields {
        out.extend_from_slice(format!("--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "--{boundary}\r\ncontent-disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\ncontent-type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    out.extend_from_slice(file);
    out.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Body { content_type: format!("multipart/form-data; boundary={boundary}"), bytes: Bytes::from(out) }
}

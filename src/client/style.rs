//! Client styles: requests put on the wire the way an official Appwrite client puts them, so
//! a server is tested against what real apps send and not only against what the steps say.
//!
//! The facts come from the published sources of node-appwrite 27.1.0 (`dist/client.mjs`),
//! appwrite 22.2.0 for Python (`appwrite/client.py`) and appwrite-cli 12.0.1
//! (`lib/client.js`); the README's "Wire habits" section lists them.

use super::{Body, Part, Request};
use reqwest::Method;

/// Which official client the suite's requests imitate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ClientStyle {
    /// node-appwrite 27.1.0: no Content-Type on GET, multipart arrays as `name[]`.
    #[default]
    Node,
    /// appwrite 22.2.0 (Python): an empty `content-type:` header on GET, multipart arrays as `name[0]`.
    Python,
    /// appwrite-cli 12.0.1: `Content-Type: multipart/form-data` without a boundary on GET, multipart arrays as `name[0]`.
    Cli,
}

/// The response format every style asks for: the models the suite checks are 1.9.x ones.
pub const RESPONSE_FORMAT: &str = "1.9.5";

impl ClientStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientStyle::Node => "node",
            ClientStyle::Python => "python",
            ClientStyle::Cli => "cli",
        }
    }

    /// The headers the SDK sends on every call, in the SDK's own spelling and values.
    pub fn sdk_headers(self) -> [(&'static str, &'static str); 6] {
        match self {
            ClientStyle::Node => [
                ("x-sdk-name", "Node.js"),
                ("x-sdk-platform", "server"),
                ("x-sdk-language", "nodejs"),
                ("x-sdk-version", "27.1.0"),
                ("user-agent", "AppwriteNodeJSSDK/27.1.0 (linux; x64)"),
                ("x-appwrite-response-format", RESPONSE_FORMAT),
            ],
            ClientStyle::Python => [
                ("x-sdk-name", "Python"),
                ("x-sdk-platform", "server"),
                ("x-sdk-language", "python"),
                ("x-sdk-version", "22.2.0"),
                ("user-agent", "AppwritePythonSDK/22.2.0 (Linux; x86_64)"),
                ("x-appwrite-response-format", RESPONSE_FORMAT),
            ],
            // The CLI itself asks for format 1.8.0, which makes a 1.9.x server answer with
            // older models than the suite checks; it gets the SDKs' 1.9.5 instead.
            ClientStyle::Cli => [
                ("x-sdk-name", "Command Line"),
                ("x-sdk-platform", "console"),
                ("x-sdk-language", "cli"),
                ("x-sdk-version", "12.0.1"),
                ("user-agent", "AppwriteCLI/12.0.1 (Linux; x64)"),
                ("x-appwrite-response-format", RESPONSE_FORMAT),
            ],
        }
    }

    /// The Content-Type this client puts on a GET (which has no body): none, empty, or a
    /// multipart type without a boundary.
    fn get_content_type(self) -> Option<&'static str> {
        match self {
            ClientStyle::Node => None,
            ClientStyle::Python => Some(""),
            // The CLI sends its upload's headers on the GET that looks for an unfinished
            // upload; the style sends them on every GET, the harder case.
            ClientStyle::Cli => Some("multipart/form-data"),
        }
    }

    /// Rewrites `request` the way this client would send it. Headers the request already
    /// names (a step asking for a particular response format, say) are kept as they are.
    pub fn shape(self, request: &mut Request) {
        let named = |request: &Request, name: &str| request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
        for (name, value) in self.sdk_headers() {
            if !named(request, name) {
                request.headers.push((name.to_string(), value.to_string()));
            }
        }
        let bodiless = matches!(request.body, Body::None);
        if (request.method == Method::GET || request.method == Method::HEAD) && bodiless && !named(request, "content-type") {
            if let Some(content_type) = self.get_content_type() {
                request.headers.push(("content-type".to_string(), content_type.to_string()));
            }
        }
        // Every SDK sends a DELETE's (empty) params as a JSON body.
        if request.method == Method::DELETE && bodiless {
            request.body = Body::Json(serde_json::json!({}));
        }
        if let (Body::Multipart(parts), ClientStyle::Python | ClientStyle::Cli) = (&mut request.body, self) {
            index_array_fields(parts);
        }
    }
}

/// `permissions[]`, `permissions[]` → `permissions[0]`, `permissions[1]` (Python's and the
/// CLI's `flatten`); fields already indexed or not arrays stay as they are.
fn index_array_fields(parts: &mut [Part]) {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for part in parts.iter_mut() {
        if let Part::Text { name, .. } = part {
            if let Some(base) = name.strip_suffix("[]") {
                let index = counts.entry(base.to_string()).or_default();
                *name = format!("{base}[{index}]");
                *index += 1;
            }
        }
    }
}

impl std::fmt::Display for ClientStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_names(request: &Request) -> Vec<String> {
        match &request.body {
            Body::Multipart(parts) => parts
                .iter()
                .map(|p| match p {
                    Part::Text { name, .. } | Part::File { name, .. } => name.clone(),
                })
                .collect(),
            other => panic!("expected a multipart body, got {other:?}"),
        }
    }

    fn upload() -> Request {
        let text = |name: &str, value: &str| Part::Text { name: name.into(), value: value.into() };
        Request::new(Method::POST, "/storage/buckets/b/files").body(Body::Multipart(vec![
            text("fileId", "unique()"),
            text("permissions[]", "read(\"any\")"),
            text("permissions[]", "update(\"any\")"),
            Part::File { name: "file".into(), filename: "a.txt".into(), content_type: "text/plain".into(), bytes: b"a".to_vec() },
        ]))
    }

    fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
        request.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    #[test]
    fn the_default_style_is_node() {
        assert_eq!(ClientStyle::default(), ClientStyle::Node);
    }

    #[test]
    fn get_content_type_per_style() {
        for (style, expected) in
            [(ClientStyle::Node, None), (ClientStyle::Python, Some("")), (ClientStyle::Cli, Some("multipart/form-data"))]
        {
            let mut request = Request::new(Method::GET, "/storage/buckets");
            style.shape(&mut request);
            assert_eq!(header(&request, "content-type"), expected, "style {style}: Content-Type of a GET");
            assert!(matches!(request.body, Body::None), "style {style}: a GET gets no body");
        }
    }

    #[test]
    fn every_style_sends_a_delete_with_an_empty_json_object() {
        for style in [ClientStyle::Node, ClientStyle::Python, ClientStyle::Cli] {
            let mut request = Request::new(Method::DELETE, "/storage/buckets/b");
            style.shape(&mut request);
            assert!(matches!(&request.body, Body::Json(v) if *v == serde_json::json!({})), "style {style}: body {:?}", request.body);
        }
    }

    #[test]
    fn multipart_arrays_are_bracketed_for_node_and_indexed_for_python_and_the_cli() {
        let mut node = upload();
        ClientStyle::Node.shape(&mut node);
        assert_eq!(field_names(&node), ["fileId", "permissions[]", "permissions[]", "file"]);
        for style in [ClientStyle::Python, ClientStyle::Cli] {
            let mut request = upload();
            style.shape(&mut request);
            assert_eq!(field_names(&request), ["fileId", "permissions[0]", "permissions[1]", "file"], "style {style}");
        }
    }

    #[test]
    fn sdk_headers_are_sent_unless_the_request_names_them_itself() {
        let mut request = Request::new(Method::GET, "/health/version").header("X-Appwrite-Response-Format", "2.0.0");
        ClientStyle::Python.shape(&mut request);
        assert_eq!(header(&request, "x-sdk-name"), Some("Python"));
        assert_eq!(header(&request, "x-sdk-version"), Some("22.2.0"));
        let formats: Vec<&str> =
            request.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("x-appwrite-response-format")).map(|(_, v)| v.as_str()).collect();
        assert_eq!(formats, ["2.0.0"], "the request's own response format wins over the style's");
    }
}

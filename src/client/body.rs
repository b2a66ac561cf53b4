//! Request bodies: JSON, multipart (files and chunks) and raw bytes.

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};

#[derive(Clone, Debug)]
pub enum Body {
    None,
    Json(serde_json::Value),
    Multipart(Vec<Part>),
    Raw { bytes: Vec<u8>, content_type: String },
}

#[derive(Clone, Debug)]
pub enum Part {
    Text { name: String, value: String },
    File { name: String, filename: String, content_type: String, bytes: Vec<u8> },
}

impl Body {
    /// The builder with this body, or why its content type cannot be sent.
    pub(super) fn apply(&self, builder: reqwest::RequestBuilder, headers: &mut HeaderMap) -> Result<reqwest::RequestBuilder, String> {
        Ok(match self {
            Body::None => builder,
            Body::Json(value) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                builder.body(value.to_string())
            }
            Body::Raw { bytes, content_type } => {
                headers.insert(CONTENT_TYPE, super::header_value("content-type", content_type)?);
                builder.body(bytes.clone())
            }
            Body::Multipart(parts) => {
                let mut form = reqwest::multipart::Form::new();
                for part in parts {
                    form = match part {
                        Part::Text { name, value } => form.text(name.clone(), value.clone()),
                        Part::File { name, filename, content_type, bytes } => {
                            let p = reqwest::multipart::Part::bytes(bytes.clone()).file_name(filename.clone());
                            // An unparsable type is sent as given by leaving it off; the server sniffs content anyway.
                            let p = p
                                .mime_str(content_type)
                                .unwrap_or_else(|_| reqwest::multipart::Part::bytes(bytes.clone()).file_name(filename.clone()));
                            form.part(name.clone(), p)
                        }
                    };
                }
                builder.multipart(form)
            }
        })
    }

    /// What the report shows of this body (secrets redacted).
    pub(super) fn describe(&self) -> Option<String> {
        match self {
            Body::None => None,
            Body::Json(value) => Some(super::redact::redact_json_text(&value.to_string())),
            Body::Raw { bytes, content_type } => Some(format!("<{} bytes of {content_type}>", bytes.len())),
            Body::Multipart(parts) => {
                let described: Vec<String> = parts
                    .iter()
                    .map(|p| match p {
                        Part::Text { name, value } => format!("{name}={}", super::redact::redact_field(name, value)),
                        Part::File { name, filename, content_type, bytes } => {
                            format!("{name}=<file {filename:?}, {content_type}, {} bytes>", bytes.len())
                        }
                    })
                    .collect();
                Some(format!("multipart: {}", described.join("; ")))
            }
        }
    }
}

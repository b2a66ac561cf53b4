//! Secrets never reach a log or a report: keys, cookies, session secrets, JWTs, token secrets, passwords.

const SECRET_HEADERS: &[&str] = &["x-appwrite-key", "x-appwrite-session", "x-appwrite-jwt", "cookie", "set-cookie", "x-fallback-cookies"];
const SECRET_FIELDS: &[&str] = &["secret", "password", "jwt", "token"];
pub const REDACTED: &str = "[redacted]";

pub fn redact_headers(headers: Vec<(String, String)>) -> Vec<(String, String)> {
    headers
        .into_iter()
        .map(|(name, value)| {
            if SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                // Keep a cookie's name: which cookie was set is evidence, its value is not.
                let shown = match value.split_once('=') {
                    Some((cookie, _)) if name.eq_ignore_ascii_case("set-cookie") || name.eq_ignore_ascii_case("cookie") => {
                        format!("{cookie}={REDACTED}")
                    }
                    _ => REDACTED.to_string(),
                };
                (name, shown)
            } else {
                (name, value)
            }
        })
        .collect()
}

pub fn redact_field(name: &str, value: &str) -> String {
    if SECRET_FIELDS.contains(&name.to_ascii_lowercase().as_str()) {
        REDACTED.to_string()
    } else {
        value.to_string()
    }
}

pub fn redact_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => format!("{k}={}", redact_field(k, v)),
            None => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

/// Redacts secret fields at any depth of a JSON text; other text is returned as is.
pub fn redact_json_text(text: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(mut value) => {
            redact_value(&mut value);
            value.to_string()
        }
        Err(_) => text.to_string(),
    }
}

fn redact_value(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if SECRET_FIELDS.contains(&key.to_ascii_lowercase().as_str()) && v.is_string() {
                    *v = serde_json::Value::String(REDACTED.into());
                } else {
                    redact_value(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_removed_from_headers_urls_and_json() {
        let headers = redact_headers(vec![
            ("X-Appwrite-Key".into(), "sk_live".into()),
            ("set-cookie".into(), "a_session_p=abc; path=/".into()),
            ("content-type".into(), "application/json".into()),
        ]);
        assert_eq!(headers[0].1, REDACTED);
        assert_eq!(headers[1].1, format!("a_session_p={REDACTED}"));
        assert_eq!(headers[2].1, "application/json");
        let url = redact_url("http://h/v1/x?token=eyJ.sig&project=p");
        assert_eq!(url, format!("http://h/v1/x?token={REDACTED}&project=p"));
        let json = redact_json_text(r#"{"a":{"secret":"s3"},"list":[{"password":"pw"}],"name":"n"}"#);
        assert!(!json.contains("s3") && !json.contains("pw") && json.contains("\"n\""), "{json}");
    }
}

//! Which origins may speak to the project from a browser or an app: Appwrite 1.9.6
//! `src/Appwrite/Network/Validator/Origin.php` (the 403 `general_unknown_origin` check),
//! `src/Appwrite/Network/Cors.php` (which origin CORS echoes) and utopia's `Hostname`
//! validator (exact hosts, `*.suffix` wildcards, `*`).

/// Schemes whose origin is judged by its hostname (Appwrite's Web platforms).
const WEB_SCHEMES: &[&str] =
    &["http", "https", "chrome-extension", "moz-extension", "safari-web-extension", "ms-browser-extension", "tauri"];

/// The scheme and host of an `Origin` value, as PHP's `parse_url` reads them (the host
/// lowercased, without port or user info).
#[derive(Debug, PartialEq, Eq)]
pub struct OriginParts {
    pub scheme: Option<String>,
    pub host: Option<String>,
}

pub fn parse(origin: &str) -> OriginParts {
    let origin = origin.trim();
    let scheme = origin
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|s| s.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
        .map(str::to_string);
    let host = origin.split_once("//").map(|(_, rest)| {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        // `[::1]:80` keeps its brackets (and so its colons, which no platform host has).
        let host = match authority.strip_prefix('[') {
            Some(_) => authority.split_inclusive(']').next().unwrap_or(authority),
            None => authority.split(':').next().unwrap_or(authority),
        };
        host.to_lowercase()
    });
    OriginParts { scheme, host: host.filter(|h| !h.is_empty()) }
}

/// utopia's `Hostname` validator: a bare hostname (no port, no path) equal to an allowed
/// one, under an allowed `*.suffix` (the suffix itself is not), or anything when `*` is
/// allowed. An empty list allows every hostname.
pub fn host_allowed(host: &str, allowed: &[String]) -> bool {
    if host.is_empty() || host.chars().count() > 253 || host.contains('/') || host.contains(':') {
        return false;
    }
    allowed.is_empty() || allowed.iter().any(|a| a == host || a == "*" || a.strip_prefix('*').is_some_and(|suffix| host.ends_with(suffix)))
}

/// Why a client's `Origin` is refused (the 403 `general_unknown_origin` message), or `None`
/// when the origin belongs to one of `platforms` or is an allowed app scheme (`exp`,
/// `appwrite-callback-<projectId>`).
pub fn refusal(origin: &str, platforms: &[String], project_id: &str) -> Option<String> {
    let parts = parse(origin);
    let scheme = parts.scheme.as_deref().unwrap_or("");
    let host = parts.host.as_deref().unwrap_or("");
    if WEB_SCHEMES.contains(&scheme) {
        if host_allowed(host, platforms) {
            return None;
        }
    } else if scheme == "exp" || scheme == format!("appwrite-callback-{project_id}") {
        return None;
    }
    Some(match (scheme, host) {
        ("", "") => "Invalid Origin.".to_string(),
        (scheme, _) if !WEB_SCHEMES.contains(&scheme) => format!(
            "Invalid Scheme. The scheme used ({scheme}) in the Origin ({origin}) is not supported. If you are using a custom scheme, \
             please change it to `appwrite-callback-<PROJECT_ID>`"
        ),
        (_, host) => {
            let shown = if host.is_empty() { String::new() } else { format!("({host})") };
            format!("Invalid Origin. Register your new client {shown} as a new Web platform on your project console dashboard")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(list: &[&str]) -> Vec<String> {
        list.iter().map(|h| h.to_string()).collect()
    }

    #[test]
    fn origins_are_read_like_parse_url() {
        assert_eq!(parse("http://LocalHost:3000/x"), OriginParts { scheme: Some("http".into()), host: Some("localhost".into()) });
        assert_eq!(parse("exp://192.168.1.2:19000").host.as_deref(), Some("192.168.1.2"));
        assert_eq!(parse("http://[::1]:80").host.as_deref(), Some("[::1]"));
        assert_eq!(parse("null"), OriginParts { scheme: None, host: None });
    }

    #[test]
    fn hostnames_match_exactly_or_under_a_wildcard() {
        let allowed = hosts(&["localhost", "*.example.com"]);
        assert!(host_allowed("localhost", &allowed));
        assert!(host_allowed("app.example.com", &allowed));
        assert!(!host_allowed("example.com", &allowed), "a wildcard does not cover its root");
        assert!(!host_allowed("localhost.example.org", &allowed));
        assert!(!host_allowed("127.0.0.2", &allowed));
        assert!(!host_allowed("[::1]", &hosts(&["*"])));
    }

    #[test]
    fn refusals_say_why() {
        let platforms = hosts(&["localhost"]);
        assert_eq!(refusal("http://localhost:8080", &platforms, "p"), None);
        assert_eq!(refusal("exp://10.0.0.1", &platforms, "p"), None);
        assert_eq!(refusal("appwrite-callback-p://x", &platforms, "p"), None);
        assert_eq!(
            refusal("https://evil.test", &platforms, "p").as_deref(),
            Some("Invalid Origin. Register your new client (evil.test) as a new Web platform on your project console dashboard")
        );
        assert!(refusal("myapp://x", &platforms, "p").is_some_and(|m| m.starts_with("Invalid Scheme. The scheme used (myapp)")));
        assert_eq!(refusal("null", &platforms, "p").as_deref(), Some("Invalid Origin."));
    }
}

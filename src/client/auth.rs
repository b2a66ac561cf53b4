//! Who a request speaks as. Debug never prints a secret.

use reqwest::header::{HeaderMap, HeaderName};

#[derive(Clone)]
pub enum Auth {
    /// No credentials: the `guests` role.
    Guest,
    /// The run's server API key.
    Key,
    /// Another API key, e.g. one holding only some scopes.
    KeySecret(String),
    /// The value the server set for the `a_session_<project>` cookie.
    SessionCookie(String),
    /// The `X-Fallback-Cookies` JSON the server returned, sent back as that header.
    FallbackCookies(String),
    /// A session secret sent as `X-Appwrite-Session`.
    SessionHeader(String),
    Jwt(String),
    /// The run's API key together with a session cookie: the key wins.
    KeyAndSession(String),
    /// A JWT together with a session cookie (jwt, cookie), which servers must refuse.
    JwtAndSession(String, String),
    /// The session in the `a_session_<project>_legacy` cookie alone.
    LegacyCookie(String),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Auth::Guest => "Guest",
            Auth::Key => "Key",
            Auth::KeySecret(_) => "KeySecret([redacted])",
            Auth::SessionCookie(_) => "SessionCookie([redacted])",
            Auth::FallbackCookies(_) => "FallbackCookies([redacted])",
            Auth::SessionHeader(_) => "SessionHeader([redacted])",
            Auth::Jwt(_) => "Jwt([redacted])",
            Auth::KeyAndSession(_) => "KeyAndSession([redacted])",
            Auth::JwtAndSession(..) => "JwtAndSession([redacted])",
            Auth::LegacyCookie(_) => "LegacyCookie([redacted])",
        })
    }
}

impl Auth {
    /// Sets the credential headers, or says which cannot be sent (a credential the server
    /// handed out with a byte HTTP forbids): dropped, the request would go as a guest.
    pub(super) fn apply(&self, headers: &mut HeaderMap, api_key: &str, project: &str) -> Result<(), String> {
        let cookie = |value: &str| format!("a_session_{project}={value}");
        match self {
            Auth::Guest => Ok(()),
            Auth::Key => set(headers, "x-appwrite-key", api_key),
            Auth::KeySecret(secret) => set(headers, "x-appwrite-key", secret),
            Auth::SessionCookie(value) => set(headers, "cookie", &cookie(value)),
            Auth::FallbackCookies(json) => set(headers, "x-fallback-cookies", json),
            Auth::SessionHeader(secret) => set(headers, "x-appwrite-session", secret),
            Auth::Jwt(jwt) => set(headers, "x-appwrite-jwt", jwt),
            Auth::KeyAndSession(value) => {
                set(headers, "x-appwrite-key", api_key)?;
                set(headers, "cookie", &cookie(value))
            }
            Auth::JwtAndSession(jwt, value) => {
                set(headers, "x-appwrite-jwt", jwt)?;
                set(headers, "cookie", &cookie(value))
            }
            Auth::LegacyCookie(value) => set(headers, "cookie", &format!("a_session_{project}_legacy={value}")),
        }
    }
}

fn set(headers: &mut HeaderMap, name: &'static str, value: &str) -> Result<(), String> {
    headers.insert(HeaderName::from_static(name), super::header_value(name, value)?);
    Ok(())
}

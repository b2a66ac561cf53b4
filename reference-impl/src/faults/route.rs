//! Which requests a fault touches: a method and a path pattern where `*` stands for one
//! segment and a trailing `**` for any rest (none included).

use axum::http::Method;

#[derive(Clone, Copy, Debug)]
pub struct Route {
    /// `None` matches every method.
    method: Option<&'static str>,
    pattern: &'static str,
}

impl Route {
    pub fn get(pattern: &'static str) -> Route {
        Route { method: Some("GET"), pattern }
    }
    pub fn post(pattern: &'static str) -> Route {
        Route { method: Some("POST"), pattern }
    }
    pub fn put(pattern: &'static str) -> Route {
        Route { method: Some("PUT"), pattern }
    }
    pub fn patch(pattern: &'static str) -> Route {
        Route { method: Some("PATCH"), pattern }
    }
    pub fn delete(pattern: &'static str) -> Route {
        Route { method: Some("DELETE"), pattern }
    }
    pub fn options(pattern: &'static str) -> Route {
        Route { method: Some("OPTIONS"), pattern }
    }
    pub fn any(pattern: &'static str) -> Route {
        Route { method: None, pattern }
    }

    pub fn matches(&self, method: &Method, path: &str) -> bool {
        if self.method.is_some_and(|m| m != method.as_str()) {
            return false;
        }
        let mut wanted = self.pattern.trim_matches('/').split('/');
        let mut actual = path.trim_matches('/').split('/');
        loop {
            match (wanted.next(), actual.next()) {
                (Some("**"), _) => return true,
                (Some("*"), Some(_)) => {}
                (Some(w), Some(a)) if w == a => {}
                (None, None) => return true,
                _ => return false,
            }
        }
    }
}

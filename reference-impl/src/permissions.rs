//! Appwrite permission strings (`read("any")`, `update("user:ID")`, `write("team:T/owner")`):
//! parsing, the expansion of `write` into create/update/delete, and matching against the
//! roles a principal holds (see `auth::Principal::roles`).

use std::fmt;

use crate::catalogue;
use crate::error::{ApiError, ApiResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
    /// Shorthand for create + update + delete; expanded on write, never stored.
    Write,
}

impl Action {
    fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "read" => Action::Read,
            "create" => Action::Create,
            "update" => Action::Update,
            "delete" => Action::Delete,
            "write" => Action::Write,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Write => "write",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Permission {
    pub action: Action,
    /// The role string, e.g. `any`, `users/verified`, `user:ID`, `team:ID/role`, `label:vip`.
    pub role: String,
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(\"{}\")", self.action.as_str(), self.role)
    }
}

/// True when `role` is one of Appwrite's role forms.
pub fn is_valid_role(role: &str) -> bool {
    let (name, rest) = role.split_once(':').map_or((role, None), |(n, r)| (n, Some(r)));
    let (id, dimension) = match rest {
        Some(r) => r.split_once('/').map_or((Some(r), None), |(i, d)| (Some(i), Some(d))),
        None => (None, None),
    };
    let id_ok = |id: Option<&str>| id.is_some_and(|i| !i.is_empty() && crate::ids::is_valid(i));
    match name {
        "any" | "guests" => rest.is_none(),
        "users" | "users/verified" | "users/unverified" => rest.is_none(),
        "user" => id_ok(id) && matches!(dimension, None | Some("verified") | Some("unverified")),
        "team" => id_ok(id) && dimension.is_none_or(|d| !d.is_empty() && d.len() <= 81),
        "member" | "label" => id_ok(id) && dimension.is_none(),
        _ => false,
    }
}

/// Parses `action("role")`.
pub fn parse(s: &str) -> Option<Permission> {
    let open = s.find('(')?;
    let action = Action::parse(&s[..open])?;
    let inner = s[open + 1..].strip_suffix(')')?;
    let role = inner.strip_prefix('"')?.strip_suffix('"')?;
    is_valid_role(role).then(|| Permission { action, role: role.to_string() })
}

/// Validates a `permissions` param: each entry parses, and only `allowed` actions appear
/// (buckets and documents allow all; some resources only read). Duplicates are dropped,
/// `write` is expanded.
pub fn parse_param(param: &str, raw: &[String], allowed: &[Action]) -> ApiResult<Vec<Permission>> {
    let mut out: Vec<Permission> = Vec::new();
    for entry in raw {
        let permission =
            parse(entry).ok_or_else(|| ApiError::argument(format!("Invalid `{param}` param: Permission \"{entry}\" is not valid.")))?;
        if !allowed.contains(&permission.action) {
            let names: Vec<&str> = allowed.iter().map(|a| a.as_str()).collect();
            return Err(ApiError::argument(format!(
                "Invalid `{param}` param: Permission \"{entry}\" is not allowed. Must be one of: {}.",
                names.join(", ")
            )));
        }
        for expanded in expand(permission) {
            if !out.contains(&expanded) {
                out.push(expanded);
            }
        }
    }
    Ok(out)
}

/// `write` → create, update, delete; anything else unchanged.
pub fn expand(permission: Permission) -> Vec<Permission> {
    match permission.action {
        Action::Write => [Action::Create, Action::Update, Action::Delete]
            .into_iter()
            .map(|action| Permission { action, role: permission.role.clone() })
            .collect(),
        _ => vec![permission],
    }
}

/// True when some permission grants `action` to one of `roles`.
pub fn allows(permissions: &[Permission], action: Action, roles: &[String]) -> bool {
    permissions.iter().any(|p| p.action == action && roles.contains(&p.role))
}

/// Appwrite's Authorization description in a 401 `user_unauthorized`.
pub fn unauthorized(action: Action) -> ApiError {
    ApiError::with_message(catalogue::USER_UNAUTHORIZED, format!("No permissions provided for action '{}'", action.as_str()))
}

/// A client may only grant roles it holds (401 `user_unauthorized` otherwise); keys may
/// grant any.
pub fn check_grantable(is_key: bool, roles: &[String], perms: &[Permission]) -> ApiResult<()> {
    if is_key || perms.iter().all(|p| roles.contains(&p.role)) {
        return Ok(());
    }
    Err(ApiError::with_message(catalogue::USER_UNAUTHORIZED, format!("Permissions must be one of: ({})", roles.join(", "))))
}

/// What a document or file gets when its creator sent no permissions: read, update and
/// delete for the creating user; nothing when a key or a guest created it.
pub fn owner_defaults(user_id: Option<&str>) -> Vec<Permission> {
    let Some(id) = user_id else { return Vec::new() };
    [Action::Read, Action::Update, Action::Delete].into_iter().map(|action| Permission { action, role: format!("user:{id}") }).collect()
}

/// Stored form: a JSON array of permission strings.
pub fn to_json(permissions: &[Permission]) -> String {
    serde_json::Value::from(permissions.iter().map(ToString::to_string).collect::<Vec<_>>()).to_string()
}

/// Reads the stored form back; entries that no longer parse are dropped.
pub fn from_json(stored: &str) -> Vec<Permission> {
    serde_json::from_str::<Vec<String>>(stored).unwrap_or_default().iter().filter_map(|s| parse(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_expands() {
        let p = parse_param(
            "permissions",
            &["write(\"user:abc\")".into(), "read(\"any\")".into()],
            &[Action::Read, Action::Write, Action::Create, Action::Update, Action::Delete],
        );
        let strings: Vec<String> = p.unwrap_or_default().iter().map(ToString::to_string).collect();
        assert_eq!(strings, vec!["create(\"user:abc\")", "update(\"user:abc\")", "delete(\"user:abc\")", "read(\"any\")"]);
        assert!(parse("read(any)").is_none());
        assert!(parse("fly(\"any\")").is_none());
        assert!(parse("read(\"team:t1/owner\")").is_some());
        assert!(parse("read(\"user:_bad\")").is_none());
        assert!(parse_param("permissions", &["update(\"any\")".into()], &[Action::Read]).is_err());
    }

    #[test]
    fn matches_roles() {
        let perms = vec![Permission { action: Action::Read, role: "users".into() }];
        assert!(allows(&perms, Action::Read, &["any".into(), "users".into()]));
        assert!(!allows(&perms, Action::Read, &["any".into(), "guests".into()]));
        assert!(!allows(&perms, Action::Update, &["users".into()]));
    }
}

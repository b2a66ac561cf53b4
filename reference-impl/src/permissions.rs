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

/// The role names Appwrite knows, in the order its messages list them.
const ROLES: &[&str] = &["any", "guests", "users", "user", "team", "member", "label"];

/// utopia's `Key` rule for role IDs and dimensions: 1 to `max` chars of a-z A-Z 0-9 . - _,
/// not starting with a special char.
fn key_ok(value: &str, max: usize) -> bool {
    crate::ids::is_valid_up_to(value, max)
}

fn key_rule(max: usize) -> String {
    format!("Parameter must contain at most {max} chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char")
}

/// Checks a role's name, ID and dimension the way utopia-php/database 6.0.0's `Roles`
/// validator does; the error is its description.
fn check_role(role: &str, id: &str, dimension: &str) -> Result<(), String> {
    let (id_allowed, dimension_allowed, options): (bool, bool, &[&str]) = match role {
        "any" | "guests" => (false, false, &[]),
        "users" => (false, true, &["verified", "unverified"]),
        "user" => (true, true, &["verified", "unverified"]),
        "team" => (true, true, &[]),
        "member" | "label" => (true, false, &[]),
        _ => return Err(format!("Role \"{role}\" is not allowed. Must be one of: {}.", ROLES.join(", "))),
    };
    if !id_allowed && !id.is_empty() {
        return Err(format!("Role \"{role}\" can not have an ID value."));
    }
    if id_allowed && id.is_empty() {
        return Err(format!("Role \"{role}\" must have an ID value."));
    }
    if id_allowed && role == "label" && !(id.chars().count() <= 36 && id.chars().all(|c| c.is_ascii_alphanumeric())) {
        return Err(format!(
            "Role \"{role}\" identifier value is invalid: Value must be a valid string between 1 and 36 chars containing only alphanumeric chars"
        ));
    }
    if id_allowed && role != "label" && !key_ok(id, crate::ids::MAX_ID_LENGTH) {
        return Err(format!("Role \"{role}\" identifier value is invalid: {}", key_rule(crate::ids::MAX_ID_LENGTH)));
    }
    if !dimension_allowed && !dimension.is_empty() {
        return Err(format!("Role \"{role}\" can not have a dimension value."));
    }
    if !dimension.is_empty() {
        if !options.is_empty() && !options.contains(&dimension) {
            return Err(format!("Role \"{role}\" dimension value is invalid. Must be one of: {}.", options.join(", ")));
        }
        if !key_ok(dimension, 81) {
            return Err(format!("Role \"{role}\" dimension value is invalid: {}", key_rule(81)));
        }
    }
    Ok(())
}

/// Splits `action("role:id/dimension")` as utopia's `Permission::parse` does.
fn split(entry: &str) -> Result<(Action, String, String, String), String> {
    let parts: Vec<&str> = entry.split("(\"").collect();
    if parts.len() != 2 {
        return Err(format!("Invalid permission string format: \"{entry}\"."));
    }
    let action = Action::parse(parts[0]).ok_or_else(|| format!("Invalid permission type: \"{}\".", parts[0]))?;
    let full = parts[1].replace("\")", "");
    let role_parts: Vec<&str> = full.split(':').collect();
    let has_id = role_parts.len() > 1;
    let (role, rest) = match full.split_once('/') {
        None if !has_id => return Ok((action, full.clone(), String::new(), String::new())),
        None => return Ok((action, role_parts[0].to_string(), role_parts[1].to_string(), String::new())),
        Some(_) if has_id => (role_parts[0].to_string(), role_parts[1]),
        Some(_) => ("".to_string(), full.as_str()),
    };
    let pieces: Vec<&str> = rest.split('/').collect();
    if pieces.len() != 2 {
        return Err("Only one dimension can be provided".into());
    }
    if pieces[1].is_empty() {
        return Err("Dimension must not be empty".into());
    }
    if has_id {
        Ok((action, role, pieces[0].to_string(), pieces[1].to_string()))
    } else {
        Ok((action, pieces[0].to_string(), String::new(), pieces[1].to_string()))
    }
}

/// One permission string checked as Appwrite's `Permissions` validator checks it, with
/// its description of what is wrong.
pub fn validate(entry: &str, allowed: &[Action]) -> Result<Permission, String> {
    if entry == "*" {
        return Err("Wildcard permission \"*\" has been replaced. Use \"any\" instead.".into());
    }
    if entry.contains("role:") {
        return Err("Permissions using the \"role:\" prefix have been replaced. Use \"users\", \"guests\", or \"any\" instead.".into());
    }
    if !allowed.iter().any(|a| entry.starts_with(a.as_str())) {
        let names: Vec<&str> = allowed.iter().map(|a| a.as_str()).collect();
        return Err(format!("Permission \"{entry}\" is not allowed. Must be one of: {}.", names.join(", ")));
    }
    let (action, role, id, dimension) = split(entry)?;
    check_role(&role, &id, &dimension)?;
    let mut text = role;
    if !id.is_empty() {
        text = format!("{text}:{id}");
    }
    if !dimension.is_empty() {
        text = format!("{text}/{dimension}");
    }
    Ok(Permission { action, role: text })
}

/// Parses `action("role")` with any action; `None` when Appwrite would refuse it.
pub fn parse(s: &str) -> Option<Permission> {
    validate(s, &[Action::Read, Action::Create, Action::Update, Action::Delete, Action::Write]).ok()
}

/// Validates a `permissions` param: each entry parses, and only `allowed` actions appear
/// (buckets and documents allow all; some resources only read). Duplicates are dropped,
/// `write` is expanded. A refusal is 400 `general_argument_invalid` with Appwrite's reason.
pub fn parse_param(param: &str, raw: &[String], allowed: &[Action]) -> ApiResult<Vec<Permission>> {
    let mut out: Vec<Permission> = Vec::new();
    for entry in raw {
        let permission = validate(entry, allowed).map_err(|why| ApiError::argument(format!("Invalid `{param}` param: {why}")))?;
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

//! Resource IDs: `unique()` generation and the custom-ID rules of Appwrite's `Key`/`UID`
//! validators (utopia-php/database): at most 36 chars of a-z A-Z 0-9 . - _, not starting
//! with a special char. A violation is a 400 `general_argument_invalid` naming the param.

use rand::Rng;

use crate::error::ApiError;

pub const MAX_ID_LENGTH: usize = 36;

/// Appwrite's own description of the rule, reused verbatim in error messages.
pub const ID_RULE: &str = "Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char";

/// A fresh 20-character hex ID like Appwrite's `ID::unique()`: 13 chars of microsecond
/// time (so IDs sort roughly by creation) and 7 random chars.
pub fn unique() -> String {
    let micros = chrono::Utc::now().timestamp_micros();
    let secs = micros / 1_000_000;
    let usec = micros % 1_000_000;
    let random: u32 = rand::rng().random_range(0..0x1000_0000);
    format!("{secs:08x}{usec:05x}{random:07x}")
}

/// True when `value` satisfies the ID rule.
pub fn is_valid(value: &str) -> bool {
    is_valid_up_to(value, MAX_ID_LENGTH)
}

/// The ID rule with another length limit (role dimensions may have 81 chars).
pub fn is_valid_up_to(value: &str, max: usize) -> bool {
    let mut chars = value.chars();
    match chars.next() {
        Some(first) if first.is_ascii_alphanumeric() => {}
        _ => return false,
    }
    value.len() <= max && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Validates the ID a client chose for a new resource; `unique()` asks for a generated one.
pub fn custom(param: &str, value: &str) -> Result<String, ApiError> {
    if value == "unique()" {
        return Ok(unique());
    }
    if is_valid(value) {
        Ok(value.to_string())
    } else {
        Err(ApiError::argument(format!("Invalid `{param}` param: {ID_RULE}")))
    }
}

/// How utopia's `UID` validator, which checks IDs naming existing resources, describes its
/// rule (it accepts what the custom-ID rule accepts, periods and hyphens included).
pub const UID_RULE: &str =
    "UID must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, and underscore. Can't start with a leading underscore";

/// Validates an ID naming an existing resource (path params, cursors): a bad one is a 400
/// `general_argument_invalid`, never a 404.
pub fn existing<'a>(param: &str, value: &'a str) -> Result<&'a str, ApiError> {
    if is_valid(value) {
        Ok(value)
    } else {
        Err(ApiError::argument(format!("Invalid `{param}` param: {UID_RULE}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_ids_are_valid_and_distinct() {
        let a = unique();
        let b = unique();
        assert_eq!(a.len(), 20);
        assert!(is_valid(&a));
        assert_ne!(a, b);
    }

    #[test]
    fn custom_id_rules() {
        assert!(is_valid("abc.DEF-1_2"));
        assert!(!is_valid(""));
        assert!(!is_valid("_leading"));
        assert!(!is_valid(".leading"));
        assert!(!is_valid("has space"));
        assert!(!is_valid("ünï"));
        assert!(is_valid(&"a".repeat(36)));
        assert!(!is_valid(&"a".repeat(37)));
        assert!(custom("userId", "unique()").is_ok());
        assert_eq!(custom("userId", "-x").map_err(|e| e.kind.name), Err("general_argument_invalid"));
    }
}

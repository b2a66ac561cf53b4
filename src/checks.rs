//! Checks that read as documentation: a JSON body matching an expected shape with
//! placeholders, and Appwrite's timestamp format.

use serde_json::Value;

/// Placeholders usable as string values in an expected body.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("<any>", "any value, including null"),
    ("<absent>", "the field must not be present"),
    ("<string>", "any string"),
    ("<non-empty string>", "a string with at least one character"),
    ("<integer>", "an integer"),
    ("<number>", "any number"),
    ("<boolean>", "true or false"),
    ("<datetime>", "ISO-8601 with milliseconds and offset, e.g. 2026-11-22T07:32:49.123+00:00"),
    ("<array>", "any array"),
    ("<object>", "any object"),
];

/// Compares `actual` with `expected`: objects by the expected keys only (extra fields are
/// fine), arrays element by element and by length, placeholders by kind. Returns every
/// disagreement with its JSON path.
pub fn match_json(expected: &Value, actual: Option<&Value>, path: &str, out: &mut Vec<String>) {
    if let Value::String(s) = expected {
        if let Some(problem) = match_placeholder(s, actual) {
            if !problem.is_empty() {
                out.push(format!("{path}: {problem}"));
            }
            return;
        }
    }
    let Some(actual) = actual else {
        out.push(format!("{path}: missing, expected {expected}"));
        return;
    };
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                match_json(value, a.get(key), &format!("{path}.{key}"), out);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!("{path}: expected {} elements, got {}: {actual}", e.len(), a.len()));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                match_json(ev, Some(av), &format!("{path}[{i}]"), out);
            }
        }
        // Integers past 2^53 (bigint values) must match exactly: as doubles, neighbours compare equal.
        (Value::Number(e), Value::Number(a)) if e.as_i64().is_some_and(|i| i.unsigned_abs() > 1 << 53) => {
            if e.as_i64() != a.as_i64() || !a.is_i64() {
                out.push(format!("{path}: expected exactly {expected}, got {actual}"));
            }
        }
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => {}
        _ if expected == actual => {}
        _ => out.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// `None` when `s` is no placeholder; `Some("")` when it matches; `Some(problem)` otherwise.
fn match_placeholder(s: &str, actual: Option<&Value>) -> Option<String> {
    let ok = |cond: bool, what: &str| Some(if cond { String::new() } else { format!("expected {what}, got {}", show(actual)) });
    match s {
        "<any>" => ok(actual.is_some(), "a value"),
        "<absent>" => ok(actual.is_none(), "no such field"),
        "<string>" => ok(matches!(actual, Some(Value::String(_))), "a string"),
        "<non-empty string>" => ok(matches!(actual, Some(Value::String(v)) if !v.is_empty()), "a non-empty string"),
        "<integer>" => ok(matches!(actual, Some(Value::Number(n)) if n.is_i64() || n.is_u64()), "an integer"),
        "<number>" => ok(matches!(actual, Some(Value::Number(_))), "a number"),
        "<boolean>" => ok(matches!(actual, Some(Value::Bool(_))), "a boolean"),
        "<array>" => ok(matches!(actual, Some(Value::Array(_))), "an array"),
        "<object>" => ok(matches!(actual, Some(Value::Object(_))), "an object"),
        "<datetime>" => {
            ok(matches!(actual, Some(Value::String(v)) if is_appwrite_datetime(v)), "an ISO-8601 datetime with milliseconds and offset")
        }
        _ => None,
    }
}

fn show(actual: Option<&Value>) -> String {
    actual.map_or("nothing (field absent)".to_string(), |v| v.to_string())
}

/// Appwrite writes `2026-11-22T07:32:49.123+00:00`: milliseconds and a numeric offset.
pub fn is_appwrite_datetime(s: &str) -> bool {
    let re = regex_datetime();
    re.is_match(s) && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

fn regex_datetime() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$").expect("valid regex"))
}

/// Reads a value at a dotted path such as `sessions.0.$id` or `$id`.
pub fn at_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, key| match v {
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        Value::Object(map) => map.get(key),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(expected: Value, actual: Value) -> Vec<String> {
        let mut out = Vec::new();
        match_json(&expected, Some(&actual), "$", &mut out);
        out
    }

    #[test]
    fn subset_and_placeholders_match() {
        let actual = json!({"$id":"u1","name":"","registration":"2026-11-22T07:32:49.123+00:00","labels":[],"n":3});
        let expected =
            json!({"$id":"<non-empty string>","name":"<string>","registration":"<datetime>","labels":[],"n":"<integer>","x":"<absent>"});
        assert_eq!(problems(expected, actual), Vec::<String>::new());
    }

    #[test]
    fn mismatches_name_the_path_and_both_values() {
        let found = problems(json!({"a":{"b":1},"c":"<datetime>","d":[1]}), json!({"a":{"b":2},"c":"2026-11-22T07:32:49Z","d":[]}));
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("$.a.b: expected 1, got 2"), "{found:?}");
        assert!(found[1].starts_with("$.c: expected an ISO-8601"), "{found:?}");
        assert!(found[2].starts_with("$.d: expected 1 elements, got 0"), "{found:?}");
    }

    #[test]
    fn paths_walk_objects_and_arrays() {
        let v = json!({"sessions":[{"$id":"s1"}]});
        assert_eq!(at_path(&v, "sessions.0.$id"), Some(&json!("s1")));
        assert_eq!(at_path(&v, "sessions.1.$id"), None);
    }
}

//! Response models, rendered exactly as `shared/spec/models.md` lists them: every required
//! field present with the documented JSON type.

pub mod databases;
pub mod session;
pub mod storage;
pub mod target;
pub mod team;
pub mod token;
pub mod user;

use serde_json::{json, Value};

/// A `*List` model: `{"total": n, "<plural>": [...]}`.
pub fn list(plural: &str, total: u64, items: Vec<Value>) -> Value {
    json!({ "total": total, plural: items })
}

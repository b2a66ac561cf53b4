//! The `target` model.

use serde_json::{json, Value};

use crate::store::targets::TargetRecord;

pub fn target(t: &TargetRecord) -> Value {
    json!({
        "$id": t.id,
        "$createdAt": t.created_at,
        "$updatedAt": t.updated_at,
        "name": t.name,
        "userId": t.user_id,
        "providerId": t.provider_id,
        "providerType": t.provider_type,
        "identifier": t.identifier,
        "expired": t.expired,
    })
}

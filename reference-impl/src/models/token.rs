//! The Tokens service's response model: `resourceToken` (models.md). `expire` and
//! `accessedAt` are empty strings until set, as Appwrite renders them.

use serde_json::{json, Value};

use crate::store::tokens::TokenRecord;

/// `secret` is the token's JWT (`resource_token::secret`), computed for each answer.
pub fn resource_token(t: &TokenRecord, secret: String) -> Value {
    json!({
        "$id": t.id,
        "$createdAt": t.created_at,
        "resourceId": t.resource_id,
        "resourceType": t.resource_type,
        "expire": t.expire.clone().unwrap_or_default(),
        "secret": secret,
        "accessedAt": t.accessed_at,
    })
}

//! The `user` model (Users API, key callers) and its `account` variant (Account API), which
//! Appwrite renders without `password`, `hash` and `hashOptions`.

use serde_json::{json, Value};

use crate::models::target::target;
use crate::store::targets::TargetRecord;
use crate::store::users::UserRecord;

pub fn user(u: &UserRecord, targets: &[TargetRecord]) -> Value {
    let mut value = account(u, targets);
    if let Value::Object(map) = &mut value {
        map.insert("password".into(), json!(u.password));
        map.insert("hash".into(), json!(u.hash));
        map.insert("hashOptions".into(), crate::password_hashes::public_options(&u.hash, &u.hash_options));
    }
    value
}

pub fn account(u: &UserRecord, targets: &[TargetRecord]) -> Value {
    json!({
        "$id": u.id,
        "$createdAt": u.created_at,
        "$updatedAt": u.updated_at,
        "name": u.name,
        "registration": u.registration,
        "status": u.status,
        "labels": u.labels,
        "passwordUpdate": u.password_update,
        "email": u.email.clone().unwrap_or_default(),
        "phone": u.phone.clone().unwrap_or_default(),
        "emailVerification": u.email_verification,
        "phoneVerification": u.phone_verification,
        "mfa": u.mfa,
        "prefs": u.prefs,
        "targets": targets.iter().map(target).collect::<Vec<_>>(),
        "accessedAt": u.accessed_at,
        "impersonator": u.impersonator,
    })
}

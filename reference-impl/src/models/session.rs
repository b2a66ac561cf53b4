//! The `session` model. Device and location details Appwrite derives from the user agent and
//! a GeoIP database are reported as unknown: this server has neither.

use serde_json::{json, Value};

use crate::store::sessions::SessionRecord;

/// `secret` is the client secret (only key callers see it, others get ""); `current` says
/// whether the request was made with this session.
pub fn session(s: &SessionRecord, current: bool, secret: &str) -> Value {
    with_unknown_device(json!({
        "$id": s.id,
        "$createdAt": s.created_at,
        "$updatedAt": s.updated_at,
        "userId": s.user_id,
        "expire": s.expire,
        "provider": s.provider,
        "providerUid": s.provider_uid,
        "providerAccessToken": "",
        "providerAccessTokenExpiry": "",
        "providerRefreshToken": "",
        "ip": s.ip,
        "current": current,
        "factors": s.factors,
        "secret": secret,
        "mfaUpdatedAt": "",
    }))
}

/// `model` with the device and location fields Appwrite reads from the user agent and GeoIP,
/// all unknown here (the session and the log model both carry them).
pub fn with_unknown_device(mut model: Value) -> Value {
    if let Some(fields) = model.as_object_mut() {
        for name in [
            "osCode",
            "osName",
            "osVersion",
            "clientType",
            "clientCode",
            "clientName",
            "clientVersion",
            "clientEngine",
            "clientEngineVersion",
            "deviceName",
            "deviceBrand",
            "deviceModel",
        ] {
            fields.insert(name.into(), Value::from(""));
        }
        fields.insert("countryCode".into(), Value::from("--"));
        fields.insert("countryName".into(), Value::from("Unknown"));
    }
    model
}

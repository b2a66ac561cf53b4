//! The `team`, `membership` and `preferences` models.

use serde_json::{json, Value};

use crate::store::teams::{MembershipRecord, TeamRecord};
use crate::store::users::UserRecord;

pub fn team(t: &TeamRecord) -> Value {
    json!({
        "$id": t.id,
        "$createdAt": t.created_at,
        "$updatedAt": t.updated_at,
        "name": t.name,
        "total": t.total,
        "prefs": t.prefs,
    })
}

/// A membership with its user's name, email, phone and MFA flag and its team's name
/// (Appwrite's default membership privacy shows them all). `joined` is empty until the
/// invitation is accepted. `userAccessedAt` is shown only when `show_accessed` (reads by an
/// API key; Appwrite hides it from clients by default and leaves it empty on writes).
pub fn membership(m: &MembershipRecord, team_name: &str, user: Option<&UserRecord>, show_accessed: bool) -> Value {
    json!({
        "$id": m.id,
        "$createdAt": m.created_at,
        "$updatedAt": m.updated_at,
        "userId": m.user_id,
        "userName": user.map(|u| u.name.clone()).unwrap_or_default(),
        "userEmail": user.and_then(|u| u.email.clone()).unwrap_or_default(),
        "userPhone": user.and_then(|u| u.phone.clone()).unwrap_or_default(),
        "teamId": m.team_id,
        "teamName": team_name,
        "invited": m.invited,
        "joined": m.joined,
        "confirm": m.confirm,
        "mfa": user.is_some_and(|u| u.mfa),
        "roles": m.roles,
        "userAccessedAt": if show_accessed { user.map(|u| u.accessed_at.clone()).unwrap_or_default() } else { String::new() },
    })
}

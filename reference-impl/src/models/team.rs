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

/// Which of the member's details a membership answer carries. Appwrite 1.9.x looks them all
/// up only when it reads a team's memberships (get and list); the answers to writes and the
/// Users service's list of a user's memberships set the name and email alone, leaving `mfa`
/// false and `userPhone` and `userAccessedAt` empty.
pub enum Detail {
    NameAndEmail,
    /// Everything the default membership privacy shows; `userAccessedAt` only when `accessed`
    /// (reads by an API key: Appwrite hides it from clients by default).
    Full {
        accessed: bool,
    },
}

/// A membership with its team's name and its user's details (`joined` is empty until the
/// invitation is accepted).
pub fn membership(m: &MembershipRecord, team_name: &str, user: Option<&UserRecord>, detail: Detail) -> Value {
    let name = user.map(|u| u.name.clone()).unwrap_or_default();
    let email = user.and_then(|u| u.email.clone()).unwrap_or_default();
    let (phone, mfa, accessed) = match detail {
        Detail::NameAndEmail => (String::new(), false, String::new()),
        Detail::Full { accessed } => (
            user.and_then(|u| u.phone.clone()).unwrap_or_default(),
            user.is_some_and(mfa_in_force),
            if accessed { user.map(|u| u.accessed_at.clone()).unwrap_or_default() } else { String::new() },
        ),
    };
    json!({
        "$id": m.id,
        "$createdAt": m.created_at,
        "$updatedAt": m.updated_at,
        "userId": m.user_id,
        "userName": name,
        "userEmail": email,
        "userPhone": phone,
        "teamId": m.team_id,
        "teamName": team_name,
        "invited": m.invited,
        "joined": m.joined,
        "confirm": m.confirm,
        "mfa": mfa,
        "roles": m.roles,
        "userAccessedAt": accessed,
    })
}

/// A membership's `mfa`: the user turned MFA on and has a second factor to use, a verified
/// email or phone (this server has no authenticators).
fn mfa_in_force(u: &UserRecord) -> bool {
    let email = u.email_verification && u.email.as_deref().is_some_and(|e| !e.is_empty());
    let phone = u.phone_verification && u.phone.as_deref().is_some_and(|p| !p.is_empty());
    u.mfa && (email || phone)
}

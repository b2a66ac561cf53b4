//! The Teams service: teams, their memberships and their preferences. Appwrite 1.9.x
//! `src/Appwrite/Platform/Modules/Teams/Http/{Teams,Memberships,Preferences}/*`.
//!
//! Who may do what follows the permissions Appwrite gives the documents: a team is readable
//! by `team:T` and updatable/deletable by `team:T/owner`; a membership is deletable by its
//! own user and by the team's owners; inviting and changing roles need `team:T/owner`.
//! API keys bypass all of it. A team a session cannot read is 404 `team_not_found`.
//!
//! Invitations from a session: Appwrite mails the secret (and refuses with
//! `general_smtp_disabled` when no SMTP server is configured). This server behaves as an
//! instance with email delivery whose mail goes nowhere: the unconfirmed membership is made
//! and the secret is known only as its hash.

use axum::response::Response;
use axum::routing::{get, patch};
use axum::Router;
use rusqlite::Connection;
use serde_json::Value;

use crate::auth::Principal;
use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult};
use crate::models;
use crate::models::team::Detail;
use crate::params::Params;
use crate::path::PathParams;
use crate::query::{self, Options, Scope};
use crate::rate_limit::RateSpec;
use crate::respond;
use crate::state::AppState;
use crate::store::teams::{self, MembershipRecord, TeamRecord};
use crate::store::users::{self, UserRecord};

const READ: Route = Route::scope(&["teams.read"]);
const WRITE: Route = Route::scope(&["teams.write"]);
const INVITE: Route = Route::limited(&["teams.write"], RateSpec::per_ip(10, 3600));
const PUBLIC: Route = Route::scope(&["public"]);

const NAME_MAX: usize = 128;
const TEAM_ROLE_MAX: usize = 36;
const MEMBERSHIP_ROLE_MAX: usize = 81;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/teams", get(list).post(create))
        .route("/v1/teams/{teamId}", get(fetch).put(update_name).delete(remove))
        .route("/v1/teams/{teamId}/prefs", get(get_prefs).put(update_prefs))
        .route("/v1/teams/{teamId}/memberships", get(list_memberships).post(create_membership))
        .route("/v1/teams/{teamId}/memberships/{membershipId}", get(get_membership).patch(update_membership).delete(delete_membership))
        .route("/v1/teams/{teamId}/memberships/{membershipId}/status", patch(update_membership_status))
}

/// What a caller holds, taken out of the principal so it can move into a DB closure.
#[derive(Clone)]
struct Caller {
    key: bool,
    roles: Vec<String>,
    user_id: Option<String>,
}

impl Caller {
    fn of(p: &Principal) -> Caller {
        Caller { key: p.is_key(), roles: p.roles(), user_id: p.user().map(|u| u.id.clone()) }
    }

    fn has(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    fn can_read(&self, team_id: &str) -> bool {
        self.key || self.has(&format!("team:{team_id}"))
    }

    fn is_owner(&self, team_id: &str) -> bool {
        self.key || self.has(&format!("team:{team_id}/owner"))
    }

    fn can_read_membership(&self, m: &MembershipRecord) -> bool {
        m.read_any || self.user_id.as_deref() == Some(m.user_id.as_str()) || self.can_read(&m.team_id)
    }
}

fn team_not_found() -> ApiError {
    ApiError::new(catalogue::TEAM_NOT_FOUND)
}

/// The team, if it exists and the caller may read it.
fn readable_team(conn: &Connection, caller: &Caller, id: &str) -> ApiResult<TeamRecord> {
    teams::get_team(conn, id)?.filter(|t| caller.can_read(&t.id)).ok_or_else(team_not_found)
}

/// The team's owners only: a document update or delete refused by its permissions.
fn require_owner(caller: &Caller, team_id: &str) -> ApiResult<()> {
    if caller.is_owner(team_id) {
        Ok(())
    } else {
        Err(ApiError::new(catalogue::USER_UNAUTHORIZED))
    }
}

/// A `roles` param: strings under Appwrite's `Key` rule (a-z A-Z 0-9 . - _, not starting
/// with a special char) of at most `max` chars.
fn roles_param(params: &Params, max: usize) -> ApiResult<Option<Vec<String>>> {
    let description = format!(
        "Value must a valid array no longer than {} items and Parameter must contain at most {max} chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char",
        crate::params::MAX_ARRAY_ITEMS
    );
    let Some(roles) =
        params.string_array("roles", usize::MAX).map_err(|_| ApiError::argument(format!("Invalid `roles` param: {description}")))?
    else {
        return Ok(None);
    };
    let valid = |r: &String| {
        r.chars().count() <= max
            && r.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && r.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    };
    if roles.iter().all(valid) {
        Ok(Some(roles))
    } else {
        Err(ApiError::argument(format!("Invalid `roles` param: {description}")))
    }
}

/// A membership as a read shows it, with every detail of its user looked up.
fn render_membership(conn: &Connection, m: &MembershipRecord, team_name: &str, show_accessed: bool) -> ApiResult<Value> {
    let user = users::get(conn, &m.user_id)?;
    Ok(models::team::membership(m, team_name, user.as_ref(), Detail::Full { accessed: show_accessed }))
}

async fn list(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let search = params.text("search", 256)?;
    let count = params.bool("total")?.unwrap_or(true);
    let plan = query::parse_param(&raw, &teams::team_schema(), Options::default())?;
    let mut scope = query::search_scope(Scope::default(), search, &["id", "name"]);
    let caller = Caller::of(&ctx.principal);
    if !caller.key {
        // A session lists the teams it may read: those it is a confirmed member of.
        let user_id = caller.user_id.clone().unwrap_or_default();
        scope = scope.and(
            "seq IN (SELECT team_seq FROM memberships WHERE user_id = ? AND confirm = 1)",
            vec![rusqlite::types::Value::Text(user_id)],
        );
    }
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let (found, total) = query::list(conn, "teams", "Team", teams::TEAM_COLUMNS, &plan, &scope, count, teams::team_from_row)?;
            Ok(models::list("teams", total, found.iter().map(models::team::team).collect()))
        })
        .await?;
    Ok(respond::ok(body))
}

async fn create(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let id = params.required_custom_id("teamId")?;
    let name = params.required_text("name", NAME_MAX)?;
    let mut roles = roles_param(&params, TEAM_ROLE_MAX)?.unwrap_or_else(|| vec!["owner".to_string()]);
    // A session's user becomes the first member, always an owner; a key makes no member.
    let member = ctx.principal.user().map(|u| u.id.clone());
    if !roles.iter().any(|r| r == "owner") {
        roles.push("owner".into());
    }
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let now = crate::time::now();
            let tx = conn.transaction()?;
            let mut team = TeamRecord {
                seq: 0,
                id,
                created_at: now.clone(),
                updated_at: now.clone(),
                name,
                total: 0,
                prefs: Value::Object(Default::default()),
            };
            team.seq = teams::insert_team(&tx, &team)?.ok_or_else(|| ApiError::new(catalogue::TEAM_ALREADY_EXISTS))?;
            if let Some(user_id) = member {
                let membership = MembershipRecord {
                    seq: 0,
                    id: crate::ids::unique(),
                    created_at: now.clone(),
                    updated_at: now.clone(),
                    team_seq: team.seq,
                    team_id: team.id.clone(),
                    user_id,
                    roles,
                    invited: now.clone(),
                    joined: now,
                    confirm: true,
                    secret_hash: String::new(),
                    read_any: false,
                };
                teams::insert_membership(&tx, &membership)?;
            }
            let team = teams::get_team(&tx, &team.id)?.ok_or_else(team_not_found)?;
            tx.commit()?;
            Ok(models::team::team(&team))
        })
        .await?;
    Ok(respond::created(body))
}

async fn fetch(ctx: Ctx, PathParams(team_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let caller = Caller::of(&ctx.principal);
    let body = ctx.state.db.read(move |conn| Ok(models::team::team(&readable_team(conn, &caller, &team_id)?))).await?;
    Ok(respond::ok(body))
}

async fn update_name(ctx: Ctx, PathParams(team_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let name = params.required_text("name", NAME_MAX)?;
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let team = readable_team(conn, &caller, &team_id)?;
            require_owner(&caller, &team.id)?;
            teams::update_team_name(conn, team.seq, &name, &crate::time::now())?;
            let team = teams::get_team(conn, &team.id)?.ok_or_else(team_not_found)?;
            Ok(models::team::team(&team))
        })
        .await?;
    Ok(respond::ok(body))
}

async fn remove(ctx: Ctx, PathParams(team_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let caller = Caller::of(&ctx.principal);
    ctx.state
        .db
        .call(move |conn| {
            let team = readable_team(conn, &caller, &team_id)?;
            require_owner(&caller, &team.id)?;
            teams::delete_team(conn, team.seq)?;
            Ok(())
        })
        .await?;
    Ok(respond::no_content())
}

async fn get_prefs(ctx: Ctx, PathParams(team_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let caller = Caller::of(&ctx.principal);
    let body = ctx.state.db.read(move |conn| Ok(readable_team(conn, &caller, &team_id)?.prefs)).await?;
    Ok(respond::ok(body))
}

async fn update_prefs(ctx: Ctx, PathParams(team_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let prefs = match params.raw("prefs")? {
        None => return Err(ApiError::argument("Param \"prefs\" is not optional.")),
        Some(Value::Object(map)) => Value::Object(map.clone()),
        // PHP decodes `[]` to the same empty array as `{}`.
        Some(Value::Array(items)) if items.is_empty() => Value::Object(Default::default()),
        Some(_) => return Err(ApiError::argument("Invalid `prefs` param: Value must be a valid object.")),
    };
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let team = readable_team(conn, &caller, &team_id)?;
            require_owner(&caller, &team.id)?;
            teams::update_team_prefs(conn, team.seq, &prefs, &crate::time::now())?;
            Ok(prefs)
        })
        .await?;
    Ok(respond::ok(body))
}

async fn list_memberships(ctx: Ctx, PathParams(team_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let raw = params.string_array("queries", query::MAX_QUERY_LENGTH)?.unwrap_or_default();
    let search = params.text("search", 256)?;
    let count = params.bool("total")?.unwrap_or(true);
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let team = readable_team(conn, &caller, &team_id)?;
            let plan = query::parse_param(&raw, &teams::membership_schema(), Options::default())?;
            let scope = query::search_scope(Scope::default(), search, &["id", "user_id"])
                .and("team_seq = ?", vec![rusqlite::types::Value::Integer(team.seq)]);
            let (found, total) = query::list(
                conn,
                "memberships",
                "Membership",
                teams::MEMBERSHIP_COLUMNS,
                &plan,
                &scope,
                count,
                teams::membership_from_row,
            )?;
            let items = found.iter().map(|m| render_membership(conn, m, &team.name, caller.key)).collect::<ApiResult<Vec<_>>>()?;
            Ok(models::list("memberships", total, items))
        })
        .await?;
    Ok(respond::ok(body))
}

/// The membership `membership_id` of `team`: 404 `membership_not_found` when there is none,
/// 404 `team_membership_mismatch` when it belongs to another team.
fn membership_of(conn: &Connection, team: &TeamRecord, membership_id: &str) -> ApiResult<MembershipRecord> {
    let m = teams::get_membership(conn, membership_id)?.ok_or_else(|| ApiError::new(catalogue::MEMBERSHIP_NOT_FOUND))?;
    if m.team_seq != team.seq {
        return Err(ApiError::new(catalogue::TEAM_MEMBERSHIP_MISMATCH));
    }
    Ok(m)
}

async fn create_membership(ctx: Ctx, PathParams(team_id): PathParams<String>, params: Params) -> ApiResult<Response> {
    ctx.guard(&INVITE, &params)?;
    let email = params.email("email")?.map(|e| e.to_lowercase());
    let user_id = match params.text("userId", usize::MAX)? {
        Some(id) if !id.is_empty() => Some(crate::ids::existing("userId", &id)?.to_string()),
        _ => None,
    };
    let phone = params.phone("phone")?;
    let roles = roles_param(&params, MEMBERSHIP_ROLE_MAX)?.ok_or_else(|| ApiError::argument("Param \"roles\" is not optional."))?;
    let url = params.text("url", 2048)?.filter(|u| !u.is_empty());
    let name = params.text("name", NAME_MAX)?.filter(|n| !n.is_empty());
    let caller = Caller::of(&ctx.principal);
    if url.is_none() && !caller.key {
        return Err(ApiError::argument("URL is required"));
    }
    if user_id.is_none() && email.is_none() && phone.is_none() {
        return Err(ApiError::argument("At least one of userId, email, or phone is required"));
    }
    let (hash, hash_options) = crate::password::algorithm();
    // Users made for an invitation get a random password, as in Appwrite.
    let random_password = match user_id {
        Some(_) => None,
        None => Some(crate::password::hash(crate::secrets::random_secret()).await?),
    };
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let team = readable_team(conn, &caller, &team_id)?;
            let invitee: Option<UserRecord> = if let Some(id) = &user_id {
                let found = users::get(conn, id)?
                    .ok_or_else(|| ApiError::with_message(catalogue::USER_NOT_FOUND, "User with given userId doesn't exist."))?;
                if email.as_ref().is_some_and(|e| found.email.as_ref() != Some(e)) {
                    return Err(ApiError::with_message(catalogue::USER_ALREADY_EXISTS, "Given userId and email doesn't match"));
                }
                if phone.as_ref().is_some_and(|p| found.phone.as_ref() != Some(p)) {
                    return Err(ApiError::with_message(catalogue::USER_ALREADY_EXISTS, "Given userId and phone doesn't match"));
                }
                Some(found)
            } else if let Some(e) = &email {
                let found = users::find_by_email(conn, e)?;
                if let (Some(u), Some(p)) = (&found, &phone) {
                    if u.phone.as_ref() != Some(p) {
                        return Err(ApiError::with_message(catalogue::USER_ALREADY_EXISTS, "Given email and phone doesn't match"));
                    }
                }
                found
            } else {
                let p = phone.clone().unwrap_or_default();
                let found: Option<String> =
                    crate::store::optional(conn.query_row("SELECT id FROM users WHERE phone = ?", [&p], |r| r.get(0)))?;
                match found {
                    Some(id) => users::get(conn, &id)?,
                    None => None,
                }
            };
            // Appwrite checks ownership after it has made a new invitee; this server checks
            // first so a refused invitation leaves no user behind.
            if !caller.is_owner(&team.id) {
                return Err(ApiError::with_message(catalogue::USER_UNAUTHORIZED, "User is not allowed to send invitations for this team"));
            }
            let now = crate::time::now();
            let invitee = match invitee {
                Some(u) => u,
                None => {
                    let user = UserRecord {
                        id: crate::ids::unique(),
                        created_at: now.clone(),
                        updated_at: now.clone(),
                        name: name.clone().or_else(|| email.clone()).unwrap_or_default(),
                        email: email.clone(),
                        phone: phone.clone(),
                        password: random_password,
                        hash: hash.to_string(),
                        hash_options,
                        registration: now.clone(),
                        status: true,
                        labels: Vec::new(),
                        password_update: String::new(),
                        email_verification: false,
                        phone_verification: false,
                        mfa: false,
                        prefs: Value::Object(Default::default()),
                        accessed_at: String::new(),
                        impersonator: false,
                    };
                    users::insert(conn, &user)?;
                    user
                }
            };
            let direct = caller.key;
            let secret_hash = crate::secrets::sha256_hex(&crate::secrets::random_secret());
            let membership = match teams::find_membership(conn, team.seq, &invitee.id)? {
                None => {
                    let mut m = MembershipRecord {
                        seq: 0,
                        id: crate::ids::unique(),
                        created_at: now.clone(),
                        updated_at: now.clone(),
                        team_seq: team.seq,
                        team_id: team.id.clone(),
                        user_id: invitee.id.clone(),
                        roles,
                        invited: now.clone(),
                        joined: if direct { now.clone() } else { String::new() },
                        confirm: direct,
                        secret_hash,
                        read_any: true,
                    };
                    m.seq = teams::insert_membership(conn, &m)?;
                    m
                }
                Some(mut m) if !m.confirm => {
                    // A repeated invitation renews the secret; a key confirms it at once.
                    m.secret_hash = secret_hash;
                    m.invited = now.clone();
                    m.updated_at = now.clone();
                    if direct {
                        m.joined = now.clone();
                        m.confirm = true;
                    }
                    teams::update_membership(conn, &m)?;
                    m
                }
                Some(_) => return Err(ApiError::new(catalogue::MEMBERSHIP_ALREADY_CONFIRMED)),
            };
            Ok(models::team::membership(&membership, &team.name, Some(&invitee), Detail::NameAndEmail))
        })
        .await?;
    Ok(respond::created(body))
}

async fn get_membership(
    ctx: Ctx,
    PathParams((team_id, membership_id)): PathParams<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&READ, &params)?;
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .read(move |conn| {
            let team = readable_team(conn, &caller, &team_id)?;
            let m = membership_of(conn, &team, &membership_id)?;
            render_membership(conn, &m, &team.name, caller.key)
        })
        .await?;
    Ok(respond::ok(body))
}

async fn update_membership(
    ctx: Ctx,
    PathParams((team_id, membership_id)): PathParams<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let roles = roles_param(&params, MEMBERSHIP_ROLE_MAX)?.ok_or_else(|| ApiError::argument("Param \"roles\" is not optional."))?;
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let team = readable_team(conn, &caller, &team_id)?;
            let mut m = membership_of(conn, &team, &membership_id)?;
            let user = users::get(conn, &m.user_id)?.ok_or_else(|| ApiError::new(catalogue::USER_NOT_FOUND))?;
            if !caller.is_owner(&team.id) {
                return Err(ApiError::with_message(catalogue::USER_UNAUTHORIZED, "User is not allowed to modify roles"));
            }
            m.roles = roles;
            m.updated_at = crate::time::now();
            teams::update_membership(conn, &m)?;
            Ok(models::team::membership(&m, &team.name, Some(&user), Detail::NameAndEmail))
        })
        .await?;
    Ok(respond::ok(body))
}

async fn delete_membership(
    ctx: Ctx,
    PathParams((team_id, membership_id)): PathParams<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&WRITE, &params)?;
    let caller = Caller::of(&ctx.principal);
    ctx.state
        .db
        .call(move |conn| {
            // Appwrite's order: the membership (404 team_invite_not_found), its user, the team.
            let m = teams::get_membership(conn, &membership_id)?
                .filter(|m| caller.can_read_membership(m))
                .ok_or_else(|| ApiError::new(catalogue::TEAM_INVITE_NOT_FOUND))?;
            users::get(conn, &m.user_id)?.ok_or_else(|| ApiError::new(catalogue::USER_NOT_FOUND))?;
            let team = readable_team(conn, &caller, &team_id)?;
            if m.team_seq != team.seq {
                return Err(ApiError::new(catalogue::TEAM_MEMBERSHIP_MISMATCH));
            }
            // delete(user:<member>) and delete(team:T/owner): members may leave, owners remove.
            let own = caller.user_id.as_deref() == Some(m.user_id.as_str());
            if !own && !caller.is_owner(&team.id) {
                return Err(ApiError::new(catalogue::USER_UNAUTHORIZED));
            }
            teams::delete_membership(conn, m.seq)?;
            Ok(())
        })
        .await?;
    Ok(respond::no_content())
}

async fn update_membership_status(
    ctx: Ctx,
    PathParams((team_id, membership_id)): PathParams<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    ctx.guard(&PUBLIC, &params)?;
    let user_id = params.required_text("userId", usize::MAX)?;
    crate::ids::existing("userId", &user_id)?;
    let secret = params.required_text("secret", 256)?;
    let session_user = ctx.principal.user().map(|u| u.id.clone());
    let caller = Caller::of(&ctx.principal);
    let body = ctx
        .state
        .db
        .call(move |conn| {
            let mut m = teams::get_membership(conn, &membership_id)?
                .filter(|m| caller.can_read_membership(m))
                .ok_or_else(|| ApiError::new(catalogue::MEMBERSHIP_NOT_FOUND))?;
            let team = teams::get_team(conn, &team_id)?.ok_or_else(team_not_found)?;
            if m.team_seq != team.seq {
                return Err(ApiError::new(catalogue::TEAM_MEMBERSHIP_MISMATCH));
            }
            if m.secret_hash.is_empty() || !crate::secrets::equal(&crate::secrets::sha256_hex(&secret), &m.secret_hash) {
                return Err(ApiError::new(catalogue::TEAM_INVALID_SECRET));
            }
            if user_id != m.user_id || session_user.as_ref().is_some_and(|s| *s != m.user_id) {
                return Err(ApiError::new(catalogue::TEAM_INVITE_MISMATCH));
            }
            if m.confirm {
                return Err(ApiError::new(catalogue::MEMBERSHIP_ALREADY_CONFIRMED));
            }
            let now = crate::time::now();
            m.joined = now.clone();
            m.confirm = true;
            m.updated_at = now;
            teams::update_membership(conn, &m)?;
            conn.execute("UPDATE users SET email_verification = 1 WHERE id = ?", [&m.user_id])?;
            let user = users::get(conn, &m.user_id)?;
            Ok(models::team::membership(&m, &team.name, user.as_ref(), Detail::NameAndEmail))
        })
        .await?;
    Ok(respond::ok(body))
}

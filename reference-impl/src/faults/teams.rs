//! Faults in the Teams service: teams, their preferences and memberships.

use super::edit::{
    act_as_server, as_server, created_as_ok, edit_json, edit_json_request, has_key, has_session, read_instead, report_deleted,
    resend_as_server_when_limited, set_error_type, total_plus_one,
};
use super::{Area, Fault, FaultEnv, Route};
use axum::body::Bytes;
use axum::http::{Method, Request, Response, StatusCode};

const TEAMS: &str = "/v1/teams";
const TEAM: &str = "/v1/teams/*";
const PREFS: &str = "/v1/teams/*/prefs";
const MEMBERSHIPS: &str = "/v1/teams/*/memberships";
const MEMBERSHIP: &str = "/v1/teams/*/memberships/*";
/// The longest team name Appwrite takes (`Text(128)`).
const NAME_MAX: usize = 128;

pub fn faults() -> Vec<Fault> {
    let area = Area::Teams;
    vec![
        Fault::new("team-create-status-200", area, Route::post(TEAMS), "creating a team answers 200 instead of 201", "@op:teams.create")
            .response(created_as_ok),
        Fault::new(
            "team-name-length-unchecked",
            area,
            Route::post(TEAMS),
            "a team name over 128 characters is accepted (cut to 128 before the server sees it)",
            "@op:teams.create",
        )
        .request(|request, _| {
            edit_json_request(request, |body| {
                let long = body.get("name").and_then(serde_json::Value::as_str).filter(|n| n.chars().count() > NAME_MAX);
                if let Some(cut) = long.map(|n| n.chars().take(NAME_MAX).collect::<String>()) {
                    body["name"] = serde_json::Value::from(cut);
                }
            })
        }),
        Fault::new(
            "membership-read-mfa-unchecked",
            area,
            Route::get(MEMBERSHIP),
            "a membership read shows mfa false whatever its user's MFA and factors (the write answers' default kept on reads)",
            "@op:teams.getMembership",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if body.get("mfa").is_some() {
                    body["mfa"] = serde_json::Value::Bool(false);
                }
            })
        }),
        Fault::new(
            "membership-pending-joined-set",
            area,
            Route::post(MEMBERSHIPS),
            "an invitation still waiting for its invitee shows joined as the time it was sent, not empty",
            "@op:teams.createMembership",
        )
        .response(|_, response| {
            edit_json(response, |body| {
                if body.get("confirm") == Some(&serde_json::Value::Bool(false)) {
                    body["joined"] = body["invited"].clone();
                }
            })
        }),
        Fault::new("team-total-missing", area, Route::get(TEAM), "a team read back has no total (member count) field", "@op:teams.get")
            .response(|_, response| edit_json(response, |body| drop(body.as_object_mut().map(|o| o.remove("total"))))),
        Fault::new(
            "team-not-found-wrong-type",
            area,
            Route::get(TEAM),
            "an unknown team is type document_not_found instead of team_not_found",
            "@op:teams.get",
        )
        .response(|_, response| set_error_type(response, "team_not_found", "document_not_found")),
        Fault::new(
            "teams-listed-to-users-in-full",
            area,
            Route::get(TEAMS),
            "a signed-in user's team list shows every team, not only their own",
            "@op:teams.list",
        )
        .request(|request, env| {
            if has_session(request) && !has_key(request) {
                act_as_server(request, env);
            }
        }),
        Fault::new(
            "team-rename-ignored",
            area,
            Route::put(TEAM),
            "renaming a team answers 200 but keeps the old name",
            "@op:teams.updateName",
        )
        .request(read_instead),
        Fault::new(
            "team-writes-by-any-member",
            area,
            Route::any(TEAM),
            "members who are not owners may rename and delete the team",
            "@op:teams.updateName",
        )
        .resend(resend_as_server_when_unauthorized),
        Fault::new(
            "team-delete-keeps-team",
            area,
            Route::delete(TEAM),
            "deleting a team answers 204 but the team stays",
            "@op:teams.delete",
        )
        .request(read_instead)
        .response(report_deleted),
        Fault::new(
            "team-prefs-update-ignored",
            area,
            Route::put(PREFS),
            "updating a team's preferences answers 200 but stores nothing",
            "@op:teams.updatePrefs",
        )
        .request(read_instead),
        Fault::new(
            "membership-list-total-off-by-one",
            area,
            Route::get(MEMBERSHIPS),
            "the membership list reports one membership more than it has",
            "@op:teams.listMemberships",
        )
        .response(total_plus_one),
        Fault::new(
            "membership-roles-update-ignored",
            area,
            Route::patch(MEMBERSHIP),
            "changing a membership's roles answers 200 but keeps the old roles",
            "@op:teams.updateMembership",
        )
        .request(read_instead),
        Fault::new(
            "membership-rate-limit-unenforced",
            area,
            Route::post(MEMBERSHIPS),
            "createMembership's limit lets clients through",
            "@op:teams.createMembership",
        )
        .resend(resend_as_server_when_limited),
    ]
}

/// A client's 401 on a team write asked again as the server key, to whom every team is open.
fn resend_as_server_when_unauthorized(request: &Request<Bytes>, response: &Response<Bytes>, env: &FaultEnv) -> Option<Request<Bytes>> {
    let refused =
        response.status() == StatusCode::UNAUTHORIZED && request.method() != Method::GET && has_session(request) && !has_key(request);
    refused.then(|| as_server(request, env))
}

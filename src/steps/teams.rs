//! Teams set-up steps: a team made by the server or by a user's session, and a user made a
//! confirmed member by the server. `{T}` is then the team's ID and `{T/name}` the ID of
//! that user's membership.

use super::{assert_status, json_body, principal, quoted, send};
use crate::client::{Auth, Request};
use crate::world::ConformWorld;
use cucumber::given;
use reqwest::Method;
use serde_json::json;

/// `Given a team "core"` (made with the server's key, no members) or
/// `Given "alice" has created a team "core"` (alice is its owner), optionally
/// `named "…"` (the name is `Team <alias>` otherwise).
#[given(regex = r#"^(a team|"[^"]+" has created a team) "([^"]+)"(?: named "([^"]+)")?$"#)]
async fn team(world: &mut ConformWorld, who: String, alias: String, name: String) {
    let creator = if who == "a team" { "the server".to_string() } else { format!("\"{}\"", quoted(&who).unwrap_or_default()) };
    let auth = principal(world, &creator);
    let id = world.ctx.ids.next(&alias);
    let name = if name.is_empty() { format!("Team {alias}") } else { name };
    let body = json!({"teamId": id, "name": name});
    let response = send(world, Request::new(Method::POST, "/teams").auth(auth).json(body)).await;
    assert_status(response, 201);
    // The ledger saw teams.create and will delete the team after the scenario.
    world.vars.insert(alias.clone(), id.clone());
    if let Some(name) = quoted(&who) {
        let memberships = send(world, Request::new(Method::GET, format!("/teams/{id}/memberships")).auth(Auth::Key)).await;
        assert_status(memberships, 200);
        let mid = json_body(memberships)["memberships"][0]["$id"].as_str().unwrap_or_default().to_string();
        world.vars.insert(format!("{alias}/{name}"), mid);
    }
}

/// The server adds the user to the team directly (confirmed), with the given roles.
#[given(regex = r#"^"([^"]+)" is a member of "([^"]+)"(?: with roles (\[.*\]))?$"#)]
async fn member(world: &mut ConformWorld, name: String, alias: String, roles: String) {
    let roles: serde_json::Value =
        if roles.is_empty() { json!([]) } else { serde_json::from_str(&roles).expect("roles must be a JSON array") };
    let user_id = world.user(&name).id.clone();
    let team_id = world.vars.get(&alias).cloned().unwrap_or_else(|| panic!("no team {alias:?}: add Given a team {alias:?}"));
    let body = json!({"userId": user_id, "roles": roles});
    let response = send(world, Request::new(Method::POST, format!("/teams/{team_id}/memberships")).auth(Auth::Key).json(body)).await;
    assert_status(response, 201);
    let mid = json_body(response)["$id"].as_str().unwrap_or_default().to_string();
    world.vars.insert(format!("{alias}/{name}"), mid);
}

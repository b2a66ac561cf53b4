//! The people a scenario speaks as: users made with the server key (so setup spends no
//! IP-keyed client budget), signed in as clients, with sessions and JWTs.

use super::{assert_status, json_body, send};
use crate::client::{Auth, Request};
use crate::failure::wrong_answer;
use crate::ledger::Resource;
use crate::world::{ConformWorld, TestUser};
use cucumber::given;
use reqwest::Method;
use serde_json::json;

#[given(regex = r#"^a user "([^"]+)"$"#)]
async fn a_user(world: &mut ConformWorld, name: String) {
    create_user(world, &name).await;
}

#[given(regex = r#"^a signed-in user "([^"]+)"$"#)]
async fn a_signed_in_user(world: &mut ConformWorld, name: String) {
    create_user(world, &name).await;
    sign_in(world, &name, Auth::Guest).await;
}

#[given(regex = r#"^"([^"]+)" is signed in$"#)]
async fn is_signed_in(world: &mut ConformWorld, name: String) {
    sign_in(world, &name, Auth::Guest).await;
}

/// Server-side rendering flow: the server creates the session and receives its secret.
#[given(regex = r#"^"([^"]+)" is signed in through the server$"#)]
async fn signed_in_through_server(world: &mut ConformWorld, name: String) {
    sign_in(world, &name, Auth::Key).await;
}

#[given(regex = r#"^"([^"]+)" has a JWT$"#)]
async fn has_jwt(world: &mut ConformWorld, name: String) {
    let cookie = world.user(&name).session_cookie.clone().unwrap_or_else(|| panic!("{name:?} must be signed in to get a JWT"));
    let response = send(world, Request::new(Method::POST, "/account/jwts").auth(Auth::SessionCookie(cookie))).await;
    assert_status(response, 201);
    let jwt = json_body(response)["jwt"].as_str().map(str::to_string).unwrap_or_else(|| wrong_answer!("no jwt in the createJWT response"));
    world.user_mut(&name).jwt = Some(jwt);
}

pub async fn create_user(world: &mut ConformWorld, name: &str) {
    let id = world.ctx.ids.next(name);
    let user = TestUser {
        email: format!("{id}@conform.test"),
        password: format!("pw-{}", crate::ids::random_alnum(16)),
        name: name.to_string(),
        id,
        ..TestUser::default()
    };
    let body = json!({"userId": user.id, "email": user.email, "password": user.password, "name": user.name});
    let response = send(world, Request::new(Method::POST, "/users").auth(Auth::Key).json(body)).await;
    assert_status(response, 201);
    world.ledger.record(Resource::User(user.id.clone()));
    world.users.insert(name.to_string(), user);
}

async fn sign_in(world: &mut ConformWorld, name: &str, auth: Auth) {
    let user = world.user(name).clone();
    let body = json!({"email": user.email, "password": user.password});
    let cookie_name = format!("a_session_{}=", world.ctx.client.project);
    let response = send(world, Request::new(Method::POST, "/account/sessions/email").auth(auth).json(body)).await;
    assert_status(response, 201);
    let cookie = response
        .header_all("set-cookie")
        .iter()
        .find_map(|c| c.strip_prefix(&cookie_name).map(|rest| rest.split(';').next().unwrap_or("").to_string()));
    let fallback = response.header("x-fallback-cookies").map(str::to_string);
    let body = json_body(response);
    let user = world.user_mut(name);
    user.session_id = body["$id"].as_str().map(str::to_string);
    // A user may hold a server-made session (secret) and a client session (cookie) at once.
    let secret = body["secret"].as_str().filter(|s| !s.is_empty()).map(str::to_string);
    if secret.is_some() {
        user.session_secret = secret.clone();
    }
    if fallback.is_some() {
        user.fallback_cookies = fallback;
    }
    // Appwrite's SSR flow sets the cookie to the session secret when the server signs in.
    if let Some(value) = cookie.or(secret) {
        user.session_cookie = Some(value);
    }
}

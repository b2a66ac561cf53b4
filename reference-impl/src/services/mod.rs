//! One module per Appwrite service, each exposing `router()`; `app` merges them all.

pub mod account;
pub mod account_token;
pub mod databases;
pub mod general;
pub mod storage;
pub mod teams;
pub mod tokens;
pub mod users;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(general::router())
        .merge(account::router())
        .merge(account_token::router())
        .merge(users::router())
        .merge(databases::router())
        .merge(storage::router())
        .merge(teams::router())
        .merge(tokens::router())
}

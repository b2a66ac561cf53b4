//! conform-reference: a minimal but real Appwrite-compatible server (REST API 1.9.x) used as
//! the default target of the conform harness. axum on tokio, SQLite for data, argon2 for
//! passwords.
//!
//! Adding a service: write `services/<name>.rs` with a `router()` and merge it in
//! `services/mod.rs`; handlers take `Ctx` (project + caller), optional `PathParams`, and
//! `Params` (last), call `ctx.guard(&ROUTE, &params)?` first, and answer through `respond`
//! or an `ApiError` built from `catalogue`.

pub mod auth;
pub mod catalogue;
pub mod cli;
pub mod config;
pub mod context;
pub mod cors;
pub mod db;
pub mod error;
pub mod faults;
pub mod ids;
pub mod jwt;
pub mod models;
pub mod params;
pub mod password;
pub mod path;
pub mod permissions;
pub mod preview;
pub mod query;
pub mod rate_limit;
pub mod resource_token;
pub mod respond;
pub mod response_format;
pub mod response_headers;
pub mod secrets;
pub mod server;
pub mod services;
pub mod state;
pub mod storage_engine;
pub mod store;
pub mod time;

pub use cli::{serve, ServeArgs};
pub use config::{ApiKey, Config};
pub use server::{app, start, RunningServer};

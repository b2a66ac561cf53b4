//! Server configuration: which project this server hosts, its API keys, where data lives.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Every scope an Appwrite project key can hold (1.9.6 `app/config/scopes/project.php`),
/// deprecated aliases included because Appwrite still accepts them.
pub const ALL_KEY_SCOPES: &[&str] = &[
    "users.read",
    "users.write",
    "sessions.read",
    "sessions.write",
    "teams.read",
    "teams.write",
    "databases.read",
    "databases.write",
    "tables.read",
    "tables.write",
    "columns.read",
    "columns.write",
    "indexes.read",
    "indexes.write",
    "rows.read",
    "rows.write",
    "collections.read",
    "collections.write",
    "attributes.read",
    "attributes.write",
    "documents.read",
    "documents.write",
    "buckets.read",
    "buckets.write",
    "files.read",
    "files.write",
    "tokens.read",
    "tokens.write",
    "functions.read",
    "functions.write",
    "executions.read",
    "executions.write",
    "execution.read",
    "execution.write",
    "sites.read",
    "sites.write",
    "log.read",
    "log.write",
    "providers.read",
    "providers.write",
    "topics.read",
    "topics.write",
    "subscribers.read",
    "subscribers.write",
    "targets.read",
    "targets.write",
    "messages.read",
    "messages.write",
    "rules.read",
    "rules.write",
    "project.read",
    "project.write",
    "keys.read",
    "keys.write",
    "platforms.read",
    "platforms.write",
    "mocks.read",
    "mocks.write",
    "project.policies.read",
    "project.policies.write",
    "policies.read",
    "policies.write",
    "templates.read",
    "templates.write",
    "oauth2.read",
    "oauth2.write",
    "webhooks.read",
    "webhooks.write",
    "locale.read",
    "avatars.read",
    "health.read",
    "assistant.read",
    "migrations.read",
    "migrations.write",
    "schedules.read",
    "schedules.write",
    "vcs.read",
    "vcs.write",
    "insights.read",
    "insights.write",
    "reports.read",
    "reports.write",
    "presences.read",
    "presences.write",
];

/// The platforms a server has unless told otherwise: `localhost`, the hostname Appwrite
/// trusts by default (`_APP_DOMAIN`) and the one its own tests send as `Origin`.
pub const DEFAULT_PLATFORMS: &[&str] = &["localhost"];

pub fn default_platforms() -> Vec<String> {
    DEFAULT_PLATFORMS.iter().map(|p| p.to_string()).collect()
}

/// A project API key: the secret sent in `X-Appwrite-Key` and the scopes it grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    pub secret: String,
    pub scopes: Vec<String>,
}

impl ApiKey {
    /// A key holding every project scope, like a console key with all boxes ticked.
    pub fn all_scopes(secret: impl Into<String>) -> ApiKey {
        ApiKey { secret: secret.into(), scopes: ALL_KEY_SCOPES.iter().map(|s| s.to_string()).collect() }
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    pub project_id: String,
    pub api_keys: Vec<ApiKey>,
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    /// 1.0 = the documented windows; 0.01 makes a 60 s window last 0.6 s (for fast tests).
    /// Limits (counts) never change.
    pub rate_limit_window_scale: f64,
    /// Hostnames of the project's Web platforms (Appwrite: the project's platforms plus
    /// `_APP_DOMAIN`): a client request whose `Origin` names another host is refused 403
    /// `general_unknown_origin`. `*.example.com` matches its subdomains, `*` any host.
    pub platforms: Vec<String>,
    /// Names from the fault catalogue (`faults::catalogue`) to apply: deliberate contract
    /// breaks for `conform selfcheck`. Empty for a correct server.
    pub faults: Vec<String>,
}

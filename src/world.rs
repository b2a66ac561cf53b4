//! The cucumber World: one per scenario. It holds the principals a scenario made,
//! the last response, remembered values and the ledger of created resources.

use crate::client::record::OperationCounts;
use crate::client::{Client, ClientConfig, Recorder, Response};
use crate::exchange::{Evidence, Exchange};
use crate::ids::IdSource;
use crate::ledger::Ledger;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock};

/// What every World of one run shares.
pub struct RunContext {
    pub client: ClientConfig,
    pub ids: IdSource,
    pub operations: OperationCounts,
    pub leftovers: Mutex<Vec<String>>,
    pub capabilities: BTreeSet<String>,
    /// A key holding only the read scopes in [`READ_ONLY_SCOPES`], when the target has one.
    pub read_only_key: Option<String>,
    /// How long one scenario may take, all requests and waits included.
    pub scenario_timeout: std::time::Duration,
    /// Whose wire habits requests follow, unless a scenario picks its own.
    pub client_style: crate::client::ClientStyle,
}

/// The scopes of the read-only key: enough to read every resource the suite makes, nothing to write.
pub const READ_ONLY_SCOPES: &[&str] = &[
    "users.read",
    "teams.read",
    "buckets.read",
    "files.read",
    "tokens.read",
    "databases.read",
    "collections.read",
    "attributes.read",
    "indexes.read",
    "documents.read",
];

static CONTEXT: OnceLock<Arc<RunContext>> = OnceLock::new();

/// The runner installs the context once per process before cucumber creates Worlds.
pub fn install(context: Arc<RunContext>) -> anyhow::Result<()> {
    CONTEXT.set(context).map_err(|_| anyhow::anyhow!("a run context is already installed in this process"))
}

/// A user the scenario created with the server key, and what it holds once signed in.
#[derive(Clone, Default)]
pub struct TestUser {
    pub id: String,
    pub email: String,
    pub password: String,
    pub name: String,
    /// Value of the `a_session_<project>` cookie.
    pub session_cookie: Option<String>,
    pub session_id: Option<String>,
    /// The session `secret`, returned only when the session was created with the server key.
    pub session_secret: Option<String>,
    pub fallback_cookies: Option<String>,
    pub jwt: Option<String>,
}

#[derive(cucumber::World)]
#[world(init = Self::new)]
pub struct ConformWorld {
    pub ctx: Arc<RunContext>,
    pub client: Client,
    pub users: BTreeMap<String, TestUser>,
    pub last: Option<Response>,
    /// Values remembered by name for later steps: `{name}` in a step's text or body.
    pub vars: BTreeMap<String, String>,
    pub ledger: Ledger,
    /// Responses of a repeated request (rate-limit bursts), oldest first.
    pub burst: Vec<Response>,
    /// Headers for the next request only (`Given the next request carries header …`).
    pub pending_headers: Vec<(String, String)>,
    /// The project the next request names instead of the run's: `Some(None)` names none.
    pub pending_project: Option<Option<String>>,
    /// Sent as `X-Forwarded-For` on every request of the scenario, so IP-keyed rate limits
    /// (which Appwrite reads from that trusted header) give the scenario a budget of its own.
    pub client_address: Option<String>,
}

impl std::fmt::Debug for ConformWorld {
    // Secrets live in here; the Debug form shows only what is safe.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConformWorld")
            .field("users", &self.users.keys().collect::<Vec<_>>())
            .field("last_status", &self.last.as_ref().map(|r| r.status))
            .field("ledger", &self.ledger)
            .finish()
    }
}

impl ConformWorld {
    async fn new() -> anyhow::Result<Self> {
        let ctx = CONTEXT.get().cloned().ok_or_else(|| anyhow::anyhow!("no run context installed: run scenarios through `conform run`"))?;
        let mut client = Client::new(ctx.client.clone(), Recorder::new(ctx.operations.clone()))?;
        // cucumber makes the World when the scenario starts, so its deadline starts here too.
        client.deadline = Some(std::time::Instant::now() + ctx.scenario_timeout);
        client.style = ctx.client_style;
        Ok(ConformWorld {
            ctx,
            client,
            users: BTreeMap::new(),
            last: None,
            vars: BTreeMap::new(),
            ledger: Ledger::default(),
            burst: Vec::new(),
            pending_headers: Vec::new(),
            pending_project: None,
            client_address: None,
        })
    }

    pub fn last(&self) -> &Response {
        self.last.as_ref().expect("no request has been sent in this scenario yet")
    }

    pub fn user(&self, name: &str) -> &TestUser {
        self.users.get(name).unwrap_or_else(|| panic!("no user {name:?} in this scenario; create it first with: Given a user {name:?}"))
    }

    pub fn user_mut(&mut self, name: &str) -> &mut TestUser {
        self.users.get_mut(name).unwrap_or_else(|| panic!("no user {name:?} in this scenario; create it first with: Given a user {name:?}"))
    }

    /// Replaces `{name}` placeholders with remembered values, `{project}` with the project,
    /// `{alice.id}`/`{alice.email}` with a user's fields, and `{new-id}` with a fresh run ID.
    pub fn expand(&mut self, text: &str) -> String {
        expand_placeholders(text, |name| self.lookup(name))
    }

    fn lookup(&mut self, name: &str) -> Option<String> {
        if name == "project" {
            return Some(self.ctx.client.project.clone());
        }
        if let Some(label) = name.strip_prefix("new-id") {
            return Some(self.ctx.ids.next(label.trim_start_matches(':')));
        }
        if let Some((user, field)) = name.split_once('.') {
            if let Some(u) = self.users.get(user) {
                return match field {
                    "id" => Some(u.id.clone()),
                    "email" => Some(u.email.clone()),
                    "password" => Some(u.password.clone()),
                    "name" => Some(u.name.clone()),
                    "sessionId" => u.session_id.clone(),
                    _ => None,
                };
            }
        }
        self.vars.get(name).cloned()
    }
}

impl Evidence for ConformWorld {
    fn evidence(&self) -> Vec<Exchange> {
        self.client.recorder.exchanges()
    }
}

/// Replaces each `{name}` for which `lookup` has a value; any other `{` (JSON) stays as it is.
fn expand_placeholders(text: &str, mut lookup: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        // A placeholder is a short name without spaces or quotes.
        let value = after
            .find('}')
            .map(|len| &after[..len])
            .filter(|name| !name.is_empty() && !name.contains(['"', ' ', '{', '\n']))
            .and_then(|name| lookup(name).map(|v| (name.len(), v)));
        match value {
            Some((len, value)) => {
                out.push_str(&value);
                rest = &after[len + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::expand_placeholders;

    #[test]
    fn placeholders_inside_json_are_expanded_and_json_braces_kept() {
        let lookup = |name: &str| match name {
            "alice.id" => Some("u1".to_string()),
            "new-id:x" => Some("cfabcdef-x-1".to_string()),
            _ => None,
        };
        let text = r#"{"$id": "{alice.id}", "email": "{new-id:x}@t", "keep": "{unknown}", "o": {}}"#;
        assert_eq!(expand_placeholders(text, lookup), r#"{"$id": "u1", "email": "cfabcdef-x-1@t", "keep": "{unknown}", "o": {}}"#);
    }
}

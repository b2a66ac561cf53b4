//! The cucumber World: one per scenario. It holds the principals a scenario made,
//! the last response, remembered values and the ledger of created resources.

use crate::client::record::OperationCounts;
use crate::client::{Breaker, Client, ClientConfig, Recorder, Response};
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
    /// How long a step waiting for a background effect (a worker's delete) keeps asking.
    pub settle_within: std::time::Duration,
    /// Declares the target gone when it stops answering; every client of the run reports to it.
    pub breaker: Breaker,
    /// The run's client (with the breaker), which each World clones with a recorder and a
    /// deadline of its own: building one costs some 10 ms of TLS set-up, seconds over a suite.
    pub template: Client,
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
    pub client_address: String,
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
        let mut client = ctx.template.clone();
        client.recorder = Recorder::new(ctx.operations.clone());
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
            client_address: crate::client_address::fresh(),
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
    /// A placeholder with no value fails the step with the names that have one: sent as
    /// written, a typo in a path would be a 404 that a "404 expected" scenario accepts.
    pub fn expand(&mut self, text: &str) -> String {
        match expand_placeholders(text, |name| self.lookup(name)) {
            Ok(expanded) => expanded,
            Err(unknown) => panic!(
                "unknown placeholder {} in {text:?}; the names known here are: {}",
                unknown.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(", "),
                self.known_names().join(", ")
            ),
        }
    }

    fn lookup(&mut self, name: &str) -> Option<String> {
        if name == "project" {
            return Some(self.ctx.client.project.clone());
        }
        if let Some(label) = name.strip_prefix("new-id") {
            if label.is_empty() || label.starts_with(':') {
                return Some(self.ctx.ids.next(label.trim_start_matches(':')));
            }
        }
        if let Some((user, field)) = name.split_once('.') {
            if let Some(u) = self.users.get(user) {
                if let Some(value) = user_field(u, field) {
                    return Some(value);
                }
            }
        }
        self.vars.get(name).cloned()
    }

    /// Every placeholder that has a value in this scenario now, for error messages.
    fn known_names(&self) -> Vec<String> {
        let mut names = vec!["{project}".to_string(), "{new-id}".to_string(), "{new-id:<label>}".to_string()];
        for (user, u) in &self.users {
            names.extend(USER_FIELDS.iter().filter(|f| user_field(u, f).is_some()).map(|f| format!("{{{user}.{f}}}")));
        }
        names.extend(self.vars.keys().map(|name| format!("{{{name}}}")));
        names
    }
}

/// The fields of a user a placeholder can name: `{alice.id}`.
const USER_FIELDS: [&str; 5] = ["id", "email", "password", "name", "sessionId"];

fn user_field(user: &TestUser, field: &str) -> Option<String> {
    match field {
        "id" => Some(user.id.clone()),
        "email" => Some(user.email.clone()),
        "password" => Some(user.password.clone()),
        "name" => Some(user.name.clone()),
        "sessionId" => user.session_id.clone(),
        _ => None,
    }
}

impl Evidence for ConformWorld {
    fn evidence(&self) -> Vec<Exchange> {
        self.client.recorder.exchanges()
    }
}

/// Replaces each placeholder (`{` + a name of letters, digits and `_ . : / -` starting
/// with a letter + `}`) by what `lookup` gives; any other `{` (JSON, a regex's `{2}`) stays
/// as it is. Placeholders `lookup` has no value for are returned, in order, as the error.
fn expand_placeholders(text: &str, mut lookup: impl FnMut(&str) -> Option<String>) -> Result<String, Vec<String>> {
    let mut out = String::with_capacity(text.len());
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(name) = after.find('}').map(|len| &after[..len]).filter(|name| is_placeholder_name(name)) else {
            out.push('{');
            rest = after;
            continue;
        };
        match lookup(name) {
            Some(value) => out.push_str(&value),
            None if !unknown.iter().any(|u| u == name) => unknown.push(name.to_string()),
            None => {}
        }
        rest = &after[name.len() + 1..];
    }
    out.push_str(rest);
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(unknown)
    }
}

fn is_placeholder_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '/' | '-'))
}

#[cfg(test)]
mod tests {
    use super::expand_placeholders;

    fn lookup(name: &str) -> Option<String> {
        match name {
            "alice.id" => Some("u1".to_string()),
            "new-id:x" => Some("cfabcdef-x-1".to_string()),
            _ => None,
        }
    }

    #[test]
    fn placeholders_inside_json_are_expanded_and_json_braces_kept() {
        let text = r#"{"$id": "{alice.id}", "email": "{new-id:x}@t", "o": {}, "n": {"a": 1}, "re": "^[a-z]{20}$", "s": "{a b}"}"#;
        assert_eq!(
            expand_placeholders(text, lookup),
            Ok(r#"{"$id": "u1", "email": "cfabcdef-x-1@t", "o": {}, "n": {"a": 1}, "re": "^[a-z]{20}$", "s": "{a b}"}"#.to_string()),
            "expanding {text}"
        );
    }

    #[test]
    fn an_unknown_placeholder_is_an_error_naming_it_not_text_sent_as_written() {
        let text = "/users/{alice.idd}/sessions/{typo}?again={alice.idd}&ok={alice.id}";
        assert_eq!(expand_placeholders(text, lookup), Err(vec!["alice.idd".to_string(), "typo".to_string()]), "expanding {text}");
    }
}

//! Fault injection: a catalogue of named, deliberate breaks of the contract, applied to the
//! server from outside its normal code paths by a wrapper around the whole router
//! ([`layer::wrap`]). `conform selfcheck` starts the server with one fault at a time and runs
//! the part of the suite named by the fault's `caught_by` tag expression: a fault no scenario
//! notices is a survivor, a hole in the suite.
//!
//! Adding faults for a new area is one file: `<area>.rs` with `pub fn faults() -> Vec<Fault>`,
//! an [`Area`] variant, and one line in [`catalogue`].

mod account;
mod attribute_types;
mod clients;
mod conventions;
mod databases;
mod documents;
pub mod edit;
mod layer;
mod relationships;
mod route;
mod storage;
mod teams;
mod tokens;
mod transactions;
mod users;
mod wire;

pub use layer::wrap;
pub use route::Route;

use axum::body::Bytes;
use axum::http::{Request, Response};

/// The part of the API a fault breaks; the README's catalogue table is grouped by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    Conventions,
    Account,
    Users,
    Databases,
    Storage,
    Teams,
    Tokens,
    Clients,
    Wire,
}

impl Area {
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Conventions => "conventions",
            Area::Account => "account",
            Area::Users => "users",
            Area::Databases => "databases",
            Area::Storage => "storage",
            Area::Teams => "teams",
            Area::Tokens => "tokens",
            Area::Clients => "clients",
            Area::Wire => "wire",
        }
    }
}

/// What a fault may use besides the request: the server's own project and keys, so it can,
/// say, swap a guest's credentials for the server key.
#[derive(Clone)]
pub struct FaultEnv {
    pub project: String,
    /// The first configured key (the bundled and standalone servers give it every scope).
    pub server_key: String,
    pub keys: Vec<String>,
}

/// Rewrites the request before the app sees it.
pub type RequestEdit = fn(&mut Request<Bytes>, &FaultEnv);
/// Given the request the app answered and its answer, a request to send instead (the fault
/// asks the app again, e.g. as the server key once a client was refused).
pub type Resend = fn(&Request<Bytes>, &Response<Bytes>, &FaultEnv) -> Option<Request<Bytes>>;
/// Rewrites the response before the client sees it.
pub type ResponseEdit = fn(&Request<Bytes>, &mut Response<Bytes>);

/// One deliberate break of the contract.
#[derive(Clone)]
pub struct Fault {
    /// kebab-case, unique in the catalogue; what `--fault` takes.
    pub name: &'static str,
    pub area: Area,
    /// The contract break, in one line.
    pub breaks: &'static str,
    /// Cucumber tag expression selecting the scenarios that should catch this fault.
    pub caught_by: &'static str,
    /// The requests the fault touches; others pass through untouched and unbuffered.
    pub route: Route,
    pub on_request: Option<RequestEdit>,
    pub resend: Option<Resend>,
    pub on_response: Option<ResponseEdit>,
}

impl Fault {
    pub fn new(name: &'static str, area: Area, route: Route, breaks: &'static str, caught_by: &'static str) -> Fault {
        Fault { name, area, breaks, caught_by, route, on_request: None, resend: None, on_response: None }
    }

    pub fn request(mut self, edit: RequestEdit) -> Fault {
        self.on_request = Some(edit);
        self
    }

    pub fn resend(mut self, resend: Resend) -> Fault {
        self.resend = Some(resend);
        self
    }

    pub fn response(mut self, edit: ResponseEdit) -> Fault {
        self.on_response = Some(edit);
        self
    }
}

/// Every fault, grouped by area.
pub fn catalogue() -> Vec<Fault> {
    [
        conventions::faults(),
        account::faults(),
        users::faults(),
        databases::faults(),
        attribute_types::faults(),
        documents::faults(),
        relationships::faults(),
        transactions::faults(),
        storage::faults(),
        teams::faults(),
        tokens::faults(),
        clients::faults(),
        wire::faults(),
    ]
    .concat()
}

/// The named faults, or an error naming the unknown ones and where to find the list.
pub fn select(names: &[String]) -> anyhow::Result<Vec<Fault>> {
    let all = catalogue();
    let unknown: Vec<&str> = names.iter().filter(|n| !all.iter().any(|f| f.name == n.as_str())).map(String::as_str).collect();
    anyhow::ensure!(unknown.is_empty(), "unknown fault {}; `conform selfcheck --list` prints the catalogue", unknown.join(", "));
    Ok(all.into_iter().filter(|f| names.iter().any(|n| n == f.name)).collect())
}

#[cfg(test)]
mod tests;

//! Who may do what to documents: collection permissions, document permissions when the
//! collection has `documentSecurity`, API keys above both, and the permissions a client
//! may grant (only roles it holds). Appwrite 1.9.6 `Documents/Create.php` and
//! utopia-php/database's `Authorization` checks.

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::params::Params;
use crate::permissions::{self, Action, Permission};
use crate::store::databases::catalog::CollectionRecord;

/// Documents take read, update and delete (and `write`, their shorthand); `create` belongs
/// to the collection.
pub const DOCUMENT_ACTIONS: &[Action] = &[Action::Read, Action::Update, Action::Delete, Action::Write];

#[derive(Clone, Debug)]
pub struct Caller {
    pub key: bool,
    pub roles: Vec<String>,
    pub user_id: Option<String>,
}

impl Caller {
    pub fn of(principal: &Principal) -> Caller {
        Caller { key: principal.is_key(), roles: principal.roles(), user_id: principal.user().map(|u| u.id.clone()) }
    }

    /// The collection's own permissions grant `action`.
    pub fn collection_allows(&self, c: &CollectionRecord, action: Action) -> bool {
        self.key || permissions::allows(&c.permissions, action, &self.roles)
    }

    /// The collection grants `action`, or document security is on and the document does.
    pub fn document_allows(&self, c: &CollectionRecord, document: &[Permission], action: Action) -> bool {
        self.collection_allows(c, action) || (c.document_security && permissions::allows(document, action, &self.roles))
    }

    /// 401 `user_unauthorized` unless the caller may `action` the document.
    pub fn require(&self, c: &CollectionRecord, document: &[Permission], action: Action) -> ApiResult<()> {
        if self.document_allows(c, document, action) {
            Ok(())
        } else {
            Err(unauthorized(action))
        }
    }

    /// The `permissions` param of a document write: validated, `write` expanded. `None`
    /// when not given (callers then keep or default the permissions).
    pub fn permissions_param(&self, params: &Params) -> ApiResult<Option<Vec<Permission>>> {
        let Some(raw) = params.string_array("permissions", 2048)? else { return Ok(None) };
        let parsed = permissions::parse_param("permissions", &raw, DOCUMENT_ACTIONS)?;
        self.check_grantable(&parsed)?;
        Ok(Some(parsed))
    }

    /// A client may only name roles it holds; keys may name any.
    pub fn check_grantable(&self, perms: &[Permission]) -> ApiResult<()> {
        permissions::check_grantable(self.key, &self.roles, perms)
    }

    /// What a new document gets when no permissions were sent: its creator may read,
    /// update and delete it; keys and guests create documents with none.
    pub fn default_permissions(&self) -> Vec<Permission> {
        permissions::owner_defaults(self.user_id.as_deref())
    }
}

pub use permissions::unauthorized;

//! Persistence: one file per stored resource, each owning its SQL. Functions take a
//! `&Connection` and run inside `Db::call`.

pub mod audit;
pub mod databases;
pub mod identities;
pub mod login_tokens;
pub mod sessions;
pub mod storage;
pub mod targets;
pub mod teams;
pub mod tokens;
pub mod users;

/// `query_row` that maps "no rows" to `None`.
pub(crate) fn optional<T>(result: rusqlite::Result<T>) -> rusqlite::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(err) => Err(err),
    }
}

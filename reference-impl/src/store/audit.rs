//! The `audit_logs` table: what `GET /users/{userId}/logs` lists (sign-ins, sign-outs,
//! changes made to the user), newest first.

use rusqlite::{params, Connection, Row};

pub struct LogRecord {
    pub user_id: String,
    pub event: String,
    pub user_email: String,
    pub user_name: String,
    /// `default` for client requests, `admin` for the server key.
    pub mode: String,
    /// Who acted: `user` or `app` (an API key).
    pub user_type: String,
    pub ip: String,
    pub time: String,
}

pub fn insert(conn: &Connection, log: &LogRecord) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO audit_logs (user_id, event, user_email, user_name, mode, user_type, ip, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![log.user_id, log.event, log.user_email, log.user_name, log.mode, log.user_type, log.ip, log.time],
    )?;
    Ok(())
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<LogRecord> {
    Ok(LogRecord {
        user_id: row.get(0)?,
        event: row.get(1)?,
        user_email: row.get(2)?,
        user_name: row.get(3)?,
        mode: row.get(4)?,
        user_type: row.get(5)?,
        ip: row.get(6)?,
        time: row.get(7)?,
    })
}

/// A page of the user's logs, newest first, and how many there are.
pub fn for_user(conn: &Connection, user_id: &str, limit: i64, offset: i64) -> rusqlite::Result<(Vec<LogRecord>, u64)> {
    let mut stmt = conn.prepare_cached(
        "SELECT user_id, event, user_email, user_name, mode, user_type, ip, time FROM audit_logs WHERE user_id = ? \
         ORDER BY seq DESC LIMIT ? OFFSET ?",
    )?;
    let logs = stmt.query_map(params![user_id, limit, offset], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let total: i64 = conn.query_row("SELECT COUNT(*) FROM audit_logs WHERE user_id = ?", [user_id], |r| r.get(0))?;
    Ok((logs, total.max(0) as u64))
}

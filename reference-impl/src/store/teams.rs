//! The Teams service's rows: teams and their memberships. A team's `total` counts its
//! confirmed memberships; triggers keep it right whichever way a membership comes, is
//! confirmed or goes (including when its user or team is deleted and the row cascades).

use rusqlite::{params, Connection, Row};
use serde_json::Value;

use crate::query::{Attr, Kind, Schema};
use crate::store::optional;

/// The migration that creates the Teams tables (appended to `db::MIGRATIONS`).
pub const MIGRATION: &str = "CREATE TABLE teams (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        name TEXT NOT NULL,
        total INTEGER NOT NULL DEFAULT 0,
        prefs TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE memberships (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        team_seq INTEGER NOT NULL REFERENCES teams(seq) ON DELETE CASCADE,
        team_id TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        roles TEXT NOT NULL DEFAULT '[]',
        invited TEXT NOT NULL,
        joined TEXT NOT NULL DEFAULT '',
        confirm INTEGER NOT NULL DEFAULT 0,
        secret_hash TEXT NOT NULL DEFAULT '',
        read_any INTEGER NOT NULL DEFAULT 1,
        UNIQUE (team_seq, user_id)
    );
    CREATE INDEX memberships_user ON memberships(user_id);
    CREATE TRIGGER memberships_count_insert AFTER INSERT ON memberships WHEN NEW.confirm = 1
        BEGIN UPDATE teams SET total = total + 1 WHERE seq = NEW.team_seq; END;
    CREATE TRIGGER memberships_count_confirm AFTER UPDATE OF confirm ON memberships WHEN NEW.confirm = 1 AND OLD.confirm = 0
        BEGIN UPDATE teams SET total = total + 1 WHERE seq = NEW.team_seq; END;
    CREATE TRIGGER memberships_count_delete AFTER DELETE ON memberships WHEN OLD.confirm = 1
        BEGIN UPDATE teams SET total = MAX(total - 1, 0) WHERE seq = OLD.team_seq; END;";

#[derive(Clone, Debug)]
pub struct TeamRecord {
    pub seq: i64,
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub name: String,
    pub total: i64,
    pub prefs: Value,
}

pub const TEAM_COLUMNS: &str = "seq, id, created_at, updated_at, name, total, prefs";

pub fn team_from_row(row: &Row<'_>) -> rusqlite::Result<TeamRecord> {
    let prefs: String = row.get(6)?;
    Ok(TeamRecord {
        seq: row.get(0)?,
        id: row.get(1)?,
        created_at: row.get(2)?,
        updated_at: row.get(3)?,
        name: row.get(4)?,
        total: row.get(5)?,
        prefs: match serde_json::from_str(&prefs) {
            Ok(Value::Object(map)) => Value::Object(map),
            _ => Value::Object(Default::default()),
        },
    })
}

/// What the teams list may filter and order on (Appwrite's `Queries\Teams`; `billingPlan`
/// is a Cloud attribute with no value here).
pub fn team_schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("name", "name", Kind::String),
        Attr::new("total", "total", Kind::Integer),
        Attr::new("billingPlan", "''", Kind::String),
    ])
}

/// Inserts the team; `false` when its ID is taken.
pub fn insert_team(conn: &Connection, t: &TeamRecord) -> rusqlite::Result<Option<i64>> {
    let inserted = conn.execute(
        "INSERT INTO teams (id, created_at, updated_at, name, total, prefs) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
        params![t.id, t.created_at, t.updated_at, t.name, t.prefs.to_string()],
    );
    match inserted {
        Ok(_) => Ok(Some(conn.last_insert_rowid())),
        Err(err) if crate::db::is_unique_violation(&err) => Ok(None),
        Err(err) => Err(err),
    }
}

pub fn get_team(conn: &Connection, id: &str) -> rusqlite::Result<Option<TeamRecord>> {
    optional(conn.query_row(&format!("SELECT {TEAM_COLUMNS} FROM teams WHERE id = ?"), [id], team_from_row))
}

pub fn update_team_name(conn: &Connection, seq: i64, name: &str, now: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE teams SET name = ?1, updated_at = ?2 WHERE seq = ?3", params![name, now, seq])?;
    Ok(())
}

pub fn update_team_prefs(conn: &Connection, seq: i64, prefs: &Value, now: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE teams SET prefs = ?1, updated_at = ?2 WHERE seq = ?3", params![prefs.to_string(), now, seq])?;
    Ok(())
}

/// Deletes the team; its memberships cascade.
pub fn delete_team(conn: &Connection, seq: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM teams WHERE seq = ?", [seq])?;
    Ok(())
}

#[derive(Clone, Debug)]
pub struct MembershipRecord {
    pub seq: i64,
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub team_seq: i64,
    pub team_id: String,
    pub user_id: String,
    pub roles: Vec<String>,
    pub invited: String,
    pub joined: String,
    pub confirm: bool,
    pub secret_hash: String,
    /// Appwrite gives invited memberships read("any"); the creator's own membership is
    /// readable only by its user and the team (read("user:U"), read("team:T")).
    pub read_any: bool,
}

pub const MEMBERSHIP_COLUMNS: &str =
    "seq, id, created_at, updated_at, team_seq, team_id, user_id, roles, invited, joined, confirm, secret_hash, read_any";

pub fn membership_from_row(row: &Row<'_>) -> rusqlite::Result<MembershipRecord> {
    let roles: String = row.get(7)?;
    Ok(MembershipRecord {
        seq: row.get(0)?,
        id: row.get(1)?,
        created_at: row.get(2)?,
        updated_at: row.get(3)?,
        team_seq: row.get(4)?,
        team_id: row.get(5)?,
        user_id: row.get(6)?,
        roles: serde_json::from_str(&roles).unwrap_or_default(),
        invited: row.get(8)?,
        joined: row.get(9)?,
        confirm: row.get(10)?,
        secret_hash: row.get(11)?,
        read_any: row.get(12)?,
    })
}

/// What the memberships list may filter and order on (the spec's filterable attributes).
pub fn membership_schema() -> Schema {
    Schema::with_internal(vec![
        Attr::new("userId", "user_id", Kind::String),
        Attr::new("teamId", "team_id", Kind::String),
        Attr::new("invited", "invited", Kind::Datetime),
        Attr::new("joined", "joined", Kind::Datetime),
        Attr::new("confirm", "confirm", Kind::Boolean),
        Attr::array("roles", "roles", Kind::String),
    ])
}

pub fn insert_membership(conn: &Connection, m: &MembershipRecord) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO memberships (id, created_at, updated_at, team_seq, team_id, user_id, roles, invited, joined, confirm, secret_hash, read_any)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            m.id, m.created_at, m.updated_at, m.team_seq, m.team_id, m.user_id,
            Value::from(m.roles.clone()).to_string(), m.invited, m.joined, m.confirm, m.secret_hash, m.read_any,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn get_membership(conn: &Connection, id: &str) -> rusqlite::Result<Option<MembershipRecord>> {
    optional(conn.query_row(&format!("SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE id = ?"), [id], membership_from_row))
}

pub fn find_membership(conn: &Connection, team_seq: i64, user_id: &str) -> rusqlite::Result<Option<MembershipRecord>> {
    optional(conn.query_row(
        &format!("SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE team_seq = ? AND user_id = ?"),
        params![team_seq, user_id],
        membership_from_row,
    ))
}

/// Writes the mutable fields of `m` back (roles, invitation, confirmation, secret).
pub fn update_membership(conn: &Connection, m: &MembershipRecord) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE memberships SET updated_at = ?1, roles = ?2, invited = ?3, joined = ?4, confirm = ?5, secret_hash = ?6 WHERE seq = ?7",
        params![m.updated_at, Value::from(m.roles.clone()).to_string(), m.invited, m.joined, m.confirm, m.secret_hash, m.seq],
    )?;
    Ok(())
}

pub fn delete_membership(conn: &Connection, seq: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM memberships WHERE seq = ?", [seq])?;
    Ok(())
}

/// The roles a user's confirmed memberships give (Appwrite's `User::getRoles`): `team:T`,
/// `team:T/<role>` for each membership role, and `member:<membershipId>`.
pub fn roles_of_user(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT id, team_id, roles FROM memberships WHERE user_id = ? AND confirm = 1 ORDER BY seq")?;
    let rows = stmt.query_map([user_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut roles = Vec::new();
    for row in rows {
        let (membership, team, team_roles) = row?;
        roles.push(format!("team:{team}"));
        roles.push(format!("member:{membership}"));
        let team_roles: Vec<String> = serde_json::from_str(&team_roles).unwrap_or_default();
        roles.extend(team_roles.iter().map(|r| format!("team:{team}/{r}")));
    }
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("sqlite: {e}"));
        conn.pragma_update(None, "foreign_keys", "ON").unwrap_or_else(|e| panic!("pragma: {e}"));
        crate::db::migrate(&conn).unwrap_or_else(|e| panic!("migrate: {e}"));
        for id in ["u1", "u2"] {
            conn.execute(
                "INSERT INTO users (id, created_at, updated_at, hash, hash_options, registration) VALUES (?1, '', '', 'argon2', '{}', '')",
                [id],
            )
            .unwrap_or_else(|e| panic!("user: {e}"));
        }
        conn
    }

    fn team(conn: &Connection, id: &str) -> i64 {
        let t = TeamRecord {
            seq: 0,
            id: id.into(),
            created_at: String::new(),
            updated_at: String::new(),
            name: id.into(),
            total: 0,
            prefs: Value::Object(Default::default()),
        };
        insert_team(conn, &t).unwrap_or_else(|e| panic!("team: {e}")).unwrap_or_else(|| panic!("team id taken"))
    }

    fn member(conn: &Connection, id: &str, team_seq: i64, user: &str, confirm: bool) -> MembershipRecord {
        let mut m = MembershipRecord {
            seq: 0,
            id: id.into(),
            created_at: String::new(),
            updated_at: String::new(),
            team_seq,
            team_id: "t".into(),
            user_id: user.into(),
            roles: vec!["owner".into()],
            invited: String::new(),
            joined: String::new(),
            confirm,
            secret_hash: String::new(),
            read_any: true,
        };
        m.seq = insert_membership(conn, &m).unwrap_or_else(|e| panic!("membership: {e}"));
        m
    }

    fn total(conn: &Connection, id: &str) -> i64 {
        get_team(conn, id).ok().flatten().map(|t| t.total).unwrap_or(-1)
    }

    #[test]
    fn total_counts_confirmed_memberships_through_every_change() {
        let conn = db();
        let seq = team(&conn, "t");
        assert!(
            insert_team(&conn, &get_team(&conn, "t").ok().flatten().unwrap_or_else(|| panic!("team"))).ok().flatten().is_none(),
            "a taken ID"
        );
        member(&conn, "m1", seq, "u1", true);
        let mut pending = member(&conn, "m2", seq, "u2", false);
        assert_eq!(total(&conn, "t"), 1, "an invitation does not count");
        pending.confirm = true;
        update_membership(&conn, &pending).unwrap_or_else(|e| panic!("update: {e}"));
        assert_eq!(total(&conn, "t"), 2, "accepting it does");
        update_membership(&conn, &pending).unwrap_or_else(|e| panic!("update: {e}"));
        assert_eq!(total(&conn, "t"), 2, "a confirmed membership counts once");
        conn.execute("DELETE FROM users WHERE id = 'u2'", []).unwrap_or_else(|e| panic!("delete user: {e}"));
        assert_eq!(total(&conn, "t"), 1, "a deleted user's membership goes and stops counting");
        assert_eq!(roles_of_user(&conn, "u1").unwrap_or_default(), ["team:t", "member:m1", "team:t/owner"]);
        delete_team(&conn, seq).unwrap_or_else(|e| panic!("delete team: {e}"));
        assert!(get_membership(&conn, "m1").ok().flatten().is_none(), "memberships go with their team");
        assert!(roles_of_user(&conn, "u1").unwrap_or_default().is_empty());
    }
}

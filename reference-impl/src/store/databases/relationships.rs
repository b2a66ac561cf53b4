//! Relationships between collections: their definitions (one row per side) and the links
//! between documents. A relationship's two sides share one set of `(parent, child)` link
//! rows, keyed by the parent side's row; which side may hold how many links is the
//! relation type's rule, kept by the service. A one-way relationship still has a child side
//! (hidden: no attribute, no document field) so deletes in the related collection see it.

use rusqlite::{params, Connection, Row};

/// The tables (appended to `db::MIGRATIONS`).
pub const MIGRATION: &str = "CREATE TABLE collection_relationships (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        collection_seq INTEGER NOT NULL REFERENCES collections(seq) ON DELETE CASCADE,
        key TEXT NOT NULL,
        related_collection_seq INTEGER NOT NULL REFERENCES collections(seq) ON DELETE CASCADE,
        relation_type TEXT NOT NULL,
        two_way INTEGER NOT NULL,
        two_way_key TEXT NOT NULL,
        on_delete TEXT NOT NULL,
        side TEXT NOT NULL,
        links INTEGER,
        visible INTEGER NOT NULL
    );
    CREATE INDEX collection_relationships_collection ON collection_relationships(collection_seq);
    -- A side that goes (its attribute deleted, or either collection) takes its attribute row along.
    CREATE TRIGGER collection_relationships_ad AFTER DELETE ON collection_relationships WHEN old.visible BEGIN
        DELETE FROM collection_attributes WHERE collection_seq = old.collection_seq AND id = old.key AND type = 'relationship';
    END;
    CREATE TABLE relationship_links (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        links INTEGER NOT NULL REFERENCES collection_relationships(seq) ON DELETE CASCADE,
        parent INTEGER NOT NULL,
        child INTEGER NOT NULL,
        UNIQUE (links, parent, child)
    );
    CREATE INDEX relationship_links_child ON relationship_links(links, child);";

/// Appwrite's four relation types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationType {
    OneToOne,
    OneToMany,
    ManyToOne,
    ManyToMany,
}

impl RelationType {
    pub fn parse(name: &str) -> Option<RelationType> {
        Some(match name {
            "oneToOne" => RelationType::OneToOne,
            "oneToMany" => RelationType::OneToMany,
            "manyToOne" => RelationType::ManyToOne,
            "manyToMany" => RelationType::ManyToMany,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RelationType::OneToOne => "oneToOne",
            RelationType::OneToMany => "oneToMany",
            RelationType::ManyToOne => "manyToOne",
            RelationType::ManyToMany => "manyToMany",
        }
    }
}

/// One side of a relationship, as seen from the collection that holds it.
#[derive(Clone, Debug)]
pub struct Relation {
    pub seq: i64,
    pub collection_seq: i64,
    pub key: String,
    pub related_seq: i64,
    pub related_id: String,
    pub kind: RelationType,
    pub two_way: bool,
    pub two_way_key: String,
    pub on_delete: String,
    /// `parent` (where it was created) or `child` (the related collection's side).
    pub parent: bool,
    /// The parent side's row: both sides read and write the same links.
    pub links: i64,
    /// False for the child side of a one-way relationship.
    pub visible: bool,
}

impl Relation {
    /// This side links a document to many documents (an array), not at most one.
    pub fn many(&self) -> bool {
        match self.kind {
            RelationType::OneToOne => false,
            RelationType::ManyToMany => true,
            RelationType::OneToMany => self.parent,
            RelationType::ManyToOne => !self.parent,
        }
    }

    /// The other side's documents may each link to at most one document of this side.
    pub fn other_side_single(&self) -> bool {
        match self.kind {
            RelationType::OneToOne => true,
            RelationType::ManyToMany => false,
            RelationType::OneToMany => self.parent,
            RelationType::ManyToOne => !self.parent,
        }
    }

    /// Whether Appwrite keeps the related ID in this side's own row (the field then reads
    /// back as that ID when relationships are not loaded).
    pub fn holds_id(&self) -> bool {
        match self.kind {
            RelationType::OneToOne => self.parent || self.two_way,
            RelationType::ManyToMany => false,
            RelationType::OneToMany => !self.parent,
            RelationType::ManyToOne => self.parent,
        }
    }

    pub fn side(&self) -> &'static str {
        if self.parent {
            "parent"
        } else {
            "child"
        }
    }
}

const COLUMNS: &str = "r.seq, r.collection_seq, r.key, r.related_collection_seq, c.id, r.relation_type, r.two_way, r.two_way_key, \
    r.on_delete, r.side, COALESCE(r.links, r.seq), r.visible";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Relation> {
    let kind: String = row.get(5)?;
    let side: String = row.get(9)?;
    Ok(Relation {
        seq: row.get(0)?,
        collection_seq: row.get(1)?,
        key: row.get(2)?,
        related_seq: row.get(3)?,
        related_id: row.get(4)?,
        kind: RelationType::parse(&kind).unwrap_or(RelationType::OneToOne),
        two_way: row.get(6)?,
        two_way_key: row.get(7)?,
        on_delete: row.get(8)?,
        parent: side == "parent",
        links: row.get(10)?,
        visible: row.get(11)?,
    })
}

/// Every side held by a collection, visible or not, oldest first.
pub fn for_collection(conn: &Connection, collection_seq: i64) -> rusqlite::Result<Vec<Relation>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM collection_relationships r JOIN collections c ON c.seq = r.related_collection_seq \
         WHERE r.collection_seq = ? ORDER BY r.seq"
    ))?
    .query_map([collection_seq], from_row)?
    .collect()
}

/// What a new relationship is made of: the parent side's settings.
pub struct NewRelation<'a> {
    pub collection_seq: i64,
    pub key: &'a str,
    pub related_seq: i64,
    pub kind: RelationType,
    pub two_way: bool,
    pub two_way_key: &'a str,
    pub on_delete: &'a str,
}

/// Records both sides; returns the parent side's seq.
pub fn insert(conn: &Connection, new: &NewRelation<'_>) -> rusqlite::Result<i64> {
    let sql = "INSERT INTO collection_relationships (collection_seq, key, related_collection_seq, relation_type, two_way, \
               two_way_key, on_delete, side, links, visible) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    conn.execute(
        sql,
        params![
            new.collection_seq,
            new.key,
            new.related_seq,
            new.kind.as_str(),
            new.two_way,
            new.two_way_key,
            new.on_delete,
            "parent",
            None::<i64>,
            true
        ],
    )?;
    let parent = conn.last_insert_rowid();
    conn.execute(
        sql,
        params![
            new.related_seq,
            new.two_way_key,
            new.collection_seq,
            new.kind.as_str(),
            new.two_way,
            new.key,
            new.on_delete,
            "child",
            parent,
            new.two_way
        ],
    )?;
    Ok(parent)
}

/// New settings for both sides: `onDelete`, and a renamed key on `side` (the twin's
/// `twoWayKey` follows the rename).
pub fn update(conn: &Connection, side: &Relation, on_delete: &str, new_key: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE collection_relationships SET on_delete = ? WHERE COALESCE(links, seq) = ?", params![on_delete, side.links])?;
    conn.execute("UPDATE collection_relationships SET key = ? WHERE seq = ?", params![new_key, side.seq])?;
    conn.execute(
        "UPDATE collection_relationships SET two_way_key = ? WHERE COALESCE(links, seq) = ? AND seq != ?",
        params![new_key, side.links, side.seq],
    )?;
    Ok(())
}

/// Removes both sides (their attribute rows go with them) and every link between them.
pub fn delete(conn: &Connection, side: &Relation) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM relationship_links WHERE links = ?", [side.links])?;
    conn.execute("DELETE FROM collection_relationships WHERE COALESCE(links, seq) = ?", [side.links])?;
    Ok(())
}

/// The documents (seqs in the related collection) linked to `doc` through this side, in
/// link order.
pub fn linked(conn: &Connection, side: &Relation, doc: i64) -> rusqlite::Result<Vec<i64>> {
    let (mine, theirs) = if side.parent { ("parent", "child") } else { ("child", "parent") };
    conn.prepare_cached(&format!("SELECT {theirs} FROM relationship_links WHERE links = ? AND {mine} = ? ORDER BY seq"))?
        .query_map(params![side.links, doc], |r| r.get(0))?
        .collect()
}

/// Links `doc` (on this side) to `other` (on the related side).
pub fn link(conn: &Connection, side: &Relation, doc: i64, other: i64) -> rusqlite::Result<()> {
    let (parent, child) = if side.parent { (doc, other) } else { (other, doc) };
    conn.execute("INSERT OR IGNORE INTO relationship_links (links, parent, child) VALUES (?, ?, ?)", params![side.links, parent, child])?;
    Ok(())
}

/// Removes every link of `doc` through this side.
pub fn unlink_all(conn: &Connection, side: &Relation, doc: i64) -> rusqlite::Result<()> {
    let mine = if side.parent { "parent" } else { "child" };
    conn.execute(&format!("DELETE FROM relationship_links WHERE links = ? AND {mine} = ?"), params![side.links, doc])?;
    Ok(())
}

/// Removes every link of `other` (a document on the related side) through this
/// relationship: for types where it may hold only one.
pub fn unlink_other(conn: &Connection, side: &Relation, other: i64) -> rusqlite::Result<()> {
    let theirs = if side.parent { "child" } else { "parent" };
    conn.execute(&format!("DELETE FROM relationship_links WHERE links = ? AND {theirs} = ?"), params![side.links, other])?;
    Ok(())
}

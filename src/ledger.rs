//! Resources a scenario created, deleted after it with the server key. What cannot
//! be deleted is reported as a leftover, never silently kept.

use crate::client::{Auth, Client, Request};
use reqwest::Method;

#[derive(Clone, Debug, PartialEq)]
pub enum Resource {
    User(String),
    Team(String),
    Bucket(String),
    File { bucket: String, file: String },
    Token(String),
    Database(String),
    Collection { database: String, collection: String },
    Document { database: String, collection: String, document: String },
}

impl Resource {
    pub fn path(&self) -> String {
        match self {
            Resource::User(id) => format!("/users/{id}"),
            Resource::Team(id) => format!("/teams/{id}"),
            Resource::Bucket(id) => format!("/storage/buckets/{id}"),
            Resource::File { bucket, file } => format!("/storage/buckets/{bucket}/files/{file}"),
            Resource::Token(id) => format!("/tokens/{id}"),
            Resource::Database(id) => format!("/databases/{id}"),
            Resource::Collection { database, collection } => format!("/databases/{database}/collections/{collection}"),
            Resource::Document { database, collection, document } => {
                format!("/databases/{database}/collections/{collection}/documents/{document}")
            }
        }
    }
}

impl Resource {
    /// What a successful create response made, by operation, so resources whose ID the
    /// server chose are cleaned up too.
    pub fn created_by(operation: &str, path: &str, body: &serde_json::Value) -> Option<Resource> {
        let id = body.get("$id")?.as_str()?.to_string();
        let segments: Vec<&str> = path.split('?').next().unwrap_or("").split('/').collect();
        let segment = |i: usize| segments.get(i).map(|s| s.to_string());
        Some(match operation {
            "users.create"
            | "users.createArgon2User"
            | "users.createBcryptUser"
            | "users.createMD5User"
            | "users.createPHPassUser"
            | "users.createScryptUser"
            | "users.createScryptModifiedUser"
            | "users.createSHAUser" => Resource::User(id),
            "teams.create" => Resource::Team(id),
            // An invitation by email or phone may make its user; deleting the user (which
            // takes its memberships with it) is harmless when the scenario made it anyway.
            "teams.createMembership" => Resource::User(body.get("userId")?.as_str()?.to_string()),
            "storage.createBucket" => Resource::Bucket(id),
            // /storage/buckets/{bucketId}/files
            "storage.createFile" => Resource::File { bucket: segment(3)?, file: id },
            "tokens.createFileToken" => Resource::Token(id),
            "databases.create" => Resource::Database(id),
            // /databases/{databaseId}/collections
            "databases.createCollection" => Resource::Collection { database: segment(2)?, collection: id },
            _ => return None,
        })
    }
}

#[derive(Debug, Default)]
pub struct Ledger {
    created: Vec<Resource>,
}

impl Ledger {
    pub fn record(&mut self, resource: Resource) {
        if !self.created.contains(&resource) {
            self.created.push(resource);
        }
    }

    /// Deletes newest first (files before their bucket). A 404 means already gone.
    /// Returns a description of each resource that is still there.
    pub async fn clean_up(&mut self, client: &Client) -> Vec<String> {
        let mut leftovers = Vec::new();
        while let Some(resource) = self.created.pop() {
            let request = Request::new(Method::DELETE, resource.path()).auth(Auth::Key);
            match client.send(request).await {
                Ok(r) if r.status == 204 || r.status == 404 || r.status == 200 => {}
                Ok(r) => leftovers.push(format!("{} (delete answered {})", resource.path(), r.status)),
                Err(e) => leftovers.push(format!("{} (delete failed: {})", resource.path(), e.message)),
            }
        }
        leftovers
    }
}

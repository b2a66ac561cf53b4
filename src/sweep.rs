//! `conform sweep`: finds resources whose IDs carry a run prefix (left by a crashed run)
//! and deletes them with the server key.

use crate::client::{Auth, Client, ClientConfig, Recorder, Request};
use crate::ids::is_run_id;
use crate::target::Target;
use reqwest::Method;
use std::time::Duration;

/// Top-level collections: deleting one of these deletes what is inside it.
const KINDS: &[(&str, &str)] = &[("/users", "users"), ("/teams", "teams"), ("/storage/buckets", "buckets"), ("/databases", "databases")];
const PAGE: usize = 100;
/// More than this per kind means the list is not shrinking as expected; stop rather than loop.
const MAX_PAGES: usize = 100;

pub async fn sweep(target: &Target, dry_run: bool) -> anyhow::Result<()> {
    let client = Client::new(
        ClientConfig {
            endpoint: target.endpoint.clone(),
            project: target.project.clone(),
            api_key: target.api_key.clone(),
            request_timeout: Duration::from_secs(30),
            max_body_bytes: 64 * 1024 * 1024,
        },
        Recorder::default(),
    )?;
    let mut found = 0;
    let mut failed = Vec::new();
    for (path, field) in KINDS {
        let ids = list_run_ids(&client, path, field).await?;
        for id in ids {
            found += 1;
            let resource = format!("{path}/{id}");
            if dry_run {
                println!("would delete {resource}");
                continue;
            }
            match client.send(Request::new(Method::DELETE, &resource).auth(Auth::Key)).await {
                Ok(r) if r.status == 204 || r.status == 404 => println!("deleted {resource}"),
                Ok(r) => failed.push(format!("{resource}: {} {}", r.status, r.exchange.response_body.unwrap_or_default())),
                Err(e) => failed.push(format!("{resource}: {}", e.message)),
            }
        }
    }
    println!("{found} resource(s) from earlier runs {}", if dry_run { "found" } else { "handled" });
    anyhow::ensure!(failed.is_empty(), "could not delete:\n  {}", failed.join("\n  "));
    Ok(())
}

async fn list_run_ids(client: &Client, path: &str, field: &str) -> anyhow::Result<Vec<String>> {
    let mut ids = Vec::new();
    for page in 0..MAX_PAGES {
        let request = Request::new(Method::GET, path)
            .auth(Auth::Key)
            .query("queries[]", format!(r#"{{"method":"limit","values":[{PAGE}]}}"#))
            .query("queries[]", format!(r#"{{"method":"offset","values":[{}]}}"#, page * PAGE));
        let response = client.send(request).await.map_err(|e| anyhow::anyhow!("listing {path}: {}", e.message))?;
        if response.status == 404 {
            // A server without this service has nothing of ours in it.
            return Ok(ids);
        }
        anyhow::ensure!(
            response.status == 200,
            "listing {path} answered {}: {}",
            response.status,
            response.exchange.response_body.unwrap_or_default()
        );
        let body = response.json().map_err(anyhow::Error::msg)?;
        let items = body[field].as_array().cloned().unwrap_or_default();
        ids.extend(items.iter().filter_map(|i| i["$id"].as_str()).filter(|id| is_run_id(id)).map(str::to_string));
        if items.len() < PAGE {
            break;
        }
    }
    Ok(ids)
}

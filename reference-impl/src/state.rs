//! Shared server state handed to every handler.

use std::sync::Arc;

use crate::config::Config;
use crate::db::Db;
use crate::rate_limit::RateLimiter;
use crate::storage_engine::Storage;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub limiter: Arc<RateLimiter>,
    /// HS256 key for account JWTs; generated once and kept in the database so JWTs stay
    /// valid across restarts.
    pub jwt_key: Arc<Vec<u8>>,
    /// File bytes under `<data>/storage`.
    pub storage: Storage,
}

impl AppState {
    pub async fn open(config: Config) -> anyhow::Result<AppState> {
        let db = Db::open(&config.data_dir)?;
        let jwt_key = db
            .call(|conn| {
                let fresh = crate::secrets::random_secret();
                conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('jwt_key', ?)", [&fresh])?;
                let key: String = conn.query_row("SELECT value FROM meta WHERE key = 'jwt_key'", [], |r| r.get(0))?;
                Ok(key)
            })
            .await
            .map_err(|e| anyhow::anyhow!("reading the JWT key: {e}"))?;
        let limiter = Arc::new(RateLimiter::new(config.rate_limit_window_scale));
        let storage =
            Storage::open(&config.data_dir).map_err(|e| anyhow::anyhow!("opening file storage in {}: {e}", config.data_dir.display()))?;
        Ok(AppState { config: Arc::new(config), db, limiter, jwt_key: Arc::new(jwt_key.into_bytes()), storage })
    }
}

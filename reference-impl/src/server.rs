//! Assembling the application and serving it.

use std::any::Any;
use std::net::SocketAddr;

use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::catch_panic::CatchPanicLayer;

use crate::catalogue;
use crate::config::Config;
use crate::error::ApiError;
use crate::faults::{self, FaultEnv};
use crate::services;
use crate::state::AppState;

/// Builds the router: every service, Appwrite-shaped 404s for unknown routes, CORS, the
/// late response headers, the response-format warning, and a last-resort panic guard, all
/// inside the faults named in `config.faults` (none for a correct server), which edit what
/// CORS and the late headers wrote; a second panic guard outside the faults answers a fault's
/// own panic. Opens (or creates) the database in `config.data_dir`.
pub async fn app(config: Config) -> anyhow::Result<Router> {
    let faults = faults::select(&config.faults)?;
    let env = FaultEnv {
        project: config.project_id.clone(),
        server_key: config.api_keys.first().map(|k| k.secret.clone()).unwrap_or_default(),
        keys: config.api_keys.iter().map(|k| k.secret.clone()).collect(),
    };
    let state = AppState::open(config).await?;
    let router = services::router()
        .fallback(services::general::route_not_found)
        .method_not_allowed_fallback(services::general::route_not_found)
        .with_state(state.clone())
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(crate::response_headers::apply))
        .layer(middleware::from_fn(crate::response_format::apply))
        .layer(middleware::from_fn_with_state(state, crate::cors::apply));
    Ok(faults::wrap(router, faults, env).layer(CatchPanicLayer::custom(panic_response)))
}

/// A panic is a bug: log it and still answer like Appwrite would (`general_unknown`, 500).
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".into());
    eprintln!("conform-reference: handler panicked: {detail}");
    ApiError::new(catalogue::GENERAL_UNKNOWN).into_response()
}

/// A server started by [`start`]; dropping it without `shutdown` leaves it running until
/// the runtime ends.
pub struct RunningServer {
    pub addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// Stops accepting, lets in-flight requests finish, and waits for the server task.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        match self.task.await {
            Ok(Ok(())) => {}
            Ok(Err(err)) => eprintln!("conform-reference: server error: {err}"),
            Err(err) => eprintln!("conform-reference: server task failed: {err}"),
        }
    }
}

/// Binds `config.listen` (port 0 picks a free port) and serves in a background task.
pub async fn start(config: Config) -> anyhow::Result<RunningServer> {
    crate::memory::return_large_buffers_to_the_system();
    let listener =
        tokio::net::TcpListener::bind(config.listen).await.map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener.local_addr()?;
    let router = app(config).await?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningServer { addr, stop, task })
}

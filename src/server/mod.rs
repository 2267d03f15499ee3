//! Everything that runs only on the server: configuration, state, database,
//! auth, the JSON API and the assembly of the axum router. The whole module
//! is compiled only with the `ssr` feature.

pub mod auth;
pub mod config;
pub mod context;
pub mod db;
pub mod http;
pub mod realtime;
pub mod state;
pub mod todo_service;

use axum::{Router, middleware, serve::ListenerExt};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use tokio::{net::TcpListener, sync::Mutex};
use tower_http::limit::RequestBodyLimitLayer;

use crate::ui::{App, shell};
use config::Config;
use state::AppState;

pub type StartError = Box<dyn std::error::Error + Send + Sync>;

/// Opens the database (running migrations), loads or creates the signing
/// secret and prepares everything requests share.
pub async fn build_state(config: Config) -> Result<AppState, StartError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| format!("DATA_DIR {}: {e}", config.data_dir.display()))?;
    let pool = db::connect(&config.database_url)
        .await
        .map_err(|e| format!("DATABASE_URL {}: {e}", config.database_url))?;
    let secret = auth::secret::resolve(config.jwt_secret.as_deref(), &config.data_dir)
        .map_err(|e| format!("JWT secret: {e}"))?;
    let keys = Arc::new(auth::TokenKeys::new(&secret, config.token_ttl));
    let cookie = auth::SessionCookie::new(config.serves_https());
    let (socket_layer, io) = realtime::build(
        realtime::GatewayState {
            keys: keys.clone(),
            pool: pool.clone(),
            cookie,
        },
        config.socket_buffer,
    );
    let dummy_hash = auth::password::hash(uuid::Uuid::new_v4().to_string())
        .await
        .map_err(|e| format!("preparing the password check: {e}"))?;
    let leptos_options = LeptosOptions::builder()
        .output_name("livetodo")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.listen_addr)
        .reload_port(config.reload_port)
        .env(if config.dev_mode { Env::DEV } else { Env::PROD })
        .hash_files(config.hash_files.unwrap_or_else(hash_file_exists))
        .build();
    Ok(AppState {
        leptos_options,
        pool,
        keys,
        cookie,
        config: Arc::new(config),
        write_lock: Arc::new(Mutex::new(())),
        dummy_hash: dummy_hash.into(),
        io,
        socket_layer,
    })
}

/// Whether cargo-leptos wrote `hash.txt` (the hashed names of the JS, WASM
/// and CSS) next to this binary, which is where Leptos reads it from.
fn hash_file_exists() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("hash.txt")))
        .is_some_and(|path| path.is_file())
}

/// The whole application as one router: Socket.IO, JSON API, server
/// functions, pages and static files, behind the guards.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let max_body = state.config.max_body_bytes;
    let socket_layer = state.socket_layer.clone();
    Router::new()
        .nest("/api/v1", http::api_router())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback_service(http::assets::router(&state))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::guard::page_session,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::guard::refuse_cross_site,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        // Socket.IO sits outside the body limit (it enforces its own, 1 MiB)
        // and inside its Origin check, which must run before any session.
        .layer(socket_layer)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::guard::refuse_foreign_socket_origin,
        ))
        .layer(middleware::from_fn_with_state(
            http::headers::HeaderPolicy::new(&state.config),
            http::headers::security_headers,
        ))
        .layer(http::compress::layer())
        .layer(http::logging::trace_layer())
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown` resolves.
///
/// TCP_NODELAY: small writes (a Socket.IO frame, a short JSON answer) go out
/// at once instead of waiting on Nagle's algorithm, which otherwise delays
/// some of them by ~40 ms against delayed ACKs.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(%e, "setting TCP_NODELAY");
        }
    });
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

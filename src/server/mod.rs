//! Everything that runs only on the server: configuration, state, database,
//! auth, the JSON API and the assembly of the axum router. The whole module
//! is compiled only with the `ssr` feature.

pub mod auth;
pub mod change_service;
pub mod commit;
pub mod config;
pub mod context;
pub mod db;
pub mod http;
pub mod limits;
pub mod list_service;
mod listen;
pub mod realtime;
pub mod redis_link;
pub mod state;
pub mod todo_service;

pub use listen::{OpenFiles, raise_open_file_limit, serve};

use axum::{Router, http::StatusCode, middleware};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::{RequestBodyDeadlineLayer, TimeoutLayer};

use crate::ui::{App, shell};
use config::Config;
use state::AppState;

pub type StartError = Box<dyn std::error::Error + Send + Sync>;

/// Opens the database (running migrations), loads or creates the signing
/// secret and prepares everything requests share.
pub async fn build_state(config: Config) -> Result<AppState, StartError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| format!("DATA_DIR {}: {e}", config.data_dir.display()))?;
    let store = db::Store::connect(&config.database_url)
        .await
        .map_err(|e| format!("DATABASE_URL {}: {e}", redacted(&config.database_url)))?;
    let secret = auth::secret::resolve(config.jwt_secret.as_deref(), &config.data_dir)
        .map_err(|e| format!("JWT secret: {e}"))?;
    let keys = Arc::new(auth::TokenKeys::new(&secret, config.token_ttl));
    // With REDIS_URL, one connection for everything instances share.
    let link = match &config.redis_url {
        Some(url) => Some(
            redis_link::RedisLink::connect(url, &config.redis_prefix)
                .await
                .map_err(|e| format!("REDIS_URL: {e}"))?,
        ),
        None => None,
    };
    let sessions = Arc::new(auth::Sessions::new(store.clone(), config.session_max_age));
    if let Some(link) = &link {
        auth::sessions::share_ends(&sessions, link).await?;
    }
    let limits = Arc::new(
        limits::Limits::new(config.limits.clone(), link.as_ref())
            .map_err(|e| format!("starting the password hashing threads: {e}"))?,
    );
    let cookie = auth::SessionCookie::new(config.serves_https());
    let gateway = realtime::Gateway::build(
        realtime::GatewayState {
            keys: keys.clone(),
            sessions: sessions.clone(),
            store: store.clone(),
            limits: limits.clone(),
            cookie,
            node_room: None,
        },
        realtime::packet_budget(config.socket_buffer, config.limits.socket_buffer_bytes),
        link,
    )
    .await?;
    let committer = commit::Committer::start(
        &store,
        gateway.clone(),
        commit::OpLimits {
            max_todos: config.limits.max_todos_per_list,
            max_members: config.limits.max_members_per_list,
            max_lists: config.limits.max_lists_per_user,
        },
    )?;
    let committer = Arc::new(committer);
    let dummy_hash = Arc::new(tokio::sync::OnceCell::new());
    let leptos_options = LeptosOptions::builder()
        .output_name("livetodo")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.listen_addr)
        .reload_port(config.reload_port)
        .env(if config.dev_mode { Env::DEV } else { Env::PROD })
        .hash_files(config.hash_files.unwrap_or_else(hash_file_exists))
        .build();
    let state = AppState {
        leptos_options,
        store,
        keys,
        sessions,
        cookie,
        config: Arc::new(config),
        committer,
        dummy_hash,
        limits,
        gateway,
    };
    change_service::start_pruning(&state);
    Ok(state)
}

/// A database URL fit for a log line: without its password.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
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
    let limits = state.config.connections.clone();
    let app = Router::new()
        .route("/healthz", axum::routing::get(http::health::live))
        .route("/readyz", axum::routing::get(http::health::ready))
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
        .layer(middleware::from_fn(http::server_fn_edge::server_fn_edge))
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
        // Inside the Socket.IO layer, so long-polling requests and WebSockets,
        // which live longer than any handler, are not cut off.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.handler_timeout,
        ));
    // Socket.IO sits outside the body limit (it enforces its own, 1 MiB)
    // and inside its Origin check, which must run before any session.
    state
        .gateway
        .mount(app)
        // Before socketioxide keeps a socket's request head (see there).
        .layer(middleware::from_fn(realtime::own_request_head))
        .layer(RequestBodyDeadlineLayer::new(limits.body_timeout))
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

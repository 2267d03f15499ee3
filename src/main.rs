//! The LiveTodo server binary: reads the configuration, opens the database,
//! and serves the app until Ctrl-C or SIGTERM. (The terminal client is the
//! separate `livetodo-watch` binary, `src/cli/`.)

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use livetodo::server::{self, config::Config};
    use std::process::ExitCode;

    // A missing .env is normal; a broken one is worth knowing about.
    if let Err(e) = dotenvy::dotenv()
        && !e.not_found()
    {
        eprintln!("livetodo: .env: {e}");
        return ExitCode::FAILURE;
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RUST_LOG")
                .unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .init();

    let started = std::time::Instant::now();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("livetodo: {e}");
            return ExitCode::FAILURE;
        }
    };
    log_open_file_limit(config.connections.max_connections);
    let addr = config.listen_addr;
    let state = match server::build_state(config).await {
        Ok(state) => state,
        Err(e) => {
            eprintln!("livetodo: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("livetodo: LISTEN_ADDR {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The bound address, not the configured one: with port 0 (tests) the
    // system picks the port, and this line is how the caller learns it.
    let bound = listener.local_addr().unwrap_or(addr);
    tracing::info!(
        "LiveTodo listening on http://{bound} (ready in {} ms)",
        started.elapsed().as_millis()
    );
    if let Err(e) = server::serve(listener, state, shutdown_signal()).await {
        eprintln!("livetodo: server error: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Every connection is an open file: the soft limit goes up to the hard
/// limit, and a `MAX_CONNECTIONS` the limit cannot hold is worth a warning.
#[cfg(feature = "ssr")]
fn log_open_file_limit(max_connections: usize) {
    match livetodo::server::raise_open_file_limit() {
        Ok(limit) => {
            if limit.now > limit.was {
                tracing::info!("open-file limit raised from {} to {}", limit.was, limit.now);
            } else {
                tracing::info!("open-file limit: {}", limit.now);
            }
            if usize::try_from(limit.now).is_ok_and(|now| now < max_connections) {
                tracing::warn!(
                    "MAX_CONNECTIONS is {max_connections} but at most {} files may be open: \
                     connections past that are refused by the system",
                    limit.now
                );
            }
        }
        Err(e) => tracing::warn!(%e, "could not raise the open-file limit"),
    }
}

#[cfg(feature = "ssr")]
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser build is a library loaded by the page; this binary exists
    // only with the `ssr` feature (cargo-leptos builds it that way).
}

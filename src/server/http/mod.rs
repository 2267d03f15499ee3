//! The HTTP side of the server: the `/api/v1` JSON API (SPEC §2b), the
//! request guards that sit in front of everything (cross-site refusal,
//! session cookie handling), the edge of the page's server functions, and
//! the production layer around it all: security headers, compression,
//! static files and request logging.

mod api_account;
mod api_auth;
mod api_changes;
mod api_lists;
mod api_todos;
pub mod assets;
pub mod compress;
mod error;
pub mod guard;
pub mod headers;
pub mod health;
mod json;
pub mod logging;
mod media;
pub mod server_fn_edge;

use axum::Router;

use super::state::AppState;
use crate::error::AppError;

/// Routes under `/api/v1`.
pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(api_auth::routes())
        .merge(api_account::routes())
        .merge(api_todos::routes())
        .merge(api_lists::routes())
        .merge(api_changes::routes())
        .fallback(async || AppError::NotFound)
}

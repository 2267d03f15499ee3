//! A list's change log as its members read it (SPEC §7): its history, newest
//! first. (Writing it is the committer's; replaying it, `realtime::sync`.)

use uuid::Uuid;

use crate::error::AppError;
use crate::server::db::Change;
use crate::server::state::AppState;

/// Most changes one page of history holds.
pub const HISTORY_PAGE_MAX: u64 = 100;

/// Up to `limit` changes of `list` before change `before` (or the latest),
/// newest first; `NotFound` unless the user is a member.
pub async fn history(
    state: &AppState,
    user: Uuid,
    list: Uuid,
    before: Option<u64>,
    limit: u64,
) -> Result<Vec<Change>, AppError> {
    if state.store.role_of(user, list).await?.is_none() {
        return Err(AppError::NotFound);
    }
    state.store.history(list, before, limit).await
}

/// Prunes the log now and then, for as long as the server runs.
pub fn start_pruning(state: &AppState) {
    let store = state.store.clone();
    let keep = state.config.change_log;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match store
                .prune_changes(crate::domain::time::Timestamp::now(), keep)
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(pruned = n, "pruned the change log"),
                Err(_) => {} // logged where it happened; next hour tries again
            }
        }
    });
}

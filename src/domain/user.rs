//! The public face of an account. The password hash lives in a server-only row
//! type (`server::db::users::UserRow`) that is never serialised.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `{id, username, email}` as SPEC §2b shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub email: String,
}

/// The answer to a JSON log-in or registration.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthResponse {
    pub access_token: String,
    pub user: User,
}

//! The log-in and register gates: attempts per IP and per account, and the
//! growing back-off after failed log-ins. `server::auth::accounts` calls
//! them around the password check; both doors (JSON API and server
//! functions) go through there.

use super::log::Kind;
use super::{ClientIp, Limits};
use crate::domain::validate::EMAIL_MAX;
use crate::error::AppError;

/// An email as a limiter key: trimmed, lowercased and bounded in length, so
/// `A@x.io` and `a@x.io ` share one bucket and no key is huge.
fn account_key(email: &str) -> String {
    email
        .trim()
        .chars()
        .take(EMAIL_MAX)
        .collect::<String>()
        .to_lowercase()
}

const ACCOUNT_BACKOFF: &str = "log-in back-off per account";
const IP_BACKOFF: &str = "log-in back-off per IP";

impl Limits {
    /// Before a log-in: refuses while the IP or the account is over its
    /// attempt rate or locked out by failures.
    pub async fn admit_login(&self, ip: ClientIp, email: &str) -> Result<(), AppError> {
        let account = account_key(email);
        self.unlocked(&self.failures_per_account, ACCOUNT_BACKOFF, &account)
            .await?;
        self.unlocked(&self.failures_per_ip, IP_BACKOFF, &ip)
            .await?;
        self.admit_auth_attempt(ip, &account).await
    }

    /// Before a registration: the same attempt rates as log-in.
    pub async fn admit_register(&self, ip: ClientIp, email: &str) -> Result<(), AppError> {
        self.admit_auth_attempt(ip, &account_key(email)).await
    }

    /// A wrong password or unknown email: counts towards both back-offs.
    pub async fn login_failed(&self, ip: ClientIp, email: &str) {
        let account = account_key(email);
        self.count_failure(&self.failures_per_account, ACCOUNT_BACKOFF, &account)
            .await;
        self.count_failure(&self.failures_per_ip, IP_BACKOFF, &ip)
            .await;
        self.log.line(Kind::FailedLogin, |suppressed| {
            tracing::warn!(%ip, %account, suppressed, "log-in failed");
        });
    }

    /// A correct password clears the account's failures (not the IP's: one
    /// good account must not reset the count of guesses at others).
    pub async fn login_succeeded(&self, email: &str) {
        let account = account_key(email);
        self.clear_failures(&self.failures_per_account, ACCOUNT_BACKOFF, &account)
            .await;
    }

    async fn admit_auth_attempt(&self, ip: ClientIp, account: &String) -> Result<(), AppError> {
        self.take(&self.auth_per_ip, "log-in/register per IP", &ip)
            .await?;
        self.take(
            &self.auth_per_account,
            "log-in/register per account",
            account,
        )
        .await
    }
}

//! The browser's session cookie: HttpOnly (no script can read it), SameSite=Lax
//! (not sent on cross-site subrequests or form posts), `Secure` when the app is
//! served over HTTPS.

use http::{HeaderMap, HeaderValue};

pub const NAME: &str = "livetodo_session";

pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == NAME)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear(secure: bool) -> HeaderValue {
    set("", 0, secure)
}

/// `Set-Cookie` that stores `token` for `max_age_secs`.
pub fn set(token: &str, max_age_secs: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value =
        format!("{NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    // A JWT is base64url and dots only, so this cannot fail for our tokens.
    HeaderValue::from_str(&value)
        .unwrap_or_else(|_| HeaderValue::from_static("livetodo_session=; Max-Age=0"))
}

//! The browser's session cookie: HttpOnly (no script can read it), SameSite=Lax
//! (not sent on cross-site subrequests or form posts), and, when the app is
//! served over HTTPS, `Secure` with the `__Host-` name prefix.
//!
//! The prefix makes the browser refuse the cookie unless it is `Secure`, has
//! `Path=/` and no `Domain`: a sibling subdomain or a plain-http page cannot
//! plant or overwrite it (session fixation, log-in CSRF by cookie tossing).
//! Browsers reject `__Host-` cookies without `Secure`, so over plain http
//! (development, tests) the plain name is used. Only the name the server sets
//! is read back: under HTTPS a plain `livetodo_session` could have been
//! planted by someone else.

use http::{HeaderMap, HeaderValue};

/// The cookie's name over plain http.
pub const PLAIN_NAME: &str = "livetodo_session";
/// The cookie's name over HTTPS.
pub const HOST_NAME: &str = "__Host-livetodo_session";

/// How this server names and marks its session cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionCookie {
    secure: bool,
}

impl SessionCookie {
    /// `secure`: the app is served over HTTPS (`Config::serves_https`).
    pub fn new(secure: bool) -> Self {
        Self { secure }
    }

    /// The cookie of a server on plain http (development, tests).
    pub const fn plain() -> Self {
        Self { secure: false }
    }

    /// Whether the app is served over HTTPS (its other cookies follow).
    pub fn secure(&self) -> bool {
        self.secure
    }

    pub fn name(&self) -> &'static str {
        if self.secure { HOST_NAME } else { PLAIN_NAME }
    }

    /// The token in the request's session cookie, if it carries one.
    pub fn read(&self, headers: &HeaderMap) -> Option<String> {
        value(headers, self.name())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// `Set-Cookie` that stores `token` for `max_age_secs`.
    pub fn set(&self, token: &str, max_age_secs: u64) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let value = format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}",
            self.name()
        );
        // A JWT is base64url and dots only, so this cannot fail for our tokens;
        // should it ever, the answer removes the cookie rather than set a bad one.
        HeaderValue::from_str(&value).unwrap_or_else(|_| self.clear())
    }

    /// `Set-Cookie` that removes the session cookie.
    pub fn clear(&self) -> HeaderValue {
        let value = if self.secure {
            HeaderValue::from_static(
                "__Host-livetodo_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure",
            )
        } else {
            HeaderValue::from_static("livetodo_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
        };
        debug_assert!(value.to_str().is_ok_and(|v| v.starts_with(self.name())));
        value
    }
}

/// The value of the request's cookie `name`, if it sends one.
pub fn value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookies(raw: &'static str) -> HeaderMap {
        HeaderMap::from_iter([(http::header::COOKIE, HeaderValue::from_static(raw))])
    }

    #[test]
    fn over_https_the_cookie_is_host_prefixed_and_secure() {
        let cookie = SessionCookie::new(true);
        let set = cookie.set("a.b.c", 60);
        let set = set.to_str().unwrap();
        assert!(set.starts_with("__Host-livetodo_session=a.b.c;"), "{set}");
        assert!(set.contains("; Secure") && set.contains("Path=/"), "{set}");
        assert!(!set.contains("Domain"), "{set}");
        let clear = cookie.clear();
        assert!(
            clear
                .to_str()
                .unwrap()
                .starts_with("__Host-livetodo_session=;")
        );
    }

    #[test]
    fn over_http_the_plain_name_without_secure_is_used() {
        let cookie = SessionCookie::new(false);
        let set = cookie.set("a.b.c", 60);
        let set = set.to_str().unwrap();
        assert!(set.starts_with("livetodo_session=a.b.c;"), "{set}");
        assert!(!set.contains("Secure"), "{set}");
    }

    #[test]
    fn only_the_name_the_server_uses_is_read() {
        let https = SessionCookie::new(true);
        let http = SessionCookie::new(false);
        let planted = cookies("livetodo_session=planted");
        let ours = cookies("theme=dark; __Host-livetodo_session=ours");
        assert_eq!(https.read(&planted), None);
        assert_eq!(https.read(&ours).as_deref(), Some("ours"));
        assert_eq!(http.read(&planted).as_deref(), Some("planted"));
        assert_eq!(http.read(&ours), None);
    }
}

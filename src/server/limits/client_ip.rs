//! Who is asking, for per-IP limits: the TCP peer address.
//!
//! It comes from `axum::extract::ConnectInfo<SocketAddr>` in the request's
//! extensions, which `server::serve` provides by serving the router with
//! `into_make_service_with_connect_info::<SocketAddr>()`. Any other accept
//! loop must insert that same extension into every request, or all clients
//! share one anonymous bucket (logged once per process start).
//!
//! `X-Forwarded-For` is never read: behind a reverse proxy every client has
//! the proxy's address, so per-IP limits must then be raised or done at the
//! proxy (docs/decisions.md).

use axum::extract::{ConnectInfo, FromRequestParts};
use http::{Extensions, request::Parts};
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};

/// The bucket of requests whose peer address is unknown.
const UNKNOWN: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);

/// The client's address as a limiter key: IPv4 as is, IPv6 by its /64
/// (one host usually owns a whole /64 and can rotate inside it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientIp(pub IpAddr);

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ClientIp {
    pub fn from_extensions(extensions: &Extensions) -> Self {
        match extensions.get::<ConnectInfo<SocketAddr>>() {
            Some(ConnectInfo(peer)) => ClientIp::key(peer.ip()),
            None => {
                static WARNED: AtomicBool = AtomicBool::new(false);
                if !WARNED.swap(true, Ordering::Relaxed) {
                    tracing::warn!("requests carry no peer address: per-IP limits see one client");
                }
                ClientIp(UNKNOWN)
            }
        }
    }

    /// The caller of the server function running now.
    pub fn of_server_fn() -> Self {
        leptos::prelude::use_context::<Parts>()
            .map(|parts| ClientIp::from_extensions(&parts.extensions))
            .unwrap_or(ClientIp(UNKNOWN))
    }

    fn key(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V6(v6) => {
                let prefix = v6.to_bits() & !((1u128 << 64) - 1);
                ClientIp(IpAddr::V6(Ipv6Addr::from_bits(prefix)))
            }
            v4 => ClientIp(v4),
        }
    }
}

/// Never fails: an unknown peer is the anonymous bucket.
impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(ClientIp::from_extensions(&parts.extensions))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_and_mapped_v4_as_v4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(ClientIp::key(a), ClientIp::key(b));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(ClientIp::key(mapped).0.to_string(), "10.0.0.1");
    }
}

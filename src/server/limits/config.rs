//! The limits part of the configuration (`Config::limits`): every variable,
//! its default and its check. Defaults are far above what a person using
//! the page does; a benchmark or load test raises them (`off` lifts a rate).

use std::time::Duration;

use super::rate::Rate;
use crate::server::config::ConfigError;

#[derive(Clone, Debug)]
pub struct LimitsConfig {
    /// `RATE_AUTH_PER_IP`: log-in and register attempts per client IP.
    pub auth_per_ip: Option<Rate>,
    /// `RATE_AUTH_PER_ACCOUNT`: log-in and register attempts per email.
    pub auth_per_account: Option<Rate>,
    /// `LOGIN_FREE_FAILURES_PER_ACCOUNT`: failed log-ins to one account
    /// before each further one locks it for a doubling time.
    pub free_failures_per_account: u32,
    /// `LOGIN_FREE_FAILURES_PER_IP`: the same per client IP.
    pub free_failures_per_ip: u32,
    /// `LOGIN_BACKOFF_MAX_SECS`: the longest lock-out.
    pub backoff_max: Duration,
    /// `RATE_WRITES_PER_USER`: todo writes per user (any door).
    pub writes_per_user: Option<Rate>,
    /// `RATE_SOCKET_CONNECTS_PER_IP`: Socket.IO connects per client IP.
    pub socket_connects_per_ip: Option<Rate>,
    /// `RATE_SOCKET_MESSAGES`: messages a client may send per socket.
    pub socket_messages: Option<Rate>,
    /// `HASH_CONCURRENCY`: password hashes at a time (default: CPU cores).
    pub hash_concurrency: usize,
    /// `HASH_WAIT_MS`: how long a log-in waits for a hashing turn before 503.
    pub hash_wait: Duration,
    /// `MAX_TODOS_PER_LIST`: todos one list may hold.
    pub max_todos_per_list: u64,
    /// `MAX_MEMBERS_PER_LIST`: members (the owner included) of one list.
    pub max_members_per_list: u64,
    /// `MAX_LISTS_PER_USER`: lists one user may own.
    pub max_lists_per_user: u64,
    /// `MAX_SOCKETS_PER_USER`: Socket.IO connections one user may hold open.
    pub max_sockets_per_user: usize,
    /// `SOCKET_BUFFER_BYTES`: bytes that may wait in one socket's send queue.
    pub socket_buffer_bytes: usize,
    /// `SECURITY_LOG_PER_MINUTE`: security log lines per kind per minute.
    pub security_log_per_minute: u32,
}

impl LimitsConfig {
    /// Reads the limits through `var` (which already ignores blank values).
    pub fn from_lookup(var: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let rate = |name: &'static str, default: &str| -> Result<Option<Rate>, ConfigError> {
            Rate::parse(var(name).as_deref().unwrap_or(default))
                .map_err(|message| ConfigError { var: name, message })
        };
        let number = |name: &'static str, default: u64, min: u64| -> Result<u64, ConfigError> {
            let Some(raw) = var(name) else {
                return Ok(default);
            };
            match raw.trim().parse::<u64>() {
                Ok(n) if n >= min => Ok(n),
                _ => Err(ConfigError {
                    var: name,
                    message: format!("{raw:?} is not a whole number of at least {min}"),
                }),
            }
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
        Ok(LimitsConfig {
            auth_per_ip: rate("RATE_AUTH_PER_IP", "120/1m")?,
            auth_per_account: rate("RATE_AUTH_PER_ACCOUNT", "20/1m")?,
            free_failures_per_account: number("LOGIN_FREE_FAILURES_PER_ACCOUNT", 5, 0)? as u32,
            free_failures_per_ip: number("LOGIN_FREE_FAILURES_PER_IP", 50, 0)? as u32,
            backoff_max: Duration::from_secs(number("LOGIN_BACKOFF_MAX_SECS", 900, 1)?),
            writes_per_user: rate("RATE_WRITES_PER_USER", "600/1m")?,
            socket_connects_per_ip: rate("RATE_SOCKET_CONNECTS_PER_IP", "120/1m")?,
            socket_messages: rate("RATE_SOCKET_MESSAGES", "100/10s")?,
            hash_concurrency: number("HASH_CONCURRENCY", cores, 1)?.min(1024) as usize,
            hash_wait: Duration::from_millis(number("HASH_WAIT_MS", 3000, 0)?),
            max_todos_per_list: number("MAX_TODOS_PER_LIST", 5000, 1)?,
            max_members_per_list: number("MAX_MEMBERS_PER_LIST", 50, 2)?,
            max_lists_per_user: number("MAX_LISTS_PER_USER", 100, 1)?,
            max_sockets_per_user: number("MAX_SOCKETS_PER_USER", 50, 1)? as usize,
            socket_buffer_bytes: number("SOCKET_BUFFER_BYTES", 16 << 20, 1 << 16)? as usize,
            security_log_per_minute: number("SECURITY_LOG_PER_MINUTE", 30, 1)?.min(1 << 20) as u32,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn limits(pairs: &[(&str, &str)]) -> Result<LimitsConfig, ConfigError> {
        let map: HashMap<&str, &str> = pairs.iter().copied().collect();
        LimitsConfig::from_lookup(&|k| map.get(k).map(|v| v.to_string()))
    }

    #[test]
    fn defaults_are_generous_and_rates_can_be_lifted() {
        let c = limits(&[]).unwrap();
        assert_eq!(c.auth_per_ip, Some(Rate::new(120, 60)));
        assert_eq!(c.max_todos_per_list, 5000);
        assert_eq!(c.max_members_per_list, 50);
        assert_eq!(c.max_lists_per_user, 100);
        assert_eq!(c.max_sockets_per_user, 50);
        assert!(c.hash_concurrency >= 1);
        assert_eq!(
            limits(&[("RATE_WRITES_PER_USER", "off")])
                .unwrap()
                .writes_per_user,
            None
        );
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, value) in [
            ("RATE_AUTH_PER_IP", "lots"),
            ("RATE_AUTH_PER_ACCOUNT", "0/1m"),
            ("LOGIN_FREE_FAILURES_PER_ACCOUNT", "-1"),
            ("LOGIN_FREE_FAILURES_PER_IP", "x"),
            ("LOGIN_BACKOFF_MAX_SECS", "0"),
            ("RATE_WRITES_PER_USER", "10"),
            ("RATE_SOCKET_CONNECTS_PER_IP", "10/1d"),
            ("RATE_SOCKET_MESSAGES", "/1s"),
            ("HASH_CONCURRENCY", "0"),
            ("HASH_WAIT_MS", "soon"),
            ("MAX_TODOS_PER_LIST", "0"),
            ("MAX_MEMBERS_PER_LIST", "1"),
            ("MAX_LISTS_PER_USER", "0"),
            ("MAX_SOCKETS_PER_USER", "0"),
            ("SOCKET_BUFFER_BYTES", "1000"),
            ("SECURITY_LOG_PER_MINUTE", "0"),
        ] {
            let err = limits(&[(var, value)]).unwrap_err();
            assert_eq!(err.var, var, "{err}");
        }
    }
}

//! The benchmark modes; each starts from a fresh server unless noted.

pub mod latency;
pub mod logins;
pub mod pages;
pub mod resume;
pub mod sizes;
pub mod sockets;
pub mod startup;

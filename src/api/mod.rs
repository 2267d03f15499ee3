//! Server functions: the page's only way to reach the server. Their
//! signatures are compiled into both builds (the browser gets a fetch stub,
//! the server gets the body). Every one has an explicit endpoint, so its URL
//! is stable (`/api/<endpoint>`) and the plain-HTML forms can post to it
//! when JavaScript is off.

pub mod account;
pub mod auth;
pub mod changes;
pub mod codec;
pub mod language;
pub mod lists;
pub mod page_todos;
pub mod todos;

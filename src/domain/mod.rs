//! The domain as both builds see it: wire types, their validation rules and the
//! timestamp format of SPEC §1. Nothing here touches the database or the DOM,
//! so the server and the browser share one definition of every type.

pub mod events;
pub mod list;
pub mod time;
pub mod todo;
pub mod user;
pub mod validate;
#[cfg(test)]
mod validate_props;

pub use todo::{Priority, Todo, TodoForCreate, TodoForUpdate};
pub use user::{AuthResponse, User};

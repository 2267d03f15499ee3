//! Command-line tools built into the server binary (`livetodo <command>`).

pub mod watch;

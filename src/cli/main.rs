//! `livetodo-watch`: follows a user's live events from a terminal (see
//! `watch`). Its own binary, built with the `cli` feature, so that the server
//! binary carries no client code.

mod watch;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::ExitCode::from(watch::run(&args).await)
}

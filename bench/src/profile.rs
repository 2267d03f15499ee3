//! How much load each mode applies: the real run (bounded to a few minutes
//! on 2 cores) and the smoke run (seconds; only proves the harness works).

/// Sizes of every mode.
#[derive(Clone, Debug)]
pub struct Profile {
    pub users: usize,
    pub sockets_per_user: usize,
    pub latency_rate: f64,
    pub latency_secs: f64,
    pub saturation_rates: Vec<f64>,
    pub saturation_secs: f64,
    pub idle_users: usize,
    pub idle_sockets: usize,
    pub registrations: usize,
    pub logins: usize,
    pub connects: usize,
    pub todos: usize,
    pub page_secs: f64,
    pub cold_starts: usize,
    pub resume_rounds: usize,
    pub resume_missed: usize,
    pub resume_todos: usize,
}

/// Requests in flight for the throughput, log-in and connect modes.
pub const CONCURRENCY: usize = 32;

impl Profile {
    pub fn full() -> Self {
        Profile {
            users: 100,
            sockets_per_user: 5,
            latency_rate: 100.0,
            latency_secs: 10.0,
            saturation_rates: vec![
                200.0, 400.0, 600.0, 800.0, 1000.0, 1200.0, 1500.0, 2000.0, 2500.0, 3000.0, 4000.0,
            ],
            saturation_secs: 3.0,
            idle_users: 50,
            // Capped by the open-file limit (`fds::socket_room`).
            idle_sockets: 20_000,
            registrations: 200,
            // Each log-in is one Argon2id hash, 35-42 ms of the server's one
            // core: 5,000 keep the whole run under 6 minutes (10,000 would
            // take 6-7 minutes for this mode alone).
            logins: 5_000,
            connects: 3000,
            todos: 100,
            page_secs: 5.0,
            cold_starts: 5,
            // The sync issue's questions: 1,000 missed changes, median of
            // 10, against a 500-todo list (10,000 changes for the log).
            resume_rounds: 10,
            resume_missed: 1000,
            resume_todos: 500,
        }
    }

    pub fn smoke() -> Self {
        Profile {
            users: 2,
            sockets_per_user: 5,
            latency_rate: 20.0,
            latency_secs: 1.0,
            saturation_rates: vec![20.0, 40.0],
            saturation_secs: 0.5,
            idle_users: 2,
            idle_sockets: 20,
            registrations: 4,
            logins: 8,
            connects: 40,
            todos: 100,
            page_secs: 0.5,
            cold_starts: 1,
            resume_rounds: 2,
            resume_missed: 20,
            resume_todos: 10,
        }
    }
}

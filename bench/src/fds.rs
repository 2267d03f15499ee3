//! The open-file limit: every idle socket is a descriptor in both the
//! server and this load client, and the hard limit (20,000 on the machine
//! this was written on) caps how many sockets one process can hold.

/// Descriptors each process keeps for itself (the server's listener,
/// SQLite files and runtime; this client's HTTP pool and runtime).
const RESERVED: u64 = 64;

/// Raises this process's soft limit to its hard limit (the server, started
/// from here, inherits it and raises its own anyway); returns the limit.
pub fn raise_open_file_limit() -> u64 {
    // SAFETY: getrlimit/setrlimit only read or write the struct passed in.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return raised.rlim_cur;
            }
        }
        limit.rlim_cur
    }
}

/// How many sockets fit under `limit` in each of the two processes.
pub fn socket_room(limit: u64) -> usize {
    usize::try_from(limit.saturating_sub(RESERVED)).unwrap_or(usize::MAX)
}

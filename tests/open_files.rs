//! The server raises its open-file limit at start-up: every connection and
//! WebSocket is a file, and 20,000 sockets do not fit in the usual soft
//! limit of 1,024.

#![cfg(all(feature = "ssr", target_os = "linux"))]

mod common;

use common::process::ServerProcess;

/// (soft, hard) of "Max open files" in /proc/PID/limits.
fn open_file_limits(pid: u32) -> (u64, u64) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("read limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .expect("a Max open files line");
    let numbers: Vec<u64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

#[test]
fn the_soft_open_file_limit_is_raised_to_the_hard_limit() {
    // Setup: this test process (alone in its binary) lowers its own soft
    // limit, which the server inherits.
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read or write the struct passed in.
    assert_eq!(
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) },
        0
    );
    let hard = limit.rlim_max;
    let lowered = (hard / 2).min(512);
    limit.rlim_cur = lowered;
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) }, 0);
    let dir = tempfile::tempdir().expect("temporary directory");

    // Exec
    let server = ServerProcess::start(dir.path(), &[]);

    // Check
    assert_eq!(open_file_limits(server.child.id()), (hard, hard));
    let said = format!("open-file limit raised from {lowered} to {hard}");
    assert!(
        server.logged().iter().any(|l| l.contains(&said)),
        "no {said:?} in {:?}",
        server.logged()
    );
}

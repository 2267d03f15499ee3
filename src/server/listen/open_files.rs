//! The open-file limit. Every connection, upgraded WebSocket included, is a
//! file descriptor; processes usually start with a soft limit of 1,024 while
//! the system allows more (the hard limit), so an unraised server refused
//! connections (EMFILE) long before `MAX_CONNECTIONS`. Raising the soft
//! limit up to the hard one needs no privilege.

/// The soft limit before and after raising it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenFiles {
    pub was: u64,
    pub now: u64,
}

/// Raises this process's soft open-file limit to its hard limit.
#[cfg(unix)]
pub fn raise_open_file_limit() -> std::io::Result<OpenFiles> {
    // SAFETY: getrlimit/setrlimit only read or write the struct passed in.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let was = limit.rlim_cur;
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max;
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
        // rlim_t is u64 on Linux and macOS.
        Ok(OpenFiles {
            was,
            now: limit.rlim_cur,
        })
    }
}

#[cfg(not(unix))]
pub fn raise_open_file_limit() -> std::io::Result<OpenFiles> {
    Err(std::io::Error::other("not supported on this system"))
}

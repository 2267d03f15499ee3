//! The password-hashing gate: Argon2id runs on a small pool of dedicated
//! threads, at most `threads` hashes at a time; a request that cannot get a
//! turn within `wait` is answered 503 instead of queueing without end.
//!
//! Why dedicated threads rather than tokio's blocking pool: each Argon2id
//! hash allocates 19 MiB. On the blocking pool a flood of log-ins spread
//! those allocations over hundreds of threads and glibc kept a heap arena
//! per thread, each holding on to its freed 19 MiB (200 registrations at
//! concurrency 32 took the server from 15 MB to 3.85 GB and it never came
//! back). Fewer threads alone were not enough (glibc still kept freed
//! buffers in its heaps), so `return_large_buffers` also makes glibc give
//! them back to the OS after each hash.

use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;
use tokio::sync::{Semaphore, oneshot};

use crate::error::AppError;

type Job = Box<dyn FnOnce() + Send>;

/// Clients told to come back in this many seconds after a 503.
const RETRY_AFTER_SECS: u64 = 1;

pub struct HashPool {
    turns: Arc<Semaphore>,
    jobs: mpsc::Sender<Job>,
    wait: Duration,
}

impl HashPool {
    /// Starts `threads` (at least one) hashing threads. They end when the
    /// pool is dropped.
    pub fn new(threads: usize, wait: Duration) -> std::io::Result<Self> {
        let threads = threads.max(1);
        return_large_buffers();
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || {
                    loop {
                        // Hold the lock only to take a job, never while running it.
                        let next = queue.lock().unwrap_or_else(|p| p.into_inner()).recv();
                        match next {
                            // A panicking hash must not take the thread with it.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            Err(_) => return, // the pool is gone
                        }
                    }
                })?;
        }
        Ok(HashPool {
            turns: Arc::new(Semaphore::new(threads)),
            jobs,
            wait,
        })
    }

    /// Runs `work` on a hashing thread once a turn is free, or answers
    /// `Busy` when none frees up within the configured wait. At most
    /// `threads` jobs are ever queued, so the channel never grows.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let turn = match tokio::time::timeout(self.wait, self.turns.clone().acquire_owned()).await {
            Ok(Ok(turn)) => turn,
            Ok(Err(closed)) => return Err(AppError::internal("password hashing pool", closed)),
            Err(_) => {
                return Err(AppError::Busy {
                    retry_after_secs: RETRY_AFTER_SECS,
                });
            }
        };
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            // The turn is given back when the work is done, even if the
            // request that asked for it has gone away meanwhile.
            let _ = done.send(work());
            drop(turn);
        });
        self.jobs
            .send(job)
            .map_err(|e| AppError::internal("password hashing pool", e))?;
        result
            .await
            .map_err(|e| AppError::internal("password hashing thread", e))
    }
}

/// Makes glibc serve every allocation of 1 MiB or more with its own `mmap`
/// and unmap it on free. By default glibc raises that threshold to the size
/// of the largest block freed so far, after which Argon2's 19 MiB buffers
/// come from heaps that keep the memory: 40 registrations one at a time on
/// one hashing thread still left 245 MB resident. With a fixed threshold
/// the buffers go back to the OS after each hash (one `mmap` and ~5,000
/// page faults: a millisecond or two next to ~30 ms of Argon2).
/// Process-wide and idempotent; other platforms keep their allocator's way.
fn return_large_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only adjusts allocator tuning; it is thread-safe
        // and takes plain integers.
        let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20) };
        if ok != 1 {
            tracing::warn!("mallopt(M_MMAP_THRESHOLD) refused: hashing memory may stay resident");
        }
    }
}

//! The real `livetodo` binary as a child process on a data directory of the
//! test's choosing, for what an in-process server cannot show: signals
//! (SIGTERM, SIGKILL), exit codes, and restarts on the same SQLite file.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

pub struct ServerProcess {
    pub child: Child,
    pub base: String,
    /// Everything the server logged so far, for failure messages.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl ServerProcess {
    /// Starts the binary on 127.0.0.1:0 with `data_dir`, and waits until it
    /// logs the address it listens on.
    pub fn start(data_dir: &Path, extra: &[(&str, &str)]) -> ServerProcess {
        let mut command = Command::new(env!("CARGO_BIN_EXE_livetodo"));
        command
            // Run from the data directory so no developer's .env is read.
            .current_dir(data_dir)
            .env_remove("DATABASE_URL")
            .env_remove("JWT_SECRET")
            .env("DATA_DIR", data_dir)
            .env("LISTEN_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in extra {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start the livetodo binary");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (found, address) = mpsc::channel();
        for pipe in [
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let (log, found) = (log.clone(), found.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if let Some(at) = line.find("listening on http://") {
                        let rest = &line[at + "listening on ".len()..];
                        let url = rest.split_whitespace().next().unwrap_or_default();
                        let _ = found.send(url.to_owned());
                    }
                    log.lock().unwrap().push(line);
                }
            });
        }
        let base = address
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("server did not start: {:?}", log.lock().unwrap()));
        ServerProcess { child, base, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends SIGTERM, as a service manager does to stop a service.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed");
    }

    /// SIGKILL: the process gets no chance to clean up, like a crash or power cut.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the process to exit, at most `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub fn logged(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Never leave a server behind, whatever the test did.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! The real `jobs-server` binary as a child process, for tests about what only a process shows:
//! its peak memory, and being killed (`kill -9`) and started again on the same database.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `jobs-server` on a free loopback port.
pub struct ServerProcess {
    child: Child,
    pub url: String,
    log: PathBuf,
}

impl ServerProcess {
    /// Starts the binary on `db` with `args` and waits (at most 30 s) until `/health` answers.
    pub async fn start(db: &Path, args: &[&str]) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = db.with_extension(format!("{port}.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_jobs-server"))
            .args(["--addr", &format!("127.0.0.1:{port}"), "--db", db.to_str().unwrap()])
            .args(args)
            .env("RUST_LOG", "warn")
            .env_remove("JOBS_API_KEY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("the server binary starts");
        let mut server = ServerProcess { child, url: format!("http://127.0.0.1:{port}"), log };
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = reqwest::Client::new();
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("jobs-server exited ({status}) at start: {}", server.log());
            }
            if client.get(format!("{}/health", server.url)).send().await.is_ok_and(|r| r.status().is_success()) {
                return server;
            }
            assert!(Instant::now() < deadline, "jobs-server did not answer within 30 s: {}", server.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// What the server wrote to stderr.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: the process ends at once, with no chance to tidy up.
    pub fn kill_9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The process's peak resident memory so far (`VmHWM`), in bytes.
    pub fn peak_memory(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("Linux reports VmHWM");
        let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kib * 1024
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill_9();
    }
}

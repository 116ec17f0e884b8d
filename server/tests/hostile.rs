//! The real `jobs-server` process against hostile clients and a failing machine: silent and slow
//! connections under a small file limit, a stalled body, bodies beyond the memory budget, SIGTERM
//! with a client stuck mid-request, a second server through a symlink, a key in a query, and a
//! disk that fills (a file-size limit of 0 set on the running process) and frees again.
//!
//! Every wait has a generous bound; nothing asserts on how long something took (the figures are
//! `bench/server-hostile.mjs`'s). Limits are set low by flags so that the whole file runs in a
//! few seconds.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A `jobs-server` started by bash, so that `ulimit` can be set first.
struct Server {
    child: Child,
    port: u16,
    /// What the server wrote to stderr: read through a pipe, which a file-size limit does not
    /// touch (a log file would stop growing with the disk "full").
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the binary on `db` (with `ulimit` commands run first) and waits until `/health`
    /// answers.
    fn start(db: &Path, args: &[&str], ulimit: &str) -> Server {
        let server = Server::spawn(db, args, ulimit);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(answer) = try_get(server.port, "/health") {
                assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
                return server;
            }
            assert!(Instant::now() < deadline, "jobs-server did not answer within 30 s: {}", server.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn spawn(db: &Path, args: &[&str], ulimit: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let script = format!("{ulimit}\nexec \"$0\" \"$@\"");
        let child = Command::new("bash")
            .args(["-c", &script, env!("CARGO_BIN_EXE_jobs-server")])
            .args(["--addr", &format!("127.0.0.1:{port}"), "--db", db.to_str().unwrap()])
            .args(args)
            .env("RUST_LOG", "info")
            .env_remove("JOBS_API_KEY")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bash starts the server");
        let log = Arc::new(Mutex::new(String::new()));
        let mut child = child;
        let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while std::io::BufRead::read_line(&mut stderr, &mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Server { child, port, log }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn pid(&self) -> i32 {
        i32::try_from(self.child.id()).unwrap()
    }

    fn signal(&self, signal: i32) {
        // SAFETY: sends a signal to the child this test started.
        assert_eq!(unsafe { libc::kill(self.pid(), signal) }, 0);
    }

    /// Waits (at most `bound`) for the process to exit; `None` if it is still running.
    fn wait_exit(&mut self, bound: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + bound;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        stream
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jobs-server-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A GET on a fresh connection; the whole answer as text, or `None` if there was none within 5 s.
fn try_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    (!answer.is_empty()).then_some(answer)
}

fn post_json(port: u16, path: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

fn body_of(answer: &str) -> serde_json::Value {
    serde_json::from_str(answer.split_once("\r\n\r\n").map_or("", |(_, body)| body)).unwrap_or_default()
}

/// What the server sends before closing `stream` (empty when it closes without a word).
fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn health_answers_while_more_silent_connections_are_open_than_the_file_limit_allows() {
    let dir = temp_dir("silent");
    let server = Server::start(&dir.join("jobs.db"), &[], "ulimit -n 256");
    let silent: Vec<TcpStream> = (0..300).map(|_| server.connect()).collect();
    let answer = try_get(server.port, "/health").expect("/health answers");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(!server.log().contains("Too many open files"), "{}", server.log());
    drop(silent);
}

#[test]
fn a_request_head_cut_off_and_an_idle_connection_are_closed_after_the_head_timeout() {
    let dir = temp_dir("head");
    let server = Server::start(&dir.join("jobs.db"), &["--head-timeout", "0.5"], "");
    let mut cut_off = server.connect();
    cut_off.write_all(b"GET /hea").unwrap();
    let mut idle = server.connect();
    read_until_closed(&mut cut_off);
    read_until_closed(&mut idle);
    // A kept-alive connection, once answered, is idle too.
    let mut kept = server.connect();
    write!(kept, "GET /health HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.port).unwrap();
    let answer = read_until_closed(&mut kept);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn a_stalled_body_is_answered_408_and_bodies_beyond_the_memory_budget_503_with_retry_after() {
    let dir = temp_dir("bodies");
    let args = ["--body-timeout", "1", "--body-memory", "1"];
    let server = Server::start(&dir.join("jobs.db"), &args, "");
    let head = |length: usize| {
        format!(
            "POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n",
            server.port
        )
    };
    // 600 KiB of a 2 MiB body, then nothing: it holds more than half the 1 MiB budget while it
    // stalls, so a second such body does not fit.
    let mut stalled = server.connect();
    stalled.write_all(head(2 * 1024 * 1024).as_bytes()).unwrap();
    stalled.write_all(&vec![b' '; 600 * 1024]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let mut second = server.connect();
    second.write_all(head(2 * 1024 * 1024).as_bytes()).unwrap();
    let _ = second.write_all(&vec![b' '; 600 * 1024]);
    let refused = read_until_closed(&mut second);
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");
    assert!(refused.to_ascii_lowercase().contains("retry-after: 5"), "{refused}");
    assert!(body_of(&refused)["detail"].as_str().unwrap().contains("in a few seconds"), "{refused}");
    let timed_out = read_until_closed(&mut stalled);
    assert!(timed_out.starts_with("HTTP/1.1 408"), "{timed_out}");
    assert!(body_of(&timed_out)["detail"].as_str().unwrap().contains("too slowly"), "{timed_out}");
    // The budget is back: a whole body goes through.
    let accepted = post_json(server.port, "/jobs", r#"{"job_type": "dummy", "params": {"duration_s": 0}}"#);
    assert!(accepted.starts_with("HTTP/1.1 202"), "{accepted}");
}

#[test]
fn sigterm_exits_after_the_grace_whatever_a_client_does_and_a_restart_gets_the_database() {
    let dir = temp_dir("sigterm");
    let db = dir.join("jobs.db");
    let mut server = Server::start(&db, &["--shutdown-grace", "1"], "");
    let mut stuck = server.connect();
    stuck.write_all(b"GET /hea").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    server.signal(libc::SIGTERM);
    let status = server.wait_exit(Duration::from_secs(20)).expect("the server exits after SIGTERM");
    assert!(status.success(), "{status}: {}", server.log());
    assert!(server.log().contains("shutdown grace over"), "{}", server.log());
    let again = Server::start(&db, &[], "");
    assert!(try_get(again.port, "/jobs").unwrap().starts_with("HTTP/1.1 200"));
    drop(stuck);
}

#[test]
fn a_second_server_through_a_symlink_or_after_the_lock_file_is_deleted_is_refused_and_told_the_owner() {
    let dir = temp_dir("owner");
    let db = dir.join("jobs.db");
    let first = Server::start(&db, &[], "");
    let link = dir.join("link.db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let _ = std::fs::remove_file(dir.join("jobs.db.lock"));
    for path in [&link, &db] {
        let mut second = Server::spawn(path, &[], "");
        let status = second.wait_exit(Duration::from_secs(20)).expect("the second server stops");
        assert!(!status.success());
        let log = second.log();
        assert!(log.contains("in use by another jobs-server"), "{log}");
        assert!(log.contains(&format!("process {}", first.pid())), "{log}");
    }
    assert!(try_get(first.port, "/health").unwrap().starts_with("HTTP/1.1 200"));
}

#[test]
fn a_key_in_a_query_is_never_logged_and_a_long_query_is_cut() {
    let dir = temp_dir("log");
    let server = Server::start(&dir.join("jobs.db"), &[], "");
    let answer = try_get(server.port, "/jobs?api_key=hunter2-secret-key&limit=5").unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    try_get(server.port, &format!("/jobs?job_type={}", "q".repeat(60_000))).unwrap();
    try_get(server.port, "/health").unwrap();
    let log = server.log();
    assert!(!log.contains("hunter2"), "{log}");
    assert!(log.contains("api_key=[redacted]&limit=5"), "{log}");
    assert!(!log.contains(&"q".repeat(300)), "a 60 KB query logged whole");
}

/// Sets the running server's file-size limit (`RLIMIT_FSIZE`): 0 makes every write fail as a
/// full disk does ("database or disk is full"; SIGXFSZ is ignored).
fn set_file_size_limit(pid: i32, limit: libc::rlim_t) {
    let new = libc::rlimit { rlim_cur: limit, rlim_max: libc::RLIM_INFINITY };
    // SAFETY: prlimit reads `new` and writes nothing back (the old limit is not asked for).
    let done = unsafe { libc::prlimit(pid, libc::RLIMIT_FSIZE, &new, std::ptr::null_mut()) };
    assert_eq!(done, 0, "prlimit: {}", std::io::Error::last_os_error());
}

#[test]
fn jobs_whose_outcome_could_not_be_saved_on_a_full_disk_complete_once_it_frees() {
    let dir = temp_dir("full");
    let server = Server::start(&dir.join("jobs.db"), &["--workers", "3"], "");
    let ids: Vec<String> = (0..3)
        .map(|_| {
            let answer = post_json(server.port, "/jobs", r#"{"job_type": "dummy", "params": {"duration_s": 1.5}}"#);
            body_of(&answer)["job_id"].as_str().unwrap().to_owned()
        })
        .collect();
    let status_of = |id: &str| body_of(&try_get(server.port, &format!("/jobs/{id}")).unwrap())["status"].clone();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ids.iter().all(|id| status_of(id) == "processing") {
        assert!(Instant::now() < deadline, "the jobs did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    set_file_size_limit(server.pid(), 0);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !server.log().contains("cannot record how the job ended; trying again") {
        assert!(Instant::now() < deadline, "no save failed: {}", server.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(ids.iter().all(|id| status_of(id) == "processing"), "the jobs wait for the disk");
    set_file_size_limit(server.pid(), libc::RLIM_INFINITY);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ids.iter().all(|id| status_of(id) == "completed") {
        assert!(Instant::now() < deadline, "the jobs were not completed once the disk freed: {}", server.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(try_get(server.port, "/health").unwrap().starts_with("HTTP/1.1 200"), "the process survived");
}

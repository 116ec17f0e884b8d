//! A crash with callbacks pending: the real server binary delivers, after a restart on the same
//! database, the callbacks it had not delivered when it was killed (`kill -9`).
//! Every wait has a generous bound; nothing asserts on how long something took.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{json, Value};

/// The server binary on a free loopback port, calling back to private addresses (the receiver
/// is on loopback).
fn start_server(db: &str, port: u16, log: &std::path::Path) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_jobs-server"))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--db", db, "--workers", "2", "--callbacks-allow-private"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .expect("the server binary starts");
    Server(child)
}

/// The server process, killed (`kill -9`) when dropped, so that a failing test leaves none behind.
struct Server(Child);

impl Server {
    fn kill_9(&mut self) {
        let _ = self.0.kill(); // SIGKILL: no shutdown, nothing written beyond what SQLite committed
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill_9();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn wait_until_up(client: &reqwest::Client, base: &str) {
    for _ in 0..400 {
        if client.get(format!("{base}/health")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server at {base} did not start within 20 s");
}

/// Polls until `done` holds; panics after 20 s with what was last seen.
async fn eventually<F, Fut>(what: &str, done: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let mut last = String::new();
    for _ in 0..400 {
        match done().await {
            Ok(()) => return,
            Err(seen) => last = seen,
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not happen within 20 s; last seen: {last}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callbacks_pending_at_a_kill_9_are_delivered_after_the_restart_with_the_same_delivery_id() {
    // The receiver takes each callback and, while "down", never answers: the server's attempts
    // are in flight, and the callbacks pending, when it is killed.
    let up = Arc::new(AtomicBool::new(false));
    let delivered = Arc::new(Mutex::new(Vec::<Value>::new()));
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    // Every call as it arrives: the job, X-Delivery-Id and X-Delivery-Attempt.
    let headers_seen = Arc::new(Mutex::new(Vec::<(String, String, String)>::new()));
    let hook = {
        let (up, delivered, calls, headers_seen) = (up.clone(), delivered.clone(), calls.clone(), headers_seen.clone());
        axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::Json<Value>| {
            let (up, delivered) = (up.clone(), delivered.clone());
            let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            let job_id = body.0["job_id"].as_str().unwrap_or("").to_owned();
            headers_seen.lock().unwrap().push((job_id, header("x-delivery-id"), header("x-delivery-attempt")));
            calls.fetch_add(1, Ordering::SeqCst);
            async move {
                if !up.load(Ordering::SeqCst) {
                    std::future::pending::<()>().await;
                }
                delivered.lock().unwrap().push(body.0);
                StatusCode::NO_CONTENT
            }
        })
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook_url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().route("/hook", hook)).await });

    let dir = std::env::temp_dir().join(format!("jobs-server-crash-callbacks-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("jobs.db").to_string_lossy().into_owned();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();

    let mut server = start_server(&db, port, &dir.join("first.log"));
    wait_until_up(&client, &base).await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let body =
            json!({"job_type": "dummy", "callback_url": hook_url, "metadata": {"n": n}, "params": {"duration_s": 0}});
        let answer = client.post(format!("{base}/jobs")).json(&body).send().await.unwrap();
        assert_eq!(answer.status(), 202);
        ids.push(answer.json::<Value>().await.unwrap()["job_id"].as_str().unwrap().to_owned());
    }
    eventually("three callback attempts in flight", || async {
        let seen = calls.load(Ordering::SeqCst);
        if seen >= 3 {
            Ok(())
        } else {
            Err(format!("{seen} calls"))
        }
    })
    .await;
    for id in &ids {
        let metadata: Value =
            client.get(format!("{base}/jobs/{id}/metadata")).send().await.unwrap().json().await.unwrap();
        assert_eq!(metadata["callback"]["state"], "pending", "{metadata}");
    }
    server.kill_9();
    assert!(delivered.lock().unwrap().is_empty());

    up.store(true, Ordering::SeqCst);
    let mut server = start_server(&db, port, &dir.join("second.log"));
    wait_until_up(&client, &base).await;
    eventually("every callback delivered after the restart", || async {
        let mut states = Vec::new();
        for id in &ids {
            let metadata: Value =
                client.get(format!("{base}/jobs/{id}/metadata")).send().await.unwrap().json().await.unwrap();
            states.push(metadata["callback"]["state"].clone());
        }
        if states.iter().all(|s| s == "delivered") {
            Ok(())
        } else {
            Err(format!("{states:?}"))
        }
    })
    .await;
    let delivered = delivered.lock().unwrap().clone();
    let mut got: Vec<&str> = delivered.iter().map(|job| job["job_id"].as_str().unwrap()).collect();
    got.sort_unstable();
    let mut want: Vec<&str> = ids.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(got, want, "each job's callback delivered once");
    assert!(delivered.iter().all(|job| job["status"] == "completed" && job["is_terminal"] == true));

    // At least once: the attempt cut off by the kill is sent again, with the same delivery id
    // (so the receiver can drop a repeat), as attempt 2, and the metadata counts both.
    let headers_seen = headers_seen.lock().unwrap().clone();
    for id in &ids {
        let calls: Vec<_> = headers_seen.iter().filter(|(job, _, _)| job == id).collect();
        assert_eq!(calls.len(), 2, "{calls:?}");
        assert!(!calls[0].1.is_empty() && calls[0].1 == calls[1].1, "one delivery id across the restart: {calls:?}");
        assert_eq!((calls[0].2.as_str(), calls[1].2.as_str()), ("1", "2"), "{calls:?}");
        let metadata: Value =
            client.get(format!("{base}/jobs/{id}/metadata")).send().await.unwrap().json().await.unwrap();
        assert_eq!(metadata["callback"]["attempts"], 2, "the attempt cut off by the crash is counted: {metadata}");
    }
    server.kill_9();
    let _ = std::fs::remove_dir_all(dir);
}

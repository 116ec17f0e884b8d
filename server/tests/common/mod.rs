//! What the handler tests share: a server without a port, requests, and waiting for a job.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use jobs_server::callback::CallbackPolicy;
use jobs_server::{app, AppState, Config};
use serde_json::Value;
use tower::ServiceExt;

/// A server with its jobs in memory and `workers` workers.
pub fn server(workers: usize) -> (Router, AppState) {
    server_with(Config { workers, ..test_config() })
}

pub fn server_with(config: Config) -> (Router, AppState) {
    let state = AppState::open(&config).expect("the store opens");
    (app(state.clone()), state)
}

pub fn test_config() -> Config {
    Config {
        callbacks: CallbackPolicy {
            attempts: 3,
            timeout: Duration::from_secs(5),
            backoff: Duration::from_millis(50),
            allow_private: true,
            ..CallbackPolicy::default()
        },
        ..Config::in_memory()
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Answer { status, headers, body }
}

pub async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub async fn post_json(app: &Router, uri: &str, body: impl Into<String>) -> Answer {
    let request = Request::post(uri).header("content-type", "application/json").body(Body::from(body.into())).unwrap();
    send(app, request).await
}

/// Submits a job and returns its id.
pub async fn submit(app: &Router, body: Value) -> String {
    let answer = post_json(app, "/jobs", body.to_string()).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", String::from_utf8_lossy(&answer.body));
    answer.json()["job_id"].as_str().unwrap().to_owned()
}

pub async fn job(app: &Router, job_id: &str) -> Value {
    let answer = get(app, &format!("/jobs/{job_id}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.json()
}

/// Polls the job until `done` holds; panics after 20 s (a bound for a stuck test, not a measurement).
pub async fn wait_for(app: &Router, job_id: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..2000 {
        let job = job(app, job_id).await;
        if done(&job) {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("job {job_id} never became {what}: {}", job(app, job_id).await);
}

pub async fn wait_for_status(app: &Router, job_id: &str, status: &str) -> Value {
    wait_for(app, job_id, status, |job| job["status"] == status).await
}

/// A fresh folder under the system's temporary folder.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jobs-server-test-{name}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

//! Callbacks against real HTTP receivers on loopback: delivery and retries, refusal of local
//! addresses by default (visible in the job's metadata), no redirects, bounded concurrency.
//! Every wait has a generous bound; nothing asserts on how long something took.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use common::*;
use jobs_server::callback::CallbackPolicy;
use jobs_server::Config;
use serde_json::{json, Value};

/// A receiver on a loopback port: `answer(n)` is the answer to its n-th call (from 0).
async fn receiver<F, R>(answer: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(usize) -> R + Clone + Send + Sync + 'static,
    R: IntoResponse + Send + 'static,
{
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let hook = axum::routing::post(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        let answer = answer.clone();
        async move { answer(n) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, Router::new().route("/hook", hook)).await });
    (format!("http://{addr}/hook"), calls)
}

fn fast(policy: CallbackPolicy) -> Config {
    Config {
        workers: 2,
        callbacks: CallbackPolicy { timeout: Duration::from_secs(5), backoff: Duration::from_millis(50), ..policy },
        ..Config::in_memory()
    }
}

async fn metadata(app: &Router, id: &str) -> Value {
    get(app, &format!("/jobs/{id}/metadata")).await.json()
}

/// Polls the job's metadata until its callback is in `state`; panics after 20 s.
async fn wait_for_callback(app: &Router, id: &str, state: &str) -> Value {
    for _ in 0..2000 {
        let metadata = metadata(app, id).await;
        if metadata["callback"]["state"] == state {
            return metadata["callback"].clone();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the callback of {id} never became {state}: {}", metadata(app, id).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_delivered_on_its_second_attempt_shows_both_in_the_metadata() {
    let (url, calls) =
        receiver(|n| if n == 0 { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::NO_CONTENT }).await;
    let (app, _state) = server_with(fast(CallbackPolicy { allow_private: true, ..CallbackPolicy::default() }));
    let id = submit(
        &app,
        json!({"job_type": "dummy", "callback_url": url, "metadata": {"tag": "a"}, "params": {"duration_s": 0}}),
    )
    .await;
    let callback = wait_for_callback(&app, &id, "delivered").await;
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(callback["attempts"], 2);
    assert!(callback["last_error"].as_str().unwrap().contains("503 Service Unavailable"), "{callback}");
    assert!(callback["delivered_at"].is_string() && callback["next_attempt_at"].is_null(), "{callback}");
    // What the status page and clients already read is still there.
    let metadata = metadata(&app, &id).await;
    assert_eq!((metadata["tag"].as_str(), metadata["intermediate_results"].is_array()), (Some("a"), true));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loopback_receiver_is_refused_by_default_and_the_job_says_why() {
    let (url, calls) = receiver(|_| StatusCode::NO_CONTENT).await;
    let by_name = url.replace("127.0.0.1", "localhost");
    let (app, _state) = server_with(fast(CallbackPolicy::default()));
    let by_address = submit(&app, json!({"job_type": "dummy", "callback_url": url, "params": {"duration_s": 0}})).await;
    let by_name =
        submit(&app, json!({"job_type": "dummy", "callback_url": by_name, "params": {"duration_s": 0}})).await;
    let refused = wait_for_callback(&app, &by_address, "refused").await;
    let error = refused["last_error"].as_str().unwrap();
    assert!(error.starts_with("Not sent: 127.0.0.1 is a loopback address"), "{error}");
    assert!(error.contains("--callbacks-allow-private"), "{error}");
    let refused = wait_for_callback(&app, &by_name, "refused").await;
    let error = refused["last_error"].as_str().unwrap();
    assert!(error.contains("localhost resolves to"), "{error}");
    assert_eq!(refused["attempts"], 1, "a refusal is final: {refused}");
    assert_eq!(calls.load(Ordering::SeqCst), 0, "the receiver was never called");
    assert_eq!(job(&app, &by_address).await["status"], "completed", "the job itself is not affected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_is_not_followed_and_counts_as_a_failed_attempt() {
    let (elsewhere, elsewhere_calls) = receiver(|_| StatusCode::NO_CONTENT).await;
    let location = format!("{elsewhere}?token=secret");
    let (url, calls) = receiver(move |_| (StatusCode::FOUND, [(header::LOCATION, location.clone())])).await;
    let (app, _state) = server_with(fast(CallbackPolicy { allow_private: true, ..CallbackPolicy::default() }));
    let id = submit(&app, json!({"job_type": "dummy", "callback_url": url, "params": {"duration_s": 0}})).await;
    let failed = wait_for_callback(&app, &id, "failed").await;
    assert_eq!((failed["attempts"].as_i64(), calls.load(Ordering::SeqCst)), (Some(3), 3));
    assert_eq!(elsewhere_calls.load(Ordering::SeqCst), 0, "the redirect's target was never called");
    let error = failed["last_error"].as_str().unwrap();
    assert!(error.contains("302 Found") && error.contains("redirects are not followed"), "{error}");
    assert!(!error.contains("secret"), "the location's query is not shown: {error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_more_callbacks_than_the_limit_are_delivered_at_once() {
    let now = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (in_flight, peak) = (now.clone(), most.clone());
    let hook = axum::routing::post(move || {
        let (in_flight, peak) = (in_flight.clone(), peak.clone());
        async move {
            let current = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(current, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(100)).await;
            in_flight.fetch_sub(1, Ordering::SeqCst);
            StatusCode::NO_CONTENT
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, Router::new().route("/hook", hook)).await });
    let policy = CallbackPolicy { allow_private: true, concurrency: 2, ..CallbackPolicy::default() };
    let (app, _state) = server_with(Config { workers: 0, ..fast(policy) });
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(submit(&app, json!({"job_type": "dummy", "callback_url": url, "params": {}})).await);
    }
    // Six jobs end at once (canceled), so six callbacks are due together.
    for id in &ids {
        post_json(&app, &format!("/jobs/{id}/cancel"), "{}").await;
    }
    for id in &ids {
        wait_for_callback(&app, id, "delivered").await;
    }
    assert!(most.load(Ordering::SeqCst) <= 2, "at most 2 at once, saw {}", most.load(Ordering::SeqCst));
}

#[tokio::test]
async fn a_callback_is_scheduled_until_its_job_ends_and_a_job_without_one_has_no_member() {
    let (app, _state) = server_with(fast(CallbackPolicy::default()));
    let (app0, _state0) = server_with(Config { workers: 0, ..fast(CallbackPolicy::default()) });
    let waiting =
        submit(&app0, json!({"job_type": "dummy", "callback_url": "https://hooks.example/x", "params": {}})).await;
    assert_eq!(
        metadata(&app0, &waiting).await["callback"],
        json!({"state": "scheduled", "attempts": 0, "last_error": null, "next_attempt_at": null, "delivered_at": null})
    );
    let plain = submit(&app, json!({"job_type": "dummy", "params": {"duration_s": 0}})).await;
    wait_for_status(&app, &plain, "completed").await;
    let metadata = metadata(&app, &plain).await;
    assert!(metadata.get("callback").is_none(), "{metadata}");
}

#[tokio::test]
async fn with_callbacks_off_every_callback_is_refused_and_says_so() {
    let (url, calls) = receiver(|_| StatusCode::NO_CONTENT).await;
    let policy = CallbackPolicy { allow_private: true, enabled: false, ..CallbackPolicy::default() };
    let (app, _state) = server_with(fast(policy));
    let id = submit(&app, json!({"job_type": "dummy", "callback_url": url, "params": {"duration_s": 0}})).await;
    let refused = wait_for_callback(&app, &id, "refused").await;
    assert!(refused["last_error"].as_str().unwrap().contains("--no-callbacks"), "{refused}");
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

//! Jobs through their lives: the queue's order, cancel, waiting for children, steering,
//! callbacks, and a restart. Every wait has a generous bound; nothing asserts on how long
//! something took.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::http::StatusCode;
use axum::routing::post;
use common::*;
use jobs_server::Config;
use serde_json::{json, Value};

#[tokio::test]
async fn a_job_runs_to_completed_with_timestamps_compute_time_and_a_result() {
    let (app, _state) = server(1);
    let id = submit(&app, json!({"job_type": "simulate", "params": {"duration_s": 0.05, "steps": 2}})).await;
    let job = wait_for_status(&app, &id, "completed").await;
    assert_eq!((job["is_terminal"].as_bool(), job["is_failed"].as_bool()), (Some(true), Some(false)));
    for field in ["started_at", "completed_at", "updated_at"] {
        assert!(job[field].is_string(), "{field}: {job}");
    }
    assert!(job["compute_time"].as_f64().unwrap() > 0.0);
    assert_eq!(job["result"]["simulated"], true);
    assert!(job["result"]["solution"]["Voltage [V]"].is_array());
    let metadata = get(&app, &format!("/jobs/{id}/metadata")).await.json();
    let trace = metadata["intermediate_results"].as_array().unwrap();
    assert_eq!(trace.len(), 2);
    assert_eq!(trace[1]["iteration"], 2);
    assert!(trace[1]["best_cost"].as_f64() <= trace[0]["best_cost"].as_f64());
}

#[tokio::test]
async fn intermediate_results_grow_while_a_job_runs() {
    let (app, _state) = server(1);
    let id =
        submit(&app, json!({"job_type": "datafit", "params": {"duration_s": 2, "steps": 4}, "metadata": {"run": "x"}}))
            .await;
    let mut seen = Vec::new();
    for _ in 0..2000 {
        let metadata = get(&app, &format!("/jobs/{id}/metadata")).await.json();
        assert_eq!(metadata["run"], "x");
        let n = metadata["intermediate_results"].as_array().unwrap().len();
        if seen.last() != Some(&n) {
            seen.push(n);
        }
        if n == 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(seen.len() >= 3 && seen.ends_with(&[4]), "the trace grew step by step: {seen:?}");
    wait_for_status(&app, &id, "completed").await;
}

#[tokio::test]
async fn jobs_run_by_priority_then_in_order_of_arrival() {
    let (app, _state) = server(1);
    let blocker = submit(&app, json!({"job_type": "dummy", "params": {"duration_s": 0.5, "steps": 0}})).await;
    wait_for_status(&app, &blocker, "processing").await;
    let mut submitted = Vec::new();
    for (n, priority) in [0, 5, 10, 5, 0, 10, 7].into_iter().enumerate() {
        let id =
            submit(&app, json!({"job_type": "dummy", "priority": priority, "params": {"duration_s": 0, "n": n}})).await;
        submitted.push((id, priority, n));
    }
    let mut finished = Vec::new();
    for (id, priority, n) in &submitted {
        let job = wait_for_status(&app, id, "completed").await;
        finished.push((job["started_at"].as_str().unwrap().to_owned(), *priority, *n));
    }
    finished.sort();
    let order: Vec<(i32, usize)> = finished.iter().map(|(_, p, n)| (*p, *n)).collect();
    assert_eq!(order, [(10, 2), (10, 5), (7, 6), (5, 1), (5, 3), (0, 0), (0, 4)]);
}

#[tokio::test]
async fn canceling_a_processing_job_frees_its_worker_at_once() {
    let (app, _state) = server(1);
    let long = submit(&app, json!({"job_type": "optimize", "params": {"duration_s": 600, "steps": 2}})).await;
    wait_for_status(&app, &long, "processing").await;
    let answer = post_json(&app, &format!("/jobs/{long}/cancel"), "{}").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["status"], "canceled");
    assert!(answer.json()["compute_time"].as_f64().is_some());
    // The only worker must be free: a 600 s job still running would keep this one pending.
    let next = submit(&app, json!({"job_type": "dummy", "params": {"duration_s": 0}})).await;
    wait_for_status(&app, &next, "completed").await;
    assert_eq!(job(&app, &long).await["status"], "canceled", "a canceled job stays canceled");
}

#[tokio::test]
async fn a_parent_waits_for_its_children_and_completes_when_they_end() {
    let (app, _state) = server(2);
    let parent = submit(&app, json!({"job_type": "simple_pipeline", "params": {"duration_s": 0.1, "steps": 0}})).await;
    let child = submit(
        &app,
        json!({"job_type": "simulate", "parent_job_id": parent, "params": {"duration_s": 1.5, "steps": 0}}),
    )
    .await;
    let waiting = wait_for_status(&app, &parent, "waiting").await;
    assert_eq!((waiting["is_terminal"].as_bool(), waiting["completed_at"].is_null()), (Some(false), true));
    assert!(waiting["result"].is_object());
    let child = wait_for_status(&app, &child, "completed").await;
    let parent = wait_for_status(&app, &parent, "completed").await;
    assert!(parent["completed_at"].as_str() >= child["completed_at"].as_str());
}

#[tokio::test]
async fn a_waiting_parent_can_be_canceled_and_then_has_no_result_or_compute_time() {
    let (app, _state) = server(2);
    let parent = submit(&app, json!({"job_type": "dummy", "params": {"duration_s": 0, "steps": 0}})).await;
    submit(&app, json!({"job_type": "dummy", "parent_job_id": parent, "params": {"duration_s": 600}})).await;
    let waiting = wait_for_status(&app, &parent, "waiting").await;
    assert!(waiting["result"].is_object());
    let answer = post_json(&app, &format!("/jobs/{parent}/cancel"), "{}").await.json();
    assert_eq!(answer["status"], "canceled");
    assert!(answer["result"].is_null() && answer["compute_time"].is_null(), "{answer}");
    let stored = job(&app, &parent).await;
    assert!(stored["result"].is_null() && stored["compute_time"].is_null(), "{stored}");
}

#[tokio::test]
async fn fail_with_fails_the_job_with_that_code_a_sentence_and_a_detail() {
    let (app, _state) = server(1);
    let id =
        submit(&app, json!({"job_type": "ecm_fit", "params": {"duration_s": 0, "fail_with": "SOLVER_ERROR"}})).await;
    let job = wait_for_status(&app, &id, "failed").await;
    assert_eq!((job["is_terminal"].as_bool(), job["is_failed"].as_bool()), (Some(true), Some(true)));
    assert_eq!(job["error_code"], "SOLVER_ERROR");
    assert!(job["error"].as_str().unwrap().contains("fail_with"));
    assert_eq!(job["error_detail"]["code"], "SOLVER_ERROR");
    assert!(job["result"].is_null());
}

#[tokio::test]
async fn a_bad_steering_value_fails_the_job_with_configuration_error() {
    let (app, _state) = server(1);
    let id = submit(&app, json!({"job_type": "dummy", "params": {"fail_with": "NOPE"}})).await;
    let job = wait_for_status(&app, &id, "failed").await;
    assert_eq!(job["error_code"], "CONFIGURATION_ERROR");
    let error = job["error"].as_str().unwrap();
    assert!(error.contains("params.fail_with") && error.contains("MODEL_ERROR"), "{error}");
    assert_eq!(job["error_detail"]["param"], "fail_with");
}

#[tokio::test]
async fn a_given_result_is_returned_as_the_jobs_result() {
    let (app, _state) = server(1);
    let id =
        submit(&app, json!({"job_type": "dummy", "params": {"duration_s": 0, "result": {"capacity_Ah": 5.1}}})).await;
    assert_eq!(wait_for_status(&app, &id, "completed").await["result"], json!({"capacity_Ah": 5.1}));
}

/// A webhook receiver on a loopback port that refuses its first call.
async fn receiver() -> (String, Arc<AtomicUsize>, tokio::sync::mpsc::UnboundedReceiver<Value>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let (deliveries, inbox) = tokio::sync::mpsc::unbounded_channel();
    let counter = calls.clone();
    let hook = post(move |body: axum::Json<Value>| {
        let counter = counter.clone();
        let deliveries = deliveries.clone();
        async move {
            if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                return StatusCode::SERVICE_UNAVAILABLE;
            }
            let _ = deliveries.send(body.0);
            StatusCode::NO_CONTENT
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().route("/hook", hook)).await });
    (format!("http://{addr}/hook"), calls, inbox)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_reaches_its_receiver_after_a_refused_first_attempt() {
    let (url, calls, mut inbox) = receiver().await;
    let (app, _state) = server(1);
    let id = submit(&app, json!({"job_type": "dummy", "callback_url": url, "params": {"duration_s": 0}})).await;
    let delivered = tokio::time::timeout(std::time::Duration::from_secs(20), inbox.recv()).await.unwrap().unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2, "one refused attempt, then one delivered");
    assert_eq!(delivered["job_id"], json!(id));
    assert_eq!((delivered["status"].as_str(), delivered["is_terminal"].as_bool()), (Some("completed"), Some(true)));
    let parsed: jobs_core::JobResponse = serde_json::from_value(delivered).unwrap();
    assert_eq!(parsed.callback_url.as_deref(), Some(url.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_canceled_job_calls_back_too() {
    let (url, _calls, mut inbox) = receiver().await;
    let (app, _state) = server(0);
    let id = submit(&app, json!({"job_type": "dummy", "callback_url": url, "params": {}})).await;
    post_json(&app, &format!("/jobs/{id}/cancel"), "{}").await;
    let delivered = tokio::time::timeout(std::time::Duration::from_secs(20), inbox.recv()).await.unwrap().unwrap();
    assert_eq!((delivered["job_id"].as_str(), delivered["status"].as_str()), (Some(id.as_str()), Some("canceled")));
}

#[tokio::test]
async fn a_restart_keeps_jobs_and_requeues_the_processing_ones_in_their_place() {
    let dir = temp_dir("restart");
    let db = dir.join("jobs.db").to_string_lossy().into_owned();
    let config = Config { db: db.clone(), workers: 1, ..test_config() };
    let (first, state) = server_with(config.clone());
    let done = submit(&first, json!({"job_type": "dummy", "params": {"duration_s": 0}})).await;
    wait_for_status(&first, &done, "completed").await;
    let running = submit(&first, json!({"job_type": "datafit", "priority": 4, "params": {"duration_s": 600}})).await;
    wait_for_status(&first, &running, "processing").await;
    let queued = submit(&first, json!({"job_type": "simulate", "priority": 4, "params": {"duration_s": 600}})).await;
    let before = job(&first, &done).await;
    // The process "dies": workers stop where they are, the app goes away.
    state.scheduler.stop_workers().await;
    drop((first, state));

    let (second, second_state) = server_with(Config { workers: 0, ..config.clone() });
    assert_eq!(job(&second, &done).await, before, "an ended job is kept as it was");
    let requeued = job(&second, &running).await;
    assert_eq!(requeued["status"], "pending");
    assert!(requeued["started_at"].is_null());
    assert_eq!(requeued["priority"], 4);
    assert_eq!(get(&second, "/jobs").await.header("x-total-count"), "3");
    // A server's tasks hold its database until they stop (one server per database).
    second_state.scheduler.stop_workers().await;
    drop((second, second_state));

    // With a worker again, the requeued job runs before the one queued after it.
    let (third, _state) = server_with(config);
    wait_for_status(&third, &running, "processing").await;
    assert_eq!(job(&third, &queued).await["status"], "pending");
    let _ = std::fs::remove_dir_all(dir);
}

//! `kill -9` and a restart on the same database, with the real binary: a job that got its 202
//! is never lost, and a job killed while processing runs again. Every wait has a generous bound;
//! nothing asserts on how long anything took.

mod common;
mod process;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use process::ServerProcess;
use serde_json::Value;

async fn job(client: &reqwest::Client, url: &str, id: &str) -> Option<Value> {
    let answer = client.get(format!("{url}/jobs/{id}")).send().await.ok()?;
    if answer.status() != 200 {
        return None;
    }
    answer.json().await.ok()
}

/// Polls until every job in `ids` is terminal; returns those that are not, after `bound`.
async fn wait_terminal(client: &reqwest::Client, url: &str, ids: &[String], bound: Duration) -> Vec<String> {
    let deadline = Instant::now() + bound;
    let mut open: Vec<String> = ids.to_vec();
    while !open.is_empty() && Instant::now() < deadline {
        let mut still = Vec::new();
        for id in open {
            match job(client, url, &id).await {
                Some(j) if j["is_terminal"] == true => {}
                _ => still.push(id),
            }
        }
        open = still;
        if !open.is_empty() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    open
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_job_that_got_a_202_survives_a_kill_9_mid_burst_and_ends() {
    let dir = common::temp_dir("crash-burst");
    let db = dir.join("jobs.db");
    let mut server = ServerProcess::start(&db, &["--workers", "4"]).await;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let accepted = Arc::new(Mutex::new(Vec::<String>::new()));
    let answered = Arc::new(AtomicUsize::new(0));
    let next = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..16)
        .map(|_| {
            let (client, url, accepted, answered, next) =
                (client.clone(), server.url.clone(), accepted.clone(), answered.clone(), next.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::SeqCst) < 1000 {
                    let sent = client
                        .post(format!("{url}/jobs"))
                        .header("content-type", "application/json")
                        .body(r#"{"job_type":"dummy","params":{"duration_s":0.01,"steps":0}}"#)
                        .send()
                        .await;
                    let Ok(answer) = sent else { return };
                    if answer.status() == 202 {
                        if let Ok(body) = answer.json::<Value>().await {
                            accepted.lock().unwrap().push(body["job_id"].as_str().unwrap().to_owned());
                        }
                    }
                    answered.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    // Killed mid-burst: once a few hundred have been answered, with the rest still coming.
    let deadline = Instant::now() + Duration::from_secs(60);
    while answered.load(Ordering::SeqCst) < 300 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill_9();
    for c in clients {
        let _ = c.await;
    }
    let accepted = accepted.lock().unwrap().clone();
    assert!(accepted.len() >= 300 && accepted.len() < 1000, "killed mid-burst: {} accepted", accepted.len());

    let server = ServerProcess::start(&db, &["--workers", "4"]).await;
    let unended = wait_terminal(&client, &server.url, &accepted, Duration::from_secs(120)).await;
    assert!(
        unended.is_empty(),
        "{} of {} accepted jobs missing or not ended: {:?}",
        unended.len(),
        accepted.len(),
        &unended[..unended.len().min(5)]
    );
    let listed: Value = client.get(format!("{}/jobs?limit=1", server.url)).send().await.unwrap().json().await.unwrap();
    assert!(listed.as_array().is_some());
    let ids: HashSet<&String> = accepted.iter().collect();
    assert_eq!(ids.len(), accepted.len(), "every 202 named a job of its own");
    println!(
        "kill -9 after {} answers: {} jobs had a 202; all stored and ended after the restart",
        300,
        accepted.len()
    );
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_killed_while_processing_is_queued_again_and_finishes() {
    let dir = common::temp_dir("crash-processing");
    let db = dir.join("jobs.db");
    let mut server = ServerProcess::start(&db, &["--workers", "1"]).await;
    let client = reqwest::Client::new();
    let body = r#"{"job_type":"simulate","params":{"duration_s":2,"steps":2,"result":{"ok":true}}}"#;
    let submitted: Value = client
        .post(format!("{}/jobs", server.url))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = submitted["job_id"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let j = job(&client, &server.url, &id).await.expect("the job is there");
        if j["status"] == "processing" {
            break;
        }
        assert!(Instant::now() < deadline, "the job never started: {j}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill_9();

    let server = ServerProcess::start(&db, &["--workers", "1"]).await;
    let unended = wait_terminal(&client, &server.url, std::slice::from_ref(&id), Duration::from_secs(60)).await;
    assert!(unended.is_empty(), "the job killed while processing never finished");
    let j = job(&client, &server.url, &id).await.unwrap();
    assert_eq!((j["status"].as_str(), &j["result"]), (Some("completed"), &serde_json::json!({"ok": true})), "{j}");
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

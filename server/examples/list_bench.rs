//! Reading jobs whose params are large, printed (not asserted): 100 jobs with 20 MB of params
//! each, then `GET /jobs?limit=100` and `GET /jobs/{id}` for each, timed, with the memory the
//! reads took (peak resident memory, reset before reading).
//!
//!     cargo run --release -p jobs-server --example list_bench
//!
//! The jobs go to a temporary SQLite file (about 2 GB), removed at the end. `--jobs` and
//! `--params-mb` change the sizes.

use std::time::Instant;

use axum::body::Body;
use axum::http::Request;
use clap::Parser;
use http_body_util::BodyExt;
use jobs_server::{app, AppState, Config};
use tower::ServiceExt;

#[derive(Debug, Parser)]
struct Args {
    /// How many jobs.
    #[arg(long, default_value_t = 100)]
    jobs: usize,
    /// Megabytes of params per job.
    #[arg(long, default_value_t = 20)]
    params_mb: usize,
    /// How many times each read is timed (the median is printed).
    #[arg(long, default_value_t = 5)]
    rounds: usize,
}

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()).unwrap_or(0)
}

/// Starts a new peak: Linux resets VmHWM to the current resident size on "5" in clear_refs.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

async fn read(router: &axum::Router, uri: &str) -> usize {
    let response = router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    assert!(response.status().is_success(), "{uri}: {}", response.status());
    response.into_body().collect().await.unwrap().to_bytes().len()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let dir = std::env::temp_dir().join(format!("jobs-list-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("jobs.db").to_string_lossy().into_owned();
    let state = AppState::open(&Config { db: db.clone(), workers: 0, ..Config::in_memory() }).unwrap();
    let router = app(state);

    let filler = "x".repeat(args.params_mb * 1_000_000);
    let body = format!(r#"{{"job_type":"simulate","params":{{"duration_s":0,"data":"{filler}"}}}}"#);
    drop(filler);
    let started = Instant::now();
    let mut ids = Vec::new();
    for _ in 0..args.jobs {
        let request = Request::post("/jobs").header("content-type", "application/json").body(Body::from(body.clone()));
        let response = router.clone().oneshot(request.unwrap()).await.unwrap();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let job: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        ids.push(job["job_id"].as_str().unwrap().to_owned());
    }
    drop(body);
    println!(
        "filed {} jobs with {} MB of params each in {:.1} s ({db})",
        args.jobs,
        args.params_mb,
        started.elapsed().as_secs_f64()
    );

    let rss_before = status_kib("VmRSS:");
    reset_peak();
    let mut list_times = Vec::new();
    let mut list_bytes = 0;
    for _ in 0..args.rounds {
        let t = Instant::now();
        list_bytes = read(&router, &format!("/jobs?limit={}", args.jobs.min(100))).await;
        list_times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let list_peak = status_kib("VmHWM:").saturating_sub(rss_before);

    reset_peak();
    let rss_before = status_kib("VmRSS:");
    let mut get_times = Vec::new();
    for _ in 0..args.rounds {
        let t = Instant::now();
        for id in &ids {
            read(&router, &format!("/jobs/{id}")).await;
        }
        get_times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let get_peak = status_kib("VmHWM:").saturating_sub(rss_before);

    println!(
        "GET /jobs?limit={}: median {:.1} ms, answer {} bytes, peak memory +{:.1} MiB",
        args.jobs.min(100),
        median(list_times),
        list_bytes,
        list_peak as f64 / 1024.0
    );
    println!(
        "GET /jobs/{{id}} x {}: median {:.1} ms for all, peak memory +{:.1} MiB",
        ids.len(),
        median(get_times),
        get_peak as f64 / 1024.0
    );
    let _ = std::fs::remove_dir_all(dir);
}

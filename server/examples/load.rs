//! Load figures for jobs-server, printed (not asserted): `POST /jobs` throughput and p50/p99
//! latency under N concurrent clients, then 10,000 jobs submitted at once, each checked to be
//! stored and to end in a terminal status.
//!
//! In-process server on a loopback port, jobs in a temporary SQLite file:
//!
//!     cargo run --release -p jobs-server --example load
//!
//! Against a running server (loopback only):
//!
//!     cargo run --release -p jobs-server --example load -- --addr 127.0.0.1:8080 --api-key KEY

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use jobs_server::{app, AppState, Config};

#[derive(Debug, Parser)]
struct Args {
    /// A running server to load (loopback only). Without it, one is started in this process.
    #[arg(long)]
    addr: Option<SocketAddr>,
    /// The server's API key, if it has one.
    #[arg(long)]
    api_key: Option<String>,
    /// Workers of the in-process server.
    #[arg(long, default_value_t = 4)]
    workers: usize,
    /// Concurrent clients for the throughput rounds (comma-separated).
    #[arg(long, default_value = "1,16,64", value_delimiter = ',')]
    clients: Vec<usize>,
    /// Requests per throughput round.
    #[arg(long, default_value_t = 3000)]
    requests: usize,
    /// Rounds per client count (the median is printed).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Jobs of the burst.
    #[arg(long, default_value_t = 10_000)]
    jobs: usize,
    /// Concurrent clients of the burst (each holds one connection; mind `ulimit -n`).
    #[arg(long, default_value_t = 1000)]
    burst_clients: usize,
}

const JOB: &str = r#"{"job_type":"simulate","params":{"duration_s":0.001,"steps":0,"model":"SPMe"},"priority":5}"#;

struct Target {
    client: reqwest::Client,
    base: String,
    api_key: Option<String>,
}

impl Target {
    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let builder = self.client.request(method, format!("{}{path}", self.base));
        match &self.api_key {
            Some(key) => builder.header("x-api-key", key),
            None => builder,
        }
    }

    /// Submits one job: its id when accepted.
    async fn submit(&self) -> Result<String, String> {
        let response = self
            .request(reqwest::Method::POST, "/jobs")
            .header("content-type", "application/json")
            .body(JOB)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.status() != reqwest::StatusCode::ACCEPTED {
            return Err(format!("status {}", response.status()));
        }
        let job: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
        job["job_id"].as_str().map(str::to_owned).ok_or_else(|| "no job_id".to_owned())
    }

    async fn count(&self, status: &str) -> Result<u64, String> {
        let response = self
            .request(reqwest::Method::GET, &format!("/jobs?limit=1&status={status}"))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let total = response.headers().get("x-total-count").and_then(|v| v.to_str().ok()?.parse().ok());
        total.ok_or_else(|| format!("no X-Total-Count (status {})", response.status()))
    }
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args = Args::parse();
    let (base, db_dir) = match args.addr {
        Some(addr) if !addr.ip().is_loopback() => {
            return Err(format!("{addr} is not a loopback address; this program only loads servers on this machine"))
        }
        Some(addr) => (format!("http://{addr}"), None),
        None => {
            let dir = std::env::temp_dir().join(format!("jobs-load-{}", std::process::id()));
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            let db = dir.join("jobs.db").to_string_lossy().into_owned();
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
            // Without a key the server answers only requests that name its own port.
            let config = Config {
                db: db.clone(),
                workers: args.workers,
                api_key: args.api_key.clone(),
                port: addr.port(),
                ..Config::in_memory()
            };
            let state = AppState::open(&config).map_err(|e| e.to_string())?;
            tokio::spawn(async move { axum::serve(listener, app(state)).await });
            println!("in-process server on {addr}, {} workers, SQLite file {db} (WAL, synchronous=FULL)", args.workers);
            (format!("http://{addr}"), Some(dir))
        }
    };
    let target = Arc::new(Target {
        client: reqwest::Client::builder().pool_max_idle_per_host(usize::MAX).build().map_err(|e| e.to_string())?,
        base,
        api_key: args.api_key.clone(),
    });
    println!("machine: {} cores", std::thread::available_parallelism().map_or(0, |n| n.get()));

    println!("\nPOST /jobs, {} requests per round, {} rounds (median shown last):", args.requests, args.rounds);
    for &clients in &args.clients {
        let mut rounds = Vec::new();
        for _ in 0..args.rounds {
            rounds.push(round(&target, clients.max(1), args.requests).await?);
        }
        for r in &rounds {
            println!(
                "  {clients:>4} clients: {:>8.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms",
                r.rate, r.p50_ms, r.p99_ms
            );
        }
        let median = |f: fn(&Round) -> f64| {
            let mut values: Vec<f64> = rounds.iter().map(f).collect();
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        };
        println!(
            "  {clients:>4} clients: median {:>8.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms",
            median(|r| r.rate),
            median(|r| r.p50_ms),
            median(|r| r.p99_ms)
        );
    }

    let outcome = burst(&target, args.jobs, args.burst_clients.max(1)).await;
    if let Some(dir) = db_dir {
        let _ = std::fs::remove_dir_all(dir);
    }
    outcome
}

struct Round {
    rate: f64,
    p50_ms: f64,
    p99_ms: f64,
}

async fn round(target: &Arc<Target>, clients: usize, requests: usize) -> Result<Round, String> {
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let target = target.clone();
            let share = requests / clients + usize::from(c < requests % clients);
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(share);
                for _ in 0..share {
                    let sent = Instant::now();
                    target.submit().await?;
                    latencies.push(sent.elapsed());
                }
                Ok::<_, String>(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(requests);
    for task in tasks {
        latencies.extend(task.await.map_err(|e| e.to_string())??);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Ok(Round {
        rate: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50_ms: at(0.50).as_secs_f64() * 1000.0,
        p99_ms: at(0.99).as_secs_f64() * 1000.0,
    })
}

async fn burst(target: &Arc<Target>, jobs: usize, clients: usize) -> Result<(), String> {
    println!("\nBurst: {jobs} jobs (duration_s 0.001) from {clients} concurrent clients");
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let target = target.clone();
            let share = jobs / clients + usize::from(c < jobs % clients);
            tokio::spawn(async move {
                let mut outcomes = Vec::with_capacity(share);
                for _ in 0..share {
                    outcomes.push(target.submit().await);
                }
                outcomes
            })
        })
        .collect();
    let mut accepted = Vec::with_capacity(jobs);
    let mut errors: HashMap<String, usize> = HashMap::new();
    for task in tasks {
        for outcome in task.await.map_err(|e| e.to_string())? {
            match outcome {
                Ok(id) => accepted.push(id),
                Err(e) => *errors.entry(e).or_default() += 1,
            }
        }
    }
    let submitted_in = started.elapsed();
    println!(
        "  accepted {} of {jobs} in {:.2} s ({:.0} jobs/s); refused or failed: {errors:?}",
        accepted.len(),
        submitted_in.as_secs_f64(),
        accepted.len() as f64 / submitted_in.as_secs_f64()
    );

    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let mut open = 0;
        for status in ["pending", "processing", "waiting"] {
            open += target.count(status).await?;
        }
        if open == 0 {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("{open} jobs still not ended after 10 minutes"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let all_ended_in = started.elapsed();
    let stored = target.count("completed").await? + target.count("failed").await? + target.count("canceled").await?;
    println!(
        "  every job ended {:.2} s after the burst began; {stored} jobs stored in all, including the throughput \
         rounds' jobs that were still queued ahead of the burst",
        all_ended_in.as_secs_f64(),
    );

    // Read every accepted job back, 8 at a time.
    let mut states: HashMap<String, usize> = HashMap::new();
    let mut missing = 0;
    for chunk in accepted.chunks(8) {
        let reads = chunk.iter().map(|id| {
            let target = target.clone();
            let id = id.clone();
            tokio::spawn(async move {
                let response = target.request(reqwest::Method::GET, &format!("/jobs/{id}")).send().await.ok()?;
                let job: serde_json::Value = response.json().await.ok()?;
                let terminal = job["is_terminal"].as_bool() == Some(true);
                Some(format!("{}{}", job["status"].as_str()?, if terminal { "" } else { " (not terminal!)" }))
            })
        });
        for read in reads.collect::<Vec<_>>() {
            match read.await.map_err(|e| e.to_string())? {
                Some(status) => *states.entry(status).or_default() += 1,
                None => missing += 1,
            }
        }
    }
    let terminal: usize = states.iter().filter(|(s, _)| !s.contains("not terminal")).map(|(_, n)| n).sum();
    println!(
        "  read back: {terminal} of {} accepted jobs stored and terminal {states:?}; missing: {missing}",
        accepted.len()
    );
    if terminal != accepted.len() || missing > 0 {
        return Err("some accepted jobs are missing or did not end".to_owned());
    }
    println!("  check passed: every accepted job is stored and ended");
    Ok(())
}

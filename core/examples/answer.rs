//! Answers request bodies as the validator would: reads one JSON string (a body) per line on
//! standard input and writes one `{"status", "response"}` line per body. Used by
//! `contract/reference/differential.py` to compare the validator with the reference API.
//!
//!     cargo run -q -p jobs-core --example answer < bodies.jsonl

use std::io::{self, BufRead, Write};

fn main() -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for line in io::stdin().lock().lines() {
        let body: String = match serde_json::from_str(&line?) {
            Ok(body) => body,
            Err(e) => {
                writeln!(out, "{{\"error\":{}}}", serde_json::to_string(&e.to_string())?)?;
                continue;
            }
        };
        let answer = match jobs_core::validate_submit_job(&body) {
            Ok(request) => serde_json::json!({
                "status": 202,
                "response": {
                    "job_type": request.job_type.to_string(),
                    "priority": request.priority,
                    "callback_url": request.callback_url,
                    "parent_job_id": request.parent_job_id,
                }
            }),
            // The body is written as it is, so that integers beyond 64 bits stay exact.
            Err(rejection) => {
                writeln!(out, "{{\"status\":{},\"response\":{}}}", rejection.status(), rejection.body_json())?;
                continue;
            }
        };
        writeln!(out, "{answer}")?;
    }
    Ok(())
}

//! Answers request bodies as the validator would: reads one JSON string (a body) per line on
//! standard input and writes one `{"status", "response"}` line per body. Used by
//! `contract/reference/differential.py` to compare the validator with the reference API.
//!
//!     cargo run -q -p jobs-core --example answer < bodies.jsonl
//!
//! With `--full`, each line is the whole answer, for comparing two builds of the validator (the
//! Node package, in `tests/node/differential.test.mjs`): `{"status": 202, "request": {...}}` with
//! `params` and `metadata` as their exact text, or `{"status": 422|400|500, "body": "<the response
//! body, as text>"}` (and the `reason` of a 400 or a 500). Without it, a 500's `response` is the
//! API's plain text as a JSON string.

use std::io::{self, BufRead, Write};

use serde_json::json;

fn main() -> io::Result<()> {
    let full = std::env::args().any(|arg| arg == "--full");
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
            Ok(request) if full => json!({
                "status": 202,
                "request": {
                    "job_type": request.job_type.to_string(),
                    "priority": request.priority,
                    "callback_url": request.callback_url,
                    "parent_job_id": request.parent_job_id,
                    "params": request.params.as_str(),
                    "metadata": request.metadata.as_ref().map(|m| m.as_str()),
                }
            }),
            Ok(request) => json!({
                "status": 202,
                "response": {
                    "job_type": request.job_type.to_string(),
                    "priority": request.priority,
                    "callback_url": request.callback_url,
                    "parent_job_id": request.parent_job_id,
                }
            }),
            Err(rejection) if full => {
                let reason = match &rejection {
                    jobs_core::Rejection::Unreadable { reason } => Some(json!(reason)),
                    jobs_core::Rejection::Invalid(_) => None,
                    jobs_core::Rejection::Fails(failure) => Some(json!({
                        "kind": failure.kind.as_str(),
                        "loc": failure.loc,
                        "value": failure.value,
                    })),
                };
                let mut answer = json!({ "status": rejection.status(), "body": rejection.body_text() });
                if let Some(reason) = reason {
                    answer["reason"] = reason;
                }
                answer
            }
            // Not JSON: the API's plain text, as a JSON string.
            Err(rejection @ jobs_core::Rejection::Fails(_)) => {
                json!({ "status": rejection.status(), "response": rejection.body_text() })
            }
            // The body is written as it is, so that integers beyond 64 bits stay exact.
            Err(rejection) => {
                writeln!(out, "{{\"status\":{},\"response\":{}}}", rejection.status(), rejection.body_text())?;
                continue;
            }
        };
        writeln!(out, "{answer}")?;
    }
    Ok(())
}

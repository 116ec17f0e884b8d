//! Every recorded answer of the hosted API's framework (`contract/*.jsonl`), sent through HTTP
//! `POST /jobs` and compared as `contract/README.md` says: a 422's `detail` equal entry by entry
//! (for `json_invalid` only `type`, `msg` and `loc[0]`), a 202's normalized fields equal.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{get, post_json, send, server};
use serde_json::Value;

const VECTORS: &str = include_str!("../../contract/submit-job-vectors.jsonl");
const EXTRA_VECTORS: &str = include_str!("../../contract/extra-vectors.jsonl");

fn same_detail(got: &Value, expected: &Value) -> bool {
    let (Some(got), Some(expected)) = (got["detail"].as_array(), expected["detail"].as_array()) else {
        return got == expected;
    };
    got.len() == expected.len()
        && got.iter().zip(expected).all(|(g, e)| {
            if e["type"] == "json_invalid" {
                g["type"] == e["type"] && g["msg"] == e["msg"] && g["loc"][0] == e["loc"][0]
            } else {
                g == e
            }
        })
}

async fn mismatches(vectors: &str) -> (usize, Vec<String>) {
    let (app, _state) = server(0);
    let mut failures = Vec::new();
    let mut count = 0;
    for (line, text) in vectors.lines().enumerate().filter(|(_, t)| !t.trim().is_empty()) {
        count += 1;
        let vector: Value = serde_json::from_str(text).unwrap();
        let body = vector["body"].as_str().unwrap();
        let expected = &vector["response"];
        let answer = post_json(&app, "/jobs", body).await;
        let got = answer.json();
        let same = u64::from(answer.status.as_u16()) == vector["status"].as_u64().unwrap()
            && answer.header("content-type") == "application/json"
            && match answer.status.as_u16() {
                202 => ["job_type", "priority", "callback_url", "parent_job_id"].iter().all(|k| got[k] == expected[k]),
                _ => same_detail(&got, expected),
            };
        if !same {
            let shown: String = body.chars().take(120).collect();
            failures.push(format!(
                "line {}: body {shown:?}\n  expected {} {expected}\n  got      {} {got}",
                line + 1,
                vector["status"],
                answer.status
            ));
        }
    }
    (count, failures)
}

#[tokio::test]
async fn every_contract_vector_gets_the_hosted_answer_over_http() {
    let (count, failures) = mismatches(VECTORS).await;
    assert_eq!(count, 187);
    assert!(failures.is_empty(), "{} of {count} differ:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn every_extra_vector_gets_the_hosted_answer_over_http() {
    let (count, failures) = mismatches(EXTRA_VECTORS).await;
    assert_eq!(count, 653);
    assert!(failures.is_empty(), "{} of {count} differ:\n{}", failures.len(), failures.join("\n"));
}

/// `contract/failure-vectors.jsonl`: bodies the hosted API reads but fails to answer (NaN,
/// infinities, unpaired surrogates, as escapes and as the bytes `ED A0 80`), sent as bytes.
const FAILURE_VECTORS: &str = include_str!("../../contract/failure-vectors.jsonl");

#[tokio::test]
async fn bodies_the_hosted_api_fails_on_are_answered_500_in_plain_text_and_file_no_job() {
    let (app, _state) = server(0);
    let mut failures = Vec::new();
    let mut accepted = 0;
    for (line, text) in FAILURE_VECTORS.lines().enumerate().filter(|(_, t)| !t.trim().is_empty()) {
        let vector: Value = serde_json::from_str(text).unwrap();
        let bytes: Vec<u8> = match vector["body"].as_str() {
            Some(body) => body.as_bytes().to_vec(),
            None => {
                let hex = vector["body_hex"].as_str().unwrap();
                (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
            }
        };
        let request = Request::post("/jobs").header("content-type", "application/json").body(Body::from(bytes.clone()));
        let answer = send(&app, request.unwrap()).await;
        let expected = &vector["response"];
        let same = u64::from(answer.status.as_u16()) == vector["status"].as_u64().unwrap()
            && match answer.status.as_u16() {
                500 => {
                    answer.header("content-type") == "text/plain; charset=utf-8"
                        && answer.body == expected.as_str().unwrap().as_bytes()
                }
                202 => {
                    accepted += 1;
                    let got = answer.json();
                    ["job_type", "priority", "callback_url", "parent_job_id"].iter().all(|k| got[k] == expected[k])
                }
                _ => answer.json() == *expected,
            };
        if !same {
            failures.push(format!(
                "line {}: body {}\n  expected {} {expected}\n  got      {} {}",
                line + 1,
                String::from_utf8_lossy(&bytes),
                vector["status"],
                answer.status,
                String::from_utf8_lossy(&answer.body)
            ));
        }
    }
    assert!(failures.is_empty(), "{} differ:\n{}", failures.len(), failures.join("\n"));
    // Only the 202s filed a job: no 500 left one behind.
    let list = get(&app, "/jobs?limit=1").await;
    assert_eq!(list.header("x-total-count"), accepted.to_string());
}

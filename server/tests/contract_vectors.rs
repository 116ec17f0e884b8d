//! Every recorded answer of the hosted API's framework (`contract/*.jsonl`), sent through HTTP
//! `POST /jobs` and compared as `contract/README.md` says: a 422's `detail` equal entry by entry
//! (for `json_invalid` only `type`, `msg` and `loc[0]`), a 202's normalized fields equal.

mod common;

use common::{post_json, server};
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

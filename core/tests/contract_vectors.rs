//! The recorded answers of the reference implementation (`contract/`), through the validator.
//!
//! Compared as `contract/README.md` says: a 422's `detail` equal as JSON, entry by entry, in order
//! (for `json_invalid`, which carries Python's decoder position, the comparison here is stricter
//! than the README asks: position and message too); a 202's normalized fields equal.
//! `extra-vectors.jsonl` holds more answers recorded from the same reference (see its README).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use jobs_core::{validate_submit_job, validate_submit_job_bytes, Rejection};
use serde_json::{json, Value};

const VECTORS: &str = include_str!("../../contract/submit-job-vectors.jsonl");
const EXTRA_VECTORS: &str = include_str!("../../contract/extra-vectors.jsonl");
/// Callback URLs from the WHATWG URL tests and Unicode's IDNA conformance file, answered by the
/// reference (`contract/reference/record_url_suites.py`).
const URL_SUITE_VECTORS: &str = include_str!("../../contract/url-suite-vectors.jsonl");

/// What the validator answers, in the shape of a recorded vector.
fn answer(body: &str) -> (u16, Value) {
    match validate_submit_job(body) {
        Ok(request) => (
            202,
            json!({
                "job_type": request.job_type.to_string(),
                "priority": request.priority,
                "callback_url": request.callback_url,
                "parent_job_id": request.parent_job_id,
            }),
        ),
        Err(rejection) => (rejection.status(), serde_json::from_str(&rejection.body_text()).unwrap()),
    }
}

fn mismatches(vectors: &str) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (line, text) in vectors.lines().enumerate().filter(|(_, t)| !t.trim().is_empty()) {
        count += 1;
        let vector: Value = serde_json::from_str(text).unwrap();
        let body = vector["body"].as_str().unwrap();
        let expected_status = vector["status"].as_u64().unwrap() as u16;
        let (status, response) = answer(body);
        let expected = &vector["response"];
        let same = status == expected_status
            && match status {
                202 => {
                    ["job_type", "priority", "callback_url", "parent_job_id"].iter().all(|k| response[k] == expected[k])
                }
                _ => response == *expected,
            };
        if !same {
            let shown: String = body.chars().take(120).collect();
            failures.push(format!(
                "line {}: body {shown:?}\n  expected {expected_status} {expected}\n  got      {status} {response}",
                line + 1
            ));
        }
    }
    (count, failures)
}

#[test]
fn every_recorded_answer_of_the_reference_is_reproduced() {
    let (count, failures) = mismatches(VECTORS);
    eprintln!("contract vectors: {}/{count} match", count - failures.len());
    assert_eq!(count, 187, "the contract holds 187 vectors");
    assert!(failures.is_empty(), "{} of {count} differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn more_answers_recorded_from_the_reference_are_reproduced() {
    let (count, failures) = mismatches(EXTRA_VECTORS);
    eprintln!("extra reference vectors: {}/{count} match", count - failures.len());
    assert!(count > 100);
    assert!(failures.is_empty(), "{} of {count} differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_public_url_suites_are_answered_as_the_reference_answers_them() {
    let (count, failures) = mismatches(URL_SUITE_VECTORS);
    eprintln!("URL suite vectors: {}/{count} match", count - failures.len());
    assert!(count > 7000, "both suites, whole: {count}");
    let shown: Vec<&String> = failures.iter().take(20).collect();
    assert!(
        failures.is_empty(),
        "{} of {count} differ, the first:\n{}",
        failures.len(),
        shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn bodies_in_utf16_and_with_a_byte_order_mark_are_read_like_python_reads_bytes() {
    let text = r#"{"job_type":"simulate","params":{"é":1},"priority":"7"}"#;
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let request = validate_submit_job_bytes(&utf16).unwrap();
    assert_eq!((request.priority, request.params.as_str()), (7, r#"{"é":1}"#));
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
    assert_eq!(validate_submit_job_bytes(&with_bom).unwrap(), request);
    assert_eq!(validate_submit_job(&format!("\u{feff}{text}")).unwrap(), request);
}

#[test]
fn unreadable_bodies_are_a_400_with_a_reason() {
    for body in [
        &b"{\"job_type\":\"dummy\",\"params\":{\"a\":\"\xff\"}}"[..],
        format!("{{\"job_type\":\"dummy\",\"params\":{{\"a\":{}}}}}", "[".repeat(2000)).as_bytes(),
        format!("{{\"job_type\":\"dummy\",\"params\":{{\"a\":{}}}}}", "1".repeat(4301)).as_bytes(),
    ] {
        let rejection = validate_submit_job_bytes(body).unwrap_err();
        assert_eq!(rejection.status(), 400);
        assert_eq!(rejection.body_text(), r#"{"detail":"There was an error parsing the body"}"#);
        let Rejection::Unreadable { reason } = rejection else { unreachable!() };
        assert!(!reason.is_empty());
    }
}

#[test]
fn params_and_metadata_reach_the_server_exactly_as_written() {
    let params = r#"{"x": 1.50, "big": 123456789012345678901234567890, "f": 1e400, "nan": NaN, "k": "é\u00e9"}"#;
    let metadata = r#"{ "tags" : [ "a" ] , "n":-0 }"#;
    let body = format!(r#"{{"job_type":"datafit","params":{params},"metadata":{metadata}}}"#);
    let request = validate_submit_job(&body).unwrap();
    assert_eq!(request.params.as_str(), params);
    assert_eq!(request.metadata.as_ref().map(|m| m.as_str()), Some(metadata));
    assert!(request.to_json().contains(params));
}

#[test]
fn query_integers_are_checked_like_fastapi_checks_them() {
    assert_eq!(jobs_core::check_query_int("limit", " 20 ", 1, 100), Ok(20));
    let error = jobs_core::check_query_int("limit", "500", 1, 100).unwrap_err();
    assert_eq!(
        serde_json::to_string(&error).unwrap(),
        r#"{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 100","input":"500","ctx":{"le":100}}"#
    );
    assert_eq!(jobs_core::check_query_int("offset", "x", 0, i64::MAX).unwrap_err().kind, "int_parsing");
}

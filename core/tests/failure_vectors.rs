//! Bodies the API reads but cannot answer (`contract/failure-vectors.jsonl`, recorded from the
//! reference by `contract/reference/record_failures.py`): NaN, infinities and unpaired surrogates
//! in each field, as keys, at the top level and in bodies echoed whole. Each gets the reference's
//! status and whole body: a 500's plain text, a 422's `detail`, a 202's fields.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use jobs_core::pyjson::UnwritableKind;
use jobs_core::{validate_submit_job, validate_submit_job_bytes, LocItem, Rejection, INTERNAL_ERROR_BODY};
use serde_json::{json, Value};

const VECTORS: &str = include_str!("../../contract/failure-vectors.jsonl");

fn bytes_of(vector: &Value) -> Vec<u8> {
    match vector["body"].as_str() {
        Some(text) => text.as_bytes().to_vec(),
        None => {
            let hex = vector["body_hex"].as_str().unwrap();
            (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
        }
    }
}

fn answer(result: Result<jobs_core::SubmitJobRequest, Rejection>) -> (u16, Value) {
    match result {
        Ok(request) => (
            202,
            json!({
                "job_type": request.job_type.to_string(),
                "priority": request.priority,
                "callback_url": request.callback_url,
                "parent_job_id": request.parent_job_id,
            }),
        ),
        Err(rejection @ Rejection::Fails(_)) => (500, json!(rejection.body_text())),
        Err(rejection) => (rejection.status(), serde_json::from_str(&rejection.body_text()).unwrap()),
    }
}

#[test]
fn every_body_the_api_fails_on_is_answered_as_the_reference_answers_it() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (line, text) in VECTORS.lines().enumerate().filter(|(_, t)| !t.trim().is_empty()) {
        count += 1;
        let vector: Value = serde_json::from_str(text).unwrap();
        let bytes = bytes_of(&vector);
        let expected = (vector["status"].as_u64().unwrap() as u16, vector["response"].clone());
        let mut got = vec![answer(validate_submit_job_bytes(&bytes))];
        if let Ok(text) = std::str::from_utf8(&bytes) {
            got.push(answer(validate_submit_job(text)));
        }
        for got in got {
            if got != expected {
                failures.push(format!(
                    "line {}: {}\n  expected {} {}\n  got      {} {}",
                    line + 1,
                    String::from_utf8_lossy(&bytes),
                    expected.0,
                    expected.1,
                    got.0,
                    got.1
                ));
            }
        }
    }
    assert!(count > 150, "the vectors are there");
    assert!(failures.is_empty(), "{} of {count} differ:\n{}", failures.len(), failures.join("\n"));
}

fn failure(body: &[u8]) -> (UnwritableKind, Vec<String>, String) {
    match validate_submit_job_bytes(body) {
        Err(Rejection::Fails(f)) => {
            assert_eq!(Rejection::Fails(f.clone()).body_text(), INTERNAL_ERROR_BODY);
            (f.kind, f.loc.iter().map(LocItem::to_string).collect(), f.value)
        }
        other => panic!("expected a 500 for {}, got {other:?}", String::from_utf8_lossy(body)),
    }
}

#[test]
fn a_500_says_which_value_and_where() {
    use UnwritableKind::*;
    let loc = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        failure(br#"{"job_type":"dummy","params":{},"priority":NaN}"#),
        (NaN, loc(&["body", "priority"]), "NaN".to_owned())
    );
    assert_eq!(
        failure(br#"{"job_type":"dummy","params":{},"priority":1e400}"#),
        (Infinity, loc(&["body", "priority"]), "1e400".to_owned())
    );
    assert_eq!(
        failure(br#"{"job_type":"dummy","params":{},"metadata":[1, -Infinity]}"#),
        (NegativeInfinity, loc(&["body", "metadata", "1"]), "-Infinity".to_owned())
    );
    assert_eq!(failure(br#"[1e999]"#), (Infinity, loc(&["body", "0"]), "1e999".to_owned()));
    assert_eq!(
        failure(br#"{"job_type":"dummy","params":{},"parent_job_id":"x\udc00"}"#),
        (UnpairedSurrogate, loc(&["body", "parent_job_id"]), r#""x\udc00""#.to_owned())
    );
    assert_eq!(
        failure(b"{\"job_type\":\"dummy\",\"params\":{},\"parent_job_id\":\"\xed\xa0\x80\"}"),
        (UnpairedSurrogate, loc(&["body", "parent_job_id"]), r#""\ud800""#.to_owned())
    );
    // The whole body is echoed when job_type is missing: a NaN in params is then echoed too.
    assert_eq!(failure(br#"{"params":{"a":NaN}}"#), (NaN, loc(&["body", "params", "a"]), "NaN".to_owned()));
}

#[test]
fn values_the_api_never_echoes_are_accepted() {
    for body in [
        &br#"{"job_type":"dummy","params":{"a":NaN,"b":[1e400],"\ud800":"\udc00"}}"#[..],
        b"{\"job_type\":\"dummy\",\"params\":{\"a\":\"\xed\xa0\x80\"},\"metadata\":{\"b\":Infinity}}",
    ] {
        assert!(validate_submit_job_bytes(body).is_ok(), "{}", String::from_utf8_lossy(body));
    }
}

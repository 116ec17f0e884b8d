//! A 422 body is the API's byte for byte, not only equal once parsed: Starlette's `JSONResponse`
//! writes `json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))`, so
//! an echoed object or array in `input` has no spaces either.

#[test]
fn an_echoed_body_is_written_with_the_apis_compact_separators() {
    let rejection = jobs_core::validate_submit_job(r#"{"params": {"a": [1, 2.50, "é"], "b": {"c": null}}, "x": true}"#)
        .expect_err("job_type is missing");
    assert_eq!(
        rejection.body_text(),
        r#"{"detail":[{"type":"missing","loc":["body","job_type"],"msg":"Field required","input":{"params":{"a":[1,2.5,"é"],"b":{"c":null}},"x":true}}]}"#
    );
}

#[test]
fn an_echoed_params_value_is_written_compactly_too() {
    let rejection = jobs_core::validate_submit_job(r#"{"job_type": "simulate", "params": [1, {"k": 2}]}"#)
        .expect_err("params is a list");
    let body = rejection.body_text();
    assert!(body.contains(r#""input":[1,{"k":2}]"#), "{body}");
    assert!(!body.contains(", ") && !body.contains(": "), "{body}");
}

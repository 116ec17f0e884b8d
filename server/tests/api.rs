//! The API's answers, driven with `app(state).oneshot(request)` (no port).

mod common;

use std::io::Write;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use jobs_server::Config;
use serde_json::{json, Value};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn big_body(bytes: usize) -> String {
    let filler = "x".repeat(bytes);
    json!({"job_type": "datafit", "params": {"data": filler, "duration_s": 0}}).to_string()
}

#[tokio::test]
async fn a_submitted_job_is_answered_202_with_a_full_job_and_can_be_read_back() {
    let (app, _state) = server(0);
    let answer =
        post_json(&app, "/jobs?project_id=proj-1", r#"{"job_type":"simulate","params":{"a":1},"priority":"7"}"#).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED);
    assert_eq!(answer.header("content-type"), "application/json");
    let job = answer.json();
    assert_eq!(job["status"], "pending");
    assert_eq!((job["priority"].as_i64(), job["project_id"].as_str()), (Some(7), Some("proj-1")));
    assert_eq!(
        (job["user_id"].as_str(), job["organization_id"].as_str()),
        (Some("local-user"), Some("local-organization"))
    );
    assert_eq!((job["is_terminal"].as_bool(), job["is_failed"].as_bool()), (Some(false), Some(false)));
    assert_eq!(job["access_level"], "organization");
    let parsed: jobs_core::JobResponse = serde_json::from_value(job.clone()).unwrap();
    assert_eq!(parsed.job_id, job["job_id"]);
    let again = get(&app, &format!("/jobs/{}", parsed.job_id)).await;
    assert_eq!(again.json(), job);
}

#[tokio::test]
async fn paths_work_with_and_without_a_trailing_slash() {
    let (app, _state) = server(0);
    let answer = post_json(&app, "/jobs/", r#"{"job_type":"dummy","params":{}}"#).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED);
    let id = answer.json()["job_id"].as_str().unwrap().to_owned();
    for uri in ["/jobs", "/jobs/"] {
        assert_eq!(get(&app, uri).await.json().as_array().unwrap().len(), 1, "{uri}");
    }
    for uri in [format!("/jobs/{id}"), format!("/jobs/{id}/"), format!("/jobs/{id}/metadata/")] {
        assert_eq!(get(&app, &uri).await.status, StatusCode::OK, "{uri}");
    }
    assert_eq!(post_json(&app, &format!("/jobs/{id}/cancel/"), "{}").await.json()["status"], "canceled");
}

#[tokio::test]
async fn an_unknown_job_is_a_404_job_not_found() {
    let (app, _state) = server(0);
    for answer in [
        get(&app, "/jobs/nope").await,
        get(&app, "/jobs/nope/metadata").await,
        post_json(&app, "/jobs/nope/cancel", "{}").await,
        get(&app, "/jobs/%FF").await,
    ] {
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
        assert_eq!(answer.json(), json!({"detail": "Job not found"}));
    }
}

#[tokio::test]
async fn canceling_an_ended_job_is_a_409_that_says_why() {
    let (app, _state) = server(1);
    let id = submit(&app, json!({"job_type": "dummy", "params": {"duration_s": 0}})).await;
    wait_for_status(&app, &id, "completed").await;
    let answer = post_json(&app, &format!("/jobs/{id}/cancel"), "{}").await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    let detail = answer.json()["detail"].as_str().unwrap().to_owned();
    assert!(detail.contains("already completed") && detail.contains("only pending, waiting or processing"), "{detail}");
}

#[tokio::test]
async fn a_pending_job_is_canceled_and_returned() {
    let (app, _state) = server(0);
    let id = submit(&app, json!({"job_type": "dummy", "params": {}})).await;
    let answer = post_json(&app, &format!("/jobs/{id}/cancel"), "{}").await;
    assert_eq!(answer.status, StatusCode::OK);
    let job = answer.json();
    assert_eq!(
        (job["status"].as_str(), job["is_terminal"].as_bool(), job["is_failed"].as_bool()),
        (Some("canceled"), Some(true), Some(true))
    );
    assert!(job["completed_at"].is_string());
    assert_eq!(post_json(&app, &format!("/jobs/{id}/cancel"), "{}").await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn with_an_api_key_every_jobs_endpoint_requires_it() {
    let (app, _state) = server_with(Config { api_key: Some("s3cret".to_owned()), workers: 0, ..test_config() });
    let body = r#"{"job_type":"dummy","params":{}}"#;
    let missing = post_json(&app, "/jobs", body).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert!(missing.json()["detail"].as_str().unwrap().contains("X-API-Key"));
    for uri in ["/jobs", "/jobs/x", "/jobs/x/metadata"] {
        assert_eq!(get(&app, uri).await.status, StatusCode::UNAUTHORIZED, "{uri}");
    }
    let wrong = Request::get("/jobs").header("x-api-key", "guess").body(Body::empty()).unwrap();
    let wrong = send(&app, wrong).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.json()["detail"].as_str().unwrap().contains("does not match"));
    let right = Request::post("/jobs")
        .header("x-api-key", "s3cret")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(send(&app, right).await.status, StatusCode::ACCEPTED);
    assert_eq!(get(&app, "/health").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/openapi.json").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_browser_preflight_is_allowed_the_key_and_encoding_headers_without_a_key() {
    let (app, _state) = server_with(Config { api_key: Some("k".to_owned()), workers: 0, ..test_config() });
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/jobs")
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "x-api-key, content-encoding, content-type")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, preflight).await;
    assert_eq!(answer.status, StatusCode::OK);
    let allowed = answer.header("access-control-allow-headers").to_ascii_lowercase();
    assert!(allowed.contains("x-api-key") && allowed.contains("content-encoding"), "{allowed}");
    let request = Request::get("/jobs").header("origin", "http://localhost:5173").header("x-api-key", "k");
    let answer = send(&app, request.body(Body::empty()).unwrap()).await;
    let exposed = answer.header("access-control-expose-headers").to_ascii_lowercase();
    assert!(exposed.contains("x-total-count") && exposed.contains("x-correlation-id"), "{exposed}");
    assert_eq!(answer.header("access-control-allow-origin"), "*");
}

#[tokio::test]
async fn a_body_over_32_mib_is_a_413_and_5_mb_bodies_are_accepted_plain_or_gzipped() {
    let (app, _state) = server(0);
    let five_mb = big_body(5_000_000);
    assert_eq!(post_json(&app, "/jobs", five_mb.clone()).await.status, StatusCode::ACCEPTED);
    let zipped = Request::post("/jobs")
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(Body::from(gzip(five_mb.as_bytes())))
        .unwrap();
    assert_eq!(send(&app, zipped).await.status, StatusCode::ACCEPTED);

    let too_big = post_json(&app, "/jobs", big_body(33 * 1024 * 1024)).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(too_big.json()["detail"].as_str().unwrap().contains("larger than 32 MiB"));
    let bomb = Request::post("/jobs")
        .header("content-encoding", "gzip")
        .body(Body::from(gzip(big_body(33 * 1024 * 1024).as_bytes())))
        .unwrap();
    let bomb = send(&app, bomb).await;
    assert_eq!(bomb.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(bomb.json()["detail"].as_str().unwrap().contains("once decompressed"));
}

#[tokio::test]
async fn a_gzip_body_is_validated_like_a_plain_one() {
    let (app, _state) = server(0);
    let request = |body: &str| {
        Request::post("/jobs/")
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(Body::from(gzip(body.as_bytes())))
            .unwrap()
    };
    let answer = send(&app, request(r#"{"job_type":"ecm_fit","params":{},"priority":3}"#)).await;
    assert_eq!((answer.status, answer.json()["priority"].as_i64()), (StatusCode::ACCEPTED, Some(3)));
    let answer = send(&app, request(r#"{"job_type":"ecm_fit","params":[]}"#)).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.json()["detail"][0]["type"], "dict_type");

    let broken = Request::post("/jobs").header("content-encoding", "gzip").body(Body::from("not gzip")).unwrap();
    let broken = send(&app, broken).await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(broken.json()["detail"].as_str().unwrap().contains("not valid gzip"));
    let brotli = Request::post("/jobs").header("content-encoding", "br").body(Body::from("x")).unwrap();
    assert_eq!(send(&app, brotli).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_body_that_is_not_typed_json_is_refused_as_fastapi_refuses_it() {
    let (app, _state) = server(0);
    let body = r#"{"job_type":"dummy","params":{}}"#;
    let request = Request::post("/jobs").header("content-type", "text/plain").body(Body::from(body)).unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body, jobs_core::reject_non_json_body(body.as_bytes()).body_text());
    let untyped = Request::post("/jobs").body(Body::from(body)).unwrap();
    assert_eq!(send(&app, untyped).await.status, StatusCode::ACCEPTED, "no content type is read as JSON");
    let unreadable = post_json(&app, "/jobs", "").await;
    assert_eq!(unreadable.json()["detail"][0]["type"], "missing");
}

#[tokio::test]
async fn the_list_is_newest_first_with_the_total_in_x_total_count() {
    let (app, _state) = server(0);
    let mut ids = Vec::new();
    for (i, job_type) in ["dummy", "simulate", "datafit", "simulate", "dummy"].iter().enumerate() {
        ids.push(submit(&app, json!({"job_type": job_type, "params": {"i": i}})).await);
    }
    let all = get(&app, "/jobs").await;
    assert_eq!(all.header("x-total-count"), "5");
    assert_eq!(all.header("content-type"), "application/json");
    let listed: Vec<Value> = all.json().as_array().unwrap().iter().map(|j| j["job_id"].clone()).collect();
    let newest_first: Vec<Value> = ids.iter().rev().map(|id| json!(id)).collect();
    assert_eq!(listed, newest_first);

    let page = get(&app, "/jobs?limit=2&offset=1").await;
    assert_eq!(page.header("x-total-count"), "5");
    let page_ids: Vec<Value> = page.json().as_array().unwrap().iter().map(|j| j["job_id"].clone()).collect();
    assert_eq!(page_ids, [json!(ids[3]), json!(ids[2])]);

    let simulate = get(&app, "/jobs?job_type=simulate").await;
    assert_eq!(simulate.header("x-total-count"), "2");
    assert!(simulate.json().as_array().unwrap().iter().all(|j| j["job_type"] == "simulate"));
    let several = get(&app, "/jobs?job_type=simulate&job_types=dummy&job_types=datafit").await;
    assert_eq!(several.header("x-total-count"), "3", "job_types wins over job_type");
    assert!(several.json().as_array().unwrap().iter().all(|j| j["job_type"] != "simulate"));

    post_json(&app, &format!("/jobs/{}/cancel", ids[0]), "{}").await;
    let canceled = get(&app, "/jobs?status=canceled").await;
    assert_eq!(canceled.header("x-total-count"), "1");
    assert_eq!(canceled.json()[0]["job_id"], json!(ids[0]));
    let pending_dummy = get(&app, "/jobs?status=pending&job_type=dummy").await;
    assert_eq!(pending_dummy.header("x-total-count"), "1");
    let active = get(&app, "/jobs?status=canceled&statuses=pending&statuses=waiting&statuses=processing").await;
    assert_eq!(active.header("x-total-count"), "4", "statuses wins over status");
    assert!(active.json().as_array().unwrap().iter().all(|j| j["status"] != "canceled"));
    let ended = get(&app, "/jobs?statuses=canceled&statuses=completed&statuses=failed").await;
    assert_eq!(ended.header("x-total-count"), "1");
    let beyond = get(&app, "/jobs?offset=10").await;
    assert_eq!((beyond.json(), beyond.header("x-total-count")), (json!([]), "5"));
}

#[tokio::test]
async fn the_list_filters_by_project_with_the_other_filters() {
    let (app, _state) = server(0);
    let body = json!({"job_type": "dummy", "params": {}}).to_string();
    for project in ["cells", "cells", "team a&b", "cells "] {
        let answer = post_json(&app, &format!("/jobs?project_id={}", urlencode(project)), body.clone()).await;
        assert_eq!(answer.status, StatusCode::ACCEPTED);
    }
    submit(&app, json!({"job_type": "simulate", "params": {}})).await;
    let cells = get(&app, "/jobs?project_id=cells").await;
    assert_eq!(cells.header("x-total-count"), "2", "the project as written: not \"cells \"");
    assert!(cells.json().as_array().unwrap().iter().all(|j| j["project_id"] == "cells"));
    let odd = get(&app, "/jobs?project_id=team%20a%26b").await;
    assert_eq!(odd.json()[0]["project_id"], "team a&b");
    assert_eq!(get(&app, "/jobs?project_id=cells&job_type=simulate").await.header("x-total-count"), "0");
    assert_eq!(get(&app, "/jobs?project_id=nobody").await.json(), json!([]));
    assert_eq!(get(&app, "/jobs").await.header("x-total-count"), "5", "no project_id: every project");
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn bad_list_parameters_are_a_clear_422() {
    let (app, _state) = server(0);
    let cases = [
        ("limit=0", "greater_than_equal", json!(["query", "limit"])),
        ("limit=101", "less_than_equal", json!(["query", "limit"])),
        ("limit=ten", "int_parsing", json!(["query", "limit"])),
        ("offset=-1", "greater_than_equal", json!(["query", "offset"])),
        ("status=done", "enum", json!(["query", "status"])),
        ("job_type=quantum", "enum", json!(["query", "job_type"])),
        ("job_types=dummy&job_types=nope", "enum", json!(["query", "job_types", 1])),
        ("statuses=nope&statuses=pending", "enum", json!(["query", "statuses", 0])),
    ];
    for (query, kind, loc) in cases {
        let answer = get(&app, &format!("/jobs?{query}")).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let detail = &answer.json()["detail"][0];
        assert_eq!((&detail["type"], &detail["loc"]), (&json!(kind), &loc), "{query}: {detail}");
        assert!(detail["msg"].as_str().unwrap().starts_with("Input should be"), "{detail}");
    }
    assert_eq!(get(&app, "/jobs?limit=%2050%20&offset=0").await.status, StatusCode::OK);
}

#[tokio::test]
async fn metadata_holds_the_submitted_fields_and_the_intermediate_results() {
    let (app, _state) = server(0);
    let id = submit(&app, json!({"job_type": "optimize", "params": {}, "metadata": {"tag": "a", "n": 1}})).await;
    let metadata = get(&app, &format!("/jobs/{id}/metadata")).await;
    assert_eq!(metadata.header("content-type"), "application/json");
    assert_eq!(metadata.json(), json!({"tag": "a", "n": 1, "intermediate_results": []}));
}

#[tokio::test]
async fn every_response_carries_a_correlation_id() {
    let (app, _state) = server(0);
    let generated = get(&app, "/health").await;
    assert_eq!(generated.json(), json!({"status": "ok"}));
    assert_eq!(generated.header("x-correlation-id").len(), 36);
    let echoed =
        send(&app, Request::get("/jobs/x").header("x-correlation-id", "trace-42").body(Body::empty()).unwrap()).await;
    assert_eq!(echoed.header("x-correlation-id"), "trace-42");
    let replaced =
        send(&app, Request::get("/health").header("x-correlation-id", "a b").body(Body::empty()).unwrap()).await;
    assert_ne!(replaced.header("x-correlation-id"), "a b");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json_sentences() {
    let (app, _state) = server(0);
    let missing = get(&app, "/nowhere").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.json()["detail"].as_str().unwrap().contains("/openapi.json"));
    let wrong_method = send(&app, Request::delete("/jobs").body(Body::empty()).unwrap()).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.json()["detail"].as_str().unwrap().contains("DELETE"));
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let (app, _state) = server(0);
    let doc = get(&app, "/openapi.json").await.json();
    for (path, method) in [
        ("/jobs", "post"),
        ("/jobs", "get"),
        ("/jobs/{job_id}", "get"),
        ("/jobs/{job_id}/cancel", "post"),
        ("/jobs/{job_id}/metadata", "get"),
        ("/health", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{path} {method}");
    }
    assert_eq!(doc["paths"]["/jobs"]["post"]["operationId"], "submit_job_jobs_post");
}

fn web_app() -> Config {
    let dist = temp_dir("dist");
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dist.join("jobs-web-14bbb132fb112346_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("config.json"), r#"{"api_base_url": ""}"#).unwrap();
    Config { dist: Some(dist), workers: 0, ..test_config() }
}

async fn navigate(app: &axum::Router, uri: &str) -> Answer {
    let accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    send(app, Request::get(uri).header("accept", accept).body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn a_browser_navigation_gets_the_app_and_a_fetch_gets_the_api() {
    let (app, _state) = server_with(web_app());
    for uri in ["/", "/jobs", "/jobs/", "/jobs/new", "/jobs/some-id", "/settings", "/somewhere/else"] {
        let page = navigate(&app, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(page.header("content-type").starts_with("text/html"), "{uri}");
        assert_eq!(page.header("cache-control"), "no-cache", "{uri}");
        assert_eq!(page.body, "<!doctype html><title>app</title>", "{uri}");
    }
    let fetch =
        send(&app, Request::get("/jobs").header("accept", "application/json").body(Body::empty()).unwrap()).await;
    assert_eq!((fetch.header("content-type"), fetch.json()), ("application/json", json!([])));
    let python = send(&app, Request::get("/jobs/").header("accept", "*/*").body(Body::empty()).unwrap()).await;
    assert_eq!(python.json(), json!([]));
    assert_eq!(navigate(&app, "/health").await.json(), json!({"status": "ok"}));
    let missing = send(&app, Request::get("/nothing.js").header("accept", "*/*").body(Body::empty()).unwrap()).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_page_is_sent_as_the_precompressed_copy_the_browser_accepts() {
    let config = web_app();
    let dist = config.dist.clone().unwrap();
    std::fs::write(dist.join("index.html.br"), b"brotli bytes").unwrap();
    std::fs::write(dist.join("index.html.gz"), b"gzip bytes").unwrap();
    let (app, _state) = server_with(config);
    let accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    // An app route, an unknown path a browser navigates to, and the page's own name.
    for uri in ["/jobs/new", "/somewhere/else", "/nothing.html", "/"] {
        for (encoding, body) in [
            ("gzip, deflate, br", "brotli bytes"),
            ("gzip", "gzip bytes"),
            ("identity", "<!doctype html><title>app</title>"),
        ] {
            let request = Request::get(uri).header("accept", accept).header("accept-encoding", encoding);
            let page = send(&app, request.body(Body::empty()).unwrap()).await;
            assert_eq!(page.status, StatusCode::OK, "{uri} {encoding}");
            assert_eq!(String::from_utf8_lossy(&page.body), body, "{uri} {encoding}");
            let sent_as = if body.starts_with("brotli") {
                "br"
            } else if body.starts_with("gzip") {
                "gzip"
            } else {
                ""
            };
            assert_eq!(page.header("content-encoding"), sent_as, "{uri} {encoding}");
            assert!(page.header("content-type").starts_with("text/html"), "{uri} {encoding}");
            assert_eq!(page.header("cache-control"), "no-cache", "{uri} {encoding}");
            assert!(page.header("content-security-policy").contains("frame-ancestors 'none'"), "{uri} {encoding}");
        }
    }
}

#[tokio::test]
async fn the_apps_files_are_served_with_their_types_and_cache_headers() {
    let (app, _state) = server_with(web_app());
    let wasm = get(&app, "/jobs-web-14bbb132fb112346_bg.wasm").await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.header("content-type"), "application/wasm");
    assert_eq!(wasm.header("cache-control"), "public, max-age=31536000, immutable");
    let config = get(&app, "/config.json").await;
    assert_eq!((config.header("content-type"), config.header("cache-control")), ("application/json", "no-cache"));
    assert_eq!(config.json(), json!({"api_base_url": ""}));
    let traversal = get(&app, "/../Cargo.toml").await;
    assert_eq!(traversal.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_answer_forbids_type_sniffing_and_sends_no_referrer() {
    let (app, _state) = server_with(web_app());
    for uri in ["/health", "/jobs", "/openapi.json", "/nothing", "/jobs-web-14bbb132fb112346_bg.wasm", "/config.json"] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(answer.header("referrer-policy"), "no-referrer", "{uri}");
    }
    let page = navigate(&app, "/jobs").await;
    assert_eq!((page.header("x-content-type-options"), page.header("referrer-policy")), ("nosniff", "no-referrer"));
}

#[tokio::test]
async fn a_path_starting_with_two_slashes_is_not_redirected_to_another_host() {
    let config = web_app();
    std::fs::create_dir_all(config.dist.as_ref().unwrap().join("snippets")).unwrap();
    let (app, _state) = server_with(config);
    let answer = get(&app, "//snippets").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(answer.header("location").is_empty(), "{}", answer.header("location"));
    assert!(answer.json()["detail"].as_str().unwrap().starts_with("No API route is at //snippets"));
}

#[tokio::test]
async fn a_path_segment_of_256_bytes_or_more_is_a_404_with_a_sentence() {
    let (app, _state) = server_with(web_app());
    let answer = get(&app, &format!("/{}", "a".repeat(256))).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(answer.json()["detail"].as_str().unwrap().starts_with("No API route is at"));
    let page = navigate(&app, &format!("/{}.js", "a".repeat(300))).await;
    assert_eq!(page.status, StatusCode::OK, "a browser gets the app");
}

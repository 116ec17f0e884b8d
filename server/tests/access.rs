//! Who may use the server: `Host` and `Origin` without a key, CORS with and without one, and one
//! server per database. Driven with `oneshot` (no port); the server believes it listens on 8080.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use jobs_server::{AppState, Config};

fn with(host: &str, origin: Option<&str>) -> Request<Body> {
    let mut request = Request::get("/jobs").header("host", host);
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.body(Body::empty()).unwrap()
}

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method("OPTIONS")
        .uri("/jobs")
        .header("host", "127.0.0.1:8080")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn without_a_key_a_request_for_another_host_name_is_refused_with_a_sentence() {
    let (app, _state) = server(0);
    for host in ["evil.example", "evil.example:8080", "127.0.0.1:9999", "192.168.1.10:8080"] {
        let answer = send(&app, with(host, None)).await;
        assert_eq!(answer.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        let detail = answer.json()["detail"].as_str().unwrap().to_owned();
        assert!(detail.contains("http://127.0.0.1:8080") && detail.contains("--api-key"), "{detail}");
    }
    for host in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080"] {
        assert_eq!(send(&app, with(host, None)).await.status, StatusCode::OK, "{host}");
    }
    // Not only the API: the health check and the web app are behind the same rule.
    let health = Request::get("/health").header("host", "evil.example").body(Body::empty()).unwrap();
    assert_eq!(send(&app, health).await.status, StatusCode::MISDIRECTED_REQUEST);
}

#[tokio::test]
async fn without_a_key_pages_of_other_origins_are_refused_and_get_no_cors_headers() {
    let (app, _state) = server(0);
    let answer = send(&app, preflight("https://evil.example")).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.header("access-control-allow-origin"), "");
    let detail = answer.json()["detail"].as_str().unwrap().to_owned();
    assert!(detail.contains("--cors-origin https://evil.example"), "{detail}");
    // A POST a page may send without reading the answer is refused too, before it does anything.
    let post = Request::post("/jobs")
        .header("host", "127.0.0.1:8080")
        .header("origin", "https://evil.example")
        .body(Body::from(r#"{"job_type":"dummy","params":{}}"#))
        .unwrap();
    assert_eq!(send(&app, post).await.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&app, "/jobs").await.header("x-total-count"), "0");

    let own = send(&app, with("127.0.0.1:8080", Some("http://localhost:8080"))).await;
    assert_eq!((own.status, own.header("access-control-allow-origin")), (StatusCode::OK, "http://localhost:8080"));
}

#[tokio::test]
async fn without_a_key_a_cors_origin_given_at_start_is_allowed() {
    let config = Config { workers: 0, cors_origins: vec!["http://127.0.0.1:5173".to_owned()], ..test_config() };
    let (app, _state) = server_with(config);
    let answer = send(&app, preflight("http://127.0.0.1:5173")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("access-control-allow-origin"), "http://127.0.0.1:5173");
    assert_eq!(send(&app, preflight("http://127.0.0.1:5174")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn with_a_key_any_host_and_origin_are_served_unless_origins_are_given() {
    let keyed = Config { api_key: Some("k".to_owned()), workers: 0, ..test_config() };
    let (app, _state) = server_with(keyed.clone());
    let request = Request::get("/jobs")
        .header("host", "jobs.example")
        .header("origin", "https://anywhere.example")
        .header("x-api-key", "k")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!((answer.status, answer.header("access-control-allow-origin")), (StatusCode::OK, "*"));

    let listed = Config { cors_origins: vec!["https://console.example".to_owned()], ..keyed };
    let (app, _state) = server_with(listed);
    assert_eq!(send(&app, preflight("https://anywhere.example")).await.status, StatusCode::FORBIDDEN);
    let allowed = send(&app, preflight("https://console.example")).await;
    assert_eq!(allowed.header("access-control-allow-origin"), "https://console.example");
}

#[tokio::test]
async fn a_second_server_on_the_same_database_refuses_to_start_naming_the_file() {
    let dir = temp_dir("owner");
    let db = dir.join("jobs.db").to_string_lossy().into_owned();
    let config = Config { db: db.clone(), workers: 1, ..test_config() };
    let first = AppState::open(&config).expect("the first server opens");
    let error = AppState::open(&config).err().expect("the second is refused").to_string();
    assert!(error.contains(&db) && error.contains("in use by another jobs-server"), "{error}");
    // Once the first has stopped, the database is free again.
    first.scheduler.stop_workers().await;
    drop(first);
    let again = AppState::open(&config).expect("a later server opens it");
    again.scheduler.stop_workers().await;
    drop(again);
    let _ = std::fs::remove_dir_all(dir);
}

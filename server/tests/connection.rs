//! One kept-alive connection over a real loopback socket: what the official client does.

mod common;

use std::time::Duration;

use common::*;
use jobs_server::{app, AppState, Config};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Serves a fresh in-memory server on a free loopback port; returns its address.
async fn serve() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::open(&Config { workers: 0, port: addr.port(), ..test_config() }).unwrap();
    tokio::spawn(async move { axum::serve(listener, app(state)).await });
    addr
}

/// Reads one answer (status line, headers, a Content-Length body); `None` if the server closed.
async fn read_answer(reader: &mut BufReader<TcpStream>) -> Option<(u16, String)> {
    let mut status = String::new();
    if reader.read_line(&mut status).await.ok()? == 0 {
        return None;
    }
    let code = status.split(' ').nth(1)?.parse().ok()?;
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.ok()?;
        if line.trim().is_empty() {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    Some((code, String::from_utf8(body).ok()?))
}

#[tokio::test]
async fn a_cancel_with_a_body_keeps_the_connection_for_the_next_request() {
    let addr = serve().await;
    let mut reader = BufReader::new(TcpStream::connect(addr).await.unwrap());
    let host = format!("127.0.0.1:{}", addr.port());
    let job = r#"{"job_type":"dummy","params":{}}"#;
    let submit = format!("POST /jobs HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\n\r\n{job}", job.len());
    reader.get_mut().write_all(submit.as_bytes()).await.unwrap();
    let (code, body) = read_answer(&mut reader).await.expect("the submit is answered");
    assert_eq!(code, 202, "{body}");
    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["job_id"].as_str().unwrap().to_owned();

    // The body comes a moment after the head, as it may over a real network.
    let head = format!("POST /jobs/{id}/cancel HTTP/1.1\r\nHost: {host}\r\nContent-Length: 2\r\n\r\n");
    reader.get_mut().write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    reader.get_mut().write_all(b"{}").await.unwrap();
    let (code, body) = read_answer(&mut reader).await.expect("the cancel is answered");
    assert_eq!(code, 200, "{body}");

    let again = format!("GET /jobs/{id} HTTP/1.1\r\nHost: {host}\r\n\r\n");
    reader.get_mut().write_all(again.as_bytes()).await.unwrap();
    let (code, body) = read_answer(&mut reader).await.expect("the connection is still open for the next request");
    assert_eq!((code, body.contains("\"canceled\"")), (200, true), "{body}");
}

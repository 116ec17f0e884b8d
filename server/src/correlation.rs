//! Every response carries an `x-correlation-id` (the request's own when it sent a usable one),
//! and every request is logged once, with that id, when it has been answered.

use std::time::Instant;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The header's name.
pub const HEADER: &str = "x-correlation-id";

/// An id from a client is echoed when it is 1 to 128 characters of letters, digits, `-`, `_`,
/// `.` or `:`; anything else is replaced, so logs and headers stay clean.
fn usable(id: &str) -> bool {
    (1..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

pub async fn correlate(request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|id| usable(id))
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let started = Instant::now();
    let span =
        // The query too (a list's filters, a chart's window); keys never travel in it (a header).
        tracing::info_span!("request", method = %request.method(), path = request.uri().path(), query = request.uri().query().unwrap_or(""), correlation_id = id);
    let mut response = next.run(request).instrument(span.clone()).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            latency_ms = started.elapsed().as_secs_f64() * 1000.0,
            "answered"
        );
    });
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_plain_ids_are_echoed() {
        assert!(super::usable("req-42_a.b:c"));
        for bad in ["", "has space", "new\nline", &"x".repeat(129), "é"] {
            assert!(!super::usable(bad), "{bad:?}");
        }
    }
}

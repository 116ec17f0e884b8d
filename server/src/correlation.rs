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

/// The longest path or query written to the log, in bytes: a client sending 64 KB queries must
/// not grow the log by as much per request.
pub const MAX_LOGGED_BYTES: usize = 256;

/// Query parameters whose values are secrets (a key sent in the query by mistake is still a
/// key): any whose name holds one of these words.
const SECRET_NAMES: [&str; 5] = ["key", "token", "secret", "password", "auth"];

/// The query as logged: secret values replaced by `[redacted]`, the whole cut to
/// [`MAX_LOGGED_BYTES`].
fn loggable_query(query: &str) -> String {
    let redacted: Vec<String> = query
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decoded = percent_decoded_lowercase(name);
            if !value.is_empty() && SECRET_NAMES.iter().any(|secret| decoded.contains(secret)) {
                format!("{name}=[redacted]")
            } else {
                pair.to_owned()
            }
        })
        .collect();
    cut(&redacted.join("&"), MAX_LOGGED_BYTES)
}

/// `name` with `%xx` escapes and `+` decoded, lowercased (`api%5Fkey` is `api_key`).
fn percent_decoded_lowercase(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).to_ascii_lowercase()
}

/// `text` cut to at most `max` bytes at a character boundary, with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

pub async fn correlate(request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|id| usable(id))
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let started = Instant::now();
    // The query too (a list's filters, a chart's window), with secrets hidden and cut short.
    let query = loggable_query(request.uri().query().unwrap_or(""));
    let path = cut(request.uri().path(), MAX_LOGGED_BYTES);
    let span = tracing::info_span!("request", method = %request.method(), path, query, correlation_id = id);
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
    fn keys_in_a_query_are_never_logged() {
        assert_eq!(super::loggable_query("api_key=s3cret&status=pending"), "api_key=[redacted]&status=pending");
        assert_eq!(super::loggable_query("API%5FKEY=s3cret"), "API%5FKEY=[redacted]");
        assert_eq!(
            super::loggable_query("x-api-key=a&token=b&limit=5"),
            "x-api-key=[redacted]&token=[redacted]&limit=5"
        );
        assert_eq!(super::loggable_query(""), "");
    }

    #[test]
    fn a_logged_query_is_cut_to_256_bytes() {
        let logged = super::loggable_query(&format!("job_type={}", "é".repeat(40_000)));
        assert!(logged.len() <= 256 + "…".len() && logged.ends_with('…'), "{}", logged.len());
    }

    #[test]
    fn only_plain_ids_are_echoed() {
        assert!(super::usable("req-42_a.b:c"));
        for bad in ["", "has space", "new\nline", &"x".repeat(129), "é"] {
            assert!(!super::usable(bad), "{bad:?}");
        }
    }
}

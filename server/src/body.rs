//! Request bodies: a size limit, time limits, a memory budget shared by all requests,
//! `Content-Encoding: gzip`, and FastAPI's content-type rule.
//!
//! Memory is taken as bytes arrive, never from `Content-Length` (a header costs nothing to send):
//! the buffer grows by doubling, and each growth is first reserved from [`Bodies`], the budget of
//! all bodies being read at once. A body that would go beyond it is answered 503 with
//! `Retry-After` (the client sends it again shortly), so many large or stalled bodies cannot
//! take the process's memory.

use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use http_body_util::{BodyExt, LengthLimitError, Limited};

/// The largest body accepted, as sent and after decompression (32 MiB).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Bodies larger than this are decompressed and validated off the async threads.
pub const INLINE_WORK_BYTES: usize = 256 * 1024;

/// How long a body may take, and how much memory all bodies may hold at once.
#[derive(Debug, Clone)]
pub struct BodyLimits {
    /// A body whose bytes stop arriving for this long is answered 408.
    pub stall: Duration,
    /// Bytes per second a body must keep up on average once `stall` has passed (0: any rate).
    pub min_rate: u64,
    /// Bytes of all bodies being read (and validated) at once.
    pub memory: usize,
}

impl Default for BodyLimits {
    fn default() -> BodyLimits {
        BodyLimits { stall: Duration::from_secs(10), min_rate: 32 * 1024, memory: 384 * 1024 * 1024 }
    }
}

/// The budget of body memory, shared by every request.
#[derive(Debug)]
pub struct Bodies {
    limits: BodyLimits,
    used: AtomicUsize,
}

impl Bodies {
    pub fn new(limits: BodyLimits) -> Arc<Bodies> {
        Arc::new(Bodies { limits, used: AtomicUsize::new(0) })
    }
}

/// Bytes of the budget held by one body; given back when dropped.
#[derive(Debug)]
pub struct Reservation {
    bodies: Arc<Bodies>,
    bytes: usize,
}

impl Reservation {
    fn new(bodies: &Arc<Bodies>) -> Reservation {
        Reservation { bodies: bodies.clone(), bytes: 0 }
    }

    /// Takes `more` bytes from the budget, or says the server is busy.
    fn grow(&mut self, more: usize) -> Result<(), BodyError> {
        let limit = self.bodies.limits.memory;
        self.bodies
            .used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                used.checked_add(more).filter(|&total| total <= limit)
            })
            .map_err(|_| BodyError::Busy(limit / (1024 * 1024)))?;
        self.bytes += more;
        Ok(())
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.bodies.used.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

/// Why a body could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error(
        "The request body is larger than {limit} MiB{0}; send a smaller body (split the job's data, or fetch it \
         from storage in the job).",
        limit = MAX_BODY_BYTES / (1024 * 1024)
    )]
    TooLarge(&'static str),
    #[error(
        "The request body is sent with Content-Encoding {0:?}, which this server does not read; send it \
         uncompressed or with Content-Encoding: gzip."
    )]
    UnsupportedEncoding(String),
    #[error(
        "The request body says Content-Encoding: gzip but is not valid gzip data ({0}); compress it with gzip or \
         drop the header."
    )]
    BadGzip(String),
    #[error("The request body could not be read ({0}); send the request again.")]
    Unreadable(String),
    #[error(
        "The request body arrived too slowly (nothing for {stall} s, or under {rate} KiB/s on average); send it \
         again over a faster connection.",
        stall = .0.stall.as_secs_f64(),
        rate = .0.min_rate / 1024
    )]
    TooSlow(BodyLimits),
    #[error(
        "The server is reading as many request bodies as it has memory for ({0} MiB at once); send the request \
         again in a few seconds."
    )]
    Busy(usize),
}

/// Seconds a client is asked to wait before sending a body refused for want of memory.
pub const RETRY_AFTER_SECONDS: u64 = 5;

impl BodyError {
    pub fn status(&self) -> StatusCode {
        match self {
            BodyError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            BodyError::UnsupportedEncoding(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            BodyError::BadGzip(_) | BodyError::Unreadable(_) => StatusCode::BAD_REQUEST,
            BodyError::TooSlow(_) => StatusCode::REQUEST_TIMEOUT,
            BodyError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// Reads the whole body, at most [`MAX_BODY_BYTES`], decompressing gzip (also at most that),
/// within the time limits of `bodies`. The [`Reservation`] holds the body's bytes in the budget:
/// keep it as long as the bytes (or what is made of them) live.
pub async fn read(headers: &HeaderMap, body: Body, bodies: &Arc<Bodies>) -> Result<(Bytes, Reservation), BodyError> {
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(BodyError::TooLarge(""));
    }
    let gzip =
        match headers.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap_or("?").trim().to_ascii_lowercase()) {
            None => false,
            Some(e) if e.is_empty() || e == "identity" => false,
            Some(e) if e == "gzip" || e == "x-gzip" => true,
            Some(other) => return Err(BodyError::UnsupportedEncoding(other)),
        };
    let limits = &bodies.limits;
    let mut reservation = Reservation::new(bodies);
    let mut limited = Limited::new(body, MAX_BODY_BYTES);
    // Chunks are copied into one buffer as they come, rather than collected and then joined
    // (which holds the body twice). It grows with what arrived, not with what was announced.
    let mut raw: Vec<u8> = Vec::new();
    let started = Instant::now();
    let mut last_data = started;
    loop {
        let by_rate = match limits.min_rate {
            0 => None,
            rate => Some(started + limits.stall + Duration::from_secs_f64(raw.len() as f64 / rate as f64)),
        };
        let deadline = by_rate.map_or(last_data + limits.stall, |r| r.min(last_data + limits.stall));
        let frame = match tokio::time::timeout_at(deadline.into(), limited.frame()).await {
            Err(_) => return Err(BodyError::TooSlow(limits.clone())),
            Ok(None) => break,
            Ok(Some(Ok(frame))) => frame,
            Ok(Some(Err(e))) if e.downcast_ref::<LengthLimitError>().is_some() => return Err(BodyError::TooLarge("")),
            Ok(Some(Err(e))) => return Err(BodyError::Unreadable(e.to_string())),
        };
        let Ok(data) = frame.into_data() else { continue };
        last_data = Instant::now();
        let needed = raw.len() + data.len();
        if needed > raw.capacity() {
            let capacity = needed.max((raw.capacity() * 2).clamp(16 * 1024, MAX_BODY_BYTES));
            reservation.grow(capacity - raw.capacity())?;
            raw.reserve_exact(capacity - raw.len());
        }
        raw.extend_from_slice(&data);
    }
    let raw = Bytes::from(raw);
    if !gzip {
        return Ok((raw, reservation));
    }
    let plain = if raw.len() > INLINE_WORK_BYTES {
        tokio::task::spawn_blocking(move || gunzip(&raw)).await.map_err(|e| BodyError::Unreadable(e.to_string()))??
    } else {
        gunzip(&raw)?
    };
    // The compressed bytes are gone; the budget now holds the decompressed ones.
    let mut decompressed = Reservation::new(bodies);
    drop(reservation);
    decompressed.grow(plain.len())?;
    Ok((plain, decompressed))
}

fn gunzip(compressed: &[u8]) -> Result<Bytes, BodyError> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(compressed)
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| BodyError::BadGzip(e.to_string()))?;
    if out.len() > MAX_BODY_BYTES {
        return Err(BodyError::TooLarge(" once decompressed"));
    }
    Ok(Bytes::from(out))
}

/// Whether FastAPI would read the body as JSON: no content type, or `application/json`, or
/// `application/*+json` (read as Python's `email.message` reads the header).
pub fn is_json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE) else { return true };
    let Ok(value) = value.to_str() else { return false };
    if value.trim().is_empty() {
        return true;
    }
    let media = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match media.split_once('/') {
        Some((main, sub)) if !sub.contains('/') => main == "application" && (sub == "json" || sub.ends_with("+json")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_type(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, value.parse().unwrap());
        headers
    }

    #[test]
    fn json_content_types_are_recognised_as_fastapi_recognises_them() {
        assert!(is_json_content_type(&HeaderMap::new()));
        for json in ["application/json", "Application/JSON; charset=utf-8", "application/vnd.api+json", " "] {
            assert!(is_json_content_type(&with_type(json)), "{json}");
        }
        for other in ["text/plain", "application/x-www-form-urlencoded", "json", "application/json/x", "text/json"] {
            assert!(!is_json_content_type(&with_type(other)), "{other}");
        }
    }

    #[tokio::test]
    async fn bodies_beyond_the_memory_budget_are_refused_and_the_budget_returns() {
        let bodies = Bodies::new(BodyLimits { memory: 1024 * 1024, ..BodyLimits::default() });
        let (first, held) = read(&HeaderMap::new(), Body::from(vec![b'x'; 600 * 1024]), &bodies).await.unwrap();
        assert_eq!(first.len(), 600 * 1024);
        let refused = read(&HeaderMap::new(), Body::from(vec![b'x'; 600 * 1024]), &bodies).await.unwrap_err();
        assert!(matches!(refused, BodyError::Busy(1)), "{refused:?}");
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        drop(held);
        assert!(read(&HeaderMap::new(), Body::from(vec![b'x'; 600 * 1024]), &bodies).await.is_ok());
    }

    #[tokio::test]
    async fn a_declared_length_reserves_nothing() {
        let bodies = Bodies::new(BodyLimits { memory: 64 * 1024, ..BodyLimits::default() });
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_LENGTH, (MAX_BODY_BYTES as u64).into());
        let (bytes, _held) = read(&headers, Body::from("{}"), &bodies).await.unwrap();
        assert_eq!(&bytes[..], b"{}");
    }

    /// A body whose bytes never come.
    struct Silent;

    impl hyper::body::Body for Silent {
        type Data = Bytes;
        type Error = std::io::Error;
        fn poll_frame(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, std::io::Error>>> {
            std::task::Poll::Pending
        }
    }

    #[tokio::test]
    async fn a_stalled_body_is_answered_408() {
        let bodies = Bodies::new(BodyLimits { stall: Duration::from_millis(50), ..BodyLimits::default() });
        let refused = read(&HeaderMap::new(), Body::new(Silent), &bodies).await.unwrap_err();
        assert_eq!(refused.status(), StatusCode::REQUEST_TIMEOUT);
    }

    #[test]
    fn a_gzip_bomb_is_stopped_at_the_limit() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..33 {
            encoder.write_all(&zeros).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        assert!(bomb.len() < 200_000);
        assert!(matches!(gunzip(&bomb), Err(BodyError::TooLarge(_))));
        assert!(matches!(gunzip(b"not gzip"), Err(BodyError::BadGzip(_))));
    }
}

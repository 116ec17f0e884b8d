//! Request bodies: a size limit, `Content-Encoding: gzip`, and FastAPI's content-type rule.

use std::io::Read;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use bytes::BytesMut;
use http_body_util::{BodyExt, LengthLimitError, Limited};

/// The largest body accepted, as sent and after decompression (32 MiB).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Bodies larger than this are decompressed and validated off the async threads.
pub const INLINE_WORK_BYTES: usize = 256 * 1024;

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
}

impl BodyError {
    pub fn status(&self) -> StatusCode {
        match self {
            BodyError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            BodyError::UnsupportedEncoding(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            BodyError::BadGzip(_) | BodyError::Unreadable(_) => StatusCode::BAD_REQUEST,
        }
    }
}

/// Reads the whole body, at most [`MAX_BODY_BYTES`], decompressing gzip (also at most that).
pub async fn read(headers: &HeaderMap, body: Body) -> Result<Bytes, BodyError> {
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
    // Chunks are copied into one buffer of the declared size as they come, rather than collected
    // and then joined (which holds the body twice).
    let mut limited = Limited::new(body, MAX_BODY_BYTES);
    let mut raw = BytesMut::with_capacity(declared.unwrap_or(0) as usize);
    while let Some(frame) = limited.frame().await {
        let frame = match frame {
            Ok(frame) => frame,
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => return Err(BodyError::TooLarge("")),
            Err(e) => return Err(BodyError::Unreadable(e.to_string())),
        };
        if let Ok(data) = frame.into_data() {
            raw.extend_from_slice(&data);
        }
    }
    let raw = raw.freeze();
    if !gzip {
        return Ok(raw);
    }
    if raw.len() > INLINE_WORK_BYTES {
        tokio::task::spawn_blocking(move || gunzip(&raw)).await.map_err(|e| BodyError::Unreadable(e.to_string()))?
    } else {
        gunzip(&raw)
    }
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

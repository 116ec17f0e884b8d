//! The built web app (`--dist DIR`) at `/`, sharing paths with the API.
//!
//! The app's own routes (`/`, `/jobs`, `/jobs/new`, `/jobs/:id`, `/settings`) overlap the API's,
//! so they are told apart by content negotiation: a GET whose `Accept` holds `text/html` is a
//! browser navigation and gets `index.html`; anything else (the app's fetches send
//! `Accept: application/json`, the Python client `*/*`) gets the API. Files of DIR are served
//! as they are (or their precompressed .br / .gz copies); an unknown path that a browser
//! navigates to gets `index.html` too.
//!
//! Pages are sent with the app's Content-Security-Policy as a header: the policy that the build
//! wrote into `index.html` (tools/csp.mjs), plus `frame-ancestors 'none'`, which only a header
//! can carry, so that no other site can frame the console.

use std::path::Path;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::AppError;
use crate::state::AppState;

/// Answers a browser navigation to one of the app's routes with `index.html`.
pub async fn browser_navigation(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match &state.dist {
        Some(dist) if is_navigation(&request) && is_app_route(request.uri().path()) => {
            index_html(dist, request.headers()).await
        }
        _ => next.run(request).await,
    }
}

/// What no API route took: a file of DIR, `index.html` for a browser, or a 404 sentence.
pub async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let Some(dist) = &state.dist else {
        return AppError::RouteNotFound(path).into_response();
    };
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return AppError::RouteNotFound(path).into_response();
    }
    let navigation = is_navigation(&request);
    // Kept for the page, sent when no file answers (the request goes to the file service).
    let headers = request.headers().clone();
    if !is_file_path(&path) {
        return if navigation {
            index_html(dist, &headers).await
        } else {
            AppError::RouteNotFound(path).into_response()
        };
    }
    // Trunk's post-build step writes .br and .gz copies: sent when the browser accepts them.
    let files = ServeDir::new(&**dist).precompressed_br().precompressed_gzip();
    let served = match files.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if served.status() == StatusCode::NOT_FOUND {
        return if navigation {
            index_html(dist, &headers).await
        } else {
            AppError::RouteNotFound(path).into_response()
        };
    }
    let mut response = served.map(Body::new);
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        response.headers_mut().insert(header::CACHE_CONTROL, cache_control(&path));
    }
    let is_html = response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if is_html {
        let html = tokio::fs::read(dist.join("index.html")).await.unwrap_or_default();
        add_page_headers(response.headers_mut(), &html);
    }
    response
}

/// The policy that tools/csp.mjs wrote into the page, as it wrote it.
fn meta_policy(html: &[u8]) -> Option<&str> {
    const START: &[u8] = b"<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let at = html.windows(START.len()).position(|w| w == START)? + START.len();
    let len = html[at..].iter().position(|&b| b == b'"')?;
    std::str::from_utf8(&html[at..at + len]).ok()
}

/// The headers of a page: its policy (with `frame-ancestors 'none'`) and no type sniffing.
fn add_page_headers(headers: &mut HeaderMap, html: &[u8]) {
    let policy = match meta_policy(html) {
        Some(policy) => format!("{policy}; frame-ancestors 'none'"),
        // A development build carries no policy (Trunk's reload script is inline): still no framing.
        None => "frame-ancestors 'none'".to_owned(),
    };
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}

fn is_navigation(request: &Request) -> bool {
    matches!(*request.method(), Method::GET | Method::HEAD)
        && request.headers().get_all(header::ACCEPT).iter().any(|v| v.to_str().is_ok_and(|v| v.contains("text/html")))
}

/// Whether `path` may name a file of DIR. Not when it has an empty segment: `//snippets` would
/// be redirected to `//snippets/`, which a browser reads as another host. Not when a segment is
/// longer than a file name may be (255 bytes): the file system's error was an empty 500.
fn is_file_path(path: &str) -> bool {
    let segments = path.strip_prefix('/').unwrap_or(path);
    let segments = segments.strip_suffix('/').unwrap_or(segments);
    segments.is_empty() || segments.split('/').all(|segment| !segment.is_empty() && segment.len() < 256)
}

/// `/`, `/jobs`, `/jobs/new`, `/jobs/:id` and `/settings`, with or without a trailing slash.
fn is_app_route(path: &str) -> bool {
    let trimmed = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
    let segments: Vec<&str> = trimmed.split('/').skip(1).collect();
    match segments.as_slice() {
        [""] | ["jobs"] | ["settings"] => true,
        ["jobs", id] => !id.is_empty(),
        _ => false,
    }
}

/// Hashed asset names (Trunk writes `name-<16 hex digits>`) never change content: cache them
/// for a year. Everything else (`index.html`, `config.json`) is checked again on every use.
fn cache_control(path: &str) -> HeaderValue {
    let name = path.rsplit('/').next().unwrap_or("");
    let hashed =
        name.split(['-', '.', '_']).any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()));
    HeaderValue::from_static(if hashed { "public, max-age=31536000, immutable" } else { "no-cache" })
}

/// The app's page, as the precompressed copy the browser accepts (Trunk's post-build step writes
/// `index.html.br` and `.gz`): the first file of every visit, on the path to every page's first
/// paint. Sent whole, it took a second round trip on a new connection (17 KB against the 4.5 KB
/// of its brotli copy).
async fn index_html(dist: &Path, headers: &HeaderMap) -> Response {
    let page = dist.join("index.html");
    let html = match tokio::fs::read(&page).await {
        Ok(html) => html,
        Err(e) => {
            return AppError::Internal(format!(
                "the web app's index.html cannot be read from {}: {e}; build the app or fix --dist",
                dist.display()
            ))
            .into_response()
        }
    };
    // Only the encodings the browser accepts: the page is sent whole each time (no 304), as it
    // may have changed with a redeploy.
    let mut ask = Request::new(Body::empty());
    if let Some(accepted) = headers.get(header::ACCEPT_ENCODING) {
        ask.headers_mut().insert(header::ACCEPT_ENCODING, accepted.clone());
    }
    let served = match ServeFile::new(&page).precompressed_br().precompressed_gzip().oneshot(ask).await {
        Ok(response) if response.status() == StatusCode::OK => response.map(Body::new),
        // Gone between the read and now (a redeploy): the text just read.
        _ => (StatusCode::OK, html.clone()).into_response(),
    };
    let (mut parts, body) = served.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    add_page_headers(&mut parts.headers, &html);
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_empty_or_overlong_segments_name_no_file() {
        for path in ["/", "/config.json", "/snippets/", "/snippets/x/inline0.js", &format!("/{}", "a".repeat(255))] {
            assert!(is_file_path(path), "{path}");
        }
        for path in ["//snippets", "/a//b", &format!("/{}", "a".repeat(256)), &format!("/x/{}/y", "é".repeat(128))] {
            assert!(!is_file_path(path), "{path}");
        }
    }

    #[test]
    fn the_apps_routes_are_recognised() {
        for path in ["/", "/jobs", "/jobs/", "/jobs/new", "/jobs/abc-123", "/jobs/abc/", "/settings", "/settings/"] {
            assert!(is_app_route(path), "{path}");
        }
        for path in ["/health", "/openapi.json", "/jobs/a/metadata", "/jobs/a/cancel", "/jobs//", "/x.js"] {
            assert!(!is_app_route(path), "{path}");
        }
    }

    #[test]
    fn pages_carry_the_builds_policy_and_refuse_to_be_framed() {
        let html = br#"<!doctype html><meta charset=utf-8><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'sha256-x='"><title>t</title>"#;
        let mut headers = HeaderMap::new();
        add_page_headers(&mut headers, html);
        assert_eq!(
            headers[header::CONTENT_SECURITY_POLICY],
            "default-src 'none'; script-src 'self' 'sha256-x='; frame-ancestors 'none'"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }

    #[test]
    fn a_page_without_a_policy_still_refuses_to_be_framed() {
        let mut headers = HeaderMap::new();
        add_page_headers(&mut headers, b"<!doctype html><meta charset=utf-8><title>dev</title>");
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], "frame-ancestors 'none'");
    }

    #[test]
    fn hashed_assets_are_cached_for_a_year_and_the_rest_revalidated() {
        assert_eq!(cache_control("/jobs-web-14bbb132fb112346_bg.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/style-7e16356f0d16e254.css"), "public, max-age=31536000, immutable");
        // The app's chunks and their loader (tools/build-wasm.mjs), under a sub-path too.
        assert_eq!(cache_control("/split_fit_views-f6df0f3ec5a4e6df.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/chunk_6-0d09a714afa1a762.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/console/jobs-web-split-3cbec25f272806e1.js"), "public, max-age=31536000, immutable");
        // wasm-bindgen's snippets are named by the crate, not by their content.
        assert_eq!(cache_control("/snippets/jobs-web-035db6c934cc798c/inline0.js"), "no-cache");
        assert_eq!(cache_control("/index.html"), "no-cache");
        assert_eq!(cache_control("/config.json"), "no-cache");
    }
}

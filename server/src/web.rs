//! The built web app (`--dist DIR`) at `/`, sharing paths with the API.
//!
//! The app's own routes (`/`, `/jobs`, `/jobs/new`, `/jobs/:id`, `/settings`) overlap the API's,
//! so they are told apart by content negotiation: a GET whose `Accept` holds `text/html` is a
//! browser navigation and gets `index.html`; anything else (the app's fetches send
//! `Accept: application/json`, the Python client `*/*`) gets the API. Files of DIR are served
//! as they are (or their precompressed .br / .gz copies); an unknown path that a browser
//! navigates to gets `index.html` too.

use std::path::Path;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::error::AppError;
use crate::state::AppState;

/// Answers a browser navigation to one of the app's routes with `index.html`.
pub async fn browser_navigation(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match &state.dist {
        Some(dist) if is_navigation(&request) && is_app_route(request.uri().path()) => index_html(dist).await,
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
    // Trunk's post-build step writes .br and .gz copies: sent when the browser accepts them.
    let files = ServeDir::new(&**dist).precompressed_br().precompressed_gzip();
    let served = match files.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if served.status() == StatusCode::NOT_FOUND {
        return if navigation { index_html(dist).await } else { AppError::RouteNotFound(path).into_response() };
    }
    let mut response = served.map(Body::new);
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        response.headers_mut().insert(header::CACHE_CONTROL, cache_control(&path));
    }
    response
}

fn is_navigation(request: &Request) -> bool {
    matches!(*request.method(), Method::GET | Method::HEAD)
        && request.headers().get_all(header::ACCEPT).iter().any(|v| v.to_str().is_ok_and(|v| v.contains("text/html")))
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

async fn index_html(dist: &Path) -> Response {
    match tokio::fs::read(dist.join("index.html")).await {
        Ok(html) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            html,
        )
            .into_response(),
        Err(e) => AppError::Internal(format!(
            "the web app's index.html cannot be read from {}: {e}; build the app or fix --dist",
            dist.display()
        ))
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn hashed_assets_are_cached_for_a_year_and_the_rest_revalidated() {
        assert_eq!(cache_control("/jobs-web-14bbb132fb112346_bg.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/style-7e16356f0d16e254.css"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/index.html"), "no-cache");
        assert_eq!(cache_control("/config.json"), "no-cache");
    }
}

//! The `Host` and `Origin` check in front of everything (`crate::access` says the rules): a
//! request from where this server may not be used is answered with a sentence, never served.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppError;
use crate::state::AppState;

pub(super) async fn require_own_origin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let access = &state.access;
    let host =
        request.uri().authority().map(|a| a.as_str().to_owned()).or_else(|| {
            request.headers().get(header::HOST).map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        });
    if !access.host_allowed(host.as_deref()) {
        return Err(AppError::ForeignHost { host: host.unwrap_or_default(), port: access.port });
    }
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        let origin = String::from_utf8_lossy(origin.as_bytes());
        if !access.origin_allowed(&origin, host.as_deref()) {
            return Err(AppError::ForeignOrigin(origin.into_owned()));
        }
    }
    Ok(next.run(request).await)
}

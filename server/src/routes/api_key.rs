//! The `X-API-Key` check: when the server was started with a key, every `/jobs` route needs it
//! (compared as `crate::access::KeyDigest` compares, in constant time).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppError;
use crate::state::AppState;

pub(super) async fn require_api_key(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    if let Some(key) = &state.api_key {
        match request.headers().get("x-api-key") {
            None => return Err(AppError::MissingApiKey),
            Some(given) if !key.matches(given.as_bytes()) => return Err(AppError::WrongApiKey),
            Some(_) => {}
        }
    }
    Ok(next.run(request).await)
}

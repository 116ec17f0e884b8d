//! The `X-API-Key` check: when the server was started with a key, every `/jobs` route needs it.

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
            Some(given) if !same_secret(given.as_bytes(), key.as_bytes()) => return Err(AppError::WrongApiKey),
            Some(_) => {}
        }
    }
    Ok(next.run(request).await)
}

/// Compares without stopping at the first difference, so timing does not reveal the key.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn a_key_matches_only_itself() {
        assert!(same_secret(b"secret", b"secret"));
        assert!(!same_secret(b"secret", b"secreT"));
        assert!(!same_secret(b"secret", b"secret2"));
        assert!(!same_secret(b"", b"secret"));
    }
}

//! `GET /health` and `GET /openapi.json`: open to everyone, key or not.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::error::json_text;
use crate::state::AppState;

pub(super) async fn health_get() -> Response {
    json_text(StatusCode::OK, r#"{"status":"ok"}"#.to_owned())
}

pub(super) async fn openapi_get(State(state): State<AppState>) -> Response {
    json_text(StatusCode::OK, state.openapi.to_string())
}

//! What every handler answers besides success ([`AppError`], each case a sentence that says
//! what to do), and the two helpers that write a JSON answer. They live together because an
//! error is a JSON answer too, and failing to write one is an error.

use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use jobs_core::{HTTPValidationError, JobStatus, Rejection, ValidationError};

use crate::body::{BodyError, RETRY_AFTER_SECONDS};
use crate::store::StoreError;

/// Everything a handler can answer besides success, each with a sentence for people.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Job not found")]
    JobNotFound,
    #[error(
        "The job has already {0}, so it cannot be canceled: only pending, waiting or processing jobs can be canceled."
    )]
    AlreadyOver(JobStatus),
    #[error("The body was refused as the hosted API refuses it.")]
    Rejected(Rejection),
    #[error("The query parameters are not valid.")]
    InvalidQuery(Vec<ValidationError>),
    #[error(
        "This server requires an API key: send it in the X-API-Key header (the server was started with --api-key \
         or JOBS_API_KEY)."
    )]
    MissingApiKey,
    #[error("The X-API-Key header does not match this server's API key; send the key the server was started with.")]
    WrongApiKey,
    #[error(
        "This server answers only requests addressed to this machine by a loopback name with its port \
         (http://127.0.0.1:{port}, http://localhost:{port} or http://[::1]:{port}), not to {host:?}: open it at one \
         of those, or start the server with --api-key to serve other host names."
    )]
    ForeignHost { host: String, port: u16 },
    #[error(
        "Requests from pages of {0} are not allowed by this server; to allow that page, start the server with \
         --cors-origin {0}."
    )]
    ForeignOrigin(String),
    #[error(transparent)]
    Body(#[from] BodyError),
    /// The job, objective or channel asked for has no series (the sentence says which exist).
    #[error("{0}")]
    NoSeries(String),
    #[error("No API route is at {0}; see /openapi.json for the routes this server offers.")]
    RouteNotFound(String),
    #[error("This path does not accept {0} requests; see /openapi.json for the methods it takes.")]
    MethodNotAllowed(Method),
    #[error("The job store failed ({0}); check the server's log and its --db file, then try again.")]
    Store(#[from] StoreError),
    #[error("The server failed ({0}); check its log and try again.")]
    Internal(String),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::JobNotFound | AppError::NoSeries(_) | AppError::RouteNotFound(_) => StatusCode::NOT_FOUND,
            AppError::AlreadyOver(_) => StatusCode::CONFLICT,
            AppError::Rejected(r) => StatusCode::from_u16(r.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
            AppError::InvalidQuery(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::MissingApiKey | AppError::WrongApiKey => StatusCode::UNAUTHORIZED,
            // 421: the request was sent to a server that does not answer for that name.
            AppError::ForeignHost { .. } => StatusCode::MISDIRECTED_REQUEST,
            AppError::ForeignOrigin(_) => StatusCode::FORBIDDEN,
            AppError::Body(e) => e.status(),
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Store(StoreError::Closed) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let AppError::Body(BodyError::Busy(_)) = self {
            tracing::warn!("a request body was refused: the memory for bodies is taken");
            let mut response = json_response(status, &serde_json::json!({ "detail": self.to_string() }));
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
            return response;
        }
        if let AppError::Rejected(Rejection::Fails(failure)) = &self {
            // The hosted API fails on such a body: it is answered as FastAPI answers it (plain
            // text), and said in the log as what it is, not as this server failing.
            tracing::info!(reason = %failure.sentence(), "a body the hosted API fails on was answered 500");
        } else if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        match self {
            AppError::Rejected(rejection @ Rejection::Fails(_)) => (
                status,
                [(header::CONTENT_TYPE, HeaderValue::from_static(rejection.content_type()))],
                rejection.body_text(),
            )
                .into_response(),
            AppError::Rejected(rejection) => json_text(status, rejection.body_text()),
            AppError::InvalidQuery(detail) => json_response(status, &HTTPValidationError { detail }),
            other => json_response(status, &serde_json::json!({ "detail": other.to_string() })),
        }
    }
}

/// A response whose body is `value` as JSON, typed `application/json` exactly (the official
/// client compares that header literally).
pub(crate) fn json_response<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(text) => json_text(status, text),
        Err(e) => AppError::Internal(format!("cannot write the answer as JSON: {e}")).into_response(),
    }
}

pub(crate) fn json_text(status: StatusCode, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], text).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_store_is_a_503_so_clients_know_to_try_again() {
        assert_eq!(AppError::Store(StoreError::Closed).status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(AppError::Internal("x".to_owned()).status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn an_error_answers_its_sentence_as_detail_typed_json_exactly() {
        let response = AppError::AlreadyOver(JobStatus::Completed).into_response();
        assert_eq!(response.status(), StatusCode::CONFLICT);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(
            AppError::AlreadyOver(JobStatus::Completed).to_string(),
            "The job has already completed, so it cannot be canceled: only pending, waiting or processing jobs can \
             be canceled."
        );
    }
}

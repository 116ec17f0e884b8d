//! `POST /jobs/{id}/cancel`: a job not yet ended becomes canceled; an ended one is a 409.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use http_body_util::{BodyExt, Limited};

use crate::error::AppError;
use crate::state::AppState;
use crate::store::CancelOutcome;

/// The most of a cancel's (ignored) body that is read; a larger one ends the connection.
const MAX_IGNORED_BODY_BYTES: usize = 64 * 1024;

pub(super) async fn jobs_cancel(
    State(state): State<AppState>,
    job_id: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Response, AppError> {
    // The official client posts `{}`. Read and dropped before answering: an unread body makes
    // hyper close the kept-alive connection after the answer, and a client that sends its next
    // request on it meets "Remote end closed connection without response".
    let _ = Limited::new(body, MAX_IGNORED_BODY_BYTES).collect().await;
    let Path(job_id) = job_id.map_err(|_| AppError::JobNotFound)?;
    match state.scheduler.cancel(job_id).await? {
        CancelOutcome::Canceled { job, .. } => Ok(super::job_answer(StatusCode::OK, &job)),
        CancelOutcome::NotFound => Err(AppError::JobNotFound),
        CancelOutcome::AlreadyOver(status) => Err(AppError::AlreadyOver(status)),
    }
}

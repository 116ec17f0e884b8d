//! `POST /jobs/{id}/cancel`: a job not yet ended becomes canceled; an ended one is a 409.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::error::{json_response, AppError};
use crate::state::AppState;
use crate::store::CancelOutcome;

pub(super) async fn jobs_cancel(
    State(state): State<AppState>,
    job_id: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let Path(job_id) = job_id.map_err(|_| AppError::JobNotFound)?;
    match state.scheduler.cancel(job_id).await? {
        CancelOutcome::Canceled { job, .. } => Ok(json_response(StatusCode::OK, &job.to_response())),
        CancelOutcome::NotFound => Err(AppError::JobNotFound),
        CancelOutcome::AlreadyOver(status) => Err(AppError::AlreadyOver(status)),
    }
}

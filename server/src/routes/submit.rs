//! `POST /jobs`: the body is validated by jobs-core exactly as the hosted API validates it, then
//! filed as a pending job (202 with the whole job).

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jobs_core::{reject_non_json_body, validate_submit_job_bytes};

use crate::body;
use crate::error::AppError;
use crate::query::QueryPairs;
use crate::state::AppState;
use crate::store::NewJob;

pub(super) async fn jobs_submit(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let project_id = QueryPairs::parse(query.as_deref()).last("project_id").map(str::to_owned);
    let is_json = body::is_json_content_type(&headers);
    let (bytes, reservation) = body::read(&headers, body, &state.bodies).await?;
    let validate = move |bytes: &Bytes| {
        let validated = if is_json { validate_submit_job_bytes(bytes) } else { Err(reject_non_json_body(bytes)) };
        // A refusal is written into its answer here, while the work's permit is held: the answer
        // of a body without `job_type` echoes the whole body.
        validated.map_err(|rejection| Box::new(AppError::Rejected(rejection).into_response()))
    };
    // Validating megabytes takes a while: off the async workers, so other requests keep flowing,
    // and a few at a time (the others wait their turn), so that concurrent large bodies cannot
    // take the memory of all their answers at once.
    let validated = if bytes.len() > body::INLINE_WORK_BYTES {
        let permit = state.large_work.clone().acquire_owned().await.map_err(|e| AppError::Internal(e.to_string()))?;
        let work = tokio::task::spawn_blocking(move || {
            let validated = validate(&bytes);
            drop(bytes);
            drop(reservation);
            drop(permit);
            validated
        });
        work.await.map_err(|e| AppError::Internal(e.to_string()))?
    } else {
        let validated = validate(&bytes);
        drop(reservation);
        validated
    };
    let request = match validated {
        Ok(request) => request,
        Err(refusal) => return Ok(*refusal),
    };
    let job_id = uuid::Uuid::new_v4().to_string();
    let job = state.scheduler.submit(NewJob { job_id, request, project_id }).await?;
    Ok(super::job_answer(StatusCode::ACCEPTED, &job))
}

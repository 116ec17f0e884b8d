//! `POST /jobs`: the body is validated by jobs-core exactly as the hosted API validates it, then
//! filed as a pending job (202 with the whole job).

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
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
    let bytes = body::read(&headers, body).await?;
    let validate = move |bytes: &Bytes| {
        if is_json {
            validate_submit_job_bytes(bytes)
        } else {
            Err(reject_non_json_body(bytes))
        }
    };
    // Validating megabytes takes a while: off the async workers, so other requests keep flowing.
    let validated = if bytes.len() > body::INLINE_WORK_BYTES {
        tokio::task::spawn_blocking(move || validate(&bytes)).await.map_err(|e| AppError::Internal(e.to_string()))?
    } else {
        validate(&bytes)
    };
    let request = validated.map_err(AppError::Rejected)?;
    let job_id = uuid::Uuid::new_v4().to_string();
    let job = state.scheduler.submit(NewJob { job_id, request, project_id }).await?;
    Ok(super::job_answer(StatusCode::ACCEPTED, &job))
}

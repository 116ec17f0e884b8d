//! `GET /jobs`: one page of jobs, newest first, with the number that match in `X-Total-Count`.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

use crate::error::{json_text, AppError};
use crate::query::ListQuery;
use crate::state::AppState;

/// How many jobs match the filters, on all pages (exposed to browsers by CORS).
pub(super) const TOTAL_COUNT: &str = "x-total-count";

pub(super) async fn jobs_list(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, AppError> {
    let query = ListQuery::parse(query.as_deref())?;
    let (jobs, total) = state.scheduler.store().list(query.filter, query.limit, query.offset).await?;
    let jobs = jobs.iter().map(|job| job.to_json()).collect::<Result<Vec<_>, _>>();
    let jobs = jobs.map_err(|e| AppError::Internal(format!("cannot write a job as JSON: {e}")))?;
    let mut response = json_text(StatusCode::OK, format!("[{}]", jobs.join(",")));
    response.headers_mut().insert(TOTAL_COUNT, HeaderValue::from(total));
    Ok(response)
}

//! `GET /jobs/{id}` (the job) and `GET /jobs/{id}/metadata` (what was submitted as metadata,
//! plus the intermediate results recorded so far).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jobs_core::pyjson;

use crate::error::{json_text, AppError};
use crate::simulation::fit;
use crate::state::AppState;

/// An id the path cannot hold is a job that does not exist, as the hosted API answers.
pub(super) async fn jobs_get(
    State(state): State<AppState>,
    job_id: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let Path(job_id) = job_id.map_err(|_| AppError::JobNotFound)?;
    let job = state.scheduler.store().get(job_id).await?.ok_or(AppError::JobNotFound)?;
    Ok(super::job_answer(StatusCode::OK, &job))
}

pub(super) async fn jobs_metadata(
    State(state): State<AppState>,
    job_id: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let Path(job_id) = job_id.map_err(|_| AppError::JobNotFound)?;
    let store = state.scheduler.store();
    let (metadata, trace) = store.metadata(job_id.clone()).await?.ok_or(AppError::JobNotFound)?;
    let mut document = metadata_document(metadata.as_deref(), &trace);
    // A simulated fit with a sampler keeps its chain here, as the hosted API does.
    if let Some(members) = sampler_members(&state, &job_id, &trace).await? {
        document.insert_str(document.len() - 1, &format!(",{members}"));
    }
    // Where the job's callback stands, last of all (the server's wins, as for the trace); no
    // member for a job without a callback_url. The document always ends with its `}`.
    if let Some(callback) = store.callback_state(job_id).await? {
        document.insert_str(document.len() - 1, &format!(",{}", crate::callback::metadata_member(&callback)));
    }
    Ok(json_text(StatusCode::OK, document))
}

/// The sampler's members (`"samples":…,"sample_costs":…`, no braces) of a simulated fit run
/// with `"sampler": true`, as far as it has gone; none for any other job.
async fn sampler_members(state: &AppState, job_id: &str, trace: &str) -> Result<Option<String>, AppError> {
    let Some((plan, setup)) = super::simulated_fit(state, job_id).await? else {
        return Ok(None);
    };
    if !plan.sampler {
        return Ok(None);
    }
    let entries = serde_json::from_str::<Vec<serde_json::Value>>(trace).map_or(0, |t| t.len());
    let members = tokio::task::spawn_blocking(move || {
        let data = fit::Data::of(&setup);
        serde_json::Value::Object(fit::sampler_members(&setup, &data, entries)).to_string()
    })
    .await
    .map_err(|e| AppError::Internal(format!("the sampler's chain could not be made: {e}")))?;
    let inner = members.strip_prefix('{').and_then(|m| m.strip_suffix('}')).unwrap_or("");
    Ok((!inner.is_empty()).then(|| inner.to_owned()))
}

/// The submitted metadata, verbatim (made standard JSON), with `intermediate_results` added
/// last: a reader that keeps the last of repeated keys (Python, JavaScript) sees the server's.
fn metadata_document(metadata: Option<&str>, trace: &str) -> String {
    let submitted = metadata.map(pyjson::standard_json).unwrap_or_else(|| "{}".to_owned());
    let inner = submitted.trim().strip_prefix('{').and_then(|s| s.strip_suffix('}')).unwrap_or("");
    if inner.trim().is_empty() {
        format!("{{\"intermediate_results\":{trace}}}")
    } else {
        format!("{{{inner},\"intermediate_results\":{trace}}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_keeps_submitted_fields_and_adds_the_trace_last() {
        assert_eq!(metadata_document(None, "[]"), r#"{"intermediate_results":[]}"#);
        assert_eq!(metadata_document(Some("{ }"), "[1]"), r#"{"intermediate_results":[1]}"#);
        assert_eq!(
            metadata_document(Some(r#"{"tag": "a", "x": NaN}"#), "[]"),
            r#"{"tag": "a", "x": null,"intermediate_results":[]}"#
        );
    }
}

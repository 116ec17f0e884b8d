//! A job's status as a badge (an icon and words, never color alone), and what each error code
//! asks the user to do.

use jobs_core::{JobErrorCode, JobStatus, Open};
use leptos::prelude::*;

/// The badge of a status; a status this app does not know is shown as it is, neutrally.
#[component]
pub fn StatusBadge(status: Open<JobStatus>) -> impl IntoView {
    let (icon, class, text) = match status.known() {
        Some(JobStatus::Pending) => ("◷", "pending", "Pending".to_owned()),
        Some(JobStatus::Processing) => ("⟳", "processing", "Processing".to_owned()),
        Some(JobStatus::Waiting) => ("⧗", "waiting", "Waiting for child jobs".to_owned()),
        Some(JobStatus::Completed) => ("✓", "completed", "Completed".to_owned()),
        Some(JobStatus::Failed) => ("✕", "failed", "Failed".to_owned()),
        Some(JobStatus::Canceled) => ("⊘", "canceled", "Canceled".to_owned()),
        None => ("?", "unknown", status.as_str().to_owned()),
    };
    view! {
        <span class=format!("badge {class}") data-status=status.as_str().to_owned()>
            <span aria-hidden="true" class=if class == "processing" { "spin" } else { "" }>{icon}</span>
            {text}
        </span>
    }
}

/// A short hint of what to do about an error code.
pub fn error_hint(code: &Open<JobErrorCode>) -> &'static str {
    match code.known() {
        Some(JobErrorCode::ConfigurationError) => {
            "The job's parameters or set-up are wrong: check params against the job type's documentation, fix them, and submit again."
        }
        Some(JobErrorCode::ModelError) => {
            "The model could not be built or evaluated: check parameter values and model options (units, ranges, missing parameters)."
        }
        Some(JobErrorCode::SolverError) => {
            "The solver failed: try different solver tolerances or time steps, or a less extreme experiment."
        }
        Some(JobErrorCode::ExecutionTimeout) => {
            "The job ran out of time: make it smaller (fewer cycles, coarser output) or split it into several jobs."
        }
        Some(JobErrorCode::SubmissionFailed) => {
            "The job could not be handed to the workers: submit it again; if it keeps failing, contact support with the job ID."
        }
        Some(JobErrorCode::InternalError) => {
            "Something went wrong inside the service: try again later, and contact support with the job ID if it persists."
        }
        None => "This error code is newer than this app: the job's error message says more.",
    }
}

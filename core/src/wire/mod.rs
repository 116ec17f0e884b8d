//! The API's wire types, exactly as the contract (`contract/submit-job-openapi.md`) names them.
//! Defined here once; the web app and the local server use these and no copies.

mod enums;
mod json_object;
pub mod timestamp;

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

pub use enums::{JobAccessLevelEnum, JobErrorCode, JobStatus, JobType, Open, WireEnum};
pub use json_object::JsonObject;

/// Schema for submitting a new job: the body of `POST /jobs`, as the validator normalizes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmitJobRequest {
    /// Type of job to run.
    pub job_type: JobType,
    /// Parameters for the job, exactly as written.
    pub params: JsonObject,
    /// Job priority, 0 to 10 (10 runs first).
    #[serde(default)]
    pub priority: u8,
    /// Webhook URL for job completion notification, normalized as the API normalizes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// Free-form metadata, exactly as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
    /// Parent job ID for hierarchical job relationships.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_job_id: Option<String>,
}

impl SubmitJobRequest {
    /// The request as a JSON body, with `params` and `metadata` copied verbatim (also when they
    /// hold `NaN` or `Infinity`, which the API accepts). Absent optional fields are left out.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(self.params.as_str().len() + 128);
        let _ = write!(out, "{{\"job_type\":\"{}\",\"params\":{}", self.job_type, self.params);
        let _ = write!(out, ",\"priority\":{}", self.priority);
        if let Some(url) = &self.callback_url {
            let _ = write!(out, ",\"callback_url\":{}", json_string(url));
        }
        if let Some(metadata) = &self.metadata {
            let _ = write!(out, ",\"metadata\":{metadata}");
        }
        if let Some(parent) = &self.parent_job_id {
            let _ = write!(out, ",\"parent_job_id\":{}", json_string(parent));
        }
        out.push('}');
        out
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

fn default_access_level() -> Option<Open<JobAccessLevelEnum>> {
    Some(Open::Known(JobAccessLevelEnum::Organization))
}

/// Schema for job information response: what `POST /jobs`, `GET /jobs/{id}` and the list return.
///
/// Reading it survives a newer server: unknown statuses, error codes, job types and access levels
/// are kept as [`Open::Unknown`], and whether a job is over comes from `is_terminal` / `is_failed`
/// as the server sends them, never from this version's list of statuses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobResponse {
    /// The job's identifier.
    pub job_id: String,
    /// Type of job.
    pub job_type: Open<JobType>,
    /// Where the job is in its life.
    pub status: Open<JobStatus>,
    /// Job priority.
    pub priority: i64,
    /// When the job was submitted.
    #[serde(with = "timestamp")]
    pub created_at: DateTime<Utc>,
    /// When the job last changed.
    #[serde(with = "timestamp")]
    pub updated_at: DateTime<Utc>,
    /// When a worker started it.
    #[serde(default, with = "timestamp::option")]
    pub started_at: Option<DateTime<Utc>>,
    /// When it reached a terminal status.
    #[serde(default, with = "timestamp::option")]
    pub completed_at: Option<DateTime<Utc>>,
    /// Seconds of compute the job used.
    #[serde(default)]
    pub compute_time: Option<f64>,
    /// What went wrong, in a sentence.
    #[serde(default)]
    pub error: Option<String>,
    /// What went wrong, as a code.
    #[serde(default)]
    pub error_code: Option<Open<JobErrorCode>>,
    /// What went wrong, in detail.
    #[serde(default)]
    pub error_detail: Option<JsonObject>,
    /// The job's result.
    #[serde(default)]
    pub result: Option<JsonObject>,
    /// Webhook URL for job completion notification.
    #[serde(default)]
    pub callback_url: Option<String>,
    /// Parent job ID.
    #[serde(default)]
    pub parent_job_id: Option<String>,
    /// Who submitted the job.
    pub user_id: String,
    /// The submitter's organization.
    pub organization_id: String,
    /// The project the job belongs to.
    #[serde(default)]
    pub project_id: Option<String>,
    /// Who may see the job.
    #[serde(default = "default_access_level")]
    pub access_level: Option<Open<JobAccessLevelEnum>>,
    /// Where the service keeps the job's params.
    #[serde(default)]
    pub params_path: Option<String>,
    /// Where the service keeps the job's metadata.
    #[serde(default)]
    pub metadata_path: Option<String>,
    /// Whether the job has reached a terminal state and will not transition further.
    pub is_terminal: bool,
    /// Whether the job terminated unsuccessfully (failed or canceled, not completed).
    pub is_failed: bool,
}

impl JobResponse {
    /// How long the job has run, in milliseconds: see [`run_time_ms`].
    pub fn run_time_ms(&self, now_ms: f64) -> Option<f64> {
        run_time_ms(self.started_at, self.completed_at, !self.is_terminal, now_ms)
    }
}

/// How long a job has run, in milliseconds: from its start to its end, or to `now_ms` while it
/// is still running; None before it starts, and for a job that ended without a recorded end.
pub fn run_time_ms(
    started_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
    running: bool,
    now_ms: f64,
) -> Option<f64> {
    let started = started_at?.timestamp_millis() as f64;
    let end = match completed_at {
        Some(completed) => completed.timestamp_millis() as f64,
        None if running => now_ms,
        None => return None,
    };
    Some((end - started).max(0.0))
}

/// One step of an error's location: a field name or a position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LocItem {
    /// A field name (or `"body"`).
    Key(String),
    /// A position (in a list, or a character position in the body for JSON errors).
    Index(i64),
}

impl std::fmt::Display for LocItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LocItem::Key(key) => f.write_str(key),
            LocItem::Index(index) => write!(f, "{index}"),
        }
    }
}

impl From<&str> for LocItem {
    fn from(key: &str) -> Self {
        LocItem::Key(key.to_owned())
    }
}

/// One entry of a 422 body's `detail`: what is wrong (`type`, `msg`), where (`loc`), with what
/// (`input`, echoed as the API echoes it) and the rule's parameters (`ctx`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ValidationError {
    /// The error type, e.g. `less_than_equal`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Where: `["body", "priority"]`.
    pub loc: Vec<LocItem>,
    /// The message, e.g. `Input should be less than or equal to 10`.
    pub msg: String,
    /// The offending input as JSON text (`null` included; absent only when a server leaves it out).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present_raw")]
    pub input: Option<Box<RawValue>>,
    /// The rule's parameters as JSON text, e.g. `{"le":10}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ctx: Option<Box<RawValue>>,
}

/// Keeps an explicit `null` as `Some(null)`, so that it is written back.
fn present_raw<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Box<RawValue>>, D::Error> {
    <Box<RawValue>>::deserialize(deserializer).map(Some)
}

impl ValidationError {
    /// The field this error is about (`loc[1]` under `body`), if any.
    pub fn field(&self) -> Option<&str> {
        match self.loc.as_slice() {
            [LocItem::Key(body), LocItem::Key(field), ..] if body == "body" => Some(field),
            _ => None,
        }
    }

    /// The `input` as JSON text (`null` when absent).
    pub fn input_json(&self) -> &str {
        self.input.as_deref().map_or("null", RawValue::get)
    }
}

impl PartialEq for ValidationError {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.loc == other.loc
            && self.msg == other.msg
            && self.input.as_deref().map(RawValue::get) == other.input.as_deref().map(RawValue::get)
            && self.ctx.as_deref().map(RawValue::get) == other.ctx.as_deref().map(RawValue::get)
    }
}

/// The body of a 422 answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub struct HTTPValidationError {
    /// What is wrong, one entry per problem, in field order.
    #[serde(default)]
    pub detail: Vec<ValidationError>,
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const NEWER_SERVER_JOB: &str = r#"{
        "job_id": "j-1", "job_type": "quantum_fit", "status": "archived", "priority": 3,
        "created_at": "2026-11-29T10:00:00Z", "updated_at": "2026-11-29T10:00:01.5+00:00",
        "started_at": "2026-11-29T10:00:01", "completed_at": null,
        "error_code": "GPU_ON_FIRE", "error_detail": {"n": 12345678901234567890123},
        "result": {"v": [0.1, 1e400]}, "user_id": "u", "organization_id": "o",
        "access_level": "team", "is_terminal": true, "is_failed": false, "shiny_new_field": 1
    }"#;

    #[test]
    fn run_time_is_start_to_end_or_to_now_while_running() {
        let at = |s: &str| Some(s.parse::<DateTime<Utc>>().unwrap());
        let start = at("2026-11-29T10:00:01Z");
        let now = at("2026-11-29T10:00:31Z").unwrap().timestamp_millis() as f64;
        assert_eq!(run_time_ms(start, at("2026-11-29T10:00:03.5Z"), false, now), Some(2500.0));
        assert_eq!(run_time_ms(start, None, true, now), Some(30_000.0));
        assert_eq!(run_time_ms(None, None, true, now), None, "not started");
        assert_eq!(run_time_ms(start, None, false, now), None, "ended with no end recorded");
        assert_eq!(run_time_ms(None, at("2026-11-29T10:00:03Z"), false, now), None, "canceled before it started");
        let job: JobResponse = serde_json::from_str(NEWER_SERVER_JOB).unwrap();
        assert_eq!(job.run_time_ms(now), None, "terminal, no completed_at");
    }

    #[test]
    fn a_newer_servers_job_is_read_with_unknown_values_kept() {
        let job: JobResponse = serde_json::from_str(NEWER_SERVER_JOB).unwrap();
        assert_eq!(job.status, Open::Unknown("archived".to_owned()));
        assert_eq!(job.job_type.as_str(), "quantum_fit");
        assert_eq!(job.error_code.as_ref().map(Open::as_str), Some("GPU_ON_FIRE"));
        assert_eq!(job.access_level.as_ref().map(Open::as_str), Some("team"));
        assert!(job.is_terminal && !job.is_failed, "terminal comes from the wire, not from the status list");
        assert_eq!(job.error_detail.unwrap().as_str(), r#"{"n": 12345678901234567890123}"#);
        assert_eq!(job.result.unwrap().as_str(), r#"{"v": [0.1, 1e400]}"#);
        assert_eq!(job.started_at.map(|t| timestamp::format(&t)).as_deref(), Some("2026-11-29T10:00:01Z"));
    }

    #[test]
    fn a_job_round_trips_and_defaults_access_level_to_organization() {
        let text = NEWER_SERVER_JOB.replace(r#""access_level": "team","#, "");
        let job: JobResponse = serde_json::from_str(&text).unwrap();
        assert_eq!(job.access_level, Some(Open::Known(JobAccessLevelEnum::Organization)));
        let again: JobResponse = serde_json::from_str(&serde_json::to_string(&job).unwrap()).unwrap();
        assert_eq!(again, job);
    }

    #[test]
    fn terminal_and_failed_derive_from_one_list() {
        let terminal: Vec<_> = JobStatus::ALL.iter().filter(|s| s.is_terminal()).collect();
        assert_eq!(terminal, [&JobStatus::Completed, &JobStatus::Failed, &JobStatus::Canceled]);
        let failed: Vec<_> = JobStatus::ALL.iter().filter(|s| s.is_failed()).collect();
        assert_eq!(failed, [&JobStatus::Failed, &JobStatus::Canceled]);
    }

    #[test]
    fn validation_errors_keep_an_explicit_null_input() {
        let text = r#"{"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null},
                      {"type":"x","loc":["body","params",0],"msg":"m"}]}"#;
        let body: HTTPValidationError = serde_json::from_str(text).unwrap();
        assert_eq!(body.detail[0].input_json(), "null");
        assert!(body.detail[1].input.is_none());
        assert_eq!(body.detail[1].loc[2], LocItem::Index(0));
        let written = serde_json::to_string(&body).unwrap();
        assert!(written.contains(r#""input":null"#) && !written.contains(r#""m","input""#), "{written}");
    }

    #[test]
    fn a_request_is_written_with_params_verbatim() {
        let request = SubmitJobRequest {
            job_type: JobType::EcmFit,
            params: JsonObject::parse(" {\"x\": 1.50, \"n\": 12345678901234567890123, \"bad\": NaN} ").unwrap(),
            priority: 7,
            callback_url: Some("https://a.com/\"q\"".to_owned()),
            metadata: None,
            parent_job_id: Some("p".to_owned()),
        };
        assert_eq!(
            request.to_json(),
            r#"{"job_type":"ecm_fit","params":{"x": 1.50, "n": 12345678901234567890123, "bad": NaN},"priority":7,"callback_url":"https://a.com/\"q\"","parent_job_id":"p"}"#
        );
        let err = serde_json::to_string(&request).unwrap_err().to_string();
        assert!(err.contains("NaN or Infinity"), "{err}");
    }
}

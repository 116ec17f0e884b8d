//! One job as stored ([`JobRow`]): reading it from a row, showing it as the API's
//! `JobResponse`, and the time columns (microseconds since the epoch, UTC).

use chrono::{DateTime, Utc};
use jobs_core::{JobErrorCode, JobStatus, JsonObject, Open, WireEnum};
use rusqlite::Row;

/// The columns [`JobRow::from_row`] reads, in its order. Not `params` (up to 32 MiB, never in an
/// answer: a worker reads it once, when it claims the job) nor `metadata` (read by its own route).
pub(super) const COLUMNS: &str = "seq, job_id, job_type, status, priority, callback_url, parent_job_id, \
    project_id, user_id, organization_id, created_at, updated_at, started_at, completed_at, compute_time, error, \
    error_code, error_detail, result";

/// One job as stored: what `JobResponse` is made from, plus what only the server keeps.
#[derive(Debug, Clone)]
pub struct JobRow {
    pub seq: i64,
    pub job_id: String,
    pub job_type: String,
    pub status: JobStatus,
    pub priority: i64,
    pub callback_url: Option<String>,
    pub parent_job_id: Option<String>,
    pub project_id: Option<String>,
    pub user_id: String,
    pub organization_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub compute_time: Option<f64>,
    pub error: Option<String>,
    pub error_code: Option<String>,
    pub error_detail: Option<String>,
    pub result: Option<String>,
}

impl JobRow {
    /// The job as the API shows it. `is_terminal` and `is_failed` come from `JobStatus` alone.
    pub fn to_response(&self) -> jobs_core::JobResponse {
        self.response_with(self.result.as_deref().and_then(|t| JsonObject::parse(t).ok()))
    }

    /// The job as the API's `JobResponse` JSON text, with `result` written in as stored rather
    /// than parsed: it is this server's own standard JSON (written when the job ended), and may
    /// be megabytes that a `JsonObject` would check and then `serde` would read again.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string(&self.response_with(None))?;
        if let Some(result) = &self.result {
            // `"result":null` can only be a key and its value (a quote inside a string is
            // escaped); the last one is the job's own, since only `error_detail`, before it, can
            // hold objects.
            const NULL_RESULT: &str = "\"result\":null";
            if let Some(at) = text.rfind(NULL_RESULT) {
                text.replace_range(at + NULL_RESULT.len() - 4..at + NULL_RESULT.len(), result);
            }
        }
        Ok(text)
    }

    fn response_with(&self, result: Option<JsonObject>) -> jobs_core::JobResponse {
        jobs_core::JobResponse {
            job_id: self.job_id.clone(),
            job_type: Open::from_wire(&self.job_type),
            status: Open::Known(self.status),
            priority: self.priority,
            created_at: self.created_at,
            updated_at: self.updated_at,
            started_at: self.started_at,
            completed_at: self.completed_at,
            compute_time: self.compute_time,
            error: self.error.clone(),
            error_code: self.error_code.as_deref().map(Open::<JobErrorCode>::from_wire),
            error_detail: self.error_detail.as_deref().and_then(|t| JsonObject::parse(t).ok()),
            result,
            callback_url: self.callback_url.clone(),
            parent_job_id: self.parent_job_id.clone(),
            user_id: self.user_id.clone(),
            organization_id: self.organization_id.clone(),
            project_id: self.project_id.clone(),
            access_level: Some(Open::Known(jobs_core::JobAccessLevelEnum::Organization)),
            params_path: None,
            metadata_path: None,
            is_terminal: self.status.is_terminal(),
            is_failed: self.status.is_failed(),
        }
    }

    /// Reads a row selected with [`COLUMNS`].
    pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<JobRow> {
        let status: String = row.get(3)?;
        let status = JobStatus::from_wire(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("status {status:?}").into(),
            )
        })?;
        Ok(JobRow {
            seq: row.get(0)?,
            job_id: row.get(1)?,
            job_type: row.get(2)?,
            status,
            priority: row.get(4)?,
            callback_url: row.get(5)?,
            parent_job_id: row.get(6)?,
            project_id: row.get(7)?,
            user_id: row.get(8)?,
            organization_id: row.get(9)?,
            created_at: time(row.get(10)?),
            updated_at: time(row.get(11)?),
            started_at: row.get::<_, Option<i64>>(12)?.map(time),
            completed_at: row.get::<_, Option<i64>>(13)?.map(time),
            compute_time: row.get(14)?,
            error: row.get(15)?,
            error_code: row.get(16)?,
            error_detail: row.get(17)?,
            result: row.get(18)?,
        })
    }
}

fn time(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

/// A time as the store keeps it.
pub(super) fn micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

/// `compute_time`: seconds from `start` to `end`, never negative (a clock set back).
pub(super) fn seconds_between(start: DateTime<Utc>, end: DateTime<Utc>) -> f64 {
    ((end - start).num_microseconds().unwrap_or(0).max(0) as f64) / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compute_time_is_never_negative_when_the_clock_goes_back() {
        let start = time(2_000_000);
        assert_eq!(seconds_between(start, time(3_500_000)), 1.5);
        assert_eq!(seconds_between(start, time(1_000_000)), 0.0);
    }

    fn row(result: Option<&str>, error_detail: Option<&str>) -> JobRow {
        JobRow {
            seq: 1,
            job_id: "j".to_owned(),
            job_type: "dummy".to_owned(),
            status: JobStatus::Completed,
            priority: 0,
            callback_url: Some("http://x/\"result\":null".to_owned()),
            parent_job_id: None,
            project_id: None,
            user_id: "u".to_owned(),
            organization_id: "o".to_owned(),
            created_at: time(1),
            updated_at: time(2),
            started_at: None,
            completed_at: None,
            compute_time: None,
            error: Some("\"result\":null".to_owned()),
            error_code: None,
            error_detail: error_detail.map(str::to_owned),
            result: result.map(str::to_owned),
        }
    }

    #[test]
    fn the_json_answer_writes_the_stored_result_in_and_equals_the_parsed_one() {
        for (result, detail) in [
            (Some(r#"{"a": [1, 2.5], "result": null}"#), Some(r#"{"result":null}"#)),
            (None, Some(r#"{"result":null}"#)),
            (Some("{}"), None),
            (None, None),
        ] {
            let job = row(result, detail);
            let text = job.to_json().unwrap();
            let expected = serde_json::to_value(job.to_response()).unwrap();
            assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn stored_times_keep_microseconds() {
        let t = time(1_700_000_000_123_456);
        assert_eq!(micros(t), 1_700_000_000_123_456);
    }
}

//! One job as stored ([`JobRow`]): reading it from a row, showing it as the API's
//! `JobResponse`, and the time columns (microseconds since the epoch, UTC).

use chrono::{DateTime, Utc};
use jobs_core::{JobErrorCode, JobStatus, JsonObject, Open, WireEnum};
use rusqlite::Row;

/// The columns [`JobRow::from_row`] reads, in its order.
pub(super) const COLUMNS: &str = "seq, job_id, job_type, status, priority, params, metadata, callback_url, \
    parent_job_id, project_id, user_id, organization_id, created_at, updated_at, started_at, completed_at, \
    compute_time, error, error_code, error_detail, result";

/// One job as stored: what `JobResponse` is made from, plus what only the server keeps.
#[derive(Debug, Clone)]
pub struct JobRow {
    pub seq: i64,
    pub job_id: String,
    pub job_type: String,
    pub status: JobStatus,
    pub priority: i64,
    pub params: String,
    pub metadata: Option<String>,
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
            result: self.result.as_deref().and_then(|t| JsonObject::parse(t).ok()),
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
            params: row.get(5)?,
            metadata: row.get(6)?,
            callback_url: row.get(7)?,
            parent_job_id: row.get(8)?,
            project_id: row.get(9)?,
            user_id: row.get(10)?,
            organization_id: row.get(11)?,
            created_at: time(row.get(12)?),
            updated_at: time(row.get(13)?),
            started_at: row.get::<_, Option<i64>>(14)?.map(time),
            completed_at: row.get::<_, Option<i64>>(15)?.map(time),
            compute_time: row.get(16)?,
            error: row.get(17)?,
            error_code: row.get(18)?,
            error_detail: row.get(19)?,
            result: row.get(20)?,
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

    #[test]
    fn stored_times_keep_microseconds() {
        let t = time(1_700_000_000_123_456);
        assert_eq!(micros(t), 1_700_000_000_123_456);
    }
}

//! The queue and the life cycle of a job in it: a worker takes the next pending job (highest
//! priority, then oldest), records its progress, and finishes it; any job not yet ended can be
//! canceled. Each change is one transaction that also completes the parents it lets complete.

use chrono::{DateTime, Utc};
use jobs_core::{JobErrorCode, JobStatus, WireEnum};
use rusqlite::{params, Connection, OptionalExtension};

use super::jobs::{get, get_required, SMALL_INPUTS};
use super::parents::{complete_waiting_parents, non_terminal_children};
use super::row::{micros, seconds_between, JobRow};
use super::{Store, StoreError};

/// How a job's own work ended.
#[derive(Clone)]
pub enum Outcome {
    /// It worked: this is its result (a JSON object's text).
    Succeeded { result: String },
    /// It failed with this code, sentence and detail object.
    Failed { code: JobErrorCode, error: String, detail: String },
}

/// What finishing a job's own work did: the job as it now is, and every job that reached a
/// terminal status through it (itself unless it now waits, and parents that waited for it).
pub struct Finished {
    pub job: JobRow,
    pub finished: Vec<JobRow>,
}

/// A job a worker has just taken, with its `params` (read here only: no answer shows them) and
/// its metadata when small (as [`Store::kind`] reads it: a simulated fit may take its cell from it).
pub struct Claimed {
    pub job: JobRow,
    pub params: String,
    pub metadata: Option<String>,
}

/// What a cancel did: the one answer the store, the scheduler and the API all read.
pub enum CancelOutcome {
    /// No job has this id.
    NotFound,
    /// The job had already ended in this status; nothing changed.
    AlreadyOver(JobStatus),
    /// Canceled; `was_processing` says a worker must be told to stop. `finished` lists the jobs
    /// that reached a terminal status (this one, and parents that were waiting for it).
    Canceled { job: Box<JobRow>, was_processing: bool, finished: Vec<JobRow> },
}

impl Store {
    /// Takes the next job to run (highest priority, then oldest) and marks it processing.
    /// `on_claim` runs before the change is visible to any other command.
    pub async fn claim_next(
        &self,
        on_claim: impl FnOnce(&JobRow) + Send + 'static,
    ) -> Result<Option<Claimed>, StoreError> {
        self.call(move |conn| {
            let claimed = claim_next(conn, Utc::now())?;
            if let Some(claimed) = &claimed {
                on_claim(&claimed.job);
            }
            Ok(claimed)
        })
        .await
    }

    /// Replaces a running job's intermediate results. `false` when it is no longer processing.
    pub async fn record_progress(&self, job_id: String, intermediate: String) -> Result<bool, StoreError> {
        self.call(move |conn| {
            let changed = conn.execute(
                "UPDATE jobs SET intermediate_results = ?2, updated_at = ?3 WHERE job_id = ?1 AND status = 'processing'",
                params![job_id, intermediate, micros(Utc::now())],
            )?;
            Ok(changed == 1)
        })
        .await
    }

    /// Ends a processing job's own work. `None` when it is no longer processing (canceled).
    pub async fn finish(&self, job_id: String, outcome: Outcome) -> Result<Option<Finished>, StoreError> {
        match self.finish_or_return(job_id, outcome).await? {
            Ok(done) => Ok(done),
            Err((_, e)) => Err(e),
        }
    }

    /// [`Store::finish`], giving the outcome back with the error when the database refused it
    /// (a full disk), so that the caller can try again. The outer error: the store is closed.
    #[allow(clippy::type_complexity)]
    pub async fn finish_or_return(
        &self,
        job_id: String,
        outcome: Outcome,
    ) -> Result<Result<Option<Finished>, (Outcome, StoreError)>, StoreError> {
        self.call(move |conn| {
            let kept = outcome.clone();
            Ok(finish(conn, &job_id, outcome, Utc::now()).map_err(|e| (kept, e)))
        })
        .await
    }

    /// Cancels a job that has not ended.
    pub async fn cancel(&self, job_id: String) -> Result<CancelOutcome, StoreError> {
        self.call(move |conn| cancel(conn, &job_id, Utc::now())).await
    }
}

#[cfg(test)]
pub(super) fn claim_next_for_test(conn: &mut Connection) -> Result<Option<Claimed>, StoreError> {
    claim_next(conn, Utc::now())
}

fn claim_next(conn: &mut Connection, now: DateTime<Utc>) -> Result<Option<Claimed>, StoreError> {
    let tx = conn.transaction()?;
    let next: Option<String> = tx
        .prepare_cached("SELECT job_id FROM jobs WHERE status = 'pending' ORDER BY priority DESC, seq ASC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let Some(job_id) = next else { return Ok(None) };
    tx.prepare_cached(
        "UPDATE jobs SET status = 'processing', started_at = ?2, updated_at = ?2, intermediate_results = '[]' \
         WHERE job_id = ?1",
    )?
    .execute(params![job_id, micros(now)])?;
    let job = get_required(&tx, &job_id)?;
    // Jobs filed before schema 3 keep their params in their row.
    let (params, metadata) = tx
        .prepare_cached(
            "SELECT COALESCE(i.params, j.params), CASE WHEN length(COALESCE(i.metadata, j.metadata)) <= ?2 \
             THEN COALESCE(i.metadata, j.metadata) END FROM jobs j LEFT JOIN job_inputs i ON i.job_id = j.job_id \
             WHERE j.job_id = ?1",
        )?
        .query_row(params![&job_id, SMALL_INPUTS], |r| Ok((r.get(0)?, r.get(1)?)))?;
    tx.commit()?;
    Ok(Some(Claimed { job, params, metadata }))
}

fn finish(
    conn: &mut Connection,
    job_id: &str,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<Option<Finished>, StoreError> {
    let tx = conn.transaction()?;
    let Some(job) = get(&tx, job_id)? else { return Ok(None) };
    if job.status != JobStatus::Processing {
        return Ok(None);
    }
    let compute_time = job.started_at.map(|s| seconds_between(s, now));
    let now_us = micros(now);
    match outcome {
        Outcome::Succeeded { result } => {
            let waits = non_terminal_children(&tx, job_id)? > 0;
            let (status, completed_at) = if waits { ("waiting", None) } else { ("completed", Some(now_us)) };
            tx.prepare_cached(
                "UPDATE jobs SET status = ?2, result = ?3, compute_time = ?4, completed_at = ?5, updated_at = ?6 \
                 WHERE job_id = ?1",
            )?
            .execute(params![job_id, status, result, compute_time, completed_at, now_us])?;
        }
        Outcome::Failed { code, error, detail } => {
            tx.prepare_cached(
                "UPDATE jobs SET status = 'failed', error = ?2, error_code = ?3, error_detail = ?4, \
                 compute_time = ?5, completed_at = ?6, updated_at = ?6 WHERE job_id = ?1",
            )?
            .execute(params![job_id, error, code.as_str(), detail, compute_time, now_us])?;
        }
    }
    let job = get_required(&tx, job_id)?;
    let mut finished = Vec::new();
    if job.status.is_terminal() {
        finished.push(job.clone());
        finished.extend(complete_waiting_parents(&tx, &job, now)?);
    }
    tx.commit()?;
    Ok(Some(Finished { job, finished }))
}

fn cancel(conn: &mut Connection, job_id: &str, now: DateTime<Utc>) -> Result<CancelOutcome, StoreError> {
    let tx = conn.transaction()?;
    let Some(job) = get(&tx, job_id)? else { return Ok(CancelOutcome::NotFound) };
    if job.status.is_terminal() {
        return Ok(CancelOutcome::AlreadyOver(job.status));
    }
    let was_processing = job.status == JobStatus::Processing;
    // A processing job's compute time ends now. A waiting job's own work had ended with a result
    // and a compute time, but a canceled job has no result: both are cleared, as for a job
    // canceled while pending.
    let compute_time = if was_processing { job.started_at.map(|s| seconds_between(s, now)) } else { None };
    tx.prepare_cached(
        "UPDATE jobs SET status = 'canceled', result = NULL, compute_time = ?2, completed_at = ?3, updated_at = ?3 \
         WHERE job_id = ?1",
    )?
    .execute(params![job_id, compute_time, micros(now)])?;
    let job = get_required(&tx, job_id)?;
    let mut finished = vec![job.clone()];
    finished.extend(complete_waiting_parents(&tx, &job, now)?);
    tx.commit()?;
    Ok(CancelOutcome::Canceled { job: Box::new(job), was_processing, finished })
}

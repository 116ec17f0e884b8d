//! What opening the store does to jobs left mid-way by the last run: jobs that were processing
//! go back to the queue, and waiting jobs whose children all ended are completed.

use chrono::{DateTime, Utc};
use jobs_core::{JobStatus, WireEnum};
use rusqlite::{Connection, Transaction};

use super::parents::{complete_waiting, complete_waiting_parents, non_terminal_children};
use super::row::{micros, JobRow};
use super::StoreError;

/// What opening the store found.
pub struct Recovery {
    /// Jobs that were processing when the server stopped, put back in the queue.
    pub requeued: Vec<String>,
    /// Waiting jobs whose children had all ended: now completed.
    pub finished: Vec<JobRow>,
}

pub(super) fn recover(conn: &mut Connection, now: DateTime<Utc>) -> Result<Recovery, StoreError> {
    let tx = conn.transaction()?;
    let requeued = job_ids_in(&tx, JobStatus::Processing)?;
    // Priority and seq (queue order) are kept; the run starts again from nothing.
    tx.execute(
        "UPDATE jobs SET status = 'pending', started_at = NULL, updated_at = ?1, intermediate_results = '[]' \
         WHERE status = 'processing'",
        [micros(now)],
    )?;
    // A waiting job whose last child ended just as the server stopped would wait forever.
    let mut finished = Vec::new();
    for job_id in job_ids_in(&tx, JobStatus::Waiting)? {
        if non_terminal_children(&tx, &job_id)? == 0 {
            let job = complete_waiting(&tx, &job_id, now)?;
            finished.extend(complete_waiting_parents(&tx, &job, now)?);
            finished.push(job);
        }
    }
    tx.commit()?;
    Ok(Recovery { requeued, finished })
}

/// The ids of the jobs in `status`, in queue order.
fn job_ids_in(tx: &Transaction<'_>, status: JobStatus) -> Result<Vec<String>, StoreError> {
    let mut stmt = tx.prepare("SELECT job_id FROM jobs WHERE status = ?1 ORDER BY seq")?;
    let ids = stmt.query_map([status.as_str()], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
    Ok(ids)
}

//! Jobs that wait for their children: a job whose own work is done while jobs naming it as
//! `parent_job_id` have not ended is `waiting`, and completes when the last of them ends.
//!
//! "Has not ended" is jobs-core's word for it: the statuses `JobStatus` does not call terminal.
//! The SQL list is built from that one list, so a status added to jobs-core is counted here too.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use jobs_core::{JobStatus, WireEnum};
use rusqlite::{params, Transaction};

use super::jobs::{get, get_required};
use super::row::{micros, JobRow};
use super::StoreError;

/// `'pending', 'processing', 'waiting'` today: every status jobs-core does not call terminal, as
/// SQL string literals. Wire names are lowercase words, so quoting them needs no escaping.
fn non_terminal_sql_list() -> String {
    let quoted: Vec<String> = JobStatus::ALL
        .iter()
        .filter(|status| !status.is_terminal())
        .map(|status| format!("'{}'", status.as_str()))
        .collect();
    quoted.join(", ")
}

static COUNT_NON_TERMINAL_CHILDREN: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT COUNT(*) FROM jobs WHERE parent_job_id = ?1 AND status IN ({})", non_terminal_sql_list())
});

/// How many jobs naming `job_id` as their parent have not ended.
pub(super) fn non_terminal_children(tx: &Transaction<'_>, job_id: &str) -> Result<i64, StoreError> {
    Ok(tx.prepare_cached(&COUNT_NON_TERMINAL_CHILDREN)?.query_row([job_id], |r| r.get(0))?)
}

/// Completes a waiting job: its result was set when its own work ended.
pub(super) fn complete_waiting(tx: &Transaction<'_>, job_id: &str, now: DateTime<Utc>) -> Result<JobRow, StoreError> {
    tx.prepare_cached("UPDATE jobs SET status = 'completed', completed_at = ?2, updated_at = ?2 WHERE job_id = ?1")?
        .execute(params![job_id, micros(now)])?;
    get_required(tx, job_id)
}

/// After `child` reached a terminal status: completes its parent if the parent was waiting and
/// this was its last running child, and so on up. Returns the parents completed.
pub(super) fn complete_waiting_parents(
    tx: &Transaction<'_>,
    child: &JobRow,
    now: DateTime<Utc>,
) -> Result<Vec<JobRow>, StoreError> {
    let mut completed = Vec::new();
    let mut next = child.parent_job_id.clone();
    // A chain of parents cannot loop (a parent exists before its child names it), but a bound
    // keeps a hand-edited database from spinning here.
    for _ in 0..10_000 {
        let Some(parent_id) = next.take() else { break };
        let Some(parent) = get(tx, &parent_id)? else { break };
        if parent.status != JobStatus::Waiting || non_terminal_children(tx, &parent_id)? > 0 {
            break;
        }
        let parent = complete_waiting(tx, &parent_id, now)?;
        next = parent.parent_job_id.clone();
        completed.push(parent);
    }
    Ok(completed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statuses_a_job_has_not_ended_in_are_pending_processing_and_waiting() {
        assert_eq!(non_terminal_sql_list(), "'pending', 'processing', 'waiting'");
    }
}

//! When a running job is likely to end, for the live poller to look just after it: how long the
//! jobs this browser sent ran, those with the same type and identical params first, then those
//! of the same type (the history keeps what each submission sent, and how long it ran once its
//! status page saw it complete). The rules are jobs-core's (`poll::expected_duration`, and
//! `PollSchedule::next_wait`, told the time left).
//!
//! Not used, for their cost: the list API's `compute_time` of other clients' jobs (a request
//! and its reading cost more app size than the budget has left), and the job's own progress (the
//! API saves intermediate results at most every 100 iterations or 5 s, and no field says how
//! many iterations a job will run, so their count does not say how far along it is).

use jobs_core::poll::expected_duration;
use jobs_core::{JobResponse, JobStatus};

use crate::live::Live;
use crate::storage;

/// Keeps what `job` says about how long jobs run, and once it runs, tells `live` (once) when it
/// should end. Called with every new look at the job.
pub fn expect_end(live: Live, job: &JobResponse) {
    match (job.status.known(), job.started_at, job.compute_time) {
        (Some(JobStatus::Completed), _, Some(ran)) => storage::remember_compute_time(&job.job_id, ran),
        (Some(JobStatus::Processing), Some(started), _) if live.expected_end().is_nan() => {
            let history = storage::history();
            let params = history.iter().find(|s| s.job_id == job.job_id && !s.params_dropped).map(|s| &s.draft.params);
            let (mut twins, mut same_type) = (Vec::new(), Vec::new());
            for s in history.iter().filter(|s| s.draft.job_type == job.job_type.as_str()) {
                // 0 (not seen completed) is left out by expected_duration.
                if params == Some(&s.draft.params) {
                    twins.push(s.compute_time);
                }
                same_type.push(s.compute_time);
            }
            let started = started.timestamp_millis() as f64;
            let elapsed = (js_sys::Date::now() - started) / 1000.0;
            // Nothing known: an end never reached, so that the page asks once.
            let end = expected_duration(&twins, &same_type, elapsed).map_or(f64::INFINITY, |d| started + d * 1000.0);
            live.expect(end);
        }
        _ => {}
    }
}

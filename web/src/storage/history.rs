//! The jobs this browser submitted, newest first, each with the form it was sent from (for
//! "Clone and edit" and the form's "Recent submissions") and, once seen completed, how long it
//! ran (for guessing when the next like it ends: `expect.rs`).

use serde::{Deserialize, Serialize};

use super::{local, Draft};

const HISTORY_KEY: &str = "jobs.history";
/// Submissions kept for "Clone and edit"; the oldest go first.
const HISTORY_LENGTH: usize = 50;
/// Bodies larger than this are kept without their params (storage holds about 5 MB in all).
const HISTORY_BODY_LIMIT: usize = 256 * 1024;

/// One job this browser submitted, with what it sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// The job's ID as the API answered it.
    pub job_id: String,
    /// When (milliseconds since the epoch).
    pub submitted_at: f64,
    /// The API it went to.
    pub api_base: String,
    /// The form's fields as they were sent (params left out of very large ones).
    pub draft: Draft,
    /// Whether params were too large to keep.
    #[serde(default)]
    pub params_dropped: bool,
    /// How long the job ran (seconds), once its status page saw it completed; 0 until then (not
    /// an `Option`: its code would cost app size).
    #[serde(default)]
    pub compute_time: f64,
}

/// The submissions, newest first.
pub fn history() -> Vec<Submission> {
    local()
        .and_then(|s| s.get_item(HISTORY_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// The history with `submission` added at the front: one entry per job, at most
/// [`HISTORY_LENGTH`], params left out of a very large one.
fn with(mut all: Vec<Submission>, mut submission: Submission) -> Vec<Submission> {
    if submission.draft.params.len() + submission.draft.metadata.len() > HISTORY_BODY_LIMIT {
        submission.draft.params.clear();
        submission.params_dropped = true;
    }
    all.retain(|s| s.job_id != submission.job_id);
    all.insert(0, submission);
    all.truncate(HISTORY_LENGTH);
    all
}

/// Adds a submission at the front of the history; when storage is full, older entries make room.
pub fn remember(submission: Submission) {
    keep(with(history(), submission));
}

/// Notes how long one of this browser's jobs ran, once (a job ends once).
pub fn remember_compute_time(job_id: &str, seconds: f64) {
    let mut all = history();
    if let Some(s) = all.iter_mut().find(|s| s.job_id == job_id && s.compute_time == 0.0) {
        s.compute_time = seconds;
        keep(all);
    }
}

/// Writes the history; when storage is full, older entries make room.
fn keep(mut all: Vec<Submission>) {
    let Some(storage) = local() else { return };
    while !all.is_empty() {
        let text = serde_json::to_string(&all).unwrap_or_default();
        if storage.set_item(HISTORY_KEY, &text).is_ok() {
            return;
        }
        all.pop();
    }
}

/// The submission of this job from this browser, if it made one.
pub fn submission(job_id: &str) -> Option<Submission> {
    history().into_iter().find(|s| s.job_id == job_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(job_id: &str, params: &str) -> Submission {
        Submission {
            job_id: job_id.to_owned(),
            submitted_at: 0.0,
            api_base: "http://api".to_owned(),
            draft: Draft { params: params.to_owned(), ..Draft::fresh() },
            params_dropped: false,
            compute_time: 0.0,
        }
    }

    #[test]
    fn the_newest_submission_comes_first_and_a_job_is_listed_once() {
        let all = with(vec![sent("b", "{}"), sent("a", "{}")], sent("a", r#"{"x":1}"#));
        let ids: Vec<&str> = all.iter().map(|s| s.job_id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(all[0].draft.params, r#"{"x":1}"#);
    }

    #[test]
    fn the_history_keeps_the_newest_fifty() {
        let all = (0..60).fold(Vec::new(), |all, n| with(all, sent(&n.to_string(), "{}")));
        assert_eq!(all.len(), HISTORY_LENGTH);
        assert_eq!(all[0].job_id, "59");
        assert_eq!(all[HISTORY_LENGTH - 1].job_id, "10");
    }

    #[test]
    fn very_large_params_are_left_out_and_that_is_remembered() {
        let large = format!(r#"{{"data":"{}"}}"#, "x".repeat(HISTORY_BODY_LIMIT));
        let all = with(Vec::new(), sent("big", &large));
        assert_eq!(all[0].draft.params, "");
        assert!(all[0].params_dropped);
    }
}

//! The jobs this browser submitted, newest first, each with the form it was sent from (for
//! "Clone and edit" and the form's "Recent submissions") and, once seen completed, how long it
//! ran (for guessing when the next like it ends: `expect.rs`).

use serde::{Deserialize, Serialize};

use super::{local, Draft};

const HISTORY_KEY: &str = "jobs.history";
/// Submissions kept for "Clone and edit"; the oldest go first.
const HISTORY_LENGTH: usize = 50;
/// Bodies larger than this are kept without their params.
const HISTORY_BODY_LIMIT: usize = 256 * 1024;
/// The history's text at most (characters): a fifth of the smallest common quota (about 5 MB,
/// counted in UTF-16), so that drafts and settings always have room. Beyond it the oldest
/// entries lose their params first (each says so); entries themselves are never dropped for room.
const HISTORY_BUDGET: usize = 512 * 1024;

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

thread_local! {
    /// Submissions the browser would not store (storage full): kept in this tab's memory, so that
    /// its pages still know them as this browser's.
    static NOT_STORED: std::cell::RefCell<Vec<Submission>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The stored submissions, newest first.
fn stored() -> Vec<Submission> {
    local()
        .and_then(|s| s.get_item(HISTORY_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// The submissions, newest first: the stored ones and any this tab could not store.
pub fn history() -> Vec<Submission> {
    let mut all = NOT_STORED.with_borrow(Clone::clone);
    let rest: Vec<Submission> = stored().into_iter().filter(|s| !all.iter().any(|m| m.job_id == s.job_id)).collect();
    all.extend(rest);
    all
}

/// Whether this tab's submission of `job_id` could only be kept in its memory (storage full).
pub fn kept_in_memory_only(job_id: &str) -> bool {
    NOT_STORED.with_borrow(|m| m.iter().any(|s| s.job_id == job_id))
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
    within(all, HISTORY_BUDGET)
}

/// The history with the params of its oldest entries left out until its text is within
/// `budget` characters (the newest keeps its own whatever happens, unless it alone is over).
fn within(mut all: Vec<Submission>, budget: usize) -> Vec<Submission> {
    let size = |all: &[Submission]| serde_json::to_string(all).map_or(0, |t| t.len());
    let mut total = size(&all);
    for i in (0..all.len()).rev() {
        if total <= budget {
            break;
        }
        let s = &mut all[i];
        if s.draft.params.is_empty() {
            continue;
        }
        total = total.saturating_sub(s.draft.params.len());
        s.draft.params.clear();
        s.params_dropped = true;
    }
    all
}

/// Adds a submission at the front of the history. When storage refuses it, older entries lose
/// their params; when even that is not enough, the error says so (nothing is dropped silently).
pub fn remember(submission: Submission) -> Result<(), super::SaveError> {
    let kept = keep(with(stored(), submission.clone()));
    if kept.is_err() {
        NOT_STORED.with_borrow_mut(|m| m.insert(0, submission));
    }
    kept
}

/// Past submissions whose params are kept, and those params' size (characters).
pub fn kept_bodies() -> (usize, usize) {
    stored()
        .iter()
        .filter(|s| !s.draft.params.is_empty())
        .fold((0, 0), |(n, size), s| (n + 1, size + s.draft.params.len()))
}

/// Leaves the params out of every past submission (each says so), to make room.
pub fn drop_bodies() {
    let _ = keep(within(stored(), 0));
}

/// Notes how long one of this browser's jobs ran, once (a job ends once).
pub fn remember_compute_time(job_id: &str, seconds: f64) {
    let mut all = stored();
    if let Some(s) = all.iter_mut().find(|s| s.job_id == job_id && s.compute_time == 0.0) {
        s.compute_time = seconds;
        let _ = keep(all);
    }
}

/// Writes the history; when storage is full, older entries lose their params first, then the
/// newest too; an error says that even that did not fit (the stored history is then unchanged).
fn keep(mut all: Vec<Submission>) -> Result<(), super::SaveError> {
    let storage = local().ok_or(super::SaveError::Unavailable)?;
    let mut budget = HISTORY_BUDGET;
    loop {
        let text = serde_json::to_string(&all).unwrap_or_default();
        if storage.set_item(HISTORY_KEY, &text).is_ok() {
            return Ok(());
        }
        if all.iter().all(|s| s.draft.params.is_empty()) {
            return Err(super::SaveError::Full);
        }
        budget = budget.min(text.len()) / 2;
        all = within(all, budget);
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
    fn beyond_its_budget_the_oldest_entries_lose_their_params_first_and_none_is_dropped() {
        let params = format!(r#"{{"data":"{}"}}"#, "x".repeat(100 * 1024));
        let all = (0..12).fold(Vec::new(), |all, n| with(all, sent(&n.to_string(), &params)));
        assert_eq!(all.len(), 12, "no entry dropped for room");
        assert!(serde_json::to_string(&all).unwrap().len() <= HISTORY_BUDGET);
        let kept: Vec<bool> = all.iter().map(|s| !s.params_dropped).collect();
        let first_dropped = kept.iter().position(|k| !k).unwrap();
        assert!(first_dropped >= 4, "the newest keep theirs: {kept:?}");
        assert!(kept[first_dropped..].iter().all(|k| !k), "only the oldest lose theirs: {kept:?}");
        assert!(all[first_dropped..].iter().all(|s| s.draft.params.is_empty()));
    }

    #[test]
    fn a_zero_budget_leaves_every_params_out() {
        let all = within(vec![sent("a", "{\"x\":1}"), sent("b", "{}")], 0);
        assert!(all.iter().all(|s| s.params_dropped && s.draft.params.is_empty()));
    }

    #[test]
    fn very_large_params_are_left_out_and_that_is_remembered() {
        let large = format!(r#"{{"data":"{}"}}"#, "x".repeat(HISTORY_BODY_LIMIT));
        let all = with(Vec::new(), sent("big", &large));
        assert_eq!(all[0].draft.params, "");
        assert!(all[0].params_dropped);
    }
}

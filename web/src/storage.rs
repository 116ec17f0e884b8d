//! What the app keeps in the browser: the form's draft and the history of submissions.

use serde::{Deserialize, Serialize};

const DRAFT_KEY: &str = "jobs.draft";
const HISTORY_KEY: &str = "jobs.history";
/// Submissions kept for "Clone and edit"; the oldest go first.
const HISTORY_LENGTH: usize = 50;
/// Bodies larger than this are kept without their params (storage holds about 5 MB in all).
const HISTORY_BODY_LIMIT: usize = 256 * 1024;

/// `localStorage`, when the browser allows it.
pub fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// `sessionStorage`, when the browser allows it.
pub fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The form as the user left it: every field's text, exactly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Job type (a wire name, or empty).
    pub job_type: String,
    /// Params editor text.
    pub params: String,
    /// Priority as typed.
    pub priority: String,
    /// Callback URL as typed.
    pub callback_url: String,
    /// Metadata editor text.
    pub metadata: String,
    /// Parent job ID as typed.
    pub parent_job_id: String,
    /// Project ID as typed.
    pub project_id: String,
    /// When it was saved (milliseconds since the epoch).
    #[serde(default)]
    pub saved_at: f64,
}

impl Draft {
    /// A fresh form: nothing typed yet (params start as `{}`).
    pub fn fresh() -> Draft {
        Draft { params: "{}".to_owned(), ..Draft::default() }
    }

    /// Whether the user has typed anything (the time it was saved aside).
    pub fn has_content(&self) -> bool {
        let fresh = Draft::fresh();
        let texts = |d: &Draft| {
            [
                d.job_type.clone(),
                d.params.trim().to_owned(),
                d.priority.clone(),
                d.callback_url.clone(),
                d.metadata.trim().to_owned(),
                d.parent_job_id.clone(),
                d.project_id.clone(),
            ]
        };
        texts(self) != texts(&fresh) && texts(self) != texts(&Draft::default())
    }
}

/// Why a draft could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The browser has no storage for this page (private mode, or blocked).
    Unavailable,
    /// The draft is larger than what the browser lets this page keep.
    TooLarge,
}

/// Saves the draft (replacing the previous one).
pub fn save_draft(draft: &Draft) -> Result<(), SaveError> {
    let storage = local().ok_or(SaveError::Unavailable)?;
    let text = serde_json::to_string(draft).map_err(|_| SaveError::Unavailable)?;
    storage.set_item(DRAFT_KEY, &text).map_err(|_| SaveError::TooLarge)
}

/// The saved draft, if any.
pub fn load_draft() -> Option<Draft> {
    serde_json::from_str(&local()?.get_item(DRAFT_KEY).ok()??).ok()
}

/// Forgets the draft.
pub fn clear_draft() {
    if let Some(storage) = local() {
        let _ = storage.remove_item(DRAFT_KEY);
    }
}

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
}

/// The submissions, newest first.
pub fn history() -> Vec<Submission> {
    local()
        .and_then(|s| s.get_item(HISTORY_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Adds a submission at the front, keeping the history within its length; when storage is
/// full, older entries make room.
pub fn remember(mut submission: Submission) {
    let Some(storage) = local() else { return };
    if submission.draft.params.len() + submission.draft.metadata.len() > HISTORY_BODY_LIMIT {
        submission.draft.params.clear();
        submission.params_dropped = true;
    }
    let mut all = history();
    all.retain(|s| s.job_id != submission.job_id);
    all.insert(0, submission);
    all.truncate(HISTORY_LENGTH);
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

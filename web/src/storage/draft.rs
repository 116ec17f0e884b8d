//! The form's draft: every field's text exactly as the user left it, saved as they type and
//! brought back when they return.

use serde::{Deserialize, Serialize};

use super::local;

const DRAFT_KEY: &str = "jobs.draft";

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_or_empty_form_has_no_content() {
        assert!(!Draft::fresh().has_content());
        assert!(!Draft::default().has_content());
    }

    #[test]
    fn the_time_it_was_saved_and_blank_space_around_the_editors_are_not_content() {
        let draft = Draft { params: "  {}\n".to_owned(), metadata: " \n".to_owned(), saved_at: 5.0, ..Draft::fresh() };
        assert!(!draft.has_content());
    }

    #[test]
    fn any_typed_field_is_content() {
        let typed = [
            Draft { job_type: "dummy".to_owned(), ..Draft::fresh() },
            Draft { params: r#"{"a":1}"#.to_owned(), ..Draft::fresh() },
            Draft { priority: "3".to_owned(), ..Draft::fresh() },
            Draft { callback_url: "h".to_owned(), ..Draft::fresh() },
            Draft { metadata: "{}".to_owned(), ..Draft::fresh() },
            Draft { parent_job_id: "p".to_owned(), ..Draft::fresh() },
            Draft { project_id: " ".to_owned(), ..Draft::fresh() },
        ];
        for draft in typed {
            assert!(draft.has_content(), "{draft:?}");
        }
    }

    #[test]
    fn a_draft_saved_before_saved_at_existed_still_reads() {
        let text = r#"{"job_type":"dummy","params":"{}","priority":"","callback_url":"","metadata":"","parent_job_id":"","project_id":""}"#;
        let draft: Draft = serde_json::from_str(text).unwrap();
        assert_eq!(draft.job_type, "dummy");
        assert_eq!(draft.saved_at, 0.0);
    }
}

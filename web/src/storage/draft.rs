//! The form's draft: every field's text exactly as the user left it, saved as they type and
//! brought back when they return. Each tab keeps its own draft, so two tabs never overwrite or
//! delete each other's; a new tab starts from the newest one left by any tab.

use serde::{Deserialize, Serialize};

use leptos::prelude::*;

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
    /// When this exact draft was sent without an answer saying what became of it (the job may
    /// exist): the form says so before it is sent again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possibly_sent_at: Option<f64>,
    /// When this exact draft began to be sent, while no answer has come: it is being sent (in
    /// this tab), or, read after the tab's page was reloaded or closed, possibly sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sending_at: Option<f64>,
    /// In a stand-in (localStorage) for a draft too large for it: where the whole draft is kept
    /// apart (its name in IndexedDB, see `large.rs`); its params and metadata here are empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apart: Option<String>,
    /// The job this draft was filled from ("Clone and edit"), until the form saves it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloned_from: Option<String>,
}

impl Draft {
    /// A fresh form: nothing typed yet (params start as `{}`).
    pub fn fresh() -> Draft {
        Draft { params: "{}".to_owned(), ..Draft::default() }
    }

    /// Whether both hold the same texts (when they were saved, and the "possibly sent" mark aside).
    pub fn same_text(&self, other: &Draft) -> bool {
        let texts =
            |d: &Draft| Draft { saved_at: 0.0, possibly_sent_at: None, sending_at: None, apart: None, ..d.clone() };
        texts(self) == texts(other)
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
    /// The draft alone is larger than what browsers let a page keep.
    TooLarge,
    /// The browser's storage for this site is full (the draft itself is not large).
    Full,
}

/// A draft this large (JSON text) is kept in IndexedDB, with a small stand-in in localStorage:
/// browsers keep about 5 MB a site in localStorage, counted in UTF-16 (two bytes a character),
/// so a draft stays under a tenth of the smallest quota there.
const LARGE_DRAFT: usize = 256 * 1024;

impl SaveError {
    /// What the form says about it: what happened and what to do.
    pub fn sentence(&self) -> String {
        match self {
            SaveError::TooLarge => {
                "This draft is too large for the browser to keep (about 2 MB fits); it is kept while this tab is open: keep a copy of the params in a file."
            }
            SaveError::Full => "Browser storage is full, so this draft is kept only while this tab is open.",
            SaveError::Unavailable => "This browser does not let the page keep a draft; it will be lost if you leave.",
        }
        .to_owned()
    }
}

/// This tab's name for its draft: each tab keeps its own (`jobs.draft.<tab>`), so two tabs never
/// overwrite or delete each other's (see `tab.rs` for how each tab's id stays its own).
fn own_key() -> String {
    format!("{DRAFT_KEY}.{}", super::tab::id())
}

/// Every draft kept in this browser (every tab's, and one saved before drafts were per tab).
fn all_drafts(storage: &web_sys::Storage) -> Vec<(String, Draft)> {
    let keys: Vec<String> = (0..storage.length().unwrap_or(0)).filter_map(|i| storage.key(i).ok().flatten()).collect();
    keys.into_iter()
        .filter(|k| k.starts_with(DRAFT_KEY))
        .filter_map(|k| Some((k.clone(), serde_json::from_str(&storage.get_item(&k).ok()??).ok()?)))
        .collect()
}

thread_local! {
    /// A draft the browser would not keep (too large, or no storage), or a large one not yet in
    /// IndexedDB: held here instead, so that leaving the form and coming back in this tab does
    /// not lose it.
    static IN_MEMORY: std::cell::RefCell<Option<Draft>> = const { std::cell::RefCell::new(None) };
    /// Set when IndexedDB refused a large draft after `save_draft` returned (the form says so).
    static LARGE_REFUSED: ArcRwSignal<Option<SaveError>> = ArcRwSignal::new(None);
}

/// IndexedDB's refusal of this tab's large draft, once it came (tracked).
pub fn large_refused() -> Option<SaveError> {
    LARGE_REFUSED.with(|refused| refused.get())
}

/// The whole draft a stand-in names (kept in IndexedDB), or None when it is not there.
pub async fn whole_draft(stand_in: &Draft) -> Option<Draft> {
    let key = stand_in.apart.as_ref()?;
    let text = super::large::read(key).await?;
    serde_json::from_str(&text).ok()
}

/// Removes a draft stored under `key`, and its whole copy in IndexedDB if it has one.
fn remove_draft(storage: &web_sys::Storage, key: &str, draft: &Draft) {
    let _ = storage.remove_item(key);
    if draft.apart.is_some() {
        super::large::remove(key);
    }
}

/// Saves this tab's draft (replacing its previous one; other tabs' stay). When the browser will
/// not keep it, it stays in this tab's memory and the error says why.
pub fn save_draft(draft: &Draft) -> Result<(), SaveError> {
    let key = own_key();
    let mut large = false;
    let saved = local().ok_or(SaveError::Unavailable).and_then(|storage| {
        let text = serde_json::to_string(draft).map_err(|_| SaveError::Unavailable)?;
        if text.len() < LARGE_DRAFT {
            return storage.set_item(&key, &text).map_err(|_| SaveError::Full);
        }
        // Large: the whole draft to IndexedDB (in the background), a stand-in here.
        large = true;
        let stand_in =
            Draft { params: String::new(), metadata: String::new(), apart: Some(key.clone()), ..draft.clone() };
        storage.set_item(&key, &serde_json::to_string(&stand_in).unwrap_or_default()).map_err(|_| SaveError::Full)?;
        let (key, draft) = (key.clone(), draft.clone());
        crate::task::spawn_beyond_page(async move {
            let kept = super::large::store(&key, &text).await;
            // Once stored, this tab's memory need not hold it; if refused, the form is told.
            IN_MEMORY.with_borrow_mut(|held| {
                if kept && held.as_ref().is_some_and(|h| h.same_text(&draft)) {
                    *held = None;
                }
            });
            LARGE_REFUSED.with(|refused| refused.set((!kept).then_some(SaveError::TooLarge)));
        });
        Ok(())
    });
    // Held in memory until the browser has it (a large one: until IndexedDB has it).
    IN_MEMORY.with_borrow_mut(|kept| *kept = (saved.is_err() || large).then(|| draft.clone()));
    if saved.is_err() {
        // An older copy would come back in its place.
        if let Some(storage) = local() {
            let _ = storage.remove_item(&key);
        }
    }
    saved
}

/// What the app keeps that can be cleared to make room: other tabs' drafts (an open tab saves
/// its own again when it is hidden or left) and the params kept with past submissions.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Room {
    /// Other tabs' drafts, and their size (characters).
    pub drafts: (usize, usize),
    /// Past submissions whose params are kept, and the size of those params.
    pub bodies: (usize, usize),
}

impl Room {
    /// "2 drafts of other tabs (1.2 MB) and the params of 12 past submissions (2.3 MB)", or
    /// None when there is nothing to clear.
    pub fn sentence(&self) -> Option<String> {
        let size = |chars: usize| crate::format::human_size(chars * 2);
        let plural = |n: usize, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
        let drafts = (self.drafts.0 > 0).then(|| {
            format!(
                "{} ({})",
                plural(self.drafts.0, "draft of another tab", "drafts of other tabs"),
                size(self.drafts.1)
            )
        });
        let bodies = (self.bodies.0 > 0).then(|| {
            format!(
                "the params of {} ({})",
                plural(self.bodies.0, "past submission", "past submissions"),
                size(self.bodies.1)
            )
        });
        match (drafts, bodies) {
            (Some(d), Some(b)) => Some(format!("{d} and {b}")),
            (d, b) => d.or(b),
        }
    }
}

/// What [`make_room`] would clear now.
pub fn room() -> Room {
    let Some(storage) = local() else { return Room::default() };
    let own = own_key();
    let drafts = all_drafts(&storage)
        .into_iter()
        .filter(|(k, _)| *k != own)
        .fold((0, 0), |(n, size), (_, d)| (n + 1, size + d.params.len() + d.metadata.len()));
    let bodies = super::history::kept_bodies();
    Room { drafts, bodies }
}

/// Clears what [`room`] lists, then saves this tab's draft again; gives what was cleared.
pub fn make_room(draft: &Draft) -> (Room, Result<(), SaveError>) {
    let cleared = room();
    if let Some(storage) = local() {
        let own = own_key();
        for (key, draft) in all_drafts(&storage).into_iter().filter(|(k, _)| *k != own) {
            remove_draft(&storage, &key, &draft);
        }
    }
    super::history::drop_bodies();
    (cleared, save_draft(draft))
}

/// How long a draft another tab left is kept after its last change (days); it is removed when a
/// form opens after that.
pub const OTHER_DRAFT_DAYS: u32 = 7;

/// Whether a draft of another tab is kept: it has content, and changed in the last
/// [`OTHER_DRAFT_DAYS`] (a draft saved before drafts had a time is kept).
fn worth_keeping(draft: &Draft, now: f64) -> bool {
    draft.has_content() && (draft.saved_at == 0.0 || now - draft.saved_at <= f64::from(OTHER_DRAFT_DAYS) * 86_400_000.0)
}

/// The drafts other tabs left (with content, not expired), newest first, each with its key.
pub fn other_drafts() -> Vec<(String, Draft)> {
    let Some(storage) = local() else { return Vec::new() };
    let own = own_key();
    let now = js_sys::Date::now();
    let mut others: Vec<(String, Draft)> =
        all_drafts(&storage).into_iter().filter(|(k, d)| *k != own && worth_keeping(d, now)).collect();
    others.sort_by(|a, b| b.1.saved_at.total_cmp(&a.1.saved_at));
    others
}

/// Removes the draft another tab left under `key`.
pub fn discard_draft(key: &str) {
    if key.starts_with(DRAFT_KEY) && key != own_key() {
        if let Some(storage) = local() {
            let _ = storage.remove_item(key);
        }
        super::large::remove(key);
    }
}

/// This tab's draft, else the newest one with content that another tab left.
pub fn load_draft() -> Option<Draft> {
    if let Some(kept) = IN_MEMORY.with_borrow(Clone::clone) {
        return Some(kept);
    }
    let storage = local()?;
    let own = own_key();
    let all = all_drafts(&storage);
    // Tabs that left nothing typed leave nothing behind; what they left expires.
    let now = js_sys::Date::now();
    for (key, draft) in all.iter().filter(|(k, d)| *k != own && !worth_keeping(d, now)) {
        remove_draft(&storage, key, draft);
    }
    let all: Vec<(String, Draft)> = all.into_iter().filter(|(k, d)| *k == own || worth_keeping(d, now)).collect();
    let mine = all.iter().find(|(k, _)| *k == own).map(|(_, d)| d.clone());
    mine.or_else(|| {
        all.into_iter().map(|(_, d)| d).filter(Draft::has_content).max_by(|a, b| a.saved_at.total_cmp(&b.saved_at))
    })
}

/// Forgets the draft `texts` as of `at` (sent or cleared then): this tab's if it was saved by
/// then (an earlier state of the same form) or holds these texts, and other tabs' copies of these
/// texts. A draft typed since, in any tab, is kept.
pub fn forget_draft(texts: &Draft, at: f64) {
    let gone = |d: &Draft| d.same_text(texts) || d.saved_at <= at;
    IN_MEMORY.with_borrow_mut(|kept| {
        if kept.as_ref().is_some_and(gone) {
            *kept = None;
        }
    });
    let Some(storage) = local() else { return };
    let own = own_key();
    for (key, draft) in all_drafts(&storage) {
        if draft.same_text(texts) || (key == own && gone(&draft)) {
            remove_draft(&storage, &key, &draft);
        }
    }
}

/// Marks this tab's draft as being sent since `at` (the texts sent), until the answer forgets it
/// ([`forget_draft`]) or keeps it unsent ([`keep_unsent_draft`]).
pub fn mark_sending(sent: &Draft, at: f64) {
    let _ = save_draft(&Draft { sending_at: Some(at), possibly_sent_at: None, ..sent.clone() });
}

/// Keeps the draft sent at `at` whose job was not created for sure, as this tab's, marked
/// "possibly sent" when it may have been (unless this tab saved other text after sending).
pub fn keep_unsent_draft(sent: &Draft, at: f64, possibly_sent: bool) -> Result<(), SaveError> {
    let own = local().and_then(|s| serde_json::from_str::<Draft>(&s.get_item(&own_key()).ok()??).ok());
    if own.is_some_and(|d| d.saved_at > at && !d.same_text(sent)) {
        return Ok(());
    }
    save_draft(&Draft { possibly_sent_at: possibly_sent.then_some(at), sending_at: None, ..sent.clone() })
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
    fn drafts_with_the_same_texts_are_the_same_whenever_saved_and_however_marked() {
        let typed = Draft { job_type: "dummy".to_owned(), saved_at: 1.0, ..Draft::fresh() };
        let later = Draft { saved_at: 9.0, possibly_sent_at: Some(5.0), ..typed.clone() };
        assert!(typed.same_text(&later));
        assert!(!typed.same_text(&Draft { priority: "1".to_owned(), ..typed.clone() }));
    }

    #[test]
    fn another_tabs_draft_is_kept_a_week_after_its_last_change() {
        let day = 86_400_000.0;
        let now = 100.0 * day;
        let typed = Draft { job_type: "dummy".to_owned(), ..Draft::fresh() };
        assert!(worth_keeping(&Draft { saved_at: now - 6.9 * day, ..typed.clone() }, now));
        assert!(!worth_keeping(&Draft { saved_at: now - 7.1 * day, ..typed.clone() }, now));
        assert!(worth_keeping(&Draft { saved_at: 0.0, ..typed.clone() }, now), "no time: kept");
        assert!(!worth_keeping(&Draft { saved_at: now, ..Draft::fresh() }, now), "nothing typed: not kept");
    }

    #[test]
    fn a_draft_saved_before_saved_at_existed_still_reads() {
        let text = r#"{"job_type":"dummy","params":"{}","priority":"","callback_url":"","metadata":"","parent_job_id":"","project_id":""}"#;
        let draft: Draft = serde_json::from_str(text).unwrap();
        assert_eq!(draft.job_type, "dummy");
        assert_eq!(draft.saved_at, 0.0);
    }
}

//! Everything the app keeps in the browser, one file per thing kept:
//!
//! | file            | what                                                      | where                          |
//! |-----------------|-----------------------------------------------------------|--------------------------------|
//! | `connection.rs` | API base URL, default project, the API key                | `jobs.settings`; the key in `jobs.api_key` (sessionStorage, or localStorage when remembered) |
//! | `draft.rs`      | the form as the user left it, one per tab                 | `jobs.draft.<tab>` (localStorage); the tab's id in `jobs.tab` (sessionStorage) |
//! | `tab.rs`        | this tab's own id (a copied tab takes a new one)          | `jobs.tab` (sessionStorage); the `jobs.tabs` BroadcastChannel |
//! | `large.rs`      | drafts too large for localStorage (from 256 K characters) | IndexedDB `jobs`, store `drafts`; a stand-in in `jobs.draft.<tab>` |
//! | `history.rs`    | the jobs this browser submitted, for "Clone and edit"    | `jobs.history` (localStorage)  |
//! |                 | and how long each ran, for guessing when the next ends   |                                |

pub mod connection;
pub mod draft;
pub mod history;
mod large;
pub mod tab;

pub use connection::ConnectionSettings;
pub use draft::{
    discard_draft, forget_draft, keep_unsent_draft, large_refused, load_draft, make_room, mark_sending, other_drafts,
    room, save_draft, whole_draft, Draft, SaveError, OTHER_DRAFT_DAYS,
};
pub use history::{history, kept_in_memory_only, remember, remember_compute_time, submission, Submission};

/// `localStorage`, when the browser allows it.
fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// `sessionStorage`, when the browser allows it.
fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

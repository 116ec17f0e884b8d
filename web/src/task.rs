//! The one way pages run asynchronous work, so that leaving a page never touches what it left
//! behind (reading a disposed signal panics, and the release build aborts: the app dies).
//!
//! The rule, for every `.await` in a page:
//!
//! - **Reads** (loading a job, the list, metadata, a connection test, polling, files, the
//!   clipboard) run with [`spawn_for_page`]: the task belongs to the page and is dropped when the
//!   page is left. Dropping it drops the request's future, which aborts the fetch
//!   (`api::send`'s guard), so no answer arrives for a page that is gone.
//! - **Writes** (submitting a job, canceling one) are never aborted and never retried by
//!   themselves: they run with [`spawn_beyond_page`]. After the answer, what matters beyond the
//!   page comes first (the created job written to the history, its draft cleared), and only then
//!   the page is told, with `try_*` / `set` only (never `get`, `with` or `get_value`, which panic
//!   once the page is gone).
//! - Timers a page starts are cleared in its `on_cleanup`.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::Owner;

type Task = Pin<Box<dyn Future<Output = ()>>>;

/// Runs `task` for the page being built (or for `owner`, the page's, from a timer or a browser
/// event that runs outside it); the task is dropped, and its requests aborted, when that page is
/// left.
pub fn spawn_for_page(owner: Option<&Owner>, task: impl Future<Output = ()> + 'static) {
    spawn_owned(owner, Box::pin(task));
}

// Not generic: one copy in the build for every caller.
fn spawn_owned(owner: Option<&Owner>, task: Task) {
    match owner {
        Some(owner) => owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(task)),
        None => leptos::task::spawn_local_scoped_with_cancellation(task),
    }
}

/// Runs a write to its end whether or not the page is still there (see the rule above).
pub fn spawn_beyond_page(task: impl Future<Output = ()> + 'static) {
    leptos::task::spawn_local(Box::pin(task) as Task);
}

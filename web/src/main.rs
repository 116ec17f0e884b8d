//! The Ionworks jobs console, a Leptos single-page app. Built and served by Trunk:
//!
//!     trunk serve --offline              (development, at http://127.0.0.1:8080)
//!     trunk build --release --offline    (static files in dist/)
//!
//! Where things are:
//!
//! - `app.rs`: the shell (header, navigation, the current page); `router.rs`: the routes.
//! - `pages/`: one module per page; the form is a folder (`pages/new_job/`); `compare.rs`: what
//!   the compare page shows of jobs side by side.
//! - `components/`: what pages share (fields, the API error banner, editor, tree, chart, badge).
//! - `api/`: the typed client of the jobs API, its errors, and the list's filters.
//! - `connection.rs`: where the API is, app-wide; `storage/`: everything kept in the browser
//!   (the API key in `storage/connection.rs`, the draft, the history of submissions).
//! - `live.rs`: polling; `expect.rs`: when a running job is likely to end, for polling;
//!   `format.rs`: times, sizes, numbers; `uri.rs`: percent-encoding;
//!   `snippets.rs`: "Copy as curl / Python"; `clipboard.rs`: copying.
//! - `task.rs`: the one way a page runs async work (reads end with the page; writes run to their end).
//! - `chunks.rs`: the parts of the app loaded when a page needs them (the split points).
//! - `erased.rs`: event handlers, changing texts and parts of pages as one type each (app size).
//!
//! Pure logic is unit-tested natively: `cargo test -p jobs-web`.

mod api;
mod app;
mod chunks;
mod clipboard;
mod compare;
mod components;
mod connection;
mod download;
mod erased;
mod expect;
mod fit;
mod format;
mod live;
mod pages;
mod plot;
mod router;
mod snippets;
mod storage;
mod task;
mod uri;

fn main() {
    // Development builds say why they stopped; release builds abort without the message text.
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
    // Before the form reads its draft: a tab that is a copy of another learns it and takes an
    // id of its own (storage/tab.rs).
    storage::tab::start();
    leptos::mount::mount_to_body(app::App);
    chunks::prefetch();
}

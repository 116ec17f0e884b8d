//! The Ionworks jobs console, a Leptos single-page app. Built and served by Trunk:
//!
//!     trunk serve --offline              (development, at http://127.0.0.1:8080)
//!     trunk build --release --offline    (static files in dist/)

mod api;
mod app;
mod components;
mod pages;
mod router;
mod settings;
mod snippets;
mod storage;

fn main() {
    leptos::mount::mount_to_body(app::App);
}

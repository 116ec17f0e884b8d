//! The Ionworks jobs console, a Leptos single-page app. Built and served by Trunk:
//!
//!     trunk serve --offline        (development)
//!     trunk build --release --offline   (static files in dist/)

mod app;
mod pages;
mod routes;

fn main() {
    leptos::mount::mount_to_body(app::App);
}

//! The Ionworks jobs console, a Leptos single-page app. Built and served by Trunk:
//!
//!     trunk serve --offline              (development, at http://127.0.0.1:8080)
//!     trunk build --release --offline    (static files in dist/)

mod api;
mod app;
mod components;
mod live;
mod pages;
mod router;
mod settings;
mod snippets;
mod storage;

fn main() {
    // Development builds say why they stopped; release builds abort without the message text.
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
    leptos::mount::mount_to_body(app::App);
}

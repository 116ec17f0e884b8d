//! The shell: a skip link, the header with navigation, and the page the router is on.

use leptos::html::Main;
use leptos::prelude::*;

use crate::erased::{handler, part};

use crate::connection::Connection;
use crate::pages;
use crate::router::{Link, Route, Router};

#[component]
pub fn App() -> impl IntoView {
    Connection::provide();
    let router = Router::provide();
    Effect::new(move |_| document().set_title(&format!("{} · Ionworks Jobs", router.route().title())));
    // The page is built again when the route changes, not when only the query does (the list's
    // filters follow the query themselves, and keep the focus).
    let route = Memo::new(move |_| router.route());
    let main = NodeRef::<Main>::new();
    // Moves the focus itself: with the page's <base>, "#main" would load the app's root.
    let skip_to_main = move |ev: web_sys::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = main.get_untracked() {
            let _ = main.focus();
        }
    };
    view! {
        <a class="skip" href="#main" on:click=handler(skip_to_main)>"Skip to content"</a>
        <header class="site-header">
            <Link to=Route::NewJob class="brand">
                <span aria-hidden="true">"⚡ "</span>"Ionworks Jobs"
            </Link>
            <nav aria-label="Main">
                <Link to=Route::NewJob>"New job"</Link>
                <Link to=Route::Jobs>"Jobs"</Link>
                <Link to=Route::Settings>"Settings"</Link>
            </nav>
        </header>
        <main id="main" tabindex="-1" node_ref=main>
            {part(move || Some(match route.get() {
                Route::NewJob => crate::chunks::new_job_page().into_any(),
                Route::Jobs => crate::chunks::jobs_list_page().into_any(),
                Route::Job(id) => crate::chunks::job_page_view(id).into_any(),
                Route::Compare => crate::chunks::compare_page().into_any(),
                Route::Settings => crate::chunks::settings_page().into_any(),
                Route::NotFound => pages::NotFound().into_any(),
            }))}
        </main>
    }
}

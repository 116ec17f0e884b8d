//! The shell: a skip link, the header with navigation, and the page the router is on.

use leptos::prelude::*;

use crate::erased::part;

use crate::connection::Connection;
use crate::pages;
use crate::router::{Link, Route, Router};

#[component]
pub fn App() -> impl IntoView {
    Connection::provide();
    let router = Router::provide();
    Effect::new(move |_| document().set_title(&format!("{} · Ionworks Jobs", router.route().title())));
    view! {
        <a class="skip" href="#main">"Skip to content"</a>
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
        <main id="main" tabindex="-1">
            {part(move || Some(match router.route() {
                Route::NewJob => pages::NewJob().into_any(),
                Route::Jobs => pages::JobsList().into_any(),
                Route::Job(id) => view! { <pages::JobStatus id=id/> }.into_any(),
                Route::Settings => pages::SettingsPage().into_any(),
                Route::NotFound => pages::NotFound().into_any(),
            }))}
        </main>
    }
}

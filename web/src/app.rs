//! The shell: header with navigation, and the router.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route as RouteView, Router, Routes, A};
use leptos_router::path;

use crate::pages;
use crate::routes::Route;

/// The base path the app is served under (`/console` when built with `--public-url /console/`),
/// read from the `<base>` element Trunk writes into `index.html`.
pub fn base_path() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let path = web_sys::Url::new(&base).map(|u| u.pathname()).unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router base=base_path()>
            <header class="site-header">
                <a class="brand" href=format!("{}/", base_path())>"Ionworks Jobs"</a>
                <nav aria-label="Main">
                    <A href=Route::NewJob.path()>"New job"</A>
                    <A href=Route::Jobs.path()>"Jobs"</A>
                    <A href=Route::Settings.path()>"Settings"</A>
                </nav>
            </header>
            <main id="main">
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <RouteView path=path!("/") view=|| view! { <Redirect path=Route::NewJob.path()/> }/>
                    <RouteView path=path!("/jobs/new") view=pages::NewJob/>
                    <RouteView path=path!("/jobs") view=pages::JobsList/>
                    <RouteView path=path!("/jobs/:id") view=pages::JobStatus/>
                    <RouteView path=path!("/settings") view=pages::Settings/>
                </Routes>
            </main>
        </Router>
    }
}

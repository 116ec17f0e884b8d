//! One module per page.

mod new_job;
mod settings;

use leptos::prelude::*;

use crate::router::{Link, Route};

pub use new_job::NewJob;
pub use settings::Settings;

/// The jobs list (its own issue fills this in).
#[component]
pub fn JobsList() -> impl IntoView {
    view! { <h1>"Jobs"</h1><p>"The list of jobs comes here."</p> }
}

/// One job's status (its own issue fills this in).
#[component]
pub fn JobStatus(id: String) -> impl IntoView {
    view! { <h1>"Job " {id}</h1><p>"The job's live status comes here."</p> }
}

/// Any other address.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at this address. "
            <Link to=Route::NewJob>"Submit a job"</Link>
            " or see the "<Link to=Route::Jobs>"jobs list"</Link>"."
        </p>
    }
}

//! One module per page (the form, a folder: see `new_job/mod.rs`), and the page for any other
//! address.

mod compare;
mod job_status;
mod jobs_list;
mod new_job;
mod settings;

use leptos::prelude::*;

use crate::router::{Link, Route};

pub use compare::Compare;
pub use job_status::JobStatus;
pub use jobs_list::{search, Found, JobsList};
pub use new_job::{into_form, LookForIt, NewJob};
pub use settings::SettingsPage;

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

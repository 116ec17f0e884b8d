//! One module per page.

use leptos::prelude::*;

/// The job-submission form (its own issue fills this in).
#[component]
pub fn NewJob() -> impl IntoView {
    let body = RwSignal::new(String::from(r#"{"job_type":"dummy","params":{}}"#));
    let verdict = move || match jobs_core::validate_submit_job(&body.get()) {
        Ok(request) => format!("The API would accept this {} job.", request.job_type),
        Err(rejection) => rejection.detail().iter().map(|e| e.msg.clone()).collect::<Vec<_>>().join("; "),
    };
    view! {
        <h1>"New job"</h1>
        <label for="body">"Request body"</label>
        <textarea id="body" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
        <p role="status">{verdict}</p>
    }
}

/// The jobs list.
#[component]
pub fn JobsList() -> impl IntoView {
    view! { <h1>"Jobs"</h1><p>"The list of jobs comes here."</p> }
}

/// One job's status.
#[component]
pub fn JobStatus() -> impl IntoView {
    view! { <h1>"Job"</h1><p>"The job's live status comes here."</p> }
}

/// Settings.
#[component]
pub fn Settings() -> impl IntoView {
    view! { <h1>"Settings"</h1><p>"API base URL, key and default project come here."</p> }
}

/// Any other address.
#[component]
pub fn NotFound() -> impl IntoView {
    view! { <h1>"Page not found"</h1><p>"There is no page at this address."</p> }
}

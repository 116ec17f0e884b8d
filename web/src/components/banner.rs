//! An API error as a banner: what happened and what to do, with a link to Settings when the fix
//! is there (the key or the address). The form, the status page and the list all show theirs so.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::router::{Link, Route};

/// The banner of `error`; `children` add what the page wants to say after it.
#[component]
pub fn ApiErrorBanner(
    error: ApiError,
    /// The page keeps what it showed and polls again: a passing failure is a warning that says
    /// so (and sends nobody to Settings), and the banner is a status, not an alert.
    #[prop(optional)]
    retrying: bool,
    /// Nothing was loaded yet: a retrying page has no last known state to show.
    #[prop(optional)]
    nothing_yet: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let passing = retrying && error.is_transient();
    let class = if passing { "banner warn" } else { "banner bad" };
    let role = if retrying { "status" } else { "alert" };
    let settings_link = error.needs_settings() && !passing;
    view! {
        <div class=class role=role>
            <p>{error.sentence()}</p>
            {settings_link.then(|| view! { <p><Link to=Route::Settings>"Open Settings"</Link></p> })}
            {passing.then(|| view! { <p>{if nothing_yet { "Retrying with backoff." } else { "Showing the last known state; retrying with backoff." }}</p> })}
            {children.map(|children| children())}
        </div>
    }
}

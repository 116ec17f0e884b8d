//! The app's routes, named once.

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The job-submission form.
    NewJob,
    /// The jobs list.
    Jobs,
    /// One job's live status.
    Job(String),
    /// Settings: API base URL, key, default project.
    Settings,
}

impl Route {
    /// The route's path, relative to the app's base.
    pub fn path(&self) -> String {
        match self {
            Route::NewJob => "/jobs/new".to_owned(),
            Route::Jobs => "/jobs".to_owned(),
            Route::Job(id) => format!("/jobs/{}", js_sys::encode_uri_component(id)),
            Route::Settings => "/settings".to_owned(),
        }
    }
}

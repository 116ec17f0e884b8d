//! What the form page says around the form: the banner above it (problems to fix, the API's
//! refusal, a failed request) and the list of recent submissions to open or clone.

use leptos::prelude::*;

use crate::erased::{handler, part};

use super::form::Form;
use super::model::{problems_heading, Field};
use jobs_core::{JobResponse, Open};

use crate::api::{Api, ApiError, JobsQuery};
use crate::components::banner::ApiErrorBanner;
use crate::connection::Connection;
use crate::format::local_time;
use crate::router::{Link, Route};
use crate::storage::Submission;

/// A message above the form.
#[derive(Clone, PartialEq)]
pub enum Banner {
    /// Fix these first (field, message).
    Problems(Vec<(Field, String)>),
    /// The API would fail (500) on these values (field, message): fix them, or send them anyway.
    Fails(Vec<(Field, String)>),
    /// The server answered 422; some entries have no field of their own.
    Rejected(Vec<String>),
    /// The request failed.
    Failed(ApiError),
    /// The request may have reached the server (no answer said what became of it).
    Uncertain {
        /// Why no answer came.
        error: ApiError,
        /// The job type sent, to look for the job.
        job_type: String,
        /// When it was sent (milliseconds since the epoch).
        since: f64,
    },
}

/// The list of problems, each a link to its field.
fn problem_list(problems: Vec<(Field, String)>, form: Form) -> impl IntoView {
    view! {
        <ul>
            {problems.into_iter().map(|(field, message)| view! {
                <li><a href=format!("#{}", field.id()) on:click=handler(move |ev: web_sys::MouseEvent| { ev.prevent_default(); form.focus(field); })>
                    {format!("{}: {message}", field.label())}
                </a></li>
            }).collect_view()}
        </ul>
    }
}

pub fn banner_view(banner: Banner, form: Form) -> AnyView {
    match banner {
        Banner::Problems(problems) => view! {
            <div class="banner bad" role="alert">
                <p>{problems_heading(problems.len())}</p>
                {problem_list(problems, form)}
            </div>
        }
        .into_any(),
        Banner::Fails(problems) => view! {
            <div class="banner bad" role="alert">
                <p>"Not sent: the API cannot answer the values below and would fail with an internal error (500)."</p>
                {problem_list(problems, form)}
                // Submits the form (by its id), with the choice made.
                <p><button type="submit" form="new-job-form" on:click=handler(move |_: web_sys::MouseEvent| form.send_anyway.set(true))>
                    "Send anyway"
                </button>" to see what the API does with them (when testing it)."</p>
            </div>
        }
        .into_any(),
        Banner::Rejected(messages) => {
            let text = if messages.is_empty() {
                "The API did not accept the job; each problem is shown by its field."
            } else {
                "The API did not accept the job:"
            };
            view! {
                <div class="banner bad" role="alert">
                    <p>{text}</p>
                    <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any()
        }
        Banner::Failed(error) => view! {
            <ApiErrorBanner error=error>
                <p>"Your form is kept as it is; nothing was lost."</p>
            </ApiErrorBanner>
        }
        .into_any(),
        Banner::Uncertain { error, job_type, since } => view! {
            <div class="banner warn" role="alert">
                <p>{error.sentence()}</p>
                <p><strong>"The job may have been created."</strong>
                    " Look for it before submitting again; your draft is kept, marked \"possibly sent\"."</p>
                <LookForIt job_type=job_type since=since/>
            </div>
        }
        .into_any(),
    }
}

/// "Look for it": the newest jobs of this type created since the submission (the server's clock
/// may differ a little from this browser's, so a minute before).
#[component]
fn LookForIt(job_type: String, since: f64) -> impl IntoView {
    let connection = Connection::get();
    let found = RwSignal::new(None::<Result<Vec<JobResponse>, ApiError>>);
    let look = move |_| {
        let query = JobsQuery { job_type: Some(Open::from_wire(&job_type)), limit: 5, ..JobsQuery::default() };
        let mut api = Api::of(connection);
        crate::task::spawn_for_page(None, async move {
            let jobs = api.jobs(&query).await.map(|page| {
                page.jobs.into_iter().filter(|j| j.created_at.timestamp_millis() as f64 >= since - 60_000.0).collect()
            });
            found.set(Some(jobs));
        });
    };
    view! {
        <p><button type="button" on:click=handler(look)>"Look for it"</button></p>
        {part(move || found.get().map(|answer| match answer {
            Ok(jobs) if jobs.is_empty() => view! {
                <p>{format!("No job of this type created since {} was found. Look again in a moment; if it is still not there, submit again.", local_time(since))}</p>
            }.into_any(),
            Ok(jobs) => view! {
                <p>"Found, created since then (the newest first): "
                    {jobs.into_iter().map(|j| view! { <Link to=Route::Job(j.job_id.clone())><code>{j.job_id.clone()}</code></Link>" " }).collect_view()}
                </p>
            }.into_any(),
            Err(error) => view! { <p>{format!("Could not look: {}", error.sentence())}</p> }.into_any(),
        }))}
    }
}

#[component]
pub fn RecentSubmissions(recent: RwSignal<Vec<Submission>>, on_clone: Callback<Submission>) -> impl IntoView {
    view! {
        <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">"Recent submissions"</h2>
            {part(move || Some({
                let items = recent.get();
                if items.is_empty() {
                    view! { <p class="muted">"Jobs you submit from this browser are listed here, to open or clone later."</p> }.into_any()
                } else {
                    view! {
                        <ul class="recent">
                            {items.into_iter().take(8).map(|s| {
                                let label = format!("{} · {}", if s.draft.job_type.is_empty() { "?" } else { &s.draft.job_type }, local_time(s.submitted_at));
                                let id = s.job_id.clone();
                                view! {
                                    <li>
                                        <Link to=Route::Job(id.clone())><code>{id.clone()}</code></Link>
                                        " "<span class="muted">{label}</span>" "
                                        <button type="button" class="small" on:click=handler(move |_| on_clone.run(s.clone()))>"Clone"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }))}
        </section>
    }
}

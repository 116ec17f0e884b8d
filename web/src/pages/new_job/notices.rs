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
use crate::format::human_size;
use crate::format::local_time;
use crate::router::{Link, Route};
use crate::storage::{Draft, Submission};

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
    /// This tab sent the form at this time (milliseconds since the epoch); no answer yet.
    Sending(f64),
    /// This tab's submission created this job while the form was not shown.
    Created(String),
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
        Banner::Sending(since) => view! {
            <div class="banner info" role="status">
                <p>{format!("This form is being sent (since {}): this page says what became of it when the answer comes. Your form is kept.", local_time(since))}</p>
            </div>
        }
        .into_any(),
        Banner::Created(job_id) => view! {
            <div class="banner ok" role="status">
                <p>"Sent: the API created job "<Link to=Route::Job(job_id.clone())><code>{job_id.clone()}</code></Link>"."</p>
            </div>
        }
        .into_any(),
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
                {crate::chunks::look_for_it_view(job_type, since)}
            </div>
        }
        .into_any(),
    }
}

/// "Look for it": the newest jobs of this type created since the submission (the server's clock
/// may differ a little from this browser's, so a minute before). A chunk of its own
/// (`chunks::look_for_it_view`), with the list's reading of jobs: only a submission whose answer never
/// came shows it, and the form's first load does without that code.
#[component]
pub fn LookForIt(job_type: String, since: f64) -> impl IntoView {
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

/// The drafts other tabs left (kept [`crate::storage::OTHER_DRAFT_DAYS`] days after their last
/// change), each to use in this form or to discard: none is hidden.
#[component]
pub fn OtherDrafts(others: RwSignal<Vec<(String, Draft)>>, on_use: Callback<Draft>) -> impl IntoView {
    part(move || {
        let items = others.get();
        (!items.is_empty()).then(|| {
            let heading = match items.len() {
                1 => "1 draft from another tab".to_owned(),
                n => format!("{n} drafts from other tabs"),
            };
            view! {
                <details class="other-drafts">
                    <summary>{heading}<span class="muted">{format!(", kept {} days after their last change", crate::storage::OTHER_DRAFT_DAYS)}</span></summary>
                    <ul class="recent">
                        {items.into_iter().map(|(key, draft)| {
                            let label = format!(
                                "{} · saved {} · {}",
                                if draft.job_type.is_empty() { "no job type" } else { &draft.job_type },
                                local_time(draft.saved_at),
                                human_size(draft.params.len() + draft.metadata.len())
                            );
                            view! {
                                <li>
                                    <span>{label}</span>" "
                                    <button type="button" class="small" on:click=handler(move |_| on_use.run(draft.clone()))>"Use in this form"</button>" "
                                    <button type="button" class="small" on:click=handler(move |_| {
                                        crate::storage::discard_draft(&key);
                                        others.update(|all| all.retain(|(k, _)| *k != key));
                                    })>"Discard"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            }
            .into_any()
        })
    })
}

//! `/jobs/:id`: one job, live, to its end: status, timeline, progress chart, error and result,
//! with cancel, clone, refresh and pause.

use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use jobs_core::wire::run_time_ms;
use jobs_core::{JobResponse, JobStatus};
use leptos::html::Dialog;
use leptos::prelude::*;

use crate::erased::{handler, part, text};
use wasm_bindgen::prelude::*;

use crate::api::{Api, ApiError};
use crate::clipboard;
use crate::components::banner::ApiErrorBanner;
use crate::components::confirm::Confirm;
use crate::components::status::{error_hint, StatusBadge};
use crate::connection::Connection;
use crate::fit::Fit;
use crate::format::{duration, local_time, relative, reveal_bidi};
use crate::live::{clock, Live, Outcome};
use crate::pages::new_job::draft_from_job;
use crate::router::{Link, Route, Router};
use crate::storage::{self, Draft, Submission};

#[wasm_bindgen(module = "/js/browser.js")]
extern "C" {
    #[wasm_bindgen(js_name = notificationPermission)]
    fn notification_permission() -> String;
    #[wasm_bindgen(js_name = askNotificationPermission)]
    async fn ask_notification_permission() -> JsValue;
    fn notify(title: &str, body: &str);
}

/// What the page knows about the job.
#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Loaded(Box<JobResponse>),
    Missing,
}

fn ms(t: &DateTime<Utc>) -> f64 {
    t.timestamp_millis() as f64
}

/// A timestamp in local time, with how long ago.
fn when(t: &DateTime<Utc>, now: f64) -> String {
    format!("{} ({})", local_time(ms(t)), relative(ms(t), now))
}

#[component]
pub fn JobStatus(id: String) -> impl IntoView {
    let router = Router::get();
    let connection = Connection::get();
    let job = RwSignal::new(Load::Loading);
    let problem = RwSignal::new(None::<ApiError>);
    let fit = RwSignal::new(Fit::default());
    // The metadata of a fit whose reader (a chunk) did not arrive: read again on Retry.
    let fit_unread = RwSignal::new(None::<Arc<str>>);
    // What the job was run with: what this browser sent, else the job's metadata as the API has it.
    let sent = storage::submission(&id);
    let from_this_browser = sent.is_some();
    let api_metadata = RwSignal::new(None::<Arc<str>>);
    // Bumped when the model against the data should be fetched again (the fit moved on).
    let refresh = RwSignal::new(0usize);
    let last_refresh = StoredValue::new(0f64);
    let now = clock();
    let cancel_note = RwSignal::new(None::<(bool, String)>);
    let canceling = RwSignal::new(false);
    let permission = RwSignal::new(notification_permission());
    let clone_question = RwSignal::new(false);
    let clone_failed = RwSignal::new(false);
    let copied = RwSignal::new(None::<String>);
    let cancel_dialog = NodeRef::<Dialog>::new();
    let open_dialog = move || {
        if let Some(dialog) = cancel_dialog.get_untracked().filter(|d| !d.open()) {
            let _ = dialog.show_modal();
        }
    };
    let close_dialog = move || {
        if let Some(dialog) = cancel_dialog.get_untracked().filter(|d| d.open()) {
            dialog.close();
        }
    };

    let poll = {
        let id = id.clone();
        move || {
            let id = id.clone();
            async move {
                let mut api = Api::of(connection);
                match api.job(&id).await {
                    Ok(fresh) => {
                        let before = job.with_untracked(|l| match l {
                            Load::Loaded(j) => Some((j.status.clone(), j.is_terminal)),
                            _ => None,
                        });
                        // The schedule speeds up on a change of status, and stays at a poll every 2 s at
                        // most while a fit's saved iterations grow (jobs-core's PollSchedule).
                        let changed = before.as_ref().is_some_and(|(s, _)| *s != fresh.status);
                        let ended_now =
                            before.as_ref().is_some_and(|(_, was_terminal)| !was_terminal) && fresh.is_terminal;
                        if ended_now && document().hidden() && notification_permission() == "granted" {
                            notify(
                                &format!("Job {} {}", fresh.job_type, fresh.status),
                                &format!("Job {} has ended.", fresh.job_id),
                            );
                        }
                        let terminal = fresh.is_terminal;
                        let running = !terminal || changed || before.is_none();
                        problem.set(None);
                        // Unchanged answers leave the page as it is (no re-render, no lost selection).
                        if !job.with_untracked(|l| matches!(l, Load::Loaded(j) if **j == fresh)) {
                            job.set(Load::Loaded(Box::new(fresh)));
                        }
                        let mut progressed = false;
                        if running {
                            if let Ok(metadata) = api.job_metadata(&id).await {
                                if !from_this_browser
                                    && api_metadata.with_untracked(|m| m.as_deref() != Some(&metadata))
                                {
                                    api_metadata.set(Some(Arc::from(metadata.as_str())));
                                }
                                match crate::chunks::read_fit(&metadata).await {
                                    Ok(fresh) => {
                                        if fit_unread.with_untracked(Option::is_some) {
                                            fit_unread.set(None);
                                        }
                                        let grew = fit.with_untracked(|f| {
                                            f.points.len() != fresh.points.len() || f.chain != fresh.chain
                                        });
                                        if fit.with_untracked(|f| *f != fresh) {
                                            fit.set(fresh);
                                        }
                                        progressed = grew && !terminal;
                                        // The model is fetched again as the fit moves, at most every 2 s, and once at the end.
                                        let now = js_sys::Date::now();
                                        if (grew && now - last_refresh.get_value() >= 2000.0) || ended_now {
                                            last_refresh.set_value(now);
                                            refresh.update(|r| *r += 1);
                                        }
                                    }
                                    // Said in the fit's place, with Retry; a running job's next poll tries again.
                                    Err(_) => fit_unread.set(Some(Arc::from(metadata.as_str()))),
                                }
                            }
                        }
                        Outcome::Answered { changed, progressed, terminal }
                    }
                    Err(ApiError::NotFound(_)) => {
                        if job.with_untracked(|l| *l == Load::Loading) {
                            job.set(Load::Missing);
                        }
                        problem.set(Some(ApiError::NotFound("Job not found".to_owned())));
                        Outcome::GaveUp
                    }
                    Err(error) if error.is_transient() => {
                        problem.set(Some(error));
                        Outcome::Failed
                    }
                    Err(error) => {
                        problem.set(Some(error));
                        Outcome::GaveUp
                    }
                }
            }
        }
    };
    let live = Live::start(poll);

    // The tab title says where the job is; polling looks just after its likely end.
    let title_id = id.clone();
    Effect::new(move |_| {
        if let Load::Loaded(j) = job.get() {
            document().set_title(&format!("{} · Job {} · Ionworks Jobs", j.status, title_id));
            crate::expect::expect_end(live, &j);
        }
    });

    let cancel_id = id.clone();
    let confirm_cancel = move |_| {
        let id = cancel_id.clone();
        canceling.set(true);
        // A write: it runs to its end even if the page is left; after it, the page is only set.
        crate::task::spawn_beyond_page(async move {
            let answer = Api::of(connection).cancel_job(&id).await;
            canceling.set(false);
            if let Some(dialog) = cancel_dialog.try_get_untracked().flatten().filter(|d| d.open()) {
                dialog.close();
            }
            // The answer is the job as it is now: shown at once, with the note, so the page never
            // says "canceled" above a job still shown running (and its callback still waiting).
            if let Ok(j) = &answer {
                job.try_set(Load::Loaded(Box::new(j.clone())));
            }
            cancel_note.set(Some(match answer {
                Ok(j) if j.status.known() == Some(JobStatus::Canceled) => (true, "The job was canceled.".to_owned()),
                Ok(j) => (false, format!("The job ended as {} before it could be canceled.", j.status)),
                Err(ApiError::Conflict(detail)) => {
                    (false, format!("The job had already ended, so it was not canceled: {detail}"))
                }
                Err(error) => (false, error.sentence()),
            }));
            live.now();
        });
    };

    // Clone and edit: the job's request into the form, after asking when the form holds an unsent
    // draft (`replace` once the answer is yes). The form's drafts are a chunk with the form; a
    // clone asked for before it arrives is done then, unless the page has been left.
    let clone_id = id.clone();
    let owner = Owner::current();
    let clone = move |replace: bool| {
        let draft = match storage::submission(&clone_id) {
            Some(s) => s.draft,
            None => job.with_untracked(|l| match l {
                Load::Loaded(j) => draft_from_job(j),
                _ => Draft::fresh(),
            }),
        };
        clone_failed.set(false);
        crate::task::spawn_for_page(owner.as_ref(), async move {
            match crate::chunks::into_form(draft, replace).await {
                Ok(true) => router.navigate(&Route::NewJob, ""),
                Ok(false) => clone_question.set(true),
                Err(_) => clone_failed.set(true),
            }
        });
    };

    // One state, one message: a job that is not there (yet) has no live line, no pause and no clone.
    let loaded = Memo::new(move |_| job.with(|l| matches!(l, Load::Loaded(_))));
    let status_line = move || {
        if !loaded.get() {
            return String::new();
        }
        let paused = live.paused.get();
        let updated =
            live.updated_at.get().map(|t| format!(" Updated {}.", relative(t, now.get()))).unwrap_or_default();
        if live.failing.get() {
            format!("Reconnecting…{updated}")
        } else if live.finished.get() {
            format!("This job has ended; no more updates.{updated}")
        } else if paused {
            format!("Live updates paused.{updated}")
        } else {
            format!("Live: checking about every {} s.{updated}", live.interval().as_secs().max(1))
        }
    };

    let details = move || match job.get() {
        // Not while the API is failing: its banner says so, and that it retries.
        Load::Loading if problem.with(Option::is_some) => ().into_any(),
        Load::Loading => view! { <p class="muted" role="status">"Loading the job…"</p> }.into_any(),
        Load::Missing => view! {
            <div class="banner bad" role="alert">
                <p>"Job not found. It may belong to another project or API, or the ID may be mistyped."</p>
                <p><Link to=Route::Jobs>"See the jobs list"</Link></p>
            </div>
        }
        .into_any(),
        Load::Loaded(j) => job_view(*j, now).into_any(),
    };

    let problem_view = move || {
        problem
            .get()
            .filter(|_| job.with(|l| !matches!(l, Load::Missing)))
            .map(|error| view! { <ApiErrorBanner error=error retrying=true nothing_yet=!loaded.get()/> })
    };

    let result_actions = {
        let id = id.clone();
        move || {
            job.with(|l| match l {
                Load::Loaded(j) => j.result.clone(),
                _ => None,
            })
            .map(|result| {
                let text: Arc<str> = Arc::from(result.as_str());
                let (copy_text, download_text, name) = (text.clone(), text.clone(), format!("job-{id}-result.json"));
                view! {
                    <section aria-labelledby="result-heading">
                        <div class="row">
                            <h2 id="result-heading">"Result"</h2>
                            <button type="button" class="small" on:click=handler(move |_| {
                                let text = copy_text.clone();
                                crate::task::spawn_for_page(None, async move {
                                    let done = clipboard::copy_to_clipboard(&text).await;
                                    copied.set(Some(if done { "Result copied.".to_owned() } else { "This browser did not allow copying.".to_owned() }));
                                });
                            })>"Copy"</button>
                            <button type="button" class="small" on:click=handler(move |_| crate::download::download(&name, "application/json", &download_text))>"Download .json"</button>
                            <span class="hint" role="status">{crate::erased::text(move || copied.get().unwrap_or_default())}</span>
                        </div>
                        {crate::chunks::json_tree(text)}
                    </section>
                }
            })
        }
    };

    let can_cancel = move || job.with(|l| matches!(l, Load::Loaded(j) if !j.is_terminal));
    let job_ended = Signal::derive(move || job.with(|l| matches!(l, Load::Loaded(j) if j.is_terminal)));
    // A memo: the callback's part is drawn once, not again at each new read of the job.
    let has_callback = Memo::new(move |_| job.with(|l| matches!(l, Load::Loaded(j) if j.callback_url.is_some())));
    let callback_id = id.clone();
    // Built once a fit shows itself, and kept (its charts hold zoom and readout across polls).
    let show_fit = Memo::new(move |_| fit.with(|f| !f.points.is_empty() || f.chain.is_some()));
    let fit_id = id.clone();
    // Owned by the page, not by the Retry button the sentence goes with (its owner is gone with it).
    let page_owner = Owner::current();
    let read_fit_again = move || {
        let Some(metadata) = fit_unread.get_untracked() else { return };
        // The sentence goes while the reader is asked for again, and comes back if it still does not arrive.
        fit_unread.set(None);
        crate::task::spawn_for_page(page_owner.as_ref(), async move {
            match crate::chunks::read_fit(&metadata).await {
                Ok(fresh) => {
                    fit.set(fresh);
                    refresh.update(|r| *r += 1);
                }
                Err(_) => fit_unread.set(Some(metadata)),
            }
        });
    };
    // A running fit's progress: iterations so far, and the time left when jobs like it ran before.
    let progress = move || {
        let running = job.with(|l| matches!(l, Load::Loaded(j) if j.status.known() == Some(JobStatus::Processing)));
        if !running || fit.with(|f| f.points.is_empty()) {
            return String::new();
        }
        let (saved, last) = fit.with(|f| (f.points.len(), f.points.iter().map(|p| p.iteration).fold(0f64, f64::max)));
        let left = (live.expected_end() - now.get()) / 1000.0;
        let left = if left.is_finite() && left > 0.0 {
            format!(", about {} left", duration(left * 1000.0))
        } else {
            String::new()
        };
        format!("Running: iteration {} so far ({saved} saved){left}.", crate::format::number(last))
    };

    view! {
        <div class="row page-head">
            <h1>"Job "<code class="job-id">{reveal_bidi(&id)}</code></h1>
        </div>
        <div class="row toolbar">
            <button type="button" on:click=handler(move |_| live.now())>"Refresh"</button>
            // Not for a job already seen ended (the live line learns it a moment later: the box
            // came and went, moving the buttons beside it).
            {part(move || (loaded.get() && !live.finished.get() && !job_ended.get()).then(|| view! {
                <label class="check">
                    <input type="checkbox" prop:checked=move || live.paused.get() on:change=handler(move |ev: leptos::ev::Event| live.set_paused(event_target_checked(&ev)))/>
                    " Pause live updates"
                </label>
            }.into_any()))}
            {part(move || (can_cancel().then(|| view! {
                <button type="button" class="danger" on:click=handler(move |_| { cancel_note.set(None); open_dialog(); })>"Cancel job"</button>
            })).map(IntoAny::into_any))}
            {part({
                let clone = clone.clone();
                move || loaded.get().then(|| {
                    let clone = clone.clone();
                    view! { <button type="button" on:click=handler(move |_| clone(false))>"Clone and edit"</button> }.into_any()
                })
            })}
            {part(move || ((permission.get() == "default" && can_cancel()).then(|| view! {
                <button type="button" on:click=handler(move |_| crate::task::spawn_for_page(None, async move {
                    permission.set(ask_notification_permission().await.as_string().unwrap_or_default());
                }))>"Notify me when it ends"</button>
            })).map(IntoAny::into_any))}
        </div>
        <p class="muted live-status" role="status" aria-live="polite">{text(status_line)}</p>
        {part({
            let clone = clone.clone();
            move || (clone_question.get().then(|| {
                let clone = clone.clone();
                view! {
                    <Confirm id="clone-question"
                        question="The form holds an unsent draft. Replace it with this job's request?".to_owned()
                        yes="Replace my draft" no="Keep my draft"
                        on_yes=move || clone(true) on_no=move || clone_question.set(false)/>
                }
            })).map(IntoAny::into_any)
        })}
        {part(move || clone_failed.get().then(|| {
            let clone = clone.clone();
            crate::chunks::did_not_arrive("Clone and edit", Rc::new(move || clone(false)))
        }))}
        {storage::kept_in_memory_only(&id).then(|| view! {
            <p class="banner warn" role="status">"Browser storage is full: this browser remembers this submission (for Clone and edit) only while this tab is open. Make room from the New job page."</p>
        })}
        // About cloning: where Clone and edit is offered or about to be (loading, as it was from
        // the first frame: appearing with the job, it moved the page; CLS 0.05), not for a job
        // that is not there nor while its API cannot be reached.
        {part(move || (!from_this_browser && job.with(|l| match l {
            Load::Loaded(_) => true,
            Load::Loading => problem.with(Option::is_none),
            Load::Missing => false,
        })).then(|| view! {
            <p class="hint">"This job was not submitted from this browser: cloning copies its type, priority, callback URL, parent and project, but not its params."</p>
        }.into_any()))}
        {part(move || (cancel_note.get().map(|(ok, text)| view! { <p class=if ok { "banner ok" } else { "banner warn" } role="status">{text}</p> })).map(IntoAny::into_any))}
        {part(move || problem_view().map(IntoAny::into_any))}
        {part(move || Some(details()))}
        <p class="muted" role="status">{text(progress)}</p>
        // The result before a fit's views: they come with the metadata, after the job, and shown
        // above the result they moved it down as they arrived (CLS 0.05).
        {part(move || result_actions().map(IntoAny::into_any))}
        // The charts' hint comes with the page: the largest text of a fit's page, it need not wait
        // for the charts' chunk (Lighthouse takes it as the page's largest paint).
        {part(move || fit_unread.with(Option::is_some).then(|| crate::chunks::did_not_arrive("The fit's charts", Rc::new(read_fit_again.clone()))))}
        {part(move || show_fit.get().then(|| view! {
            <p class="hint">{crate::components::chart::HINT}</p>
            {crate::chunks::fit(fit_id.clone(), fit, refresh)}
        }.into_any()))}
        // Where the job's callback stands, for a job that has one (a chunk: most jobs have none).
        {part(move || has_callback.get().then(|| crate::chunks::callback(callback_id.clone(), job_ended).into_any()))}
        {part(move || loaded.get().then(|| run_with(sent.clone(), api_metadata).into_any()))}
        <dialog id="cancel-dialog" node_ref=cancel_dialog aria-labelledby="cancel-title">
            <h2 id="cancel-title">"Cancel this job?"</h2>
            <p>{format!("Job {id} stops and cannot be resumed. Work it has done so far is discarded.")}</p>
            <div class="row">
                <button type="button" class="danger" disabled=move || canceling.get() on:click=handler(confirm_cancel)>
                    {text(move || if canceling.get() { "Canceling…" } else { "Cancel job" }.to_owned())}
                </button>
                // Focused when the dialog opens: an Enter pressed in haste cancels nothing.
                <button type="button" autofocus on:click=handler(move |_| close_dialog())>"Keep it running"</button>
            </div>
        </dialog>
    }
}

fn job_view(j: JobResponse, now: RwSignal<f64>) -> impl IntoView {
    let created = j.created_at;
    let started = j.started_at;
    let completed = j.completed_at;
    let processing = j.status.known() == Some(JobStatus::Processing);
    let timeline = move || {
        let now = now.get();
        let mut steps = vec![format!("Submitted {}", when(&created, now))];
        if let Some(s) = started {
            steps.push(format!("waited {} in the queue", duration(ms(&s) - ms(&created))));
            steps.push(format!("Started {}", when(&s, now)));
            match (completed, run_time_ms(started, completed, processing, now)) {
                (Some(_), Some(ran)) => steps.push(format!("ran {}", duration(ran))),
                (None, Some(ran)) => steps.push(format!("running for {}", duration(ran))),
                _ => {}
            }
        }
        if let Some(c) = completed {
            steps.push(format!("Ended {}", when(&c, now)));
        }
        steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()
    };
    let error = j.error.clone().map(|e| view! { <dt>"Error"</dt><dd class="error-text">{reveal_bidi(&e)}</dd> });
    let code = j.error_code.clone().map(|c| {
        let hint = error_hint(&c);
        view! { <dt>"Error code"</dt><dd><code>{reveal_bidi(c.as_str())}</code><p class="hint">{hint}</p></dd> }
    });
    let detail = j.error_detail.clone().map(|d| {
        let pretty = jobs_core::pyjson::pretty(d.as_str()).unwrap_or_else(|_| d.as_str().to_owned());
        // Focusable: it scrolls (long lines, a height limit), and a keyboard must reach it to scroll.
        view! { <dt>"Error detail"</dt><dd><pre tabindex="0">{reveal_bidi(&pretty)}</pre></dd> }
    });
    let parent = j
        .parent_job_id
        .clone()
        .map(|p| view! { <dt>"Parent job"</dt><dd><Link to=Route::Job(p.clone())><code>{reveal_bidi(&p)}</code></Link></dd> });
    view! {
        <section class="panel" aria-label="Job details">
            <dl class="facts">
                <dt>"Status"</dt><dd><StatusBadge status=j.status.clone()/></dd>
                <dt>"Job type"</dt><dd>{reveal_bidi(j.job_type.as_str())}</dd>
                <dt>"Priority"</dt><dd>{j.priority.to_string()}</dd>
                <dt>"Project"</dt><dd>{j.project_id.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>"Timeline"</dt><dd><ol class="timeline">{timeline}</ol></dd>
                {j.compute_time.map(|t| view! { <dt>"Compute time"</dt><dd>{duration(t * 1000.0)}</dd> })}
                {error}
                {code}
                {detail}
                {j.callback_url.clone().map(|u| view! { <dt>"Callback URL"</dt><dd><code>{u}</code></dd> })}
                {parent}
            </dl>
        </section>
    }
}

/// What the job was run with, closed until asked for (params may be large): the params and
/// metadata this browser sent, or else the job's metadata as the API gives it (the API gives no
/// job's params); it says which.
fn run_with(sent: Option<Submission>, api_metadata: RwSignal<Option<Arc<str>>>) -> impl IntoView {
    let open = RwSignal::new(false);
    let source = match &sent {
        Some(s) => format!("As this browser sent it, {}.", local_time(s.submitted_at)),
        None => "This browser did not send this job, so its params are not known here (the API does not give them back): its metadata as the API gives it.".to_owned(),
    };
    let sent = StoredValue::new(sent);
    let tree = |heading: &'static str, text: &str, none: &'static str| {
        let shown = if text.trim().is_empty() {
            view! { <p class="muted">{none}</p> }.into_any()
        } else {
            crate::chunks::json_tree(Arc::from(text)).into_any()
        };
        view! { <h3>{heading}</h3> {shown} }.into_any()
    };
    let body = move || {
        open.get().then(|| match sent.get_value() {
            Some(s) => {
                let params = if s.params_dropped {
                    view! { <h3>"Params"</h3> <p class="hint">"Too large to keep in this browser's history: not shown here."</p> }.into_any()
                } else {
                    tree("Params", &s.draft.params, "No params were sent.")
                };
                view! { {params} {tree("Metadata", &s.draft.metadata, "No metadata was sent.")} }.into_any()
            }
            None => match api_metadata.get() {
                Some(text) => tree("Metadata", &text, "The API gives no metadata for this job."),
                None => view! { <p class="muted">"The API gave no metadata for this job (yet)."</p> }.into_any(),
            },
        })
    };
    view! {
        <details class="run-with" on:toggle=handler(move |ev: leptos::ev::Event| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open()))>
            <summary><h2>"What it was run with"</h2></summary>
            <p class="hint">{source}</p>
            {part(body)}
        </details>
    }
}

//! `/jobs/new`: the job-submission form. Every field is checked live with jobs-core's rules (the
//! server's own messages), the draft is saved as you type, and a submission is sent exactly once.
//!
//! - `mod.rs`: the page: its state, what submitting, copying, clearing and cloning do, the view.
//! - `form.rs`: the fields' texts in signals, and what the user has done with them.
//! - `model.rs`: pure: the fields, the body, the priority text, what to say about a field, where
//!   a 422's entries go (unit-tested).
//! - `notices.rs`: the banner above the form and the recent submissions below it.

mod form;
mod model;
mod notices;

use std::time::Duration;

use jobs_core::{validate_submit_job, JobType, Rejection, SubmitJobField, WireEnum};
use leptos::html::Textarea;
use leptos::prelude::*;

use crate::erased::{handler, part, text};

use crate::api::{Api, ApiError};
use crate::chunks::Tables;
use crate::clipboard;
use crate::components::confirm::Confirm;
use crate::components::field::{SelectField, TextField};
use crate::components::json_editor::JsonEditor;
use crate::connection::Connection;
use crate::format::{local_time, reveal_bidi};
use crate::router::{Route, Router};
use crate::snippets;
use crate::storage::{self, Draft, Submission};
use form::Form;
use model::Field;
use notices::{banner_view, Banner, OtherDrafts, RecentSubmissions};

pub use model::draft_from_job;

/// Puts `draft` in the form, for a job's Clone and edit (a chunk with the form:
/// `chunks::into_form`). False, and nothing changed, when the form holds an unsent draft and
/// `replace` is not set: the job's page asks first.
pub fn into_form(draft: Draft, replace: bool) -> bool {
    if !replace && storage::load_draft().is_some_and(|d| d.has_content()) {
        return false;
    }
    let _ = storage::save_draft(&draft);
    true
}
pub use notices::LookForIt;

const JOB_TYPE: Field = Field::Body(SubmitJobField::JobType);
const PARAMS: Field = Field::Body(SubmitJobField::Params);
const METADATA: Field = Field::Body(SubmitJobField::Metadata);
const CALLBACK_URL: Field = Field::Body(SubmitJobField::CallbackUrl);
/// Said when the callback URL's international host name cannot be checked.
fn tables_missing() -> String {
    crate::chunks::not_arrived("The international domain name could not be checked", "submit again")
}

/// A submission of this tab that is in flight, or how one ended after its form page was left:
/// shared by every visit to the form, so that coming back while a job is being sent shows it as
/// being sent (not as an unsent draft), and then what became of it.
#[derive(Clone, PartialEq)]
enum Sending {
    Idle,
    /// Sent at (milliseconds since the epoch), no answer yet.
    Since(f64),
    /// The job was created (its ID).
    Created(String),
    /// The answer said it was not, or gave no clear answer: what the form says about it.
    NotCreated(Banner),
}

thread_local! {
    /// Owned by no page (reference-counted): it outlives every visit to the form.
    static SENDING: ArcRwSignal<Sending> = ArcRwSignal::new(Sending::Idle);
}

/// The state, as a handle of the current page (disposed with it; the state stays).
fn sending_state() -> RwSignal<Sending> {
    RwSignal::from(SENDING.with(Clone::clone))
}

/// What replaces the form once the user agrees (asked only when the form holds typed text).
#[derive(Clone)]
struct Replacement {
    question: String,
    draft: Draft,
    /// Said once it is in the form.
    note: Option<String>,
}

#[component]
pub fn NewJob() -> impl IntoView {
    let router = Router::get();
    let connection = Connection::get();
    let restored = storage::load_draft();
    let form = Form::new(restored.as_ref().unwrap_or(&Draft::fresh()));
    let global = sending_state();
    // Marked as being sent, but no submission of this tab is in flight: the page that sent it
    // was reloaded or closed before the answer came, so it was possibly sent.
    let sent_elsewhere =
        restored.as_ref().and_then(|d| d.sending_at).filter(|_| global.get_untracked() == Sending::Idle);
    let possibly_sent = restored.as_ref().and_then(|d| d.possibly_sent_at).or(sent_elsewhere);
    let being_sent = match global.get_untracked() {
        Sending::Since(at) => Some(at),
        _ => None,
    };
    // A draft being sent is not an unsent one: the banner says it is being sent instead.
    let restored_at =
        RwSignal::new(restored.as_ref().filter(|d| d.has_content() && being_sent.is_none()).map(|d| d.saved_at));
    let cloned_from = restored.as_ref().and_then(|d| d.cloned_from.clone());
    let banner = RwSignal::new(being_sent.map(Banner::Sending));
    let sending = RwSignal::new(being_sent.is_some());
    // How a submission this tab began on an earlier visit ended, once it has (at once if it
    // ended while the form was not shown).
    Effect::new(move |_| {
        let outcome = match global.get() {
            Sending::Idle | Sending::Since(_) => return,
            Sending::Created(job_id) => Banner::Created(job_id),
            Sending::NotCreated(outcome) => outcome,
        };
        global.set(Sending::Idle);
        restored_at.set(None);
        sending.set(false);
        banner.set(Some(outcome));
    });
    let in_flight = StoredValue::new(false);
    let save_problem = RwSignal::new(None::<storage::SaveError>);
    let made_room = RwSignal::new(None::<String>);
    let confirm_clear = RwSignal::new(false);
    let copied = RwSignal::new(None::<String>);
    // While a large draft's whole text is read back, the stand-in in the form is not saved over it.
    let loading_large = RwSignal::new(false);
    let recent = RwSignal::new(storage::history());
    // Drafts other tabs left, offered (not the one this form started from).
    let started_from = restored.clone();
    let other_drafts = move || -> Vec<(String, Draft)> {
        storage::other_drafts()
            .into_iter()
            .filter(|(_, d)| !started_from.as_ref().is_some_and(|r| r.same_text(d)))
            .collect()
    };
    let others = RwSignal::new(other_drafts());
    // Another tab submitted or saved: its changes show here too.
    let on_storage = window_event_listener_untyped("storage", move |_| {
        recent.set(storage::history());
        others.set(other_drafts());
    });
    on_cleanup(move || on_storage.remove());
    let manual_copy = NodeRef::<Textarea>::new();

    // Autosave: a moment after the last change (editors report their text when typing pauses),
    // and at once when the tab is hidden or closed or the page is left (see `save_now`).
    let save_timer = StoredValue::new(None::<TimeoutHandle>);
    let last_sent = StoredValue::new(None::<Draft>);
    Effect::new(move |first: Option<()>| {
        let draft = form.draft();
        if first.is_none() {
            return;
        }
        if let Some(handle) = save_timer.get_value() {
            handle.clear();
        }
        if loading_large.get_untracked() {
            return;
        }
        // The form as it was sent is not saved again: its submission forgets it or marks it.
        if last_sent.get_value().is_some_and(|s| s.same_text(&draft)) {
            return;
        }
        let handle = set_timeout_with_handle(
            move || save_problem.set(storage::save_draft(&draft).err()),
            Duration::from_millis(400),
        );
        save_timer.set_value(handle.ok());
    });

    let waiting_for_tables = RwSignal::new(false);
    let submit = move || {
        if in_flight.get_value() || matches!(global.get_untracked(), Sending::Since(_)) {
            return; // one submission at a time: a second click does nothing
        }
        form.flush();
        // A callback URL whose host name needs the IDNA tables is checked once they are here; the
        // submission goes on then (below).
        if untrack(|| form.checking_host()) {
            waiting_for_tables.set(true);
            leptos::task::spawn_local(async {
                crate::chunks::load_tables().await;
            });
            return;
        }
        form.attempted.set(true);
        form.server_errors.set(Vec::new());
        copied.set(None);
        let (problems, only_failures) = form.take_problems();
        if let Some((first, _)) = problems.first() {
            form.focus(*first);
            banner.set(Some(if only_failures { Banner::Fails(problems) } else { Banner::Problems(problems) }));
            return;
        }
        let body = untrack(|| form.body());
        // The same rules once more over the whole body, as the server will apply them.
        if let Err(Rejection::Invalid(detail)) = validate_submit_job(&body) {
            banner.set(Some(Banner::Rejected(detail.iter().map(|e| e.msg.clone()).collect())));
            return;
        }
        let project = untrack(|| {
            let own = form.project_id.get();
            if own.trim().is_empty() {
                connection.saved.with(|s| s.default_project.clone())
            } else {
                own
            }
        });
        // The snapshot of what is sent: the history keeps exactly this, whatever is typed meanwhile.
        let mut sent = untrack(|| form.draft());
        sent.project_id = project.clone();
        last_sent.set_value(Some(sent.clone()));
        // Its pending autosave is dropped: what becomes of the sent draft is the submission's to say.
        if let Some(handle) = save_timer.get_value() {
            handle.clear();
        }
        in_flight.set_value(true);
        sending.set(true);
        banner.set(None);
        let since = js_sys::Date::now();
        // Being sent, for this tab's later visits to the form and for a reload (possibly sent).
        global.set(Sending::Since(since));
        storage::mark_sending(&sent, since);
        let mut api = Api::of(connection);
        // A write: runs to its end even if the page is left (see task.rs).
        let global = SENDING.with(Clone::clone);
        crate::task::spawn_beyond_page(async move {
            let answer = api.submit_job(&body, &project).await;
            // First what matters beyond this page, then the page if it is still there (set only).
            match &answer {
                Ok(job) => {
                    // Not stored (storage full): kept in this tab's memory, and the job's page says so.
                    let _ = storage::remember(Submission {
                        job_id: job.job_id.clone(),
                        submitted_at: since,
                        api_base: api.base().to_owned(),
                        draft: sent.clone(),
                        params_dropped: false,
                        compute_time: 0.0,
                    });
                    storage::forget_draft(&sent, since);
                }
                Err(error) => {
                    let _ = storage::keep_unsent_draft(&sent, since, error.may_have_arrived());
                }
            }
            let page_alive = sending.try_set(false).is_none();
            if !page_alive {
                // The form was left: its next visit (or the one showing now) says what became of it.
                global.set(match answer {
                    Ok(job) => Sending::Created(job.job_id),
                    Err(ApiError::Invalid(detail)) => {
                        Sending::NotCreated(Banner::Rejected(detail.into_iter().map(|e| e.msg).collect()))
                    }
                    Err(error) if error.may_have_arrived() => {
                        Sending::NotCreated(Banner::Uncertain { error, job_type: sent.job_type, since })
                    }
                    Err(error) => Sending::NotCreated(Banner::Failed(error)),
                });
                return;
            }
            global.set(Sending::Idle);
            in_flight.set_value(false);
            match answer {
                Ok(job) => router.navigate(&Route::Job(job.job_id), ""),
                Err(ApiError::Invalid(detail)) => banner.set(Some(Banner::Rejected(form.take_rejection(detail)))),
                Err(error) if error.may_have_arrived() => {
                    banner.set(Some(Banner::Uncertain { error, job_type: sent.job_type, since }))
                }
                Err(error) => banner.set(Some(Banner::Failed(error))),
            }
        });
    };

    // What is typed is saved when the tab is hidden or closed, and when the page is left, not only
    // after a pause (typing may not have paused: the editors are read as they are, changing no
    // state, since the page may be going away). The form as it was sent is not saved again (its
    // submission forgets or marks it).
    let save_now = move |leaving: bool| {
        if let Some(handle) = save_timer.try_get_value().flatten() {
            handle.clear();
        }
        if loading_large.try_get_untracked().unwrap_or(false) {
            return;
        }
        let draft = form.draft_now();
        if !last_sent.get_value().is_some_and(|s| s.same_text(&draft)) {
            let problem = storage::save_draft(&draft).err();
            if !leaving {
                save_problem.set(problem);
            }
        }
    };
    let on_hide = window_event_listener_untyped("pagehide", move |_| save_now(false));
    let on_hidden = window_event_listener_untyped("visibilitychange", move |_| {
        if document().hidden() {
            save_now(false);
        }
    });
    on_cleanup(move || {
        on_hide.remove();
        on_hidden.remove();
        save_now(true);
    });

    // A submission that waited for the IDNA tables goes on once they are here; if they cannot
    // come, the banner says that the callback URL could not be checked (what was typed stays).
    Effect::new(move |_| {
        let state = crate::chunks::tables();
        if state == Tables::Loading || !waiting_for_tables.get_untracked() {
            return;
        }
        waiting_for_tables.set(false);
        match state {
            Tables::Ready => submit(),
            _ => banner.set(Some(Banner::Problems(vec![(CALLBACK_URL, tables_missing())]))),
        }
    });

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            submit();
        }
    };

    let copy = move |as_python: bool| {
        form.flush();
        let body = untrack(|| form.body());
        let project = untrack(|| form.project_id.get());
        let base = untrack(|| connection.api_base());
        let (text, what) = if as_python {
            (snippets::python(&base, &body, &project), "Python")
        } else {
            (snippets::curl(&base, &body, &project), "curl")
        };
        crate::task::spawn_for_page(None, async move {
            let done = clipboard::copy_to_clipboard(&text).await;
            copied.set(Some(if done {
                format!("Copied as {what}. The API key is left out: it reads $IONWORKS_API_KEY.")
            } else {
                "This browser did not allow copying; select the text below and copy it.".to_owned()
            }));
            if let Some(block) = manual_copy.get_untracked().filter(|_| !done) {
                clipboard::show_for_manual_copy(&block, &text);
            }
        });
    };

    let clear = move || {
        form.flush();
        storage::forget_draft(&untrack(|| form.draft()), js_sys::Date::now());
        form.load(&Draft::fresh());
        confirm_clear.set(false);
        banner.set(None);
        restored_at.set(None);
        form.focus(JOB_TYPE);
    };

    // A large draft's stand-in: its params and metadata come from IndexedDB (storage/large.rs),
    // unless the user starts typing first.
    let fill_whole = move |stand_in: Draft| {
        loading_large.set(true);
        crate::task::spawn_for_page(None, async move {
            let whole = storage::whole_draft(&stand_in).await;
            loading_large.set(false);
            match whole {
                Some(whole) if untrack(|| form.draft()).same_text(&Draft { apart: None, ..stand_in }) => form.load(&whole),
                Some(_) => {}
                None => copied.set(Some(
                    "The params and metadata of this large draft could not be read back from the browser; load them from a file.".to_owned(),
                )),
            }
        });
    };
    if let Some(stand_in) = restored.clone().filter(|d| d.apart.is_some()) {
        fill_whole(stand_in);
    }
    Effect::new(move |_| {
        if let Some(refused) = storage::large_refused() {
            save_problem.set(Some(refused));
        }
    });
    // A job's request (Clone) or another tab's draft replaces the form: what the user has typed is
    // not dropped without asking.
    let pending = RwSignal::new(None::<Replacement>);
    let apply = move |replacement: Replacement| {
        pending.set(None);
        form.load(&replacement.draft);
        restored_at.set(None);
        banner.set(None);
        if let Some(note) = replacement.note {
            copied.set(Some(note));
        }
        if replacement.draft.apart.is_some() {
            fill_whole(replacement.draft);
        }
    };
    let replace_form = move |replacement: Replacement| {
        form.flush();
        if untrack(|| form.draft()).has_content() {
            pending.set(Some(replacement));
        } else {
            apply(replacement);
        }
    };
    let use_other = move |draft: Draft| {
        let question = "Replace what is in the form with this draft from another tab?".to_owned();
        replace_form(Replacement { question, draft, note: None });
    };
    let clone_submission = move |submission: Submission| {
        let note = submission.params_dropped.then(|| {
            format!(
                "Params of job {} were too large to keep in this browser; load them from a file.",
                submission.job_id
            )
        });
        let question = format!("Replace what is in the form with the request of job {}?", submission.job_id);
        replace_form(Replacement { question, draft: submission.draft, note });
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };

    let description = Signal::derive(move || {
        JobType::from_wire(&form.job_type.get()).map_or("Choose what the job does.", |t| t.description()).to_owned()
    });
    let default_project_hint = Signal::derive(move || {
        let default = connection.saved.with(|s| s.default_project.clone());
        if default.is_empty() {
            "Optional. Sent as the project_id query parameter.".to_owned()
        } else {
            format!("Optional. Leave empty to use your default project, {default} (Settings).")
        }
    });
    // The API's words on a callback URL stay as they are; a hint beside them says what to do.
    let callback_hint = Signal::derive(move || {
        if form.checking_host() {
            return match crate::chunks::tables() {
                Tables::Failed => tables_missing(),
                _ => "Checking the international domain name…".to_owned(),
            };
        }
        let message = form.message(CALLBACK_URL);
        form.callback_url
            .with(|url| model::callback_advice(url, message.as_deref()))
            .unwrap_or_else(|| "Optional. An http(s) address the API calls when the job ends.".to_owned())
    });
    let text_field =
        move |field: Field, value: RwSignal<String>, node: usize, kind: &'static str, hint: Signal<String>| {
            view! {
                <TextField id=field.id() label=field.label() value=value kind=kind hint=hint
                    inputmode=if field == Field::Body(SubmitJobField::Priority) { "numeric" } else { "text" }
                    node_ref=form.input_nodes[node]
                    error=form.message_signal(field)
                    on_blur=move || form.touch(field)/>
            }
        };

    view! {
        <h1>"New job"</h1>
        {part(move || (restored_at.get().map(|at| view! {
            <div class="banner info" role="status">
                {match (&cloned_from, possibly_sent) {
                    // The job was sent: this is its copy, not something left unsent.
                    (Some(job), _) => format!("Filled from job {}: change what you need, then submit. ", reveal_bidi(job)),
                    (None, Some(sent)) => format!(
                        "Restored your draft from {}. It was possibly sent at {} (no answer came): look for it in the \
                         Jobs list before sending it again. ",
                        local_time(at),
                        local_time(sent)
                    ),
                    (None, None) => format!("Restored your unsent draft from {}. ", local_time(at)),
                }}
                <button type="button" class="small" on:click=handler(move |_| restored_at.set(None))>"OK"</button>
            </div>
        })).map(IntoAny::into_any))}
        {part(move || (pending.get().map(|replacement| view! {
            <Confirm id="replace-question" question=replacement.question.clone()
                yes="Replace the form" no="Keep what I typed"
                on_yes=move || apply(replacement.clone()) on_no=move || pending.set(None)/>
        })).map(IntoAny::into_any))}
        <OtherDrafts others=others on_use=Callback::new(use_other)/>
        {part(move || banner.get().map(|b| banner_view(b, form)))}
        <form id="new-job-form" class="panel" novalidate on:submit=handler(move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); submit(); }) on:keydown=on_keydown>
            <SelectField id=JOB_TYPE.id() label=JOB_TYPE.label() hint=description
                value=form.job_type
                on_change=move |value| { form.job_type.set(value); form.touch(JOB_TYPE); }
                on_blur=move || form.touch(JOB_TYPE)
                error=form.message_signal(JOB_TYPE)
                node_ref=form.job_type_node>
                <option value="">"Choose a job type…"</option>
                {JobType::ALL.iter().map(|t| view! {
                    <option value=t.as_str()>{format!("{} — {}", t.as_str(), t.description())}</option>
                }).collect_view()}
            </SelectField>
            <JsonEditor
                editor=form.params
                id="params"
                label="Params"
                hint="Required: a JSON object of the job's parameters."
                error=form.message_signal(PARAMS)
                show=Signal::derive(move || form.shows(PARAMS))
                on_blur=move || form.touch(PARAMS)
            />
            <div class="grid2">
                {text_field(Field::Body(SubmitJobField::Priority), form.priority, 0, "text", "0 to 10; 10 runs first. Empty means 0.".into())}
                {text_field(Field::Body(SubmitJobField::CallbackUrl), form.callback_url, 1, "url", callback_hint)}
                {text_field(Field::Body(SubmitJobField::ParentJobId), form.parent_job_id, 2, "text", "Optional. The job this one belongs to.".into())}
                <TextField id=Field::ProjectId.id() label=Field::ProjectId.label() value=form.project_id
                    hint=default_project_hint
                    placeholder=Signal::derive(move || connection.saved.with(|s| s.default_project.clone()))/>
            </div>
            <JsonEditor
                editor=form.metadata
                id="metadata"
                label="Metadata"
                hint="Optional: a JSON object kept with the job."
                error=form.message_signal(METADATA)
                show=Signal::derive(move || form.shows(METADATA))
                on_blur=move || form.touch(METADATA)
            />
            <div class="row actions">
                <button type="submit" class="primary" disabled=move || sending.get()>
                    {text(move || if sending.get() { "Submitting…" } else { "Submit job" }.to_owned())}
                </button>
                <span class="muted">"or Ctrl+Enter"</span>
                <button type="button" on:click=handler(move |_| copy(false))>"Copy as curl"</button>
                <button type="button" on:click=handler(move |_| copy(true))>"Copy as Python"</button>
                <button type="button" class="danger" on:click=handler(move |_| confirm_clear.set(true))>"Clear form"</button>
            </div>
            {part(move || (confirm_clear.get().then(|| view! {
                <Confirm id="clear-question"
                    question="Clear every field of this form? The draft cannot be brought back.".to_owned()
                    yes="Clear" no="Keep" on_yes=clear on_no=move || confirm_clear.set(false)/>
            })).map(IntoAny::into_any))}
            <p class="hint" role="status">{text(move || copied.get().unwrap_or_default())}</p>
            <p class="hint" role="status">{text(move || if loading_large.get() { "Loading this large draft's params from the browser…".to_owned() } else { String::new() })}</p>
            <textarea id="manual-copy" class="code manual-copy" node_ref=manual_copy readonly hidden aria-label="Text to copy"></textarea>
            <div role="status">{part(move || save_problem.get().map(|problem| {
                // Full storage: say what the app can clear, and clear it on request.
                let room = (problem == storage::SaveError::Full).then(storage::room).and_then(|r| r.sentence());
                view! {
                    <p class="hint save-problem">{problem.sentence()}
                        {room.map(|room| view! {
                            " "{format!("The app can clear {room}.")}" "
                            <button type="button" class="small" on:click=handler(move |_| {
                                let (cleared, saved) = storage::make_room(&form.draft_now());
                                made_room.set(cleared.sentence().map(|c| format!("Cleared {c}.")));
                                save_problem.set(saved.err());
                            })>"Make room"</button>
                        })}
                    </p>
                }.into_any()
            }).or_else(|| made_room.get().map(|done| view! { <p class="hint">{done}" This draft is kept again."</p> }.into_any())))}</div>
        </form>
        <RecentSubmissions recent=recent on_clone=Callback::new(clone_submission)/>
    }
}

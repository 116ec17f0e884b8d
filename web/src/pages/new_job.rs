//! `/jobs/new`: the job-submission form. Every field is checked live with jobs-core's rules (the
//! server's own messages), the draft is saved as you type, and a submission is sent exactly once.

use std::time::Duration;

use jobs_core::{
    check_field, pyjson::PyValue, validate_submit_job, FieldCheck, JobType, Rejection, SubmitJobField, ValidationError,
    WireEnum,
};
use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::components::json_editor::{JsonEditor, JsonText};
use crate::router::{Link, Route, Router};
use crate::settings::AppSettings;
use crate::snippets;
use crate::storage::{self, Draft, SaveError, Submission};

/// The form's fields, in the order they appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Body(SubmitJobField),
    ProjectId,
}

impl Field {
    const ALL: [Field; 7] = [
        Field::Body(SubmitJobField::JobType),
        Field::Body(SubmitJobField::Params),
        Field::Body(SubmitJobField::Priority),
        Field::Body(SubmitJobField::CallbackUrl),
        Field::Body(SubmitJobField::Metadata),
        Field::Body(SubmitJobField::ParentJobId),
        Field::ProjectId,
    ];

    /// The element's id.
    fn id(self) -> &'static str {
        match self {
            Field::Body(SubmitJobField::JobType) => "job-type",
            Field::Body(SubmitJobField::Params) => "params",
            Field::Body(SubmitJobField::Priority) => "priority",
            Field::Body(SubmitJobField::CallbackUrl) => "callback-url",
            Field::Body(SubmitJobField::Metadata) => "metadata",
            Field::Body(SubmitJobField::ParentJobId) => "parent-job-id",
            Field::ProjectId => "project-id",
        }
    }

    /// The visible label.
    fn label(self) -> &'static str {
        match self {
            Field::Body(SubmitJobField::JobType) => "Job type",
            Field::Body(SubmitJobField::Params) => "Params",
            Field::Body(SubmitJobField::Priority) => "Priority",
            Field::Body(SubmitJobField::CallbackUrl) => "Callback URL",
            Field::Body(SubmitJobField::Metadata) => "Metadata",
            Field::Body(SubmitJobField::ParentJobId) => "Parent job ID",
            Field::ProjectId => "Project ID",
        }
    }

    fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    fn from_wire(name: &str) -> Option<Field> {
        SubmitJobField::from_name(name).map(Field::Body)
    }
}

/// The form's state: the text of every field, and what the user has done with them.
#[derive(Clone, Copy)]
struct Form {
    job_type: RwSignal<String>,
    priority: RwSignal<String>,
    callback_url: RwSignal<String>,
    parent_job_id: RwSignal<String>,
    project_id: RwSignal<String>,
    params: JsonText,
    metadata: JsonText,
    touched: RwSignal<[bool; 7]>,
    attempted: RwSignal<bool>,
    /// 422 entries from the server, each with the field's value it was about.
    server_errors: RwSignal<Vec<(ValidationError, Option<String>)>>,
}

impl Form {
    fn new(draft: &Draft) -> Form {
        Form {
            job_type: RwSignal::new(draft.job_type.clone()),
            priority: RwSignal::new(draft.priority.clone()),
            callback_url: RwSignal::new(draft.callback_url.clone()),
            parent_job_id: RwSignal::new(draft.parent_job_id.clone()),
            project_id: RwSignal::new(draft.project_id.clone()),
            params: JsonText::new(SubmitJobField::Params, draft.params.clone()),
            metadata: JsonText::new(SubmitJobField::Metadata, draft.metadata.clone()),
            touched: RwSignal::new([false; 7]),
            attempted: RwSignal::new(false),
            server_errors: RwSignal::new(Vec::new()),
        }
    }

    fn draft(&self) -> Draft {
        Draft {
            job_type: self.job_type.get(),
            params: self.params.text.get(),
            priority: self.priority.get(),
            callback_url: self.callback_url.get(),
            metadata: self.metadata.text.get(),
            parent_job_id: self.parent_job_id.get(),
            project_id: self.project_id.get(),
            saved_at: js_sys::Date::now(),
        }
    }

    fn load(&self, draft: &Draft) {
        self.job_type.set(draft.job_type.clone());
        self.priority.set(draft.priority.clone());
        self.callback_url.set(draft.callback_url.clone());
        self.parent_job_id.set(draft.parent_job_id.clone());
        self.project_id.set(draft.project_id.clone());
        self.params.set(draft.params.clone());
        self.metadata.set(draft.metadata.clone());
        self.touched.set([false; 7]);
        self.attempted.set(false);
        self.server_errors.set(Vec::new());
    }

    /// The field's value as it goes into the body (JSON text), or None when it is left out.
    /// Tracked.
    fn json(&self, field: SubmitJobField) -> Option<String> {
        let string = |s: RwSignal<String>| {
            let text = s.get();
            (!text.is_empty()).then(|| PyValue::Str(text).to_json())
        };
        let object = |e: JsonText| e.text.with(|t| (!t.trim().is_empty()).then(|| t.trim().to_owned()));
        match field {
            SubmitJobField::JobType => string(self.job_type),
            SubmitJobField::Params => object(self.params),
            SubmitJobField::Priority => self.priority.with(|t| priority_json(t)),
            SubmitJobField::CallbackUrl => string(self.callback_url),
            SubmitJobField::Metadata => object(self.metadata),
            SubmitJobField::ParentJobId => string(self.parent_job_id),
        }
    }

    /// The request body, from the fields.
    fn body(&self) -> String {
        let members: Vec<String> = SubmitJobField::ALL
            .into_iter()
            .filter_map(|field| self.json(field).map(|value| format!("\"{}\":{value}", field.name())))
            .collect();
        format!("{{{}}}", members.join(","))
    }

    /// The field's own check with jobs-core's rule (tracked).
    fn check(&self, field: SubmitJobField) -> FieldCheck {
        match field {
            SubmitJobField::Params => self.params.check.get(),
            SubmitJobField::Metadata => self.metadata.check.get(),
            other => check_field(other, self.json(other).as_deref()),
        }
    }

    /// What to say about a field now (tracked): the server's latest word on its current value,
    /// else its own check once the user has touched it or tried to submit.
    fn message(&self, field: Field) -> Option<String> {
        let Field::Body(body_field) = field else { return None };
        let current = self.json(body_field);
        let from_server = self.server_errors.with(|errors| {
            errors
                .iter()
                .find(|(e, value)| e.field() == Some(body_field.name()) && *value == current)
                .map(|(e, _)| e.msg.clone())
        });
        if from_server.is_some() {
            return from_server;
        }
        if !(self.touched.with(|t| t[field.index()]) || self.attempted.get()) {
            return None;
        }
        match self.check(body_field) {
            FieldCheck::Valid => None,
            FieldCheck::Invalid(e) => Some(e.msg),
            FieldCheck::Syntax(e) => {
                Some(format!("Not valid JSON: line {}, column {}: {}.", e.line, e.column, e.message))
            }
        }
    }

    fn touch(&self, field: Field) {
        self.touched.update(|t| t[field.index()] = true);
    }

    fn focus(&self, field: Field) {
        match field {
            Field::Body(SubmitJobField::Params) => self.params.focus(),
            Field::Body(SubmitJobField::Metadata) => self.metadata.focus(),
            other => {
                if let Some(element) = document().get_element_by_id(other.id()) {
                    let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(element).focus();
                }
            }
        }
    }
}

/// Priority as the body carries it: a number when it is one, else the text as a string (so the
/// API's own message says what is wrong with it), or left out when empty (the API's default, 0).
fn priority_json(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    let looks_numeric = trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    let numeric = looks_numeric && matches!(PyValue::from_json(trimmed), Ok(PyValue::Int(_) | PyValue::Float(_)));
    Some(if numeric { trimmed.to_owned() } else { PyValue::Str(text.to_owned()).to_json() })
}

/// A message above the form.
#[derive(Clone, PartialEq)]
enum Banner {
    /// Fix these first (field, message).
    Problems(Vec<(Field, String)>),
    /// The server answered 422; some entries have no field of their own.
    Rejected(Vec<String>),
    /// The request failed.
    Failed(ApiError),
}

#[component]
pub fn NewJob() -> impl IntoView {
    let router = Router::get();
    let settings = AppSettings::get();
    let restored = storage::load_draft();
    let form = Form::new(restored.as_ref().unwrap_or(&Draft::fresh()));
    let restored_at = RwSignal::new(restored.as_ref().filter(|d| d.has_content()).map(|d| d.saved_at));
    let banner = RwSignal::new(None::<Banner>);
    let sending = RwSignal::new(false);
    let in_flight = StoredValue::new(false);
    let save_problem = RwSignal::new(None::<SaveError>);
    let confirm_clear = RwSignal::new(false);
    let copied = RwSignal::new(None::<String>);
    let recent = RwSignal::new(storage::history());

    // Autosave: a moment after the last change (editors report their text when typing pauses).
    let save_timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first: Option<()>| {
        let draft = form.draft();
        if first.is_none() {
            return;
        }
        if let Some(handle) = save_timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || save_problem.set(storage::save_draft(&draft).err()),
            Duration::from_millis(400),
        );
        save_timer.set_value(handle.ok());
    });

    let submit = move || {
        if in_flight.get_value() {
            return; // one submission at a time: a second click does nothing
        }
        form.params.flush();
        form.metadata.flush();
        form.attempted.set(true);
        form.server_errors.set(Vec::new());
        copied.set(None);
        let problems: Vec<(Field, String)> =
            Field::ALL.into_iter().filter_map(|f| untrack(|| form.message(f)).map(|m| (f, m))).collect();
        if let Some((first, _)) = problems.first() {
            form.focus(*first);
            banner.set(Some(Banner::Problems(problems)));
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
                settings.settings.with(|s| s.default_project.clone())
            } else {
                own
            }
        });
        in_flight.set_value(true);
        sending.set(true);
        banner.set(None);
        let mut api = Api::of(settings);
        leptos::task::spawn_local(async move {
            let answer = api.submit_job(&body, &project).await;
            in_flight.set_value(false);
            sending.set(false);
            match answer {
                Ok(job) => {
                    let mut draft = untrack(|| form.draft());
                    draft.project_id = project;
                    storage::remember(Submission {
                        job_id: job.job_id.clone(),
                        submitted_at: js_sys::Date::now(),
                        api_base: api.base().to_owned(),
                        draft,
                        params_dropped: false,
                    });
                    storage::clear_draft();
                    if let Some(handle) = save_timer.get_value() {
                        handle.clear();
                    }
                    router.navigate(&Route::Job(job.job_id), "");
                }
                Err(ApiError::Invalid(detail)) => {
                    let mut unplaced = Vec::new();
                    let mut first = None;
                    let placed: Vec<(ValidationError, Option<String>)> = detail
                        .into_iter()
                        .filter_map(|e| match e.field().and_then(Field::from_wire) {
                            Some(Field::Body(f)) => {
                                first.get_or_insert(Field::Body(f));
                                let value = untrack(|| form.json(f));
                                Some((e, value))
                            }
                            _ => {
                                let place = e.loc.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(" → ");
                                unplaced.push(format!("{} ({place})", e.msg));
                                None
                            }
                        })
                        .collect();
                    form.server_errors.set(placed);
                    if let Some(field) = first {
                        form.focus(field);
                    }
                    banner.set(Some(Banner::Rejected(unplaced)));
                }
                Err(error) => banner.set(Some(Banner::Failed(error))),
            }
        });
    };

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            submit();
        }
    };

    let copy = move |as_python: bool| {
        form.params.flush();
        form.metadata.flush();
        let body = untrack(|| form.body());
        let project = untrack(|| form.project_id.get());
        let base = untrack(|| settings.api_base());
        let (text, what) = if as_python {
            (snippets::python(&base, &body, &project), "Python")
        } else {
            (snippets::curl(&base, &body, &project), "curl")
        };
        leptos::task::spawn_local(async move {
            let done = snippets::copy_to_clipboard(&text).await;
            copied.set(Some(if done {
                format!("Copied as {what}. The API key is left out: it reads $IONWORKS_API_KEY.")
            } else {
                "This browser did not allow copying; select the text below and copy it.".to_owned()
            }));
            if !done {
                snippets::show_for_manual_copy(&text);
            }
        });
    };

    let clear = move |_| {
        form.load(&Draft::fresh());
        storage::clear_draft();
        confirm_clear.set(false);
        banner.set(None);
        restored_at.set(None);
        form.focus(Field::Body(SubmitJobField::JobType));
    };

    let pending_clone = RwSignal::new(None::<Submission>);
    let apply_clone = move |submission: Submission| {
        pending_clone.set(None);
        form.load(&submission.draft);
        restored_at.set(None);
        banner.set(None);
        if submission.params_dropped {
            copied.set(Some(format!(
                "Params of job {} were too large to keep in this browser; load them from a file.",
                submission.job_id
            )));
        }
    };
    // Cloning replaces the form: what the user has typed is not dropped without asking.
    let clone_submission = move |submission: Submission| {
        form.params.flush();
        form.metadata.flush();
        if untrack(|| form.draft()).has_content() {
            pending_clone.set(Some(submission));
        } else {
            apply_clone(submission);
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };

    let text_field = move |field: Field, signal: RwSignal<String>, kind: &'static str, hint: String| {
        let error_id = format!("{}-error", field.id());
        let hint_id = format!("{}-hint", field.id());
        let described = {
            let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
            move || if form.message(field).is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() }
        };
        view! {
            <div class="field">
                <label for=field.id()>{field.label()}</label>
                <input
                    id=field.id()
                    type=kind
                    inputmode=if field == Field::Body(SubmitJobField::Priority) { "numeric" } else { "text" }
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || signal.get()
                    on:input=move |ev| signal.set(event_target_value(&ev))
                    on:blur=move |_| form.touch(field)
                    aria-invalid=move || form.message(field).is_some().to_string()
                    aria-describedby=described
                />
                <p class="hint" id=hint_id>{hint}</p>
                <p class="error-text" id=error_id>{move || form.message(field)}</p>
            </div>
        }
    };

    let job_type_field = Field::Body(SubmitJobField::JobType);
    let description =
        move || JobType::from_wire(&form.job_type.get()).map_or("Choose what the job does.", |t| t.description());
    let default_project_hint = move || {
        let default = settings.settings.with(|s| s.default_project.clone());
        if default.is_empty() {
            "Optional. Sent as the project_id query parameter.".to_owned()
        } else {
            format!("Optional. Leave empty to use your default project, {default} (Settings).")
        }
    };

    view! {
        <h1>"New job"</h1>
        {move || restored_at.get().map(|at| view! {
            <div class="banner info" role="status">
                {format!("Restored your unsent draft from {}. ", local_time(at))}
                <button type="button" class="small" on:click=move |_| restored_at.set(None)>"OK"</button>
            </div>
        })}
        {move || pending_clone.get().map(|submission| {
            let question = format!("Replace what is in the form with the request of job {}?", submission.job_id);
            view! {
                <div class="banner warn" role="alertdialog" aria-labelledby="clone-question">
                    <p id="clone-question">{question}</p>
                    <div class="row">
                        <button type="button" class="danger" on:click=move |_| apply_clone(submission.clone())>"Replace the form"</button>
                        <button type="button" on:click=move |_| pending_clone.set(None)>"Keep what I typed"</button>
                    </div>
                </div>
            }
        })}
        {move || banner.get().map(|b| banner_view(b, form))}
        <form class="panel" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); } on:keydown=on_keydown>
            <div class="field">
                <label for="job-type">"Job type"</label>
                <select
                    id="job-type"
                    prop:value=move || form.job_type.get()
                    on:change=move |ev| { form.job_type.set(event_target_value(&ev)); form.touch(job_type_field); }
                    on:blur=move |_| form.touch(job_type_field)
                    aria-invalid=move || form.message(job_type_field).is_some().to_string()
                    aria-describedby=move || if form.message(job_type_field).is_some() { "job-type-hint job-type-error" } else { "job-type-hint" }
                >
                    <option value="">"Choose a job type…"</option>
                    {JobType::ALL.iter().map(|t| view! {
                        <option value=t.as_str()>{format!("{} — {}", t.as_str(), t.description())}</option>
                    }).collect_view()}
                </select>
                <p class="hint" id="job-type-hint">{description}</p>
                <p class="error-text" id="job-type-error">{move || form.message(job_type_field)}</p>
            </div>
            <JsonEditor
                editor=form.params
                id="params"
                label="Params"
                hint="Required: a JSON object of the job's parameters."
                error=Signal::derive(move || form.message(Field::Body(SubmitJobField::Params)))
                show=Signal::derive(move || form.touched.with(|t| t[1]) || form.attempted.get())
                on_blur=move || form.touch(Field::Body(SubmitJobField::Params))
            />
            <div class="grid2">
                {text_field(Field::Body(SubmitJobField::Priority), form.priority, "text", "0 to 10; 10 runs first. Empty means 0.".to_owned())}
                {text_field(Field::Body(SubmitJobField::CallbackUrl), form.callback_url, "url", "Optional. An http(s) address the API calls when the job ends.".to_owned())}
                {text_field(Field::Body(SubmitJobField::ParentJobId), form.parent_job_id, "text", "Optional. The job this one belongs to.".to_owned())}
                <div class="field">
                    <label for="project-id">"Project ID"</label>
                    <input id="project-id" type="text" autocomplete="off" spellcheck="false"
                        placeholder=move || settings.settings.with(|s| s.default_project.clone())
                        prop:value=move || form.project_id.get()
                        on:input=move |ev| form.project_id.set(event_target_value(&ev))
                        aria-describedby="project-id-hint"/>
                    <p class="hint" id="project-id-hint">{default_project_hint}</p>
                </div>
            </div>
            <JsonEditor
                editor=form.metadata
                id="metadata"
                label="Metadata"
                hint="Optional: a JSON object kept with the job."
                error=Signal::derive(move || form.message(Field::Body(SubmitJobField::Metadata)))
                show=Signal::derive(move || form.touched.with(|t| t[4]) || form.attempted.get())
                on_blur=move || form.touch(Field::Body(SubmitJobField::Metadata))
            />
            <div class="row actions">
                <button type="submit" class="primary" disabled=move || sending.get() aria-disabled=move || sending.get().to_string()>
                    {move || if sending.get() { "Submitting…" } else { "Submit job" }}
                </button>
                <span class="muted">"or Ctrl+Enter"</span>
                <button type="button" on:click=move |_| copy(false)>"Copy as curl"</button>
                <button type="button" on:click=move |_| copy(true)>"Copy as Python"</button>
                <button type="button" class="danger" on:click=move |_| confirm_clear.set(true)>"Clear form"</button>
            </div>
            {move || confirm_clear.get().then(|| view! {
                <div class="banner warn" role="alertdialog" aria-labelledby="clear-question">
                    <p id="clear-question">"Clear every field of this form? The draft cannot be brought back."</p>
                    <div class="row">
                        <button type="button" class="danger" on:click=clear>"Clear"</button>
                        <button type="button" on:click=move |_| confirm_clear.set(false)>"Keep"</button>
                    </div>
                </div>
            })}
            <p class="hint" role="status">{move || copied.get()}</p>
            <pre id="manual-copy" hidden></pre>
            <p class="hint" role="status">{move || match save_problem.get() {
                Some(SaveError::TooLarge) => "This draft is too large for the browser to keep (about 5 MB fits); keep a copy of the params in a file.",
                Some(SaveError::Unavailable) => "This browser does not let the page keep a draft; it will be lost if you leave.",
                None => "",
            }}</p>
        </form>
        <RecentSubmissions recent=recent on_clone=Callback::new(clone_submission)/>
    }
}

fn banner_view(banner: Banner, form: Form) -> AnyView {
    match banner {
        Banner::Problems(problems) => {
            let count = problems.len();
            view! {
                <div class="banner bad" role="alert">
                    <p>{if count == 1 { "Fix this before submitting:".to_owned() } else { format!("Fix these {count} problems before submitting:") }}</p>
                    <ul>
                        {problems.into_iter().map(|(field, message)| view! {
                            <li><a href=format!("#{}", field.id()) on:click=move |ev| { ev.prevent_default(); form.focus(field); }>
                                {format!("{}: {message}", field.label())}
                            </a></li>
                        }).collect_view()}
                    </ul>
                </div>
            }
            .into_any()
        }
        Banner::Rejected(messages) => {
            let text = if messages.is_empty() {
                "The API did not accept the job; each problem is shown by its field.".to_owned()
            } else {
                "The API did not accept the job:".to_owned()
            };
            view! {
                <div class="banner bad" role="alert">
                    <p>{text}</p>
                    <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any()
        }
        Banner::Failed(error) => {
            let settings_link = error.needs_settings();
            view! {
                <div class="banner bad" role="alert">
                    <p>{error.sentence()}</p>
                    {settings_link.then(|| view! { <p><Link to=Route::Settings>"Open Settings"</Link></p> })}
                    <p>"Your form is kept as it is; nothing was lost."</p>
                </div>
            }
            .into_any()
        }
    }
}

/// Milliseconds since the epoch, in the browser's local time.
pub fn local_time(ms: f64) -> String {
    String::from(
        js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms))
            .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED),
    )
}

#[component]
fn RecentSubmissions(recent: RwSignal<Vec<Submission>>, on_clone: Callback<Submission>) -> impl IntoView {
    view! {
        <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">"Recent submissions"</h2>
            {move || {
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
                                        <button type="button" class="small" on:click=move |_| on_clone.run(s.clone())>"Clone"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

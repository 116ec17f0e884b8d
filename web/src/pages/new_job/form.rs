//! The form's state in signals: every field's text, what the user has done with them, and the
//! server's last 422. It asks `model.rs` what goes in the body and what to say about a field.

use jobs_core::{check_field, FieldCheck, SubmitJobField, ValidationError};
use leptos::html::{Input, Select};
use leptos::prelude::*;

use super::model::{self, Field, Placed};
use crate::components::json_editor::JsonText;
use crate::storage::Draft;

/// The form's state: the text of every field, and what the user has done with them.
#[derive(Clone, Copy)]
pub struct Form {
    pub job_type: RwSignal<String>,
    pub priority: RwSignal<String>,
    pub callback_url: RwSignal<String>,
    pub parent_job_id: RwSignal<String>,
    pub project_id: RwSignal<String>,
    pub params: JsonText,
    pub metadata: JsonText,
    pub touched: RwSignal<[bool; 7]>,
    pub attempted: RwSignal<bool>,
    /// 422 entries from the server, each with the field's value it was about.
    pub server_errors: RwSignal<Vec<(ValidationError, Option<String>)>>,
    /// The user chose "Send anyway" for values the API fails on (500): the next submission sends
    /// them.
    pub send_anyway: RwSignal<bool>,
    /// The job-type select, for focus.
    pub job_type_node: NodeRef<Select>,
    /// The priority, callback URL and parent job ID inputs, for focus.
    pub input_nodes: [NodeRef<Input>; 3],
}

impl Form {
    pub fn new(draft: &Draft) -> Form {
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
            send_anyway: RwSignal::new(false),
            job_type_node: NodeRef::new(),
            // Three refs: `[NodeRef::new(); 3]` would copy one ref three times (the last input wins).
            input_nodes: [NodeRef::new(), NodeRef::new(), NodeRef::new()],
        }
    }

    /// Every field's text now (tracked), stamped with the time.
    pub fn draft(&self) -> Draft {
        Draft {
            job_type: self.job_type.get(),
            params: self.params.text.get(),
            priority: self.priority.get(),
            callback_url: self.callback_url.get(),
            metadata: self.metadata.text.get(),
            parent_job_id: self.parent_job_id.get(),
            project_id: self.project_id.get(),
            saved_at: js_sys::Date::now(),
            possibly_sent_at: None,
            sending_at: None,
            apart: None,
            cloned_from: None,
        }
    }

    /// Every field's text now, the editors' as typed even before typing paused, changing no
    /// state (for saving while the page is being left).
    pub fn draft_now(&self) -> Draft {
        Draft { params: self.params.current(), metadata: self.metadata.current(), ..untrack(|| self.draft()) }
    }

    /// Puts a draft in every field and starts over (nothing touched, no server errors).
    pub fn load(&self, draft: &Draft) {
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

    /// Reads both editors into their documents now (typing may not have paused yet).
    pub fn flush(&self) {
        self.params.flush();
        self.metadata.flush();
    }

    /// The field's value as it goes into the body (JSON text), or None when it is left out.
    /// Tracked: only that field's text.
    pub fn json(&self, field: SubmitJobField) -> Option<String> {
        let text = match field {
            SubmitJobField::JobType => self.job_type,
            SubmitJobField::Params => self.params.text,
            SubmitJobField::Priority => self.priority,
            SubmitJobField::CallbackUrl => self.callback_url,
            SubmitJobField::Metadata => self.metadata.text,
            SubmitJobField::ParentJobId => self.parent_job_id,
        };
        text.with(|text| model::field_json(field, text))
    }

    /// The request body, from the fields.
    pub fn body(&self) -> String {
        model::body(|field| self.json(field))
    }

    /// The field's own check with jobs-core's rule (tracked); None while the callback URL's host
    /// name waits for the IDNA tables (`chunks::exact_hosts`).
    fn check(&self, field: SubmitJobField) -> Option<FieldCheck> {
        match field {
            SubmitJobField::Params => Some(self.params.check.get()),
            SubmitJobField::Metadata => Some(self.metadata.check.get()),
            SubmitJobField::CallbackUrl => {
                let json = self.json(field);
                crate::chunks::exact_hosts(|| check_field(field, json.as_deref()))
            }
            other => Some(check_field(other, self.json(other).as_deref())),
        }
    }

    /// Whether the callback URL's check waits for the IDNA tables (tracked).
    pub fn checking_host(&self) -> bool {
        self.check(SubmitJobField::CallbackUrl).is_none()
    }

    /// Whether the field's own problems may be shown: once touched, or after trying to submit.
    pub fn shows(&self, field: Field) -> bool {
        self.touched.with(|t| t[field.index()]) || self.attempted.get()
    }

    /// What to say about a field now (tracked): the server's latest word on its current value,
    /// else its own check once the user has touched it or tried to submit.
    pub fn message(&self, field: Field) -> Option<String> {
        let Field::Body(body_field) = field else { return None };
        let current = self.json(body_field);
        self.server_errors
            .with(|errors| model::server_message(errors, body_field, &current))
            .or_else(|| self.shows(field).then(|| self.check(body_field).and_then(model::check_message)).flatten())
    }

    /// Whether the API fails (500) on the field's value as it stands (tracked).
    pub fn fails(&self, field: Field) -> bool {
        let Field::Body(body_field) = field else { return false };
        matches!(self.check(body_field), Some(FieldCheck::Fails(_)))
    }

    /// What stops a submission now (untracked): each field's message, but not the values the
    /// API fails on once the user chose to send them anyway (a choice used up here); and whether
    /// every problem is such a value, which the user may choose to send.
    pub fn take_problems(&self) -> (Vec<(Field, String)>, bool) {
        untrack(|| {
            let anyway = self.send_anyway.get();
            self.send_anyway.set(false);
            let problems: Vec<(Field, String)> = Field::ALL
                .into_iter()
                .filter(|&f| !(anyway && self.fails(f)))
                .filter_map(|f| self.message(f).map(|m| (f, m)))
                .collect();
            let only_failures = problems.iter().all(|&(f, _)| self.fails(f));
            (problems, only_failures)
        })
    }

    /// The message of a field, as a signal for its view.
    pub fn message_signal(&self, field: Field) -> Signal<Option<String>> {
        let form = *self;
        Signal::derive(move || form.message(field))
    }

    pub fn touch(&self, field: Field) {
        self.touched.update(|t| t[field.index()] = true);
    }

    /// Takes a 422's entries: each on its field, the first of those focused; returns the rest.
    pub fn take_rejection(&self, detail: Vec<ValidationError>) -> Vec<String> {
        let Placed { on_fields, first, elsewhere } = model::place(detail, |f| untrack(|| self.json(f)));
        self.server_errors.set(on_fields);
        if let Some(field) = first {
            self.focus(field);
        }
        elsewhere
    }

    pub fn focus(&self, field: Field) {
        let input = |n: usize| {
            if let Some(input) = self.input_nodes[n].get_untracked() {
                let _ = input.focus();
            }
        };
        match field {
            Field::Body(SubmitJobField::JobType) => {
                if let Some(select) = self.job_type_node.get_untracked() {
                    let _ = select.focus();
                }
            }
            Field::Body(SubmitJobField::Params) => self.params.focus(),
            Field::Body(SubmitJobField::Metadata) => self.metadata.focus(),
            Field::Body(SubmitJobField::Priority) => input(0),
            Field::Body(SubmitJobField::CallbackUrl) => input(1),
            Field::Body(SubmitJobField::ParentJobId) => input(2),
            Field::ProjectId => {}
        }
    }
}

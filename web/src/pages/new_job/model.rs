//! The form's model, apart from the page: its fields, what each field's text puts in the body,
//! the body itself, what to say about a field, and where a 422's entries go. Pure, so it is
//! tested natively; `form.rs` holds the same texts in signals and asks these functions.

use jobs_core::address::{refusal, Refusal};
use jobs_core::pyjson::{PyValue, UnwritableKind};
use jobs_core::{ApiFailure, FieldCheck, JobResponse, LocItem, SubmitJobField, ValidationError};

use crate::storage::Draft;

/// The form's fields, in the order they appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A member of the request body.
    Body(SubmitJobField),
    /// The `project_id` query parameter.
    ProjectId,
}

impl Field {
    /// Every field, in the order of the page.
    pub const ALL: [Field; 7] = [
        Field::Body(SubmitJobField::JobType),
        Field::Body(SubmitJobField::Params),
        Field::Body(SubmitJobField::Priority),
        Field::Body(SubmitJobField::CallbackUrl),
        Field::Body(SubmitJobField::Metadata),
        Field::Body(SubmitJobField::ParentJobId),
        Field::ProjectId,
    ];

    /// The element's id (the problem list links to it; the tests find fields by it).
    pub fn id(self) -> &'static str {
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
    pub fn label(self) -> &'static str {
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

    /// The field's place in [`Field::ALL`].
    pub fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

/// A field's value as it goes into the body (JSON text), or None when it is left out: editors'
/// objects trimmed, priority as [`priority_json`] says, other texts as strings when not empty.
pub fn field_json(field: SubmitJobField, text: &str) -> Option<String> {
    match field {
        SubmitJobField::Params | SubmitJobField::Metadata => (!text.trim().is_empty()).then(|| text.trim().to_owned()),
        SubmitJobField::Priority => priority_json(text),
        _ => (!text.is_empty()).then(|| PyValue::Str(text.to_owned()).to_json()),
    }
}

/// Priority as the body carries it: a number when it is one, else the text as a string (so the
/// API's own message says what is wrong with it), or left out when empty (the API's default, 0).
/// `NaN`, `Infinity` and `-Infinity` are numbers too, as Python's `json.dumps` writes a float
/// priority and as the API reads them (the form then says that the API fails on them).
pub fn priority_json(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if matches!(trimmed, "NaN" | "Infinity" | "-Infinity") {
        return Some(trimmed.to_owned());
    }
    let looks_numeric = trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    let numeric = looks_numeric && matches!(PyValue::from_json(trimmed), Ok(PyValue::Int(_) | PyValue::Float(_)));
    Some(if numeric { trimmed.to_owned() } else { PyValue::Str(text.to_owned()).to_json() })
}

/// The request body: the members `value` gives, in the model's order.
pub fn body(value: impl Fn(SubmitJobField) -> Option<String>) -> String {
    let members: Vec<String> = SubmitJobField::ALL
        .into_iter()
        .filter_map(|field| value(field).map(|json| format!("\"{}\":{json}", field.name())))
        .collect();
    format!("{{{}}}", members.join(","))
}

/// What a field's own check says, in words (None when the value is fine).
pub fn check_message(check: FieldCheck) -> Option<String> {
    match check {
        FieldCheck::Valid => None,
        FieldCheck::Invalid(e) => Some(e.msg),
        FieldCheck::Syntax(e) => Some(format!("Not valid JSON: line {}, column {}: {}.", e.line, e.column, e.message)),
        FieldCheck::Fails(failure) => Some(failure_message(&failure)),
    }
}

/// What to say about a value the API fails on (500): that it cannot answer it, what the value
/// is (and where, inside an object), and what to use instead.
pub fn failure_message(failure: &ApiFailure) -> String {
    let inside: Vec<String> = failure.loc.iter().skip(2).map(LocItem::to_string).collect();
    let (what, sep) = match failure.kind {
        UnwritableKind::NaN => (" (not a number)", " "),
        UnwritableKind::Infinity | UnwritableKind::NegativeInfinity => (", an infinite number", ", "),
        UnwritableKind::UnpairedSurrogate => (", a string holding half of a surrogate pair", ", "),
    };
    let place =
        if inside.is_empty() { String::new() } else { format!("{sep}at {} in this field", inside.join(" → ")) };
    let instead = match (failure.field(), failure.kind) {
        (Some(SubmitJobField::Priority), _) => "Use a whole number from 0 to 10.",
        (Some(SubmitJobField::JobType), _) => "Choose one of the job types.",
        (_, UnwritableKind::UnpairedSurrogate) => {
            "Remove the lone \\uD800–\\uDFFF escape, or write the whole character (both halves of the pair)."
        }
        _ => "Use a finite number, or null, instead.",
    };
    format!(
        "The API cannot answer {}{what}{place}: it reads it but cannot write it back, so it fails with an internal \
         error (500) instead of saying what is wrong. {instead}",
        failure.value
    )
}

/// The server's latest word on a field, while the field still holds the value it was about.
pub fn server_message(
    errors: &[(ValidationError, Option<String>)],
    field: SubmitJobField,
    current: &Option<String>,
) -> Option<String> {
    errors.iter().find(|(e, value)| e.field() == Some(field.name()) && value == current).map(|(e, _)| e.msg.clone())
}

/// A hint beside what is said about the callback URL, where the API's exact words (kept as they
/// are) leave the user guessing: the scheme a relative URL lacks, or that a callback to this
/// machine or a private network will not be sent. `message` is what the field shows now.
pub fn callback_advice(text: &str, message: Option<&str>) -> Option<String> {
    let typed = text.trim();
    if message.is_some_and(|m| m.contains("relative URL without a base")) && !typed.is_empty() {
        let suggestion = if let Some(rest) = typed.strip_prefix("//") {
            format!("https://{rest}")
        } else {
            format!("https://{typed}")
        };
        return Some(format!("A callback URL starts with its scheme: did you mean {suggestion}?"));
    }
    if message.is_some() {
        return None;
    }
    let url = url::Url::parse(typed).ok()?;
    let (host, why) = match url.host()? {
        url::Host::Domain(name) => {
            let name = name.trim_end_matches('.');
            let local = name == "localhost" || name.ends_with(".localhost");
            (name.to_owned(), local.then_some(Refusal::Loopback)?)
        }
        url::Host::Ipv4(ip) => (ip.to_string(), refusal(ip.into())?),
        url::Host::Ipv6(ip) => (format!("[{ip}]"), refusal(ip.into())?),
    };
    Some(format!(
        "{host} is {}: an API on another machine (such as the hosted one) cannot reach it, and the local API \
         refuses to call it unless started with --callbacks-allow-private.",
        why.describe()
    ))
}

/// A 422's entries, placed.
#[derive(Debug, Default, PartialEq)]
pub struct Placed {
    /// Entries about a body field, each with that field's value when it was sent.
    pub on_fields: Vec<(ValidationError, Option<String>)>,
    /// The first field with an entry (focus goes there).
    pub first: Option<Field>,
    /// Entries about no field of the form, with where they were about: "msg (query → project_id)".
    pub elsewhere: Vec<String>,
}

/// Places a 422's entries by their `loc`: on the body field they name, else in the banner.
pub fn place(detail: Vec<ValidationError>, value_of: impl Fn(SubmitJobField) -> Option<String>) -> Placed {
    let mut placed = Placed::default();
    for error in detail {
        match error.field().and_then(SubmitJobField::from_name) {
            Some(field) => {
                placed.first.get_or_insert(Field::Body(field));
                let value = value_of(field);
                placed.on_fields.push((error, value));
            }
            None => {
                let place = error.loc.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(" → ");
                placed.elsewhere.push(format!("{} ({place})", error.msg));
            }
        }
    }
    placed
}

/// The heading of the list of problems to fix before submitting.
pub fn problems_heading(count: usize) -> String {
    if count == 1 {
        "Fix this before submitting:".to_owned()
    } else {
        format!("Fix these {count} problems before submitting:")
    }
}

/// A draft to clone a job this browser did not submit: what the job tells (not its params).
pub fn draft_from_job(job: &JobResponse) -> Draft {
    Draft {
        job_type: job.job_type.as_str().to_owned(),
        params: "{}".to_owned(),
        priority: job.priority.to_string(),
        callback_url: job.callback_url.clone().unwrap_or_default(),
        parent_job_id: job.parent_job_id.clone().unwrap_or_default(),
        project_id: job.project_id.clone().unwrap_or_default(),
        cloned_from: Some(job.job_id.clone()),
        ..Draft::default()
    }
}

#[cfg(test)]
mod tests {
    use jobs_core::LocItem;

    use super::*;

    /// The text of a body field in a draft.
    fn text_of(draft: &Draft, field: SubmitJobField) -> &str {
        match field {
            SubmitJobField::JobType => &draft.job_type,
            SubmitJobField::Params => &draft.params,
            SubmitJobField::Priority => &draft.priority,
            SubmitJobField::CallbackUrl => &draft.callback_url,
            SubmitJobField::Metadata => &draft.metadata,
            SubmitJobField::ParentJobId => &draft.parent_job_id,
        }
    }

    /// The body a draft sends.
    fn draft_body(draft: &Draft) -> String {
        body(|field| field_json(field, text_of(draft, field)))
    }

    fn entry(loc: &[&str], msg: &str) -> ValidationError {
        ValidationError {
            kind: "value_error".to_owned(),
            loc: loc.iter().map(|l| LocItem::from(*l)).collect(),
            msg: msg.to_owned(),
            input: None,
            ctx: None,
        }
    }

    #[test]
    fn a_relative_callback_url_is_given_the_scheme_it_lacks() {
        let message = Some("Input should be a valid URL, relative URL without a base");
        assert_eq!(
            callback_advice("example.com/hook", message).as_deref(),
            Some("A callback URL starts with its scheme: did you mean https://example.com/hook?")
        );
        assert_eq!(
            callback_advice(" //example.com/hook ", message).as_deref(),
            Some("A callback URL starts with its scheme: did you mean https://example.com/hook?")
        );
        assert_eq!(callback_advice("example.com/hook", Some("URL scheme should be 'http' or 'https'")), None);
        assert_eq!(callback_advice("https://example.com/hook", None), None, "a public host needs no advice");
    }

    #[test]
    fn a_callback_to_this_machine_or_a_private_network_is_said_not_to_be_sent() {
        for (url, host, kind) in [
            ("http://localhost:8000/hook", "localhost", "a loopback address (this machine)"),
            ("http://LOCALHOST./hook", "localhost", "a loopback address (this machine)"),
            ("http://api.localhost/hook", "api.localhost", "a loopback address (this machine)"),
            ("http://127.0.0.1:9/hook", "127.0.0.1", "a loopback address (this machine)"),
            ("http://0x7f000001/hook", "127.0.0.1", "a loopback address (this machine)"),
            ("https://192.168.1.20/hook", "192.168.1.20", "a private-network address"),
            ("http://[::1]/hook", "[::1]", "a loopback address (this machine)"),
            (
                "http://169.254.169.254/latest",
                "169.254.169.254",
                "a link-local address (such as a cloud metadata service)",
            ),
        ] {
            let advice = callback_advice(url, None).unwrap_or_else(|| panic!("{url}: no advice"));
            assert!(advice.starts_with(&format!("{host} is {kind}: an API on another machine")), "{url}: {advice}");
            assert!(advice.ends_with("unless started with --callbacks-allow-private."), "{advice}");
        }
        // While the field has a message of its own, that message is what to fix first.
        assert_eq!(callback_advice("http://localhost/hook", Some("URL too long")), None);
        assert_eq!(callback_advice("http://example.localhost.com/hook", None), None);
    }

    #[test]
    fn priority_text_reads_an_empty_field_as_no_priority() {
        assert_eq!(priority_json(""), None);
        assert_eq!(priority_json("  \t"), None);
    }

    #[test]
    fn nan_and_infinities_as_python_writes_them_are_sent_as_the_numbers_they_are() {
        assert_eq!(priority_json(" NaN ").as_deref(), Some("NaN"));
        assert_eq!(priority_json("-Infinity").as_deref(), Some("-Infinity"));
    }

    #[test]
    fn a_value_the_api_fails_on_is_named_with_what_to_use_instead() {
        let priority = check_message(jobs_core::check_field(SubmitJobField::Priority, priority_json("NaN").as_deref()));
        assert_eq!(
            priority.as_deref(),
            Some(
                "The API cannot answer NaN (not a number): it reads it but cannot write it back, so it fails with an \
                 internal error (500) instead of saying what is wrong. Use a whole number from 0 to 10."
            )
        );
        let metadata = check_message(jobs_core::check_field(SubmitJobField::Metadata, Some("[1, NaN]"))).unwrap();
        assert!(metadata.starts_with("The API cannot answer NaN (not a number) at 1 in this field: "), "{metadata}");
        assert!(metadata.ends_with("Use a finite number, or null, instead."), "{metadata}");
        let id = check_message(jobs_core::check_field(SubmitJobField::ParentJobId, Some(r#""x\udc00""#))).unwrap();
        assert!(
            id.starts_with(r#"The API cannot answer "x\udc00", a string holding half of a surrogate pair: "#),
            "{id}"
        );
    }

    #[test]
    fn priority_text_that_is_a_number_is_sent_as_that_number() {
        assert_eq!(priority_json("5").as_deref(), Some("5"));
        assert_eq!(priority_json(" 7 ").as_deref(), Some("7"));
        assert_eq!(priority_json("-2").as_deref(), Some("-2"));
        assert_eq!(priority_json("2.5").as_deref(), Some("2.5"));
        assert_eq!(priority_json("1e3").as_deref(), Some("1e3"));
    }

    #[test]
    fn priority_text_that_is_not_a_number_is_sent_as_the_string_typed() {
        assert_eq!(priority_json("high").as_deref(), Some(r#""high""#));
        assert_eq!(priority_json("+3").as_deref(), Some(r#""+3""#), "JSON has no leading plus");
        assert_eq!(priority_json("0x10").as_deref(), Some(r#""0x10""#));
        assert_eq!(priority_json(" nan ").as_deref(), Some(r#"" nan ""#), "untrimmed, as typed");
    }

    #[test]
    fn a_fresh_form_sends_its_empty_params_and_nothing_else() {
        assert_eq!(draft_body(&Draft::fresh()), r#"{"params":{}}"#);
    }

    #[test]
    fn the_body_carries_every_filled_field_in_the_models_order() {
        let draft = Draft {
            job_type: "simulate".to_owned(),
            params: "  {\"a\": 1.50}\n".to_owned(),
            priority: "3".to_owned(),
            callback_url: "https://cb.example/\"x\"".to_owned(),
            metadata: "{\"k\":[]}".to_owned(),
            parent_job_id: "p-1".to_owned(),
            project_id: "not in the body".to_owned(),
            ..Draft::default()
        };
        assert_eq!(
            draft_body(&draft),
            r#"{"job_type":"simulate","params":{"a": 1.50},"priority":3,"callback_url":"https://cb.example/\"x\"","metadata":{"k":[]},"parent_job_id":"p-1"}"#
        );
    }

    #[test]
    fn blank_editors_and_empty_texts_leave_their_members_out() {
        let draft = Draft { params: " \n ".to_owned(), metadata: String::new(), ..Draft::default() };
        assert_eq!(draft_body(&draft), "{}");
    }

    #[test]
    fn a_422_entry_about_a_body_field_is_placed_on_it_with_the_value_sent() {
        let placed = place(
            vec![
                entry(&["body", "priority"], "Input should be less than or equal to 5"),
                entry(&["body", "job_type"], "bad"),
            ],
            |field| (field == SubmitJobField::Priority).then(|| "9".to_owned()),
        );
        assert_eq!(placed.first, Some(Field::Body(SubmitJobField::Priority)));
        assert_eq!(placed.on_fields.len(), 2);
        assert_eq!(placed.on_fields[0].1.as_deref(), Some("9"));
        assert!(placed.elsewhere.is_empty());
    }

    #[test]
    fn a_422_entry_about_no_field_of_the_form_goes_to_the_banner_with_its_place() {
        let placed = place(
            vec![
                entry(&["query", "project_id"], "Value error, unknown project"),
                entry(&["body"], "Field required"),
                entry(&["body", "unknown_member"], "Extra inputs are not permitted"),
            ],
            |_| None,
        );
        assert_eq!(placed.first, None);
        assert_eq!(
            placed.elsewhere,
            [
                "Value error, unknown project (query → project_id)",
                "Field required (body)",
                "Extra inputs are not permitted (body → unknown_member)",
            ]
        );
    }

    #[test]
    fn the_servers_word_on_a_field_lasts_while_the_field_holds_the_value_it_was_about() {
        let errors = vec![(entry(&["body", "priority"], "too high"), Some("9".to_owned()))];
        let priority = SubmitJobField::Priority;
        assert_eq!(server_message(&errors, priority, &Some("9".to_owned())).as_deref(), Some("too high"));
        assert_eq!(server_message(&errors, priority, &Some("4".to_owned())), None, "edited since");
        assert_eq!(server_message(&errors, SubmitJobField::JobType, &Some("9".to_owned())), None);
    }

    #[test]
    fn a_json_syntax_error_is_told_with_its_line_and_column() {
        let syntax = jobs_core::SyntaxError { message: "Expecting value".to_owned(), line: 2, column: 5, offset: 9 };
        assert_eq!(
            check_message(FieldCheck::Syntax(syntax)).as_deref(),
            Some("Not valid JSON: line 2, column 5: Expecting value.")
        );
        assert_eq!(check_message(FieldCheck::Valid), None);
        assert_eq!(
            check_message(FieldCheck::Invalid(entry(&["body", "params"], "Field required"))).as_deref(),
            Some("Field required")
        );
    }

    #[test]
    fn the_problem_list_heading_counts_its_problems() {
        assert_eq!(problems_heading(1), "Fix this before submitting:");
        assert_eq!(problems_heading(3), "Fix these 3 problems before submitting:");
    }

    #[test]
    fn every_field_has_its_own_element_id_and_its_place_in_the_order() {
        let ids: Vec<&str> = Field::ALL.iter().map(|f| f.id()).collect();
        assert_eq!(ids, ["job-type", "params", "priority", "callback-url", "metadata", "parent-job-id", "project-id"]);
        assert!(Field::ALL.iter().enumerate().all(|(n, f)| f.index() == n));
    }

    #[test]
    fn cloning_a_job_from_elsewhere_keeps_what_the_job_tells_but_not_params() {
        let job: JobResponse = serde_json::from_str(
            r#"{"job_id":"j","job_type":"ecm_fit","status":"failed","priority":4,"created_at":"2024-01-01T00:00:00Z",
                "updated_at":"2024-01-01T00:00:00Z","user_id":"u","organization_id":"o","is_terminal":true,
                "is_failed":true,"callback_url":"https://cb","parent_job_id":"p","project_id":"pr"}"#,
        )
        .unwrap();
        let draft = draft_from_job(&job);
        assert_eq!((draft.job_type.as_str(), draft.params.as_str(), draft.priority.as_str()), ("ecm_fit", "{}", "4"));
        assert_eq!(
            (draft.callback_url.as_str(), draft.parent_job_id.as_str(), draft.project_id.as_str()),
            ("https://cb", "p", "pr")
        );
        assert_eq!(draft.metadata, "");
    }
}

//! Validation of `POST /jobs` bodies, answering exactly what the hosted API answers.
//!
//! The hosted API reads the body with Python's `json` module and validates the resulting value
//! with pydantic v2 (lax mode) against `SubmitJobRequest`. This module does the same in the same
//! order: decode, parse the whole document (any syntax error wins), check the body is an object,
//! then each field in model order, one error at most per field.

mod error;
mod failure;
mod input;
pub(crate) mod rules;

use std::borrow::Cow;

use crate::pyjson::{self, EntryKind, EntrySink, JsonError, PyValue, Scalar};
use crate::wire::{JobType, JsonObject, LocItem, SubmitJobRequest, ValidationError};
use error::ErrorKind;
pub use failure::{ApiFailure, INTERNAL_ERROR_BODY, INTERNAL_ERROR_CONTENT_TYPE};
use input::{Input, Kind};

pub use rules::http_url::MAX_URL_LENGTH;

/// The text of a 400 answer's `detail`, as FastAPI words it.
pub const UNREADABLE_BODY_DETAIL: &str = "There was an error parsing the body";

/// Why the API refuses a body.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejection {
    /// 422 Unprocessable Content, with these `detail` entries in field order.
    Invalid(Vec<ValidationError>),
    /// 400 Bad Request: the body is not readable at all (not text in a JSON encoding, nesting
    /// deeper than the server's recursion limit, or an integer of more than 4,300 digits). The API
    /// says only [`UNREADABLE_BODY_DETAIL`]; `reason` says what is wrong, for people.
    Unreadable {
        /// What is wrong with the body, in a sentence.
        reason: String,
    },
    /// 500 Internal Server Error: the API validates the body, then fails to write its answer,
    /// which would echo a value it cannot write. It says only [`INTERNAL_ERROR_BODY`], as plain
    /// text; the [`ApiFailure`] says which value, and where.
    Fails(ApiFailure),
}

impl Rejection {
    /// The HTTP status the API answers with.
    pub fn status(&self) -> u16 {
        match self {
            Rejection::Invalid(_) => 422,
            Rejection::Unreadable { .. } => 400,
            Rejection::Fails(_) => 500,
        }
    }

    /// The content type of the API's answer: JSON, except the plain text of a 500.
    pub fn content_type(&self) -> &'static str {
        match self {
            Rejection::Fails(_) => INTERNAL_ERROR_CONTENT_TYPE,
            _ => "application/json",
        }
    }

    /// The `detail` entries of a 422 (empty otherwise).
    pub fn detail(&self) -> &[ValidationError] {
        match self {
            Rejection::Invalid(detail) => detail,
            _ => &[],
        }
    }

    /// The response body the API sends, as text of the [`Rejection::content_type`]: JSON, or the
    /// plain text of a 500.
    pub fn body_text(&self) -> String {
        match self {
            Rejection::Invalid(detail) => {
                serde_json::to_string(&crate::wire::HTTPValidationError { detail: detail.clone() })
                    .unwrap_or_else(|_| "{\"detail\":[]}".to_owned())
            }
            Rejection::Unreadable { .. } => format!("{{\"detail\":\"{UNREADABLE_BODY_DETAIL}\"}}"),
            Rejection::Fails(_) => INTERNAL_ERROR_BODY.to_owned(),
        }
    }
}

/// The fields of `SubmitJobRequest`, in the model's order (the order errors are reported in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubmitJobField {
    /// `job_type` (required)
    JobType,
    /// `params` (required)
    Params,
    /// `priority` (default 0)
    Priority,
    /// `callback_url` (optional)
    CallbackUrl,
    /// `metadata` (optional)
    Metadata,
    /// `parent_job_id` (optional)
    ParentJobId,
}

impl SubmitJobField {
    /// Every field, in the model's order.
    pub const ALL: [SubmitJobField; 6] = [
        SubmitJobField::JobType,
        SubmitJobField::Params,
        SubmitJobField::Priority,
        SubmitJobField::CallbackUrl,
        SubmitJobField::Metadata,
        SubmitJobField::ParentJobId,
    ];

    /// The field's name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            SubmitJobField::JobType => "job_type",
            SubmitJobField::Params => "params",
            SubmitJobField::Priority => "priority",
            SubmitJobField::CallbackUrl => "callback_url",
            SubmitJobField::Metadata => "metadata",
            SubmitJobField::ParentJobId => "parent_job_id",
        }
    }

    /// The field with this wire name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the body must carry the field.
    pub fn is_required(self) -> bool {
        matches!(self, SubmitJobField::JobType | SubmitJobField::Params)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A field's value, validated and normalized (objects borrowed from the body's text).
enum Normalized<'a> {
    JobType(JobType),
    Object(Option<&'a str>),
    Priority(u8),
    Text(Option<String>),
}

/// Applies the field's rule to a value that is present in the body.
fn apply_rule<'a>(field: SubmitJobField, input: &Input<'a>) -> Result<Normalized<'a>, ErrorKind> {
    use rules::*;
    let nullable = |f: &dyn Fn(&Input<'a>) -> Result<Normalized<'a>, ErrorKind>| {
        if input.is_null() {
            Ok(match field {
                SubmitJobField::Metadata => Normalized::Object(None),
                _ => Normalized::Text(None),
            })
        } else {
            f(input)
        }
    };
    match field {
        SubmitJobField::JobType => one_of::one_of::<JobType>(input).map(Normalized::JobType),
        SubmitJobField::Params => dict::dict(input).map(|o| Normalized::Object(Some(o))),
        SubmitJobField::Priority => {
            bounded_int::bounded_int(input, 0, 10).map(|p| Normalized::Priority(p.clamp(0, 10) as u8))
        }
        SubmitJobField::CallbackUrl => nullable(&|i| http_url::http_url(i).map(|u| Normalized::Text(Some(u)))),
        SubmitJobField::Metadata => nullable(&|i| dict::dict(i).map(|o| Normalized::Object(Some(o)))),
        SubmitJobField::ParentJobId => nullable(&|i| string::string(i).map(|s| Normalized::Text(Some(s)))),
    }
}

fn field_loc(field: SubmitJobField) -> Vec<LocItem> {
    vec![LocItem::from("body"), LocItem::from(field.name())]
}

/// Validates a request body given as text, as the API does: `Ok` with the request it would
/// accept (normalized as it normalizes it), or the [`Rejection`] it would answer.
///
/// The text is the body exactly as sent (as UTF-8), so it is read exactly as those bytes would
/// be: a leading byte order mark is dropped, and zero bytes among the first four make Python take
/// the bytes for UTF-16 or UTF-32. An empty text is a missing body.
pub fn validate_submit_job(body: &str) -> Result<SubmitJobRequest, Rejection> {
    validate_text_with(body, |_, accepted| accepted.into_request())
}

/// Validates a request body given as the bytes of a `application/json` request, decoding them as
/// the API does (UTF-8, UTF-16 or UTF-32 by `json.detect_encoding`). Bytes that are not text in
/// that encoding are a 400.
pub fn validate_submit_job_bytes(body: &[u8]) -> Result<SubmitJobRequest, Rejection> {
    if body.is_empty() {
        return Err(missing_body());
    }
    let decoded = pyjson::decode_body_bytes_with_surrogates(body).map_err(not_text)?;
    let accepted = validate_decoded(&decoded.text, &decoded.surrogates)?;
    Ok(accepted.into_request())
}

/// Validates a body given as text, handing an accepted one to `f` with the decoded text its
/// `params` and `metadata` borrow from (for callers that pass those on without copying them).
pub(crate) fn validate_text_with<R>(body: &str, f: impl FnOnce(&str, Accepted<'_>) -> R) -> Result<R, Rejection> {
    if body.is_empty() {
        return Err(missing_body());
    }
    let text = pyjson::decode_body_text(body).map_err(not_text)?;
    let accepted = validate_decoded(&text, &[])?;
    Ok(f(&text, accepted))
}

fn not_text(e: pyjson::BodyDecodeError) -> Rejection {
    Rejection::Unreadable { reason: format!("The body is not valid {} text", e.encoding.to_ascii_uppercase()) }
}

/// What the API answers to a body sent with a content type that is not JSON: FastAPI does not
/// parse it, and validation sees a string where an object belongs.
pub fn reject_non_json_body(body: &[u8]) -> Rejection {
    if body.is_empty() {
        return missing_body();
    }
    let text = String::from_utf8_lossy(body);
    Rejection::Invalid(vec![
        ErrorKind::ModelAttributesType.at(vec![LocItem::from("body")], &PyValue::Str(text.into_owned()).to_json())
    ])
}

fn missing_body() -> Rejection {
    Rejection::Invalid(vec![ErrorKind::Missing.at(vec![LocItem::from("body")], "null")])
}

/// Where each field's value is in the body (the last one, when a key repeats): what the scan of
/// the body's top-level members reports, kept for the fields of `SubmitJobRequest`.
#[derive(Default)]
struct Fields {
    current: Option<SubmitJobField>,
    found: [Option<(usize, usize, Kind)>; 6],
}

impl EntrySink for Fields {
    fn key(&mut self, key: &str) {
        self.current = SubmitJobField::from_name(key);
    }

    fn entry(&mut self, start: usize, end: usize, kind: EntryKind) {
        if let Some(field) = self.current.take() {
            self.found[field.index()] = Some((start, end, Kind::from(kind)));
        }
    }
}

fn unreadable(error: JsonError) -> Rejection {
    Rejection::Unreadable { reason: format!("{}; the API cannot read the body", error.message()) }
}

/// The answer to a body that is not JSON; `surrogates` as in [`pyjson::DecodedBody`].
fn json_rejection(text: &str, surrogates: &[usize], error: JsonError) -> Rejection {
    match error {
        JsonError::Syntax { msg, offset } => {
            let decoded = pyjson::DecodedBody { text: Cow::Borrowed(text), surrogates: surrogates.to_vec() };
            let position = decoded.char_position(offset) as i64;
            Rejection::Invalid(vec![
                ErrorKind::JsonInvalid { error: msg }.at(vec![LocItem::from("body"), LocItem::Index(position)], "{}")
            ])
        }
        other => unreadable(other),
    }
}

/// An accepted body, borrowing `params` and `metadata` from the body's text.
pub(crate) struct Accepted<'a> {
    pub job_type: JobType,
    pub params: &'a str,
    pub priority: u8,
    pub callback_url: Option<String>,
    /// The callback URL as it stands in the body, when normalizing left it unchanged.
    pub callback_url_in_text: Option<&'a str>,
    pub metadata: Option<&'a str>,
    pub parent_job_id: Option<String>,
}

impl Accepted<'_> {
    fn into_request(self) -> SubmitJobRequest {
        SubmitJobRequest {
            job_type: self.job_type,
            params: JsonObject::from_checked(self.params),
            priority: self.priority,
            callback_url: self.callback_url,
            metadata: self.metadata.map(JsonObject::from_checked),
            parent_job_id: self.parent_job_id,
        }
    }
}

/// Notes the first value of `source` that the API cannot write, unless one was noted before.
fn note_unwritable(failure: &mut Option<ApiFailure>, loc: Vec<LocItem>, source: &str) {
    if failure.is_none() {
        *failure = pyjson::first_unwritable(source).map(|found| ApiFailure::at(loc, found));
    }
}

/// An unpaired surrogate in a string value: the API fails on it in a callback URL whatever else
/// the body holds (pydantic's URL parser cannot take it), and in a parent job ID when it echoes
/// it (in a 202).
fn surrogate_in_string(field: SubmitJobField, input: &Input<'_>) -> Option<ApiFailure> {
    let echoed = matches!(field, SubmitJobField::CallbackUrl | SubmitJobField::ParentJobId);
    let is_string = matches!(input.kind, Kind::Scalar(Scalar::Str { escaped: true }));
    (echoed && is_string && pyjson::has_unpaired_surrogate(input.text)).then(|| ApiFailure {
        kind: pyjson::UnwritableKind::UnpairedSurrogate,
        loc: field_loc(field),
        value: input.text.to_owned(),
    })
}

/// Validates the decoded text of a body; `surrogates` as in [`pyjson::DecodedBody`].
pub(crate) fn validate_decoded<'a>(text: &'a str, surrogates: &[usize]) -> Result<Accepted<'a>, Rejection> {
    let mut fields = Fields::default();
    let top = pyjson::scan_entries(text, &mut fields).map_err(|e| json_rejection(text, surrogates, e))?;
    if !matches!(top, EntryKind::Object(_)) {
        if let Some(found) = pyjson::first_unwritable(text) {
            return Err(Rejection::Fails(ApiFailure::at(vec![LocItem::from("body")], found)));
        }
        let body = pyjson::echo_json(text).map_err(|e| json_rejection(text, surrogates, e))?;
        return Err(Rejection::Invalid(vec![
            ErrorKind::ModelAttributesType.at_owned(vec![LocItem::from("body")], body)
        ]));
    }

    let mut errors = Vec::new();
    // Where the "missing" errors are in `errors`: they echo the whole body, filled in at the end.
    let mut missing = Vec::new();
    // The first value the answer would echo that the API cannot write: then it answers 500.
    let mut failure = None;
    // The same in what a 202 would echo (the parent job ID), which matters only if it is a 202.
    let mut echoed_failure = None;
    let mut accepted = Accepted {
        job_type: JobType::Dummy,
        params: "{}",
        priority: 0,
        callback_url: None,
        callback_url_in_text: None,
        metadata: None,
        parent_job_id: None,
    };
    for field in SubmitJobField::ALL {
        let Some((start, end, kind)) = fields.found[field.index()] else {
            if field.is_required() {
                if missing.is_empty() {
                    note_unwritable(&mut failure, vec![LocItem::from("body")], text);
                }
                missing.push(errors.len());
                errors.push(ErrorKind::Missing.at(field_loc(field), "null"));
            }
            continue;
        };
        let input = Input { text: &text[start..end], kind };
        if failure.is_none() && field == SubmitJobField::CallbackUrl {
            failure = surrogate_in_string(field, &input);
        }
        match apply_rule(field, &input) {
            Ok(Normalized::JobType(job_type)) => accepted.job_type = job_type,
            Ok(Normalized::Object(object)) if field == SubmitJobField::Params => {
                accepted.params = object.unwrap_or("{}");
            }
            Ok(Normalized::Object(object)) => accepted.metadata = object,
            Ok(Normalized::Priority(priority)) => accepted.priority = priority,
            Ok(Normalized::Text(url)) if field == SubmitJobField::CallbackUrl => {
                // Written without escapes (so borrowed) and left unchanged by normalizing: the
                // body's own text can stand for it.
                if let Some(Cow::Borrowed(written)) = input.string() {
                    if url.as_deref() == Some(written) {
                        accepted.callback_url_in_text = Some(written);
                    }
                }
                accepted.callback_url = url;
            }
            Ok(Normalized::Text(id)) => {
                echoed_failure = surrogate_in_string(field, &input);
                accepted.parent_job_id = id;
            }
            Err(kind) => {
                note_unwritable(&mut failure, field_loc(field), input.text);
                errors.push(kind.at(field_loc(field), &input.echo()));
            }
        }
    }
    if errors.is_empty() && missing.is_empty() {
        failure = failure.or(echoed_failure);
    }
    if let Some(failure) = failure {
        return Err(Rejection::Fails(failure));
    }
    if let Some((&last, others)) = missing.split_last() {
        // Written from the text, not built as a value tree, and moved into the last error rather
        // than copied: the body may be 32 MB.
        let echo = pyjson::echo_json(text).unwrap_or_default();
        for &at in others {
            errors[at].input = ErrorKind::Missing.at(Vec::new(), &echo).input;
        }
        errors[last].input = ErrorKind::Missing.at_owned(Vec::new(), echo).input;
    }
    if errors.is_empty() {
        Ok(accepted)
    } else {
        Err(Rejection::Invalid(errors))
    }
}

/// Validates an integer query parameter as FastAPI validates `Query(ge=.., le=..)`: the same
/// coercions as a body field (`" 7 "`, `"7.0"` and `"1_0"` are integers) and the same 422 entry,
/// at `["query", name]`.
pub fn check_query_int(name: &str, raw: &str, ge: i64, le: i64) -> Result<i64, ValidationError> {
    let token = PyValue::Str(raw.to_owned()).to_json();
    let input = Input { text: &token, kind: Kind::Scalar(Scalar::Str { escaped: true }) };
    rules::bounded_int::bounded_int(&input, ge, le)
        .map_err(|kind| kind.at(vec![LocItem::from("query"), LocItem::from(name)], &token))
}

/// Validates an enum query parameter as FastAPI does: the member with that exact name, or the
/// `enum` 422 entry at `["query", name]` (with the index after it for a repeated parameter).
pub fn check_query_enum<T: crate::wire::WireEnum>(
    name: &str,
    index: Option<usize>,
    raw: &str,
) -> Result<T, ValidationError> {
    let token = PyValue::Str(raw.to_owned()).to_json();
    let input = Input { text: &token, kind: Kind::Scalar(Scalar::Str { escaped: true }) };
    rules::one_of::one_of::<T>(&input).map_err(|kind| {
        let mut loc = vec![LocItem::from("query"), LocItem::from(name)];
        loc.extend(index.map(|i| LocItem::Index(i as i64)));
        kind.at(loc, &token)
    })
}

/// The outcome of checking one field's value on its own (for a form).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldCheck {
    /// The API would accept this value for this field.
    Valid,
    /// The API would answer this detail entry for this field.
    Invalid(ValidationError),
    /// The value is not JSON at all (a JSON editor's text).
    Syntax(SyntaxError),
    /// The API would fail on a body with this value (500): it cannot write the value back.
    Fails(ApiFailure),
}

/// Where and why a value is not JSON, for an editor to mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Python's message, or why the API could not read it at all.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset in the value's text.
    pub offset: usize,
}

/// Checks one field's value with the same rule the whole-body validation applies.
///
/// `value_json` is the value as it would appear in the body (JSON text: `"dummy"`, `5`, an
/// object's text), or `None` when the field would be left out of the body.
pub fn check_field(field: SubmitJobField, value_json: Option<&str>) -> FieldCheck {
    let Some(value_json) = value_json else {
        return if field.is_required() {
            FieldCheck::Invalid(ErrorKind::Missing.at(field_loc(field), "{}"))
        } else {
            FieldCheck::Valid
        };
    };
    let text = value_json.trim_matches([' ', '\t', '\n', '\r']);
    let top = match pyjson::scan_entries(text, &mut pyjson::SkipSink) {
        Ok(top) => top,
        Err(error) => {
            let lead = value_json.len() - value_json.trim_start_matches([' ', '\t', '\n', '\r']).len();
            let offset = error.offset() + lead;
            let (line, column) = pyjson::line_column(value_json, offset);
            return FieldCheck::Syntax(SyntaxError { message: error.message().to_owned(), line, column, offset });
        }
    };
    let input = Input { text, kind: Kind::from(top) };
    if let Some(failure) = surrogate_in_string(field, &input) {
        return FieldCheck::Fails(failure);
    }
    match apply_rule(field, &input) {
        Ok(_) => FieldCheck::Valid,
        Err(kind) => match pyjson::first_unwritable(text) {
            Some(found) => FieldCheck::Fails(ApiFailure::at(field_loc(field), found)),
            None => FieldCheck::Invalid(kind.at(field_loc(field), &input.echo())),
        },
    }
}

//! # jobs-core
//!
//! The Ionworks jobs API's wire types and its validation rules, with no I/O: used natively by the
//! local server, in the browser by the web app, and from Node through a wasm-pack package.
//!
//! - [`wire`]: the types of the contract (`SubmitJobRequest`, `JobResponse`, the enums, the 422
//!   body), tolerant of what a newer server may add.
//! - [`validate_submit_job`]: what the hosted API (FastAPI + pydantic v2) answers to a
//!   `POST /jobs` body, exactly: the same accept/reject, coercions, URL normalization and 422
//!   `detail` entries. [`check_field`] applies the same rule to one field, for forms.
//! - [`pyjson`]: JSON read the way Python's `json` module reads it, which the above relies on.
//! - [`poll`]: how often to ask about a job (the status page's and the list's schedule).
//! - [`series`]: a fit's series cut to an x window and thinned to a row budget, peaks kept.
//! - `hosts` (feature `browser`): whether an answer waits for the IDNA tables a web app loads late.

pub mod address;
#[cfg(feature = "browser")]
pub mod hosts;
pub mod poll;
pub mod pyjson;
pub mod series;
mod validate;
pub mod wire;

#[cfg(all(feature = "node", target_arch = "wasm32"))]
mod node;

pub use validate::{
    check_field, check_query_enum, check_query_int, reject_non_json_body, validate_submit_job,
    validate_submit_job_bytes, ApiFailure, FieldCheck, Rejection, SubmitJobField, SyntaxError, INTERNAL_ERROR_BODY,
    INTERNAL_ERROR_CONTENT_TYPE, MAX_URL_LENGTH, UNREADABLE_BODY_DETAIL,
};
pub use wire::{
    HTTPValidationError, JobAccessLevelEnum, JobErrorCode, JobResponse, JobStatus, JobType, JsonObject, LocItem, Open,
    SubmitJobRequest, ValidationError, WireEnum,
};

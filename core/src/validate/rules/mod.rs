//! The rules, one per file, each as pydantic applies it to a value `json.loads` produced.
//!
//! A rule takes one [`Input`](super::input::Input) and returns the normalized value or the
//! [`ErrorKind`](super::error::ErrorKind) the API would answer; the caller places the error at the
//! field and echoes the input.

pub(crate) mod bounded_int;
pub(crate) mod dict;
pub(crate) mod http_url;
pub(crate) mod one_of;
pub(crate) mod string;

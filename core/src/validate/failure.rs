//! [`ApiFailure`]: a body the API reads and validates, then fails to answer (500).

use crate::pyjson::{Unwritable, UnwritableKind};
use crate::wire::LocItem;

/// The body of the API's 500 answer, as Starlette writes it.
pub const INTERNAL_ERROR_BODY: &str = "Internal Server Error";

/// The content type of the API's 500 answer (plain text, not JSON).
pub const INTERNAL_ERROR_CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// Why the API fails on a body: its answer would echo a value that it reads but cannot write
/// (`NaN`, an infinity, an unpaired surrogate), so it answers `500 Internal Server Error`
/// ([`INTERNAL_ERROR_BODY`]) instead.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiFailure {
    /// What kind of value it is.
    pub kind: UnwritableKind,
    /// Where the value is, from `"body"` (as a 422's `loc` would say it), down to the value
    /// itself inside a field (`["body", "metadata", 0]`).
    pub loc: Vec<LocItem>,
    /// The value (or the object key) exactly as the body writes it: `NaN`, `1e400`, `"\ud800"`.
    pub value: String,
}

impl ApiFailure {
    pub(crate) fn at(mut loc: Vec<LocItem>, found: Unwritable) -> ApiFailure {
        loc.extend(found.path);
        ApiFailure { kind: found.kind, loc, value: found.text }
    }

    /// The field the value is in, if it is in one (not for a body that is not an object).
    pub fn field(&self) -> Option<super::SubmitJobField> {
        match self.loc.get(1) {
            Some(LocItem::Key(name)) => super::SubmitJobField::from_name(name),
            _ => None,
        }
    }

    /// What the value is, in words: `NaN`, `an infinite number`, `an unpaired surrogate`.
    pub fn what(&self) -> &'static str {
        match self.kind {
            UnwritableKind::NaN => "NaN (not a number)",
            UnwritableKind::Infinity | UnwritableKind::NegativeInfinity => "an infinite number",
            UnwritableKind::UnpairedSurrogate => "a string with an unpaired surrogate",
        }
    }

    /// A sentence for people: what the value is, where, and what the API does with it.
    pub fn sentence(&self) -> String {
        let loc: Vec<String> = self.loc.iter().map(ToString::to_string).collect();
        format!(
            "The API cannot answer this body: {} at {} is {}, which it reads but cannot write back in its answer, so \
             it fails with 500 Internal Server Error.",
            self.value,
            loc.join("."),
            self.what()
        )
    }
}
